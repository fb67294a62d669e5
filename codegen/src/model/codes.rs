//! Tables of error and warning codes.

use std::collections::BTreeSet;

use super::report::Report;
use super::Code;
use crate::names::{is_valid_name, pascal_case};
use crate::spec;

/// Checks a table of codes: valid, unique, and not a name the generated enum keeps for itself.
pub(super) fn codes(
    list: &[spec::Code],
    key: &str,
    reserved: &[&str],
    report: &mut Report<'_>,
) -> Vec<Code> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for (i, c) in list.iter().enumerate() {
        match code(c, reserved, &mut seen) {
            Ok(code) => out.push(code),
            Err(msg) => report.key(&c.lines, &format!("{key}[{i}]"), "code", msg),
        }
    }
    out
}

/// One row of a table of codes, or what is wrong with its code. `seen` holds the variants
/// of the rows before it.
fn code(c: &spec::Code, reserved: &[&str], seen: &mut BTreeSet<String>) -> Result<Code, String> {
    if !is_valid_name(&c.code) {
        return Err(format!("`{}` cannot become a Rust identifier", c.code));
    }
    let variant = pascal_case(&c.code);
    if !seen.insert(variant.clone()) {
        return Err(format!("duplicate code `{}`", c.code));
    }
    if reserved.contains(&variant.as_str()) {
        return Err(format!(
            "`{}` would clash with the generated `{variant}` variant",
            c.code
        ));
    }
    Ok(Code {
        code: c.code.clone(),
        variant,
        description: c.description.clone(),
    })
}
