//! The time the state and the tokens are judged by: the system's, or one a test moves.

use std::sync::Mutex;
use std::time::{Duration, SystemTime};

/// Where "now" comes from. The system clock in production; [`ManualClock`] in tests.
pub trait Clock: Send + Sync + 'static {
    fn now(&self) -> SystemTime;
}

/// `t` plus `by`, saturating far in the future instead of overflowing (a number from a
/// server, such as `expires_in`, can be anything).
pub(crate) fn later(t: SystemTime, by: Duration) -> SystemTime {
    t.checked_add(by).unwrap_or_else(|| {
        const CENTURY: Duration = Duration::from_secs(100 * 365 * 24 * 3600);
        t.checked_add(CENTURY).unwrap_or(t)
    })
}

/// The system's clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
}

/// A clock that moves only when told: for tests of expiry.
///
/// ```
/// use slack_oauth::{Clock, ManualClock};
/// use std::time::Duration;
/// let clock = ManualClock::new();
/// let before = clock.now();
/// clock.advance(Duration::from_secs(60));
/// assert_eq!(clock.now().duration_since(before).unwrap(), Duration::from_secs(60));
/// ```
#[derive(Debug)]
pub struct ManualClock(Mutex<SystemTime>);

impl ManualClock {
    /// A clock at the system's present time.
    pub fn new() -> Self {
        ManualClock(Mutex::new(SystemTime::now()))
    }

    pub fn advance(&self, by: Duration) {
        let mut now = self.0.lock().unwrap_or_else(|e| e.into_inner());
        *now = later(*now, by);
    }
}

impl Default for ManualClock {
    fn default() -> Self {
        Self::new()
    }
}

impl Clock for ManualClock {
    fn now(&self) -> SystemTime {
        *self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl<C: Clock + ?Sized> Clock for std::sync::Arc<C> {
    fn now(&self) -> SystemTime {
        (**self).now()
    }
}
