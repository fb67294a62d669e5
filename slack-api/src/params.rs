//! Arguments on their way to the wire: query string, form body or JSON body.

use std::borrow::Cow;
use std::fmt::Write as _;

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

/// The arguments of one request, written by the generated `write_params` and encoded by the
/// client as the method's metadata says.
#[derive(Debug, Default, Clone)]
pub struct Params<'a> {
    entries: Vec<(Cow<'a, str>, Param<'a>)>,
}

#[derive(Debug, Clone)]
enum Param<'a> {
    Str(Cow<'a, str>),
    Bool(bool),
    Int(i64),
    Num(f64),
    Json(Cow<'a, serde_json::Value>),
    Strings(Vec<Cow<'a, str>>),
    Ints(Vec<i64>),
}

impl<'a> Params<'a> {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn string(&mut self, name: &'a str, value: &'a str) {
        self.entries
            .push((Cow::Borrowed(name), Param::Str(Cow::Borrowed(value))));
    }

    pub fn boolean(&mut self, name: &'a str, value: bool) {
        self.entries.push((Cow::Borrowed(name), Param::Bool(value)));
    }

    pub fn integer(&mut self, name: &'a str, value: i64) {
        self.entries.push((Cow::Borrowed(name), Param::Int(value)));
    }

    pub fn number(&mut self, name: &'a str, value: f64) {
        self.entries.push((Cow::Borrowed(name), Param::Num(value)));
    }

    /// A structured value (blocks, attachments, metadata): a JSON string in a form, itself
    /// in a JSON body. A JSON string value is taken as already-encoded JSON in a form.
    pub fn json(&mut self, name: &'a str, value: &'a serde_json::Value) {
        self.entries
            .push((Cow::Borrowed(name), Param::Json(Cow::Borrowed(value))));
    }

    /// A list: one comma-separated value in a form, an array in a JSON body.
    pub fn strings(&mut self, name: &'a str, values: impl IntoIterator<Item = &'a str>) {
        let values = values.into_iter().map(Cow::Borrowed).collect();
        self.entries
            .push((Cow::Borrowed(name), Param::Strings(values)));
    }

    pub fn integers(&mut self, name: &'a str, values: impl IntoIterator<Item = i64>) {
        self.entries.push((
            Cow::Borrowed(name),
            Param::Ints(values.into_iter().collect()),
        ));
    }

    /// Whether an argument of this name is set.
    pub fn contains(&self, name: &str) -> bool {
        self.entries.iter().any(|(n, _)| n == name)
    }

    pub(crate) fn push_owned_string(&mut self, name: &str, value: String) {
        self.entries
            .push((Cow::Owned(name.to_owned()), Param::Str(Cow::Owned(value))));
    }

    /// Arguments of a raw call, from a JSON object: strings, booleans and numbers as they
    /// are, arrays of strings as lists, anything else as JSON.
    pub(crate) fn from_json(object: &'a serde_json::Map<String, serde_json::Value>) -> Self {
        use serde_json::Value;
        let mut params = Params::new();
        for (name, value) in object {
            let param = match value {
                Value::Null => continue,
                Value::String(s) => Param::Str(Cow::Borrowed(s)),
                Value::Bool(b) => Param::Bool(*b),
                Value::Number(n) => match n.as_i64() {
                    Some(i) => Param::Int(i),
                    None => Param::Num(n.as_f64().unwrap_or(f64::NAN)),
                },
                Value::Array(items) if items.iter().all(Value::is_string) => Param::Strings(
                    items
                        .iter()
                        .filter_map(Value::as_str)
                        .map(Cow::Borrowed)
                        .collect(),
                ),
                other => Param::Json(Cow::Borrowed(other)),
            };
            params.entries.push((Cow::Borrowed(name), param));
        }
        params
    }

    /// `application/x-www-form-urlencoded`, for a query string or a form body.
    pub fn to_form(&self) -> String {
        let mut out = String::new();
        for (name, value) in &self.entries {
            if !out.is_empty() {
                out.push('&');
            }
            encode_component(&mut out, name);
            out.push('=');
            match value {
                Param::Str(s) => encode_component(&mut out, s),
                Param::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
                Param::Int(i) => {
                    let _ = write!(out, "{i}");
                }
                Param::Num(x) => {
                    let _ = write!(out, "{x}");
                }
                Param::Json(v) => match v.as_ref() {
                    serde_json::Value::String(s) => encode_component(&mut out, s),
                    other => encode_component(&mut out, &other.to_string()),
                },
                Param::Strings(items) => encode_component(&mut out, &items.join(",")),
                Param::Ints(items) => {
                    let joined = items
                        .iter()
                        .map(i64::to_string)
                        .collect::<Vec<_>>()
                        .join(",");
                    encode_component(&mut out, &joined)
                }
            }
        }
        out
    }

    /// A JSON object body.
    pub fn to_json(&self) -> Vec<u8> {
        // Serializing plain strings, numbers and JSON values cannot fail.
        serde_json::to_vec(self).unwrap_or_else(|_| b"{}".to_vec())
    }
}

impl Serialize for Params<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.entries.len()))?;
        for (name, value) in &self.entries {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

impl Serialize for Param<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Param::Str(s) => serializer.serialize_str(s),
            Param::Bool(b) => serializer.serialize_bool(*b),
            Param::Int(i) => serializer.serialize_i64(*i),
            Param::Num(x) => serializer.serialize_f64(*x),
            Param::Json(v) => v.serialize(serializer),
            Param::Strings(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Param::Ints(items) => items.serialize(serializer),
        }
    }
}

/// Percent-encodes for `application/x-www-form-urlencoded`: unreserved bytes as they are,
/// space as `+`, everything else as `%XX`.
fn encode_component(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in s.as_bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'*' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => {
                out.push('%');
                out.push(HEX[usize::from(b >> 4)] as char);
                out.push(HEX[usize::from(b & 15)] as char);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_and_json_encodings() {
        let blocks = serde_json::json!([{"type": "divider"}]);
        let mut p = Params::new();
        p.string("text", "héllo & bye");
        p.boolean("unfurl", false);
        p.integer("limit", 20);
        p.number("ratio", 1.5);
        p.strings("ids", ["A1", "B2"]);
        p.json("blocks", &blocks);
        assert_eq!(
            p.to_form(),
            "text=h%C3%A9llo+%26+bye&unfurl=false&limit=20&ratio=1.5&ids=A1%2CB2&blocks=%5B%7B%22type%22%3A%22divider%22%7D%5D"
        );
        assert_eq!(
            String::from_utf8(p.to_json()).unwrap(),
            r#"{"text":"héllo & bye","unfurl":false,"limit":20,"ratio":1.5,"ids":["A1","B2"],"blocks":[{"type":"divider"}]}"#
        );
    }
}
