//! Calls per second against a local keep-alive server: this client beside bare reqwest
//! sending the same request, in the same run, rounds interleaved so both see the same machine.
//!
//! `cargo bench -p slack-api --bench calls` (set `BENCH_CALLS` for calls per round).

use std::time::{Duration, Instant};

use slack_api::Client;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const BODY: &str = r#"{"ok":true,"permissions":{"Ftt01":{"permission":"named_entities","user_ids":["U00000001","U00000002"],"team_ids":["T00000001"]},"Ftt02":{"permissions":[{"type":"trigger_type","permission":"everyone"},{"type":"private_channel_access","permission":"no_one"}]}}}"#;
const TOKEN: &str = "xoxp-bench-token";
const ROUNDS: usize = 7;

/// A minimal HTTP/1.1 server: keep-alive, one fixed JSON answer to every request.
async fn serve(listener: TcpListener) {
    let response = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: {}\r\n\r\n{BODY}",
        BODY.len()
    );
    loop {
        let Ok((mut socket, _)) = listener.accept().await else {
            return;
        };
        let response = response.clone();
        tokio::spawn(async move {
            let mut buf = Vec::with_capacity(4096);
            let mut chunk = [0u8; 4096];
            loop {
                // Answer every complete request in the buffer.
                while let Some(end) = find(&buf, b"\r\n\r\n") {
                    let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
                    let len = head
                        .lines()
                        .find_map(|l| l.strip_prefix("content-length:"))
                        .and_then(|v| v.trim().parse::<usize>().ok())
                        .unwrap_or(0);
                    if buf.len() < end + 4 + len {
                        break;
                    }
                    buf.drain(..end + 4 + len);
                    if socket.write_all(response.as_bytes()).await.is_err() {
                        return;
                    }
                }
                match socket.read(&mut chunk).await {
                    Ok(0) | Err(_) => return,
                    Ok(n) => buf.extend_from_slice(&chunk[..n]),
                }
            }
        });
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

async fn slack_api_round(client: &Client, calls: usize) -> Duration {
    let start = Instant::now();
    for _ in 0..calls {
        let response = client
            .admin_workflows_triggers_types_permissions_lookup(["Ftt01", "Ftt02"])
            .send()
            .await;
        assert_eq!(response.expect("call succeeds").permissions.len(), 2);
    }
    start.elapsed()
}

/// The same request by hand: POST, JSON body, bearer header; the body read and parsed.
async fn reqwest_round(http: &reqwest::Client, url: &str, calls: usize) -> Duration {
    let start = Instant::now();
    for _ in 0..calls {
        let body = serde_json::to_vec(&serde_json::json!({"trigger_type_ids": ["Ftt01", "Ftt02"]}))
            .unwrap();
        let response = http
            .post(url)
            .header("authorization", format!("Bearer {TOKEN}"))
            .header("content-type", "application/json; charset=utf-8")
            .body(body)
            .send()
            .await
            .expect("request succeeds");
        let bytes = response.bytes().await.expect("body");
        let value: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(value["permissions"].as_object().map(|m| m.len()), Some(2));
    }
    start.elapsed()
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(|a, b| a.total_cmp(b));
    xs[xs.len() / 2]
}

fn main() {
    // `cargo test --benches` runs bench targets with `--bench` absent: do a tiny smoke run.
    let smoke = !std::env::args().any(|a| a == "--bench");
    let calls: usize = std::env::var("BENCH_CALLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if smoke { 20 } else { 3000 });
    let rounds = if smoke { 1 } else { ROUNDS };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(serve(listener));

        // The client's own cost against bare reqwest: pacing (measured in benches/pacing.rs)
        // off, as it would keep the calls to Slack's limits.
        let client = Client::builder(TOKEN)
            .base_url(format!("http://{addr}/api/"))
            .pacing(false)
            .build()
            .unwrap();
        let http = reqwest::Client::new();
        let url = format!("http://{addr}/api/admin.workflows.triggers.types.permissions.lookup");

        // Warm both connection pools.
        slack_api_round(&client, calls / 10 + 1).await;
        reqwest_round(&http, &url, calls / 10 + 1).await;

        let (mut ours, mut bare) = (Vec::new(), Vec::new());
        for _ in 0..rounds {
            ours.push(calls as f64 / slack_api_round(&client, calls).await.as_secs_f64());
            bare.push(calls as f64 / reqwest_round(&http, &url, calls).await.as_secs_f64());
        }
        let (ours, bare) = (median(ours), median(bare));
        println!("calls per round: {calls}, rounds: {rounds} (median shown)");
        println!("bare reqwest : {bare:>9.0} calls/s");
        println!("slack-api    : {ours:>9.0} calls/s");
        println!("ratio slack-api / bare reqwest: {:.3}", ours / bare);
    });
}
