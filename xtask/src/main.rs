//! `cargo xtask codegen [--check]` regenerates `slack-api/src/generated/` from `spec/` (with
//! `--check` it writes nothing and fails when the committed code is stale);
//! `cargo xtask import [--overwrite] [--reference DIR] [METHOD ...]` writes first-draft spec
//! files from Slack's reference data; `cargo xtask drift [--reference DIR] [--verbose]`
//! compares every spec file with that data and fails while a difference is unexplained;
//! `cargo xtask samples [--reference DIR]` decodes every recorded response sample and prints
//! its typed-leaf coverage (it runs the `slack-api-samples` tool, which links the client).
//! `--root DIR` picks the workspace; by default it is found from the current directory.
//! `--help` prints the usage. Each command's arguments have a parser of their own.

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

/// What went wrong, and the exit code: 2 for a bad command line, 1 for a failed command.
type Failure = (String, u8);

/// A bad command line: the message, then the usage.
fn usage(message: &str) -> Failure {
    (format!("{message}\n{USAGE}"), 2)
}

/// A command and its arguments, as parsed.
enum Command {
    /// `--help` anywhere an option may stand.
    Help,
    Codegen {
        check: bool,
    },
    Import {
        overwrite: bool,
        reference: Option<PathBuf>,
        methods: Vec<String>,
    },
    Drift {
        verbose: bool,
        reference: Option<PathBuf>,
    },
    Samples {
        reference: Option<PathBuf>,
    },
}

/// Runs the command; an error carries its message and the exit code.
///
/// The order of the checks is part of the interface: `--root` and the command name are
/// read first; then the workspace is found (failing with 1 when there is none) before a
/// bad argument of the command or an unknown command is reported (with 2).
fn run(args: Vec<String>) -> Result<String, Failure> {
    let mut args = args.into_iter().peekable();
    let mut root: Option<PathBuf> = None;
    while args.peek().map(String::as_str) == Some("--root") {
        args.next();
        root = Some(PathBuf::from(
            args.next()
                .ok_or_else(|| usage("error: --root needs a directory"))?,
        ));
    }
    let name = args.next().ok_or_else(|| usage("error: no command"))?;
    let command = match name.as_str() {
        "--help" => Ok(Command::Help),
        "codegen" => parse_codegen(args),
        "import" => parse_import(args),
        "drift" => parse_drift(args),
        "samples" => parse_samples(args),
        other => Err(usage(&format!("error: unknown command `{other}`"))),
    };
    if let Ok(Command::Help) = command {
        return Ok(USAGE.into());
    }
    let root = match root {
        Some(root) => root,
        None => std::env::current_dir()
            .map_err(|e| format!("error: reading the current directory: {e}"))
            .and_then(|cwd| xtask::find_workspace_root(&cwd))
            .map_err(|m| (m, 1))?,
    };
    match command? {
        Command::Help => Ok(USAGE.into()),
        Command::Codegen { check } => xtask::codegen(&root, check).map_err(|m| (m, 1)),
        Command::Import {
            overwrite,
            reference,
            methods,
        } => import(root, overwrite, reference, methods),
        Command::Drift { verbose, reference } => drift(root, verbose, reference),
        Command::Samples { reference } => samples(root, reference),
    }
}

/// `codegen [--check]`.
fn parse_codegen(mut args: impl Iterator<Item = String>) -> Result<Command, Failure> {
    let check = match args.next().as_deref() {
        None => false,
        Some("--check") => true,
        Some("--help") => return Ok(Command::Help),
        Some(other) => return Err(usage(&format!("error: unknown argument `{other}`"))),
    };
    match args.next().as_deref() {
        None => Ok(Command::Codegen { check }),
        Some("--help") => Ok(Command::Help),
        Some(extra) => Err(usage(&format!("error: unknown argument `{extra}`"))),
    }
}

/// `import [--overwrite] [--reference DIR] [METHOD ...]`.
fn parse_import(mut args: impl Iterator<Item = String>) -> Result<Command, Failure> {
    let mut overwrite = false;
    let mut reference = None;
    let mut methods = Vec::new();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--overwrite" => overwrite = true,
            "--reference" => reference = Some(reference_dir(&mut args)?),
            "--help" => return Ok(Command::Help),
            flag if flag.starts_with('-') => {
                return Err(usage(&format!("error: unknown option `{flag}`")))
            }
            _ => methods.push(arg),
        }
    }
    Ok(Command::Import {
        overwrite,
        reference,
        methods,
    })
}

/// `drift [--reference DIR] [--verbose]`.
fn parse_drift(mut args: impl Iterator<Item = String>) -> Result<Command, Failure> {
    let mut verbose = false;
    let mut reference = None;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--verbose" => verbose = true,
            "--reference" => reference = Some(reference_dir(&mut args)?),
            "--help" => return Ok(Command::Help),
            other => return Err(usage(&format!("error: unknown argument `{other}`"))),
        }
    }
    Ok(Command::Drift { verbose, reference })
}

/// `samples [--reference DIR]`. Only the first two arguments are looked at, as always.
fn parse_samples(mut args: impl Iterator<Item = String>) -> Result<Command, Failure> {
    match (args.next().as_deref(), args.next()) {
        (None, _) => Ok(Command::Samples { reference: None }),
        (Some("--reference"), Some(dir)) => Ok(Command::Samples {
            reference: Some(PathBuf::from(dir)),
        }),
        (Some("--help"), _) => Ok(Command::Help),
        (Some(other), _) => Err(usage(&format!("error: unknown argument `{other}`"))),
    }
}

/// The directory after `--reference`.
fn reference_dir(args: &mut impl Iterator<Item = String>) -> Result<PathBuf, Failure> {
    args.next()
        .map(PathBuf::from)
        .ok_or_else(|| usage("error: --reference needs a directory"))
}

fn import(
    root: PathBuf,
    overwrite: bool,
    reference: Option<PathBuf>,
    methods: Vec<String>,
) -> Result<String, Failure> {
    let options = xtask::import::ImportOptions {
        reference: reference.unwrap_or_else(|| xtask::reference::default_reference(&root)),
        root,
        overwrite,
        methods,
    };
    xtask::import::import(&options)
        .map(|report| report.summary())
        .map_err(|m| (m, 1))
}

fn drift(root: PathBuf, verbose: bool, reference: Option<PathBuf>) -> Result<String, Failure> {
    let reference = reference.unwrap_or_else(|| xtask::reference::default_reference(&root));
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

fn samples(root: PathBuf, reference: Option<PathBuf>) -> Result<String, Failure> {
    let reference = reference.unwrap_or_else(|| xtask::reference::default_reference(&root));
    // The check links the generated client, so it is a crate of its own: xtask must
    // build even when the generated code does not.
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = std::process::Command::new(cargo)
        .args(["run", "--quiet", "-p", "slack-api-samples", "--"])
        .arg(&reference)
        .current_dir(&root)
        .status()
        .map_err(|e| (format!("error: running cargo: {e}"), 1))?;
    if status.success() {
        Ok(String::new())
    } else {
        Err((
            "error: some samples or examples did not decode, or lost typed elements to an odd one"
                .into(),
            1,
        ))
    }
}
