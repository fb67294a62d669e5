//! The `event_id`s handed to the app lately, so that a redelivery is handed over once.

use std::collections::{HashSet, VecDeque};

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
