//! What `cargo xtask codegen`, `cargo xtask import` and `cargo xtask drift` do, as functions
//! the tests can call. `import` and `drift` read Slack's reference data through
//! [`reference`](mod@reference), and neither uses the other.

pub mod common;
pub mod drift;
pub mod import;
pub mod reference;

use std::collections::BTreeSet;
use std::fmt;
use std::path::{Path, PathBuf};

/// The workspace an xtask command works on: the nearest directory at or above `start` whose
/// `Cargo.toml` declares a `[workspace]` and which holds a `spec/` directory.
///
/// `cargo xtask` runs the binary from the directory it was invoked in, so the commands
/// start from `std::env::current_dir()`. They never use the path compiled into the binary:
/// with a `CARGO_TARGET_DIR` shared by two clones, one binary serves both, and a compiled-in
/// path would point at whichever clone built it last.
pub fn find_workspace_root(start: &Path) -> Result<PathBuf, String> {
    for dir in start.ancestors() {
        let Ok(manifest) = std::fs::read_to_string(dir.join("Cargo.toml")) else {
            continue;
        };
        let is_workspace = manifest.lines().any(|line| line.trim() == "[workspace]");
        if is_workspace && dir.join("spec").is_dir() {
            return Ok(dir.to_path_buf());
        }
    }
    Err(format!(
        "error: no workspace found at or above {}: run this in a checkout of slack-api \
         (a directory whose Cargo.toml has [workspace] and which holds spec/)",
        start.display()
    ))
}

/// One difference between the generated directory and what the spec gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A file the spec gives that is missing.
    Create(String, String),
    /// A file whose contents differ from what the spec gives.
    Update(String, String),
    /// A generated file whose method left the spec.
    Remove(String),
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Change::Create(path, _) => write!(f, "missing: {path}"),
            Change::Update(path, _) => write!(f, "differs: {path}"),
            Change::Remove(path) => write!(f, "not in the spec: {path}"),
        }
    }
}

/// Generates from `<root>/spec` and compares with the generated directories
/// (`<root>/slack-api/src/generated`, `<root>/slack-model/src/generated`).
/// Returns the changes needed, or every problem in the spec as one message.
pub fn plan(root: &Path) -> Result<Vec<Change>, String> {
    let files = codegen::read_spec(root)
        .map_err(|e| format!("error: reading {}/spec: {e}", root.display()))?;
    let generated = codegen::generate(&files).map_err(|diags| {
        let mut msg = format!(
            "error: the spec has {} problem(s); nothing was written\n",
            diags.len()
        );
        for d in &diags {
            msg.push_str(&format!("  {d}\n"));
        }
        msg
    })?;
    let mut changes = Vec::new();
    let mut wanted = BTreeSet::new();
    for file in generated {
        wanted.insert(file.path.clone());
        match std::fs::read_to_string(root.join(&file.path)) {
            Ok(existing) if existing == file.contents => {}
            Ok(_) => changes.push(Change::Update(file.path, file.contents)),
            Err(_) => changes.push(Change::Create(file.path, file.contents)),
        }
    }
    let manifest_path = root.join(MANIFEST);
    let manifest = std::fs::read_to_string(&manifest_path)
        .map_err(|e| format!("error: reading {}: {e}", manifest_path.display()))?;
    let features = with_family_features(&manifest, &codegen::families(&files))?;
    if features != manifest {
        changes.push(Change::Update(MANIFEST.into(), features));
    }
    for dir in codegen::GENERATED_DIRS {
        for path in existing_files(root, dir) {
            if !wanted.contains(&path) {
                changes.push(Change::Remove(path));
            }
        }
    }
    Ok(changes)
}

/// The runtime crate's manifest, whose feature list the generator keeps.
const MANIFEST: &str = "slack-api/Cargo.toml";
const FEATURES_BEGIN: &str = "# @generated families: begin";
const FEATURES_END: &str = "# @generated families: end";

/// The manifest with its generated block of features rewritten: one feature per method
/// family, all of them on by default (with `rustls`).
pub fn with_family_features(manifest: &str, families: &[String]) -> Result<String, String> {
    let (Some(begin), Some(end)) = (manifest.find(FEATURES_BEGIN), manifest.find(FEATURES_END))
    else {
        return Err(format!(
            "error: {MANIFEST} has no `{FEATURES_BEGIN}` … `{FEATURES_END}` block under [features]"
        ));
    };
    let mut block = format!(
        "{FEATURES_BEGIN} (written by `cargo xtask codegen`: one feature per folder of\n\
         # spec/methods/, each turning on that family's methods; do not edit)\ndefault = [\n    \"rustls\",\n"
    );
    for family in families {
        block.push_str(&format!("    \"{family}\",\n"));
    }
    block.push_str("]\n");
    for family in families {
        block.push_str(&format!("{family} = []\n"));
    }
    Ok(format!("{}{block}{}", &manifest[..begin], &manifest[end..]))
}

/// Every file under `<root>/<dir>`, as paths relative to `root`.
pub(crate) fn existing_files(root: &Path, dir: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut dirs = vec![root.join(dir)];
    while let Some(d) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if let Ok(rel) = path.strip_prefix(root) {
                out.push(
                    rel.components()
                        .map(|c| c.as_os_str().to_string_lossy())
                        .collect::<Vec<_>>()
                        .join("/"),
                );
            }
        }
    }
    out.sort();
    out
}

/// Writes and removes files as planned.
pub fn apply(root: &Path, changes: &[Change]) -> std::io::Result<()> {
    for change in changes {
        match change {
            Change::Create(path, contents) | Change::Update(path, contents) => {
                let full = root.join(path);
                if let Some(parent) = full.parent() {
                    std::fs::create_dir_all(parent)?;
                }
                std::fs::write(full, contents)?;
            }
            Change::Remove(path) => std::fs::remove_file(root.join(path))?,
        }
    }
    Ok(())
}

/// `cargo xtask codegen [--check]` on the workspace at `root`: a one-line summary, or what
/// went wrong. With `check`, or when the spec is invalid, nothing is written.
pub fn codegen(root: &Path, check: bool) -> Result<String, String> {
    let changes = plan(root)?;
    if check {
        if changes.is_empty() {
            return Ok("generated code is up to date".into());
        }
        let mut msg = String::from("generated code is stale; run `cargo xtask codegen`:");
        for change in &changes {
            msg.push_str(&format!("\n  {change}"));
        }
        return Err(msg);
    }
    apply(root, &changes).map_err(|e| format!("error: {e}"))?;
    let removed = changes
        .iter()
        .filter(|c| matches!(c, Change::Remove(_)))
        .count();
    Ok(format!(
        "codegen: {} file(s) written, {removed} removed",
        changes.len() - removed
    ))
}
