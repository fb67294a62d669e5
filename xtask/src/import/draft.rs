//! The draft of one method, built from the reference data.

use crate::common::Common;
use crate::reference::{MethodPage, OpenApiOp, PageOrigin, Reference, Transport};

use super::args::decide_type;
use super::errors::errors;
use super::idempotence::idempotence;
use super::rate_limit::rate_limit;
use super::response::pagination;
use super::tables::{DEPRECATED, EXTRA_TOKENS, NO_JSON};

#[derive(Debug, Clone, PartialEq)]
pub(super) enum RateLimit {
    Tier(u8),
    Special {
        text: String,
        per_minute: Option<u32>,
        per: Option<String>,
    },
    Undocumented,
}

#[derive(Debug, Clone)]
pub(super) struct Token {
    pub(super) ty: &'static str,
    pub(super) scopes: Vec<String>,
    pub(super) scopes_match: Option<(&'static str, String)>,
}

#[derive(Debug, Clone)]
pub(super) struct Arg {
    pub(super) name: String,
    pub(super) ty: String,
    pub(super) encoding: Option<&'static str>,
    pub(super) required: bool,
    pub(super) description: String,
    pub(super) example: Option<String>,
    pub(super) default: Option<String>,
    pub(super) comments: Vec<String>,
    /// How an argument without a type in the data was typed.
    pub(super) class: Option<&'static str>,
}

#[derive(Debug, Clone)]
pub(super) struct Pagination {
    pub(super) cursor: String,
    pub(super) limit: Option<String>,
    pub(super) next_cursor: &'static str,
    pub(super) items: String,
}

#[derive(Debug, Clone)]
pub(super) struct Field {
    pub(super) name: String,
    pub(super) ty: String,
    pub(super) required: bool,
    pub(super) description: String,
}

#[derive(Debug, Clone)]
pub(super) struct Draft {
    pub(super) name: String,
    pub(super) sources: Vec<String>,
    pub(super) description: String,
    pub(super) http_method: String,
    pub(super) http_comments: Vec<String>,
    pub(super) content_types: Vec<&'static str>,
    pub(super) content_comments: Vec<String>,
    pub(super) rate_limit: RateLimit,
    pub(super) rate_comments: Vec<String>,
    pub(super) idempotent: bool,
    pub(super) idempotent_comment: String,
    pub(super) tokens: Vec<Token>,
    pub(super) tokens_comments: Vec<String>,
    pub(super) deprecated: Option<(String, Option<String>)>,
    pub(super) deprecated_comments: Vec<String>,
    pub(super) arguments: Vec<Arg>,
    pub(super) pagination: Option<Pagination>,
    pub(super) pagination_comments: Vec<String>,
    pub(super) response_fields: Vec<Field>,
    pub(super) errors: Vec<(String, String)>,
    pub(super) errors_comments: Vec<String>,
    pub(super) drift: Vec<(String, String)>,
}

/// What the reference data has on one method.
struct Facts<'a> {
    name: &'a str,
    /// Its page in `docs-methods/` (or `docs-methods-2026-10/`).
    docs: Option<&'a MethodPage>,
    /// Its page in `docs-methods/` (or `docs-methods-2026-10/`), else its entry in
    /// `extra-methods.json`.
    source: &'a MethodPage,
    transport: Option<&'a Transport>,
    op: Option<&'a OpenApiOp>,
    /// Slack's Python SDK sends it a JSON body.
    json_body: bool,
}

/// Builds the draft of one method from the reference data.
pub(super) fn draft(reference: &Reference, common: &Common, name: &str) -> Result<Draft, String> {
    let docs = reference.docs(name)?;
    let source = docs
        .or_else(|| reference.extra.get(name))
        .ok_or_else(|| format!("error: no reference data for `{name}`"))?;
    let transport = reference.transport.get(name);
    let facts = Facts {
        name,
        docs,
        source,
        transport,
        op: reference.openapi_op(name),
        json_body: transport.is_some_and(|t| t.python_body.split(',').any(|b| b.trim() == "json")),
    };

    let sources = sources(&facts);
    // The `drift:` entries, in the order the sections below add them.
    let mut drift = Vec::new();
    let arguments = arguments(&facts, &mut drift);
    let (http_method, http_comments) = verb(&facts);
    let (content_types, content_comments) = content_types(&facts, &arguments, &mut drift);
    let (rate_limit, rate_comments) = rate_limit(reference, docs, name);
    let (idempotent, idempotent_comment) = idempotence(name);
    let (tokens, tokens_comments) = tokens(&facts, &mut drift);
    let description = source
        .desc
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .unwrap_or(name)
        .to_string();
    let (deprecated, deprecated_comments) = deprecation(&facts, &description);
    let (pagination, pagination_comments, response_fields) =
        pagination(reference, name, &arguments);
    let (errors, errors_comments) = errors(reference, common, source, name);

    Ok(Draft {
        name: name.to_string(),
        sources,
        description,
        http_method,
        http_comments,
        content_types,
        content_comments,
        rate_limit,
        rate_comments,
        idempotent,
        idempotent_comment,
        tokens,
        tokens_comments,
        deprecated,
        deprecated_comments,
        arguments,
        pagination,
        pagination_comments,
        response_fields,
        errors,
        errors_comments,
        drift,
    })
}

/// The header comment: where each fact comes from.
fn sources(facts: &Facts) -> Vec<String> {
    let name = facts.name;
    let mut sources = vec![format!(
        "{name}: a first draft by `cargo xtask import`, curated by hand from here on."
    )];
    sources.push("Sources, in the reference data (../shared/slack-reference):".into());
    match facts.docs {
        Some(page) if page.origin == PageOrigin::DocsMethods2026_10 => {
            sources.push(format!(
                "- description, verb, arguments, tier and scopes: {} (it has no error table: see errors)",
                page.origin.file(name)
            ));
            if !page.response_examples.is_empty() {
                sources.push(format!(
                    "- {} example response(s): {}; type the response from them",
                    page.response_examples.len(),
                    page.origin.file(name)
                ));
            }
        }
        Some(page) => sources.push(format!(
            "- description, arguments, errors, tier and scopes: {}",
            page.origin.file(name)
        )),
        None => sources.push(format!(
            "- description and arguments: extra-methods.json (\"{name}\"); no reference page in docs-methods"
        )),
    }
    match facts.transport {
        Some(t) => sources.push(format!(
            "- verb and body: transport.tsv (Python SDK: {}; OpenAPI: {})",
            join_nonempty(&[&t.python_verb, &t.python_body], " ", "none"),
            join_nonempty(&[&t.openapi_verb, &t.openapi_consumes], " ", "none"),
        )),
        None => sources.push("- verb and body: transport.tsv has no row for it".into()),
    }
    if facts.op.is_some() {
        sources.push(format!(
            "- parameter types, error enum and response schema: openapi/slack_web_openapi_v2.json (/{name})"
        ));
    }
    sources
}

/// The arguments, each typed by [`decide_type`]; a type that differs from the data's adds
/// a `drift:` entry.
fn arguments(facts: &Facts, drift: &mut Vec<(String, String)>) -> Vec<Arg> {
    let mut arguments = Vec::new();
    for (arg_name, data) in &facts.source.args {
        let openapi_ty = facts
            .op
            .and_then(|op| op.params.get(arg_name))
            .and_then(|p| p.ty.as_deref());
        let decision = decide_type(facts.name, arg_name, data, openapi_ty, facts.json_body);
        if let Some(reason) = decision.drift {
            drift.push((format!("argument.{arg_name}.type"), reason));
        }
        arguments.push(Arg {
            name: arg_name.clone(),
            ty: decision.ty,
            encoding: decision.encoding,
            required: data.required,
            description: if data.description.is_empty() {
                "(The reference page gives no description.)".into()
            } else {
                data.description.clone()
            },
            example: data.example.clone(),
            default: data.default.clone(),
            comments: decision.comments,
            class: decision.class,
        });
    }
    arguments
}

/// The HTTP verb (Slack's Python SDK's, else the OpenAPI spec's, else the page's, else POST)
/// and its comments.
fn verb(facts: &Facts) -> (String, Vec<String>) {
    let python_verb = facts
        .transport
        .map(|t| t.python_verb.to_uppercase())
        .filter(|v| !v.is_empty());
    let openapi_verb = facts
        .transport
        .map(|t| t.openapi_verb.to_uppercase())
        .filter(|v| !v.is_empty())
        .or_else(|| facts.op.map(|op| op.verb.to_uppercase()));
    let mut http_comments = Vec::new();
    let http_method = match (&python_verb, &openapi_verb) {
        (Some(p), Some(o)) if p != o => {
            http_comments.push(format!(
                "verb: Slack's Python SDK sends {p}, the OpenAPI spec says {o}; the SDK, which Slack keeps current, wins."
            ));
            p.clone()
        }
        (Some(p), _) => p.clone(),
        (None, Some(o)) => {
            http_comments.push(format!(
                "verb: Slack's Python SDK has no such method; the OpenAPI spec says {o}."
            ));
            o.clone()
        }
        (None, None) if facts.source.http_method.is_some() => {
            let page = facts.source.http_method.clone().unwrap_or_default();
            http_comments.push(format!(
                "verb: neither Slack's Python SDK nor the OpenAPI spec has this method; its reference page ({}) says {page}.",
                facts.source.origin.file(facts.name)
            ));
            page
        }
        (None, None) => {
            http_comments.push(
                "verb: neither Slack's Python SDK nor the OpenAPI spec has this method; POST with a form body, which every Web API method accepts."
                    .into(),
            );
            "POST".into()
        }
    };
    (http_method, http_comments)
}

/// The content types: a form always, JSON when the OpenAPI spec or the Python SDK says so
/// (unless [`NO_JSON`] says otherwise), multipart when an argument is a file; a difference
/// from what the drift report expects adds a `drift:` entry.
fn content_types(
    facts: &Facts,
    arguments: &[Arg],
    drift: &mut Vec<(String, String)>,
) -> (Vec<&'static str>, Vec<String>) {
    let mut content_types = vec!["application/x-www-form-urlencoded"];
    let mut content_comments = Vec::new();
    let openapi_json = facts
        .transport
        .is_some_and(|t| t.openapi_consumes.split(',').any(|c| c.trim() == "json"))
        || facts.op.is_some_and(|op| op.consumes_json);
    if openapi_json || facts.json_body {
        if let Some((_, reason)) = NO_JSON.iter().find(|(m, _)| *m == facts.name) {
            content_comments.push(format!("content_types: no JSON: {reason}."));
            drift.push((
                "content_types".into(),
                format!("no application/json: {reason}"),
            ));
        } else {
            content_types.push("application/json");
            content_comments.push(
                match (openapi_json, facts.json_body) {
                    (true, true) => "content_types: JSON because the OpenAPI spec consumes it and Slack's Python SDK sends it.",
                    (true, false) => "content_types: JSON because the OpenAPI spec consumes it.",
                    _ => "content_types: JSON because Slack's Python SDK sends this method a JSON body.",
                }
                .into(),
            );
        }
    }
    let file_args: Vec<&str> = arguments
        .iter()
        .filter(|a| a.ty == "file")
        .map(|a| a.name.as_str())
        .collect();
    if !file_args.is_empty() {
        content_types.push("multipart/form-data");
        content_comments.push(format!(
            "content_types: multipart/form-data for the file part{} ({}).",
            if file_args.len() > 1 { "s" } else { "" },
            file_args
                .iter()
                .map(|a| format!("`{a}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
        let multipart_body = facts
            .transport
            .is_some_and(|t| t.python_body.split(',').any(|b| b.trim() == "multipart"));
        if !multipart_body && (facts.transport.is_some() || facts.op.is_some()) {
            // The drift report's reference has multipart only where the Python SDK sends it
            // (and compares content types only where the data has the method's transport).
            let reason = "multipart/form-data for the file part(s), which go only in a multipart body; Slack's Python SDK does not send this method multipart";
            match drift.iter_mut().find(|(id, _)| id == "content_types") {
                Some((_, r)) => *r = format!("{r}; {reason}"),
                None => drift.push(("content_types".into(), reason.into())),
            }
        }
    }
    (content_types, content_comments)
}

/// The token types and scopes of the page, else of [`EXTRA_TOKENS`] (with a `drift:` entry).
fn tokens(facts: &Facts, drift: &mut Vec<(String, String)>) -> (Vec<Token>, Vec<String>) {
    let mut tokens = Vec::new();
    let mut tokens_comments = Vec::new();
    for ty in ["bot", "user"] {
        let Some(scopes) = facts.source.scopes.get(ty).cloned() else {
            continue;
        };
        let scopes_match = (scopes.len() >= 2).then(|| scopes_match(&scopes));
        tokens.push(Token {
            ty,
            scopes,
            scopes_match,
        });
    }
    if tokens.is_empty() {
        if let Some((_, ty, scopes, why)) = EXTRA_TOKENS.iter().find(|(m, ..)| *m == facts.name) {
            tokens.push(Token {
                ty,
                scopes: scopes.iter().map(|s| s.to_string()).collect(),
                scopes_match: None,
            });
            tokens_comments.push(format!("tokens: the reference data lists none; {why}."));
            drift.push((
                format!("tokens.{ty}.extra"),
                format!("the data lists no token; {why}"),
            ));
        } else {
            tokens_comments.push(
                "tokens: the reference data lists no token type or scope for this method.".into(),
            );
        }
    }
    (tokens, tokens_comments)
}

/// The deprecation: from [`DEPRECATED`], or the page's description or flag.
fn deprecation(
    facts: &Facts,
    description: &str,
) -> (Option<(String, Option<String>)>, Vec<String>) {
    let mut deprecated_comments = Vec::new();
    let deprecated = if let Some((_, note, replacement, why)) =
        DEPRECATED.iter().find(|(m, ..)| *m == facts.name)
    {
        deprecated_comments.push(format!(
            "deprecated: not in the reference data; from {why}."
        ));
        Some((note.to_string(), replacement.map(String::from)))
    } else if description.to_lowercase().contains("deprecated") || facts.source.deprecated {
        let (note, replacement) = split_replacement(description);
        deprecated_comments.push("deprecated: the reference page's description says so.".into());
        Some((note, replacement))
    } else {
        None
    };
    (deprecated, deprecated_comments)
}

fn join_nonempty(parts: &[&String], sep: &str, none: &str) -> String {
    let parts: Vec<&str> = parts
        .iter()
        .map(|s| s.as_str())
        .filter(|s| !s.is_empty())
        .collect();
    if parts.is_empty() {
        none.to_string()
    } else {
        parts.join(sep)
    }
}

/// Splits "… Use x.y instead." off a deprecation text: (note, replacement).
fn split_replacement(text: &str) -> (String, Option<String>) {
    if let Some(start) = text.find("Use ") {
        let rest = &text[start + 4..];
        if let Some(end) = rest.find(" instead") {
            let method = rest[..end].trim_matches(|c: char| c == '`' || c == ' ');
            if method.contains('.') && !method.contains(' ') {
                let mut note = text[..start].trim().to_string();
                let after = rest[end + " instead".len()..].trim_start_matches('.');
                if !after.trim().is_empty() {
                    note.push(' ');
                    note.push_str(after.trim());
                }
                return (note, Some(method.to_string()));
            }
        }
    }
    (text.to_string(), None)
}

/// `any` when the scopes are alternatives, `all` otherwise, with the reason.
fn scopes_match(scopes: &[String]) -> (&'static str, String) {
    let conversation_type = |s: &String| {
        ["channels:", "groups:", "im:", "mpim:"]
            .iter()
            .any(|p| s.starts_with(p))
    };
    if scopes.iter().all(conversation_type) {
        (
            "any",
            "one scope per conversation type (public, private, DM, group DM): a token needs the one for the conversation at hand".into(),
        )
    } else if scopes.iter().all(|s| s.starts_with("search:read.")) {
        (
            "any",
            "each scope lets the search cover one more kind of content".into(),
        )
    } else {
        (
            "all",
            "the reference page lists these scopes together and does not say that one of them is enough".into(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replacement_is_split_off_a_deprecation() {
        assert_eq!(
            split_replacement("Deprecated: Starts a session. Use rtm.connect instead."),
            (
                "Deprecated: Starts a session.".to_string(),
                Some("rtm.connect".to_string())
            )
        );
        assert_eq!(
            split_replacement("Deprecated and non-functional."),
            ("Deprecated and non-functional.".to_string(), None)
        );
    }
}
