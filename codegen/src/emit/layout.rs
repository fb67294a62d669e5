//! How the generated files fit together: one module per method, grouped in one folder and
//! one cargo feature per family (`chat`, `conversations`, …), and the lists that span them.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::client::client_fn;
use super::errors::error_enum;
use super::meta::meta;
use super::object::object_type;
use super::paging::paginated;
use super::request::{allow_deprecated, request};
use super::response::response;
use super::string_enum::string_enum;
use super::union::union_type;
use super::validate::validate_impl;
use super::{docs, inner_docs, lit};
use crate::model::{Method, Model, NamedType, TypeKind};
use crate::names::ident;

/// One method's module: everything generated from its spec file.
pub fn method_file(m: &Method, model: &Model) -> TokenStream {
    let module_doc = inner_docs(&format!(
        "`{}`: {}\n\nSee <{}>.",
        m.name, m.description, m.docs
    ));
    let meta = meta(m, model);
    let request = request(m, model);
    let client = client_fn(m);
    let response = response(m, model);
    let types = m
        .types
        .iter()
        .map(|t| named_type(t, model, &m.types, false));
    let error = error_enum(m);
    let paging = m.pagination.as_ref().map(|p| paginated(m, p));
    let params = enum_param_calls(&enum_params(&m.arguments, model, &m.types, false), "");
    quote! {
        #module_doc
        #meta
        #request
        #client
        #response
        #(#types)*
        #error
        #paging
        #params
    }
}

/// A named type: a string enum, an object or a union, with its `Validate` impl if it needs
/// one.
pub fn named_type(
    def: &NamedType,
    model: &Model,
    local: &[NamedType],
    in_common: bool,
) -> TokenStream {
    let body = match &def.kind {
        TypeKind::Enum(values) => string_enum(def, values),
        TypeKind::Object(fields) => object_type(def, fields, model, local, in_common),
        TypeKind::OneOf(variants) => union_type(def, variants, model, local, in_common),
    };
    let validate = validate_impl(def, model, local, in_common);
    let limits = super::validate::limit_impls(def, model, local);
    let build = super::build::builders(def, model, local);
    quote!(#body #build #validate #limits)
}

/// `types/<group>.rs` in the model crate: the shared types one spec file defines, in the
/// model's order. They name each other across groups through `types`' re-exports.
pub fn types_file(model: &Model, names: &[String]) -> TokenStream {
    let types = model
        .common_types
        .iter()
        .filter(|t| names.contains(&t.name))
        .map(|t| named_type(t, model, &[], true));
    quote! {
        #[allow(unused_imports)]
        use super::*;
        #(#types)*
    }
}

/// `types/mod.rs` in the model crate: one module per group of shared types, all
/// re-exported, so every shared type is `types::Name`.
pub fn types_mod(groups: &[&str]) -> TokenStream {
    let mods = groups.iter().map(|g| {
        let id = ident(g);
        quote!(pub(crate) mod #id; pub use #id::*;)
    });
    quote! {
        #![doc = " Named types shared by many methods: one module per file of `spec/common/types/`"]
        #![doc = " and `spec/block-kit/`, all re-exported here."]
        #(#mods)*
    }
}

/// `<module>.rs` of a folder of shared types (`block_kit.rs`): its types, re-exported.
pub fn folder_mod(folder: &crate::TypeFolder, groups: &[&str]) -> TokenStream {
    let uses = groups.iter().map(|g| {
        let id = ident(g);
        quote!(pub use super::types::#id::*;)
    });
    let first = format!(" {}, from", folder.holds);
    let second = format!(
        " `{}` (also in `types`, one namespace with the other shared types).",
        folder.dir
    );
    quote! {
        #![doc = #first]
        #![doc = #second]
        #(#uses)*
    }
}

/// `crate::enum_param!(Enum);` for each enum among `args`' types (or their lists) that
/// `is_here` places in the module being written: the runtime's `ToParam` for it.
fn enum_params<'a>(
    args: impl IntoIterator<Item = &'a crate::model::Arg>,
    model: &Model,
    local: &[NamedType],
    common: bool,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for a in args {
        let ty = match &a.ty {
            crate::model::Ty::Array(inner) => inner.as_ref(),
            other => other,
        };
        let crate::model::Ty::Named { name, common: c } = ty else {
            continue;
        };
        let is_enum = model
            .named(name, *c, local)
            .is_some_and(|t| matches!(t.kind, TypeKind::Enum(_)));
        if *c == common && is_enum && !out.contains(name) {
            out.push(name.clone());
        }
    }
    out.sort();
    out
}

fn enum_param_calls(names: &[String], path: &str) -> TokenStream {
    let calls = names.iter().map(|n| {
        let ty: TokenStream = format!("{path}{n}").parse().unwrap_or_default();
        quote!(crate::enum_param!(#ty);)
    });
    quote!(#(#calls)*)
}

/// The families, sorted, each with its methods (in name order).
pub fn families(model: &Model) -> Vec<(&str, Vec<&Method>)> {
    let mut out: Vec<(&str, Vec<&Method>)> = Vec::new();
    for m in &model.methods {
        match out.iter_mut().find(|(f, _)| *f == m.family) {
            Some((_, list)) => list.push(m),
            None => out.push((&m.family, vec![m])),
        }
    }
    out.sort_by(|a, b| a.0.cmp(b.0));
    out
}

/// The Rust module name of a family (`slackLists` → `slack_lists`).
pub fn family_module(family: &str) -> String {
    crate::names::snake_case(family)
}

/// `generated/methods/<family>/mod.rs`: the family's method modules and their main types.
pub fn family_mod(family: &str, methods: &[&Method]) -> TokenStream {
    let doc = inner_docs(&format!(
        "The `{family}.*` methods (cargo feature `{family}`), each generated from `spec/methods/{family}/<method>.yaml`."
    ));
    let mods = methods.iter().map(|m| {
        let id = ident(&m.snake);
        let d = docs(&format!("`{}`", m.name));
        quote!(#d pub mod #id;)
    });
    let uses = methods.iter().map(|m| {
        let id = ident(&m.snake);
        let (req, resp, err) = (
            ident(&m.pascal),
            format_ident!("{}Response", m.pascal),
            format_ident!("{}Error", m.pascal),
        );
        let allow = allow_deprecated(m);
        quote!(#allow pub use #id::{#req, #resp, #err};)
    });
    quote! {
        #doc
        #(#mods)*
        #(#uses)*
    }
}

/// `generated/methods/mod.rs`: one module per family behind its feature, their types
/// re-exported, and the metadata of every method compiled in.
pub fn methods_mod(model: &Model) -> TokenStream {
    let families = families(model);
    let mods = families.iter().map(|(family, _)| {
        let id = ident(&family_module(family));
        let feature = lit(family);
        quote! {
            #[cfg(feature = #feature)]
            pub mod #id;
            #[cfg(feature = #feature)]
            pub use #id::*;
        }
    });
    let metas = model.methods.iter().map(|m| {
        let (family, snake) = (ident(&family_module(&m.family)), ident(&m.snake));
        let feature = lit(&m.family);
        quote!(#[cfg(feature = #feature)] &#family::#snake::META,)
    });
    let args = model.methods.iter().flat_map(|m| &m.arguments);
    let params = enum_param_calls(&enum_params(args, model, &[], true), "crate::types::");
    quote! {
        #![doc = " The Web API methods, one module per method, grouped by family: `methods::chat`"]
        #![doc = " holds `chat.*`. Each family is a cargo feature (all on by default), and every"]
        #![doc = " method's types are re-exported here."]
        #(#mods)*

        /// The metadata of every method compiled in, sorted by name.
        pub const ALL: &[&crate::MethodMeta] = &[#(#metas)*];

        #params
    }
}

/// `dispatch.rs`: every method's response decoder, chosen by method name at run time, for
/// tools (fuzzers, the sample check, an emulator). Behind the `dispatch` feature, so that a
/// normal build does not compile every decoder.
pub fn dispatch(model: &Model) -> TokenStream {
    let arms = model.methods.iter().map(|m| {
        let name = lit(&m.name);
        let resp = format_ident!("{}Response", m.pascal);
        let feature = lit(&m.family);
        quote! {
            #[cfg(feature = #feature)]
            #name => decode::<m::#resp>(method, body),
        }
    });
    quote! {
        #![doc = " Decoding any method's response by its name, for tools: fuzzers, sample checks, emulators."]
        #![doc = ""]
        #![doc = " Each arm decodes through the client's own path: the typed response, re-serialized to JSON,"]
        #![doc = " or the typed error the client would return."]

        // Unused when no family is compiled in.
        #[allow(unused_imports)]
        use {super::methods as m, crate::client::decode_to_value as decode};

        /// Decodes `body` as the response of `method`; `None` when the spec has no such
        /// method or its family is not compiled in.
        // With no family compiled in, every arm is gone: `Some` is never reached and `body`
        // is not read.
        #[allow(unreachable_code, unused_variables)]
        pub fn decode_response(
            method: &str,
            body: &[u8],
        ) -> Option<Result<serde_json::Value, crate::Error<crate::RawErrorCode>>> {
            Some(match method {
                #(#arms)*
                _ => return None,
            })
        }
    }
}
