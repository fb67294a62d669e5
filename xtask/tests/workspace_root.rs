//! Every xtask command works on the workspace it is run in, found from the current directory
//! at run time, never on the checkout whose path was compiled into the binary (with one
//! `CARGO_TARGET_DIR` shared by two clones, one binary serves both).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The checkout this test was built from (only used to find the fixture spec).
fn source_tree() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A scratch workspace elsewhere on disk: a `[workspace]` manifest and the generator's
/// fixture spec, whose methods (`widgets.*`) the real spec does not have.
fn scratch_workspace(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("xtask-root-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(
        &source_tree().join("codegen/tests/fixtures/spec"),
        &dir.join("spec"),
    );
    std::fs::write(
        dir.join("Cargo.toml"),
        "[workspace]\nresolver = \"2\"\nmembers = []\n",
    )
    .unwrap();
    // The runtime's manifest, whose family features codegen keeps.
    std::fs::create_dir_all(dir.join("slack-api")).unwrap();
    std::fs::write(
        dir.join("slack-api/Cargo.toml"),
        "[features]\n# @generated families: begin\n# @generated families: end\n",
    )
    .unwrap();
    dir
}

fn xtask(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("the xtask binary runs")
}

fn text(output: &Output) -> String {
    format!(
        "status {:?}\nstdout:\n{}\nstderr:\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[test]
fn codegen_reads_and_writes_the_workspace_it_is_run_in() {
    let root = scratch_workspace("codegen");
    // Run from a subdirectory: the root is found by walking up.
    let cwd = root.join("spec/methods");

    // The scratch copy has no generated code, so --check must fail naming the missing files
    // (the source tree's generated code is fresh, so reading it would pass).
    let out = xtask(&cwd, &["codegen", "--check"]);
    assert!(!out.status.success(), "{}", text(&out));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("missing: slack-api/src/generated/methods/widgets/widgets_list.rs"),
        "{}",
        text(&out)
    );

    let out = xtask(&cwd, &["codegen"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(root
        .join("slack-api/src/generated/methods/widgets/widgets_list.rs")
        .exists());
    assert!(
        !source_tree()
            .join("slack-api/src/generated/methods/widgets/widgets_list.rs")
            .exists(),
        "codegen wrote into the source tree"
    );

    let out = xtask(&root, &["codegen", "--check"]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "generated code is up to date"
    );
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn a_nested_workspace_without_a_spec_is_skipped() {
    let root = scratch_workspace("nested");
    // A crate-level workspace (like fuzz/) inside the checkout: not the one xtask wants.
    let inner = root.join("fuzz");
    std::fs::create_dir_all(&inner).unwrap();
    std::fs::write(inner.join("Cargo.toml"), "[workspace]\nmembers = []\n").unwrap();
    assert_eq!(xtask::find_workspace_root(&inner).unwrap(), root);

    let out = xtask(&inner, &["codegen"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(root.join("slack-api/src/generated/mod.rs").exists());
    assert!(!inner.join("slack-api").exists());
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn outside_any_workspace_it_fails_and_writes_nothing() {
    let dir = std::env::temp_dir().join(format!("xtask-root-{}-none", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("spec")).unwrap();
    // A spec/ directory but no [workspace] manifest: not a workspace.
    std::fs::write(dir.join("Cargo.toml"), "[package]\nname = \"x\"\n").unwrap();
    assert!(xtask::find_workspace_root(&dir).is_err());

    let out = xtask(&dir, &["codegen"]);
    assert!(!out.status.success(), "{}", text(&out));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("no workspace found"),
        "{}",
        text(&out)
    );
    assert!(!dir.join("slack-api").exists());
    std::fs::remove_dir_all(&dir).unwrap();
}
