//! The JSON examples of `tests/block-kit/<group>/<Type>.json` (more of one type:
//! `<Type>.<what>.json`), each one object of the type named by its file.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::spec::GROUPS;

pub struct Example {
    /// The folder: the spec file that defines the type.
    pub group: String,
    /// The type, from the file name.
    pub ty: String,
    /// `blocks/SectionBlock.fields.json`.
    pub file: String,
    pub json: Value,
}

pub fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/block-kit")
}

/// Every example, sorted by file.
pub fn load() -> Vec<Example> {
    let mut out = Vec::new();
    for group in GROUPS {
        let folder = dir().join(group);
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries {
            let path = entry.expect("a readable folder").path();
            let name = path.file_name().unwrap().to_str().unwrap().to_owned();
            assert!(
                name.ends_with(".json"),
                "{}: not a .json file",
                path.display()
            );
            let text = std::fs::read_to_string(&path).unwrap();
            let json: Value =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            out.push(Example {
                group: group.to_owned(),
                ty: name.split('.').next().unwrap().to_owned(),
                file: format!("{group}/{name}"),
                json,
            });
        }
    }
    out.sort_by(|a, b| a.file.cmp(&b.file));
    out
}
