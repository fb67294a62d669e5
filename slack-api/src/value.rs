//! Value types that generated fields use where no plain Rust type says what Slack sends.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Serialize, Serializer};

use crate::lenient::{Lenient, Outcome};

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

impl Lenient for IntegerOrString {
    fn lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Outcome<Self>, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Outcome<IntegerOrString>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an integer or a string")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(Ok(IntegerOrString::Integer(v)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(i64::try_from(v)
                    .map(IntegerOrString::Integer)
                    .map_err(|_| serde_json::Value::from(v)))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                Ok(crate::lenient::whole_number(v)
                    .map(IntegerOrString::Integer)
                    .ok_or_else(|| serde_json::Value::from(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Ok(IntegerOrString::String(v.to_owned())))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
                Ok(Err(serde_json::Value::Bool(v)))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(Err(serde_json::Value::Null))
            }
            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(Err(serde_json::Value::Null))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                let raw =
                    serde::Deserialize::deserialize(de::value::SeqAccessDeserializer::new(seq))?;
                Ok(Err(raw))
            }
            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                let raw =
                    serde::Deserialize::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(Err(raw))
            }
        }
        deserializer.deserialize_any(V)
    }
}
