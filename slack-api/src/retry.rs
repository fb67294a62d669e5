//! When and how long to wait before trying a call again.

use std::hash::{BuildHasher, Hasher};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How the client retries.
///
/// * HTTP 429: waits for `Retry-After` (or [`default_retry_after`](Self::default_retry_after))
///   and tries again; Slack has not acted on a rate-limited request, so this is safe for
///   every method. Off with [`retry_rate_limited`](Self::retry_rate_limited)` = false`.
/// * HTTP 5xx, timeouts and connection errors: exponential backoff with jitter, only for
///   methods the spec marks idempotent, unless [`retry_writes`](Self::retry_writes) is set.
///
/// Both stop at [`max_attempts`](Self::max_attempts) and before the waiting would pass
/// [`max_total_wait`](Self::max_total_wait).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// Tries in all, the first included. `1` never retries.
    pub max_attempts: u32,
    /// The most time spent waiting between tries, over the whole call.
    pub max_total_wait: Duration,
    /// Whether to wait and retry on HTTP 429, rather than return the error at once.
    pub retry_rate_limited: bool,
    /// The wait after a 429 without a usable `Retry-After`.
    pub default_retry_after: Duration,
    /// The first backoff after a server or connection error; it doubles each try.
    pub base_backoff: Duration,
    /// The longest single backoff.
    pub max_backoff: Duration,
    /// Whether to repeat methods that are not idempotent after a server or connection
    /// error (they may then take effect twice).
    pub retry_writes: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 4,
            max_total_wait: Duration::from_secs(120),
            retry_rate_limited: true,
            default_retry_after: Duration::from_secs(30),
            base_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(10),
            retry_writes: false,
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn never() -> Self {
        RetryPolicy {
            max_attempts: 1,
            retry_rate_limited: false,
            ..Self::default()
        }
    }

    /// Backoff before try `attempt + 1` after `attempt` failed (1-based): a random wait
    /// between half and all of `base_backoff * 2^(attempt-1)`, capped at `max_backoff`.
    pub fn backoff(&self, attempt: u32) -> Duration {
        let exp = self
            .base_backoff
            .saturating_mul(1u32 << attempt.saturating_sub(1).min(20));
        let full = exp.min(self.max_backoff);
        let half = full / 2;
        let spread = u64::try_from(full.saturating_sub(half).as_nanos()).unwrap_or(u64::MAX);
        let jitter = match spread.checked_add(1) {
            None => random_u64(),
            Some(n) => random_u64() % n,
        };
        half.saturating_add(Duration::from_nanos(jitter)).min(full)
    }
}

/// The wait a `Retry-After` header asks for, or `None` when it is not usable.
///
/// Both forms of RFC 7231 are read: a number of seconds (a number too large for a `u64`
/// saturates to `u64::MAX` seconds), and an HTTP date in the IMF-fixdate form
/// (`Sun, 06 Nov 1994 08:49:37 GMT`), which becomes the time from `now` until then: zero
/// when it is past. Anything else is treated as if the header were absent.
pub(crate) fn parse_retry_after(value: &[u8], now: SystemTime) -> Option<Duration> {
    let value = std::str::from_utf8(value).ok()?.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return Some(Duration::from_secs(value.parse().unwrap_or(u64::MAX)));
    }
    let at = parse_imf_fixdate(value)?;
    let now = match now.duration_since(UNIX_EPOCH) {
        Ok(since) => i64::try_from(since.as_secs()).unwrap_or(i64::MAX),
        Err(_) => 0,
    };
    Some(Duration::from_secs(
        u64::try_from(at.saturating_sub(now)).unwrap_or(0),
    ))
}

/// Seconds since the Unix epoch of an IMF-fixdate, `Sun, 06 Nov 1994 08:49:37 GMT`, read
/// strictly: fixed widths, a known day and month name, `GMT`, and a date that exists. The day
/// name is not checked against the date.
fn parse_imf_fixdate(value: &str) -> Option<i64> {
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let b = value.as_bytes();
    if b.len() != 29 || !value.is_ascii() {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<i64> {
        let digits = &value[range];
        digits
            .bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| digits.parse().ok())
            .flatten()
    };
    if !DAYS.contains(&&value[0..3])
        || &value[3..5] != ", "
        || b[7] != b' '
        || b[11] != b' '
        || b[16] != b' '
        || b[19] != b':'
        || b[22] != b':'
        || &value[25..] != " GMT"
    {
        return None;
    }
    let day = number(5..7)?;
    let month = MONTHS.iter().position(|m| *m == &value[8..11])? as i64 + 1;
    let year = number(12..16)?;
    let (hour, minute, second) = (number(17..19)?, number(20..22)?, number(23..25)?);
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let month_days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if !(1..=month_days).contains(&day) || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    Some(days_from_civil(year, month, day) * 86_400 + hour * 3_600 + minute * 60 + second)
}

/// Days from 1970-01-01 to a date of the proleptic Gregorian calendar (Howard Hinnant's
/// `days_from_civil`). Years here are 0..=9999, far from any overflow.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let shifted_month = (month + 9) % 12; // March is 0
    let day_of_year = (153 * shifted_month + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// A random number from the standard library's per-process random hasher keys.
fn random_u64() -> u64 {
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(0x9e37_79b9_7f4a_7c15);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(secs)
    }

    #[test]
    fn retry_after_in_seconds() {
        let now = SystemTime::now();
        let parse = |v: &str| parse_retry_after(v.as_bytes(), now);
        assert_eq!(parse("0"), Some(Duration::ZERO));
        assert_eq!(parse(" 7 "), Some(Duration::from_secs(7)));
        assert_eq!(
            parse("18446744073709551615"),
            Some(Duration::from_secs(u64::MAX))
        );
        assert_eq!(
            parse("99999999999999999999999999"),
            Some(Duration::from_secs(u64::MAX))
        );
        for garbage in ["", " ", "-1", "+1", "1.5", "1e3", "soon", "0x10", "１"] {
            assert_eq!(parse(garbage), None, "{garbage:?}");
        }
        assert_eq!(parse_retry_after(b"\xff1", now), None);
    }

    #[test]
    fn retry_after_as_an_http_date() {
        // 1994-11-06T08:49:37Z is 784111777.
        let date = b"Sun, 06 Nov 1994 08:49:37 GMT";
        assert_eq!(
            parse_retry_after(date, at(784_111_777 - 90)),
            Some(Duration::from_secs(90))
        );
        // Past dates, and a clock before 1970, never underflow.
        assert_eq!(
            parse_retry_after(date, at(784_111_777 + 5)),
            Some(Duration::ZERO)
        );
        assert_eq!(
            parse_retry_after(date, UNIX_EPOCH - Duration::from_secs(10)),
            Some(Duration::from_secs(784_111_777))
        );
        assert_eq!(
            parse_retry_after(b"Thu, 01 Jan 1970 00:00:00 GMT", at(0)),
            Some(Duration::ZERO)
        );
        assert_eq!(
            parse_retry_after(b"Tue, 29 Feb 2000 23:59:60 GMT", at(951_782_400)),
            Some(Duration::from_secs(86_400))
        );
        assert_eq!(
            parse_retry_after(b"Fri, 31 Dec 9999 23:59:59 GMT", at(0)),
            Some(Duration::from_secs(253_402_300_799))
        );
        assert_eq!(
            parse_retry_after(b"Mon, 01 Jan 0000 00:00:00 GMT", SystemTime::now()),
            Some(Duration::ZERO)
        );
    }

    #[test]
    fn malformed_dates_are_not_used() {
        for bad in [
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
            "Sun, 6 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:37 GMTX",
            "Xyz, 06 Nov 1994 08:49:37 GMT",
            "Sun, 06 Foo 1994 08:49:37 GMT",
            "Sun, 31 Nov 1994 08:49:37 GMT",
            "Sun, 29 Feb 1900 08:49:37 GMT",
            "Sun, 00 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 24:00:00 GMT",
            "Sun, 06 Nov 1994 08:60:00 GMT",
            "Sun, 06 Nov 1994 08:49:61 GMT",
            "Sun, 06 Nov +994 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:-9:37 GMT",
            "Sun, 06 Nov 1994 08:49:37 GMT ",
            "Sun, é6 Nov 1994 08:49:37 GM",
        ] {
            assert_eq!(parse_imf_fixdate(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn backoff_never_overflows() {
        let p = RetryPolicy {
            base_backoff: Duration::MAX,
            max_backoff: Duration::MAX,
            ..RetryPolicy::default()
        };
        for attempt in [0, 1, 2, 30, u32::MAX] {
            let b = p.backoff(attempt);
            assert!(b >= Duration::MAX / 2, "{b:?}");
        }
    }

    #[test]
    fn backoff_doubles_within_bounds() {
        let p = RetryPolicy {
            base_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_millis(350),
            ..RetryPolicy::default()
        };
        for _ in 0..50 {
            let b1 = p.backoff(1);
            assert!(
                b1 >= Duration::from_millis(50) && b1 <= Duration::from_millis(100),
                "{b1:?}"
            );
            let b2 = p.backoff(2);
            assert!(
                b2 >= Duration::from_millis(100) && b2 <= Duration::from_millis(200),
                "{b2:?}"
            );
            let b5 = p.backoff(5);
            assert!(
                b5 >= Duration::from_millis(175) && b5 <= Duration::from_millis(350),
                "{b5:?}"
            );
        }
    }
}
