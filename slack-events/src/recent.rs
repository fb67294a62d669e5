//! The `event_id`s handed to the app lately, so that a redelivery is handed over once:
//! in this process ([`MemoryFilter`]), or shared by several receivers through any
//! [`DeliveryFilter`] (Redis with the `redis` feature).

use std::collections::{HashSet, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::sync::{Mutex, PoisonError};

/// The answer of a [`DeliveryFilter`]: `true` for a first delivery.
pub type FilterFuture<'a> = Pin<Box<dyn Future<Output = bool> + Send + 'a>>;

/// Decides whether an event is delivered for the first time, by its `event_id`. A
/// [`Receiver`](crate::Receiver) asks it before handing an event over; a filter shared by
/// several receivers (instances behind a load balancer, where Slack's retry may reach
/// another one) makes each event handled once in all.
pub trait DeliveryFilter: Send + Sync + 'static {
    /// Records `id`; `true` if it was not seen within the filter's window. A filter that
    /// cannot tell (its store is away) should answer `true`: an event handled twice is
    /// better than one lost.
    fn first_delivery<'a>(&'a self, id: &'a str) -> FilterFuture<'a>;
}

/// The last `capacity` `event_id`s, in this process: the receiver's default filter.
#[derive(Debug)]
pub struct MemoryFilter(Mutex<RecentIds>);

impl MemoryFilter {
    /// Remembers the last `capacity` ids (0: none, every delivery is new).
    pub fn new(capacity: usize) -> Self {
        MemoryFilter(Mutex::new(RecentIds::new(capacity)))
    }

    /// Records `id` now; `true` if it is new.
    pub fn insert(&self, id: &str) -> bool {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(id)
    }
}

impl DeliveryFilter for MemoryFilter {
    fn first_delivery<'a>(&'a self, id: &'a str) -> FilterFuture<'a> {
        let first = self.insert(id);
        Box::pin(std::future::ready(first))
    }
}

/// A set of the last `capacity` ids; the oldest is forgotten first.
#[derive(Debug)]
pub(crate) struct RecentIds {
    capacity: usize,
    order: VecDeque<Box<str>>,
    set: HashSet<Box<str>>,
}

impl RecentIds {
    pub(crate) fn new(capacity: usize) -> Self {
        RecentIds {
            capacity,
            order: VecDeque::new(),
            set: HashSet::new(),
        }
    }

    /// Records `id`; `false` if it was already among the recent ones. With a capacity of
    /// 0 nothing is remembered and every id is new.
    pub(crate) fn insert(&mut self, id: &str) -> bool {
        if self.capacity == 0 {
            return true;
        }
        if self.set.contains(id) {
            return false;
        }
        if self.order.len() >= self.capacity {
            if let Some(oldest) = self.order.pop_front() {
                self.set.remove(&oldest);
            }
        }
        self.order.push_back(id.into());
        self.set.insert(id.into());
        true
    }
}

#[cfg(test)]
mod tests {
    use super::RecentIds;

    #[test]
    fn forgets_the_oldest_past_its_capacity() {
        let mut recent = RecentIds::new(2);
        assert!(recent.insert("a"));
        assert!(recent.insert("b"));
        assert!(!recent.insert("a"));
        assert!(recent.insert("c"));
        assert!(
            recent.insert("a"),
            "a was the oldest, forgotten when c came"
        );
        assert!(!recent.insert("c"));
        assert_eq!(recent.order.len(), 2);
        assert_eq!(recent.set.len(), 2);
    }

    #[test]
    fn capacity_zero_remembers_nothing() {
        let mut recent = RecentIds::new(0);
        assert!(recent.insert("a"));
        assert!(recent.insert("a"));
    }
}
