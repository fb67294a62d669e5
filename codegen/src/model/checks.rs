//! The `checks` of an object type: rules a decoded object must meet that its types alone
//! cannot say.

use super::report::{Problem, Report};
use super::types::Scope;
use super::{rust_field_name, Check, Field, Ty, TypeKind};
use crate::names::pascal_case;
use crate::spec;

/// `checks` of an object type: the ones without problems, in order.
pub(super) fn checks(
    def: &spec::TypeDef,
    kind: &TypeKind,
    scope: &Scope<'_>,
    path: &str,
    report: &mut Report<'_>,
) -> Vec<Check> {
    if def.checks.is_empty() {
        return Vec::new();
    }
    let TypeKind::Object(fields) = kind else {
        report.key(
            &def.lines,
            path,
            "checks",
            "checks apply to object types only",
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, c) in def.checks.iter().enumerate() {
        let cpath = format!("{path}.checks[{i}]");
        out.extend(check(c, &cpath, fields, scope, report));
    }
    out
}

/// One check of an object with `fields`, or `None` when its `when` or its `non_empty_any`
/// has a problem (each reported).
fn check(
    c: &spec::Check,
    cpath: &str,
    fields: &[Field],
    scope: &Scope<'_>,
    report: &mut Report<'_>,
) -> Option<Check> {
    let when_variant = match when_variant(&c.when, fields, scope) {
        Ok(variant) => Some(variant),
        Err((key, msg)) => {
            report.key(&c.when.lines, &format!("{cpath}.when"), key, msg);
            None
        }
    };
    let non_empty_any_ok = check_non_empty_any(c, cpath, fields, report);
    let when_variant = when_variant?;
    non_empty_any_ok.then(|| Check {
        description: c.description.clone(),
        when_field: rust_field_name(&c.when.field),
        when_equals: c.when.equals.clone(),
        when_variant,
        non_empty_any: c.non_empty_any.iter().map(|n| rust_field_name(n)).collect(),
    })
}

/// `when`: the field compared is a string or a string enum that has the value. Returns the
/// value's enum variant, if the field is an enum.
fn when_variant(
    when: &spec::CheckCondition,
    fields: &[Field],
    scope: &Scope<'_>,
) -> Result<Option<String>, Problem> {
    let not_a_string = || {
        let msg = "the field must be a string or a string enum";
        ("field", msg.to_string())
    };
    match fields.iter().find(|f| f.name == when.field).map(|f| &f.ty) {
        None => Err(("field", format!("no field `{}`", when.field))),
        Some(Ty::String) => Ok(None),
        Some(Ty::Named { name, .. }) => {
            match scope.lookup(name).and_then(|(d, _)| d.enum_values.as_ref()) {
                Some(values) if values.iter().any(|v| v.value == when.equals) => {
                    Ok(Some(pascal_case(&when.equals)))
                }
                Some(_) => Err(("equals", format!("`{name}` has no value `{}`", when.equals))),
                None => Err(not_a_string()),
            }
        }
        Some(_) => Err(not_a_string()),
    }
}

/// `non_empty_any`: at least one field, each an optional array. Returns whether it is so.
fn check_non_empty_any(
    c: &spec::Check,
    cpath: &str,
    fields: &[Field],
    report: &mut Report<'_>,
) -> bool {
    let mut ok = true;
    if c.non_empty_any.is_empty() {
        report.key(&c.lines, cpath, "non_empty_any", "name at least one field");
        ok = false;
    }
    for name in &c.non_empty_any {
        if let Some(msg) = non_empty_any_problem(name, fields) {
            report.key(&c.lines, cpath, "non_empty_any", msg);
            ok = false;
        }
    }
    ok
}

/// What is wrong with a field that `non_empty_any` names, if anything.
fn non_empty_any_problem(name: &str, fields: &[Field]) -> Option<String> {
    match fields.iter().find(|f| f.name == name) {
        Some(Field {
            ty: Ty::Array(_),
            required: false,
            ..
        }) => None,
        Some(_) => Some(format!("`{name}` must be an optional array field")),
        None => Some(format!("no field `{name}`")),
    }
}
