//! The files every method shares: `spec/common/errors.yaml`, `warnings.yaml`, `types.yaml`
//! and `types/*.yaml`.

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::codes::codes;
use super::report::{parse_file, Report};
use super::types::{named_types, Scope};
use super::{Code, Diagnostic, NamedType};
use crate::spec;
use crate::SpecFile;

/// The file at `path`, reported when it is missing.
pub(super) fn required_file<'a>(
    files: &'a [SpecFile],
    path: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<&'a SpecFile> {
    let file = files.iter().find(|f| f.path == path);
    if file.is_none() {
        diags.push(Diagnostic {
            file: path.into(),
            line: 1,
            key: String::new(),
            message: "file is missing".into(),
        });
    }
    file
}

/// The common errors or warnings: the table of `file`, checked (none when it is missing or
/// does not parse).
pub(super) fn common_codes(file: Option<&SpecFile>, diags: &mut Vec<Diagnostic>) -> Vec<Code> {
    file.and_then(|f| {
        parse_file::<spec::CodesFile>(f, diags).map(|c| {
            let mut report = Report {
                file: &f.path,
                out: diags,
            };
            codes(&c.codes, "codes", &[], &mut report)
        })
    })
    .unwrap_or_default()
}

/// The files of shared types that parse: `types.yaml`, any file under `types/`, and any
/// file under `spec/block-kit/` (whose types must say their `sources`).
pub(super) fn shared_type_files<'a>(
    files: &'a [SpecFile],
    types_file: Option<&'a SpecFile>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<(&'a SpecFile, spec::TypesFile)> {
    let type_files: Vec<&SpecFile> = types_file
        .into_iter()
        .chain(files.iter().filter(|f| {
            crate::type_folder(&f.path).is_some()
                || f.path
                    .strip_prefix(crate::COMMON_TYPES_DIR)
                    .is_some_and(|rest| !rest.contains('/'))
        }))
        .collect();
    let parsed: Vec<_> = type_files
        .iter()
        .filter_map(|f| Some((*f, parse_file::<spec::TypesFile>(f, diags)?)))
        .collect();
    check_groups(&parsed, diags);
    parsed
}

/// Each file of shared types is a module named after it: two may not share a name (one in
/// `spec/common/types/`, one in `spec/block-kit/`), and Block Kit types say where their
/// facts came from.
fn check_groups(parsed: &[(&SpecFile, spec::TypesFile)], diags: &mut Vec<Diagnostic>) {
    let mut groups: BTreeMap<String, &str> = BTreeMap::new();
    for (f, defs) in parsed {
        let group = crate::type_group(&f.path);
        if let Some(other) = groups.insert(group.clone(), &f.path) {
            diags.push(Diagnostic {
                file: f.path.clone(),
                line: 1,
                key: String::new(),
                message: format!("its module `{group}` is {other}'s too: rename one file"),
            });
        }
        if crate::type_folder(&f.path).is_none() {
            continue;
        }
        for (name, def) in defs.types.iter().filter(|(_, d)| d.sources.is_empty()) {
            diags.push(Diagnostic {
                file: f.path.clone(),
                line: def.lines.get("").copied().unwrap_or(1),
                key: format!("types.{name}.sources"),
                message: "a type of this folder says where its facts came from (`sources`)".into(),
            });
        }
    }
}

/// The shared types are one map of names: each is defined in one file only.
pub(super) fn check_shared_type_names(
    parsed: &[(&SpecFile, spec::TypesFile)],
    diags: &mut Vec<Diagnostic>,
) {
    let mut defined_in: BTreeMap<&str, &str> = BTreeMap::new();
    for (f, defs) in parsed {
        for (name, def) in &defs.types {
            if let Some(first) = defined_in.insert(name, &f.path) {
                diags.push(Diagnostic {
                    file: f.path.clone(),
                    line: def.lines.get("").copied().unwrap_or(1),
                    key: format!("types.{name}"),
                    message: format!("`{name}` is defined in {first} too"),
                });
            }
        }
    }
}

/// Every shared type definition by name, from all the files of shared types (borrowed when
/// there is one file).
pub(super) fn shared_type_map<'a>(
    parsed: &'a [(&SpecFile, spec::TypesFile)],
) -> Cow<'a, BTreeMap<String, spec::TypeDef>> {
    if parsed.len() == 1 {
        Cow::Borrowed(&parsed[0].1.types)
    } else {
        Cow::Owned(
            parsed
                .iter()
                .flat_map(|(_, defs)| defs.types.iter())
                .map(|(n, d)| (n.clone(), d.clone()))
                .collect(),
        )
    }
}

/// The shared types, resolved and sorted by name.
pub(super) fn shared_types(
    parsed: &[(&SpecFile, spec::TypesFile)],
    common: &BTreeMap<String, spec::TypeDef>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<NamedType> {
    let empty = BTreeMap::new();
    let scope = Scope {
        common,
        local: &empty,
    };
    let mut common_types = Vec::new();
    for (f, defs) in parsed {
        let mut report = Report {
            file: &f.path,
            out: diags,
        };
        let mut types = named_types(&defs.types, &scope, "types", &mut report);
        // Block Kit types are built by users too (and any type that says `buildable`).
        let by_folder = crate::type_folder(&f.path).is_some_and(|folder| folder.buildable);
        for t in &mut types {
            let said = defs.types.get(&t.name).and_then(|d| d.buildable);
            t.buildable = said.unwrap_or(by_folder);
        }
        common_types.extend(types);
    }
    common_types.sort_by(|a, b| a.name.cmp(&b.name));
    common_types.dedup_by(|a, b| a.name == b.name);
    common_types
}
