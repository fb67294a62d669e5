//! A method's minimal successful response: `"ok": true` and every required response field,
//! recursively, with placeholder values. It decodes into the method's response type with
//! nothing reported as a mismatch; an emulator answers it for a method it has no behaviour
//! for. Recorded in `META.minimal_response` as one line of compact JSON.
//!
//! Placeholders: `""` for a string (an ID-like `"X00000000"` for a field named `id` or
//! ending in `_id`), `0` for numbers, `false`, `[]` for lists, `{}` for maps and `json`, an
//! enum's first value, an object's required fields, a union's first variant (with the tag
//! of a tagged union). Keys are sorted, after `ok`, so the text depends only on the spec.

use serde_json::{Map, Value};

use crate::model::{Field, Method, Model, NamedType, Ty, TypeKind};

/// The minimal response body of `m`, as compact JSON text: `{"ok":true,…}`.
pub fn minimal_response(m: &Method, model: &Model) -> String {
    let body = object(&m.response_fields, None, model, &m.types, &mut Vec::new());
    let mut text = String::from("{\"ok\":true");
    for (key, value) in &body {
        text.push(',');
        text.push_str(&Value::String(key.clone()).to_string());
        text.push(':');
        text.push_str(&value.to_string());
    }
    text.push('}');
    text
}

/// The required fields of an object, sorted by JSON name; with `tag`, that field (required
/// or not) set to the tag's value. `path` holds the named types being filled, so that a
/// type that (wrongly) requires itself ends as `{}` instead of looping.
fn object<'a>(
    fields: &'a [Field],
    tag: Option<(&str, &str)>,
    model: &'a Model,
    local: &'a [NamedType],
    path: &mut Vec<&'a str>,
) -> Map<String, Value> {
    let mut sorted: Vec<&Field> = fields
        .iter()
        .filter(|f| f.required || tag.is_some_and(|(t, _)| t == f.name))
        .collect();
    sorted.sort_by(|a, b| a.name.cmp(&b.name));
    let mut out = Map::new();
    for f in sorted {
        let value = match tag {
            Some((t, v)) if t == f.name => Value::String(v.to_string()),
            _ => placeholder(&f.name, &f.ty, model, local, path),
        };
        out.insert(f.name.clone(), value);
    }
    out
}

/// The placeholder value of a field named `name` of type `ty`.
fn placeholder<'a>(
    name: &str,
    ty: &'a Ty,
    model: &'a Model,
    local: &'a [NamedType],
    path: &mut Vec<&'a str>,
) -> Value {
    match ty {
        Ty::String | Ty::File if name == "id" || name.ends_with("_id") => "X00000000".into(),
        Ty::String | Ty::File => "".into(),
        Ty::Boolean => false.into(),
        Ty::Integer | Ty::Number | Ty::IntegerOrString => 0.into(),
        Ty::Json | Ty::Map(_) => Value::Object(Map::new()),
        Ty::Array(_) => Value::Array(Vec::new()),
        Ty::Named { name, common } => match model.named(name, *common, local) {
            Some(def) if !path.contains(&def.name.as_str()) => {
                path.push(&def.name);
                let value = named(def, model, local, path);
                path.pop();
                value
            }
            _ => Value::Object(Map::new()),
        },
    }
}

/// The placeholder value of a named type.
fn named<'a>(
    def: &'a NamedType,
    model: &'a Model,
    local: &'a [NamedType],
    path: &mut Vec<&'a str>,
) -> Value {
    match &def.kind {
        TypeKind::Enum(values) => values.first().map_or("", |v| &v.value).into(),
        TypeKind::Object(fields) => Value::Object(object(fields, None, model, local, path)),
        TypeKind::OneOf(variants) => {
            let Some(first) = variants.first() else {
                return Value::Object(Map::new());
            };
            let variant = model.named(&first.ty, first.common, local);
            match variant.map(|v| (&v.kind, v.name.as_str())) {
                Some((TypeKind::Object(fields), ty)) if !path.contains(&ty) => {
                    let tag = def.tag.as_deref().zip(first.tag_value.as_deref());
                    path.push(ty);
                    let value = object(fields, tag, model, local, path);
                    path.pop();
                    Value::Object(value)
                }
                _ => Value::Object(Map::new()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::minimal_response;
    use crate::SpecFile;

    const METHOD: &str = "\
name: things.get
description: Gets a thing.
docs: https://example.com/things.get
http_method: GET
content_types: [application/x-www-form-urlencoded]
rate_limit: undocumented
idempotent: true
response:
  fields:
    - name: thing
      type: Thing
      required: true
    - name: owner
      type: Owner
      required: true
    - name: event
      type: Event
      required: true
    - name: user_id
      type: string
      required: true
    - name: scores
      type: array<Thing>
      required: true
    - name: labels
      type: map<string>
      required: true
    - name: raw
      type: json
      required: true
    - name: size
      type: integer_or_string
      required: true
    - name: ratio
      type: number
      required: true
    - name: hidden
      type: boolean
      required: true
    - name: note
      type: string
types:
  Kind:
    description: A kind.
    enum:
      - value: widget
        description: A widget.
      - value: gadget
        description: A gadget.
  Thing:
    description: A thing.
    fields:
      - name: id
        type: string
        required: true
      - name: kind
        type: Kind
        required: true
      - name: parts
        type: array<Thing>
      - name: name
        type: string
  Owner:
    description: Who owns a thing, untagged.
    one_of:
      - name: Person
        type: Person
        description: A user.
      - name: Team
        type: Team
        description: A workspace.
  Person:
    description: A person.
    fields:
      - name: user
        type: Thing
        required: true
  Team:
    description: A team.
    fields:
      - name: team_id
        type: string
        required: true
  Event:
    description: Something that happened, tagged.
    tag: type
    one_of:
      - name: Made
        type: Made
        tag_value: made
        description: Made.
      - name: Broken
        type: Broken
        tag_value: broken
        description: Broken.
  Made:
    description: Made.
    fields:
      - name: type
        type: string
      - name: at
        type: integer
        required: true
  Broken:
    description: Broken.
    fields:
      - name: type
        type: string
        required: true
";

    fn model() -> crate::model::Model {
        let file = |path: &str, text: &str| SpecFile {
            path: path.into(),
            text: text.into(),
        };
        let files = [
            file(crate::COMMON_ERRORS, "codes: []\n"),
            file(crate::COMMON_WARNINGS, "codes: []\n"),
            file(crate::COMMON_TYPES, "types: {}\n"),
            file("spec/methods/things/things.get.yaml", METHOD),
        ];
        crate::model::build(&files).expect("the spec is valid")
    }

    #[test]
    fn required_fields_nested_enums_and_unions() {
        let model = model();
        assert_eq!(
            minimal_response(&model.methods[0], &model),
            concat!(
                r#"{"ok":true,"event":{"at":0,"type":"made"},"hidden":false,"labels":{},"#,
                r#""owner":{"user":{"id":"X00000000","kind":"widget"}},"ratio":0,"raw":{},"#,
                r#""scores":[],"size":0,"thing":{"id":"X00000000","kind":"widget"},"#,
                r#""user_id":"X00000000"}"#
            )
        );
    }
}
