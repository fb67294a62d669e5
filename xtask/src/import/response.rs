//! Pagination and the response fields it implies.

use crate::reference::{JsonKind, Reference};

use super::draft::{Arg, Field, Pagination};
use super::tables::PAGE_ITEMS;

pub(super) fn pagination(
    reference: &Reference,
    name: &str,
    arguments: &[Arg],
) -> (Option<Pagination>, Vec<String>, Vec<Field>) {
    let mut comments = Vec::new();
    let Some(cursor) = arguments
        .iter()
        .find(|a| a.name == "cursor" && a.ty == "string" && !a.required)
    else {
        return (None, comments, Vec::new());
    };
    let limit = arguments
        .iter()
        .find(|a| a.name == "limit" && a.ty == "integer" && !a.required)
        .map(|a| a.name.clone());

    // The list field: the OpenAPI success schema, the response sample, or the table.
    let openapi_arrays: Vec<(String, String, bool)> = reference
        .openapi_op(name)
        .map(|op| op.success_fields.as_slice())
        .unwrap_or_default()
        .iter()
        .filter(|field| field.ty.as_deref() == Some("array"))
        .map(|field| {
            let ty = match field.items_ty.as_deref() {
                Some("string") => "array<string>",
                Some("integer") => "array<integer>",
                _ => "array<json>",
            };
            (field.name.clone(), ty.to_string(), field.required)
        })
        .collect();
    let sample = reference.sample(name);
    let sample_arrays: Vec<(String, String)> = sample
        .map(|sample| {
            sample
                .arrays
                .iter()
                .map(|(k, first)| {
                    let ty = match first {
                        Some(JsonKind::String) => "array<string>",
                        Some(JsonKind::Number) => "array<integer>",
                        _ => "array<json>",
                    };
                    (k.clone(), ty.to_string())
                })
                .collect()
        })
        .unwrap_or_default();
    let top_level = sample.is_some_and(|s| s.next_cursor);

    let items: Option<(String, String, bool)> = match (&openapi_arrays[..], &sample_arrays[..]) {
        ([(o, _, _)], [(s, sty)]) if o != s => {
            comments.push(format!(
                "pagination.items: the OpenAPI schema (2020) names `{o}`, the recorded response sample `{s}`; the sample wins."
            ));
            Some((s.clone(), sty.clone(), false))
        }
        ([(o, oty, required)], _) => {
            comments.push(format!(
                "pagination.items: `{o}`, the list field of the OpenAPI success schema."
            ));
            Some((o.clone(), oty.clone(), *required))
        }
        (_, [(s, sty)]) => {
            comments.push(format!(
                "pagination.items: `{s}`, the list field of response-samples/{name}.json."
            ));
            Some((s.clone(), sty.clone(), false))
        }
        _ => PAGE_ITEMS.iter().find(|(m, ..)| *m == name).map(|(_, field, ty)| {
            comments.push(format!(
                "pagination.items: `{field}`, from the example response of Slack's reference page (as in its Java SDK's response class); the reference data shows no list field."
            ));
            (field.to_string(), ty.to_string(), false)
        }),
    };
    let Some((items, ty, required)) = items else {
        comments.push(format!(
            "pagination: `{name}` takes a cursor, but the reference data names no top-level list field in its response (it pages something nested or a map), so no pagination is declared."
        ));
        return (None, comments, Vec::new());
    };
    let mut fields = vec![Field {
        name: items.clone(),
        ty,
        required,
        description: "The items of this page.".into(),
    }];
    let next_cursor = if top_level {
        comments.push(
            "pagination.next_cursor: the response sample has a top-level `next_cursor`.".into(),
        );
        fields.push(Field {
            name: "next_cursor".into(),
            ty: "string".into(),
            required: false,
            description: "The cursor of the next page; empty or absent on the last.".into(),
        });
        "top_level"
    } else {
        "response_metadata"
    };
    (
        Some(Pagination {
            cursor: cursor.name.clone(),
            limit,
            next_cursor,
            items,
        }),
        comments,
        fields,
    )
}
