//! The method's errors.

use crate::common::Common;
use crate::reference::{MethodPage, Reference};

pub(super) fn errors(
    reference: &Reference,
    common: &Common,
    source: &MethodPage,
    name: &str,
) -> (Vec<(String, String)>, Vec<String>) {
    let mut out: Vec<(String, String)> = source.errors.clone();
    let mut comments = Vec::new();
    if !source.errors_listed {
        comments.push(format!(
            "errors: {} has no error table; copy the method's error table from its reference page (https://docs.slack.dev/reference/methods/{name}).",
            source.origin.file(name)
        ));
    }
    let mut added = 0;
    let mut warnings = Vec::new();
    let mut truncated = Vec::new();
    for code in reference.openapi_error_enum(name) {
        if out.iter().any(|(c, _)| *c == code) || common.errors.contains(&code) {
            continue;
        }
        if common.warnings.contains(&code) {
            warnings.push(code);
            continue;
        }
        if let Some(full) = reference.truncated_copy_of(&code) {
            truncated.push(format!("`{code}` (of `{full}`)"));
            continue;
        }
        out.push((
            code,
            "Listed in the OpenAPI spec's error codes for this method, which give no description."
                .into(),
        ));
        added += 1;
    }
    if added > 0 {
        comments.push(format!(
            "errors: the reference page's table, then {added} more code(s) from the OpenAPI error enum."
        ));
    }
    if !warnings.is_empty() {
        comments.push(format!(
            "errors: the OpenAPI enum also lists the warning code(s) {} (spec/common/warnings.yaml); left out.",
            warnings.join(", ")
        ));
    }
    if !truncated.is_empty() {
        comments.push(format!(
            "errors: the OpenAPI enum also lists truncated copies of codes: {}; left out.",
            truncated.join(", ")
        ));
    }
    (out, comments)
}
