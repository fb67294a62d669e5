//! Building Block Kit values in Rust: a `new` with an object's required fields (its tag
//! filled in when its unions give it one value), a setter per optional field (one
//! `block_setters!` call listing them), and `From` each variant for a union (and
//! `IntoJson`, so an argument of the union takes a variant: `views_open(ModalView::new(…))`;
//! for a tagged union, its `tagged_union!` table marked `from` writes these).

use proc_macro2::TokenStream;
use quote::quote;

use super::object::boxed;
use super::{field_type, ident, lit, verbatim};
use crate::model::{Field, Model, NamedType, Ty, TypeKind, Variant};
use crate::names::field_ident;

/// The builder code of a buildable type (nothing for others).
pub fn builders(def: &NamedType, model: &Model, local: &[NamedType]) -> TokenStream {
    if !def.buildable {
        return TokenStream::new();
    }
    let name = ident(&def.name);
    let validates =
        super::validate::type_needs_validation(def, model, local, &mut vec![def.name.clone()]);
    let buildable = if validates {
        quote!(crate::buildable!(#name, validate);)
    } else {
        quote!(crate::buildable!(#name);)
    };
    let built = match &def.kind {
        TypeKind::Object(fields) => {
            let new = constructor(def, fields, model, local);
            let setters = setters(&def.name, fields, model, local);
            quote!(#new #setters)
        }
        TypeKind::OneOf(variants) => from_variants(def, variants),
        TypeKind::Enum(_) => TokenStream::new(),
    };
    quote!(#built #buildable)
}

/// The one value the tagged unions holding `name` give its tag field, if they agree.
pub(super) fn tag_value<'a>(name: &str, model: &'a Model) -> Option<(&'a str, &'a str)> {
    let mut found: Option<(&str, &str)> = None;
    for union in &model.common_types {
        let (TypeKind::OneOf(variants), Some(tag)) = (&union.kind, &union.tag) else {
            continue;
        };
        for v in variants.iter().filter(|v| v.ty == name) {
            let value = v.tag_value.as_deref()?;
            match found {
                Some(seen) if seen != (tag.as_str(), value) => return None,
                _ => found = Some((tag, value)),
            }
        }
    }
    found
}

/// `pub fn new(required…) -> Self`.
fn constructor(
    def: &NamedType,
    fields: &[Field],
    model: &Model,
    local: &[NamedType],
) -> TokenStream {
    let name = ident(&def.name);
    let tag = tag_value(&def.name, model);
    let mut params = Vec::new();
    let mut inits = Vec::new();
    for f in fields {
        let id = field_ident(&f.rust_name);
        let is_tag = tag.is_some_and(|(field, _)| field == f.name);
        if !f.required {
            inits.push(quote!(#id: None,));
        } else if let (true, Some((_, value))) = (is_tag, tag) {
            let value = lit(value);
            inits.push(quote!(#id: #value.into(),));
        } else {
            let (param, init) = required_param(f, model, local);
            params.push(quote!(#id: #param));
            inits.push(quote!(#id: #init,));
        }
    }
    let doc = match tag {
        Some((field, value)) => format!(" With its required fields; `{field}` is `{value}`."),
        None => " With its required fields.".to_owned(),
    };
    let allow = params
        .is_empty()
        .then(|| quote!(#[allow(clippy::new_without_default)]));
    quote! {
        impl #name {
            #[doc = #doc]
            #allow
            pub fn new(#(#params),*) -> Self {
                #name {
                    #(#inits)*
                    extra: serde_json::Map::new(),
                }
            }
        }
    }
}

/// A required field's parameter type and the expression that stores it (the parameter is
/// the field's name).
fn required_param(f: &Field, model: &Model, local: &[NamedType]) -> (TokenStream, TokenStream) {
    let id = field_ident(&f.rust_name);
    match &f.ty {
        Ty::Array(item) => {
            let item = field_type(item, true);
            (
                quote!(impl IntoIterator<Item = impl Into<#item>>),
                quote!(#id.into_iter().map(Into::into).collect()),
            )
        }
        ty => {
            let inner = field_type(ty, true);
            let store = if boxed(ty, model, local) {
                quote!(Box::new(#id.into()))
            } else {
                quote!(#id.into())
            };
            (quote!(impl Into<#inner>), store)
        }
    }
}

/// `crate::block_setters! { Name { field: kind Type, … } }` for the optional fields, each row
/// documented as its field.
fn setters(name: &str, fields: &[Field], model: &Model, local: &[NamedType]) -> TokenStream {
    let rows: Vec<String> = fields
        .iter()
        .filter(|f| !f.required && !matches!(f.ty, Ty::Map(_)))
        .map(|f| {
            let (kind, ty) = match &f.ty {
                Ty::Array(item) => ("list", field_type(item, true)),
                ty if boxed(ty, model, local) => ("boxed", field_type(ty, true)),
                ty => ("plain", field_type(ty, true)),
            };
            let doc = f
                .description
                .as_deref()
                .map(|d| format!("        /// {}\n", d.replace('\n', " ")))
                .unwrap_or_default();
            let id = field_ident(&f.rust_name);
            format!("{doc}        {id}: {kind} {ty},\n")
        })
        .collect();
    if rows.is_empty() {
        return TokenStream::new();
    }
    let text = format!(
        "crate::block_setters! {{\n    {name} {{\n{}    }}\n}}",
        rows.concat()
    );
    verbatim(&text)
}

/// `From<Variant> for Union` and `IntoJson<Union>` for each variant type held by one
/// variant only, of an untagged union (a tagged one's `tagged_union!` table, marked `from`,
/// has them: see `union::tagged_table`). The spec has no untagged buildable union today.
fn from_variants(def: &NamedType, variants: &[Variant]) -> TokenStream {
    if def.tag.is_some() {
        return TokenStream::new();
    }
    let name = ident(&def.name);
    let impls = variants
        .iter()
        .filter(|v| variants.iter().filter(|w| w.ty == v.ty).count() == 1)
        .map(|v| {
            let (variant, ty) = (ident(&v.name), ident(&v.ty));
            quote! {
                impl From<#ty> for #name {
                    fn from(value: #ty) -> Self {
                        #name::#variant(value)
                    }
                }

                impl crate::IntoJson<#name> for #ty {
                    fn into_json(self) -> crate::Json<#name> {
                        crate::Json::Typed(#name::#variant(self))
                    }
                }
            }
        });
    quote!(#(#impls)*)
}
