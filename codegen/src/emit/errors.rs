//! Error enums, all from one table format (`Variant = "code" => "description"`): each
//! method's own (`error_enum!`, which adds the common and unknown codes) and the errors
//! common to all methods (`common_error_enum!`).

use proc_macro2::TokenStream;
use quote::quote;

use super::lit;
use super::string_enum::enum_table;
use crate::model::{Code, Method, Model};

fn rows(codes: &[Code]) -> impl Iterator<Item = (&str, &str, &str)> {
    codes
        .iter()
        .map(|c| (c.variant.as_str(), c.code.as_str(), c.description.as_str()))
}

/// The method's error enum: its own codes, the common ones, and any other code as it
/// came. Its table is also the method's `META.errors`.
pub fn error_enum(m: &Method) -> TokenStream {
    let doc = format!(
        "An error `{}` can return: its own errors, the [common errors](crate::CommonError), or a code this version does not know.{}",
        m.name,
        table(
            "Common errors its reference page also lists, in its words:",
            &m.listed_common_errors
        )
    );
    enum_table(
        "error_enum",
        &format!("{}Error", m.pascal),
        &doc,
        rows(&m.own_errors),
    )
}

/// The errors common to all methods (one enum every method's error enum wraps), and the
/// common warnings.
pub fn common_errors(model: &Model) -> TokenStream {
    let errors = enum_table(
        "common_error_enum",
        "CommonError",
        "An error that (nearly) every Web API method can return.",
        rows(&model.common_errors),
    );
    let warnings = model.common_warnings.iter().map(|w| {
        let (c, d) = (lit(&w.code), lit(&w.description));
        quote!((#c, #d),)
    });
    quote! {
        #errors

        /// Warnings that any method can return, as `(code, description)`.
        pub const COMMON_WARNINGS: &[(&str, &str)] = &[#(#warnings)*];
    }
}

/// A Markdown table of codes for a doc comment.
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
