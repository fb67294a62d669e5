//! What a method answers: a success (a JSON object that gets `"ok": true`) or a Slack error
//! (`"ok": false`, its code, and any of `needed`, `provided`, `response_metadata`).

use serde_json::{json, Map, Value};

/// A Slack error answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    pub code: String,
    /// Fields beside `ok` and `error` (`needed`, `provided`, `response_metadata`).
    pub extra: Map<String, Value>,
    /// `ratelimited`: answered HTTP 429 with this `Retry-After`, in seconds.
    pub retry_after: Option<u64>,
}

impl Failure {
    pub fn new(code: impl Into<String>) -> Self {
        Failure {
            code: code.into(),
            extra: Map::new(),
            retry_after: None,
        }
    }

    /// With one more field.
    pub fn with(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.extra.insert(key.to_owned(), value.into());
        self
    }

    /// With `response_metadata.messages`, as Slack explains an invalid argument.
    pub fn with_messages(self, messages: Vec<String>) -> Self {
        self.with("response_metadata", json!({ "messages": messages }))
    }

    /// The body: `{"ok": false, "error": code, …}`.
    pub fn body(&self) -> Value {
        let mut body = Map::new();
        body.insert("ok".into(), Value::Bool(false));
        body.insert("error".into(), Value::String(self.code.clone()));
        body.extend(self.extra.clone());
        Value::Object(body)
    }
}

/// What a method's behaviour gives: the fields of a success, or a failure.
pub type Outcome = Result<Map<String, Value>, Failure>;

/// A success body from its fields: `"ok": true` first, then the warnings, if any, both as
/// `warning` and in `response_metadata.warnings`, as Slack writes them.
pub fn success(fields: Map<String, Value>, warnings: &[&str]) -> Value {
    let mut body = Map::new();
    body.insert("ok".into(), Value::Bool(true));
    body.extend(fields);
    if !warnings.is_empty() {
        body.insert("warning".into(), Value::String(warnings.join(",")));
        let meta = body.entry("response_metadata").or_insert_with(|| json!({}));
        if let Some(meta) = meta.as_object_mut() {
            meta.insert("warnings".into(), json!(warnings));
        }
    }
    Value::Object(body)
}

/// An object from `json!({...})`, for behaviours (anything else is an empty object).
pub fn fields(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}
