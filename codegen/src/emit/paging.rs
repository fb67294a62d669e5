//! `impl Paginated` for methods that page with a cursor.

use proc_macro2::TokenStream;
use quote::quote;

use super::{field_type, ident};
use crate::model::{Method, Paging};
use crate::names::field_ident;
use crate::spec::NextCursor;

/// `impl Paginated`: where the cursor goes in and comes out, and where the items are.
pub fn paginated(m: &Method, p: &Paging) -> TokenStream {
    let name = ident(&m.pascal);
    let cursor = field_ident(&p.cursor_argument);
    let item = field_type(&p.item_ty, false);
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
        quote!(response.#items.into_vec())
    } else {
        quote!(response.#items.unwrap_or_default().into_vec())
    };
    let allow = super::request::allow_deprecated(m);
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
