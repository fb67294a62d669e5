//! A method's response type: `ok`, the method's fields, `warning`, `response_metadata` and
//! `extra`, decoded by `lenient_object!` like any object, and `ApiResponse`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs;
use super::object::{extra_field, lenient_object, struct_fields, DecodeRow};
use super::validate::validate_fields;
use crate::model::{Method, Model};

/// The response type of a successful call.
pub fn response(m: &Method, model: &Model) -> TokenStream {
    let type_name = format!("{}Response", m.pascal);
    let name = format_ident!("{}Response", m.pascal);
    let sources = if m.response_sources.is_empty() {
        String::new()
    } else {
        format!("\n\nTyped from {}.", m.response_sources.join("; "))
    };
    let doc = docs(&format!(
        "The successful (`\"ok\": true`) response of `{}`.{}{sources}",
        m.name,
        m.response_description
            .as_deref()
            .map(|d| format!("\n\n{d}"))
            .unwrap_or_default()
    ));
    let fields = struct_fields(&m.response_fields, false, model, &m.types, None);
    let extra = extra_field();
    let nested = validate_fields(&m.response_fields, model, &m.types);
    let validate = (!nested.is_empty()).then(|| {
        quote! {
            impl crate::Validate for #name {
                fn validate_into(&self, path: &str, out: &mut Vec<crate::Violation>) {
                    #(#nested)*
                }
            }
        }
    });
    let envelope = |json: &'static str, required: bool| DecodeRow {
        json,
        rust: json,
        required,
        untyped: false,
        number: false,
        tag: None,
    };
    let rows: Vec<DecodeRow<'_>> = std::iter::once(envelope("ok", true))
        .chain(m.response_fields.iter().map(DecodeRow::of))
        .chain([
            envelope("warning", false),
            envelope("response_metadata", false),
        ])
        .collect();
    let decode = lenient_object(&type_name, &rows, false);
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub struct #name {
            /// Always `true` here: failures become errors.
            pub ok: bool,
            #(#fields)*
            /// Warnings Slack sent, comma-separated (see also `response_metadata`).
            pub warning: Option<String>,
            /// Cursor, warnings and messages about the response.
            pub response_metadata: Option<crate::ResponseMetadata>,
            #extra
        }

        #decode

        crate::api_response!(#name);

        #validate
    }
}
