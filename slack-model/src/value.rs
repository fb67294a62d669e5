//! Value types that generated fields use where no plain Rust type says what Slack sends.
//! Their tolerant decoding (`Lenient`) is in `lenient.rs`, beside the other types'.

use std::fmt;

use serde::de::{self, Deserializer};
use serde::{Serialize, Serializer};

use crate::lenient::Lenient;

/// A whole number that Slack sends as a JSON number in some responses and as a string in
/// others (a file's `thumb_360_w`, `original_w`): the spec type `integer_or_string`. It is
/// kept as it came, so it serializes back the same; [`as_i64`](Self::as_i64) reads either.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum IntegerOrString {
    /// Sent as a JSON number.
    Integer(i64),
    /// Sent as a string (which may be empty, or not a number at all).
    String(String),
}

impl IntegerOrString {
    /// The number: the integer as sent, or the string parsed as one (`None` when it is not).
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Self::Integer(n) => Some(*n),
            Self::String(s) => s.trim().parse().ok(),
        }
    }
}

impl fmt::Display for IntegerOrString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Integer(n) => write!(f, "{n}"),
            Self::String(s) => f.write_str(s),
        }
    }
}

impl Serialize for IntegerOrString {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Integer(n) => serializer.serialize_i64(*n),
            Self::String(s) => serializer.serialize_str(s),
        }
    }
}

impl<'de> serde::Deserialize<'de> for IntegerOrString {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Self::lenient(deserializer)?
            .map_err(|_| de::Error::custom("expected an integer or a string"))
    }
}
