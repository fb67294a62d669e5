//! A peer we did not write, run against the emulator: a script of `tests/peer/` using
//! Slack's own Python SDK (`slack_sdk`), whose stdout is read a JSON line at a time.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use tokio::sync::mpsc;

/// Whether `python3` runs and imports `slack_sdk`'s `module` (`.ci/run` installs
/// `slack_sdk==3.36.0`; a test without it is skipped with a message).
pub fn has_slack_sdk(module: &str) -> bool {
    Command::new("python3")
        .args(["-c", &format!("import {module}")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// The Python peer: its stdout's lines as they come; killed when dropped.
pub struct Peer {
    child: Child,
    lines: mpsc::UnboundedReceiver<String>,
}

impl Peer {
    /// Runs `tests/peer/{script}` with `args`.
    pub fn start(script: &str, args: &[&str]) -> Peer {
        let path = format!("{}/tests/peer/{script}", env!("CARGO_MANIFEST_DIR"));
        let mut child = Command::new("python3")
            .arg(path)
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("python3 runs");
        let stdout = child.stdout.take().expect("a piped stdout");
        let (send, lines) = mpsc::unbounded_channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = send.send(line);
            }
        });
        Peer { child, lines }
    }

    /// The next JSON line before `deadline`; `None` once the peer has closed its stdout.
    pub async fn next(&mut self, deadline: Instant) -> Option<Value> {
        let left = deadline.saturating_duration_since(Instant::now());
        let line = tokio::time::timeout(left, self.lines.recv())
            .await
            .expect("the Python peer answered before the deadline")?;
        Some(serde_json::from_str(&line).unwrap_or_else(|_| panic!("not JSON: {line}")))
    }

    /// Every line left until the peer exits, and whether it exited with success.
    pub async fn finish(&mut self, deadline: Instant) -> (Vec<Value>, bool) {
        let mut rest = Vec::new();
        while let Some(line) = self.next(deadline).await {
            rest.push(line);
        }
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().expect("the peer's status") {
                return (rest, status.success());
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        panic!("the Python peer did not exit before the deadline");
    }
}

impl Drop for Peer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
