//! The state of one key of the in-memory pacer: GCRA (the generic cell rate algorithm) with
//! reservations, so that waiting calls keep their order and a dropped one gives its turn
//! back.
//!
//! GCRA keeps one instant per key, its theoretical arrival time (`tat`): the time at which
//! the key would be back to a full burst. A call at `now` may go at `max(now, tat - τ)`,
//! where `τ` (the tolerance) is `(burst - 1)` intervals, and moves `tat` on to
//! `max(tat, now) + T`, `T` being the interval between calls. A key whose `tat` has passed
//! is exactly a key never seen, so it can be forgotten without changing any decision.

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;
use tokio::time::Instant;

/// One key: its theoretical arrival time and the calls waiting for their turn.
#[derive(Debug)]
pub(crate) struct KeyState {
    tat: Instant,
    /// The end of the last 429's hold: what calls of an unpaced method wait for.
    held: Instant,
    interval: Duration,
    tolerance: Duration,
    /// Calls given a turn in the future, in the order of their turns: ticket and turn.
    pending: VecDeque<(u64, Instant)>,
    /// Wakes the waiting calls when their turns move (a turn given back, a 429's hold).
    pub(crate) notify: Arc<Notify>,
}

impl KeyState {
    pub(crate) fn new(now: Instant) -> KeyState {
        KeyState {
            tat: now,
            held: now,
            interval: Duration::ZERO,
            tolerance: Duration::ZERO,
            pending: VecDeque::new(),
            notify: Arc::new(Notify::new()),
        }
    }

    /// Whether the key is as good as unseen: nothing waits and its `tat` has passed.
    pub(crate) fn is_idle(&self, now: Instant) -> bool {
        self.tat <= now && self.pending.is_empty()
    }

    /// A turn for a call at `now`: `None` to go at once, else the ticket's turn to wait for.
    pub(crate) fn reserve(
        &mut self,
        now: Instant,
        interval: Duration,
        tolerance: Duration,
        ticket: u64,
    ) -> Option<Instant> {
        self.interval = interval;
        self.tolerance = tolerance;
        let turn = if self.tat > now + tolerance {
            self.tat - tolerance
        } else {
            now
        };
        self.tat = self.tat.max(now) + interval;
        if turn <= now {
            return None;
        }
        self.pending.push_back((ticket, turn));
        Some(turn)
    }

    /// A turn for a call the key's limit does not pace: only a 429's hold makes it wait.
    pub(crate) fn reserve_unpaced(&mut self, now: Instant, ticket: u64) -> Option<Instant> {
        if self.held <= now {
            return None;
        }
        self.pending.push_back((ticket, self.held));
        Some(self.held)
    }

    /// The ticket's turn while it waits, `None` once it has none.
    pub(crate) fn turn_of(&self, ticket: u64) -> Option<Instant> {
        self.pending
            .iter()
            .find(|(t, _)| *t == ticket)
            .map(|(_, turn)| *turn)
    }

    /// The ticket's turn has come and the call goes: it leaves the queue.
    pub(crate) fn went(&mut self, ticket: u64) {
        self.pending.retain(|(t, _)| *t != ticket);
    }

    /// A waiting call was dropped before its turn: the calls after it move up one interval
    /// and the next new call takes the last turn, so the rate the key lets through is kept.
    pub(crate) fn give_back(&mut self, ticket: u64, now: Instant) {
        let Some(index) = self.pending.iter().position(|(t, _)| *t == ticket) else {
            return;
        };
        let (_, turn) = self.pending.remove(index).unwrap_or((ticket, now));
        if turn <= now {
            return;
        }
        let interval = self.interval;
        for (_, later) in self.pending.iter_mut().skip(index) {
            *later = (*later - interval).max(now);
        }
        self.tat = (self.tat - interval).max(now);
        self.notify.notify_waiters();
    }

    /// Slack answered 429: nothing goes before `until`; then calls go one interval apart
    /// again, without a burst.
    pub(crate) fn hold(&mut self, until: Instant) {
        if let Some(&(_, first)) = self.pending.front() {
            if first < until {
                let delta = until - first;
                for (_, turn) in &mut self.pending {
                    *turn += delta;
                }
                self.tat += delta;
            }
        }
        self.tat = self.tat.max(until + self.tolerance);
        self.held = self.held.max(until);
        self.notify.notify_waiters();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: Duration = Duration::from_secs(3);

    #[test]
    fn calls_beyond_the_burst_wait_one_interval_each() {
        let now = Instant::now();
        let mut key = KeyState::new(now);
        // A burst of two: two go at once, the third waits one interval, the fourth two.
        assert_eq!(key.reserve(now, T, T, 1), None);
        assert_eq!(key.reserve(now, T, T, 2), None);
        assert_eq!(key.reserve(now, T, T, 3), Some(now + T));
        assert_eq!(key.reserve(now, T, T, 4), Some(now + 2 * T));
        assert!(!key.is_idle(now + 4 * T));
        key.went(3);
        key.went(4);
        assert!(key.is_idle(now + 4 * T));
    }

    #[test]
    fn a_dropped_turn_is_given_back_to_the_calls_after_it() {
        let now = Instant::now();
        let mut key = KeyState::new(now);
        assert_eq!(key.reserve(now, T, Duration::ZERO, 1), None);
        assert_eq!(key.reserve(now, T, Duration::ZERO, 2), Some(now + T));
        assert_eq!(key.reserve(now, T, Duration::ZERO, 3), Some(now + 2 * T));
        key.give_back(2, now);
        assert_eq!(key.turn_of(3), Some(now + T));
        assert_eq!(key.reserve(now, T, Duration::ZERO, 4), Some(now + 2 * T));
    }

    #[test]
    fn a_hold_moves_every_turn_past_it_without_a_burst_after() {
        let now = Instant::now();
        let mut key = KeyState::new(now);
        assert_eq!(key.reserve(now, T, T, 1), None);
        key.hold(now + 10 * T);
        assert_eq!(key.reserve(now, T, T, 2), Some(now + 10 * T));
        assert_eq!(key.reserve(now, T, T, 3), Some(now + 11 * T));
        key.hold(now + 20 * T);
        assert_eq!(key.turn_of(2), Some(now + 20 * T));
        assert_eq!(key.turn_of(3), Some(now + 21 * T));
    }
}
