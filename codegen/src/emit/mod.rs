//! Emits Rust from the model, one module per artefact:
//!
//! | artefact | module |
//! |---|---|
//! | a method's metadata constant | [`meta`] |
//! | a method's minimal successful response, for `META` | [`skeleton`] |
//! | a request type, its constructor, its arguments on the wire | [`request`] |
//! | a client function and the setters of its `Call` | [`client`] |
//! | error enums: a method's own, and the common errors | [`errors`] |
//! | a response type | [`response`] |
//! | object types and their tolerant decoding | [`object`] |
//! | string enums | [`string_enum`] |
//! | unions | [`union`] |
//! | `Validate` impls from the spec's checks | [`validate`] |
//! | pagination | [`paging`] |
//! | files and modules: method files, families, the lists of all methods | [`layout`] |
//!
//! Behaviour every method or type shares lives in the runtime (`slack-api/src/`), mostly
//! as the macros these emitters call with a table (`lenient_object!`, `string_enum!`,
//! `error_enum!`, `setters!`): an emitted file holds only what differs.
//!
//! Such a table is written with [`verbatim`], one row per line, rather than formatted by
//! `prettyplease` (which would wrap a macro's input as one run of tokens).

use proc_macro2::{Literal, TokenStream};
use quote::quote;

pub mod build;
pub mod client;
pub mod errors;
pub mod layout;
pub mod meta;
pub mod object;
pub mod paging;
pub mod request;
pub mod response;
pub mod skeleton;
pub mod string_enum;
pub mod union;
pub mod validate;

pub use errors::common_errors;
pub use layout::{
    dispatch, families, family_mod, family_module, folder_mod, method_file, methods_mod,
    types_file, types_mod,
};

use crate::model::Ty;
use crate::names::ident;

/// The name of the carrier macro of [`verbatim`] text, replaced by the text itself when a
/// file is rendered.
pub const VERBATIM: &str = "__verbatim";

/// Text that goes into the file as it is (indented where the item stands), carried
/// through the token stream as a string literal: `__verbatim! { "..." }`.
pub fn verbatim(text: &str) -> TokenStream {
    let carrier = ident(VERBATIM);
    let text = lit(text);
    quote!(#carrier! { #text })
}

/// Makes bare URLs in a text from Slack's reference into autolinks (`<https://…>`), which
/// rustdoc renders as links and does not warn about. URLs in code spans, in angle
/// brackets, or already the target of a Markdown link are left as they are.
pub fn linkify(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut in_code = false;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let starts_url = rest.starts_with("https://") || rest.starts_with("http://");
        let mut before = out.chars().rev();
        let linked = match before.next() {
            Some('<') => true,
            Some('(') => before.next() == Some(']'),
            _ => false,
        };
        if c == '`' {
            in_code = !in_code;
        } else if starts_url && !in_code && !linked {
            let end = rest
                .find(|ch: char| ch.is_whitespace() || matches!(ch, '<' | '>' | '`' | '"'))
                .unwrap_or(rest.len());
            // Sentence punctuation after a URL is not part of it.
            let url = rest[..end].trim_end_matches(['.', ',', ';', ':', ')', '!', '?']);
            out.push('<');
            out.push_str(url);
            out.push('>');
            rest = &rest[url.len()..];
            continue;
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// `#[doc = "..."]` lines for a text; each line gets the leading space rustdoc expects.
pub fn docs(text: &str) -> TokenStream {
    let lines = doc_lines(text)
        .into_iter()
        .map(|line| quote!(#[doc = #line]));
    quote!(#(#lines)*)
}

/// `#![doc = "..."]` lines: the module's own documentation.
pub fn inner_docs(text: &str) -> TokenStream {
    let lines = doc_lines(text)
        .into_iter()
        .map(|line| quote!(#![doc = #line]));
    quote!(#(#lines)*)
}

/// A text as the lines of a doc comment, each with rustdoc's leading space.
fn doc_lines(text: &str) -> Vec<String> {
    linkify(text.trim())
        .lines()
        .map(|l| {
            let l = l.trim_end();
            if l.is_empty() {
                String::new()
            } else {
                format!(" {l}")
            }
        })
        .collect()
}

/// A text as `///` comment lines at `indent`, for [`verbatim`] text.
pub fn doc_comment(text: &str, indent: &str) -> String {
    doc_lines(text)
        .iter()
        .map(|l| format!("{indent}///{l}\n"))
        .collect()
}

pub fn lit(s: &str) -> Literal {
    Literal::string(s)
}

/// A string literal as Rust source text.
pub fn lit_text(s: &str) -> String {
    lit(s).to_string()
}

/// The Rust type of a field or argument (before `Option` for optional ones), as source
/// text: the one mapping from spec types to Rust types.
pub fn type_text(ty: &Ty, in_common: bool) -> String {
    match ty {
        Ty::String => "String".into(),
        Ty::Boolean => "bool".into(),
        Ty::Integer => "i64".into(),
        Ty::Number => "f64".into(),
        Ty::IntegerOrString => "crate::IntegerOrString".into(),
        Ty::Json => "serde_json::Value".into(),
        Ty::File => "crate::FileUpload".into(),
        Ty::Array(inner) => format!("Vec<{}>", type_text(inner, in_common)),
        Ty::Map(inner) => format!(
            "std::collections::BTreeMap<String, {}>",
            type_text(inner, in_common)
        ),
        Ty::Named { name, common } => named_path_text(name, *common, in_common),
    }
}

/// The Rust type of a decoded field (of a response or an object type): as [`type_text`],
/// but lists and maps are the model's tolerant `List` and `Dict`, which keep an element
/// that does not fit apart instead of failing the whole value.
pub fn field_type(ty: &Ty, in_common: bool) -> TokenStream {
    fn text(ty: &Ty, in_common: bool) -> String {
        match ty {
            Ty::Array(inner) => format!("crate::List<{}>", text(inner, in_common)),
            Ty::Map(inner) => format!("crate::Dict<{}>", text(inner, in_common)),
            Ty::String => "crate::Str".into(),
            other => type_text(other, in_common),
        }
    }
    text(ty, in_common)
        .parse()
        .unwrap_or_else(|_| quote!(compile_error!("unparsable type")))
}

/// [`type_text`] as tokens.
pub fn value_type(ty: &Ty, in_common: bool) -> TokenStream {
    type_text(ty, in_common)
        .parse()
        .unwrap_or_else(|_| quote!(compile_error!("unparsable type")))
}

/// Where a named type lives, seen from a method module or from the shared types module.
fn named_path_text(name: &str, common: bool, in_common: bool) -> String {
    if common && !in_common {
        format!("crate::types::{name}")
    } else {
        name.to_string()
    }
}

/// Where a named type lives (see `named_path_text`), as tokens.
pub fn named_path(name: &str, common: bool, in_common: bool) -> TokenStream {
    value_type(
        &Ty::Named {
            name: name.to_string(),
            common,
        },
        in_common,
    )
}

#[cfg(test)]
mod tests {
    use super::linkify;

    #[test]
    fn bare_urls_become_autolinks() {
        assert_eq!(
            linkify("see https://slack.com/help/articles/1-Usage."),
            "see <https://slack.com/help/articles/1-Usage>."
        );
        assert_eq!(linkify("<https://a.b/c>"), "<https://a.b/c>");
        assert_eq!(linkify("[x](https://a.b/c)"), "[x](https://a.b/c)");
        assert_eq!(linkify("`https://a.b/c`"), "`https://a.b/c`");
        assert_eq!(linkify("(https://a.b/c)"), "(<https://a.b/c>)");
        assert_eq!(linkify("no url"), "no url");
    }
}
