//! `cargo xtask import`: first-draft spec files from Slack's reference data.
//!
//! For each method it writes `spec/methods/<family>/<method>.yaml` (the family is the first
//! segment of the name). The draft is reviewed and curated by hand afterwards: from then on
//! the YAML is the source of truth, and the importer never overwrites a spec file unless it
//! is told to for that method (`--overwrite` with the method named).
//!
//! Every fact comes from the reference data (`../shared/slack-reference`, see its README):
//! `docs-methods/` (descriptions, arguments, errors, tiers, scopes), `extra-methods.json`
//! (the two `agents.sessions.*` methods), `transport.tsv` (verbs and bodies of Slack's Python
//! SDK and its OpenAPI spec), `openapi/` (parameter types, `consumes`, error enums, response
//! schemas), `rate_limit_tiers.json` and `response-samples/`. Where the data decides nothing
//! (an argument without a type, whether a method is safe to repeat, a verb the sources
//! disagree on) the importer decides by a written rule and says why in a YAML comment. The
//! few facts the data lacks entirely (a special rate limit's wording, the list field of a
//! paginated response, app-level tokens) come from small tables (`tables.rs`), each naming
//! its source. A deliberate difference from the data is recorded under `drift:` with its reason.
//!
//! The rule for which methods are idempotent is in `idempotence.rs`.

mod args;
mod draft;
mod errors;
mod idempotence;
mod rate_limit;
mod render;
mod response;
mod tables;
mod yaml;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::common::Common;
use crate::reference::Reference;

use draft::draft;
use render::render;

pub use crate::reference::default_reference;
pub use idempotence::read_reason;

/// The two methods whose spec follows their reference pages (`../shared/seeds`) exactly: the
/// importer never writes them, not even with `--overwrite`.
pub const SEED_METHODS: &[&str] = &[
    "apps.permissions.users.request",
    "admin.workflows.triggers.types.permissions.lookup",
];

/// What `cargo xtask import` was asked to do.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The workspace root (holds `spec/`).
    pub root: PathBuf,
    /// The reference data directory.
    pub reference: PathBuf,
    /// Overwrite the spec files of the methods named in `methods`.
    pub overwrite: bool,
    /// The methods to import; empty means every index method without a spec file.
    pub methods: Vec<String>,
}

/// What an import did.
#[derive(Debug, Default)]
pub struct ImportReport {
    /// Files written, relative to the root.
    pub written: Vec<String>,
    /// Methods left alone, each with the reason.
    pub skipped: Vec<String>,
    /// How the arguments the data gives no type were typed: decision class → count.
    pub untyped: BTreeMap<&'static str, usize>,
    /// Arguments whose type differs on purpose from the data's (each is a `drift:` entry).
    pub retyped: usize,
}

impl ImportReport {
    /// The lines `cargo xtask import` prints.
    pub fn summary(&self) -> String {
        let mut out = String::new();
        for path in &self.written {
            let _ = writeln!(out, "wrote {path}");
        }
        for skip in &self.skipped {
            let _ = writeln!(out, "skipped {skip}");
        }
        let untyped: usize = self.untyped.values().sum();
        let classes = self
            .untyped
            .iter()
            .map(|(class, n)| format!("{class} {n}"))
            .collect::<Vec<_>>()
            .join(", ");
        let _ = write!(
            out,
            "import: {} file(s) written, {} skipped; {untyped} argument(s) without a type in the data ({classes}); {} typed differently from the data (see drift:)",
            self.written.len(),
            self.skipped.len(),
            self.retyped,
        );
        out
    }
}

/// `cargo xtask import`: writes a draft for each method asked for and returns what it did.
/// Nothing is written when a named method is unknown or the reference data cannot be read.
pub fn import(opts: &ImportOptions) -> Result<ImportReport, String> {
    if opts.overwrite && opts.methods.is_empty() {
        return Err("error: --overwrite needs the names of the methods to overwrite".into());
    }
    let reference = Reference::load(&opts.reference)?;
    let common = Common::load(&opts.root)?;
    let existing = existing_spec_files(&opts.root);
    let names = if opts.methods.is_empty() {
        reference.index.clone()
    } else {
        let unknown: Vec<&String> = opts
            .methods
            .iter()
            .filter(|m| !reference.knows(m))
            .collect();
        if !unknown.is_empty() {
            return Err(format!(
                "error: no reference data for {}",
                unknown
                    .iter()
                    .map(|m| format!("`{m}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        opts.methods.clone()
    };

    let mut report = ImportReport::default();
    let mut planned = Vec::new();
    for name in &names {
        let target = match existing.get(name) {
            Some(path) if SEED_METHODS.contains(&name.as_str()) => {
                report.skipped.push(format!(
                    "{name}: {path} follows its reference page and is never overwritten"
                ));
                continue;
            }
            Some(path) if !opts.overwrite => {
                report.skipped.push(format!(
                    "{name}: {path} exists (name it with --overwrite to replace it)"
                ));
                continue;
            }
            Some(path) => path.clone(),
            None => method_path(name),
        };
        let draft = draft(&reference, &common, name)?;
        for arg in &draft.arguments {
            if let Some(class) = arg.class {
                *report.untyped.entry(class).or_default() += 1;
            }
        }
        report.retyped += draft
            .drift
            .iter()
            .filter(|(id, _)| id.starts_with("argument."))
            .count();
        planned.push((target, render(&draft)));
    }
    for (target, text) in planned {
        let full = opts.root.join(&target);
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("error: creating {}: {e}", parent.display()))?;
        }
        std::fs::write(&full, text).map_err(|e| format!("error: writing {target}: {e}"))?;
        report.written.push(target);
    }
    Ok(report)
}

/// `spec/methods/<family>/<method>.yaml`.
pub fn method_path(name: &str) -> String {
    let family = name.split('.').next().unwrap_or(name);
    format!("spec/methods/{family}/{name}.yaml")
}

/// Every `<method>.yaml` anywhere under `spec/methods` (flat or per-family layout): method
/// name → path relative to the root.
pub fn existing_spec_files(root: &Path) -> BTreeMap<String, String> {
    crate::existing_files(root, "spec/methods")
        .into_iter()
        .filter_map(|path| {
            let stem = path.rsplit('/').next()?.strip_suffix(".yaml")?.to_string();
            Some((stem, path))
        })
        .collect()
}
