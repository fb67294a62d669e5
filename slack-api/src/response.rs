//! What every successful response carries besides its own fields.

use serde::{Deserialize, Serialize};

/// `response_metadata`: the next cursor, warnings and messages. Decoded leniently like the
/// generated types: a field of another shape is kept in `extra`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ResponseMetadata {
    /// The cursor of the next page; empty or absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub messages: Vec<String>,
    /// Fields this version of the crate does not know, kept as they came.
    #[serde(flatten, skip_serializing_if = "crate::lenient::skip_extra")]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl<'de> Deserialize<'de> for ResponseMetadata {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::lenient::object(deserializer)
    }
}

impl crate::lenient::Lenient for ResponseMetadata {
    fn lenient<'de, D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<crate::lenient::Outcome<Self>, D::Error> {
        crate::lenient::lenient_object(deserializer)
    }
}

impl crate::lenient::LenientObject for ResponseMetadata {
    const NAME: &'static str = "ResponseMetadata";

    fn from_map<'de, A: serde::de::MapAccess<'de>>(
        map: A,
    ) -> Result<Result<Self, crate::lenient::Unfit>, A::Error> {
        let mut next_cursor = None;
        let (mut warnings, mut messages): (Option<crate::List<String>>, _) = (None, None);
        let mut reader = crate::lenient::Reader::new(map, Self::NAME);
        while let Some(key) = reader.next_key()? {
            match key.as_str() {
                "next_cursor" => reader.optional(&mut next_cursor, "next_cursor")?,
                "warnings" => reader.optional(&mut warnings, "warnings")?,
                "messages" => reader.optional(&mut messages, "messages")?,
                _ => reader.unknown(key)?,
            }
        }
        Ok(Ok(ResponseMetadata {
            next_cursor,
            warnings: warnings.map(crate::List::into_vec).unwrap_or_default(),
            messages: messages.map(crate::List::into_vec).unwrap_or_default(),
            extra: reader.finish(),
        }))
    }
}

/// Implemented by every generated response type.
pub trait ApiResponse {
    /// Slack's `ok` flag.
    fn ok(&self) -> bool;
    /// The top-level `warning` field: comma-separated codes.
    fn warning(&self) -> Option<&str>;
    fn response_metadata(&self) -> Option<&ResponseMetadata>;

    /// Every warning, from `warning` and `response_metadata.warnings`, each once, in the
    /// order they came.
    fn warnings(&self) -> Vec<&str> {
        let meta = self
            .response_metadata()
            .into_iter()
            .flat_map(|m| m.warnings.iter().map(String::as_str));
        collect_warnings(self.warning(), meta)
    }
}

/// Warnings from a comma-separated `warning` and a list, trimmed, each once, in order.
pub(crate) fn collect_warnings<'a>(
    top: Option<&'a str>,
    listed: impl Iterator<Item = &'a str>,
) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for warning in top
        .into_iter()
        .flat_map(|w| w.split(','))
        .chain(listed)
        .map(str::trim)
    {
        if !warning.is_empty() && !out.contains(&warning) {
            out.push(warning);
        }
    }
    out
}

/// The envelope of any response, read when the typed decode cannot be used.
#[derive(Debug, Deserialize)]
pub(crate) struct Envelope {
    pub ok: bool,
    #[serde(default)]
    pub error: Option<String>,
    #[serde(default)]
    pub needed: Option<String>,
    #[serde(default)]
    pub provided: Option<String>,
    #[serde(default)]
    pub warning: Option<String>,
    #[serde(default)]
    pub response_metadata: Option<ResponseMetadata>,
    /// `invalid_blocks`' and `blocks.validate`'s list of problems, in any shape.
    #[serde(default)]
    pub errors: Option<serde_json::Value>,
}

impl Envelope {
    pub fn warnings(&self) -> Vec<String> {
        let listed = self
            .response_metadata
            .iter()
            .flat_map(|m| m.warnings.iter().map(String::as_str));
        collect_warnings(self.warning.as_deref(), listed)
            .into_iter()
            .map(str::to_owned)
            .collect()
    }
}
