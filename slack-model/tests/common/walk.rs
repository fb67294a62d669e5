//! Walks a JSON value along the spec: every Block Kit object in it, with its type (unions
//! resolved by their tag), where it is (a JSON pointer, and the path `validate()` names),
//! and the field it is the value of.

use serde_json::Value;
use slack_model::validate::join;

use super::spec::{Field, Kind, Spec, Ty};

pub struct Node<'v> {
    /// The object type.
    pub ty: String,
    pub value: &'v Value,
    /// From the root: `/blocks/0/text`.
    pub pointer: String,
    /// As `validate()` names it: `blocks[0].text`.
    pub path: String,
    /// The field this object is the value of (not when it is an item of a list or map).
    pub holder: Option<Field>,
}

#[derive(Default)]
pub struct Walk<'v> {
    /// Every object, parents before their children.
    pub objects: Vec<Node<'v>>,
    /// The pointers of the fields kept as raw JSON (`json` in the spec).
    pub raw_fields: Vec<String>,
    /// The pointers of the `number` fields (an `f64`: a whole number comes back as `3.0`).
    pub numbers: Vec<String>,
    /// What the spec does not allow: keys it does not list, unknown tags and enum values.
    pub problems: Vec<String>,
}

/// Walks `value`, a value of the type `ty`.
pub fn walk<'v>(spec: &Spec, ty: &str, value: &'v Value) -> Walk<'v> {
    let mut out = Walk::default();
    visit(
        spec,
        &Ty::Named(ty.to_owned()),
        value,
        String::new(),
        String::new(),
        None,
        &mut out,
    );
    out
}

/// A JSON pointer's reference token for `key`.
pub fn token(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

fn visit<'v>(
    spec: &Spec,
    ty: &Ty,
    value: &'v Value,
    pointer: String,
    path: String,
    holder: Option<&Field>,
    out: &mut Walk<'v>,
) {
    match ty {
        Ty::Array(inner) => {
            for (i, item) in value.as_array().into_iter().flatten().enumerate() {
                let (p, q) = (format!("{pointer}/{i}"), format!("{path}[{i}]"));
                visit(spec, inner, item, p, q, None, out);
            }
        }
        Ty::Map(inner) => {
            for (key, item) in value.as_object().into_iter().flatten() {
                let p = format!("{pointer}/{}", token(key));
                visit(spec, inner, item, p, join(&path, key), None, out);
            }
        }
        Ty::Named(name) => {
            let Some(def) = spec.get(name) else {
                return; // a shared type outside Block Kit (`File`, `Call`)
            };
            let def = match &def.kind {
                Kind::Enum(values) => {
                    if let Some(s) = value.as_str().filter(|s| !values.iter().any(|v| v == s)) {
                        out.problems
                            .push(format!("{pointer}: `{s}` is not a value of {name}"));
                    }
                    return;
                }
                Kind::Union { .. } => match spec.resolve(name, value) {
                    Some(def) => def,
                    None => {
                        out.problems
                            .push(format!("{pointer}: no variant of {name} has this tag"));
                        return;
                    }
                },
                Kind::Object(_) => def,
            };
            out.objects.push(Node {
                ty: def.name.clone(),
                value,
                pointer: pointer.clone(),
                path: path.clone(),
                holder: holder.cloned(),
            });
            for (key, item) in value.as_object().into_iter().flatten() {
                let p = format!("{pointer}/{}", token(key));
                match def.field(key) {
                    Some(field) if field.ty.is_json() => out.raw_fields.push(p),
                    Some(field) => {
                        visit(spec, &field.ty, item, p, join(&path, key), Some(field), out)
                    }
                    None => out
                        .problems
                        .push(format!("{p}: {} has no field `{key}`", def.name)),
                }
            }
        }
        Ty::Number => out.numbers.push(pointer),
        _ => {}
    }
}
