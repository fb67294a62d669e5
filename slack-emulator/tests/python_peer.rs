//! The emulator against a peer we did not write: Slack's own Python SDK (`slack_sdk` from
//! PyPI) makes ordinary bot calls (`tests/peer/bot.py`), and none may be refused where
//! Slack would answer: no false rejection. Its `files_upload_v2` runs the upload v2 flow.
//!
//! Needs `python3`; `slack_sdk` is installed with pip when it is missing (CI installs it
//! first).

use std::collections::BTreeMap;
use std::process::Command;

use slack_emulator::{Emulator, GENERAL_ID, HUMAN_ID};

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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slacks_python_sdk_makes_ordinary_bot_calls_with_no_false_rejection() {
    ensure_slack_sdk();
    let emulator = Emulator::start().await.unwrap();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/peer/bot.py");
    let (base_url, token) = (
        emulator.base_url().to_owned(),
        emulator.tokens().bot.clone(),
    );
    let output = tokio::task::spawn_blocking(move || {
        Command::new("python3")
            .args([script, &base_url, &token, GENERAL_ID, HUMAN_ID])
            .output()
            .expect("python3 runs")
    })
    .await
    .unwrap();
    assert!(
        output.status.success(),
        "the slack_sdk script failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let results: BTreeMap<String, String> =
        serde_json::from_slice(&output.stdout).expect("the script prints JSON");
    assert!(results.len() >= 18, "{results:?}");
    let rejected: Vec<String> = results
        .iter()
        .filter(|(_, outcome)| *outcome != "ok")
        .map(|(call, outcome)| format!("{call}: {outcome}"))
        .collect();
    assert!(
        rejected.is_empty(),
        "false rejections:\n{}",
        rejected.join("\n")
    );
    // What the SDK did is in the workspace: its channel, its reply in a thread.
    let created =
        emulator.with_workspace(|ws| ws.channels.iter().any(|c| c.info["name"] == "from-python"));
    assert!(created);
    // Its files_upload_v2 ran the whole v2 flow: the bytes arrived, the file was shared.
    let uploaded = emulator.with_workspace(|ws| {
        ws.files
            .iter()
            .any(|f| f["name"] == "data.csv" && f["size"] == 8 && f["channels"][0] == GENERAL_ID)
    });
    assert!(uploaded);
}
