//! Slack's request signing: `v0=` and the hex HMAC-SHA256 of `v0:{timestamp}:{raw body}`,
//! keyed with the app's signing secret, in `X-Slack-Signature`, the timestamp in
//! `X-Slack-Request-Timestamp`; a request more than five minutes from now, either way, is
//! refused (<https://docs.slack.dev/authentication/verifying-requests-from-slack>).

use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::headers::Headers;

type HmacSha256 = Hmac<Sha256>;

/// The header holding `v0=<hex HMAC-SHA256>`.
pub const SIGNATURE_HEADER: &str = "x-slack-signature";
/// The header holding the request's Unix time in seconds.
pub const TIMESTAMP_HEADER: &str = "x-slack-request-timestamp";
/// How far a request's timestamp may be from now, in seconds, in either direction.
pub const MAX_SKEW_SECS: u64 = 5 * 60;

const VERSION: &str = "v0";

/// Why a request was refused before its body was read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Rejected {
    /// A header Slack always sends is not there (its lower-case name).
    #[error("the {0} header is missing")]
    MissingHeader(&'static str),
    /// `X-Slack-Request-Timestamp` is not a whole number of seconds.
    #[error("the request timestamp is not a Unix time in seconds")]
    BadTimestamp,
    /// The timestamp is more than five minutes from now: `age_secs` is how long ago it
    /// was, negative when it is in the future.
    #[error("the request timestamp is {age_secs} s from now, over the 300 s allowed")]
    Stale {
        /// Now minus the request's timestamp, in seconds.
        age_secs: i64,
    },
    /// `X-Slack-Signature` is not `v0=` and 64 hex digits.
    #[error("the signature is not v0= and 64 hex digits")]
    BadSignatureFormat,
    /// The signature is well formed but made with none of the secrets.
    #[error("the signature does not match")]
    Mismatch,
}

/// Checks Slack's signature on a request, with one signing secret or several (while a
/// secret is being rotated, the old and the new).
///
/// The secrets are kept only as keyed HMAC states; `Debug` shows how many there are.
#[derive(Clone)]
pub struct Verifier {
    keys: Vec<HmacSha256>,
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verifier")
            .field("secrets", &format_args!("<{} hidden>", self.keys.len()))
            .finish()
    }
}

impl Verifier {
    /// A verifier accepting a signature made with any of `secrets` (none: nothing passes).
    pub fn new<I, S>(secrets: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<[u8]>,
    {
        let keys = secrets
            .into_iter()
            // HMAC takes a key of any length: this never drops one.
            .filter_map(|secret| HmacSha256::new_from_slice(secret.as_ref()).ok())
            .collect();
        Verifier { keys }
    }

    /// Checks the signature headers against the raw `body`, exactly the bytes received, at
    /// the time `now`.
    pub fn verify<H: Headers + ?Sized>(
        &self,
        headers: &H,
        body: &[u8],
        now: SystemTime,
    ) -> Result<(), Rejected> {
        let signature = headers
            .header(SIGNATURE_HEADER)
            .ok_or(Rejected::MissingHeader(SIGNATURE_HEADER))?;
        let timestamp = headers
            .header(TIMESTAMP_HEADER)
            .ok_or(Rejected::MissingHeader(TIMESTAMP_HEADER))?;
        let seconds = parse_timestamp(timestamp).ok_or(Rejected::BadTimestamp)?;
        let age_secs = unix_seconds(now).saturating_sub(seconds);
        if age_secs.unsigned_abs() > MAX_SKEW_SECS {
            return Err(Rejected::Stale { age_secs });
        }
        let signature = parse_signature(signature).ok_or(Rejected::BadSignatureFormat)?;
        // Every secret is tried (no early exit), each compared in constant time.
        let mut matched = false;
        for key in &self.keys {
            let mut mac = key.clone();
            update(&mut mac, timestamp, body);
            matched |= mac.verify_slice(&signature).is_ok();
        }
        if matched {
            Ok(())
        } else {
            Err(Rejected::Mismatch)
        }
    }
}

/// The `X-Slack-Signature` value Slack sends for `body` at `timestamp` (Unix seconds) with
/// `secret`: for tests, and for anything that plays Slack's part.
pub fn sign(secret: &[u8], timestamp: i64, body: &[u8]) -> String {
    let Ok(mut mac) = HmacSha256::new_from_slice(secret) else {
        unreachable!("HMAC takes a key of any length")
    };
    update(&mut mac, timestamp.to_string().as_bytes(), body);
    let digest = mac.finalize().into_bytes();
    let mut out = String::with_capacity(3 + 64);
    out.push_str(VERSION);
    out.push('=');
    for byte in digest {
        out.push(char::from(HEX[usize::from(byte >> 4)]));
        out.push(char::from(HEX[usize::from(byte & 0xf)]));
    }
    out
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// The basestring `v0:{timestamp}:{body}`, fed to the MAC without copying the body.
fn update(mac: &mut HmacSha256, timestamp: &[u8], body: &[u8]) {
    mac.update(VERSION.as_bytes());
    mac.update(b":");
    mac.update(timestamp);
    mac.update(b":");
    mac.update(body);
}

/// Whole seconds, ASCII digits only (no sign, no spaces), at most 18 of them.
fn parse_timestamp(value: &[u8]) -> Option<i64> {
    if value.is_empty() || value.len() > 18 || !value.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(value).ok()?.parse().ok()
}

fn unix_seconds(now: SystemTime) -> i64 {
    match now.duration_since(UNIX_EPOCH) {
        Ok(after) => i64::try_from(after.as_secs()).unwrap_or(i64::MAX),
        Err(before) => i64::try_from(before.duration().as_secs()).map_or(i64::MIN, |s| -s),
    }
}

/// `v0=` and 64 hex digits (either case), as the 32 bytes of the MAC.
fn parse_signature(value: &[u8]) -> Option<[u8; 32]> {
    let hex = value.strip_prefix(b"v0=")?;
    if hex.len() != 64 {
        return None;
    }
    let mut bytes = [0u8; 32];
    for (byte, pair) in bytes.iter_mut().zip(hex.chunks_exact(2)) {
        *byte = (nibble(pair[0])? << 4) | nibble(pair[1])?;
    }
    Some(bytes)
}

fn nibble(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        b'A'..=b'F' => Some(digit - b'A' + 10),
        _ => None,
    }
}
