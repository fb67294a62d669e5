//! `cargo xtask drift`: every spec file compared with Slack's reference data.
//!
//! For each method file under `spec/methods/` the report compares what the spec says with
//! what the reference data (`../shared/slack-reference`, read by [`crate::reference`])
//! says, and lists each difference as `method: id: spec has X, reference has Y`. A difference
//! the spec keeps on purpose is explained by an entry of the file's `drift:` map with the
//! same id; the report sets explained differences apart and fails while any difference is
//! unexplained, or any `drift:` entry names a difference that no longer exists (stale), or
//! any method's `response.sources` is empty (nobody has said what its response type was
//! checked against; the importer's drafts start so).
//!
//! # Difference ids
//!
//! | id | what differs |
//! |---|---|
//! | `method.extra` | the reference data knows nothing of the method |
//! | `method.unlisted` | the current index (`method-index-2026-10.txt`) no longer lists the method; the earlier one did |
//! | `argument.<name>.missing` | the reference has the argument, the spec does not |
//! | `argument.<name>.extra` | the spec has the argument, the reference does not |
//! | `argument.<name>.type` | the type (only where the reference gives one: see [`type_matches`]) |
//! | `argument.<name>.required` | required in one, optional in the other |
//! | `verb` | `http_method` |
//! | `content_types` | the set of `content_types` |
//! | `rate_limit` | the tier, or a special limit, or none |
//! | `tokens.<type>.missing` | the reference lists the token type, the spec does not |
//! | `tokens.<type>.extra` | the spec lists the token type, the reference does not |
//! | `scopes.<type>` | the scopes of a token type both list |
//! | `error.<code>.missing` | the reference lists the (method-specific) error, the spec does not |
//! | `error.<code>.extra` | the spec lists the (method-specific) error, the reference does not |
//!
//! # What "the reference" says
//!
//! - **Arguments**: `docs-methods/<method>.json` (else `docs-methods-2026-10/<method>.json`,
//!   else `extra-methods.json`); for a method in
//!   neither, the OpenAPI operation's parameters. `token` is not an argument. An argument's
//!   type is the reference page's, else the OpenAPI parameter's; where neither gives one there
//!   is nothing to compare.
//! - **Verb**: Slack's Python SDK's (`transport.tsv`), else the OpenAPI spec's, else the
//!   page's (`docs-methods-2026-10/`).
//! - **Content types**: `application/x-www-form-urlencoded` (every method takes a form), plus
//!   `application/json` when the Python SDK sends JSON or the OpenAPI spec consumes it, plus
//!   `multipart/form-data` when the Python SDK sends multipart; compared only for methods
//!   that `transport.tsv` or the OpenAPI spec has.
//! - **Rate limit**: the `docs-methods` label ("Tier 2: …" is tier 2; any other label is a
//!   special limit), else `rate_limit_tiers.json` (`TierN`, or `SpecialTier_…`), else none.
//!   Special limits are compared as "special", not by their wording.
//! - **Tokens and scopes**: the `scopes` of `docs-methods` (`bot`, `user`); compared only
//!   for methods with a page there (or in `extra-methods.json`).
//! - **Errors**: the page's error table plus the OpenAPI error enum, without the common
//!   errors of `spec/common/errors.yaml` (on both sides), and without what the enum lists
//!   that is no error code of the method: the common warnings of `spec/common/warnings.yaml`
//!   and truncated copies of other codes. Compared only when the reference has a page with an
//!   error table (`docs-methods-2026-10/` has none) or an enum for the method.
//!
//! # The second source: Slack's Node SDK
//!
//! The arguments are compared a second time, independently, with `node-sdk-arguments.json`
//! (Slack's official Node SDK request types, read by [`crate::reference::NodeSdk`]), for
//! every spec method the Node SDK types; a method it does not type is not compared (that is
//! no difference: the SDK does not cover every method). Its differences have ids of their
//! own, so a `drift:` entry says which source it answers:
//!
//! | id | what differs |
//! |---|---|
//! | `node.argument.<name>.missing` | the Node SDK has the argument, the spec does not |
//! | `node.argument.<name>.extra` | the spec has the argument, the Node SDK does not |
//! | `node.argument.<name>.type` | the kind: see [`node_kind_matches`] for the mapping |
//! | `node.argument.<name>.required` | required in one, optional in the other (the SDK's union types resolved: required only when every alternative requires it) |
//!
//! Left out, as no Slack arguments: the SDK's generic ones,
//! [`NODE_SDK_GENERIC_ARGS`](crate::reference::NODE_SDK_GENERIC_ARGS) (`token`, the SDK's
//! `TokenOverridable`; the file has no other SDK-level option). The report counts the
//! differences of each source apart (`reference data: …`, `node sdk: …`) above the total.
//! When the reference data has no `node-sdk-arguments.json`, there is no second source.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

use codegen::spec::{ContentType, HttpMethod, MethodFile, TokenType, TypeDef, TypesFile};

use crate::common::Common;
use crate::reference::{MethodPage, NodeSdk, OpenApiOp, Reference, Transport};

pub use crate::reference::type_matches;
pub use crate::reference::{node_kind_matches, node_kinds_for};

/// Where a difference comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Source {
    /// The reference data: `docs-methods`, `extra-methods.json`, OpenAPI, `transport.tsv`,
    /// the tiers.
    Reference,
    /// `node-sdk-arguments.json`: the ids that start with `node.`.
    NodeSdk,
}

impl Source {
    /// Both, in the order the report lists them.
    pub const ALL: [Source; 2] = [Source::Reference, Source::NodeSdk];

    /// How the report names it.
    pub fn label(self) -> &'static str {
        match self {
            Source::Reference => "reference data",
            Source::NodeSdk => "node sdk",
        }
    }
}

/// One difference between a spec file and the reference data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    /// The method, e.g. `conversations.list`.
    pub method: String,
    /// The difference id, e.g. `argument.limit.type`.
    pub id: String,
    /// What the spec has.
    pub spec: String,
    /// What the reference data has.
    pub reference: String,
    /// The reason from the spec's `drift:` entry with this id, when there is one.
    pub reason: Option<String>,
}

impl Difference {
    /// The source the difference is with: [`Source::NodeSdk`] for a `node.` id.
    pub fn source(&self) -> Source {
        if self.id.starts_with("node.") {
            Source::NodeSdk
        } else {
            Source::Reference
        }
    }

    /// `method: id: spec has X, reference has Y` (`node sdk has Y` for the Node SDK's).
    pub fn line(&self) -> String {
        let other = match self.source() {
            Source::Reference => "reference",
            Source::NodeSdk => "node sdk",
        };
        format!(
            "{}: {}: spec has {}, {other} has {}",
            self.method, self.id, self.spec, self.reference
        )
    }
}

/// A `drift:` entry whose difference does not exist (any more).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaleEntry {
    pub method: String,
    /// The spec file, relative to the root, with the entry's line when it was found.
    pub location: String,
    pub id: String,
}

/// What `cargo xtask drift` found.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// How many method files were compared.
    pub methods: usize,
    /// Every difference, sorted by method and id.
    pub differences: Vec<Difference>,
    /// `drift:` entries that explain nothing.
    pub stale: Vec<StaleEntry>,
    /// Methods whose `response.sources` is empty: nobody has said what their response
    /// type was checked against.
    pub unsourced: Vec<String>,
    /// How many of the methods the Node SDK types (compared with it too); `None` without
    /// `node-sdk-arguments.json`.
    pub node_methods: Option<usize>,
}

impl Report {
    pub fn explained(&self) -> usize {
        self.differences
            .iter()
            .filter(|d| d.reason.is_some())
            .count()
    }

    pub fn unexplained(&self) -> usize {
        self.differences.len() - self.explained()
    }

    /// `reference data: M differences, K explained, U unexplained`, one line per source
    /// (`node sdk: N of M methods compared, …` when the Node SDK was read).
    pub fn source_summaries(&self) -> Vec<String> {
        Source::ALL
            .into_iter()
            .filter_map(|source| {
                let of: Vec<&Difference> = self
                    .differences
                    .iter()
                    .filter(|d| d.source() == source)
                    .collect();
                let explained = of.iter().filter(|d| d.reason.is_some()).count();
                let counts = format!(
                    "{} differences, {} explained, {} unexplained",
                    of.len(),
                    explained,
                    of.len() - explained
                );
                match source {
                    Source::Reference => Some(format!("{}: {counts}", source.label())),
                    Source::NodeSdk => self.node_methods.map(|n| {
                        format!(
                            "{}: {n} of {} methods compared, {counts}",
                            source.label(),
                            self.methods
                        )
                    }),
                }
            })
            .collect()
    }

    /// True when every difference is explained, no `drift:` entry is stale and every
    /// response names its sources.
    pub fn is_clean(&self) -> bool {
        self.unexplained() == 0 && self.stale.is_empty() && self.unsourced.is_empty()
    }

    /// `N methods, M differences, K explained, U unexplained, S stale drift entries`.
    pub fn summary(&self) -> String {
        format!(
            "{} methods, {} differences, {} explained, {} unexplained, {} stale drift entries",
            self.methods,
            self.differences.len(),
            self.explained(),
            self.unexplained(),
            self.stale.len()
        )
    }

    /// The report as printed: the unexplained differences, then (with `verbose`) the
    /// explained ones with their reasons, then the stale entries, then the summary.
    pub fn render(&self, verbose: bool) -> String {
        let mut out = String::new();
        let unexplained: Vec<&Difference> = self
            .differences
            .iter()
            .filter(|d| d.reason.is_none())
            .collect();
        if !unexplained.is_empty() {
            let _ = writeln!(
                out,
                "unexplained differences (explain each under `drift:` in the method's spec file, or fix the spec):"
            );
            for d in unexplained {
                let _ = writeln!(out, "  {}", d.line());
            }
        }
        if verbose {
            let explained: Vec<&Difference> = self
                .differences
                .iter()
                .filter(|d| d.reason.is_some())
                .collect();
            if !explained.is_empty() {
                let _ = writeln!(out, "explained differences (kept on purpose):");
                for d in explained {
                    let _ = writeln!(out, "  {}", d.line());
                    let _ = writeln!(out, "      because: {}", d.reason.as_deref().unwrap_or(""));
                }
            }
        }
        if !self.stale.is_empty() {
            let _ = writeln!(
                out,
                "stale drift entries (no such difference; remove them):"
            );
            for s in &self.stale {
                let _ = writeln!(
                    out,
                    "  {}: {}: drift entry `{}`",
                    s.location, s.method, s.id
                );
            }
        }
        if !self.unsourced.is_empty() {
            let _ = writeln!(
                out,
                "responses that name no sources (say what each was checked against in `response.sources`):"
            );
            for method in &self.unsourced {
                let _ = writeln!(out, "  {method}");
            }
        }
        for line in self.source_summaries() {
            let _ = writeln!(out, "{line}");
        }
        out.push_str(&self.summary());
        out
    }
}

/// Compares every method file of the workspace at `root` with the reference data in
/// `reference`. Fails when a file or the reference data cannot be read.
pub fn drift(root: &Path, reference: &Path) -> Result<Report, String> {
    let node = NodeSdk::load(reference)?;
    let reference = Reference::load(reference)?;
    let common = Common::load(root)?;
    let files = codegen::read_spec(root)
        .map_err(|e| format!("error: reading {}/spec: {e}", root.display()))?;

    let mut problems = Vec::new();
    let mut shared_types = BTreeMap::new();
    let mut methods = Vec::new();
    for file in &files {
        let parsed = codegen::yaml::parse(&file.text).map_err(|e| format!("{}: {e}", file.path));
        // Every file of shared types (one namespace): types.yaml, types/*.yaml, block-kit/*.yaml.
        let shared = file.path == codegen::COMMON_TYPES
            || file.path.starts_with(codegen::COMMON_TYPES_DIR)
            || codegen::type_folder(&file.path).is_some();
        if shared {
            match parsed.and_then(|node| {
                codegen::yaml::from_node::<TypesFile>(&node)
                    .map_err(|e| format!("{}: {e}", file.path))
            }) {
                Ok(types) => shared_types.extend(types.types),
                Err(e) => problems.push(e),
            }
        } else if file.path.starts_with(codegen::METHODS_DIR) {
            match parsed.and_then(|node| {
                codegen::yaml::from_node::<MethodFile>(&node)
                    .map_err(|e| format!("{}: {e}", file.path))
            }) {
                Ok(method) => methods.push((file, method)),
                Err(e) => problems.push(e),
            }
        }
    }
    if !problems.is_empty() {
        return Err(format!(
            "error: the spec cannot be read (run `cargo xtask codegen` for every problem):\n  {}",
            problems.join("\n  ")
        ));
    }

    let mut report = Report {
        methods: methods.len(),
        node_methods: node.as_ref().map(|node| {
            methods
                .iter()
                .filter(|(_, m)| node.arguments(&m.name).is_some())
                .count()
        }),
        ..Report::default()
    };
    for (file, method) in &methods {
        if method.response.sources.is_empty() {
            report.unsourced.push(method.name.clone());
        }
        let mut found = compare(&reference, &common, &shared_types, method)?;
        if let Some(node) = &node {
            found.extend(compare_node(node, &shared_types, method));
        }
        let ids: BTreeSet<&str> = found.iter().map(|(id, ..)| id.as_str()).collect();
        for id in method.drift.keys() {
            if !ids.contains(id.as_str()) {
                report.stale.push(StaleEntry {
                    method: method.name.clone(),
                    location: entry_location(&file.path, &file.text, id),
                    id: id.clone(),
                });
            }
        }
        for (id, spec, reference) in found {
            report.differences.push(Difference {
                method: method.name.clone(),
                reason: method.drift.get(&id).cloned(),
                id,
                spec,
                reference,
            });
        }
    }
    report
        .differences
        .sort_by(|a, b| (&a.method, &a.id).cmp(&(&b.method, &b.id)));
    Ok(report)
}

/// Where a `drift:` entry is: `path:line`, the line being the first under `drift:` that
/// starts with the entry's key; just `path` when there is none.
fn entry_location(path: &str, text: &str, id: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let line = lines.iter().position(|l| *l == "drift:").and_then(|start| {
        lines[start..]
            .iter()
            .position(|l| {
                let key = l.trim_start();
                key.strip_prefix('"').unwrap_or(key).starts_with(id)
            })
            .map(|i| start + i + 1)
    });
    match line {
        Some(line) => format!("{path}:{line}"),
        None => path.to_string(),
    }
}

/// A named type as the reference data would see it: a string enum is a `string`, an object
/// or union type is `json`; anything else is left as written.
fn as_reference_sees(
    ty: &str,
    local: &BTreeMap<String, TypeDef>,
    shared: &BTreeMap<String, TypeDef>,
) -> String {
    match local.get(ty).or_else(|| shared.get(ty)) {
        Some(def) if def.enum_values.is_some() => "string".into(),
        Some(_) => "json".into(),
        None => ty.to_string(),
    }
}

fn verb_name(verb: HttpMethod) -> &'static str {
    match verb {
        HttpMethod::Get => "GET",
        HttpMethod::Post => "POST",
    }
}

fn content_type_name(ty: ContentType) -> &'static str {
    match ty {
        ContentType::Form => "application/x-www-form-urlencoded",
        ContentType::Json => "application/json",
        ContentType::Multipart => "multipart/form-data",
    }
}

fn token_name(ty: TokenType) -> &'static str {
    match ty {
        TokenType::Bot => "bot",
        TokenType::User => "user",
        TokenType::App => "app",
        TokenType::Workspace => "workspace",
    }
}

/// `[a, b]`, or `none`.
fn list<I: IntoIterator<Item = S>, S: AsRef<str>>(items: I) -> String {
    let items: Vec<String> = items.into_iter().map(|s| s.as_ref().to_string()).collect();
    if items.is_empty() {
        "none".into()
    } else {
        format!("[{}]", items.join(", "))
    }
}

fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

/// A rate limit as the report compares it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Limit {
    Tier(u8),
    Special,
    None,
}

/// One difference: (id, spec has, reference has).
type Found = (String, String, String);

/// What the reference data has on one method.
struct Facts<'a> {
    /// Its page in `docs-methods/`, else its entry in `extra-methods.json`.
    source: Option<&'a MethodPage>,
    transport: Option<&'a Transport>,
    op: Option<&'a OpenApiOp>,
    /// Its tier in `rate_limit_tiers.json`.
    tier: Option<&'a String>,
}

/// The differences of one method: (id, spec has, reference has).
fn compare(
    reference: &Reference,
    common: &Common,
    shared_types: &BTreeMap<String, TypeDef>,
    spec: &MethodFile,
) -> Result<Vec<Found>, String> {
    let name = spec.name.as_str();
    let mut out: Vec<Found> = Vec::new();
    let docs = reference.docs(name)?;
    let facts = Facts {
        source: docs.or_else(|| reference.extra.get(name)),
        transport: reference.transport.get(name),
        op: reference.openapi_op(name),
        tier: reference.tiers.get(name),
    };
    if reference.unlisted(name) {
        out.push((
            "method.unlisted".into(),
            "the method".into(),
            "it in the earlier index (method-index.txt) only, not in method-index-2026-10.txt"
                .into(),
        ));
    }
    if facts.source.is_none()
        && facts.transport.is_none()
        && facts.op.is_none()
        && facts.tier.is_none()
    {
        out.push((
            "method.extra".into(),
            "the method".into(),
            "no data on it".into(),
        ));
        return Ok(out);
    }
    compare_arguments(&facts, shared_types, spec, &mut out);
    compare_verb(&facts, spec, &mut out);
    compare_content_types(&facts, spec, &mut out);
    compare_rate_limit(&facts, spec, &mut out);
    compare_tokens(&facts, spec, &mut out);
    compare_errors(reference, common, &facts, spec, &mut out);
    Ok(out)
}

/// The arguments: (type word, required) by name, from the page, else the OpenAPI spec.
fn compare_arguments(
    facts: &Facts,
    shared_types: &BTreeMap<String, TypeDef>,
    spec: &MethodFile,
    out: &mut Vec<Found>,
) {
    let mut diff = |id: String, spec: String, reference: String| out.push((id, spec, reference));
    let reference_args: Option<BTreeMap<String, (Option<String>, bool)>> =
        match (facts.source, facts.op) {
            (Some(source), _) => Some(
                source
                    .args
                    .iter()
                    .map(|(arg, data)| {
                        let ty = data.ty.clone().or_else(|| {
                            facts
                                .op
                                .and_then(|op| op.params.get(arg))
                                .and_then(|p| p.ty.clone())
                        });
                        (arg.clone(), (ty, data.required))
                    })
                    .collect(),
            ),
            (None, Some(op)) => Some(
                op.params
                    .iter()
                    .map(|(arg, p)| (arg.clone(), (p.ty.clone(), p.required)))
                    .collect(),
            ),
            (None, None) => None,
        };
    if let Some(reference_args) = &reference_args {
        let required = |r: bool| if r { "required" } else { "optional" };
        for (arg, (ty, req)) in reference_args {
            if !spec.arguments.iter().any(|a| a.name == *arg) {
                diff(
                    format!("argument.{arg}.missing"),
                    "no such argument".into(),
                    format!(
                        "`{arg}` ({}, {})",
                        ty.as_deref().unwrap_or("no type"),
                        required(*req)
                    ),
                );
            }
        }
        for a in &spec.arguments {
            let Some((ty, req)) = reference_args.get(&a.name) else {
                diff(
                    format!("argument.{}.extra", a.name),
                    format!("`{}` ({}, {})", a.name, a.ty, required(a.required)),
                    "no such argument".into(),
                );
                continue;
            };
            if let Some(ty) = ty {
                if !type_matches(ty, &as_reference_sees(&a.ty, &spec.types, shared_types)) {
                    diff(
                        format!("argument.{}.type", a.name),
                        a.ty.clone(),
                        ty.clone(),
                    );
                }
            }
            if a.required != *req {
                diff(
                    format!("argument.{}.required", a.name),
                    required(a.required).into(),
                    required(*req).into(),
                );
            }
        }
    }
}

/// The verb: the Python SDK's, else the OpenAPI spec's, else the page's.
fn compare_verb(facts: &Facts, spec: &MethodFile, out: &mut Vec<Found>) {
    let mut diff = |id: String, spec: String, reference: String| out.push((id, spec, reference));
    let nonempty = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_uppercase());
    let reference_verb = facts
        .transport
        .and_then(|t| nonempty(&t.python_verb).or_else(|| nonempty(&t.openapi_verb)))
        .or_else(|| facts.op.map(|op| op.verb.to_uppercase()))
        .or_else(|| facts.source.and_then(|s| s.http_method.clone()));
    if let Some(verb) = reference_verb {
        if verb != verb_name(spec.http_method) {
            diff("verb".into(), verb_name(spec.http_method).into(), verb);
        }
    }
}

/// The content types: a form, plus JSON and multipart where the Python SDK or the OpenAPI
/// spec has them; compared only where the data has the method's transport.
fn compare_content_types(facts: &Facts, spec: &MethodFile, out: &mut Vec<Found>) {
    let mut diff = |id: String, spec: String, reference: String| out.push((id, spec, reference));
    if facts.transport.is_some() || facts.op.is_some() {
        let has = |s: &str, word: &str| s.split(',').any(|p| p.trim() == word);
        let json = facts
            .transport
            .is_some_and(|t| has(&t.python_body, "json") || has(&t.openapi_consumes, "json"))
            || facts.op.is_some_and(|op| op.consumes_json);
        let multipart = facts
            .transport
            .is_some_and(|t| has(&t.python_body, "multipart"));
        let mut wanted = BTreeSet::from([ContentType::Form]);
        if json {
            wanted.insert(ContentType::Json);
        }
        if multipart {
            wanted.insert(ContentType::Multipart);
        }
        let have: BTreeSet<ContentType> = spec.content_types.iter().copied().collect();
        if have != wanted {
            diff(
                "content_types".into(),
                list(have.iter().map(|t| content_type_name(*t))),
                list(wanted.iter().map(|t| content_type_name(*t))),
            );
        }
    }
}

/// The rate limit: the page's label, else `rate_limit_tiers.json`, else none.
fn compare_rate_limit(facts: &Facts, spec: &MethodFile, out: &mut Vec<Found>) {
    let mut diff = |id: String, spec: String, reference: String| out.push((id, spec, reference));
    let label = facts
        .source
        .and_then(|s| s.rate_limit_label.as_deref())
        .filter(|l| !l.trim().is_empty());
    let tier_of = |s: &str, prefix: &str| -> Option<u8> {
        s.strip_prefix(prefix)?
            .split(|c: char| !c.is_ascii_digit())
            .next()?
            .parse()
            .ok()
    };
    let (wanted, described) = match (label, facts.tier) {
        (Some(label), _) => match tier_of(label, "Tier ") {
            Some(n) => (Limit::Tier(n), format!("tier {n} (\"{label}\")")),
            None => (Limit::Special, format!("a special limit (\"{label}\")")),
        },
        (None, Some(t)) => match tier_of(t, "Tier") {
            Some(n) => (Limit::Tier(n), format!("tier {n} ({t})")),
            None => (Limit::Special, format!("a special limit ({t})")),
        },
        (None, None) => (Limit::None, "none".into()),
    };
    let (have, have_described) = match (&spec.rate_limit.tier, &spec.rate_limit.special) {
        (Some(n), _) => (Limit::Tier(*n), format!("tier {n}")),
        (None, Some(text)) => (Limit::Special, format!("a special limit (\"{text}\")")),
        (None, None) => (Limit::None, "undocumented".into()),
    };
    if have != wanted {
        diff("rate_limit".into(), have_described, described);
    }
}

/// The token types and scopes of the page (or `extra-methods.json`).
fn compare_tokens(facts: &Facts, spec: &MethodFile, out: &mut Vec<Found>) {
    let mut diff = |id: String, spec: String, reference: String| out.push((id, spec, reference));
    if let Some(source) = facts.source {
        let wanted: BTreeMap<String, BTreeSet<String>> = source
            .scopes
            .iter()
            .map(|(ty, list)| (ty.clone(), list.iter().cloned().collect()))
            .collect();
        let have: BTreeMap<String, BTreeSet<String>> = spec
            .tokens
            .iter()
            .map(|t| {
                (
                    token_name(t.token_type).to_string(),
                    t.scopes.iter().cloned().collect(),
                )
            })
            .collect();
        let scopes = |s: &BTreeSet<String>| {
            if s.is_empty() {
                "no scopes".to_string()
            } else {
                format!("scopes {}", list(s))
            }
        };
        for (ty, want) in &wanted {
            match have.get(ty) {
                None => diff(
                    format!("tokens.{ty}.missing"),
                    format!("no {ty} token"),
                    format!("{} {ty} token ({})", article(ty), scopes(want)),
                ),
                Some(got) if got != want => {
                    diff(format!("scopes.{ty}"), list(got), list(want));
                }
                Some(_) => {}
            }
        }
        for (ty, got) in &have {
            if !wanted.contains_key(ty) {
                diff(
                    format!("tokens.{ty}.extra"),
                    format!("{} {ty} token ({})", article(ty), scopes(got)),
                    format!("no {ty} token"),
                );
            }
        }
    }
}

/// The method-specific errors: the page's and the OpenAPI enum's, without the common ones.
fn compare_errors(
    reference: &Reference,
    common: &Common,
    facts: &Facts,
    spec: &MethodFile,
    out: &mut Vec<Found>,
) {
    let name = spec.name.as_str();
    let mut diff = |id: String, spec: String, reference: String| out.push((id, spec, reference));
    let openapi_errors = reference.openapi_error_enum(name);
    let source = facts.source.filter(|s| s.errors_listed);
    if source.is_some() || !openapi_errors.is_empty() {
        let mut wanted: BTreeSet<String> = source
            .map(|s| s.errors.iter().map(|(code, _)| code.clone()).collect())
            .unwrap_or_default();
        wanted.extend(openapi_errors.into_iter().filter(|code| {
            !common.warnings.contains(code) && reference.truncated_copy_of(code).is_none()
        }));
        wanted.retain(|code| !common.errors.contains(code));
        let have: BTreeSet<String> = spec
            .errors
            .iter()
            .map(|e| e.code.clone())
            .filter(|code| !common.errors.contains(code))
            .collect();
        for code in wanted.difference(&have) {
            diff(
                format!("error.{code}.missing"),
                format!("no `{code}`"),
                format!("`{code}`"),
            );
        }
        for code in have.difference(&wanted) {
            diff(
                format!("error.{code}.extra"),
                format!("`{code}`"),
                format!("no `{code}`"),
            );
        }
    }
}

/// The differences of one method's arguments with the Node SDK's (none when the SDK does not
/// type the method): ids `node.argument.<name>.{missing,extra,type,required}`.
pub fn compare_node(
    node: &NodeSdk,
    shared_types: &BTreeMap<String, TypeDef>,
    spec: &MethodFile,
) -> Vec<(String, String, String)> {
    let mut out: Vec<Found> = Vec::new();
    let Some(node_args) = node.arguments(&spec.name) else {
        return out;
    };
    let required = |r: bool| if r { "required" } else { "optional" };
    let kinds = |k: &[String]| {
        if k.is_empty() {
            "no kind".to_string()
        } else {
            k.join(" | ")
        }
    };
    for (arg, data) in node_args {
        if !spec.arguments.iter().any(|a| a.name == *arg) {
            out.push((
                format!("node.argument.{arg}.missing"),
                "no such argument".into(),
                format!(
                    "`{arg}` ({}, {})",
                    kinds(&data.kinds),
                    required(data.required)
                ),
            ));
        }
    }
    for a in &spec.arguments {
        let Some(data) = node_args.get(&a.name) else {
            out.push((
                format!("node.argument.{}.extra", a.name),
                format!("`{}` ({}, {})", a.name, a.ty, required(a.required)),
                "no such argument".into(),
            ));
            continue;
        };
        let ty = as_reference_sees(&a.ty, &spec.types, shared_types);
        let comma_list = a.encoding == Some(codegen::spec::Encoding::CommaList);
        if !node_kind_matches(&data.kinds, &ty, comma_list) {
            out.push((
                format!("node.argument.{}.type", a.name),
                a.ty.clone(),
                format!("{} (`{}`)", kinds(&data.kinds), data.ts),
            ));
        }
        if a.required != data.required {
            let alternatives = match &data.alternatives {
                Some(alt) if !data.required && !all_alternatives(alt) => {
                    format!(" (allowed in {alt} alternatives)")
                }
                _ => String::new(),
            };
            out.push((
                format!("node.argument.{}.required", a.name),
                required(a.required).into(),
                format!("{}{alternatives}", required(data.required)),
            ));
        }
    }
    out
}

/// `N of N`: every alternative of the SDK's type allows the argument.
fn all_alternatives(alt: &str) -> bool {
    match alt.split_once(" of ") {
        Some((a, b)) => a.trim() == b.trim(),
        None => false,
    }
}
