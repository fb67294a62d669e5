//! The README's "Receiving events over HTTP" example is `examples/receive.rs`, which
//! `cargo test` compiles: the two must not drift apart. (The README's doctests run in
//! slack-api, which does not depend on this crate, so the block there is `ignore`.)

/// The first `rust,ignore` block of the README's section `heading`.
fn readme_block(heading: &str) -> &'static str {
    let readme = include_str!("../../README.md");
    let section = readme
        .split(&format!("\n## {heading}\n"))
        .nth(1)
        .unwrap_or_else(|| panic!("the README has the section {heading}"));
    section
        .split("```rust,ignore\n")
        .nth(1)
        .and_then(|rest| rest.split("\n```\n").next())
        .unwrap_or_else(|| panic!("the section {heading} has a rust,ignore block"))
}

#[test]
fn the_readme_example_is_the_compiled_example() {
    let block = readme_block("Receiving events over HTTP");
    let example = include_str!("../examples/receive.rs");
    // The example's code, without its opening doc comment.
    let code = example
        .lines()
        .skip_while(|line| line.starts_with("//!") || line.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    assert_eq!(block, code, "README block and examples/receive.rs differ");
}

/// The README's "Write an app" block is the `bot` function of `examples/socket_bot.rs`.
#[test]
fn the_readme_app_is_the_compiled_socket_bot() {
    let block = readme_block("Write an app");
    let example = include_str!("../examples/socket_bot.rs");
    assert!(
        example.contains(block),
        "README block and examples/socket_bot.rs differ"
    );
}
