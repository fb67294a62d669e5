//! Signed requests as Slack sends them, for the tests.
#![allow(dead_code)] // each test binary uses its own part

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// A fixed "now" for the tests that do not go over the network.
pub const NOW: i64 = 1_700_000_000;

pub fn at(seconds: i64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(seconds.unsigned_abs())
}
