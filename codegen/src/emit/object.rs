//! Object types (shared, method-local, and responses): a struct of documented fields with
//! an `extra` map, and one `lenient_object!` call listing the fields, which gives the
//! runtime's tolerant decoding and the serialization.

use proc_macro2::TokenStream;
use quote::quote;

use super::{docs, field_type, ident, lit_text, verbatim};
use crate::model::{Field, Model, NamedType, Ty, TypeKind};
use crate::names::field_ident;

/// Whether a field of type `ty` holds its value in a `Box`: every field whose type is an
/// object or a union. Nested objects are then one pointer wide in their parent, so a type
/// that holds large objects (a conversation's `latest` message) stays small, and decoding a
/// list of them does not copy kilobytes per item.
pub fn boxed(ty: &Ty, model: &Model, local: &[NamedType]) -> bool {
    let Ty::Named { name, common } = ty else {
        return false;
    };
    model
        .named(name, *common, local)
        .is_some_and(|t| !matches!(t.kind, TypeKind::Enum(_)))
}

/// Whether a field's values are kept as JSON, not typed: `json`, or lists and maps of it.
fn is_untyped(ty: &Ty) -> bool {
    match ty {
        Ty::Json => true,
        Ty::Array(inner) | Ty::Map(inner) => is_untyped(inner),
        _ => false,
    }
}

/// The tag field of a shared object type that is a variant of tagged unions, and the value
/// they know it by, when they agree on one and the field is a string: that field is a
/// `crate::Tag`, which holds that value without allocating.
pub fn tag_field<'a>(
    def: &NamedType,
    fields: &'a [Field],
    model: &'a Model,
    in_common: bool,
) -> Option<(&'a str, &'a str)> {
    if !in_common {
        return None;
    }
    let (tag, value) = super::build::tag_value(&def.name, model)?;
    let field = fields.iter().find(|f| f.name == tag)?;
    (field.ty == Ty::String).then_some((field.name.as_str(), value))
}

/// The documented struct fields of an object type or a response; `tag` is the tag field's
/// JSON name (see [`tag_field`]).
pub fn struct_fields(
    fields: &[Field],
    in_common: bool,
    model: &Model,
    local: &[NamedType],
    tag: Option<&str>,
) -> Vec<TokenStream> {
    fields
        .iter()
        .map(|f| {
            let id = field_ident(&f.rust_name);
            let doc = docs(f.description.as_deref().unwrap_or(""));
            let ty = field_type(&f.ty, in_common);
            let ty = if tag == Some(f.name.as_str()) {
                quote!(crate::Tag)
            } else if boxed(&f.ty, model, local) {
                quote!(Box<#ty>)
            } else {
                ty
            };
            if f.required {
                quote!(#doc pub #id: #ty,)
            } else {
                quote!(#doc pub #id: Option<#ty>,)
            }
        })
        .collect()
}

/// The `extra` field every object type ends with.
pub fn extra_field() -> TokenStream {
    quote! {
        /// Fields this version of the crate does not know, and known fields whose value
        /// had another shape, kept as they came.
        pub extra: serde_json::Map<String, serde_json::Value>,
    }
}

/// One row of a `lenient_object!` table: `kind name` or `kind name = "key"`.
pub struct DecodeRow<'a> {
    pub json: &'a str,
    pub rust: &'a str,
    pub required: bool,
    pub untyped: bool,
    /// A `number`: written as an integer when whole.
    pub number: bool,
    /// A variant's tag field: the value the variant is known by.
    pub tag: Option<&'a str>,
}

impl<'a> DecodeRow<'a> {
    pub fn of(f: &'a Field) -> Self {
        DecodeRow {
            json: &f.name,
            rust: &f.rust_name,
            required: f.required,
            untyped: is_untyped(&f.ty),
            number: f.ty == Ty::Number,
            tag: None,
        }
    }
}

/// `crate::lenient_object! { Name { req ok, opt channel, ... } }`, one field per line, in
/// the struct's order.
///
/// `nested` is for a type that can sit inside another value: when it also has a required
/// row, it is written `keep Name`, so that an object of it that does not fit is kept whole,
/// as JSON (see the macro). A response, which fails when it does not fit, and a type with
/// no required field, which always fits, do without that code.
pub fn lenient_object(type_name: &str, rows: &[DecodeRow<'_>], nested: bool) -> TokenStream {
    let keep = if nested && rows.iter().any(|r| r.required) {
        "keep "
    } else {
        ""
    };
    let mut text = format!("crate::lenient_object! {{\n    {keep}{type_name} {{\n");
    for r in rows {
        let kind = match (r.required, r.untyped, r.number) {
            _ if r.tag.is_some() && r.required => "tag",
            _ if r.tag.is_some() => "opt_tag",
            (true, true, _) => "req_json",
            (false, true, _) => "opt_json",
            (true, false, true) => "req_num",
            (false, false, true) => "opt_num",
            (true, false, false) => "req",
            (false, false, false) => "opt",
        };
        let id = field_ident(r.rust).to_string();
        let key = if id == r.json {
            String::new()
        } else {
            format!(" = {}", lit_text(r.json))
        };
        let tag = r
            .tag
            .map(|value| format!(": {}", lit_text(value)))
            .unwrap_or_default();
        text.push_str(&format!("        {kind} {id}{key}{tag},\n"));
    }
    text.push_str("    }\n}");
    verbatim(&text)
}

/// A named object type: its struct and its decoding.
pub fn object_type(
    def: &NamedType,
    fields: &[Field],
    model: &Model,
    local: &[NamedType],
    in_common: bool,
) -> TokenStream {
    let name = ident(&def.name);
    let doc = docs(&def.description);
    let tag = tag_field(def, fields, model, in_common);
    let fs = struct_fields(fields, in_common, model, local, tag.map(|(field, _)| field));
    let extra = extra_field();
    let rows: Vec<DecodeRow<'_>> = fields
        .iter()
        .map(|f| DecodeRow {
            tag: tag.filter(|(field, _)| *field == f.name).map(|(_, v)| v),
            ..DecodeRow::of(f)
        })
        .collect();
    let decode = lenient_object(&def.name, &rows, true);
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub struct #name {
            #(#fs)*
            #extra
        }

        #decode
    }
}
