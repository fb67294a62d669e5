//! A method's `pagination`: the arguments and response fields that cursor paging uses.

use super::report::Report;
use super::{rust_field_name, Arg, Field, Paging, Ty};
use crate::spec::{self, NextCursor};

/// `pagination`: the cursor and limit arguments, the items field and where the next cursor
/// comes; `None` when any has a problem.
pub(super) fn pagination(
    p: &spec::Pagination,
    raw: &spec::MethodFile,
    arguments: &[Arg],
    response_fields: &[Field],
    report: &mut Report<'_>,
) -> Option<Paging> {
    let arguments_ok = paging_arguments(p, raw, arguments, report);
    let item_ty = paging_items(p, raw, response_fields, report);
    let next_cursor_ok = paging_next_cursor(p, response_fields, report);
    let item_ty = item_ty?;
    (arguments_ok && next_cursor_ok).then(|| Paging {
        cursor_argument: rust_field_name(&p.cursor_argument),
        limit_argument: p.limit_argument.as_deref().map(rust_field_name),
        next_cursor: p.next_cursor,
        items_field: rust_field_name(&p.items),
        item_ty,
    })
}

/// `pagination.cursor_argument` and `pagination.limit_argument` name optional arguments, a
/// string and an integer. Returns whether both do.
fn paging_arguments(
    p: &spec::Pagination,
    raw: &spec::MethodFile,
    arguments: &[Arg],
    report: &mut Report<'_>,
) -> bool {
    let mut ok = true;
    for (key, arg) in [
        ("cursor_argument", Some(&p.cursor_argument)),
        ("limit_argument", p.limit_argument.as_ref()),
    ] {
        let Some(arg) = arg else { continue };
        match paging_argument_problem(key, arg, raw, arguments) {
            Ok(()) => {}
            Err(None) => ok = false,
            Err(Some(msg)) => {
                report.key(&p.lines, "pagination", key, msg);
                ok = false;
            }
        }
    }
    ok
}

/// What is wrong with the argument `arg` that the pagination key `key` names, if anything;
/// `Err(None)` when the argument has a problem of its own, already reported (one problem,
/// one message).
fn paging_argument_problem(
    key: &str,
    arg: &str,
    raw: &spec::MethodFile,
    arguments: &[Arg],
) -> Result<(), Option<String>> {
    match arguments.iter().find(|a| a.name == arg) {
        None if raw.arguments.iter().any(|a| a.name == arg) => Err(None),
        None => Err(Some(format!("no argument `{arg}`"))),
        Some(a) if a.required => Err(Some(format!("argument `{arg}` must be optional to page"))),
        Some(a) if key == "cursor_argument" && a.ty != Ty::String => {
            Err(Some(format!("argument `{arg}` must be a string")))
        }
        Some(a) if key == "limit_argument" && a.ty != Ty::Integer => {
            Err(Some(format!("argument `{arg}` must be an integer")))
        }
        Some(_) => Ok(()),
    }
}

/// `pagination.items`: a response field that is an array. Returns its element type.
fn paging_items(
    p: &spec::Pagination,
    raw: &spec::MethodFile,
    response_fields: &[Field],
    report: &mut Report<'_>,
) -> Option<Ty> {
    match response_fields.iter().find(|f| f.name == p.items) {
        Some(Field {
            ty: Ty::Array(inner),
            ..
        }) => Some((**inner).clone()),
        Some(_) => {
            report.key(
                &p.lines,
                "pagination",
                "items",
                format!("response field `{}` is not an array", p.items),
            );
            None
        }
        // Present but already reported.
        None if raw.response.fields.iter().any(|f| f.name == p.items) => None,
        None => {
            report.key(
                &p.lines,
                "pagination",
                "items",
                format!("no response field `{}`", p.items),
            );
            None
        }
    }
}

/// `pagination.next_cursor`: `top_level` needs a string response field `next_cursor`.
/// Returns whether the cursor has its place.
fn paging_next_cursor(
    p: &spec::Pagination,
    response_fields: &[Field],
    report: &mut Report<'_>,
) -> bool {
    let ok = p.next_cursor != NextCursor::TopLevel
        || response_fields
            .iter()
            .any(|f| f.name == "next_cursor" && f.ty == Ty::String);
    if !ok {
        report.key(
            &p.lines,
            "pagination",
            "next_cursor",
            "top_level needs a string response field `next_cursor`",
        );
    }
    ok
}
