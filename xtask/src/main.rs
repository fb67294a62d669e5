//! `cargo xtask codegen` regenerates `slack-api/src/generated/` from `spec/`;
//! `cargo xtask codegen --check` writes nothing and fails when the committed code is stale.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let check = match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["codegen"] => false,
        ["codegen", "--check"] => true,
        _ => {
            eprintln!("usage: cargo xtask codegen [--check]");
            return ExitCode::from(2);
        }
    };
    let root = match std::env::current_dir()
        .map_err(|e| format!("error: reading the current directory: {e}"))
        .and_then(|cwd| xtask::find_workspace_root(&cwd))
    {
        Ok(root) => root,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::FAILURE;
        }
    };
    match xtask::codegen(&root, check) {
        Ok(summary) => {
            println!("{summary}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}
