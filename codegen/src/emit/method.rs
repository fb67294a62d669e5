//! What each method file holds besides its response: the metadata table, the request type,
//! the client function with its call's setters, and the error enum. Everything shared by
//! all methods lives in the runtime; what is emitted here is what differs per method.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::{docs, lit, value_type};
use crate::model::{Arg, Code, Method, Ty};
use crate::names::{field_ident, ident};
use crate::spec::{ContentType, Encoding, HttpMethod, NextCursor, ScopesMatch, TokenType};

fn opt_lit(value: Option<&str>) -> TokenStream {
    match value {
        Some(v) => {
            let v = lit(v);
            quote!(Some(#v))
        }
        None => quote!(None),
    }
}

/// The spec's type expression of an argument, as `META` records it.
fn type_expr(ty: &Ty) -> String {
    match ty {
        Ty::String => "string".into(),
        Ty::Boolean => "boolean".into(),
        Ty::Integer => "integer".into(),
        Ty::Number => "number".into(),
        Ty::IntegerOrString => "integer_or_string".into(),
        Ty::Json => "json".into(),
        Ty::File => "file".into(),
        Ty::Array(inner) => format!("array<{}>", type_expr(inner)),
        Ty::Map(inner) => format!("map<{}>", type_expr(inner)),
        Ty::Named { name, .. } => name.clone(),
    }
}

fn encoding(e: Encoding) -> TokenStream {
    match e {
        Encoding::Text => quote!(crate::Encoding::Text),
        Encoding::CommaList => quote!(crate::Encoding::CommaList),
        Encoding::JsonArray => quote!(crate::Encoding::JsonArray),
        Encoding::Json => quote!(crate::Encoding::Json),
        Encoding::File => quote!(crate::Encoding::File),
    }
}

fn rate_limit(m: &Method) -> TokenStream {
    let r = &m.rate_limit;
    if let Some(t) = r.tier {
        let t = Literal::u8_unsuffixed(t);
        return quote!(crate::RateLimit::Tier(#t));
    }
    match &r.special {
        Some(note) => {
            let note = lit(note);
            let per_minute = match r.per_minute {
                Some(n) => {
                    let n = Literal::u32_unsuffixed(n);
                    quote!(Some(#n))
                }
                None => quote!(None),
            };
            let per = opt_lit(r.per.as_deref());
            quote!(crate::RateLimit::Special { note: #note, per_minute: #per_minute, per: #per })
        }
        None => quote!(crate::RateLimit::Undocumented),
    }
}

fn token_scopes(m: &Method) -> Vec<TokenStream> {
    m.tokens
        .iter()
        .map(|(t, scopes, matching)| {
            let t = match t {
                TokenType::Bot => quote!(crate::TokenType::Bot),
                TokenType::User => quote!(crate::TokenType::User),
                TokenType::App => quote!(crate::TokenType::App),
                TokenType::Workspace => quote!(crate::TokenType::Workspace),
            };
            let matching = match matching {
                ScopesMatch::Any => quote!(crate::ScopesMatch::Any),
                ScopesMatch::All => quote!(crate::ScopesMatch::All),
            };
            let scopes = scopes.iter().map(|s| lit(s));
            quote!(crate::TokenScopes { token_type: #t, scopes: &[#(#scopes),*], scopes_match: #matching },)
        })
        .collect()
}

/// The method's metadata as a `MethodMeta` constant: everything the client, a rate
/// limiter or an emulator needs to know, as data.
pub fn meta(m: &Method) -> TokenStream {
    let (name, family, description, docs_url) = (
        lit(&m.name),
        lit(&m.family),
        lit(&m.description),
        lit(&m.docs),
    );
    let http = match m.http_method {
        HttpMethod::Get => quote!(crate::HttpMethod::Get),
        HttpMethod::Post => quote!(crate::HttpMethod::Post),
    };
    let cts = m.content_types.iter().map(|c| match c {
        ContentType::Form => quote!(crate::ContentType::Form),
        ContentType::Json => quote!(crate::ContentType::Json),
        ContentType::Multipart => quote!(crate::ContentType::Multipart),
    });
    let rate = rate_limit(m);
    let tokens = token_scopes(m);
    let deprecated = match &m.deprecated {
        Some((note, replacement)) => {
            let note = lit(note);
            let replacement = opt_lit(replacement.as_deref());
            quote!(Some(crate::Deprecation { note: #note, replacement: #replacement }))
        }
        None => quote!(None),
    };
    let idempotent = m.idempotent;
    let mut errors: Vec<&str> = m
        .listed_common_errors
        .iter()
        .chain(&m.own_errors)
        .map(|c| c.code.as_str())
        .collect();
    errors.sort_unstable();
    let errors = errors.into_iter().map(lit);
    let warnings = m.warnings.iter().map(|w| lit(&w.code));
    let pagination = match &m.pagination {
        Some(p) => {
            let cursor = lit(&arg_name(m, &p.cursor_argument));
            let limit = opt_lit(p.limit_argument.as_ref().map(|l| arg_name(m, l)).as_deref());
            let items = lit(&field_name(m, &p.items_field));
            let next = match p.next_cursor {
                NextCursor::ResponseMetadata => quote!(crate::NextCursor::ResponseMetadata),
                NextCursor::TopLevel => quote!(crate::NextCursor::TopLevel),
            };
            quote!(Some(crate::PaginationMeta {
                cursor_argument: #cursor,
                limit_argument: #limit,
                items: #items,
                next_cursor: #next,
            }))
        }
        None => quote!(None),
    };
    let arguments = m.arguments.iter().map(|a| {
        let (name, ty, required) = (lit(&a.name), lit(&type_expr(&a.ty)), a.required);
        let default = opt_lit(a.default.as_deref());
        let enc = encoding(a.encoding);
        quote!(crate::ArgumentMeta { name: #name, ty: #ty, required: #required, default: #default, encoding: #enc },)
    });
    quote! {
        /// Facts about the method: how the client sends it, and what a rate limiter or an
        /// emulator needs to know.
        pub const META: crate::MethodMeta = crate::MethodMeta {
            name: #name,
            family: #family,
            description: #description,
            docs_url: #docs_url,
            http_method: #http,
            content_types: &[#(#cts),*],
            rate_limit: #rate,
            idempotent: #idempotent,
            tokens: &[#(#tokens)*],
            deprecated: #deprecated,
            pagination: #pagination,
            arguments: &[#(#arguments)*],
            errors: &[#(#errors),*],
            warnings: &[#(#warnings),*],
        };
    }
}

/// The wire name of the argument whose Rust name is `rust_name`.
fn arg_name(m: &Method, rust_name: &str) -> String {
    m.arguments
        .iter()
        .find(|a| a.rust_name == rust_name)
        .map_or_else(|| rust_name.to_string(), |a| a.name.clone())
}

/// The JSON name of the response field whose Rust name is `rust_name`.
fn field_name(m: &Method, rust_name: &str) -> String {
    m.response_fields
        .iter()
        .find(|f| f.rust_name == rust_name)
        .map_or_else(|| rust_name.to_string(), |f| f.name.clone())
}

/// The parameter type of a setter or constructor argument, and how it becomes the field.
fn arg_input(a: &Arg) -> (TokenStream, TokenStream) {
    let id = field_ident(&a.rust_name);
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

/// Writes one argument into the runtime's parameter list, encoded as its spec says.
/// `by_ref` is a reference to the value (`&self.x`, or `value` bound by
/// `if let Some(value) = &self.x`), `by_val` the value itself (`self.x`, `*value`) and
/// `recv` a method receiver (`self.x`, `value`).
fn write_param(
    a: &Arg,
    by_ref: TokenStream,
    by_val: TokenStream,
    recv: TokenStream,
) -> TokenStream {
    let name = lit(&a.name);
    let list =
        |encoding: &TokenStream, items: TokenStream| quote!(params.list(#name, #encoding, #items););
    match (&a.ty, a.encoding) {
        (Ty::String, _) => quote!(params.string(#name, #by_ref);),
        (Ty::Boolean, _) => quote!(params.boolean(#name, #by_val);),
        (Ty::Integer, _) => quote!(params.integer(#name, #by_val);),
        (Ty::Number, _) => quote!(params.number(#name, #by_val);),
        (Ty::Json, _) => quote!(params.json(#name, #by_ref);),
        (Ty::File, _) => quote!(params.file(#name, #by_ref);),
        (Ty::Array(inner), e) => {
            let e = encoding(e);
            match **inner {
                Ty::String => list(&e, quote!(#recv.iter().map(|v| v.as_str().into()))),
                Ty::Integer => list(&e, quote!(#recv.iter().map(|v| v.to_string().into()))),
                _ => list(&e, quote!(#recv.iter().map(|v| v.as_str().into()))),
            }
        }
        // Validation admits only enums among named argument types.
        (Ty::Named { .. } | Ty::Map(_) | Ty::IntegerOrString, _) => {
            quote!(params.string(#name, #recv.as_str());)
        }
    }
}

/// `#[allow(deprecated)]` on code that uses a deprecated method's own items.
pub fn allow_deprecated(m: &Method) -> TokenStream {
    if m.deprecated.is_some() {
        quote!(#[allow(deprecated)])
    } else {
        TokenStream::new()
    }
}

fn deprecated_attr(m: &Method) -> TokenStream {
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
pub fn request(m: &Method) -> TokenStream {
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
        let ty = value_type(&a.ty, false);
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
        let id = field_ident(&a.rust_name);
        if a.required {
            write_param(a, quote!(&self.#id), quote!(self.#id), quote!(self.#id))
        } else {
            let w = write_param(a, quote!(value), quote!(*value), quote!(value));
            quote!(if let Some(value) = &self.#id { #w })
        }
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
        }
    }
}

/// `Client::<method>`, and one setter per optional argument on its `Call`, each linking to
/// the field that documents it.
pub fn client_fn(m: &Method) -> TokenStream {
    let name = ident(&m.pascal);
    let fn_name = ident(&m.snake);
    let deprecated = deprecated_attr(m);
    let required: Vec<&Arg> = m.arguments.iter().filter(|a| a.required).collect();
    let params = required.iter().map(|a| {
        let id = field_ident(&a.rust_name);
        let (ty, _) = arg_input(a);
        quote!(#id: #ty)
    });
    let args = required.iter().map(|a| field_ident(&a.rust_name));
    let doc = docs(&format!(
        "{}\n\nCalls [`{}`]({}) (arguments: [`{}`]): set optional arguments on the returned call, then `.await` it.",
        m.description, m.name, m.docs, m.pascal
    ));
    let setters = m.arguments.iter().filter(|a| !a.required).map(|a| {
        let id = field_ident(&a.rust_name);
        let (ty, conv) = arg_input(a);
        let d = docs(&format!(
            "Sets [`{}`]({}::{}).",
            a.name, m.pascal, a.rust_name
        ));
        // No `#[must_use]`: `Call` itself is `#[must_use]` (clippy::double_must_use).
        quote! {
            #d
            pub fn #id(mut self, #id: #ty) -> Self {
                self.request_mut().#id = Some(#conv);
                self
            }
        }
    });
    let allow = allow_deprecated(m);
    let call_impl = (!m.arguments.iter().all(|a| a.required)).then(|| {
        quote! {
            #allow
            impl crate::Call<'_, #name> {
                #(#setters)*
            }
        }
    });
    quote! {
        impl crate::Client {
            #doc
            #deprecated
            #allow
            pub fn #fn_name(&self, #(#params),*) -> crate::Call<'_, #name> {
                crate::Call::new(self, #name::new(#(#args),*))
            }
        }

        #call_impl
    }
}

/// The method's error enum and its one `ErrorCode` impl: own codes, the common ones, and
/// any other code as it came.
pub fn error_enum(m: &Method) -> TokenStream {
    let name = format_ident!("{}Error", m.pascal);
    let doc = docs(&format!(
        "An error `{}` can return: its own errors, the [common errors](crate::CommonError), or a code this version does not know.{}",
        m.name,
        table("Common errors its reference page also lists, in its words:", &m.listed_common_errors)
    ));
    let variants = m.own_errors.iter().map(|c| {
        let id = ident(&c.variant);
        let doc = docs(&format!("`{}`: {}", c.code, c.description));
        quote!(#doc #id,)
    });
    let from = m.own_errors.iter().map(|c| {
        let (id, code) = (ident(&c.variant), lit(&c.code));
        quote!(#code => Self::#id,)
    });
    let fallback = quote! {
        crate::CommonError::from_code(code).map_or_else(|| Self::Unknown(code.to_owned()), Self::Common)
    };
    // With no codes of its own, a method's codes are common or unknown.
    let from_body = if m.own_errors.is_empty() {
        fallback
    } else {
        quote!(match code { #(#from)* _ => #fallback, })
    };
    let code = m.own_errors.iter().map(|c| {
        let (id, code) = (ident(&c.variant), lit(&c.code));
        quote!(Self::#id => #code,)
    });
    let description = m.own_errors.iter().map(|c| {
        let (id, d) = (ident(&c.variant), lit(&c.description));
        quote!(Self::#id => Some(#d),)
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// An error common to all methods.
            Common(crate::CommonError),
            /// A code this version of the crate does not know, kept as it came.
            Unknown(String),
        }

        impl crate::ErrorCode for #name {
            fn from_code(code: &str) -> Self {
                #from_body
            }

            fn code(&self) -> &str {
                match self {
                    #(#code)*
                    Self::Common(common) => common.code(),
                    Self::Unknown(code) => code,
                }
            }

            fn description(&self) -> Option<&'static str> {
                match self {
                    #(#description)*
                    Self::Common(common) => Some(common.description()),
                    Self::Unknown(_) => None,
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                crate::ErrorCode::fmt_code(self, f)
            }
        }
    }
}

fn table(title: &str, rows: &[Code]) -> String {
    if rows.is_empty() {
        return String::new();
    }
    let mut out = format!("\n\n{title}\n\n| code | description |\n|---|---|\n");
    for r in rows {
        out.push_str(&format!(
            "| `{}` | {} |\n",
            r.code,
            r.description.replace('|', "\\|").replace('\n', " ")
        ));
    }
    out
}
