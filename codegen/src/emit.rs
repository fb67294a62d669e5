//! Emits Rust from the model. Each function produces one kind of artefact:
//!
//! | artefact | function |
//! |---|---|
//! | metadata constant | [`method::meta`] |
//! | request type, its constructor, argument encoding | [`method::request`] |
//! | client function and the setters of its `Call` | [`method::client_fn`] |
//! | the method's error enum | [`method::error_enum`] |
//! | response type | [`response`] |
//! | named types: enums, objects, unions, and their checks | [`named_type`], [`validate_impl`] |
//! | the errors common to all methods | [`common_errors`] |
//! | pagination | [`paginated`] |
//! | files and modules: method files, families, the lists of all methods | [`layout`] |
//!
//! Behaviour every method shares lives in the runtime (`slack-api/src/`), not here: a
//! method file holds only what differs between methods.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

pub mod layout;
pub mod method;

pub use layout::{dispatch, families, family_mod, family_module, method_file, methods_mod};

use crate::model::{Code, Field, Method, Model, NamedType, Paging, Ty, TypeKind, Variant};
use crate::names::{field_ident, ident};
use crate::spec::NextCursor;

/// `#[doc = "..."]` lines for a text; each line gets the leading space rustdoc expects.
fn docs(text: &str) -> TokenStream {
    let lines = text.trim().lines().map(|l| {
        let l = l.trim_end();
        let line = if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        };
        quote!(#[doc = #line])
    });
    quote!(#(#lines)*)
}

/// `#![doc = "..."]` lines: the module's own documentation.
fn inner_docs(text: &str) -> TokenStream {
    let lines = text.trim().lines().map(|l| {
        let l = l.trim_end();
        let line = if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        };
        quote!(#![doc = #line])
    });
    quote!(#(#lines)*)
}

fn lit(s: &str) -> Literal {
    Literal::string(s)
}

/// Where a named type lives, seen from a method module or from the shared types module.
fn named_path(name: &str, common: bool, in_common: bool) -> TokenStream {
    let id = ident(name);
    if common && !in_common {
        quote!(crate::types::#id)
    } else {
        quote!(#id)
    }
}

/// The Rust type of a response field (before `Option` for optional ones).
fn value_type(ty: &Ty, in_common: bool) -> TokenStream {
    match ty {
        Ty::String => quote!(String),
        Ty::Boolean => quote!(bool),
        Ty::Integer => quote!(i64),
        Ty::Number => quote!(f64),
        Ty::IntegerOrString => quote!(crate::IntegerOrString),
        Ty::Json => quote!(serde_json::Value),
        Ty::File => quote!(crate::FileUpload),
        Ty::Array(inner) => {
            let inner = value_type(inner, in_common);
            quote!(Vec<#inner>)
        }
        Ty::Map(inner) => {
            let inner = value_type(inner, in_common);
            quote!(std::collections::BTreeMap<String, #inner>)
        }
        Ty::Named { name, common } => named_path(name, *common, in_common),
    }
}

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
            let list = if *common { &model.common_types } else { local };
            let Some(def) = list.iter().find(|t| &t.name == name) else {
                return false;
            };
            type_needs_validation(def, model, local, seen)
        }
        _ => false,
    }
}

fn type_needs_validation(
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

/// Whether a field of type `ty` holds its value in a `Box`: every field whose type is an
/// object or a union. Nested objects are then one pointer wide in their parent, so a type
/// that holds large objects (a conversation's `latest` message) stays small, and decoding a
/// list of them does not copy kilobytes per item.
fn boxed(ty: &Ty, model: &Model, local: &[NamedType]) -> bool {
    let Ty::Named { name, common } = ty else {
        return false;
    };
    let list = if *common { &model.common_types } else { local };
    list.iter()
        .find(|t| &t.name == name)
        .is_some_and(|t| !matches!(t.kind, TypeKind::Enum(_)))
}

/// Struct fields for object types and responses, with serde attributes.
fn struct_fields(
    fields: &[Field],
    in_common: bool,
    model: &Model,
    local: &[NamedType],
) -> Vec<TokenStream> {
    fields
        .iter()
        .map(|f| {
            let id = field_ident(&f.rust_name);
            let doc = docs(f.description.as_deref().unwrap_or(""));
            let ty = value_type(&f.ty, in_common);
            let ty = if boxed(&f.ty, model, local) {
                quote!(Box<#ty>)
            } else {
                ty
            };
            let rename = (f.rust_name != f.name).then(|| {
                let n = lit(&f.name);
                quote!(#[serde(rename = #n)])
            });
            // JSON-typed fields are left out of `lenient::typed_only` serializations (the
            // sample check counts only what lands in typed fields).
            let untyped = is_untyped(&f.ty);
            match (f.required, untyped) {
                (true, false) => quote!(#doc #rename pub #id: #ty,),
                (true, true) => quote! {
                    #doc
                    #rename
                    #[serde(skip_serializing_if = "crate::lenient::skip_untyped")]
                    pub #id: #ty,
                },
                (false, false) => quote! {
                    #doc
                    #rename
                    #[serde(skip_serializing_if = "Option::is_none")]
                    pub #id: Option<#ty>,
                },
                (false, true) => quote! {
                    #doc
                    #rename
                    #[serde(skip_serializing_if = "crate::lenient::skip_untyped_opt")]
                    pub #id: Option<#ty>,
                },
            }
        })
        .collect()
}

/// Whether a field's values are kept as JSON, not typed: `json`, or lists and maps of it.
fn is_untyped(ty: &Ty) -> bool {
    match ty {
        Ty::Json => true,
        Ty::Array(inner) | Ty::Map(inner) => is_untyped(inner),
        _ => false,
    }
}

/// Tolerant decoding of an object type or a response (see the runtime's `lenient`): a
/// generated `visit_map` that reads each known key into its field, keeps a value of another
/// shape in `extra`, and keeps every other key there too. `envelope` lists fields the type
/// has besides the spec's (`ok` and the like), with whether each is required.
fn lenient_decode(type_name: &str, fields: &[Field], envelope: &[(&str, bool)]) -> TokenStream {
    let name = ident(type_name);
    let type_lit = lit(type_name);
    let all: Vec<(String, String, bool)> = envelope
        .iter()
        .map(|(n, r)| (n.to_string(), n.to_string(), *r))
        .chain(
            fields
                .iter()
                .map(|f| (f.name.clone(), f.rust_name.clone(), f.required)),
        )
        .collect();
    let slots = all.iter().map(|(_, rust, _)| {
        let id = field_ident(rust);
        quote!(let mut #id = None;)
    });
    let arms = all.iter().map(|(json, rust, required)| {
        let (id, key) = (field_ident(rust), lit(json));
        if *required {
            quote!(#key => #id = Some(crate::lenient::required(&mut __map, Self::NAME, #key)?),)
        } else {
            quote!(#key => crate::lenient::optional(&mut __map, &mut #id, &mut __extra, Self::NAME, #key)?,)
        }
    });
    let inits = all.iter().map(|(json, rust, required)| {
        let (id, key) = (field_ident(rust), lit(json));
        if *required {
            quote!(#id: #id.ok_or_else(|| crate::lenient::missing(Self::NAME, #key))?,)
        } else {
            quote!(#id,)
        }
    });
    let impls = decode_impls(&name, quote!(object), quote!(lenient_object));
    quote! {
        #impls

        impl crate::lenient::LenientObject for #name {
            const NAME: &'static str = #type_lit;

            // `__map`, `__key` and `__extra`: no field's name can clash with them.
            fn from_map<'de, A: serde::de::MapAccess<'de>>(mut __map: A) -> Result<Self, A::Error> {
                #(#slots)*
                let mut __extra = serde_json::Map::new();
                while let Some(__key) = __map.next_key::<crate::lenient::Key<'de>>()? {
                    match __key.0.as_ref() {
                        #(#arms)*
                        _ => crate::lenient::unknown(&mut __map, __key, &mut __extra)?,
                    }
                }
                Ok(Self { #(#inits)* extra: __extra })
            }
        }
    }
}

/// `Deserialize` and `Lenient` for a generated type, each handing the deserializer to the
/// runtime function of `crate::lenient` that decodes that kind of type.
fn decode_impls(
    name: &proc_macro2::Ident,
    decode: TokenStream,
    lenient: TokenStream,
) -> TokenStream {
    quote! {
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::lenient::#decode(deserializer)
            }
        }

        impl crate::lenient::Lenient for #name {
            fn lenient<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<crate::lenient::Outcome<Self>, D::Error> {
                crate::lenient::#lenient(deserializer)
            }
        }
    }
}

/// Calls `validate_into` on the fields that carry checks.
fn validate_fields(fields: &[Field], model: &Model, local: &[NamedType]) -> Vec<TokenStream> {
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

/// A named type: a string enum, an object or a union, with its `Validate` impl if it needs one.
pub fn named_type(
    def: &NamedType,
    model: &Model,
    local: &[NamedType],
    in_common: bool,
) -> TokenStream {
    let name = ident(&def.name);
    let doc = docs(&def.description);
    let body = match &def.kind {
        TypeKind::Enum(values) => {
            let variants = values.iter().map(|v| {
                let id = ident(&v.variant);
                let d = docs(&format!("`{}`: {}", v.value, v.description));
                quote!(#d #id,)
            });
            let to_str = values.iter().map(|v| {
                let id = ident(&v.variant);
                let s = lit(&v.value);
                quote!(Self::#id => #s,)
            });
            let from_str = values.iter().map(|v| {
                let id = ident(&v.variant);
                let s = lit(&v.value);
                quote!(#s => Self::#id,)
            });
            quote! {
                #doc
                #[derive(Debug, Clone, PartialEq, Eq, Hash)]
                #[non_exhaustive]
                pub enum #name {
                    #(#variants)*
                    /// A value this version of the crate does not know, kept as it came.
                    Unknown(String),
                }

                impl #name {
                    /// The value as Slack writes it.
                    pub fn as_str(&self) -> &str {
                        match self {
                            #(#to_str)*
                            Self::Unknown(value) => value,
                        }
                    }
                }

                impl From<&str> for #name {
                    fn from(value: &str) -> Self {
                        match value {
                            #(#from_str)*
                            other => Self::Unknown(other.to_owned()),
                        }
                    }
                }

                impl std::fmt::Display for #name {
                    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(self.as_str())
                    }
                }

                impl serde::Serialize for #name {
                    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                        serializer.serialize_str(self.as_str())
                    }
                }

                impl<'de> serde::Deserialize<'de> for #name {
                    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                        crate::serde_util::string_enum(deserializer)
                    }
                }

                impl crate::lenient::Lenient for #name {
                    fn lenient<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<crate::lenient::Outcome<Self>, D::Error> {
                        crate::lenient::lenient_str_enum(deserializer)
                    }
                }
            }
        }
        TypeKind::Object(fields) => {
            let fs = struct_fields(fields, in_common, model, local);
            let decode = lenient_decode(&def.name, fields, &[]);
            quote! {
                #doc
                #[derive(Debug, Clone, PartialEq, serde::Serialize)]
                #[non_exhaustive]
                pub struct #name {
                    #(#fs)*
                    /// Fields this version of the crate does not know, and known fields whose
                    /// value had another shape, kept as they came.
                    #[serde(flatten, skip_serializing_if = "crate::lenient::skip_extra")]
                    pub extra: serde_json::Map<String, serde_json::Value>,
                }

                #decode
            }
        }
        TypeKind::OneOf(variants) => union_type(def, variants, in_common),
    };
    let validate = validate_impl(def, model, local, in_common);
    quote!(#body #validate)
}

/// A union of object types: tagged (decoded by the value of its `tag` field) or untagged
/// (variants tried in order). Either way a value no variant takes is kept as `Other`.
fn union_type(def: &NamedType, variants: &[Variant], in_common: bool) -> TokenStream {
    let name = ident(&def.name);
    let doc = docs(&def.description);
    let vs = variants.iter().map(|v| {
        let id = ident(&v.name);
        let ty = named_path(&v.ty, v.common, in_common);
        let d = match (&def.tag, &v.tag_value) {
            (Some(tag), Some(value)) => docs(&format!("`{tag}`: `{value}`. {}", v.description)),
            _ => docs(&v.description),
        };
        quote!(#d #id(#ty),)
    });
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
    let arms = variants.iter().filter_map(|v| {
        let value = lit(v.tag_value.as_deref()?);
        let id = ident(&v.name);
        Some(quote!(#value => crate::lenient::variant(value, Self::#id),))
    });
    let (name_lit, tag_lit) = (lit(&def.name), lit(tag));
    let how = docs(&format!(
        "Decoded by the value of its `{tag}` field, never by trying each shape; an object with another `{tag}` (or a variant missing a field it needs) is `Other`."
    ));
    let impls = decode_impls(&name, quote!(tagged), quote!(lenient_tagged));
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

        #impls

        impl crate::lenient::TaggedUnion for #name {
            const NAME: &'static str = #name_lit;
            const TAG: &'static str = #tag_lit;
            fn from_tagged(tag: &str, value: serde_json::Value) -> Self {
                match tag {
                    #(#arms)*
                    _ => Self::Other(value),
                }
            }
            fn other(value: serde_json::Value) -> Self {
                Self::Other(value)
            }
        }
    }
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

/// The errors common to all methods: one enum every method's error enum wraps.
pub fn common_errors(model: &Model) -> TokenStream {
    let CodeArms {
        variants,
        code_arms,
        from_arms,
        desc_arms,
    } = code_arms(&model.common_errors, false);
    let warnings = model.common_warnings.iter().map(|w| {
        let (c, d) = (lit(&w.code), lit(&w.description));
        quote!((#c, #d),)
    });
    quote! {
        /// An error that (nearly) every Web API method can return.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum CommonError {
            #(#variants)*
        }

        impl CommonError {
            /// The error code as Slack sends it.
            pub fn code(&self) -> &'static str {
                match self {
                    #(#code_arms)*
                }
            }

            /// The common error with this code, if it is one.
            pub fn from_code(code: &str) -> Option<Self> {
                Some(match code {
                    #(#from_arms)*
                    _ => return None,
                })
            }

            /// What Slack's documentation says the error means.
            pub fn description(&self) -> &'static str {
                match self {
                    #(#desc_arms)*
                }
            }
        }

        impl std::fmt::Display for CommonError {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}: {}", self.code(), self.description())
            }
        }

        impl std::error::Error for CommonError {}

        /// Warnings that any method can return, as `(code, description)`.
        pub const COMMON_WARNINGS: &[(&str, &str)] = &[#(#warnings)*];
    }
}

/// The pieces of an enum of error codes: its variants and the arms of its `code`,
/// `from_code` and `description` matches.
struct CodeArms {
    variants: Vec<TokenStream>,
    code_arms: Vec<TokenStream>,
    from_arms: Vec<TokenStream>,
    desc_arms: Vec<TokenStream>,
}

/// `optional_descriptions`: whether `description` returns `Option` (it does where the enum
/// also holds unknown codes).
fn code_arms(codes: &[Code], optional_descriptions: bool) -> CodeArms {
    let mut arms = CodeArms {
        variants: Vec::new(),
        code_arms: Vec::new(),
        from_arms: Vec::new(),
        desc_arms: Vec::new(),
    };
    for c in codes {
        let id = ident(&c.variant);
        let (code, description) = (lit(&c.code), lit(&c.description));
        let doc = docs(&format!("`{}`: {}", c.code, c.description));
        arms.variants.push(quote!(#doc #id,));
        arms.code_arms.push(quote!(Self::#id => #code,));
        arms.from_arms.push(quote!(#code => Self::#id,));
        arms.desc_arms.push(if optional_descriptions {
            quote!(Self::#id => Some(#description),)
        } else {
            quote!(Self::#id => #description,)
        });
    }
    arms
}

/// The response type of a successful call.
pub fn response(m: &Method, model: &Model) -> TokenStream {
    let name = format_ident!("{}Response", m.pascal);
    let doc = docs(&format!(
        "The successful (`\"ok\": true`) response of `{}`.{}",
        m.name,
        m.response_description
            .as_deref()
            .map(|d| format!("\n\n{d}"))
            .unwrap_or_default()
    ));
    let fields = struct_fields(&m.response_fields, false, model, &m.types);
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
    let envelope = [
        ("ok", true),
        ("warning", false),
        ("response_metadata", false),
    ];
    let decode = lenient_decode(
        &format!("{}Response", m.pascal),
        &m.response_fields,
        &envelope,
    );
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, serde::Serialize)]
        #[non_exhaustive]
        pub struct #name {
            /// Always `true` here: failures become errors.
            pub ok: bool,
            #(#fields)*
            /// Warnings Slack sent, comma-separated (see also `response_metadata`).
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub warning: Option<String>,
            /// Cursor, warnings and messages about the response.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub response_metadata: Option<crate::ResponseMetadata>,
            /// Fields this version of the crate does not know, and known fields whose value
            /// had another shape, kept as they came.
            #[serde(flatten, skip_serializing_if = "crate::lenient::skip_extra")]
            pub extra: serde_json::Map<String, serde_json::Value>,
        }

        #decode

        impl crate::ApiResponse for #name {
            fn ok(&self) -> bool {
                self.ok
            }

            fn warning(&self) -> Option<&str> {
                self.warning.as_deref()
            }

            fn response_metadata(&self) -> Option<&crate::ResponseMetadata> {
                self.response_metadata.as_ref()
            }
        }

        #validate
    }
}

/// `impl Paginated`: where the cursor goes in and comes out, and where the items are.
pub fn paginated(m: &Method, p: &Paging) -> TokenStream {
    let name = ident(&m.pascal);
    let cursor = field_ident(&p.cursor_argument);
    let item = value_type(&p.item_ty, false);
    let items = field_ident(&p.items_field);
    let required = m
        .response_fields
        .iter()
        .any(|f| f.rust_name == p.items_field && f.required);
    let next = match p.next_cursor {
        NextCursor::ResponseMetadata => {
            quote!(response
                .response_metadata
                .as_ref()
                .and_then(|meta| meta.next_cursor.as_deref()))
        }
        NextCursor::TopLevel => {
            let required = m
                .response_fields
                .iter()
                .any(|f| f.name == "next_cursor" && f.required);
            if required {
                quote!(Some(response.next_cursor.as_str()))
            } else {
                quote!(response.next_cursor.as_deref())
            }
        }
    };
    let take = if required {
        quote!(response.#items)
    } else {
        quote!(response.#items.unwrap_or_default())
    };
    let allow = method::allow_deprecated(m);
    quote! {
        #allow
        impl crate::Paginated for #name {
            type Item = #item;

            fn set_cursor(&mut self, cursor: String) {
                self.#cursor = Some(cursor);
            }

            fn cursor(&self) -> Option<&str> {
                self.#cursor.as_deref()
            }

            fn next_cursor(response: &Self::Response) -> Option<&str> {
                #next
            }

            fn into_items(response: Self::Response) -> Vec<Self::Item> {
                #take
            }
        }
    }
}

/// `generated/types.rs`: the shared named types.
pub fn types_file(model: &Model) -> TokenStream {
    let types = model
        .common_types
        .iter()
        .map(|t| named_type(t, model, &[], true));
    quote! {
        #![doc = " Named types shared by many methods."]
        #(#types)*
    }
}
