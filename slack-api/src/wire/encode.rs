//! Arguments → the request Slack expects.

use std::borrow::Cow;

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

use super::{form, multipart, Part, WireBody, WireRequest, FORM_CONTENT_TYPE, JSON_CONTENT_TYPE};
use crate::{Auth, Encoding, HttpMethod, MethodMeta, ParamValue, Params};

/// The request for a call to `method` with these arguments, as its metadata says (`None`:
/// a method the spec does not know, sent as a form POST):
///
/// * the verb is the metadata's; a GET carries the arguments in the query string;
/// * a POST with a file argument is `multipart/form-data`, else JSON when the method
///   accepts JSON, else a form;
/// * a list is encoded as its argument's metadata says: comma-separated, or a JSON array
///   (JSON text in a form); a list the metadata does not know is comma-separated in a form
///   and an array in a JSON body;
/// * a JSON value is JSON text in a form (a JSON string as it is), the value in a JSON body;
/// * the token goes only in the `Authorization: Bearer` header, and a method that
///   authenticates with the app's client credentials ([`Auth::ClientCredentials`]) gets no
///   token at all (the client adds its `Basic` header).
///
/// `base_url` ends with `/`; the URL is `base_url` followed by the method's name.
pub fn encode<'p>(
    method: &str,
    meta: Option<&MethodMeta>,
    params: &'p Params<'_>,
    base_url: &str,
    token: &str,
) -> WireRequest<'p> {
    let mut url = String::with_capacity(base_url.len() + method.len());
    url.push_str(base_url);
    url.push_str(method);
    let mut headers = Vec::with_capacity(2);
    if meta.is_none_or(|m| m.auth == Auth::Token) {
        let mut authorization = String::with_capacity(7 + token.len());
        authorization.push_str("Bearer ");
        authorization.push_str(token);
        headers.push(("authorization", Cow::Owned(authorization)));
    }
    let verb = meta.map_or(HttpMethod::Post, |m| m.http_method);
    let body = match verb {
        HttpMethod::Get => {
            let query = to_form(meta, params);
            if !query.is_empty() {
                url.push('?');
                url.push_str(&query);
            }
            WireBody::Empty
        }
        _ if params.has_files() => {
            let parts = to_parts(meta, params);
            let boundary = multipart::boundary(&parts);
            let content_type = format!("multipart/form-data; boundary={boundary}");
            headers.push(("content-type", Cow::Owned(content_type)));
            WireBody::Multipart { boundary, parts }
        }
        _ if meta.is_some_and(MethodMeta::accepts_json) => {
            headers.push(("content-type", Cow::Borrowed(JSON_CONTENT_TYPE)));
            WireBody::Json(to_json(meta, params))
        }
        _ => {
            headers.push(("content-type", Cow::Borrowed(FORM_CONTENT_TYPE)));
            WireBody::Form(to_form(meta, params))
        }
    };
    WireRequest {
        method: verb,
        url,
        headers,
        body,
    }
}

/// How the metadata says the argument `name` is encoded, if it knows the argument.
fn encoding(meta: Option<&MethodMeta>, name: &str) -> Option<Encoding> {
    meta.and_then(|m| m.argument(name)).map(|a| a.encoding)
}

/// `application/x-www-form-urlencoded`, for a query string or a form body. Files are left
/// out: a request with a file is sent as multipart.
fn to_form(meta: Option<&MethodMeta>, params: &Params<'_>) -> String {
    let mut out = String::new();
    for (name, value) in params.iter() {
        if matches!(value, ParamValue::File(_)) {
            continue;
        }
        if !out.is_empty() {
            out.push('&');
        }
        form::encode_component(&mut out, name);
        out.push('=');
        form::encode_component(&mut out, &form_value(encoding(meta, name), value));
    }
    out
}

/// Every argument a text part (as in a form), each file a file part.
fn to_parts<'p>(meta: Option<&MethodMeta>, params: &'p Params<'_>) -> Vec<Part<'p>> {
    params
        .iter()
        .map(|(name, value)| match value {
            ParamValue::File(file) => Part {
                name: Cow::Borrowed(name),
                filename: Some(Cow::Borrowed(file.filename())),
                content_type: file
                    .mime()
                    .filter(|m| multipart::valid_content_type(m))
                    .map(Cow::Borrowed),
                data: Cow::Borrowed(file.bytes()),
            },
            other => Part {
                name: Cow::Borrowed(name),
                filename: None,
                content_type: None,
                data: Cow::Owned(
                    form_value(encoding(meta, name), other)
                        .into_owned()
                        .into_bytes(),
                ),
            },
        })
        .collect()
}

/// A JSON object body.
fn to_json(meta: Option<&MethodMeta>, params: &Params<'_>) -> Vec<u8> {
    // Serializing strings, numbers and JSON values into a Vec cannot fail.
    serde_json::to_vec(&JsonBody(meta, params)).unwrap_or_else(|_| b"{}".to_vec())
}

/// A value as text, as a form (or a multipart text part) carries it.
fn form_value<'v>(encoding: Option<Encoding>, value: &'v ParamValue<'_>) -> Cow<'v, str> {
    match value {
        ParamValue::Str(s) => Cow::Borrowed(s),
        ParamValue::Bool(b) => Cow::Borrowed(if *b { "true" } else { "false" }),
        ParamValue::Int(i) => Cow::Owned(i.to_string()),
        ParamValue::Num(x) => Cow::Owned(x.to_string()),
        ParamValue::Json(v) => match v.as_ref() {
            serde_json::Value::String(s) => Cow::Borrowed(s),
            other => Cow::Owned(other.to_string()),
        },
        ParamValue::List(items) if encoding == Some(Encoding::JsonArray) => {
            Cow::Owned(serde_json::to_string(items).unwrap_or_default())
        }
        ParamValue::List(items) => Cow::Owned(items.join(",")),
        ParamValue::File(file) => Cow::Borrowed(file.filename()),
    }
}

struct JsonBody<'m, 'p, 'a>(Option<&'m MethodMeta>, &'p Params<'a>);

impl Serialize for JsonBody<'_, '_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.1.len()))?;
        for (name, value) in self.1.iter() {
            map.serialize_entry(name, &JsonValue(encoding(self.0, name), value))?;
        }
        map.end()
    }
}

struct JsonValue<'v, 'a>(Option<Encoding>, &'v ParamValue<'a>);

impl Serialize for JsonValue<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.1 {
            ParamValue::Str(s) => serializer.serialize_str(s),
            ParamValue::Bool(b) => serializer.serialize_bool(*b),
            ParamValue::Int(i) => serializer.serialize_i64(*i),
            ParamValue::Num(x) => serializer.serialize_f64(*x),
            ParamValue::Json(v) => v.serialize(serializer),
            // A list the metadata encodes as a JSON array, or does not know: an array.
            ParamValue::List(items) if matches!(self.0, None | Some(Encoding::JsonArray)) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            ParamValue::List(items) => serializer.serialize_str(&items.join(",")),
            // Never in a JSON body: a request with a file is sent as multipart.
            ParamValue::File(file) => serializer.serialize_str(file.filename()),
        }
    }
}
