//! Inputs that once crashed the spec loader, found while fuzzing (`fuzz/`, target `spec`).
//! Each must now give diagnostics, not a panic or a stack overflow.

use std::path::Path;

use codegen::{generate, read_spec, SpecFile};

/// The generator's test fixture, a small spec that passes.
fn fixture() -> Vec<SpecFile> {
    read_spec(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")).expect("fixture")
}

/// A type expression nested 100,000 levels deep (`array<array<…<integer>…>>`) overflowed
/// the stack: the type parser recursed once per level. Nesting is now capped.
#[test]
fn deeply_nested_type_expression_is_a_diagnostic() {
    let mut files = fixture();
    let file = files
        .iter_mut()
        .find(|f| f.text.contains("type: integer"))
        .expect("a file with an integer");
    let depth = 100_000;
    let deep = format!("{}integer{}", "array<".repeat(depth), ">".repeat(depth));
    file.text = file
        .text
        .replacen("type: integer", &format!("type: {deep}"), 1);
    let path = file.path.clone();
    let diags = generate(&files).expect_err("too deep a type must be refused");
    assert!(
        diags
            .iter()
            .any(|d| d.file == path && d.message.contains("nested more than")),
        "{diags:#?}"
    );
}

/// Nesting up to the cap still works.
#[test]
fn moderately_nested_type_expression_is_accepted() {
    let mut files = fixture();
    let file = files
        .iter_mut()
        .find(|f| f.text.contains("type: array<string>"))
        .expect("a file with an array<string>");
    let deep = format!("{}string{}", "array<".repeat(8), ">".repeat(8));
    file.text = file
        .text
        .replacen("type: array<string>", &format!("type: {deep}"), 1);
    if let Err(diags) = generate(&files) {
        panic!("{diags:#?}");
    }
}
