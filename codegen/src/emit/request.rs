//! A method's request type: one documented field per argument, `new` with the required
//! ones, and `impl Method`, whose `write_params` hands each argument to the runtime's
//! `Params::put` (the wire layer encodes it as the method's metadata says).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{docs, lit, value_type};
use crate::model::{Arg, Method, Model, Ty};
use crate::names::{field_ident, ident};

/// The parameter type of a setter or constructor argument, and how it becomes the field.
pub fn arg_input(a: &Arg) -> (TokenStream, TokenStream) {
    let id = field_ident(&a.rust_name);
    if a.typed_json {
        let ty = value_type(&a.ty, false);
        return (
            quote!(impl crate::IntoJson<#ty>),
            quote!(crate::IntoJson::into_json(#id)),
        );
    }
    match &a.ty {
        Ty::String => (quote!(impl Into<String>), quote!(#id.into())),
        Ty::Array(inner) if **inner == Ty::String => (
            quote!(impl IntoIterator<Item = impl Into<String>>),
            quote!(#id.into_iter().map(Into::into).collect()),
        ),
        Ty::Array(inner) => {
            let inner = value_type(inner, false);
            (
                quote!(impl IntoIterator<Item = #inner>),
                quote!(#id.into_iter().collect()),
            )
        }
        Ty::Json => (quote!(impl Into<serde_json::Value>), quote!(#id.into())),
        other => (value_type(other, false), quote!(#id)),
    }
}

fn arg_doc(a: &Arg) -> TokenStream {
    let mut text = a.description.clone();
    if let Some(default) = &a.default {
        text.push_str(&format!("\n\nDefault: `{default}`."));
    }
    if let Some(example) = &a.example {
        text.push_str(&format!("\n\nExample: `{example}`."));
    }
    docs(&text)
}

/// `#[allow(deprecated)]` on code that uses a deprecated method's own items.
pub fn allow_deprecated(m: &Method) -> TokenStream {
    if m.deprecated.is_some() {
        quote!(#[allow(deprecated)])
    } else {
        TokenStream::new()
    }
}

pub fn deprecated_attr(m: &Method) -> TokenStream {
    match &m.deprecated {
        Some((note, replacement)) => {
            let text = match replacement {
                Some(r) => format!("{note} Use `{r}` instead."),
                None => note.clone(),
            };
            let text = lit(&text);
            quote!(#[deprecated(note = #text)])
        }
        None => TokenStream::new(),
    }
}

/// The request type: one documented field per argument, `new` with the required ones, and
/// `impl Method` tying it to its response, error and metadata.
pub fn request(m: &Method, model: &Model) -> TokenStream {
    let name = ident(&m.pascal);
    let (response, error) = (
        format_ident!("{}Response", m.pascal),
        format_ident!("{}Error", m.pascal),
    );
    let deprecated = deprecated_attr(m);
    let doc = docs(&format!(
        "{}\n\nArguments of [`{}`]({}). Build and send it with [`Client::{}`](crate::Client::{}), whose call has a setter for each optional argument.",
        m.description, m.name, m.docs, m.snake, m.snake
    ));
    let fields = m.arguments.iter().map(|a| {
        let id = field_ident(&a.rust_name);
        let ty = arg_field_type(a);
        let d = arg_doc(a);
        if a.required {
            quote!(#d pub #id: #ty,)
        } else {
            quote!(#d pub #id: Option<#ty>,)
        }
    });
    let required: Vec<&Arg> = m.arguments.iter().filter(|a| a.required).collect();
    let new_params = required.iter().map(|a| {
        let id = field_ident(&a.rust_name);
        let (ty, _) = arg_input(a);
        quote!(#id: #ty)
    });
    let new_fields = m.arguments.iter().map(|a| {
        let id = field_ident(&a.rust_name);
        match a.required {
            true => {
                let (_, conv) = arg_input(a);
                if id == conv.to_string() {
                    quote!(#id,)
                } else {
                    quote!(#id: #conv,)
                }
            }
            false => quote!(#id: None,),
        }
    });
    let writes = m.arguments.iter().map(|a| {
        let (name, id) = (lit(&a.name), field_ident(&a.rust_name));
        quote!(params.put(#name, &self.#id);)
    });
    let new_doc = if required.is_empty() {
        "A request with no arguments set.".to_string()
    } else {
        let names: Vec<String> = required.iter().map(|a| format!("`{}`", a.name)).collect();
        format!(
            "A request with its required arguments: {}.",
            names.join(", ")
        )
    };
    let new_doc = docs(&new_doc);
    let allow = allow_deprecated(m);
    let derive_default = required.is_empty().then(|| quote!(Default,));
    let (check_free, check) = check_fns(m, model);
    let params = if m.arguments.is_empty() {
        format_ident!("_params")
    } else {
        format_ident!("params")
    };
    quote! {
        #doc
        #deprecated
        #[derive(Debug, Clone, PartialEq, #derive_default)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        #allow
        impl #name {
            #new_doc
            pub fn new(#(#new_params),*) -> Self {
                Self { #(#new_fields)* }
            }
        }

        #allow
        impl crate::Method for #name {
            type Response = #response;
            type Error = #error;
            const META: &'static crate::MethodMeta = &META;

            fn write_params<'a>(&'a self, #params: &mut crate::Params<'a>) {
                #(#writes)*
            }

            #check
        }

        #check_free
    }
}

/// The Rust type of an argument's field: a typed JSON argument is a `crate::Json<T>`.
fn arg_field_type(a: &Arg) -> TokenStream {
    let ty = value_type(&a.ty, false);
    if a.typed_json {
        quote!(crate::Json<#ty>)
    } else {
        ty
    }
}

/// For a method with typed JSON arguments: `limits`, which checks them (each one's limits,
/// then the limits inside its value; raw JSON is not checked), `Method::check`, which runs it
/// on the request, and `check_args`, which runs it on a call's JSON arguments (for
/// `META.check_args`).
fn check_fns(m: &Method, model: &Model) -> (TokenStream, TokenStream) {
    let typed: Vec<&Arg> = m
        .arguments
        .iter()
        .filter(|a| a.typed_json && a.checked)
        .collect();
    if typed.is_empty() {
        return (TokenStream::new(), TokenStream::new());
    }
    let params = typed.iter().map(|a| {
        let id = field_ident(&a.rust_name);
        let ty = value_type(&a.ty, false);
        quote!(#id: Option<&crate::Json<#ty>>)
    });
    let checks = typed.iter().map(|a| {
        let id = field_ident(&a.rust_name);
        let key = lit(&a.name);
        let l = &a.limits;
        let bound = |v: Option<u64>| match v {
            Some(v) => quote!(Some(#v)),
            None => quote!(None),
        };
        let mut out = TokenStream::new();
        if l.max_items.is_some() || l.min_items.is_some() {
            let (min, max) = (bound(l.min_items), bound(l.max_items));
            out.extend(quote!(crate::validate::items(&#id, "", #key, (#min, #max), out);));
        }
        if let Some(by) = &l.unique_by {
            let by = lit(by);
            out.extend(quote!(crate::validate::unique_by(&#id, "", #key, #by, out);));
        }
        if super::validate::per_list_union(&a.ty, model, &m.types).is_some() {
            out.extend(quote!(crate::validate::per_list(&#id, "", #key, out);));
        }
        let check = super::validate::within(l.surface, quote!(value.check_into(#key, out)));
        out.extend(quote! {
            if let Some(value) = #id {
                #check
            }
        });
        out
    });
    let from_self = typed.iter().map(|a| {
        let id = field_ident(&a.rust_name);
        if a.required {
            quote!(Some(&self.#id))
        } else {
            quote!(self.#id.as_ref())
        }
    });
    let from_args = typed.iter().map(|a| {
        let key = lit(&a.name);
        quote!(crate::json_arg(args, #key).as_ref())
    });
    let free = quote! {
        /// Slack's limits on the typed arguments.
        fn limits(#(#params,)* out: &mut Vec<crate::Violation>) {
            #(#checks)*
        }

        /// [`limits`] on a call's arguments as a server decodes them (`META.check_args`).
        fn check_args(args: &serde_json::Map<String, serde_json::Value>, out: &mut Vec<crate::Violation>) {
            limits(#(#from_args,)* out);
        }
    };
    let method = quote! {
        fn check(&self, out: &mut Vec<crate::Violation>) {
            limits(#(#from_self,)* out);
        }
    };
    (free, method)
}
