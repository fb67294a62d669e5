//! A request that arrives → typed arguments and the token, as a server reads it.

use std::borrow::Cow;

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::Value;

use super::form::{self, Charset};
use super::{multipart, DecodedRequest, IncomingRequest, WireError, WireWarning};
use crate::{
    ArgType, ArgumentMeta, Auth, Encoding, FileUpload, MethodMeta, ParamValue, Params, Token,
};

/// A value as it came, before it is typed.
enum Field {
    /// From a query string, a form, or a multipart text part.
    Text(String),
    /// From a JSON body.
    Json(Value),
    /// A multipart file part.
    File(FileUpload),
}

/// Reads a request to the method `meta` describes (`None`: a method the spec does not
/// know, every argument kept as it came): a GET's query string; a POST's query string and
/// body, a form, a JSON object or `multipart/form-data`. Each argument the metadata knows
/// is typed by its [`ArgType`] (lists as its [`Encoding`] says, and a JSON array accepted
/// for any list); others are kept (text as strings, JSON as [`Params::from_json`] takes it).
/// The token comes from the `Authorization: Bearer` header, or else from a `token`
/// argument; it is never among the params. Arguments keep their order (query first);
/// repeated ones are all kept.
pub fn decode(
    meta: Option<&MethodMeta>,
    request: &IncomingRequest<'_>,
) -> Result<DecodedRequest, WireError> {
    let post = match request.method {
        m if m.eq_ignore_ascii_case("GET") => false,
        m if m.eq_ignore_ascii_case("POST") => true,
        other => {
            return Err(WireError::UnsupportedHttpMethod(
                other.chars().take(16).collect(),
            ))
        }
    };
    let mut fields = Vec::new();
    if let Some(query) = request.query {
        for (name, value) in form::parse(query.as_bytes(), Charset::Utf8)? {
            fields.push((name, Field::Text(value)));
        }
    }
    let mut warnings = Vec::new();
    if post {
        read_body(request, &mut fields, &mut warnings)?;
    }
    // A method that authenticates with the app's credentials carries them, not a token, in
    // the header (read them with `basic_credentials`).
    let mut token = match meta {
        Some(m) if m.auth == Auth::ClientCredentials => None,
        _ => bearer(request.authorization)?,
    };
    let mut params = Params::new();
    for (name, field) in fields {
        if name == "token" {
            let value = match field {
                Field::Json(Value::Null) => continue,
                Field::Text(text) | Field::Json(Value::String(text)) => text,
                other => return Err(invalid("token", &ArgType::String, &found(&other))),
            };
            token.get_or_insert_with(|| Token::new(value));
            continue;
        }
        let value = match meta.and_then(|m| m.argument(&name)) {
            Some(argument) => typed(argument, field)?,
            None => untyped(field),
        };
        if let Some(value) = value {
            params.push(name, value);
        }
    }
    Ok(DecodedRequest {
        token,
        params,
        warnings,
    })
}

/// The client ID and secret of an `Authorization: Basic` header (`base64(id:secret)`), as
/// the methods that authenticate with client credentials get them; `None` for any other
/// header or one that does not decode.
///
/// ```
/// use slack_api::wire::basic_credentials;
/// let (id, secret) = basic_credentials("Basic MTIzNC41Njc4OnMzY3IzdA==").unwrap();
/// assert_eq!((id.as_str(), secret.expose()), ("1234.5678", "s3cr3t"));
/// assert!(basic_credentials("Bearer xoxb-1").is_none());
/// ```
pub fn basic_credentials(header: &str) -> Option<(String, Token)> {
    use base64::Engine;
    let (scheme, encoded) = header.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let (id, secret) = text.split_once(':')?;
    Some((id.to_owned(), Token::new(secret)))
}

/// The token of an `Authorization: Bearer <token>` header.
fn bearer(header: Option<&str>) -> Result<Option<Token>, WireError> {
    let Some(header) = header else {
        return Ok(None);
    };
    match header.trim().split_once(' ') {
        Some((scheme, token))
            if scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty() =>
        {
            Ok(Some(Token::new(token.trim())))
        }
        _ => Err(WireError::InvalidAuthorization),
    }
}

/// The fields of a POST body, as its content type says.
fn read_body(
    request: &IncomingRequest<'_>,
    fields: &mut Vec<(String, Field)>,
    warnings: &mut Vec<WireWarning>,
) -> Result<(), WireError> {
    let Some(content_type) = request.content_type else {
        return if request.body.is_empty() {
            Ok(())
        } else {
            Err(WireError::MissingContentType)
        };
    };
    let (media, params) = form::header_params(content_type);
    let param = |key: &str| {
        params
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    };
    let charset = param("charset").map(Charset::named).transpose()?;
    match media.to_ascii_lowercase().as_str() {
        "application/x-www-form-urlencoded" => {
            if charset.is_some() {
                warnings.push(WireWarning::SuperfluousCharset);
            }
            let pairs = form::parse(request.body, charset.unwrap_or(Charset::Utf8))?;
            fields.extend(pairs.into_iter().map(|(n, v)| (n, Field::Text(v))));
        }
        "application/json" => {
            if charset.is_none() {
                warnings.push(WireWarning::MissingCharset);
            }
            let text: Cow<'_, [u8]> = match charset {
                Some(Charset::Latin1) => {
                    Cow::Owned(Charset::Latin1.text(request.body.to_vec())?.into_bytes())
                }
                _ => Cow::Borrowed(request.body),
            };
            // An empty body is no arguments: what Slack's Python SDK sends for a JSON call
            // without any.
            if text.iter().all(u8::is_ascii_whitespace) {
                return Ok(());
            }
            let Ordered(object) =
                serde_json::from_slice(&text).map_err(|e| WireError::InvalidJson(e.to_string()))?;
            fields.extend(object.into_iter().map(|(n, v)| (n, Field::Json(v))));
        }
        "multipart/form-data" => {
            let boundary = param("boundary").unwrap_or_default();
            multipart_fields(request.body, boundary, fields)?;
        }
        other => {
            return Err(WireError::UnsupportedContentType(
                other.chars().take(64).collect(),
            ))
        }
    }
    Ok(())
}

/// The fields of a multipart body: a part with a file name is a file, any other is text.
fn multipart_fields(
    body: &[u8],
    boundary: &str,
    fields: &mut Vec<(String, Field)>,
) -> Result<(), WireError> {
    for part in multipart::parse(body, boundary)? {
        let field =
            match part.filename {
                Some(filename) => {
                    let file = FileUpload::new(filename, part.data.into_owned());
                    Field::File(match part.content_type {
                        Some(ct) => file.content_type(ct),
                        None => file,
                    })
                }
                None => Field::Text(String::from_utf8(part.data.into_owned()).map_err(|_| {
                    WireError::InvalidFormData("a text part that is not UTF-8".into())
                })?),
            };
        fields.push((part.name.into_owned(), field));
    }
    Ok(())
}

/// An argument the metadata does not know, as it came.
fn untyped(field: Field) -> Option<ParamValue<'static>> {
    match field {
        Field::Text(text) => Some(ParamValue::Str(Cow::Owned(text))),
        Field::Json(value) => {
            crate::param_value::from_json_value(&value).map(ParamValue::into_owned)
        }
        Field::File(file) => Some(ParamValue::File(Cow::Owned(file))),
    }
}

/// An argument typed as its metadata says; `None` for a JSON `null` (not set).
fn typed(argument: &ArgumentMeta, field: Field) -> Result<Option<ParamValue<'static>>, WireError> {
    let name = argument.name;
    let ty = &argument.ty;
    match (ty, field) {
        (ArgType::File, Field::File(file)) => Ok(Some(ParamValue::File(Cow::Owned(file)))),
        (ArgType::File, other) | (_, other @ Field::File(_)) => {
            Err(invalid(name, ty, &found(&other)))
        }
        (_, Field::Json(Value::Null)) => Ok(None),
        (ArgType::List(inner), Field::Text(text)) => {
            list_from_text(argument, inner, text).map(Some)
        }
        (ArgType::List(inner), Field::Json(Value::String(text))) => {
            list_from_text(argument, inner, text).map(Some)
        }
        (ArgType::List(inner), Field::Json(Value::Array(items))) => {
            list_from_json(name, inner, items).map(Some)
        }
        (ArgType::Json, Field::Text(text)) => serde_json::from_str(&text)
            .map(|v| Some(ParamValue::Json(Cow::Owned(v))))
            .map_err(|_| invalid(name, ty, &text)),
        (ArgType::Json, Field::Json(value)) => Ok(Some(ParamValue::Json(Cow::Owned(value)))),
        (_, Field::Text(text)) => scalar(name, ty, text).map(Some),
        (_, Field::Json(value)) => match json_scalar_text(&value) {
            Some(text) if !matches!(ty, ArgType::List(_)) => scalar(name, ty, text).map(Some),
            _ => Err(invalid(name, ty, &value.to_string())),
        },
    }
}

/// A JSON string, number or boolean as text: what a form would have carried.
fn json_scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A scalar argument from its text.
fn scalar(name: &str, ty: &ArgType, text: String) -> Result<ParamValue<'static>, WireError> {
    let bad = |text: &str| invalid(name, ty, text);
    Ok(match ty {
        ArgType::Boolean => ParamValue::Bool(parse_bool(&text).ok_or_else(|| bad(&text))?),
        ArgType::Integer => ParamValue::Int(text.trim().parse().map_err(|_| bad(&text))?),
        ArgType::Number => ParamValue::Num(text.trim().parse().map_err(|_| bad(&text))?),
        _ => ParamValue::Str(Cow::Owned(text)),
    })
}

fn parse_bool(text: &str) -> Option<bool> {
    match text.trim() {
        "1" => Some(true),
        "0" => Some(false),
        t if t.eq_ignore_ascii_case("true") => Some(true),
        t if t.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

/// A list from its text: a JSON array when the text is one, else comma-separated, whatever
/// the argument's own encoding (Slack takes both: its Python SDK sends `user_ids=U1,U2` to
/// methods whose lists this crate sends as JSON arrays). A JSON-array argument whose text
/// starts like an array but is not one is an error. Empty (or blank) text is the empty
/// list.
fn list_from_text(
    argument: &ArgumentMeta,
    inner: &ArgType,
    text: String,
) -> Result<ParamValue<'static>, WireError> {
    if text.trim().is_empty() {
        return Ok(ParamValue::List(Vec::new()));
    }
    let looks_json = text.trim_start().starts_with('[');
    if looks_json {
        match serde_json::from_str::<Vec<Value>>(&text) {
            Ok(items) => return list_from_json(argument.name, inner, items),
            Err(_) if argument.encoding == Encoding::JsonArray => {
                return Err(invalid(argument.name, &argument.ty, &text))
            }
            Err(_) => {}
        }
    }
    let items = text.split(',').map(str::to_owned).collect();
    checked_list(argument.name, inner, items)
}

/// A list from a JSON array of scalars.
fn list_from_json(
    name: &str,
    inner: &ArgType,
    items: Vec<Value>,
) -> Result<ParamValue<'static>, WireError> {
    let items = items
        .iter()
        .map(|item| json_scalar_text(item).ok_or_else(|| invalid(name, inner, &item.to_string())))
        .collect::<Result<Vec<_>, _>>()?;
    checked_list(name, inner, items)
}

/// The list, once each item is checked against the items' type.
fn checked_list(
    name: &str,
    inner: &ArgType,
    items: Vec<String>,
) -> Result<ParamValue<'static>, WireError> {
    for item in &items {
        let ok = match inner {
            ArgType::Boolean => parse_bool(item).is_some(),
            ArgType::Integer => item.trim().parse::<i64>().is_ok(),
            ArgType::Number => item.trim().parse::<f64>().is_ok(),
            ArgType::Json => serde_json::from_str::<Value>(item).is_ok(),
            ArgType::File | ArgType::List(_) => false,
            _ => true,
        };
        if !ok {
            return Err(invalid(name, inner, item));
        }
    }
    Ok(ParamValue::List(
        items.into_iter().map(Cow::Owned).collect(),
    ))
}

fn found(field: &Field) -> String {
    match field {
        Field::Text(text) => text.clone(),
        Field::Json(value) => value.to_string(),
        Field::File(file) => format!("a file ({})", file.filename()),
    }
}

fn invalid(argument: &str, expected: &ArgType, found: &str) -> WireError {
    WireError::InvalidArgument {
        argument: argument.to_owned(),
        expected: *expected,
        found: found.chars().take(64).collect(),
    }
}

/// A JSON object with its members in their order.
struct Ordered(Vec<(String, Value)>);

impl<'de> Deserialize<'de> for Ordered {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ObjectVisitor;
        impl<'de> Visitor<'de> for ObjectVisitor {
            type Value = Ordered;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Ordered, A::Error> {
                let mut members = Vec::new();
                while let Some(member) = map.next_entry::<String, Value>()? {
                    members.push(member);
                }
                Ok(Ordered(members))
            }
        }
        deserializer.deserialize_map(ObjectVisitor)
    }
}
