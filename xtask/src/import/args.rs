//! Argument types: how the importer types an argument, and how a list goes on the wire.

use crate::reference::{type_matches, DataArg};

use super::tables::{ARRAY_ITEMS, JSON_ARGS};

pub(super) struct Decision {
    pub(super) ty: String,
    pub(super) encoding: Option<&'static str>,
    pub(super) comments: Vec<String>,
    pub(super) class: Option<&'static str>,
    pub(super) drift: Option<String>,
}

/// The phrases with which Slack documents JSON values sent as text.
const JSON_PHRASES: &[&str] = &[
    "json-based",
    "json based",
    "json-encoded",
    "stringified json",
    "url-encoded json",
    "json app manifest",
    "json object with",
    "a json array",
];

/// The phrases with which Slack documents comma-separated lists.
const COMMA_PHRASES: &[&str] = &[
    "comma-separated list",
    "comma separated list",
    "comma-separated string",
    "comma separated string",
    "comma separated values",
    "comma-separated array",
];

/// The JSON phrase the description uses, as written there.
fn json_phrase(desc: &str) -> Option<&str> {
    let lower = desc.to_ascii_lowercase();
    JSON_PHRASES
        .iter()
        .find_map(|p| lower.find(p).map(|i| &desc[i..i + p.len()]))
}

/// True when the description calls the value a comma-separated list (or shows one, as in
/// "like `types=spaces,snippets`").
fn comma_list(name: &str, desc: &str) -> bool {
    let lower = desc.to_ascii_lowercase();
    let phrase = COMMA_PHRASES.iter().any(|p| lower.contains(p))
        || lower.starts_with("comma-separated")
        || lower.starts_with("comma separated");
    let shown = desc
        .find(&format!("`{name}="))
        .map(|i| &desc[i + name.len() + 2..])
        .and_then(|rest| rest.split('`').next())
        .is_some_and(|value| value.contains(','));
    phrase || shown
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_digit())
}

fn is_ts(s: &str) -> bool {
    s.split_once('.')
        .is_some_and(|(a, b)| is_digits(a) && is_digits(b))
}

fn is_id(s: &str) -> bool {
    s.len() >= 4
        && s.starts_with(|c: char| c.is_ascii_uppercase())
        && s.chars().all(|c| c.is_ascii_alphanumeric())
        && s.chars().any(|c| c.is_ascii_digit())
}

fn id_name(name: &str) -> bool {
    name == "id"
        || name.ends_with("_id")
        || ["channel", "user", "team", "usergroup", "target_team"].contains(&name)
}

/// What the data says of one argument, for the rules of [`decide_type`].
struct ArgFacts<'a> {
    method: &'a str,
    name: &'a str,
    data: &'a DataArg,
    /// The reference page's type.
    docs_ty: Option<&'a str>,
    /// The OpenAPI parameter's type.
    openapi_ty: Option<&'a str>,
    /// The page's type, else the OpenAPI parameter's.
    data_ty: Option<&'a str>,
    /// The page gives no type.
    untyped: bool,
    desc: &'a str,
    /// `desc` in lower case.
    lower: String,
    example: Option<&'a str>,
    /// Slack's Python SDK sends the method a JSON body.
    json_body: bool,
    /// What the data says, for the comment and the drift entry.
    said: String,
}

impl ArgFacts<'_> {
    /// The decision for type `ty`, with its comment and, when the type differs from the
    /// data's, its drift entry.
    fn decision(
        &self,
        ty: String,
        encoding: Option<&'static str>,
        class: &'static str,
        why: String,
    ) -> Decision {
        let said = &self.said;
        // The drift report's rule, so that every difference it finds has its entry.
        let same = self.data_ty.is_none_or(|t| type_matches(t, &ty));
        let comment = if self.untyped || !same {
            vec![format!("type: {said}; {ty}: {why}.")]
        } else {
            Vec::new()
        };
        Decision {
            drift: (!same).then(|| format!("{said}; {ty}: {why}")),
            ty,
            encoding,
            comments: comment,
            class: self.untyped.then_some(class),
        }
    }
}

/// Decides an argument's type, wire encoding, and the comment that explains the decision:
/// a file part, a JSON value, a list, the page's type, else a rule for untyped arguments.
pub(super) fn decide_type(
    method: &str,
    name: &str,
    data: &DataArg,
    openapi_ty: Option<&str>,
    json_body: bool,
) -> Decision {
    let docs_ty = data.ty.as_deref();
    let said = match (docs_ty, openapi_ty) {
        (Some(t), _) => format!("the reference page says {t}"),
        (None, Some(t)) => format!(
            "the reference page gives no type and the OpenAPI spec says {t}{}",
            if t == "string" {
                " (as for every form field)"
            } else {
                ""
            }
        ),
        (None, None) => "the reference data gives no type".to_string(),
    };
    let facts = ArgFacts {
        method,
        name,
        data,
        docs_ty,
        openapi_ty,
        data_ty: docs_ty.or(openapi_ty),
        untyped: docs_ty.is_none(),
        desc: data.description.as_str(),
        lower: data.description.to_ascii_lowercase(),
        example: data.example.as_deref().map(str::trim),
        json_body,
        said,
    };
    file_part(&facts)
        .or_else(|| json_value(&facts))
        .or_else(|| list(&facts))
        .or_else(|| page_type(&facts))
        .unwrap_or_else(|| untyped(&facts))
}

/// A file part: an untyped argument whose description says multipart or a file.
fn file_part(f: &ArgFacts) -> Option<Decision> {
    let lower = &f.lower;
    if f.untyped
        && (lower.contains("multipart/form-data")
            || lower.starts_with("a text file")
            || lower.starts_with("file containing"))
    {
        return Some(f.decision(
            "file".into(),
            None,
            "file",
            if lower.contains("multipart/form-data") {
                "the description says the contents go as multipart/form-data".into()
            } else {
                "the description says a file, which Slack's Python SDK sends as a multipart file part".into()
            },
        ));
    }
    None
}

/// A JSON value: by [`JSON_ARGS`], a JSON phrase, an example of objects, or an `object`.
fn json_value(f: &ArgFacts) -> Option<Decision> {
    let (docs_ty, example) = (f.docs_ty, f.example);
    let table = JSON_ARGS
        .iter()
        .find(|(m, a, _)| *m == f.method && *a == f.name)
        .map(|(.., why)| why.to_string());
    let objects_example =
        example.is_some_and(|e| e.starts_with('{') || e.replace(' ', "").starts_with("[{"));
    let json_why = if let Some(why) = table {
        Some(why)
    } else if let Some(phrase) = json_phrase(f.desc).filter(|_| docs_ty != Some("array")) {
        Some(format!("the description says \"{phrase}\""))
    } else if objects_example && (f.untyped || docs_ty == Some("array")) {
        Some(if docs_ty == Some("array") {
            "a list of objects (the example), which an argument sends as one JSON value".into()
        } else {
            "the example is a JSON object or a list of objects".into()
        })
    } else if docs_ty == Some("object") {
        Some("a JSON object".into())
    } else {
        None
    };
    let why = json_why?;
    let mut d = f.decision("json".into(), Some("json"), "json", why);
    if docs_ty == Some("object") {
        d.comments.clear();
    }
    Some(d)
}

/// A list: an `array`, a comma-separated list, or an untyped argument with a list example.
fn list(f: &ArgFacts) -> Option<Decision> {
    let (name, desc, docs_ty, example) = (f.name, f.desc, f.docs_ty, f.example);
    let list_example = example.is_some_and(|e| e.starts_with('['));
    if !(docs_ty == Some("array")
        || (matches!(f.data_ty, None | Some("string")) && comma_list(name, desc))
        || (f.untyped && list_example))
    {
        return None;
    }
    let (item, item_why) = ARRAY_ITEMS
        .iter()
        .find(|(m, a, ..)| *m == f.method && *a == name)
        .map(|(.., item, why)| (*item, Some(*why)))
        .unwrap_or(("string", None));
    let (encoding, encoding_why) = list_encoding(name, desc, example, f.json_body);
    let mut why = if docs_ty == Some("array") {
        String::new()
    } else if comma_list(name, desc) {
        "the description calls it a comma-separated list".into()
    } else {
        "the example is a list".into()
    };
    if let Some(item_why) = item_why {
        if !why.is_empty() {
            why.push_str("; ");
        }
        why.push_str(&format!("{item} items: {item_why}"));
    }
    let mut d = f.decision(
        format!("array<{item}>"),
        Some(encoding),
        "array",
        why.clone(),
    );
    if why.is_empty() {
        d.comments.clear();
    }
    if let Some(encoding_why) = encoding_why {
        d.comments
            .push(format!("encoding: {encoding}: {encoding_why}."));
    }
    Some(d)
}

/// The type the reference page gives.
fn page_type(f: &ArgFacts) -> Option<Decision> {
    let t = f.docs_ty?;
    Some(match t {
        "number" if ["limit", "count", "page"].contains(&f.name) => f.decision(
            "integer".into(),
            None,
            "integer",
            "it is a count (\"the maximum number of items\")".into(),
        ),
        "string" | "boolean" | "integer" | "number" => {
            f.decision(t.into(), None, "string", String::new())
        }
        other => f.decision(
            "string".into(),
            None,
            "string",
            format!("the page's type `{other}` is not one the spec has; sent as text"),
        ),
    })
}

/// No type in the reference page: the OpenAPI type when it says more than "string", a
/// boolean or number by the example or name, else a string.
fn untyped(f: &ArgFacts) -> Decision {
    let (name, example) = (f.name, f.example);
    if let Some(t) = f.openapi_ty.filter(|t| *t != "string") {
        let ty = match t {
            "boolean" | "integer" | "number" => t.to_string(),
            _ => "string".into(),
        };
        return f.decision(ty, None, "openapi", "the OpenAPI parameter's type".into());
    }
    if let Some(e) = example.filter(|e| matches!(*e, "true" | "false")) {
        return f.decision(
            "boolean".into(),
            None,
            "boolean",
            format!("the example is `{e}`"),
        );
    }
    if ["limit", "count", "page"].contains(&name) {
        return f.decision(
            "integer".into(),
            None,
            "integer",
            format!(
                "a count{}",
                f.data
                    .default
                    .as_deref()
                    .map(|d| format!(" (default {d})"))
                    .unwrap_or_default()
            ),
        );
    }
    if let Some(e) = example.filter(|e| is_digits(e) && !id_name(name)) {
        return f.decision(
            "integer".into(),
            None,
            "integer",
            format!("the example {e} is a number (a Unix time in seconds), not an ID or a `ts`"),
        );
    }
    f.decision("string".into(), None, "string", string_why(f))
}

/// Why an untyped argument is a string: what kind of text it holds.
fn string_why(f: &ArgFacts) -> String {
    let (name, example) = (f.name, f.example);
    if name == "ts" || name.ends_with("_ts") || example.is_some_and(is_ts) {
        "a message timestamp (`ts`), which Slack always sends as text".to_string()
    } else if id_name(name) || example.is_some_and(is_id) {
        match example {
            Some(e) => format!("an ID (example `{e}`)"),
            None => "an ID".to_string(),
        }
    } else if name.contains("pointer")
        || example.is_some_and(|e| {
            e.contains('.') && e.chars().all(|c| c.is_ascii_alphanumeric() || c == '.')
        })
    {
        match example {
            Some(e) => format!("an opaque identifier (example `{e}`)"),
            None => "an opaque identifier".to_string(),
        }
    } else if example.is_some_and(|e| e.starts_with("http")) {
        "a URL".into()
    } else if f.lower.contains("acceptable values") || f.lower.contains("is supported") {
        "one word from a fixed set (the description names them)".into()
    } else if example.is_some_and(|e| e.len() == 10 && e.chars().filter(|c| *c == '-').count() == 2)
    {
        "a date written as YYYY-MM-DD".into()
    } else if f.desc.is_empty() && example.is_none() {
        "the page gives no description or example, so plain text until someone knows better".into()
    } else {
        "plain text: nothing in the description or example points to another type".into()
    }
}

/// How a list goes on the wire: (encoding, why when not obvious).
fn list_encoding(
    name: &str,
    desc: &str,
    example: Option<&str>,
    json_body: bool,
) -> (&'static str, Option<String>) {
    if json_body {
        return (
            "json_array",
            Some(
                "Slack's Python SDK sends this method a JSON body, with the list as a JSON array"
                    .into(),
            ),
        );
    }
    if comma_list(name, desc) {
        return ("comma_list", None);
    }
    match example {
        Some(e) if !e.starts_with('[') && e.contains(',') => (
            "comma_list",
            Some("the example is a comma-separated list".into()),
        ),
        Some(e) if e.starts_with('[') && e.contains('"') => {
            ("json_array", Some("the example is a JSON array".into()))
        }
        Some(e) if e.starts_with('[') => (
            "comma_list",
            Some("the example is written as a Python list; Slack's usual form, which its Python SDK sends for ID lists, is comma-separated".into()),
        ),
        _ => (
            "comma_list",
            Some("Slack's usual list form, which its Python SDK sends for ID lists".into()),
        ),
    }
}
