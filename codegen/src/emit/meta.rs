//! A method's metadata: `pub const META: crate::MethodMeta`, everything the client, the
//! wire layer, a rate limiter or an emulator needs to know about the method, as data.
//! Written as text, one line per argument and per token type.

use std::fmt::Debug;

use proc_macro2::TokenStream;

use super::{lit_text, named_path_text, verbatim};
use crate::model::{Arg, Method, Model, Ty};
use crate::spec::NextCursor;

/// The runtime's value for a spec enum value: both enums have the same variant names, so
/// this is the one mapping from the generator's enums (`HttpMethod`, `ContentType`,
/// `TokenType`, `ScopesMatch`, `Encoding`, `NextCursor`) to the runtime's.
fn runtime<T: Debug>(ty: &str, value: T) -> String {
    format!("crate::{ty}::{value:?}")
}

fn opt_text(value: Option<&str>) -> String {
    value.map_or_else(|| "None".into(), |v| format!("Some({})", lit_text(v)))
}

/// The typed argument type `META` records (`crate::ArgType::List(&crate::ArgType::String)`).
fn arg_type(ty: &Ty) -> String {
    match ty {
        Ty::String | Ty::IntegerOrString => "crate::ArgType::String".into(),
        Ty::Boolean => "crate::ArgType::Boolean".into(),
        Ty::Integer => "crate::ArgType::Integer".into(),
        Ty::Number => "crate::ArgType::Number".into(),
        Ty::Json | Ty::Map(_) => "crate::ArgType::Json".into(),
        Ty::File => "crate::ArgType::File".into(),
        Ty::Array(inner) => format!("crate::ArgType::List(&{})", arg_type(inner)),
        // Validation admits only enums among named argument types.
        Ty::Named { name, common } => format!(
            "crate::ArgType::Enum({}::VALUES)",
            named_path_text(name, *common, false)
        ),
    }
}

/// `crate::ArgumentMeta::optional("name", type)`, with Slack's default and the encoding
/// when it is not the type's usual one.
fn argument(a: &Arg) -> String {
    let ctor = if a.required { "required" } else { "optional" };
    let mut out = format!(
        "crate::ArgumentMeta::{ctor}({}, {})",
        lit_text(&a.name),
        // A typed JSON argument (Block Kit) is JSON on the wire.
        if a.typed_json {
            "crate::ArgType::Json".to_owned()
        } else {
            arg_type(&a.ty)
        }
    );
    if let Some(default) = &a.default {
        out.push_str(&format!(".with_default({})", lit_text(default)));
    }
    let usual = match a.ty {
        _ if a.typed_json => crate::spec::Encoding::Json,
        Ty::Array(_) => crate::spec::Encoding::CommaList,
        Ty::Json | Ty::Map(_) => crate::spec::Encoding::Json,
        Ty::File => crate::spec::Encoding::File,
        _ => crate::spec::Encoding::Text,
    };
    if a.encoding != usual {
        out.push_str(&format!(".encoded({})", runtime("Encoding", a.encoding)));
    }
    out
}

fn rate_limit(m: &Method) -> String {
    let r = &m.rate_limit;
    if let Some(t) = r.tier {
        return format!("crate::RateLimit::Tier({t})");
    }
    match &r.special {
        Some(note) => format!(
            "crate::RateLimit::Special {{\n        note: {},\n        per_minute: {},\n        per: {},\n    }}",
            lit_text(note),
            r.per_minute
                .map_or_else(|| "None".into(), |n| format!("Some({n})")),
            opt_text(r.per.as_deref()),
        ),
        None => "crate::RateLimit::Undocumented".into(),
    }
}

/// A list of items, one per line at one indent, as a slice expression.
fn list(items: impl IntoIterator<Item = String>) -> String {
    let items: Vec<String> = items.into_iter().collect();
    if items.is_empty() {
        return "&[]".into();
    }
    let mut out = "&[\n".to_string();
    for item in items {
        out.push_str(&format!("        {item},\n"));
    }
    out.push_str("    ]");
    out
}

fn tokens(m: &Method) -> String {
    list(m.tokens.iter().map(|(t, scopes, matching)| {
        let scopes: Vec<String> = scopes.iter().map(|s| lit_text(s)).collect();
        let ctor = format!("{matching:?}").to_lowercase();
        format!(
            "crate::TokenScopes::{ctor}({}, &[{}])",
            runtime("TokenType", t),
            scopes.join(", ")
        )
    }))
}

fn pagination(m: &Method) -> String {
    let Some(p) = &m.pagination else {
        return "None".into();
    };
    let arg_name = |rust: &str| {
        m.arguments
            .iter()
            .find(|a| a.rust_name == rust)
            .map_or_else(|| rust.to_string(), |a| a.name.clone())
    };
    let items = m
        .response_fields
        .iter()
        .find(|f| f.rust_name == p.items_field)
        .map_or_else(|| p.items_field.clone(), |f| f.name.clone());
    let next: NextCursor = p.next_cursor;
    format!(
        "Some(crate::PaginationMeta {{\n        cursor_argument: {},\n        limit_argument: {},\n        items: {},\n        next_cursor: {},\n    }})",
        lit_text(&arg_name(&p.cursor_argument)),
        opt_text(p.limit_argument.as_deref().map(arg_name).as_deref()),
        lit_text(&items),
        runtime("NextCursor", next),
    )
}

fn deprecated(m: &Method) -> String {
    match &m.deprecated {
        Some((note, replacement)) => format!(
            "Some(crate::Deprecation {{\n        note: {},\n        replacement: {},\n    }})",
            lit_text(note),
            opt_text(replacement.as_deref())
        ),
        None => "None".into(),
    }
}

/// `text` as a raw string literal (`r#"…"#`), with as many `#` as it needs: JSON stays
/// readable without its quotes escaped.
fn raw_lit_text(text: &str) -> String {
    let mut hashes = String::from("#");
    while text.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    format!("r{hashes}\"{text}\"{hashes}")
}

/// The method's `META` constant.
pub fn meta(m: &Method, model: &Model) -> TokenStream {
    let content_types: Vec<String> = m
        .content_types
        .iter()
        .map(|c| runtime("ContentType", c))
        .collect();
    let common_errors = list(m.listed_common_errors.iter().map(|c| {
        format!(
            "crate::ErrorInfo::new({}, {})",
            lit_text(&c.code),
            lit_text(&super::linkify(&c.description))
        )
    }));
    let warnings: Vec<String> = m.warnings.iter().map(|w| lit_text(&w.code)).collect();
    let fields = [
        ("name", lit_text(&m.name)),
        ("family", lit_text(&m.family)),
        ("description", lit_text(&m.description)),
        ("docs_url", lit_text(&m.docs)),
        ("http_method", runtime("HttpMethod", m.http_method)),
        ("content_types", format!("&[{}]", content_types.join(", "))),
        ("rate_limit", rate_limit(m)),
        ("idempotent", m.idempotent.to_string()),
        ("auth", runtime("Auth", m.auth)),
        ("tokens", tokens(m)),
        ("deprecated", deprecated(m)),
        ("pagination", pagination(m)),
        ("arguments", list(m.arguments.iter().map(argument))),
        ("errors", format!("{}Error::ERRORS", m.pascal)),
        ("common_errors", common_errors),
        ("warnings", format!("&[{}]", warnings.join(", "))),
        (
            "minimal_response",
            raw_lit_text(&super::skeleton::minimal_response(m, model)),
        ),
        (
            "check_args",
            if m.arguments.iter().any(|a| a.typed_json && a.checked) {
                "Some(crate::CheckArgs(check_args))".to_owned()
            } else {
                "None".to_owned()
            },
        ),
    ];
    let mut text = String::from(
        "/// Facts about the method: how the client sends it, and what a rate limiter or an\n\
         /// emulator needs to know.\n\
         pub const META: crate::MethodMeta = crate::MethodMeta {\n",
    );
    for (key, value) in fields {
        text.push_str(&format!("    {key}: {value},\n"));
    }
    text.push_str("};");
    verbatim(&text)
}

#[cfg(test)]
mod tests {
    use super::raw_lit_text;

    #[test]
    fn raw_literals_take_as_many_hashes_as_they_need() {
        assert_eq!(raw_lit_text(r#"{"ok":true}"#), r###"r#"{"ok":true}"#"###);
        assert_eq!(raw_lit_text(r##"{"a":"#x"}"##), r###"r##"{"a":"#x"}"##"###);
    }
}
