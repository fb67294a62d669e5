//! A method's `arguments`: names, types and wire encodings.

use std::collections::BTreeSet;

use super::report::Report;
use super::types::{parse_ty, Scope};
use super::{rust_field_name, Arg, Ty};
use crate::names::{is_valid_name, snake_case};
use crate::spec::{self, ContentType, Encoding};

/// `arguments`: the ones without problems, in order.
pub(super) fn arguments(
    raw: &spec::MethodFile,
    scope: &Scope<'_>,
    content_types: &[ContentType],
    report: &mut Report<'_>,
) -> Vec<Arg> {
    let mut names = BTreeSet::new();
    raw.arguments
        .iter()
        .enumerate()
        .filter_map(|(i, a)| {
            let path = format!("arguments[{i}]");
            argument(a, &path, scope, content_types, &mut names, report)
        })
        .collect()
}

/// One argument, or `None` when its name, type or encoding has a problem (reported).
/// `names` holds the Rust names of the arguments before it.
fn argument(
    a: &spec::Argument,
    path: &str,
    scope: &Scope<'_>,
    content_types: &[ContentType],
    names: &mut BTreeSet<String>,
    report: &mut Report<'_>,
) -> Option<Arg> {
    if let Some(msg) = argument_name_problem(&a.name, names) {
        report.key(&a.lines, path, "name", msg);
        return None;
    }
    let ty = match argument_type(a, scope) {
        Ok(ty) => ty,
        Err(msg) => {
            report.key(&a.lines, path, "type", msg);
            return None;
        }
    };
    let typed_json = is_structured(&ty, scope);
    let encoding = match arg_encoding(&ty, a.encoding, typed_json) {
        Ok(encoding) => encoding,
        Err(msg) => {
            report.key(&a.lines, path, "encoding", msg);
            return None;
        }
    };
    if ty == Ty::File && !content_types.contains(&ContentType::Multipart) {
        report.key(
            &a.lines,
            path,
            "type",
            "a `file` argument needs `multipart/form-data` in content_types",
        );
    }
    let limits = match argument_limits(a, &ty, typed_json, scope) {
        Ok(limits) => limits,
        Err(msg) => {
            report.key(&a.lines, path, "", msg);
            return None;
        }
    };
    if a.checked.is_some() && !typed_json {
        report.key(
            &a.lines,
            path,
            "checked",
            "`checked` is for typed JSON arguments",
        );
    }
    Some(Arg {
        typed_json,
        limits,
        checked: a.checked.unwrap_or(true),
        name: a.name.clone(),
        rust_name: rust_field_name(&a.name),
        ty,
        required: a.required,
        description: a.description.clone(),
        example: a.example.clone(),
        default: a.default.clone(),
        encoding,
    })
}

/// What is wrong with an argument's name, if anything: not `token`, a valid identifier,
/// not a name the generated code uses, and not taken by an earlier argument (a good name
/// goes into `names`).
fn argument_name_problem(name: &str, names: &mut BTreeSet<String>) -> Option<String> {
    if name == "token" {
        return Some(
            "`token` is not an argument: the client sends it in the Authorization header".into(),
        );
    }
    if !is_valid_name(name) {
        return Some(format!("`{name}` cannot become a Rust identifier"));
    }
    if RESERVED_ARGUMENTS.contains(&snake_case(name).as_str()) {
        return Some(format!(
            "`{name}` would clash with a method of the generated request or call"
        ));
    }
    if !names.insert(snake_case(name)) {
        return Some(format!("duplicate argument `{name}`"));
    }
    None
}

/// An argument's type: `file`, or a type expression that can be sent as an argument.
fn argument_type(a: &spec::Argument, scope: &Scope<'_>) -> Result<Ty, String> {
    let ty = if a.ty == "file" {
        Ty::File
    } else {
        parse_ty(&a.ty, scope)?
    };
    if !is_argument_type(&ty, scope) {
        return Err(format!(
            "`{}` cannot be sent as an argument (use json for objects)",
            a.ty
        ));
    }
    Ok(ty)
}

/// An argument's wire encoding: arrays choose `comma_list` or `json_array`, `json` values
/// and Block Kit values (`typed`) say `json`; scalars and files have no choice and say
/// nothing.
fn arg_encoding(ty: &Ty, given: Option<Encoding>, typed: bool) -> Result<Encoding, String> {
    if typed {
        return match given {
            Some(Encoding::Json) => Ok(Encoding::Json),
            _ => Err("an object, union or list of them is sent as JSON: `encoding: json`".into()),
        };
    }
    match (ty, given) {
        (Ty::Array(_), Some(e @ (Encoding::CommaList | Encoding::JsonArray))) => Ok(e),
        (Ty::Array(_), _) => {
            Err("an array argument needs `encoding: comma_list` or `encoding: json_array`".into())
        }
        (Ty::Json, Some(Encoding::Json)) => Ok(Encoding::Json),
        (Ty::Json, _) => Err("a json argument needs `encoding: json`".into()),
        (Ty::File, None) => Ok(Encoding::File),
        (_, None) => Ok(Encoding::Text),
        (_, Some(_)) => Err("only array and json arguments take an `encoding`".into()),
    }
}

/// Argument names the generated setters cannot take: the request's constructor and the
/// methods of the runtime's `Call`.
const RESERVED_ARGUMENTS: &[&str] = &[
    "new",
    "send",
    "map_request",
    "request_mut",
    "with_token",
    "request",
    "into_request",
    "into_future",
    "pages",
    "all_items",
];

/// Arguments are scalars, enums, arrays of those, JSON, or typed JSON: a shared object or
/// union type (Block Kit), or a list of one.
fn is_argument_type(ty: &Ty, scope: &Scope<'_>) -> bool {
    match ty {
        Ty::String | Ty::Boolean | Ty::Integer | Ty::Number | Ty::Json | Ty::File => true,
        Ty::Array(inner) => {
            matches!(**inner, Ty::String | Ty::Integer)
                || is_enum(inner, scope)
                || is_structured(ty, scope)
        }
        Ty::Map(_) => is_structured(ty, scope),
        Ty::IntegerOrString => false,
        Ty::Named { .. } => is_enum(ty, scope) || is_structured(ty, scope),
    }
}

/// A shared object or union type, or a list or map of one: sent as JSON, held typed or raw.
fn is_structured(ty: &Ty, scope: &Scope<'_>) -> bool {
    let named = match ty {
        Ty::Array(inner) | Ty::Map(inner) => &**inner,
        other => other,
    };
    matches!(named, Ty::Named { name, common: true }
        if scope.lookup(name).is_some_and(|(d, _)| d.fields.is_some() || d.one_of.is_some()))
}

/// A typed JSON argument's limits (`max_items`, `min_items`, `unique_by` on a list).
fn argument_limits(
    a: &spec::Argument,
    ty: &Ty,
    typed: bool,
    scope: &Scope<'_>,
) -> Result<super::Limits, String> {
    if a.max_items.is_none()
        && a.min_items.is_none()
        && a.unique_by.is_none()
        && a.surface.is_none()
    {
        return Ok(super::Limits::default());
    }
    if !typed || !matches!(ty, Ty::Array(_)) {
        return Err("argument limits are for a list of a shared object or union type".into());
    }
    let field = spec::Field {
        name: a.name.clone(),
        rust_name: None,
        ty: a.ty.clone(),
        required: a.required,
        description: None,
        max_length: None,
        min_length: None,
        max_items: a.max_items,
        min_items: a.min_items,
        unique_by: a.unique_by.clone(),
        max_item_length: None,
        max_item_items: None,
        min_item_items: None,
        min: None,
        max: None,
        surface: a.surface,
        one_per: None,
        lines: a.lines.clone(),
    };
    super::limits::limits(&field, ty, scope)
}

fn is_enum(ty: &Ty, scope: &Scope<'_>) -> bool {
    matches!(ty, Ty::Named { name, .. } if scope.lookup(name).is_some_and(|(d, _)| d.enum_values.is_some()))
}
