//! Named types and type expressions: the shared types and a method's own, their fields,
//! enum values and union variants.

use std::collections::{BTreeMap, BTreeSet};

use super::checks::checks;
use super::report::{Problem, Report};
use super::{rust_field_name, EnumValue, Field, NamedType, Ty, TypeKind, Variant};
use crate::names::{is_valid_name, pascal_case, snake_case};
use crate::spec;

/// The names every method can use: the shared types.
pub(super) struct Scope<'a> {
    pub(super) common: &'a BTreeMap<String, spec::TypeDef>,
    pub(super) local: &'a BTreeMap<String, spec::TypeDef>,
}

impl Scope<'_> {
    pub(super) fn lookup(&self, name: &str) -> Option<(&spec::TypeDef, bool)> {
        self.local
            .get(name)
            .map(|t| (t, false))
            .or_else(|| self.common.get(name).map(|t| (t, true)))
    }
}

/// Parses a type expression: `string`, `boolean`, `integer`, `number`, `json`, `array<T>`,
/// `map<T>` or the name of a type.
pub(super) fn parse_ty(expr: &str, scope: &Scope<'_>) -> Result<Ty, String> {
    parse_ty_nested(expr, scope, 0)
}

/// How deep `array<…>` and `map<…>` may nest: deeper is surely a mistake, and parsing
/// (and every later pass over the type) recurses once per level.
const MAX_TYPE_NESTING: usize = 16;

fn parse_ty_nested(expr: &str, scope: &Scope<'_>, depth: usize) -> Result<Ty, String> {
    if depth > MAX_TYPE_NESTING {
        return Err(format!(
            "type expression nested more than {MAX_TYPE_NESTING} levels deep"
        ));
    }
    let expr = expr.trim();
    let inner = |prefix: &str| expr.strip_prefix(prefix).and_then(|r| r.strip_suffix('>'));
    Ok(match expr {
        "string" => Ty::String,
        "boolean" => Ty::Boolean,
        "integer" => Ty::Integer,
        "number" => Ty::Number,
        "integer_or_string" => Ty::IntegerOrString,
        "json" => Ty::Json,
        _ => {
            if let Some(i) = inner("array<") {
                Ty::Array(Box::new(parse_ty_nested(i, scope, depth + 1)?))
            } else if let Some(i) = inner("map<") {
                Ty::Map(Box::new(parse_ty_nested(i, scope, depth + 1)?))
            } else if let Some((_, common)) = scope.lookup(expr) {
                Ty::Named {
                    name: expr.to_string(),
                    common,
                }
            } else {
                return Err(format!(
                    "unknown type `{expr}` (expected string, boolean, integer, number, \
                     integer_or_string, json, array<T>, map<T> or a type defined under `types`)"
                ));
            }
        }
    })
}

/// Fields every generated response type has already.
const ENVELOPE_FIELDS: &[&str] = &["ok", "warning", "response_metadata"];

/// A list of fields (under `key`): the ones without problems, in order.
pub(super) fn fields(
    list: &[spec::Field],
    scope: &Scope<'_>,
    key: &str,
    report: &mut Report<'_>,
) -> Vec<Field> {
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for (i, f) in list.iter().enumerate() {
        match field(f, scope, key, &mut seen) {
            Ok(field) => out.push(field),
            Err((k, msg)) => report.key(&f.lines, &format!("{key}[{i}]"), k, msg),
        }
    }
    out
}

/// One field of the list under `key`, or its problem. `seen` holds the Rust names of the
/// fields before it.
fn field(
    f: &spec::Field,
    scope: &Scope<'_>,
    key: &str,
    seen: &mut BTreeSet<String>,
) -> Result<Field, Problem> {
    let rust_name = field_rust_name(f)?;
    if !seen.insert(rust_name.clone()) {
        return Err(("name", format!("duplicate field `{}`", f.name)));
    }
    if rust_name == "extra" {
        return Err((
            "name",
            "`extra` is the generated map of unknown fields".into(),
        ));
    }
    if key == "response.fields" && ENVELOPE_FIELDS.contains(&f.name.as_str()) {
        let msg = format!(
            "`{}` is part of every response; the generator adds it itself",
            f.name
        );
        return Err(("name", msg));
    }
    let ty = parse_ty(&f.ty, scope).map_err(|msg| ("type", msg))?;
    let limits = super::limits::limits(f, &ty, scope).map_err(|msg| ("", msg))?;
    Ok(Field {
        name: f.name.clone(),
        rust_name,
        ty,
        required: f.required,
        description: f.description.clone(),
        limits,
    })
}

/// A field's Rust name: its `rust_name`, which must be snake_case, or else its name's.
fn field_rust_name(f: &spec::Field) -> Result<String, Problem> {
    match &f.rust_name {
        Some(r) if is_valid_name(r) && snake_case(r) == *r => Ok(rust_field_name(r)),
        Some(r) => Err((
            "rust_name",
            format!("`{r}` must be a snake_case Rust identifier"),
        )),
        None if is_valid_name(&f.name) => Ok(rust_field_name(&f.name)),
        None => Err((
            "name",
            format!(
                "`{}` cannot become a Rust identifier (give it a `rust_name`)",
                f.name
            ),
        )),
    }
}

/// The named types of `defs` (under `key`) without problems in their name or kind, in name
/// order.
pub(super) fn named_types(
    defs: &BTreeMap<String, spec::TypeDef>,
    scope: &Scope<'_>,
    key: &str,
    report: &mut Report<'_>,
) -> Vec<NamedType> {
    let mut out = Vec::new();
    for (name, def) in defs {
        let path = format!("{key}.{name}");
        out.extend(named_type(name, def, scope, &path, report));
    }
    out
}

/// One named type, or `None` when its name or its kind is wrong. Problems inside it are
/// reported, and the parts without problems kept.
fn named_type(
    name: &str,
    def: &spec::TypeDef,
    scope: &Scope<'_>,
    path: &str,
    report: &mut Report<'_>,
) -> Option<NamedType> {
    if !is_valid_name(name) || pascal_case(name) != *name {
        let msg = format!("type name `{name}` must be PascalCase");
        report.key(&def.lines, path, "", msg);
        return None;
    }
    let kinds = [
        def.enum_values.is_some(),
        def.fields.is_some(),
        def.one_of.is_some(),
    ];
    if kinds.iter().filter(|k| **k).count() != 1 {
        report.key(
            &def.lines,
            path,
            "",
            "a type needs exactly one of `enum`, `fields` or `one_of`",
        );
        return None;
    }
    let kind = type_kind(def, scope, path, report);
    if def.tag.is_some() && def.one_of.is_none() {
        report.key(&def.lines, path, "tag", "`tag` goes with `one_of`");
    }
    let checks = checks(def, &kind, scope, path, report);
    let length = super::limits::length_field(def).unwrap_or_else(|msg| {
        report.key(&def.lines, path, "length", msg);
        None
    });
    if (def.max_per_list.is_some() || !def.surfaces.is_empty()) && def.fields.is_none() {
        let msg = "`max_per_list` and `surfaces` are for object types (blocks and elements)";
        report.key(&def.lines, path, "", msg);
    }
    if def
        .surfaces
        .iter()
        .enumerate()
        .any(|(i, s)| def.surfaces[..i].contains(s))
    {
        report.key(&def.lines, path, "surfaces", "a surface is listed twice");
    }
    if def.max_length_per_list.is_some() && length.is_none() {
        let msg = "`max_length_per_list` needs the type's `length` (the field it counts)";
        report.key(&def.lines, path, "max_length_per_list", msg);
    }
    Some(NamedType {
        name: name.to_string(),
        description: def.description.clone(),
        kind,
        checks,
        tag: def.tag.clone(),
        sources: def.sources.clone(),
        length,
        max_per_list: def.max_per_list,
        max_length_per_list: def.max_length_per_list,
        surfaces: def.surfaces.clone(),
        buildable: false,
    })
}

/// The kind of a type that has exactly one of `enum`, `fields` and `one_of`.
fn type_kind(
    def: &spec::TypeDef,
    scope: &Scope<'_>,
    path: &str,
    report: &mut Report<'_>,
) -> TypeKind {
    if let Some(values) = &def.enum_values {
        TypeKind::Enum(enum_values(values, path, report))
    } else if let Some(fs) = &def.fields {
        TypeKind::Object(fields(fs, scope, &format!("{path}.fields"), report))
    } else {
        TypeKind::OneOf(union_variants(def, scope, path, report))
    }
}

/// `enum`: the values without problems, in order.
fn enum_values(values: &[spec::EnumValue], path: &str, report: &mut Report<'_>) -> Vec<EnumValue> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for (i, v) in values.iter().enumerate() {
        match enum_value(v, &mut seen) {
            Ok(value) => out.push(value),
            Err(msg) => report.key(&v.lines, &format!("{path}.enum[{i}]"), "value", msg),
        }
    }
    out
}

/// One enum value, or what is wrong with it. `seen` holds the variants of the values
/// before it.
fn enum_value(v: &spec::EnumValue, seen: &mut BTreeSet<String>) -> Result<EnumValue, String> {
    let variant = pascal_case(&v.value);
    if !is_valid_name(&v.value.replace(['-', '.', ':', ' '], "_")) || variant.is_empty() {
        return Err(format!("`{}` cannot become a Rust identifier", v.value));
    }
    if variant == "Unknown" {
        return Err("`unknown` clashes with the generated Unknown variant".into());
    }
    if !seen.insert(variant.clone()) {
        return Err(format!("duplicate enum value `{}`", v.value));
    }
    Ok(EnumValue {
        value: v.value.clone(),
        variant,
        description: v.description.clone(),
    })
}

/// `one_of`: the variants without problems, in order.
fn union_variants(
    def: &spec::TypeDef,
    scope: &Scope<'_>,
    path: &str,
    report: &mut Report<'_>,
) -> Vec<Variant> {
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    let mut tag_values = BTreeSet::new();
    for (i, v) in def.one_of.iter().flatten().enumerate() {
        let tag = def.tag.as_deref();
        match union_variant(v, tag, scope, &mut seen, &mut tag_values) {
            Ok(variant) => out.push(variant),
            Err((key, msg)) => report.key(&v.lines, &format!("{path}.one_of[{i}]"), key, msg),
        }
    }
    out
}

/// One variant of a union, or its problem: a PascalCase name other than `Other`, unique, a
/// good `tag_value` (see [`tag_problem`]) and an object type. `seen` and `tag_values` hold
/// the names and tag values of the variants before it.
fn union_variant(
    v: &spec::UnionVariant,
    tag: Option<&str>,
    scope: &Scope<'_>,
    seen: &mut BTreeSet<String>,
    tag_values: &mut BTreeSet<String>,
) -> Result<Variant, Problem> {
    if !is_valid_name(&v.name) || pascal_case(&v.name) != v.name || v.name == "Other" {
        let msg = format!(
            "variant name `{}` must be PascalCase and not `Other`",
            v.name
        );
        return Err(("name", msg));
    }
    if !seen.insert(v.name.clone()) {
        return Err(("name", format!("duplicate variant `{}`", v.name)));
    }
    if let Some(msg) = tag_problem(tag, v, scope, tag_values) {
        return Err(("tag_value", msg));
    }
    match scope.lookup(&v.ty) {
        Some((d, common)) if d.fields.is_some() => Ok(Variant {
            name: v.name.clone(),
            ty: v.ty.clone(),
            common,
            description: v.description.clone(),
            tag_value: v.tag_value.clone(),
        }),
        Some(_) => Err(("type", format!("`{}` is not an object type", v.ty))),
        None => Err(("type", format!("unknown type `{}`", v.ty))),
    }
}

/// What is wrong with a union variant's `tag_value`, if anything: a tagged union needs one
/// per variant, unique, and each variant's type must have the tag field; an untagged union
/// takes none.
fn tag_problem(
    tag: Option<&str>,
    v: &spec::UnionVariant,
    scope: &Scope<'_>,
    seen: &mut BTreeSet<String>,
) -> Option<String> {
    match (tag, &v.tag_value) {
        (None, None) => None,
        (None, Some(_)) => Some("`tag_value` needs the union's `tag`".into()),
        (Some(_), None) => Some("a variant of a tagged union needs a `tag_value`".into()),
        (Some(tag), Some(value)) => {
            if !seen.insert(value.clone()) {
                return Some(format!("duplicate tag value `{value}`"));
            }
            let fields = scope.lookup(&v.ty).and_then(|(d, _)| d.fields.as_ref())?;
            (!fields.iter().any(|f| f.name == tag))
                .then(|| format!("`{}` has no field `{tag}` (the tag)", v.ty))
        }
    }
}
