//! A field's limits (`max_length`, `min_items`, `unique_by`, …): Slack's documented bounds
//! on its value, checked against the field's type.

use super::types::Scope;
use super::{Limits, Ty};
use crate::spec;

/// The limits of `f`, whose type is `ty`, or the first problem: each limit must suit the
/// type (lengths: a string or a type with `length`; items and `unique_by`: an array;
/// `min`/`max`: a number), and a minimum may not exceed its maximum.
pub(super) fn limits(f: &spec::Field, ty: &Ty, scope: &Scope<'_>) -> Result<Limits, String> {
    let limits = Limits {
        max_length: f.max_length,
        min_length: f.min_length,
        max_items: f.max_items,
        min_items: f.min_items,
        unique_by: f.unique_by.clone(),
        max_item_length: f.max_item_length,
        max_item_items: f.max_item_items,
        min_item_items: f.min_item_items,
        min: f.min,
        max: f.max,
        surface: f.surface,
        one_per: f.one_per,
    };
    if (f.max_length.is_some() || f.min_length.is_some()) && !measurable(ty, scope) {
        return Err(
            "`max_length`/`min_length` need a string, or a type with `length` (or a union of such types)"
                .into(),
        );
    }
    let array_item = match ty {
        Ty::Array(item) => Some(&**item),
        _ => None,
    };
    if (f.max_items.is_some() || f.min_items.is_some()) && array_item.is_none() {
        return Err("`max_items`/`min_items` need an `array<…>`".into());
    }
    if let Some(key) = &f.unique_by {
        let item = array_item.ok_or("`unique_by` needs an `array<…>`")?;
        if !has_string_field(item, key, scope) {
            return Err(format!(
                "`unique_by`: the items have no string field `{key}` (nor does any variant)"
            ));
        }
    }
    if f.max_item_length.is_some() && !array_item.is_some_and(|item| measurable(item, scope)) {
        return Err(
            "`max_item_length` needs an `array<…>` of strings or of a type with `length`".into(),
        );
    }
    let nested = array_item.is_some_and(|item| matches!(item, Ty::Array(_)));
    if (f.max_item_items.is_some() || f.min_item_items.is_some()) && !nested {
        return Err("`max_item_items`/`min_item_items` need an `array<array<…>>`".into());
    }
    if f.surface.is_some() && !array_item.is_some_and(|item| has_surfaces(item, scope)) {
        return Err(
            "`surface` needs an `array<…>` of a union some of whose variants have `surfaces`"
                .into(),
        );
    }
    if f.one_per.is_some() && *ty != Ty::Boolean {
        return Err("`one_per` needs a `boolean`".into());
    }
    if (f.min.is_some() || f.max.is_some()) && !matches!(ty, Ty::Integer | Ty::Number) {
        return Err("`min`/`max` need an `integer` or a `number`".into());
    }
    let ordered = |lo: Option<f64>, hi: Option<f64>| lo.zip(hi).is_none_or(|(lo, hi)| lo <= hi);
    let as_f = |n: Option<u64>| n.map(|n| n as f64);
    if !ordered(as_f(f.min_length), as_f(f.max_length))
        || !ordered(as_f(f.min_items), as_f(f.max_items))
        || !ordered(as_f(f.min_item_items), as_f(f.max_item_items))
        || !ordered(f.min, f.max)
    {
        return Err("a minimum is larger than its maximum".into());
    }
    Ok(limits)
}

/// Whether a length limit can count `ty`'s characters.
fn measurable(ty: &Ty, scope: &Scope<'_>) -> bool {
    match ty {
        Ty::String => true,
        Ty::Named { name, .. } => named_measurable(name, scope),
        _ => false,
    }
}

fn named_measurable(name: &str, scope: &Scope<'_>) -> bool {
    let Some((def, _)) = scope.lookup(name) else {
        return false;
    };
    match (&def.length, &def.one_of) {
        (Some(_), _) => true,
        (None, Some(variants)) => variants
            .iter()
            .all(|v| scope.lookup(&v.ty).is_some_and(|(d, _)| d.length.is_some())),
        _ => false,
    }
}

/// Whether the objects of `ty` (or some variant of a union) have a `string` field `key`.
fn has_string_field(ty: &Ty, key: &str, scope: &Scope<'_>) -> bool {
    let Ty::Named { name, .. } = ty else {
        return false;
    };
    let object_has = |def: &spec::TypeDef| {
        def.fields
            .iter()
            .flatten()
            .any(|f| f.name == key && f.ty == "string")
    };
    match scope.lookup(name) {
        Some((def, _)) if def.fields.is_some() => object_has(def),
        Some((def, _)) => def
            .one_of
            .iter()
            .flatten()
            .any(|v| scope.lookup(&v.ty).is_some_and(|(d, _)| object_has(d))),
        None => false,
    }
}

/// Whether `ty` is a union some of whose variants' types say their `surfaces`.
fn has_surfaces(ty: &Ty, scope: &Scope<'_>) -> bool {
    let Ty::Named { name, .. } = ty else {
        return false;
    };
    scope.lookup(name).is_some_and(|(def, _)| {
        def.one_of.iter().flatten().any(|v| {
            scope
                .lookup(&v.ty)
                .is_some_and(|(d, _)| !d.surfaces.is_empty())
        })
    })
}

/// A type's `length`: the name of one of its own `string` fields, on an object type.
pub(super) fn length_field(def: &spec::TypeDef) -> Result<Option<String>, String> {
    let Some(field) = &def.length else {
        return Ok(None);
    };
    let is_string = def
        .fields
        .iter()
        .flatten()
        .any(|f| &f.name == field && f.ty == "string");
    if is_string {
        Ok(Some(super::rust_field_name(field)))
    } else {
        Err(format!(
            "`length`: the type has no `string` field `{field}`"
        ))
    }
}
