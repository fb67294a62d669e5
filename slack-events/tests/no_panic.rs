//! No input makes the receiver panic: random methods, headers and bodies, unsigned and
//! signed (so that the parsers behind the signature check are reached too), from a fixed
//! seed so that a failure can be replayed.

mod support;

use std::collections::BTreeMap;

use slack_events::{sign, Json, Receiver, Verifier};
use support::{at, NOW, SECRET};

/// splitmix64.
fn next(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

fn pick<'a, T>(seed: &mut u64, from: &'a [T]) -> &'a T {
    &from[(next(seed) % from.len() as u64) as usize]
}

/// Pieces of the bodies Slack sends, and of what it never sends.
const PIECES: &[&[u8]] = &[
    b"{",
    b"}",
    b"[",
    b"]",
    b"\"",
    b":",
    b",",
    b"type",
    b"\"type\":",
    b"\"event_callback\"",
    b"\"url_verification\"",
    b"\"app_rate_limited\"",
    b"\"challenge\":",
    b"\"event_id\":",
    b"\"event_time\":",
    b"1700000000",
    b"-1",
    b"1e999",
    b"null",
    b"true",
    b"\"Ev1\"",
    b"payload=",
    b"command=",
    b"ssl_check=1",
    b"&",
    b"=",
    b"%",
    b"%7B",
    b"%22",
    b"%zz",
    b"+",
    b"\\u0000",
    b"\\ud800",
    b"\xff",
    b"\xc3",
    b"\xe2\x82\xac",
    b" ",
    b"\n",
    b"text",
    b"a",
];

fn random_pieces(seed: &mut u64) -> Vec<u8> {
    let pieces = next(seed) % 40;
    (0..pieces)
        .flat_map(|_| pick(seed, PIECES).to_vec())
        .collect()
}

/// Random pieces alone, or inside the shape of one of Slack's bodies; now and then one
/// byte flipped, or nested past serde_json's recursion limit.
fn random_body(seed: &mut u64) -> Vec<u8> {
    let inner = String::from_utf8_lossy(&random_pieces(seed)).into_owned();
    let quoted = serde_json::Value::String(inner.clone()).to_string();
    let id = next(seed) % 20;
    let mut body = match next(seed) % 7 {
        0 => random_pieces(seed),
        1 => format!(
            r#"{{"type":"event_callback","event_id":"Ev{id}","event_time":{id},"event":{quoted}}}"#
        )
        .into_bytes(),
        2 => format!(r#"{{"type":"url_verification","challenge":{quoted}}}"#).into_bytes(),
        3 => {
            format!(r#"{{"type":"app_rate_limited","minute_rate_limited":{quoted}}}"#).into_bytes()
        }
        4 => format!(
            "payload={}",
            form_urlencoded::byte_serialize(format!(r#"{{"type":{quoted}}}"#).as_bytes())
                .collect::<String>()
        )
        .into_bytes(),
        5 => format!(
            "command=%2Fx&text={}",
            form_urlencoded::byte_serialize(inner.as_bytes()).collect::<String>()
        )
        .into_bytes(),
        _ => format!("payload={inner}").into_bytes(),
    };
    match next(seed) % 8 {
        0 if !body.is_empty() => {
            let at = (next(seed) % body.len() as u64) as usize;
            body[at] ^= 1 << (next(seed) % 8);
        }
        1 => body = [vec![b'['; 300], body].concat(),
        _ => {}
    }
    body
}

fn random_value(seed: &mut u64) -> Vec<u8> {
    const VALUES: &[&[u8]] = &[
        b"",
        b"0",
        b"1",
        b"-1",
        b"1700000000",
        b"17000000000000000000000",
        b" 1",
        b"v0=",
        b"v0=zz",
        b"\xff\xfe",
        b"application/json",
        b"application/x-www-form-urlencoded",
        b"application/json; charset=utf-8",
        b"text/plain",
        b"http_timeout",
        b"4294967296",
    ];
    pick(seed, VALUES).to_vec()
}

fn random_headers(seed: &mut u64) -> Vec<(String, Vec<u8>)> {
    const NAMES: &[&str] = &[
        "x-slack-signature",
        "X-Slack-Request-Timestamp",
        "content-type",
        "X-Slack-Retry-Num",
        "x-slack-retry-reason",
        "content-length",
        "",
    ];
    (0..next(seed) % 6)
        .map(|_| (pick(seed, NAMES).to_string(), random_value(seed)))
        .collect()
}

fn exercise(receiver: &Receiver, method: &str, headers: &[(String, Vec<u8>)], body: &[u8]) -> u16 {
    let received = receiver.receive_at(method, headers, body, at(NOW));
    if let Some(incoming) = &received.incoming {
        let _ = incoming.decode::<serde_json::Value>();
        let _ = incoming.decode::<BTreeMap<String, String>>();
        let _ = incoming.decode::<Json<BTreeMap<String, serde_json::Value>>>();
        let _ = incoming.respond(slack_events::Response::ok());
    }
    received.response.status
}

#[test]
fn random_requests_never_panic() {
    let receiver = Receiver::new(Verifier::new([SECRET]))
        .with_recent_ids(16)
        .with_max_body(4096);
    let mut seed = 2026;
    let mut handed_over = 0;
    let mut refused_after_reading = 0;
    for round in 0..20_000 {
        let method = *pick(&mut seed, &["POST", "POST", "POST", "GET", "post", ""]);
        let body = random_body(&mut seed);
        let mut headers = random_headers(&mut seed);
        if round % 2 == 0 {
            // Signed, so that the body is parsed.
            let signature = sign(SECRET.as_bytes(), NOW, &body);
            headers.push((
                "x-slack-request-timestamp".into(),
                NOW.to_string().into_bytes(),
            ));
            headers.push(("x-slack-signature".into(), signature.into_bytes()));
        }
        let status = exercise(&receiver, method, &headers, &body);
        assert!([200, 400, 401, 405, 413].contains(&status), "{status}");
        if method == "POST" && round % 2 == 0 {
            handed_over += usize::from(status == 200);
            refused_after_reading += usize::from(status == 400);
        }
    }
    // The signed random bodies reach the parsers, which take some and refuse others.
    eprintln!("{handed_over} handed over, {refused_after_reading} refused once read");
    assert!(handed_over > 1000, "{handed_over}");
    assert!(refused_after_reading > 500, "{refused_after_reading}");
}
