//! Limits on each item of a list: a section's fields (2000 characters each) and a table's
//! rows (at most 20 cells each; a data table's at least 1), at the limit and just over.

use serde_json::{json, Value};
use slack_model::block_kit::{DataTableBlock, SectionBlock, TableBlock};
use slack_model::Validate;

fn paths<T: Validate + serde::de::DeserializeOwned>(value: Value) -> Vec<String> {
    let typed: T = serde_json::from_value(value).expect("decodes");
    match typed.validate() {
        Ok(()) => Vec::new(),
        Err(found) => found.into_iter().map(|v| v.path).collect(),
    }
}

fn text(n: usize) -> Value {
    json!({"type": "mrkdwn", "text": "x".repeat(n)})
}

#[test]
fn each_section_field_has_at_most_2000_characters() {
    let at = json!({"type": "section", "fields": [text(5), text(2000)]});
    assert!(paths::<SectionBlock>(at).is_empty());
    let over = json!({"type": "section", "fields": [text(5), text(2001)]});
    assert_eq!(paths::<SectionBlock>(over), ["fields[1]"]);
}

fn cell() -> Value {
    json!({"type": "raw_text", "text": "c"})
}

#[test]
fn each_table_row_has_at_most_20_cells() {
    let row = |n: usize| Value::Array(vec![cell(); n]);
    let at = json!({"type": "table", "rows": [row(3), row(20)]});
    assert!(paths::<TableBlock>(at).is_empty());
    let over = json!({"type": "table", "rows": [row(21), row(3)]});
    assert_eq!(paths::<TableBlock>(over), ["rows[0]"]);
}

#[test]
fn each_data_table_row_has_1_to_20_cells() {
    let row = |n: usize| Value::Array(vec![cell(); n]);
    let ok = json!({"type": "data_table", "caption": "c", "rows": [row(1), row(20)]});
    assert_eq!(paths::<DataTableBlock>(ok), Vec::<String>::new());
    let empty = json!({"type": "data_table", "caption": "c", "rows": [row(2), row(0)]});
    assert_eq!(paths::<DataTableBlock>(empty), ["rows[1]"]);
}
