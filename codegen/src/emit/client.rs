//! `Client::<method>`, taking the required arguments, and the setters of its `Call`, one
//! per optional argument, as one `crate::setters!` table.

use proc_macro2::TokenStream;
use quote::quote;

use super::request::{allow_deprecated, arg_input, deprecated_attr};
use super::{docs, ident, type_text, verbatim};
use crate::model::{Arg, Method, Ty};
use crate::names::field_ident;

/// How a setter takes its value, as `setters!` spells it: `value T`, `into T` or `list T`.
fn setter_input(a: &Arg) -> String {
    if a.typed_json {
        return format!("json {}", type_text(&a.ty, false));
    }
    match &a.ty {
        Ty::String | Ty::Json => format!("into {}", type_text(&a.ty, false)),
        Ty::Array(inner) => format!("list {}", type_text(inner, false)),
        other => format!("value {}", type_text(other, false)),
    }
}

/// The `setters!` table of a method's optional arguments; nothing when it has none.
fn setters(m: &Method) -> TokenStream {
    let optional: Vec<&Arg> = m.arguments.iter().filter(|a| !a.required).collect();
    if optional.is_empty() {
        return TokenStream::new();
    }
    let mut text = format!("crate::setters! {{\n    {} {{\n", m.pascal);
    for a in optional {
        let id = field_ident(&a.rust_name);
        text.push_str(&format!("        {id}: {},\n", setter_input(a)));
    }
    text.push_str("    }\n}");
    verbatim(&text)
}

/// The client function and the call's setters.
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
    let allow = allow_deprecated(m);
    let setters = setters(m);
    quote! {
        impl crate::Client {
            #doc
            #deprecated
            #allow
            pub fn #fn_name(&self, #(#params),*) -> crate::Call<'_, #name> {
                crate::Call::new(self, #name::new(#(#args),*))
            }
        }

        #setters
    }
}
