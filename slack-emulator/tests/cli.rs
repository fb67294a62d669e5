//! The binary: `--seed FILE` serves the seeded workspace; with `--state FILE` too, the state
//! wins when the file exists; a bad seed stops it with the line and key.

use std::io::{BufRead as _, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use slack_api::Client;

const BIN: &str = env!("CARGO_BIN_EXE_slack-emulator");
const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/workspace.yaml");

/// The running binary, killed when dropped.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts the binary with `args`; its base URL and user token, from what it prints.
fn start(args: &[&str]) -> (Running, String, String) {
    let mut child = Command::new(BIN)
        .args(args)
        .stdout(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let stdout = child.stdout.take().unwrap();
    let running = Running(child);
    let (mut base_url, mut user_token) = (String::new(), String::new());
    for line in BufReader::new(stdout).lines() {
        let line = line.unwrap();
        if let Some(url) = line.strip_prefix("base_url: ") {
            base_url = url.to_owned();
        } else if let Some(token) = line.strip_prefix("user_token: ") {
            user_token = token.to_owned();
        } else if line.starts_with("app_token: ") {
            break;
        }
    }
    assert!(!base_url.is_empty(), "it printed its base URL");
    (running, base_url, user_token)
}

/// The team's name and the user token's user name, by `auth.test`.
async fn who(base_url: &str, token: &str) -> (String, String) {
    let client = Client::builder(token).base_url(base_url).build().unwrap();
    let me = client.auth_test().await.unwrap();
    (me.team.unwrap().into(), me.user.unwrap().into())
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("slack-emulator-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

#[tokio::test]
async fn seed_serves_its_workspace_and_an_existing_state_wins() {
    let (_running, url, token) = start(&["--seed", EXAMPLE, "--no-rate-limits"]);
    assert_eq!(who(&url, &token).await, ("Acme".into(), "alice".into()));

    // A state file that does not exist yet: the seed.
    let state = scratch("state.json");
    let _ = std::fs::remove_file(&state);
    let state_arg = state.to_str().unwrap();
    let (_running, url, token) = start(&["--seed", EXAMPLE, "--state", state_arg]);
    assert_eq!(who(&url, &token).await.0, "Acme");

    // One that exists: the state.
    slack_emulator::Workspace::seeded().save(&state).unwrap();
    let (_running, url, token) = start(&["--state", state_arg, "--seed", EXAMPLE]);
    assert_eq!(who(&url, &token).await.0, "Emulated");
    std::fs::remove_file(&state).unwrap();
}

#[test]
fn a_bad_seed_stops_it_with_the_line_and_key() {
    let seed = scratch("bad.yaml");
    std::fs::write(&seed, "users:\n  - name: alice\n    is_admin: maybe\n").unwrap();
    let output = Command::new(BIN)
        .args(["--seed", seed.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("line 3: users[0].is_admin: expected true or false"),
        "{stderr}"
    );
    let missing = Command::new(BIN)
        .args(["--seed", "/no/such/seed.yaml"])
        .output()
        .unwrap();
    assert!(!missing.status.success());
    assert!(Path::new(&seed).exists());
    std::fs::remove_file(&seed).unwrap();
}
