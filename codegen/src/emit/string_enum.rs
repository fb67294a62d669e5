//! String enums: one `crate::string_enum!` call with a row per value, which gives the
//! enum (with `Unknown(String)` for values Slack adds later) and everything it implements.

use proc_macro2::TokenStream;

use super::{doc_comment, lit_text, verbatim};
use crate::model::{EnumValue, NamedType};

/// `Variant = "value" => "description",` rows at `indent`: the table format of the
/// runtime's `string_enum!` and `error_enum!`.
pub fn code_rows<'a>(
    rows: impl IntoIterator<Item = (&'a str, &'a str, &'a str)>,
    indent: &str,
) -> String {
    rows.into_iter()
        .map(|(variant, code, description)| {
            format!(
                "{indent}{variant} = {} => {},\n",
                lit_text(code),
                lit_text(&super::linkify(description))
            )
        })
        .collect()
}

/// A table macro call: `crate::<mac>! { /// docs  pub enum Name { rows } }`.
pub fn enum_table<'a>(
    mac: &str,
    name: &str,
    doc: &str,
    rows: impl IntoIterator<Item = (&'a str, &'a str, &'a str)>,
) -> TokenStream {
    let text = format!(
        "crate::{mac}! {{\n{}    pub enum {name} {{\n{}    }}\n}}",
        doc_comment(doc, "    "),
        code_rows(rows, "        ")
    );
    verbatim(&text)
}

/// A named string enum.
pub fn string_enum(def: &NamedType, values: &[EnumValue]) -> TokenStream {
    enum_table(
        "string_enum",
        &def.name,
        &def.description,
        values
            .iter()
            .map(|v| (v.variant.as_str(), v.value.as_str(), v.description.as_str())),
    )
}
