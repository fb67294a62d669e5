//! `cargo xtask codegen` regenerates `slack-api/src/generated/` from `spec/`;
//! `cargo xtask codegen --check` writes nothing and fails when the committed code is stale.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use xtask::{apply, plan, Change};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["codegen"] => codegen(false),
        ["codegen", "--check"] => codegen(true),
        _ => {
            eprintln!("usage: cargo xtask codegen [--check]");
            ExitCode::from(2)
        }
    }
}

fn root() -> PathBuf {
    // xtask/ sits in the workspace root.
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

fn codegen(check: bool) -> ExitCode {
    let root = root();
    let changes = match plan(&root) {
        Ok(changes) => changes,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::FAILURE;
        }
    };
    if check {
        if changes.is_empty() {
            println!("generated code is up to date");
            return ExitCode::SUCCESS;
        }
        eprintln!("generated code is stale; run `cargo xtask codegen`:");
        for change in &changes {
            eprintln!("  {change}");
        }
        return ExitCode::FAILURE;
    }
    if let Err(e) = apply(&root, &changes) {
        eprintln!("error: {e}");
        return ExitCode::FAILURE;
    }
    let written = changes
        .iter()
        .filter(|c| !matches!(c, Change::Remove(_)))
        .count();
    let removed = changes.len() - written;
    println!("codegen: {written} file(s) written, {removed} removed");
    ExitCode::SUCCESS
}
