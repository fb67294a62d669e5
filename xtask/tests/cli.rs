//! `cargo xtask`'s command line: the usage, `--help`, and the exit codes of a bad command
//! line (2) and of a missing workspace (1, checked before the command's arguments).

use std::path::{Path, PathBuf};
use std::process::Command;

const USAGE: &str = "usage: cargo xtask [--root DIR] codegen [--check]
       cargo xtask [--root DIR] import [--overwrite] [--reference DIR] [METHOD ...]
       cargo xtask [--root DIR] drift [--reference DIR] [--verbose]
       cargo xtask [--root DIR] samples [--reference DIR]
";

/// An empty directory with no workspace at or above it.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("xtask-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs xtask in `dir`: (exit code, stdout, stderr).
fn xtask(dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn help_prints_the_usage_and_succeeds_anywhere() {
    let dir = scratch("help");
    for args in [
        &["--help"][..],
        &["--root", "nowhere", "--help"],
        &["codegen", "--help"],
        &["codegen", "--check", "--help"],
        &["import", "--help"],
        &["import", "--overwrite", "chat.postMessage", "--help"],
        &["drift", "--help"],
        &["drift", "--verbose", "--help"],
        &["samples", "--help"],
    ] {
        assert_eq!(
            xtask(&dir, args),
            (Some(0), USAGE.to_string(), String::new()),
            "{args:?}"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_bad_command_line_fails_with_2_and_the_usage() {
    let dir = scratch("bad");
    let root = dir.to_str().unwrap();
    for (args, message) in [
        (&[][..], "error: no command"),
        (&["--root"], "error: --root needs a directory"),
        (&["--root", root, "bogus"], "error: unknown command `bogus`"),
        (
            &["--root", root, "codegen", "--bogus"],
            "error: unknown argument `--bogus`",
        ),
        (
            &["--root", root, "codegen", "--check", "extra"],
            "error: unknown argument `extra`",
        ),
        (
            &["--root", root, "import", "--bogus"],
            "error: unknown option `--bogus`",
        ),
        (
            &["--root", root, "import", "--reference"],
            "error: --reference needs a directory",
        ),
        (
            &["--root", root, "drift", "--bogus"],
            "error: unknown argument `--bogus`",
        ),
        (
            &["--root", root, "drift", "--reference"],
            "error: --reference needs a directory",
        ),
        (
            &["--root", root, "samples", "--reference"],
            "error: unknown argument `--reference`",
        ),
    ] {
        assert_eq!(
            xtask(&dir, args),
            (Some(2), String::new(), format!("{message}\n{USAGE}")),
            "{args:?}"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn without_a_workspace_the_command_fails_with_1_before_its_arguments_are_checked() {
    let dir = scratch("nowhere");
    for args in [
        &["codegen"][..],
        &["codegen", "--bogus"],
        &["drift", "--bogus"],
        &["bogus"],
    ] {
        let (code, stdout, stderr) = xtask(&dir, args);
        assert_eq!(code, Some(1), "{args:?}: {stderr}");
        assert_eq!(stdout, "");
        assert!(stderr.starts_with("error: no workspace found"), "{stderr}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
