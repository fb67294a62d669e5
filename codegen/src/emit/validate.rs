//! `Validate` impls from the spec's `checks`: rules a request's values must follow that
//! the types alone cannot say.

use proc_macro2::TokenStream;
use quote::quote;

use super::{ident, lit, value_type};
use crate::model::{Field, Model, NamedType, Ty, TypeKind};
use crate::names::field_ident;

/// Whether values of `ty` carry checks somewhere inside.
pub fn needs_validation(ty: &Ty, model: &Model, local: &[NamedType]) -> bool {
    let mut seen = Vec::new();
    needs_validation_inner(ty, model, local, &mut seen)
}

fn needs_validation_inner(
    ty: &Ty,
    model: &Model,
    local: &[NamedType],
    seen: &mut Vec<String>,
) -> bool {
    match ty {
        Ty::Array(inner) | Ty::Map(inner) => needs_validation_inner(inner, model, local, seen),
        Ty::Named { name, common } => {
            if seen.contains(name) {
                return false;
            }
            seen.push(name.clone());
            let Some(def) = model.named(name, *common, local) else {
                return false;
            };
            type_needs_validation(def, model, local, seen)
        }
        _ => false,
    }
}

pub fn type_needs_validation(
    def: &NamedType,
    model: &Model,
    local: &[NamedType],
    seen: &mut Vec<String>,
) -> bool {
    if !def.checks.is_empty() {
        return true;
    }
    match &def.kind {
        TypeKind::Enum(_) => false,
        TypeKind::Object(fields) => fields
            .iter()
            .any(|f| needs_validation_inner(&f.ty, model, local, seen)),
        TypeKind::OneOf(variants) => variants.iter().any(|v| {
            needs_validation_inner(
                &Ty::Named {
                    name: v.ty.clone(),
                    common: v.common,
                },
                model,
                local,
                seen,
            )
        }),
    }
}

/// Calls `validate_into` on the fields that carry checks.
pub fn validate_fields(fields: &[Field], model: &Model, local: &[NamedType]) -> Vec<TokenStream> {
    fields
        .iter()
        .filter(|f| needs_validation(&f.ty, model, local))
        .map(|f| {
            let id = field_ident(&f.rust_name);
            let name = lit(&f.name);
            quote!(crate::Validate::validate_into(&self.#id, &crate::validate::join(path, #name), out);)
        })
        .collect()
}

/// `impl Validate` for a named type that carries checks, directly or in its fields.
pub fn validate_impl(
    def: &NamedType,
    model: &Model,
    local: &[NamedType],
    in_common: bool,
) -> TokenStream {
    if !type_needs_validation(def, model, local, &mut vec![def.name.clone()]) {
        return TokenStream::new();
    }
    let name = ident(&def.name);
    let body =
        match &def.kind {
            TypeKind::Enum(_) => TokenStream::new(),
            TypeKind::Object(fields) => {
                let checks = def.checks.iter().map(|c| {
                    let when = field_ident(&c.when_field);
                    let field = fields.iter().find(|f| f.rust_name == c.when_field);
                    let required = field.is_some_and(|f| f.required);
                    let target = match &c.when_variant {
                        Some(variant) => {
                            let ty = field
                                .map(|f| value_type(&f.ty, in_common))
                                .unwrap_or_default();
                            let v = ident(variant);
                            quote!(#ty::#v)
                        }
                        None => {
                            let s = lit(&c.when_equals);
                            quote!(#s)
                        }
                    };
                    let cond = match (required, c.when_variant.is_some()) {
                        (true, true) => quote!(self.#when == #target),
                        (true, false) => quote!(self.#when.as_str() == #target),
                        (false, true) => quote!(self.#when.as_ref() == Some(&#target)),
                        (false, false) => quote!(self.#when.as_deref() == Some(#target)),
                    };
                    // Broken when every list is absent or empty.
                    let all_empty = c.non_empty_any.iter().map(|n| {
                        let id = field_ident(n);
                        quote!(self.#id.as_ref().is_none_or(|list| list.is_empty()))
                    });
                    let rule = lit(&c.description);
                    quote! {
                        if #cond #(&& #all_empty)* {
                            out.push(crate::Violation::new(path, #rule));
                        }
                    }
                });
                let nested = validate_fields(fields, model, local);
                quote!(#(#checks)* #(#nested)*)
            }
            TypeKind::OneOf(variants) => {
                let arms = variants.iter().map(|v| {
                let id = ident(&v.name);
                let ty = Ty::Named { name: v.ty.clone(), common: v.common };
                if needs_validation(&ty, model, local) {
                    quote!(Self::#id(inner) => crate::Validate::validate_into(inner, path, out),)
                } else {
                    quote!(Self::#id(_) => {})
                }
            });
                quote! {
                    match self {
                        #(#arms)*
                        Self::Other(_) => {}
                    }
                }
            }
        };
    quote! {
        impl crate::Validate for #name {
            fn validate_into(&self, path: &str, out: &mut Vec<crate::Violation>) {
                #body
            }
        }
    }
}
