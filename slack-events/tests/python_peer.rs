//! Signing against a peer we did not write: Slack's own Python SDK (`slack_sdk` from PyPI,
//! `tests/peer/sign.py`) accepts the signatures this crate makes, and this crate accepts
//! and makes the same signatures as the SDK, on random secrets and bodies.
//!
//! Needs `python3`; `slack_sdk` is installed with pip when it is missing (CI installs it
//! first).

mod support;

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::{json, Value};
use slack_events::{sign, Verifier};
use support::{at, now_secs};

const SLACK_SDK: &str = "slack_sdk==3.36.0";

fn ensure_slack_sdk() {
    let has = Command::new("python3")
        .args(["-c", "import slack_sdk"])
        .status()
        .is_ok_and(|s| s.success());
    if !has {
        let status = Command::new("python3")
            .args(["-m", "pip", "install", "--quiet", SLACK_SDK])
            .status()
            .expect("python3 runs");
        assert!(status.success(), "pip could not install {SLACK_SDK}");
    }
}

/// Random UTF-8 text (JSON-ish, form-ish and beyond ASCII) from a fixed seed.
fn random_text(seed: &mut u64, max_chars: u64) -> String {
    const PIECES: &[&str] = &[
        "a", "Z", "0", " ", "{", "\"", ":", "=", "&", "%2F", "+", "\n", "é", "€", "😀", "\u{0}",
    ];
    let length = next(seed) % (max_chars + 1);
    (0..length)
        .map(|_| PIECES[(next(seed) % PIECES.len() as u64) as usize])
        .collect()
}

/// splitmix64.
fn next(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[test]
fn slacks_python_sdk_and_this_crate_sign_alike() {
    ensure_slack_sdk();
    let mut seed = 7;
    let now = now_secs();
    let rust_signed: Vec<Value> = (0..200)
        .map(|_| {
            let secret = random_text(&mut seed, 40).replace('\u{0}', "s");
            let body = random_text(&mut seed, 300);
            let signature = sign(secret.as_bytes(), now, body.as_bytes());
            json!({"secret": secret, "timestamp": now, "body": body, "signature": signature})
        })
        .collect();

    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/peer/sign.py");
    let mut child = Command::new("python3")
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 runs");
    let input = serde_json::to_vec(&rust_signed).unwrap();
    child.stdin.take().unwrap().write_all(&input).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "the slack_sdk script failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let results: Value = serde_json::from_slice(&output.stdout).expect("the script prints JSON");

    let valid = results["rust_signed_valid"].as_array().unwrap();
    assert_eq!(valid.len(), rust_signed.len());
    for (case, valid) in rust_signed.iter().zip(valid) {
        assert_eq!(valid, &json!(true), "slack_sdk refused {case}");
    }

    let python_signed = results["python_signed"].as_array().unwrap();
    assert_eq!(python_signed.len(), 200);
    for case in python_signed {
        let [secret, timestamp, body, signature] =
            ["secret", "timestamp", "body", "signature"].map(|key| case[key].as_str().unwrap());
        let seconds: i64 = timestamp.parse().unwrap();
        assert_eq!(
            sign(secret.as_bytes(), seconds, body.as_bytes()),
            signature,
            "{case}"
        );
        let headers = [
            ("X-Slack-Request-Timestamp", timestamp),
            ("X-Slack-Signature", signature),
        ];
        let verified = Verifier::new([secret]).verify(&headers, body.as_bytes(), at(seconds));
        assert_eq!(verified, Ok(()), "{case}");
    }
}
