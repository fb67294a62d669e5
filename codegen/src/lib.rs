//! The slack-api generator: spec in, file contents out.
//!
//! 1. [`read_spec`] reads `spec/**/*.yaml` (the only I/O, kept apart from the rest).
//! 2. [`model::build`] parses and checks every file ([`yaml`], [`spec`]) and resolves the
//!    result into a [`model::Model`]; every problem is reported with its file, line and key.
//! 3. [`emit`] turns the model into token streams, one function per artefact.
//! 4. [`generate`] formats them with `prettyplease` and puts each under its path with a
//!    header. The same spec always gives byte-identical files.

pub mod emit;
pub mod model;
pub mod names;
pub mod spec;
pub mod yaml;

use std::path::Path;

pub use model::Diagnostic;

/// Where method files live, relative to the repository root: `<family>/<method>.yaml`.
pub const METHODS_DIR: &str = "spec/methods/";
/// The errors common to all methods.
pub const COMMON_ERRORS: &str = "spec/common/errors.yaml";
/// The warnings common to all methods.
pub const COMMON_WARNINGS: &str = "spec/common/warnings.yaml";
/// Named types shared by many methods.
pub const COMMON_TYPES: &str = "spec/common/types.yaml";
/// More shared types, one file per group of objects (`message.yaml`, `file.yaml`): all
/// shared types are one namespace, whichever file defines them.
pub const COMMON_TYPES_DIR: &str = "spec/common/types/";
/// Block Kit: blocks, elements, composition objects, rich text and views. Shared
/// types too (one namespace with the others), each file a module of the model crate's
/// `types`, all re-exported as `block_kit`.
pub const BLOCK_KIT_DIR: &str = "spec/block-kit/";
/// Events and interaction payloads: shared types too, re-exported as `events`.
pub const EVENTS_DIR: &str = "spec/events/";

/// A folder of shared types that is also a module of its own in the model crate.
#[derive(Debug, Clone, Copy)]
pub struct TypeFolder {
    pub dir: &'static str,
    /// The model crate's module that re-exports its types (`block_kit`).
    pub module: &'static str,
    /// What the module holds, for its docs.
    pub holds: &'static str,
    /// Whether its types are built by users (constructors, setters, `Buildable`), unless a
    /// type says otherwise.
    pub buildable: bool,
}

/// The folders of shared types with a module of their own: each type says its `sources`.
pub const TYPE_FOLDERS: &[TypeFolder] = &[
    TypeFolder {
        dir: BLOCK_KIT_DIR,
        module: "block_kit",
        holds: "Block Kit: blocks, elements, composition objects, rich text and views",
        buildable: true,
    },
    TypeFolder {
        dir: EVENTS_DIR,
        module: "events",
        holds: "Events API events, their envelopes, and interaction payloads",
        buildable: false,
    },
];

/// The folder of a shared types file, if it is in one of [`TYPE_FOLDERS`].
pub fn type_folder(path: &str) -> Option<&'static TypeFolder> {
    TYPE_FOLDERS.iter().find(|f| {
        path.strip_prefix(f.dir)
            .is_some_and(|rest| !rest.contains('/'))
    })
}
/// Where generated code goes, relative to the repository root: the client's (methods) and
/// the model crate's (shared types). Everything in them is the generator's.
pub const GENERATED_DIR: &str = "slack-api/src/generated";
pub const MODEL_GENERATED_DIR: &str = "slack-model/src/generated";
/// Both generated directories.
pub const GENERATED_DIRS: [&str; 2] = [GENERATED_DIR, MODEL_GENERATED_DIR];

/// One spec file: its path relative to the repository root, and its text.
#[derive(Debug, Clone)]
pub struct SpecFile {
    pub path: String,
    pub text: String,
}

/// One generated file: its path relative to the repository root, and its contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    pub path: String,
    pub contents: String,
}

/// Reads every `.yaml` file under `<root>/spec`, sorted by path.
pub fn read_spec(root: &Path) -> std::io::Result<Vec<SpecFile>> {
    let mut files = Vec::new();
    let mut dirs = vec![root.join("spec")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let path = entry?.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "yaml") {
                let rel = path.strip_prefix(root).unwrap_or(&path);
                let rel = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                files.push(SpecFile {
                    text: std::fs::read_to_string(&path)?,
                    path: rel,
                });
            }
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// The method families (`chat`, `conversations`, …): the folders under `spec/methods/`
/// that hold method files, sorted. Each is a cargo feature of `slack-api`.
pub fn families(files: &[SpecFile]) -> Vec<String> {
    let mut out: Vec<String> = files
        .iter()
        .filter_map(|f| f.path.strip_prefix(METHODS_DIR)?.split_once('/'))
        .map(|(family, _)| family.to_string())
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Checks the spec and generates every file, or returns every problem found.
pub fn generate(files: &[SpecFile]) -> Result<Vec<GeneratedFile>, Vec<Diagnostic>> {
    let model = model::build(files)?;
    let mut out = Vec::new();
    let mut push = |path: String, sources: &[&str], tokens: proc_macro2::TokenStream| {
        out.push(GeneratedFile {
            contents: render(sources, tokens),
            path,
        });
    };
    let all_method_files: Vec<&str> = model.methods.iter().map(|m| m.file.as_str()).collect();

    push(
        format!("{GENERATED_DIR}/mod.rs"),
        &["spec/"],
        quote::quote! {
            #![doc = " Code generated from `spec/`: the methods, their errors and metadata."]
            pub mod common_errors;
            #[cfg(feature = "dispatch")]
            pub mod dispatch;
            pub mod methods;
        },
    );
    push(
        format!("{GENERATED_DIR}/common_errors.rs"),
        &[COMMON_ERRORS, COMMON_WARNINGS],
        {
            let body = emit::common_errors(&model);
            quote::quote! {
                #![doc = " The errors and warnings common to all methods."]
                #body
            }
        },
    );
    push(
        format!("{MODEL_GENERATED_DIR}/mod.rs"),
        &["spec/common/"],
        {
            let modules = TYPE_FOLDERS
                .iter()
                .map(|f| quote::format_ident!("{}", f.module));
            quote::quote! {
                #![doc = " Code generated from `spec/common/`, `spec/block-kit/` and `spec/events/`: the shared types."]
                #(pub mod #modules;)*
                pub mod types;
            }
        },
    );
    let groups: Vec<String> = model
        .common_type_files
        .iter()
        .map(|(path, _)| type_group(path))
        .collect();
    let group_names: Vec<&str> = groups.iter().map(String::as_str).collect();
    push(
        format!("{MODEL_GENERATED_DIR}/types/mod.rs"),
        &[COMMON_TYPES, COMMON_TYPES_DIR, "spec/*/"],
        emit::types_mod(&group_names),
    );
    for folder in TYPE_FOLDERS {
        let in_folder: Vec<&str> = model
            .common_type_files
            .iter()
            .zip(&group_names)
            .filter(|((path, _), _)| path.starts_with(folder.dir))
            .map(|(_, group)| *group)
            .collect();
        push(
            format!("{MODEL_GENERATED_DIR}/{}.rs", folder.module),
            &[folder.dir],
            emit::folder_mod(folder, &in_folder),
        );
    }
    for ((path, types), group) in model.common_type_files.iter().zip(&groups) {
        push(
            format!("{MODEL_GENERATED_DIR}/types/{group}.rs"),
            &[path.as_str()],
            emit::types_file(&model, types),
        );
    }
    push(
        format!("{GENERATED_DIR}/methods/mod.rs"),
        &all_method_files,
        emit::methods_mod(&model),
    );
    push(
        format!("{GENERATED_DIR}/dispatch.rs"),
        &all_method_files,
        emit::dispatch(&model),
    );
    for (family, methods) in emit::families(&model) {
        let dir = format!("{GENERATED_DIR}/methods/{}", emit::family_module(family));
        let sources: Vec<&str> = methods.iter().map(|m| m.file.as_str()).collect();
        push(
            format!("{dir}/mod.rs"),
            &sources,
            emit::family_mod(family, &methods),
        );
        for m in methods {
            push(
                format!("{dir}/{}.rs", m.snake),
                &[m.file.as_str()],
                emit::method_file(m, &model),
            );
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

/// The Rust module of a file of shared types in the model crate's `types`
/// (`spec/common/types/message.yaml` → `message`, `spec/block-kit/blocks.yaml` → `blocks`;
/// `spec/common/types.yaml` → `common`).
pub(crate) fn type_group(path: &str) -> String {
    let stem = path
        .strip_prefix(COMMON_TYPES_DIR)
        .or_else(|| type_folder(path).and_then(|f| path.strip_prefix(f.dir)))
        .and_then(|rest| rest.strip_suffix(".yaml"))
        .unwrap_or("common");
    names::snake_case(stem)
}

/// Formats a file and puts the generated-code header above it.
fn render(sources: &[&str], tokens: proc_macro2::TokenStream) -> String {
    let from = if sources.len() > 3 {
        format!("{} spec files under spec/methods/", sources.len())
    } else {
        sources.join(", ")
    };
    let body = match syn::parse2::<syn::File>(tokens.clone()) {
        Ok(file) => prettyplease::unparse(&file),
        // The emitter produced something that does not parse: keep the raw tokens so that
        // compiling the output shows where, rather than panicking here.
        Err(e) => format!("compile_error!({:?});\n{tokens}\n", e.to_string()),
    };
    let body = space_items(&expand_verbatim(&body));
    format!(
        "// @generated by `cargo xtask codegen` from {from}.\n\
         // Do not edit: change the spec and run `cargo xtask codegen`.\n\n{body}"
    )
}

/// Replaces each `__verbatim! { "text" }` carrier (see [`emit::verbatim`]) with its text,
/// indented as the carrier was. A carrier that cannot be read is left in place, so that
/// compiling the output shows where.
fn expand_verbatim(text: &str) -> String {
    let marker = format!("{}!", emit::VERBATIM);
    let mut out = String::with_capacity(text.len() * 2);
    let mut rest = text;
    while let Some(at) = rest.find(&marker) {
        let line_start = rest[..at].rfind('\n').map_or(0, |i| i + 1);
        let indent: String = rest[line_start..at]
            .chars()
            .take_while(|c| *c == ' ')
            .collect();
        let Some((literal, after)) = carried_literal(&rest[at..]) else {
            out.push_str(&rest[..at + marker.len()]);
            rest = &rest[at + marker.len()..];
            continue;
        };
        out.push_str(&rest[..at]);
        for (i, line) in literal.lines().enumerate() {
            if i > 0 {
                out.push('\n');
                if !line.is_empty() {
                    out.push_str(&indent);
                }
            }
            out.push_str(line);
        }
        rest = &rest[at + after..];
    }
    out.push_str(rest);
    out
}

/// The text of the string literal in a carrier at the start of `text`, and the length of
/// the carrier through its closing brace.
fn carried_literal(text: &str) -> Option<(String, usize)> {
    let open = text.find('"')?;
    let bytes = text.as_bytes();
    let mut i = open + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => break,
            _ => i += 1,
        }
    }
    let literal: syn::LitStr = syn::parse_str(text.get(open..=i)?).ok()?;
    let close = i + text[i..].find('}')?;
    Some((literal.value(), close + 1))
}

/// Puts a blank line between items, which `prettyplease` does not keep: after a closing
/// brace or an item's `;` at the top level or one level in, and after the module docs.
fn space_items(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut prev: Option<&str> = None;
    for line in text.lines() {
        if let Some(p) = prev {
            let indent = line.len() - line.trim_start().len();
            let p_indent = p.len() - p.trim_start().len();
            let closes = matches!(p.trim(), "}" | "};") || (p_indent == 0 && p.ends_with(';'));
            let opens_item = !line.trim_start().starts_with('}') && !line.trim().is_empty();
            let after_module_docs = p.starts_with("//!") && !line.starts_with("//!");
            if (closes && indent == p_indent && indent <= 4 && opens_item) || after_module_docs {
                out.push('\n');
            }
        }
        out.push_str(line);
        out.push('\n');
        prev = Some(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{expand_verbatim, render};

    #[test]
    fn verbatim_text_is_written_as_it_is_indented_where_its_carrier_stood() {
        let text = "crate::table! {\n    \"quoted \\\" and } brace\",\n\n    Row,\n}";
        let carrier = crate::emit::verbatim(text);
        let file = render(&["spec/x.yaml"], quote::quote!(mod m { #carrier }));
        assert!(
            file.contains(
                "mod m {\n    crate::table! {\n        \"quoted \\\" and } brace\",\n\n        Row,\n    }\n}"
            ),
            "{file}"
        );
        assert!(!file.contains(crate::emit::VERBATIM));
    }

    #[test]
    fn an_unreadable_carrier_is_left_in_place() {
        let broken = "__verbatim! { no literal }";
        assert_eq!(expand_verbatim(broken), broken);
    }
}
