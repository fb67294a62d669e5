//! Unions of object types: tagged ones are decoded by the value of their tag field
//! (`crate::lenient::TaggedUnion`); untagged ones by a key when each variant has a required
//! field no other variant has (`crate::lenient::KeyedUnion`), else by trying each shape in
//! order.

use proc_macro2::TokenStream;
use quote::quote;

use super::object::boxed;
use super::{docs, ident, lit, lit_text, named_path, verbatim};
use crate::model::{Field, Model, NamedType, Ty, TypeKind, Variant};

/// A union of object types: tagged (decoded by the value of its `tag` field) or untagged
/// (variants tried in order). Either way a value no variant takes is kept as `Other`.
pub fn union_type(
    def: &NamedType,
    variants: &[Variant],
    model: &Model,
    local: &[NamedType],
    in_common: bool,
) -> TokenStream {
    let name = ident(&def.name);
    let doc = docs(&def.description);
    let vs = variants.iter().map(|v| {
        let id = ident(&v.name);
        let ty = named_path(&v.ty, v.common, in_common);
        let ty = if def.tag.is_some() && boxed_variant(v, model, local) {
            quote!(Box<#ty>)
        } else {
            ty
        };
        let d = match (&def.tag, &v.tag_value) {
            (Some(tag), Some(value)) => docs(&format!("`{tag}`: `{value}`. {}", v.description)),
            _ => docs(&v.description),
        };
        quote!(#d #id(#ty),)
    });
    let keys = (def.tag.is_none())
        .then(|| variant_keys(variants, model, local))
        .flatten();
    if let Some(keys) = keys {
        return keyed_union(def, variants, &keys, quote!(#(#vs)*));
    }
    let Some(tag) = &def.tag else {
        return quote! {
            #doc
            ///
            /// Told apart by their fields, tried in the order listed.
            #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
            #[serde(untagged)]
            #[non_exhaustive]
            pub enum #name {
                #(#vs)*
                /// A shape this version of the crate does not know, kept as it came.
                #[serde(serialize_with = "crate::lenient::untyped")]
                Other(serde_json::Value),
            }

            /// Never a mismatch: a value no variant takes is `Other`.
            impl crate::lenient::Lenient for #name {
                fn lenient<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<crate::lenient::Outcome<Self>, D::Error> {
                    serde::Deserialize::deserialize(deserializer).map(Ok)
                }
            }
        };
    };
    let table = tagged_table(def, tag, variants, model, local, in_common);
    let how = docs(&format!(
        "Decoded by the value of its `{tag}` field, never by trying each shape; an object with another `{tag}` (or a variant missing a field it needs) is `Other`."
    ));
    quote! {
        #doc
        ///
        #how
        #[derive(Debug, Clone, PartialEq, serde::Serialize)]
        #[serde(untagged)]
        #[non_exhaustive]
        pub enum #name {
            #(#vs)*
            /// A value this version of the crate does not know, kept as it came.
            #[serde(serialize_with = "crate::lenient::untyped")]
            Other(serde_json::Value),
        }

        #table
    }
}

/// `crate::tagged_union! { Name, "tag" { "value" => Variant(Type), … } }`: one row per
/// variant, from which the macro decodes the union and implements `TaggedVariant<Union>` for
/// each variant's type (so that code can ask for a variant by its type: `MessageEvent::TAG`,
/// `MessageEvent::from_union(event)`). A row whose type another variant also holds ends in
/// `shared` (a type cannot have two such impls). A buildable union is `Name, "tag", from`:
/// `From<Type> for Union` and `IntoJson<Union>` for each row not `shared` too, so that a
/// builder taking the union (or a `Json` of it) takes any variant's value.
///
/// (A name means one type in a union's scope, shared or local, so two variants naming the
/// same type agree on `common` too: `shared` is the same for `TaggedVariant` and `From`.)
fn tagged_table(
    def: &NamedType,
    tag: &str,
    variants: &[Variant],
    model: &Model,
    local: &[NamedType],
    in_common: bool,
) -> TokenStream {
    let rows: Vec<String> = variants
        .iter()
        .filter_map(|v| {
            let value = lit_text(v.tag_value.as_deref()?);
            // A path has no spaces: `crate::types::Thing`, not `crate :: types :: Thing`.
            let ty = named_path(&v.ty, v.common, in_common)
                .to_string()
                .replace(' ', "");
            let same = |o: &&Variant| o.ty == v.ty && o.common == v.common;
            let held = variants.iter().filter(same).count();
            let shared = if held > 1 { " shared" } else { "" };
            let boxed = if boxed_variant(v, model, local) {
                " boxed"
            } else {
                ""
            };
            Some(format!(
                "        {value} => {}({ty}){boxed}{shared},\n",
                v.name
            ))
        })
        .collect();
    let from = if def.buildable { ", from" } else { "" };
    verbatim(&format!(
        "crate::tagged_union! {{\n    {}, {}{from} {{\n{}    }}\n}}",
        def.name,
        lit_text(tag),
        rows.concat()
    ))
}

/// A tagged union's variant whose object type is larger than this (estimated, in bytes) is
/// held in a `Box`, so that the union stays small: a list of rich text elements, say, then
/// moves a few words per element, not the largest variant's size.
const BOX_VARIANT_OVER: usize = 128;

/// Whether a tagged union's variant is held in a `Box`: its object type is estimated larger
/// than [`BOX_VARIANT_OVER`] bytes.
fn boxed_variant(v: &Variant, model: &Model, local: &[NamedType]) -> bool {
    match model.named(&v.ty, v.common, local).map(|def| &def.kind) {
        Some(TypeKind::Object(fields)) => object_size(fields, model, local) > BOX_VARIANT_OVER,
        _ => false,
    }
}

/// An estimate of the size of an object type's struct on a 64-bit target: its fields' and
/// its `extra` map's.
fn object_size(fields: &[Field], model: &Model, local: &[NamedType]) -> usize {
    const WORD: usize = 8;
    let extra = 3 * WORD;
    let field = |f: &Field| match &f.ty {
        Ty::Boolean => 1,
        Ty::Integer | Ty::Number if f.required => WORD,
        Ty::Integer | Ty::Number => 2 * WORD,
        // A `List` (a `Vec` and a pointer), a `Dict` (a map and a pointer).
        Ty::Array(_) | Ty::Map(_) => 4 * WORD,
        Ty::Json => 4 * WORD,
        ty if boxed(ty, model, local) => WORD,
        // Strings, string enums (`Unknown(String)`), integer-or-string.
        _ => 3 * WORD,
    };
    fields.iter().map(field).sum::<usize>() + extra
}

/// The fields of a variant's object type (JSON names, each with whether it is required).
fn variant_fields<'a>(
    v: &Variant,
    model: &'a Model,
    local: &'a [NamedType],
) -> Option<Vec<(&'a str, bool)>> {
    let def = model.named(&v.ty, v.common, local)?;
    match &def.kind {
        TypeKind::Object(fields) => Some(
            fields
                .iter()
                .map(|f| (f.name.as_str(), f.required))
                .collect(),
        ),
        _ => None,
    }
}

/// Each variant's key: its first required field that no other variant has. `None` unless
/// every variant has one.
fn variant_keys(variants: &[Variant], model: &Model, local: &[NamedType]) -> Option<Vec<String>> {
    let fields: Vec<Vec<(&str, bool)>> = variants
        .iter()
        .map(|v| variant_fields(v, model, local))
        .collect::<Option<_>>()?;
    fields
        .iter()
        .enumerate()
        .map(|(i, own)| {
            own.iter()
                .find(|(name, required)| {
                    *required
                        && fields
                            .iter()
                            .enumerate()
                            .all(|(j, other)| j == i || other.iter().all(|(n, _)| n != name))
                })
                .map(|(name, _)| name.to_string())
        })
        .collect()
}

/// A keyed union: each variant chosen by the key only it has.
fn keyed_union(
    def: &NamedType,
    variants: &[Variant],
    keys: &[String],
    vs: TokenStream,
) -> TokenStream {
    let name = ident(&def.name);
    let doc = docs(&def.description);
    let how = docs(&format!(
        "Told apart by a field only one variant has ({}); an object with none of them (or a variant missing a field it needs) is `Other`.",
        keys.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
    ));
    let arms = variants.iter().zip(keys).map(|(v, k)| {
        let (id, key) = (ident(&v.name), lit(k));
        quote!(#key => crate::lenient::keyed_variant(json, #key, Self::#id),)
    });
    let key_lits = keys.iter().map(|k| lit(k));
    let name_lit = lit(&def.name);
    quote! {
        #doc
        ///
        #how
        #[derive(Debug, Clone, PartialEq, serde::Serialize)]
        #[serde(untagged)]
        #[non_exhaustive]
        pub enum #name {
            #vs
            /// A shape this version of the crate does not know, kept as it came.
            #[serde(serialize_with = "crate::lenient::untyped")]
            Other(serde_json::Value),
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::lenient::keyed(deserializer)
            }
        }

        impl crate::lenient::Lenient for #name {
            fn lenient<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<crate::lenient::Outcome<Self>, D::Error> {
                crate::lenient::lenient_keyed(deserializer)
            }
        }

        impl crate::lenient::KeyedUnion for #name {
            const NAME: &'static str = #name_lit;
            const KEYS: &'static [&'static str] = &[#(#key_lits),*];
            fn from_key(key: &'static str, json: &str) -> Self {
                match key {
                    #(#arms)*
                    _ => Self::Other(crate::lenient::value_of(json)),
                }
            }
            fn other(value: serde_json::Value) -> Self {
                Self::Other(value)
            }
        }
    }
}
