//! Rules a decoded response must meet that its types alone cannot say, checked on demand.
//! The rules come from the spec's `checks`; generated types implement [`Validate`].

use std::fmt;

use crate::{Dict, List};

/// A rule a value breaks, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Violation {
    /// Where in the response: `permissions.Ftt01.permissions[1]`.
    pub path: String,
    /// The rule, as the spec states it.
    pub rule: &'static str,
}

impl Violation {
    pub fn new(path: &str, rule: &'static str) -> Self {
        Violation {
            path: path.to_owned(),
            rule,
        }
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.rule)
    }
}

/// Checks a decoded value against the rules of its type.
pub trait Validate {
    /// Adds the rules broken in `self`, found at `path`, to `out`.
    fn validate_into(&self, path: &str, out: &mut Vec<Violation>);

    /// Every rule broken, or `Ok` when there is none.
    fn validate(&self) -> Result<(), Vec<Violation>> {
        let mut out = Vec::new();
        self.validate_into("", &mut out);
        if out.is_empty() {
            Ok(())
        } else {
            Err(out)
        }
    }
}

/// `path.key`, or `key` at the root.
pub fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

impl<T: Validate> Validate for Option<T> {
    fn validate_into(&self, path: &str, out: &mut Vec<Violation>) {
        if let Some(value) = self {
            value.validate_into(path, out);
        }
    }
}

impl<T: Validate> Validate for Box<T> {
    fn validate_into(&self, path: &str, out: &mut Vec<Violation>) {
        (**self).validate_into(path, out);
    }
}

impl<T: Validate> Validate for List<T> {
    fn validate_into(&self, path: &str, out: &mut Vec<Violation>) {
        for (i, item) in self.iter().enumerate() {
            item.validate_into(&format!("{path}[{i}]"), out);
        }
    }
}

impl<T: Validate> Validate for Dict<T> {
    fn validate_into(&self, path: &str, out: &mut Vec<Violation>) {
        for (key, value) in self {
            value.validate_into(&join(path, key), out);
        }
    }
}
