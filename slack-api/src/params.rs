//! Arguments on their way to the wire: query string, form body or JSON body.

use std::borrow::Cow;

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

/// The arguments of one request, written by the generated `write_params` and encoded by the
/// client as the method's metadata says.
#[derive(Debug, Default, Clone)]
pub struct Params<'a> {
    entries: Vec<(Cow<'a, str>, Param<'a>)>,
    /// The method's metadata, which says how each list argument is encoded.
    meta: Option<&'static crate::MethodMeta>,
}

#[derive(Debug, Clone)]
enum Param<'a> {
    Str(Cow<'a, str>),
    Bool(bool),
    Int(i64),
    Num(f64),
    Json(Cow<'a, serde_json::Value>),
    /// A list of a raw call: comma-separated in a form, an array in a JSON body.
    Strings(Vec<Cow<'a, str>>),
    Ints(Vec<i64>),
    /// A list one of a method's arguments, as its spec encodes it.
    List(crate::Encoding, Vec<Cow<'a, str>>),
    File(&'a FileUpload),
}

/// A value an argument can take, as [`Params::put`] takes it: strings, booleans, numbers,
/// JSON values, files, lists of strings or integers, and an `Option` of any of them.
pub trait ToParam<'a> {
    /// Adds the value to `params` under `name`.
    fn put_into(self, name: &'a str, params: &mut Params<'a>);
}

impl<'a> ToParam<'a> for &'a String {
    fn put_into(self, name: &'a str, params: &mut Params<'a>) {
        params.string(name, self);
    }
}

impl<'a> ToParam<'a> for &'a bool {
    fn put_into(self, name: &'a str, params: &mut Params<'a>) {
        params.boolean(name, *self);
    }
}

impl<'a> ToParam<'a> for &'a i64 {
    fn put_into(self, name: &'a str, params: &mut Params<'a>) {
        params.integer(name, *self);
    }
}

impl<'a> ToParam<'a> for &'a f64 {
    fn put_into(self, name: &'a str, params: &mut Params<'a>) {
        params.number(name, *self);
    }
}

impl<'a> ToParam<'a> for &'a serde_json::Value {
    fn put_into(self, name: &'a str, params: &mut Params<'a>) {
        params.json(name, self);
    }
}

impl<'a> ToParam<'a> for &'a FileUpload {
    fn put_into(self, name: &'a str, params: &mut Params<'a>) {
        params.file(name, self);
    }
}

impl<'a> ToParam<'a> for &'a Vec<String> {
    fn put_into(self, name: &'a str, params: &mut Params<'a>) {
        params.str_list(name, self.iter().map(String::as_str));
    }
}

impl<'a> ToParam<'a> for &'a Vec<i64> {
    fn put_into(self, name: &'a str, params: &mut Params<'a>) {
        let encoding = params.list_encoding(name);
        params.list(
            name,
            encoding,
            self.iter().map(|v| Cow::Owned(v.to_string())),
        );
    }
}

impl<'a, T> ToParam<'a> for &'a Option<T>
where
    &'a T: ToParam<'a>,
{
    fn put_into(self, name: &'a str, params: &mut Params<'a>) {
        if let Some(value) = self {
            value.put_into(name, params);
        }
    }
}

/// A file to upload: its bytes, its name, and optionally its content type. Sent as a part
/// of a `multipart/form-data` body. `Debug` shows the name and size, not the bytes.
#[derive(Clone, PartialEq, Eq)]
pub struct FileUpload {
    bytes: Vec<u8>,
    filename: String,
    content_type: Option<String>,
}

impl FileUpload {
    /// A file named `filename` holding `bytes`.
    pub fn new(filename: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        FileUpload {
            bytes: bytes.into(),
            filename: filename.into(),
            content_type: None,
        }
    }

    /// Its content type (`image/png`); without one, none is sent and Slack guesses.
    #[must_use]
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    pub fn filename(&self) -> &str {
        &self.filename
    }

    pub fn mime(&self) -> Option<&str> {
        self.content_type.as_deref()
    }
}

impl std::fmt::Debug for FileUpload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FileUpload")
            .field("filename", &self.filename)
            .field("content_type", &self.content_type)
            .field("len", &self.bytes.len())
            .finish()
    }
}

impl<'a> Params<'a> {
    pub fn new() -> Self {
        Self::default()
    }

    /// The arguments of a call to the method `meta` describes: lists put with
    /// [`put`](Self::put) are encoded as its arguments' metadata says.
    pub fn for_method(meta: &'static crate::MethodMeta) -> Self {
        Params {
            entries: Vec::new(),
            meta: Some(meta),
        }
    }

    /// Adds an argument, whatever its type; an unset `Option` adds nothing. What generated
    /// requests call for each of their arguments.
    pub fn put(&mut self, name: &'a str, value: impl ToParam<'a>) {
        value.put_into(name, self);
    }

    /// A list argument, encoded as the method's metadata says (comma-separated when it
    /// says nothing).
    pub fn str_list(&mut self, name: &'a str, values: impl IntoIterator<Item = &'a str>) {
        let encoding = self.list_encoding(name);
        self.list(name, encoding, values.into_iter().map(Cow::Borrowed));
    }

    /// How the list argument `name` is encoded: as the method's metadata says, else as one
    /// comma-separated value.
    fn list_encoding(&self, name: &str) -> crate::Encoding {
        self.meta
            .and_then(|m| m.argument(name))
            .map_or(crate::Encoding::CommaList, |a| a.encoding)
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

    /// A list, encoded as the argument's spec says: comma-separated, or a JSON array.
    pub fn list(
        &mut self,
        name: &'a str,
        encoding: crate::Encoding,
        values: impl IntoIterator<Item = Cow<'a, str>>,
    ) {
        let values = values.into_iter().collect();
        self.entries
            .push((Cow::Borrowed(name), Param::List(encoding, values)));
    }

    /// A file: a part of a `multipart/form-data` body.
    pub fn file(&mut self, name: &'a str, file: &'a FileUpload) {
        self.entries.push((Cow::Borrowed(name), Param::File(file)));
    }

    /// Whether any argument is a file, so that the body must be multipart.
    pub fn has_files(&self) -> bool {
        self.entries
            .iter()
            .any(|(_, p)| matches!(p, Param::File(_)))
    }

    /// A `multipart/form-data` body: every argument a text part (as in a form), each file
    /// a file part.
    pub(crate) fn to_multipart(&self) -> reqwest::multipart::Form {
        let mut form = reqwest::multipart::Form::new();
        for (name, value) in &self.entries {
            form = match value {
                Param::File(file) => {
                    let mut part = reqwest::multipart::Part::bytes(file.bytes.clone())
                        .file_name(file.filename.clone());
                    if let Some(mime) = &file.content_type {
                        // An invalid content type is left out rather than failing the call.
                        part = match part.mime_str(mime) {
                            Ok(p) => p,
                            Err(_) => reqwest::multipart::Part::bytes(file.bytes.clone())
                                .file_name(file.filename.clone()),
                        };
                    }
                    form.part(name.to_string(), part)
                }
                other => form.text(name.to_string(), form_value(other)),
            };
        }
        form
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

    /// `application/x-www-form-urlencoded`, for a query string or a form body. Files are
    /// left out: a method with a file set is sent as multipart.
    pub fn to_form(&self) -> String {
        let mut out = String::new();
        for (name, value) in &self.entries {
            if matches!(value, Param::File(_)) {
                continue;
            }
            if !out.is_empty() {
                out.push('&');
            }
            encode_component(&mut out, name);
            out.push('=');
            encode_component(&mut out, &form_value(value));
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
            Param::List(crate::Encoding::JsonArray, items) => items.serialize(serializer),
            Param::List(_, items) => serializer.serialize_str(&items.join(",")),
            // Never in a JSON body: a request with a file is sent as multipart.
            Param::File(file) => serializer.serialize_str(&file.filename),
        }
    }
}

/// A value as text, as a form (or a multipart text part) carries it.
fn form_value(value: &Param<'_>) -> String {
    let join = |items: &[Cow<'_, str>]| items.join(",");
    match value {
        Param::Str(s) => s.to_string(),
        Param::Bool(b) => b.to_string(),
        Param::Int(i) => i.to_string(),
        Param::Num(x) => x.to_string(),
        Param::Json(v) => match v.as_ref() {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        },
        Param::Strings(items) => join(items),
        Param::Ints(items) => items
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(","),
        Param::List(crate::Encoding::JsonArray, items) => {
            serde_json::to_string(items).unwrap_or_default()
        }
        Param::List(_, items) => join(items),
        Param::File(file) => file.filename.clone(),
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

    #[test]
    fn lists_are_encoded_as_their_spec_says() {
        let file = FileUpload::new("a.png", vec![1, 2, 3]).content_type("image/png");
        let mut p = Params::new();
        p.list(
            "users",
            crate::Encoding::CommaList,
            ["U1".into(), "U2".into()],
        );
        p.list("ids", crate::Encoding::JsonArray, ["A".into(), "B".into()]);
        p.file("image", &file);
        assert!(p.has_files());
        // Files never go in a form or a JSON body: such a request is sent as multipart.
        assert_eq!(p.to_form(), "users=U1%2CU2&ids=%5B%22A%22%2C%22B%22%5D");
        assert_eq!(
            String::from_utf8(p.to_json()).unwrap(),
            r#"{"users":"U1,U2","ids":["A","B"],"image":"a.png"}"#
        );
        assert_eq!(
            format!("{file:?}"),
            r#"FileUpload { filename: "a.png", content_type: Some("image/png"), len: 3 }"#
        );
    }
}
