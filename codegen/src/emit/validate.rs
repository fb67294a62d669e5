//! `Validate` impls from the spec's `checks`: rules a request's values must follow that
//! the types alone cannot say.

use proc_macro2::TokenStream;
use quote::quote;

use super::{ident, lit, value_type};
use crate::model::{Field, Model, NamedType, Ty, TypeKind};
use crate::names::field_ident;
use crate::spec::{OnePer, Surface};

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
    if !def.checks.is_empty() || says_surfaces(def) {
        return true;
    }
    match &def.kind {
        TypeKind::Enum(_) => false,
        // Its `Other` is a violation in strict mode (what a server checks).
        TypeKind::OneOf(_) if def.buildable => true,
        TypeKind::Object(fields) => fields.iter().any(|f| {
            !f.limits.is_empty()
                || per_list_union(&f.ty, model, local).is_some()
                || needs_validation_inner(&f.ty, model, local, seen)
        }),
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

/// Calls `validate_into` on the fields that carry checks; a list of blocks with a `surface`
/// is checked `within` it (its elements' surfaces, `one_per: view`).
pub fn validate_fields(fields: &[Field], model: &Model, local: &[NamedType]) -> Vec<TokenStream> {
    fields
        .iter()
        .filter(|f| needs_validation(&f.ty, model, local))
        .map(|f| {
            let id = field_ident(&f.rust_name);
            let name = lit(&f.name);
            let check = quote!(crate::Validate::validate_into(&self.#id, &crate::validate::join(path, #name), out));
            within(f.limits.surface, check)
        })
        .collect()
}

/// `check;`, run `within` the surface of a list of blocks when it has one.
pub(super) fn within(surface: Option<Surface>, check: TokenStream) -> TokenStream {
    match surface {
        Some(surface) => {
            let surface = surface_path(surface);
            quote!(crate::validate::within(#surface, || #check);)
        }
        None => quote!(#check;),
    }
}

/// Whether `def` is a block or an element that says its `surfaces` and leaves one out: it
/// checks itself against the surface of the list of blocks it is inside, at any depth (a
/// `table` in a container's `child_blocks` is as much in a modal as one at the top). A type
/// allowed everywhere is not checked.
fn says_surfaces(def: &NamedType) -> bool {
    let everywhere = [Surface::Message, Surface::Modal, Surface::Home];
    matches!(def.kind, TypeKind::Object(_))
        && !def.surfaces.is_empty()
        && !everywhere.iter().all(|s| def.surfaces.contains(s))
}

/// The unions of blocks: the item types of the lists with a `surface` (shared types' fields
/// and methods' arguments).
fn block_unions(model: &Model) -> impl Iterator<Item = &NamedType> {
    let fields = model.common_types.iter().flat_map(|t| match &t.kind {
        TypeKind::Object(fields) => fields.as_slice(),
        _ => &[],
    });
    let fields = fields.map(|f| (&f.ty, &f.limits));
    let args = model.methods.iter().flat_map(|m| &m.arguments);
    fields
        .chain(args.map(|a| (&a.ty, &a.limits)))
        .filter(|(_, limits)| limits.surface.is_some())
        .filter_map(|(ty, _)| match ty {
            Ty::Array(item) => match &**item {
                Ty::Named { name, common } => model.named(name, *common, &[]),
                _ => None,
            },
            _ => None,
        })
}

/// Whether the union `union` has a variant of type `name`.
fn holds(union: &NamedType, name: &str) -> bool {
    match &union.kind {
        TypeKind::OneOf(variants) => variants.iter().any(|v| v.ty == name),
        _ => false,
    }
}

/// A block's or an element's `surfaces`: `crate::validate::allowed_on(what, kind, surfaces,
/// …)`, or nothing.
fn surface_check(def: &NamedType, model: &Model) -> TokenStream {
    if !says_surfaces(def) {
        return TokenStream::new();
    }
    let what = if block_unions(model).any(|u| holds(u, &def.name)) {
        "block"
    } else {
        "element"
    };
    let kind = super::build::tag_value(&def.name, model).map_or(def.name.as_str(), |(_, v)| v);
    let kind = lit(kind);
    let paths = def.surfaces.iter().map(|s| surface_path(*s));
    quote!(crate::validate::allowed_on(#what, #kind, &[#(#paths),*], path, out);)
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
                let surfaces = surface_check(def, model);
                let limits = fields.iter().map(|f| limit_checks(f, model, local));
                let nested = validate_fields(fields, model, local);
                quote!(#surfaces #(#checks)* #(#limits)* #(#nested)*)
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
                let other = if def.buildable {
                    quote!(Self::Other(value) => crate::validate::other(path, value, out),)
                } else {
                    quote!(Self::Other(_) => {})
                };
                quote! {
                    match self {
                        #(#arms)*
                        #other
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

fn bound<T: quote::ToTokens>(value: Option<T>) -> TokenStream {
    match value {
        Some(v) => quote!(Some(#v)),
        None => quote!(None),
    }
}

/// The calls that check a field's limits (see `slack_model::validate`'s helpers).
fn limit_checks(f: &Field, model: &Model, local: &[NamedType]) -> TokenStream {
    let l = &f.limits;
    let id = field_ident(&f.rust_name);
    let key = lit(&f.name);
    let mut out = TokenStream::new();
    if l.min_length.is_some() || l.max_length.is_some() {
        let (min, max) = (bound(l.min_length), bound(l.max_length));
        out.extend(quote!(crate::validate::length(&self.#id, path, #key, (#min, #max), out);));
    }
    if l.min_items.is_some() || l.max_items.is_some() {
        let (min, max) = (bound(l.min_items), bound(l.max_items));
        out.extend(quote!(crate::validate::items(&self.#id, path, #key, (#min, #max), out);));
    }
    if l.min.is_some() || l.max.is_some() {
        let (min, max) = (bound(l.min), bound(l.max));
        out.extend(quote!(crate::validate::range(&self.#id, path, #key, (#min, #max), out);));
    }
    if let Some(by) = &l.unique_by {
        let by = lit(by);
        out.extend(quote!(crate::validate::unique_by(&self.#id, path, #key, #by, out);));
    }
    if let Some(max) = l.max_item_length {
        out.extend(quote!(crate::validate::each_length(&self.#id, path, #key, #max, out);));
    }
    if l.min_item_items.is_some() || l.max_item_items.is_some() {
        let (min, max) = (bound(l.min_item_items), bound(l.max_item_items));
        out.extend(quote!(crate::validate::each_items(&self.#id, path, #key, (#min, #max), out);));
    }
    if per_list_union(&f.ty, model, local).is_some() {
        out.extend(quote!(crate::validate::per_list(&self.#id, path, #key, out);));
    }
    if let Some(OnePer::View) = l.one_per {
        let set = if f.required {
            quote!(self.#id)
        } else {
            quote!(self.#id == Some(true))
        };
        out.extend(quote!(crate::validate::one_per_view(#set, path, #key, out);));
    }
    out
}

/// `crate::validate::Surface::…`.
pub(super) fn surface_path(surface: Surface) -> TokenStream {
    let id = ident(match surface {
        Surface::Message => "Message",
        Surface::Modal => "Modal",
        Surface::Home => "Home",
    });
    quote!(crate::validate::Surface::#id)
}

/// The union that `ty`, a list, holds when some of its variants have `max_per_list`.
pub(super) fn per_list_union<'a>(
    ty: &Ty,
    model: &'a Model,
    local: &'a [NamedType],
) -> Option<&'a NamedType> {
    let Ty::Array(item) = ty else { return None };
    let Ty::Named { name, common } = &**item else {
        return None;
    };
    let def = model.named(name, *common, local)?;
    let TypeKind::OneOf(variants) = &def.kind else {
        return None;
    };
    variants
        .iter()
        .any(|v| {
            model
                .named(&v.ty, v.common, local)
                .is_some_and(has_per_list)
        })
        .then_some(def)
}

/// Whether a block type has a limit per list of blocks.
fn has_per_list(t: &NamedType) -> bool {
    t.max_per_list.is_some() || t.max_length_per_list.is_some()
}

/// The impls a type's limits need: `Length` (a type with `length`, or a union of such
/// types), `Keyed` (a type whose lists are `unique_by` a field, and its variants) and
/// `PerList` (a union with blocks limited per list).
pub fn limit_impls(def: &NamedType, model: &Model, local: &[NamedType]) -> TokenStream {
    let name = ident(&def.name);
    let mut out = TokenStream::new();
    match &def.kind {
        TypeKind::Object(_) => {
            if let Some(field) = &def.length {
                let id = field_ident(field);
                out.extend(quote! {
                    impl crate::validate::Length for #name {
                        fn length(&self) -> Option<usize> {
                            crate::validate::Length::length(&self.#id)
                        }
                    }
                });
            }
        }
        TypeKind::OneOf(variants) => {
            let of = |v: &crate::model::Variant| model.named(&v.ty, v.common, local);
            if !variants.is_empty()
                && variants
                    .iter()
                    .all(|v| of(v).is_some_and(|t| t.length.is_some()))
            {
                let arms = variants.iter().map(|v| {
                    let id = ident(&v.name);
                    quote!(Self::#id(inner) => crate::validate::Length::length(inner),)
                });
                out.extend(quote! {
                    impl crate::validate::Length for #name {
                        fn length(&self) -> Option<usize> {
                            match self { #(#arms)* Self::Other(_) => None }
                        }
                    }
                });
            }
            if variants.iter().any(|v| of(v).is_some_and(has_per_list)) {
                let arms = variants.iter().filter_map(|v| {
                    let t = of(v).filter(|t| has_per_list(t))?;
                    let id = ident(&v.name);
                    let kind = lit(v.tag_value.as_deref().unwrap_or(&v.name));
                    let count = bound(t.max_per_list.map(|n| n as usize));
                    Some(match t.max_length_per_list.map(|n| n as usize) {
                        Some(length) => quote! {
                            Self::#id(inner) => Some(crate::validate::PerListLimits::of(#kind, inner, #count, #length)),
                        },
                        None => quote! {
                            Self::#id(_) => Some(crate::validate::PerListLimits::count(#kind, #count)),
                        },
                    })
                });
                out.extend(quote! {
                    impl crate::validate::PerList for #name {
                        fn per_list(&self) -> Option<crate::validate::PerListLimits> {
                            match self { #(#arms)* _ => None }
                        }
                    }
                });
            }
        }
        TypeKind::Enum(_) => {}
    }
    let keys = keyed_fields(&def.name, model);
    if let Some(keys) = keys {
        out.extend(keyed_impl(def, &keys));
    }
    out
}

/// The JSON keys `unique_by` reads on items of `name` (directly, or as a variant of a
/// union that is the item), or `None` when no list of them is `unique_by` anything.
fn keyed_fields(name: &str, model: &Model) -> Option<Vec<String>> {
    let mut keys: Vec<String> = Vec::new();
    let mut found = false;
    for t in &model.common_types {
        let TypeKind::Object(fields) = &t.kind else {
            continue;
        };
        for f in fields {
            let (Some(by), Ty::Array(item)) = (&f.limits.unique_by, &f.ty) else {
                continue;
            };
            let Ty::Named { name: item, common } = &**item else {
                continue;
            };
            let is_item = item == name
                || model
                    .named(item, *common, &[])
                    .is_some_and(|u| match &u.kind {
                        TypeKind::OneOf(vs) => vs.iter().any(|v| v.ty == name),
                        _ => false,
                    });
            if is_item {
                found = true;
                if !keys.contains(by) {
                    keys.push(by.clone());
                }
            }
        }
    }
    keys.sort();
    found.then_some(keys)
}

fn keyed_impl(def: &NamedType, keys: &[String]) -> TokenStream {
    let name = ident(&def.name);
    let body = match &def.kind {
        TypeKind::Object(fields) => {
            let arms = fields
                .iter()
                .filter(|f| keys.contains(&f.name) && f.ty == Ty::String)
                .map(|f| {
                    let key = lit(&f.name);
                    let id = field_ident(&f.rust_name);
                    if f.required {
                        quote!(#key => Some(self.#id.as_str()),)
                    } else {
                        quote!(#key => self.#id.as_deref(),)
                    }
                })
                .collect::<Vec<_>>();
            if arms.is_empty() {
                quote!(let _ = field; None)
            } else {
                quote!(match field { #(#arms)* _ => None })
            }
        }
        TypeKind::OneOf(variants) => {
            let arms = variants.iter().map(|v| {
                let id = ident(&v.name);
                quote!(Self::#id(inner) => crate::validate::Keyed::key(inner, field),)
            });
            quote!(match self { #(#arms)* Self::Other(_) => None })
        }
        TypeKind::Enum(_) => return TokenStream::new(),
    };
    quote! {
        impl crate::validate::Keyed for #name {
            fn key(&self, field: &str) -> Option<&str> {
                #body
            }
        }
    }
}
