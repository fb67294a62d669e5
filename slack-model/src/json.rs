//! A JSON argument given typed or raw: `blocks`, `view`, … take Block Kit values built in
//! Rust ([`Json::Typed`], checked against Slack's limits before sending) or JSON as it is
//! ([`Json::Raw`], sent unchanged), with no loss of either.

use serde::{Serialize, Serializer};

use crate::validate::{Items, Violation};

/// A value built in Rust, or raw JSON.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Json<T> {
    Typed(T),
    Raw(serde_json::Value),
}

impl<T: Serialize> Serialize for Json<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Json::Typed(value) => value.serialize(s),
            Json::Raw(value) => value.serialize(s),
        }
    }
}

impl<T: Buildable> Json<T> {
    /// The value as JSON (the raw one as it is).
    pub fn to_value(&self) -> serde_json::Value {
        match self {
            Json::Typed(value) => serde_json::to_value(value).unwrap_or_default(),
            Json::Raw(value) => value.clone(),
        }
    }

    /// Slack's limits broken by a typed value, found at `path` (raw JSON is not checked).
    pub fn check_into(&self, path: &str, out: &mut Vec<Violation>) {
        if let Json::Typed(value) = self {
            value.check_into(path, out);
        }
    }
}

impl<T> Items for Json<Vec<T>> {
    type Item = T;
    fn count(&self) -> Option<usize> {
        match self {
            Json::Typed(items) => Some(items.len()),
            Json::Raw(_) => None,
        }
    }
    fn typed(&self) -> &[T] {
        match self {
            Json::Typed(items) => items,
            Json::Raw(_) => &[],
        }
    }
}

/// The typed JSON argument `name` of a call's arguments (as a server decodes them): typed
/// when it decodes as `T`, raw otherwise; `None` when absent.
pub fn json_arg<T: serde::de::DeserializeOwned>(
    args: &serde_json::Map<String, serde_json::Value>,
    name: &str,
) -> Option<Json<T>> {
    let value = args.get(name)?;
    Some(match T::deserialize(value) {
        Ok(typed) => Json::Typed(typed),
        Err(_) => Json::Raw(value.clone()),
    })
}

/// A type users build (Block Kit): it serializes, and checks Slack's limits.
pub trait Buildable: Serialize {
    /// Adds the limits broken in `self`, found at `path`, to `out`.
    fn check_into(&self, path: &str, out: &mut Vec<Violation>) {
        let _ = (path, out);
    }
}

impl<T: Buildable> Buildable for Vec<T> {
    fn check_into(&self, path: &str, out: &mut Vec<Violation>) {
        for (i, item) in self.iter().enumerate() {
            item.check_into(&format!("{path}[{i}]"), out);
        }
    }
}

impl<T: Buildable> Buildable for std::collections::BTreeMap<String, T> {
    fn check_into(&self, path: &str, out: &mut Vec<Violation>) {
        for (key, value) in self {
            value.check_into(&crate::validate::join(path, key), out);
        }
    }
}

/// What a typed JSON argument's setter takes: the value (a block list from a `Vec` or an
/// array), or raw JSON.
pub trait IntoJson<T> {
    fn into_json(self) -> Json<T>;
}

impl<T: Buildable> IntoJson<T> for T {
    fn into_json(self) -> Json<T> {
        Json::Typed(self)
    }
}

impl<T: Buildable> IntoJson<T> for serde_json::Value {
    fn into_json(self) -> Json<T> {
        Json::Raw(self)
    }
}

impl<T: Buildable, const N: usize> IntoJson<Vec<T>> for [T; N] {
    fn into_json(self) -> Json<Vec<T>> {
        Json::Typed(Vec::from(self))
    }
}

impl<T> IntoJson<T> for Json<T> {
    fn into_json(self) -> Json<T> {
        self
    }
}
