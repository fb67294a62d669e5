//! `cargo xtask codegen` end to end, on the real workspace and on scratch copies of a spec.

use std::path::{Path, PathBuf};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// A scratch workspace holding the generator's fixture spec.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("xtask-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(
        &workspace().join("codegen/tests/fixtures/spec"),
        &dir.join("spec"),
    );
    // The runtime's manifest, whose family features codegen keeps.
    std::fs::create_dir_all(dir.join("slack-api")).unwrap();
    std::fs::write(
        dir.join("slack-api/Cargo.toml"),
        "[features]\n# @generated families: begin\n# @generated families: end\nrustls = []\n",
    )
    .unwrap();
    dir
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

/// Every file under `dir` with its contents, sorted.
fn snapshot(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(d) = dirs.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            if entry.path().is_dir() {
                dirs.push(entry.path());
            } else {
                out.push((
                    entry.path(),
                    std::fs::read_to_string(entry.path()).unwrap_or_default(),
                ));
            }
        }
    }
    out.sort();
    out
}

/// The check CI runs: the committed generated code is what the spec gives.
#[test]
fn committed_generated_code_is_fresh() {
    if let Err(message) = xtask::codegen(&workspace(), true) {
        panic!("{message}");
    }
}

#[test]
fn writes_checks_and_removes_files_whose_method_left_the_spec() {
    let root = scratch("lifecycle");
    let out = xtask::codegen(&root, false).unwrap();
    assert!(
        out.starts_with("codegen: 17 file(s) written, 0 removed"),
        "{out}"
    );
    let list = root.join("slack-api/src/generated/methods/widgets/widgets_list.rs");
    assert!(list.exists());
    assert_eq!(
        xtask::codegen(&root, true).unwrap(),
        "generated code is up to date"
    );

    // A hand edit is stale, and named.
    std::fs::write(&list, "// edited by hand\n").unwrap();
    let err = xtask::codegen(&root, true).unwrap_err();
    assert!(
        err.contains("differs: slack-api/src/generated/methods/widgets/widgets_list.rs"),
        "{err}"
    );

    // A method leaving the spec: --check names its file, codegen removes it.
    std::fs::remove_file(root.join("spec/methods/widgets/widgets.list.yaml")).unwrap();
    let err = xtask::codegen(&root, true).unwrap_err();
    assert!(
        err.contains("not in the spec: slack-api/src/generated/methods/widgets/widgets_list.rs"),
        "{err}"
    );
    assert!(
        err.contains("differs: slack-api/src/generated/methods/widgets/mod.rs"),
        "{err}"
    );
    assert!(list.exists(), "--check must not remove anything");
    xtask::codegen(&root, false).unwrap();
    assert!(!list.exists());
    assert_eq!(
        xtask::codegen(&root, true).unwrap(),
        "generated code is up to date"
    );
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn an_invalid_spec_writes_nothing() {
    let root = scratch("invalid");
    xtask::codegen(&root, false).unwrap();
    let generated = root.join("slack-api/src/generated");
    let before = snapshot(&generated);

    // One good change and one bad one: neither may reach the generated code.
    let paint = root.join("spec/methods/widgets/widgets.paint.yaml");
    let text = std::fs::read_to_string(&paint).unwrap();
    std::fs::write(
        &paint,
        text.replace("Paints a widget.", "Paints a widget well."),
    )
    .unwrap();
    let list = root.join("spec/methods/widgets/widgets.list.yaml");
    let text = std::fs::read_to_string(&list).unwrap();
    std::fs::write(&list, text.replace("type: boolean", "type: bool")).unwrap();

    let err = xtask::codegen(&root, false).unwrap_err();
    assert!(err.contains("nothing was written"), "{err}");
    assert!(
        err.contains("spec/methods/widgets/widgets.list.yaml:"),
        "{err}"
    );
    assert!(err.contains("unknown type `bool`"), "{err}");
    assert_eq!(snapshot(&generated), before);
    std::fs::remove_dir_all(&root).unwrap();
}

/// The generator's output for the fixture spec, which uses what the real spec does not yet
/// (arguments of every kind, none at all, unions, checks, a top-level cursor, keywords),
/// compiles inside the runtime crate and is clippy-clean.
#[test]
fn fixture_output_compiles_clippy_clean() {
    let ws = workspace();
    let root = scratch("compile");
    // The runtime crate without its generated code, in a workspace of its own.
    let manifest = std::fs::read_to_string(ws.join("Cargo.toml")).unwrap();
    let manifest: String = manifest
        .lines()
        .map(|line| {
            if line.starts_with("members = [") {
                r#"members = ["slack-api", "slack-model"]"#
            } else {
                line
            }
        })
        .map(|line| format!("{line}\n"))
        .collect();
    assert!(
        manifest.contains(r#"members = ["slack-api", "slack-model"]"#),
        "workspace members line changed"
    );
    std::fs::write(root.join("Cargo.toml"), manifest).unwrap();
    std::fs::copy(ws.join("Cargo.lock"), root.join("Cargo.lock")).unwrap();
    std::fs::create_dir_all(root.join("slack-api")).unwrap();
    // Without its dev-dependency on the emulator, which is not in this workspace (nor could
    // it be: it serves the real spec's methods) and which only its tests, not built here,
    // use.
    let api_manifest = std::fs::read_to_string(ws.join("slack-api/Cargo.toml")).unwrap();
    let api_manifest: String = api_manifest
        .lines()
        .filter(|line| !line.starts_with("slack-emulator = "))
        .map(|line| format!("{line}\n"))
        .collect();
    assert!(
        !api_manifest.contains("slack-emulator"),
        "slack-api's dependency on the emulator changed shape"
    );
    std::fs::write(root.join("slack-api/Cargo.toml"), api_manifest).unwrap();
    copy_dir(
        &ws.join("slack-api/benches"),
        &root.join("slack-api/benches"),
    );
    copy_dir(&ws.join("slack-api/src"), &root.join("slack-api/src"));
    std::fs::remove_dir_all(root.join("slack-api/src/generated")).unwrap();
    // The model crate, likewise without its generated types.
    std::fs::create_dir_all(root.join("slack-model")).unwrap();
    std::fs::copy(
        ws.join("slack-model/Cargo.toml"),
        root.join("slack-model/Cargo.toml"),
    )
    .unwrap();
    copy_dir(&ws.join("slack-model/src"), &root.join("slack-model/src"));
    std::fs::remove_dir_all(root.join("slack-model/src/generated")).unwrap();
    // The Block Kit shortcuts (`Block::section`, …) name the real spec's types, which the
    // fixture does not define: an empty module stands in for them.
    let sugar = root.join("slack-model/src/block_kit_sugar.rs");
    assert!(sugar.exists(), "the Block Kit shortcuts moved");
    let stand_in = "//! The real spec's Block Kit shortcuts, left out.\n\n\
                    #[doc(hidden)]\npub const LEFT_OUT: () = ();\n";
    std::fs::write(&sugar, stand_in).unwrap();
    xtask::codegen(&root, false).unwrap();

    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = std::process::Command::new(cargo)
        .args([
            "clippy",
            "--offline",
            "--quiet",
            "-p",
            "slack-model",
            "-p",
            "slack-api",
            "--lib",
            "--features",
            "dispatch",
            "--",
            "-D",
            "warnings",
        ])
        .current_dir(&root)
        // A target directory of its own, kept between runs: a nested cargo must not wait
        // on the lock of the build running this test.
        .env("CARGO_TARGET_DIR", ws.join("target/fixture-check"))
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "the fixture's generated code does not pass clippy:\n{stderr}"
    );
    std::fs::remove_dir_all(&root).unwrap();
}
