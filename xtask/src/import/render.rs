//! The draft as a spec file.

use std::fmt::Write as _;

use super::draft::{Draft, RateLimit};
use super::yaml::{comment, comments, hanging_comment, list, quoted, scalar, text};

/// The draft as a spec file.
pub(super) fn render(d: &Draft) -> String {
    let mut out = String::new();
    for line in &d.sources {
        hanging_comment(&mut out, line);
    }
    let _ = writeln!(out, "name: {}", d.name);
    text(&mut out, 0, "description", &d.description);
    let _ = writeln!(
        out,
        "docs: https://docs.slack.dev/reference/methods/{}",
        d.name
    );
    comments(&mut out, 0, &d.http_comments);
    let _ = writeln!(out, "http_method: {}", d.http_method);
    comments(&mut out, 0, &d.content_comments);
    let _ = writeln!(out, "content_types: [{}]", d.content_types.join(", "));
    comments(&mut out, 0, &d.rate_comments);
    match &d.rate_limit {
        RateLimit::Tier(n) => {
            let _ = writeln!(out, "rate_limit:\n  tier: {n}");
        }
        RateLimit::Special {
            text: special,
            per_minute,
            per,
        } => {
            out.push_str("rate_limit:\n");
            text(&mut out, 2, "special", special);
            if let Some(n) = per_minute {
                let _ = writeln!(out, "  per_minute: {n}");
            }
            if let Some(per) = per {
                let _ = writeln!(out, "  per: {}", scalar(per));
            }
        }
        RateLimit::Undocumented => out.push_str("rate_limit: undocumented\n"),
    }
    comment(&mut out, 0, &d.idempotent_comment);
    let _ = writeln!(out, "idempotent: {}", d.idempotent);
    comments(&mut out, 0, &d.tokens_comments);
    if !d.tokens.is_empty() {
        out.push_str("tokens:\n");
        for token in &d.tokens {
            let _ = writeln!(out, "  - type: {}", token.ty);
            if !token.scopes.is_empty() {
                let _ = writeln!(out, "    scopes: {}", list(&token.scopes));
            }
            if let Some((how, why)) = &token.scopes_match {
                comment(&mut out, 4, why);
                let _ = writeln!(out, "    scopes_match: {how}");
            }
        }
    }
    if let Some((note, replacement)) = &d.deprecated {
        comments(&mut out, 0, &d.deprecated_comments);
        out.push_str("deprecated:\n");
        text(&mut out, 2, "note", note);
        if let Some(replacement) = replacement {
            let _ = writeln!(out, "  replacement: {}", scalar(replacement));
        }
    }
    if !d.arguments.is_empty() {
        out.push_str("arguments:\n");
        for arg in &d.arguments {
            comments(&mut out, 2, &arg.comments);
            let _ = writeln!(out, "  - name: {}", arg.name);
            let _ = writeln!(out, "    type: {}", arg.ty);
            if let Some(encoding) = arg.encoding {
                let _ = writeln!(out, "    encoding: {encoding}");
            }
            if arg.required {
                out.push_str("    required: true\n");
            }
            text(&mut out, 4, "description", &arg.description);
            if let Some(example) = &arg.example {
                text(&mut out, 4, "example", example);
            }
            if let Some(default) = &arg.default {
                text(&mut out, 4, "default", default);
            }
        }
    }
    comments(&mut out, 0, &d.pagination_comments);
    if let Some(p) = &d.pagination {
        out.push_str("pagination:\n");
        let _ = writeln!(out, "  cursor_argument: {}", p.cursor);
        if let Some(limit) = &p.limit {
            let _ = writeln!(out, "  limit_argument: {limit}");
        }
        let _ = writeln!(out, "  next_cursor: {}", p.next_cursor);
        let _ = writeln!(out, "  items: {}", p.items);
    }
    if d.response_fields.is_empty() {
        // A draft only: the data names no field, which does not prove there is none.
        out.push_str(
            "# response: neither a sample nor the OpenAPI schema names a field. Check the Node SDK's\n\
             # response type and the reference page's example before keeping `fields: []`.\n\
             response:\n\
             \x20 # The sources checked (docs, sample, node-sdk, java-sdk, openapi): codegen wants one.\n\
             \x20 sources: []\n\
             \x20 fields: []\n",
        );
    } else {
        out.push_str(
            "response:\n  # The sources checked (docs, sample, node-sdk, java-sdk, openapi): codegen wants one.\n  sources: []\n  fields:\n",
        );
        for field in &d.response_fields {
            let _ = writeln!(out, "    - name: {}", field.name);
            let _ = writeln!(out, "      type: {}", field.ty);
            if field.required {
                out.push_str("      required: true\n");
            }
            text(&mut out, 6, "description", &field.description);
        }
    }
    comments(&mut out, 0, &d.errors_comments);
    if !d.errors.is_empty() {
        out.push_str("errors:\n");
        for (code, description) in &d.errors {
            let _ = writeln!(out, "  - code: {}", scalar(code));
            text(&mut out, 4, "description", description);
        }
    }
    if !d.drift.is_empty() {
        out.push_str(
            "# Differences from the reference data kept on purpose, for the drift report.\ndrift:\n",
        );
        for (id, reason) in &d.drift {
            text(&mut out, 2, &quoted(id), reason);
        }
    }
    out
}
