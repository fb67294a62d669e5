//! The client's upload helper streams: a 100 MB file, from a path and from an async reader,
//! goes up while the client's process grows by a few megabytes, not by the file's size.
//! The emulator runs as its own process (its binary), so that only the client's memory is
//! measured: the peak resident set (`VmHWM` in `/proc/self/status`), before and after.
#![cfg(target_os = "linux")]

use std::io::{BufRead as _, BufReader, Write as _};
use std::process::{Child, Command, Stdio};

use slack_api::{Client, UploadFile};

const SIZE: u64 = 100 * 1024 * 1024;
/// How much the peak may grow: far below the file's 100 MB.
const BOUND_KIB: u64 = 32 * 1024;

/// The emulator binary, killed when dropped.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts the binary; gives it with its base URL and bot token.
fn start_server() -> (Server, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_slack-emulator"))
        .arg("--no-rate-limits")
        .stdout(Stdio::piped())
        .spawn()
        .expect("the emulator binary starts");
    let stdout = child.stdout.take().expect("its stdout");
    let server = Server(child);
    let (mut base_url, mut token) = (None, None);
    for line in BufReader::new(stdout).lines() {
        let line = line.expect("a line");
        if let Some(url) = line.strip_prefix("base_url: ") {
            base_url = Some(url.to_owned());
        } else if let Some(bot) = line.strip_prefix("bot_token: ") {
            token = Some(bot.to_owned());
        }
        if base_url.is_some() && token.is_some() {
            break;
        }
    }
    let base_url = base_url.expect("the base URL printed");
    (server, base_url, token.expect("the bot token printed"))
}

fn peak_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmHWM")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_100_mb_upload_holds_bounded_memory() {
    let (_server, base_url, token) = start_server();
    let client = Client::builder(token)
        .base_url(&base_url)
        .build()
        .expect("a client");
    let dir = std::env::temp_dir().join(format!("slack-upload-memory-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("big.bin");
    {
        let mut f = std::fs::File::create(&path).unwrap();
        let chunk = vec![9u8; 64 * 1024];
        for _ in 0..SIZE / chunk.len() as u64 {
            f.write_all(&chunk).unwrap();
        }
    }
    // A first call, so the connection pool is warm before measuring.
    client.auth_test().await.expect("auth.test");

    let before = peak_rss_kib();
    let reader = tokio::fs::File::open(&path).await.unwrap();
    let done = client
        .upload_files([
            UploadFile::from_path(&path),
            UploadFile::from_reader("again.bin", SIZE, reader),
        ])
        .concurrency(1)
        .await
        .expect("uploaded");
    let after = peak_rss_kib();
    std::fs::remove_dir_all(&dir).unwrap();

    assert_eq!(done.files.len(), 2);
    let grew = after.saturating_sub(before);
    eprintln!("peak RSS before {before} KiB, after {after} KiB: grew {grew} KiB for 2 x 100 MB");
    assert!(
        grew < BOUND_KIB,
        "the client's peak grew by {grew} KiB uploading 2 x 100 MB (bound {BOUND_KIB} KiB)"
    );
}
