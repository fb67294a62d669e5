//! Unions of object types: tagged ones are decoded by the value of their tag field
//! (`crate::lenient::TaggedUnion`), untagged ones by trying each shape in order.

use proc_macro2::TokenStream;
use quote::quote;

use super::{docs, ident, lit, named_path};
use crate::model::{NamedType, Variant};

/// A union of object types: tagged (decoded by the value of its `tag` field) or untagged
/// (variants tried in order). Either way a value no variant takes is kept as `Other`.
pub fn union_type(def: &NamedType, variants: &[Variant], in_common: bool) -> TokenStream {
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
    let impls = quote! {
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::lenient::tagged(deserializer)
            }
        }

        impl crate::lenient::Lenient for #name {
            fn lenient<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<crate::lenient::Outcome<Self>, D::Error> {
                crate::lenient::lenient_tagged(deserializer)
            }
        }
    };
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
