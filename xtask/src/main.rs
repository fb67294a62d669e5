//! `cargo xtask codegen [--check]` regenerates `slack-api/src/generated/` from `spec/` (with
//! `--check` it writes nothing and fails when the committed code is stale);
//! `cargo xtask import [--overwrite] [--reference DIR] [METHOD ...]` writes first-draft spec
//! files from Slack's reference data; `cargo xtask drift [--reference DIR] [--verbose]`
//! compares every spec file with that data and fails while a difference is unexplained;
//! `cargo xtask samples [--reference DIR]` decodes every recorded response sample and prints
//! its typed-leaf coverage (it runs the `slack-api-samples` tool, which links the client).
//! `--root DIR` picks the workspace; by default it is found from the current directory.

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask [--root DIR] codegen [--check]\n       cargo xtask [--root DIR] import [--overwrite] [--reference DIR] [METHOD ...]\n       cargo xtask [--root DIR] drift [--reference DIR] [--verbose]\n       cargo xtask [--root DIR] samples [--reference DIR]";

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(summary) => {
            println!("{summary}");
            ExitCode::SUCCESS
        }
        Err((message, code)) => {
            eprintln!("{message}");
            ExitCode::from(code)
        }
    }
}

/// Runs the command; an error carries its message and the exit code.
fn run(args: Vec<String>) -> Result<String, (String, u8)> {
    let usage = |message: &str| (format!("{message}\n{USAGE}"), 2);
    let mut args = args.into_iter().peekable();
    let mut root: Option<PathBuf> = None;
    while args.peek().map(String::as_str) == Some("--root") {
        args.next();
        root = Some(PathBuf::from(
            args.next()
                .ok_or_else(|| usage("error: --root needs a directory"))?,
        ));
    }
    let command = args.next().ok_or_else(|| usage("error: no command"))?;
    let root = match root {
        Some(root) => root,
        None => std::env::current_dir()
            .map_err(|e| format!("error: reading the current directory: {e}"))
            .and_then(|cwd| xtask::find_workspace_root(&cwd))
            .map_err(|m| (m, 1))?,
    };
    match command.as_str() {
        "codegen" => {
            let check = match args.next().as_deref() {
                None => false,
                Some("--check") => true,
                Some(other) => return Err(usage(&format!("error: unknown argument `{other}`"))),
            };
            if let Some(extra) = args.next() {
                return Err(usage(&format!("error: unknown argument `{extra}`")));
            }
            xtask::codegen(&root, check).map_err(|m| (m, 1))
        }
        "import" => {
            let mut overwrite = false;
            let mut reference = None;
            let mut methods = Vec::new();
            while let Some(arg) = args.next() {
                match arg.as_str() {
                    "--overwrite" => overwrite = true,
                    "--reference" => {
                        reference =
                            Some(PathBuf::from(args.next().ok_or_else(|| {
                                usage("error: --reference needs a directory")
                            })?))
                    }
                    flag if flag.starts_with('-') => {
                        return Err(usage(&format!("error: unknown option `{flag}`")))
                    }
                    _ => methods.push(arg),
                }
            }
            let options = xtask::import::ImportOptions {
                reference: reference.unwrap_or_else(|| xtask::import::default_reference(&root)),
                root,
                overwrite,
                methods,
            };
            xtask::import::import(&options)
                .map(|report| report.summary())
                .map_err(|m| (m, 1))
        }
        "samples" => {
            let reference = match (args.next().as_deref(), args.next()) {
                (None, _) => xtask::import::default_reference(&root),
                (Some("--reference"), Some(dir)) => PathBuf::from(dir),
                (Some(other), _) => {
                    return Err(usage(&format!("error: unknown argument `{other}`")))
                }
            };
            // The check links the generated client, so it is a crate of its own: xtask must
            // build even when the generated code does not.
            let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
            let status = std::process::Command::new(cargo)
                .args(["run", "--quiet", "-p", "slack-api-samples", "--"])
                .arg(reference.join("response-samples"))
                .current_dir(&root)
                .status()
                .map_err(|e| (format!("error: running cargo: {e}"), 1))?;
            if status.success() {
                Ok(String::new())
            } else {
                Err(("error: some samples did not decode".into(), 1))
            }
        }
        "drift" => {
            let mut verbose = false;
            let mut reference = None;
            while let Some(arg) = args.next() {
                match arg.as_str() {
                    "--verbose" => verbose = true,
                    "--reference" => {
                        reference =
                            Some(PathBuf::from(args.next().ok_or_else(|| {
                                usage("error: --reference needs a directory")
                            })?))
                    }
                    other => return Err(usage(&format!("error: unknown argument `{other}`"))),
                }
            }
            let reference = reference.unwrap_or_else(|| xtask::import::default_reference(&root));
            let report = xtask::drift::drift(&root, &reference).map_err(|m| (m, 1))?;
            if report.is_clean() {
                Ok(report.render(verbose))
            } else {
                // The report goes to stdout either way; the failure is the exit status.
                println!("{}", report.render(verbose));
                Err((
                    format!(
                        "error: the drift report is not clean: {} unexplained difference(s), {} stale drift entries",
                        report.unexplained(),
                        report.stale.len()
                    ),
                    1,
                ))
            }
        }
        other => Err(usage(&format!("error: unknown command `{other}`"))),
    }
}
