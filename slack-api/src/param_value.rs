//! The arguments of a request as plain data, both ways: what generated requests write
//! (through [`ToParam`]) and the wire layer encodes, and what the wire layer's decoder reads
//! back from a request that arrives. No HTTP type here (only `serde_json`): how values go
//! on the wire is [`crate::wire`]'s business.

use std::borrow::Cow;

/// One argument's value. Borrowed when a request is sent (no copy of the request's
/// strings), owned (`ParamValue<'static>`) when a request is decoded.
#[derive(Debug, Clone, PartialEq)]
pub enum ParamValue<'a> {
    Str(Cow<'a, str>),
    Bool(bool),
    Int(i64),
    Num(f64),
    /// A structured value (blocks, attachments, metadata): JSON text in a form, the value
    /// itself in a JSON body. A JSON string is taken as already-encoded JSON in a form.
    Json(Cow<'a, serde_json::Value>),
    /// A list, encoded as its argument's metadata says (comma-separated or a JSON array;
    /// comma-separated in a form and an array in a JSON body for an argument the metadata
    /// does not know). Lists of integers are lists of their decimal texts.
    List(Vec<Cow<'a, str>>),
    /// A file: a part of a `multipart/form-data` body.
    File(Cow<'a, FileUpload>),
}

impl ParamValue<'_> {
    /// The same value, owning its data.
    pub fn into_owned(self) -> ParamValue<'static> {
        match self {
            ParamValue::Str(s) => ParamValue::Str(Cow::Owned(s.into_owned())),
            ParamValue::Bool(b) => ParamValue::Bool(b),
            ParamValue::Int(i) => ParamValue::Int(i),
            ParamValue::Num(x) => ParamValue::Num(x),
            ParamValue::Json(v) => ParamValue::Json(Cow::Owned(v.into_owned())),
            ParamValue::List(items) => ParamValue::List(
                items
                    .into_iter()
                    .map(|s| Cow::Owned(s.into_owned()))
                    .collect(),
            ),
            ParamValue::File(f) => ParamValue::File(Cow::Owned(f.into_owned())),
        }
    }

    /// The value when it is a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            ParamValue::Str(s) => Some(s),
            _ => None,
        }
    }
}

/// A value an argument can take, as [`Params::put`] takes it: strings, booleans, numbers,
/// JSON values, files, lists of strings or integers, and an `Option` of any of them (`None`
/// puts nothing).
pub trait ToParam<'a> {
    /// The value as a parameter; `None` when there is nothing to send.
    fn to_param(self) -> Option<ParamValue<'a>>;
}

impl<'a> ToParam<'a> for &'a String {
    fn to_param(self) -> Option<ParamValue<'a>> {
        Some(ParamValue::Str(Cow::Borrowed(self)))
    }
}

impl<'a> ToParam<'a> for &'a str {
    fn to_param(self) -> Option<ParamValue<'a>> {
        Some(ParamValue::Str(Cow::Borrowed(self)))
    }
}

impl<'a> ToParam<'a> for &'a bool {
    fn to_param(self) -> Option<ParamValue<'a>> {
        Some(ParamValue::Bool(*self))
    }
}

impl<'a> ToParam<'a> for &'a i64 {
    fn to_param(self) -> Option<ParamValue<'a>> {
        Some(ParamValue::Int(*self))
    }
}

impl<'a> ToParam<'a> for &'a f64 {
    fn to_param(self) -> Option<ParamValue<'a>> {
        Some(ParamValue::Num(*self))
    }
}

impl<'a> ToParam<'a> for &'a serde_json::Value {
    fn to_param(self) -> Option<ParamValue<'a>> {
        Some(ParamValue::Json(Cow::Borrowed(self)))
    }
}

/// A typed JSON argument (Block Kit): its JSON.
impl<'a, T: crate::Buildable> ToParam<'a> for &'a crate::Json<T> {
    fn to_param(self) -> Option<ParamValue<'a>> {
        Some(ParamValue::Json(match self {
            crate::Json::Raw(value) => Cow::Borrowed(value),
            typed => Cow::Owned(typed.to_value()),
        }))
    }
}

impl<'a> ToParam<'a> for &'a FileUpload {
    fn to_param(self) -> Option<ParamValue<'a>> {
        Some(ParamValue::File(Cow::Borrowed(self)))
    }
}

impl<'a> ToParam<'a> for &'a Vec<String> {
    fn to_param(self) -> Option<ParamValue<'a>> {
        Some(ParamValue::List(
            self.iter().map(|s| Cow::Borrowed(s.as_str())).collect(),
        ))
    }
}

impl<'a> ToParam<'a> for &'a Vec<i64> {
    fn to_param(self) -> Option<ParamValue<'a>> {
        Some(ParamValue::List(
            self.iter().map(|v| Cow::Owned(v.to_string())).collect(),
        ))
    }
}

impl<'a, T> ToParam<'a> for &'a Option<T>
where
    &'a T: ToParam<'a>,
{
    fn to_param(self) -> Option<ParamValue<'a>> {
        self.as_ref().and_then(ToParam::to_param)
    }
}

impl<'a> ToParam<'a> for ParamValue<'a> {
    fn to_param(self) -> Option<ParamValue<'a>> {
        Some(self)
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

/// The arguments of one request, in order: written by the generated `write_params` (one
/// [`put`](Self::put) per argument) and encoded by [`crate::wire::encode`], or read back
/// from a request by [`crate::wire::decode`].
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Params<'a> {
    entries: Vec<(Cow<'a, str>, ParamValue<'a>)>,
}

impl<'a> Params<'a> {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds an argument, whatever its type; an unset `Option` adds nothing. What generated
    /// requests call for each of their arguments.
    pub fn put(&mut self, name: &'a str, value: impl ToParam<'a>) {
        if let Some(value) = value.to_param() {
            self.entries.push((Cow::Borrowed(name), value));
        }
    }

    /// Adds an argument under a name of any lifetime.
    pub fn push(&mut self, name: impl Into<Cow<'a, str>>, value: ParamValue<'a>) {
        self.entries.push((name.into(), value));
    }

    /// The first value of the argument `name`.
    pub fn get(&self, name: &str) -> Option<&ParamValue<'a>> {
        self.entries.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }

    /// Whether an argument of this name is set.
    pub fn contains(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// Removes every argument of this name and gives the first one's value.
    pub fn remove(&mut self, name: &str) -> Option<ParamValue<'a>> {
        let at = self.entries.iter().position(|(n, _)| n == name)?;
        let (_, value) = self.entries.remove(at);
        self.entries.retain(|(n, _)| n != name);
        Some(value)
    }

    /// The arguments, in the order they were added.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &ParamValue<'a>)> {
        self.entries.iter().map(|(n, v)| (n.as_ref(), v))
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Whether any argument is a file, so that the body must be multipart.
    pub fn has_files(&self) -> bool {
        self.entries
            .iter()
            .any(|(_, p)| matches!(p, ParamValue::File(_)))
    }

    /// The same arguments, owning their data.
    pub fn into_owned(self) -> Params<'static> {
        Params {
            entries: self
                .entries
                .into_iter()
                .map(|(n, v)| (Cow::Owned(n.into_owned()), v.into_owned()))
                .collect(),
        }
    }

    /// Arguments of a raw call, from a JSON object: strings, booleans and numbers as they
    /// are, arrays of strings as lists, anything else as JSON; `null` is left out.
    pub fn from_json(object: &'a serde_json::Map<String, serde_json::Value>) -> Self {
        let mut params = Params::new();
        for (name, value) in object {
            if let Some(value) = from_json_value(value) {
                params.entries.push((Cow::Borrowed(name), value));
            }
        }
        params
    }
}

/// A JSON value as the parameter a raw call (or an argument the metadata does not know)
/// makes of it.
pub(crate) fn from_json_value(value: &serde_json::Value) -> Option<ParamValue<'_>> {
    use serde_json::Value;
    Some(match value {
        Value::Null => return None,
        Value::String(s) => ParamValue::Str(Cow::Borrowed(s)),
        Value::Bool(b) => ParamValue::Bool(*b),
        Value::Number(n) => match n.as_i64() {
            Some(i) => ParamValue::Int(i),
            None => ParamValue::Num(n.as_f64().unwrap_or(f64::NAN)),
        },
        Value::Array(items) if items.iter().all(Value::is_string) => ParamValue::List(
            items
                .iter()
                .filter_map(Value::as_str)
                .map(Cow::Borrowed)
                .collect(),
        ),
        other => ParamValue::Json(Cow::Borrowed(other)),
    })
}
