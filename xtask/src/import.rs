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
//! paginated response, app-level tokens) come from small tables below, each naming its
//! source. A deliberate difference from the data is recorded under `drift:` with its reason.
//!
//! # Which methods are idempotent
//!
//! One rule, also written in `spec/README.md`: **a method is idempotent exactly when it only
//! reads.** It reads when the last segment of its name
//!
//! - starts with `list`, `get`, `lookup` or `search` (`conversations.list`,
//!   `users.getPresence`, `users.lookupByEmail`, `admin.conversations.search`), or
//! - is `info` or ends with `Info` (`team.info`, `dnd.teamInfo`, `openid.connect.userInfo`), or
//! - is one of `history`, `replies`, `members`, `conversations`, `count`, `query`, `bulkGet`,
//!   `identity`, `test`, `accessLogs`, `integrationLogs`, `activity`, `metadata`, `context`,
//!   `validate`,
//!
//! or the method belongs to the `search` family (`search.all`, `search.files`,
//! `search.messages`). Everything else is `false`: writes, setters (even those that would be
//! harmless to repeat: when unsure, `false`) and actions that are not reads although they
//! change little (opening a connection, exchanging a code, starting an export). The HTTP verb
//! plays no part: Slack's Python SDK sends some writes with GET (`admin.emoji.add`,
//! `conversations.inviteShared`). The exceptions are in [`NOT_IDEMPOTENT`], each with its
//! reason, which the YAML repeats in a comment.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::common::Common;
use crate::reference::{type_matches, DataArg, JsonKind, MethodPage, Reference};

pub use crate::reference::default_reference;

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

// ---------------------------------------------------------------------------------------
// Tables: the facts the data lacks, each with its source
// ---------------------------------------------------------------------------------------

/// A special rate limit the docs-methods label ("Special rate limits apply.") leaves out.
struct SpecialLimit {
    method: &'static str,
    /// Slack's wording.
    text: &'static str,
    /// Calls per minute, when Slack gives a number.
    per_minute: Option<u32>,
    /// The argument the limit is counted per.
    per: Option<&'static str>,
    /// Where the text and numbers come from.
    source: &'static str,
}

const HUNDREDS_PER_MINUTE: &str =
    "This method allows hundreds of requests per minute. Use it as often as is reasonably required.";
const HUNDREDS_SOURCE: &str =
    "Slack's wording, as quoted by its Java SDK (MethodsRateLimitTier); no exact number is given";

const SPECIAL_LIMITS: &[SpecialLimit] = &[
    SpecialLimit {
        method: "chat.postMessage",
        text: "1 per second per channel, with short bursts allowed",
        per_minute: Some(60),
        per: Some("channel"),
        source: "Slack's rate-limits page (\"posting messages: 1 per second, short bursts >1 allowed\", counted per channel, with a workspace-wide limit above it); Slack's Java SDK paces it at 60 per minute per channel",
    },
    SpecialLimit {
        method: "auth.test",
        text: HUNDREDS_PER_MINUTE,
        per_minute: None,
        per: None,
        source: HUNDREDS_SOURCE,
    },
    SpecialLimit {
        method: "chat.getPermalink",
        text: HUNDREDS_PER_MINUTE,
        per_minute: None,
        per: None,
        source: HUNDREDS_SOURCE,
    },
];

/// Token types the data does not list: method → (type, scopes, source).
const EXTRA_TOKENS: &[(&str, &str, &[&str], &str)] = &[
    (
        "apps.connections.open",
        "app",
        &["connections:write"],
        "Socket Mode takes an app-level token with connections:write (the page's `missing_args` error: \"An app-level token wasn't provided.\")",
    ),
    (
        "apps.event.authorizations.list",
        "app",
        &["authorizations:read"],
        "an app-level token; the OpenAPI spec's security names the authorizations:read scope",
    ),
];

/// Methods whose content types leave out JSON although the OpenAPI spec lists it: method →
/// reason.
const NO_JSON: &[(&str, &str)] = &[(
    "admin.conversations.invite",
    "the OpenAPI spec says it consumes JSON, but Slack's Python SDK notes that the endpoint cannot handle Content-Type: application/json (as of 2020-09-03) and sends a form",
)];

/// Methods that the idempotence rule would call reads, but are not: method → reason.
const NOT_IDEMPOTENT: &[(&str, &str)] = &[(
    "files.getUploadURLExternal",
    "its name starts with `get`, but every call reserves a new upload URL and file ID",
)];

/// Deprecations the reference data does not show: method → (note, replacement, source).
const DEPRECATED: &[(&str, &str, Option<&str>, &str)] = &[(
    "files.upload",
    "Slack retired the one-step upload in favour of files.getUploadURLExternal followed by files.completeUploadExternal; its SDKs warn when it is used (Python's files_upload prints a files_upload_v2 suggestion).",
    Some("files.getUploadURLExternal"),
    "Slack's changelog on the files.upload retirement and its official SDKs",
)];

/// The list field of paginated responses that neither the OpenAPI schema nor a response
/// sample shows: method → (field, type). Source: the example responses of Slack's reference
/// pages, as modelled by its Java SDK's response classes.
const PAGE_ITEMS: &[(&str, &str, &str)] = &[
    ("admin.auth.policy.getEntities", "entities", "array<json>"),
    ("admin.barriers.list", "barriers", "array<json>"),
    (
        "admin.conversations.ekm.listOriginalConnectedChannelInfo",
        "channels",
        "array<json>",
    ),
    ("admin.conversations.lookup", "channel_ids", "array<string>"),
    (
        "admin.inviteRequests.denied.list",
        "denied_requests",
        "array<json>",
    ),
    (
        "admin.inviteRequests.list",
        "invite_requests",
        "array<json>",
    ),
    (
        "admin.roles.listAssignments",
        "role_assignments",
        "array<json>",
    ),
    ("admin.teams.admins.list", "admin_ids", "array<string>"),
    ("admin.teams.list", "teams", "array<json>"),
    ("admin.users.list", "users", "array<json>"),
    ("apps.activities.list", "activities", "array<json>"),
    ("apps.datastore.query", "items", "array<json>"),
    (
        "apps.event.authorizations.list",
        "authorizations",
        "array<json>",
    ),
    ("auth.teams.list", "teams", "array<json>"),
    ("conversations.listConnectInvites", "invites", "array<json>"),
    (
        "conversations.requestSharedInvite.list",
        "invite_requests",
        "array<json>",
    ),
    ("files.remote.list", "files", "array<json>"),
    ("slackLists.items.list", "items", "array<json>"),
];

/// Arguments the data gives no type, example or JSON wording for, that hold JSON values:
/// (method, argument) → why.
const JSON_ARGS: &[(&str, &str, &str)] = &[
    (
        "chat.stopStream",
        "blocks",
        "the description says a list of blocks, which are Block Kit JSON objects as in chat.postMessage's `blocks`",
    ),
    (
        "assistant.threads.setSuggestedPrompts",
        "prompts",
        "each prompt is an object with `title` and `message` (the description), which Slack's Python SDK sends as a JSON array of objects",
    ),
    (
        "chat.appendStream",
        "chunks",
        "an array of streaming chunk objects",
    ),
    (
        "chat.startStream",
        "chunks",
        "an array of streaming chunk objects",
    ),
    (
        "chat.stopStream",
        "chunks",
        "an array of streaming chunk objects",
    ),
    (
        "slackLists.items.create",
        "initial_fields",
        "an array of field objects (Slack's Python SDK: List[Dict])",
    ),
];

/// Item types of list arguments that are not strings: (method, argument, item type, why).
const ARRAY_ITEMS: &[(&str, &str, &str, &str)] = &[(
    "admin.audit.anomaly.allow.updateItem",
    "trusted_asns",
    "integer",
    "Autonomous System Numbers are numbers",
)];

// ---------------------------------------------------------------------------------------
// The draft
// ---------------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
enum RateLimit {
    Tier(u8),
    Special {
        text: String,
        per_minute: Option<u32>,
        per: Option<String>,
    },
    Undocumented,
}

#[derive(Debug, Clone)]
struct Token {
    ty: &'static str,
    scopes: Vec<String>,
    scopes_match: Option<(&'static str, String)>,
}

#[derive(Debug, Clone)]
struct Arg {
    name: String,
    ty: String,
    encoding: Option<&'static str>,
    required: bool,
    description: String,
    example: Option<String>,
    default: Option<String>,
    comments: Vec<String>,
    /// How an argument without a type in the data was typed.
    class: Option<&'static str>,
}

#[derive(Debug, Clone)]
struct Pagination {
    cursor: String,
    limit: Option<String>,
    next_cursor: &'static str,
    items: String,
}

#[derive(Debug, Clone)]
struct Field {
    name: String,
    ty: String,
    required: bool,
    description: String,
}

#[derive(Debug, Clone)]
struct Draft {
    name: String,
    sources: Vec<String>,
    description: String,
    http_method: String,
    http_comments: Vec<String>,
    content_types: Vec<&'static str>,
    content_comments: Vec<String>,
    rate_limit: RateLimit,
    rate_comments: Vec<String>,
    idempotent: bool,
    idempotent_comment: String,
    tokens: Vec<Token>,
    tokens_comments: Vec<String>,
    deprecated: Option<(String, Option<String>)>,
    deprecated_comments: Vec<String>,
    arguments: Vec<Arg>,
    pagination: Option<Pagination>,
    pagination_comments: Vec<String>,
    response_fields: Vec<Field>,
    errors: Vec<(String, String)>,
    errors_comments: Vec<String>,
    drift: Vec<(String, String)>,
}

/// Builds the draft of one method from the reference data.
fn draft(reference: &Reference, common: &Common, name: &str) -> Result<Draft, String> {
    let docs = reference.docs(name)?;
    let source = docs
        .or_else(|| reference.extra.get(name))
        .ok_or_else(|| format!("error: no reference data for `{name}`"))?;
    let transport = reference.transport.get(name);
    let op = reference.openapi_op(name);

    let mut sources = vec![format!(
        "{name}: a first draft by `cargo xtask import`, curated by hand from here on."
    )];
    sources.push("Sources, in the reference data (../shared/slack-reference):".into());
    if docs.is_some() {
        sources.push(format!(
            "- description, arguments, errors, tier and scopes: docs-methods/{name}.json"
        ));
    } else {
        sources.push(format!(
            "- description and arguments: extra-methods.json (\"{name}\"); no reference page in docs-methods"
        ));
    }
    match transport {
        Some(t) => sources.push(format!(
            "- verb and body: transport.tsv (Python SDK: {}; OpenAPI: {})",
            join_nonempty(&[&t.python_verb, &t.python_body], " ", "none"),
            join_nonempty(&[&t.openapi_verb, &t.openapi_consumes], " ", "none"),
        )),
        None => sources.push("- verb and body: transport.tsv has no row for it".into()),
    }
    if op.is_some() {
        sources.push(format!(
            "- parameter types, error enum and response schema: openapi/slack_web_openapi_v2.json (/{name})"
        ));
    }

    let json_body = transport.is_some_and(|t| t.python_body.split(',').any(|b| b.trim() == "json"));

    let mut drift = Vec::new();

    // Arguments.
    let mut arguments = Vec::new();
    for (arg_name, data) in &source.args {
        let openapi_ty = op
            .and_then(|op| op.params.get(arg_name))
            .and_then(|p| p.ty.as_deref());
        let decision = decide_type(name, arg_name, data, openapi_ty, json_body);
        if let Some(reason) = decision.drift {
            drift.push((format!("argument.{arg_name}.type"), reason));
        }
        arguments.push(Arg {
            name: arg_name.clone(),
            ty: decision.ty,
            encoding: decision.encoding,
            required: data.required,
            description: if data.description.is_empty() {
                "(The reference page gives no description.)".into()
            } else {
                data.description.clone()
            },
            example: data.example.clone(),
            default: data.default.clone(),
            comments: decision.comments,
            class: decision.class,
        });
    }

    // Verb.
    let python_verb = transport
        .map(|t| t.python_verb.to_uppercase())
        .filter(|v| !v.is_empty());
    let openapi_verb = transport
        .map(|t| t.openapi_verb.to_uppercase())
        .filter(|v| !v.is_empty())
        .or_else(|| op.map(|op| op.verb.to_uppercase()));
    let mut http_comments = Vec::new();
    let http_method = match (&python_verb, &openapi_verb) {
        (Some(p), Some(o)) if p != o => {
            http_comments.push(format!(
                "verb: Slack's Python SDK sends {p}, the OpenAPI spec says {o}; the SDK, which Slack keeps current, wins."
            ));
            p.clone()
        }
        (Some(p), _) => p.clone(),
        (None, Some(o)) => {
            http_comments.push(format!(
                "verb: Slack's Python SDK has no such method; the OpenAPI spec says {o}."
            ));
            o.clone()
        }
        (None, None) => {
            http_comments.push(
                "verb: neither Slack's Python SDK nor the OpenAPI spec has this method; POST with a form body, which every Web API method accepts."
                    .into(),
            );
            "POST".into()
        }
    };

    // Content types.
    let mut content_types = vec!["application/x-www-form-urlencoded"];
    let mut content_comments = Vec::new();
    let openapi_json = transport
        .is_some_and(|t| t.openapi_consumes.split(',').any(|c| c.trim() == "json"))
        || op.is_some_and(|op| op.consumes_json);
    if openapi_json || json_body {
        if let Some((_, reason)) = NO_JSON.iter().find(|(m, _)| *m == name) {
            content_comments.push(format!("content_types: no JSON: {reason}."));
            drift.push((
                "content_types".into(),
                format!("no application/json: {reason}"),
            ));
        } else {
            content_types.push("application/json");
            content_comments.push(
                match (openapi_json, json_body) {
                    (true, true) => "content_types: JSON because the OpenAPI spec consumes it and Slack's Python SDK sends it.",
                    (true, false) => "content_types: JSON because the OpenAPI spec consumes it.",
                    _ => "content_types: JSON because Slack's Python SDK sends this method a JSON body.",
                }
                .into(),
            );
        }
    }
    let file_args: Vec<&str> = arguments
        .iter()
        .filter(|a| a.ty == "file")
        .map(|a| a.name.as_str())
        .collect();
    if !file_args.is_empty() {
        content_types.push("multipart/form-data");
        content_comments.push(format!(
            "content_types: multipart/form-data for the file part{} ({}).",
            if file_args.len() > 1 { "s" } else { "" },
            file_args
                .iter()
                .map(|a| format!("`{a}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
        let multipart_body =
            transport.is_some_and(|t| t.python_body.split(',').any(|b| b.trim() == "multipart"));
        if !multipart_body && (transport.is_some() || op.is_some()) {
            // The drift report's reference has multipart only where the Python SDK sends it
            // (and compares content types only where the data has the method's transport).
            let reason = "multipart/form-data for the file part(s), which go only in a multipart body; Slack's Python SDK does not send this method multipart";
            match drift.iter_mut().find(|(id, _)| id == "content_types") {
                Some((_, r)) => *r = format!("{r}; {reason}"),
                None => drift.push(("content_types".into(), reason.into())),
            }
        }
    }

    // Rate limit.
    let (rate_limit, rate_comments) = rate_limit(reference, docs, name);

    // Idempotence.
    let (idempotent, idempotent_comment) = idempotence(name);

    // Tokens.
    let mut tokens = Vec::new();
    let mut tokens_comments = Vec::new();
    for ty in ["bot", "user"] {
        let Some(scopes) = source.scopes.get(ty).cloned() else {
            continue;
        };
        let scopes_match = (scopes.len() >= 2).then(|| scopes_match(&scopes));
        tokens.push(Token {
            ty,
            scopes,
            scopes_match,
        });
    }
    if tokens.is_empty() {
        if let Some((_, ty, scopes, why)) = EXTRA_TOKENS.iter().find(|(m, ..)| *m == name) {
            tokens.push(Token {
                ty,
                scopes: scopes.iter().map(|s| s.to_string()).collect(),
                scopes_match: None,
            });
            tokens_comments.push(format!("tokens: the reference data lists none; {why}."));
            drift.push((
                format!("tokens.{ty}.extra"),
                format!("the data lists no token; {why}"),
            ));
        } else {
            tokens_comments.push(
                "tokens: the reference data lists no token type or scope for this method.".into(),
            );
        }
    }

    // Deprecation.
    let description = source
        .desc
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .unwrap_or(name)
        .to_string();
    let mut deprecated_comments = Vec::new();
    let deprecated = if let Some((_, note, replacement, why)) =
        DEPRECATED.iter().find(|(m, ..)| *m == name)
    {
        deprecated_comments.push(format!(
            "deprecated: not in the reference data; from {why}."
        ));
        Some((note.to_string(), replacement.map(String::from)))
    } else if description.to_lowercase().contains("deprecated") || source.deprecated {
        let (note, replacement) = split_replacement(&description);
        deprecated_comments.push("deprecated: the reference page's description says so.".into());
        Some((note, replacement))
    } else {
        None
    };

    // Pagination and response.
    let (pagination, pagination_comments, response_fields) =
        pagination(reference, name, &arguments);

    // Errors.
    let (errors, errors_comments) = errors(reference, common, source, name);

    Ok(Draft {
        name: name.to_string(),
        sources,
        description,
        http_method,
        http_comments,
        content_types,
        content_comments,
        rate_limit,
        rate_comments,
        idempotent,
        idempotent_comment,
        tokens,
        tokens_comments,
        deprecated,
        deprecated_comments,
        arguments,
        pagination,
        pagination_comments,
        response_fields,
        errors,
        errors_comments,
        drift,
    })
}

fn join_nonempty(parts: &[&String], sep: &str, none: &str) -> String {
    let parts: Vec<&str> = parts
        .iter()
        .map(|s| s.as_str())
        .filter(|s| !s.is_empty())
        .collect();
    if parts.is_empty() {
        none.to_string()
    } else {
        parts.join(sep)
    }
}

/// Splits "… Use x.y instead." off a deprecation text: (note, replacement).
fn split_replacement(text: &str) -> (String, Option<String>) {
    if let Some(start) = text.find("Use ") {
        let rest = &text[start + 4..];
        if let Some(end) = rest.find(" instead") {
            let method = rest[..end].trim_matches(|c: char| c == '`' || c == ' ');
            if method.contains('.') && !method.contains(' ') {
                let mut note = text[..start].trim().to_string();
                let after = rest[end + " instead".len()..].trim_start_matches('.');
                if !after.trim().is_empty() {
                    note.push(' ');
                    note.push_str(after.trim());
                }
                return (note, Some(method.to_string()));
            }
        }
    }
    (text.to_string(), None)
}

/// `any` when the scopes are alternatives, `all` otherwise, with the reason.
fn scopes_match(scopes: &[String]) -> (&'static str, String) {
    let conversation_type = |s: &String| {
        ["channels:", "groups:", "im:", "mpim:"]
            .iter()
            .any(|p| s.starts_with(p))
    };
    if scopes.iter().all(conversation_type) {
        (
            "any",
            "one scope per conversation type (public, private, DM, group DM): a token needs the one for the conversation at hand".into(),
        )
    } else if scopes.iter().all(|s| s.starts_with("search:read.")) {
        (
            "any",
            "each scope lets the search cover one more kind of content".into(),
        )
    } else {
        (
            "all",
            "the reference page lists these scopes together and does not say that one of them is enough".into(),
        )
    }
}

/// The idempotence rule (see the module docs): (idempotent, comment).
fn idempotence(name: &str) -> (bool, String) {
    if let Some((_, why)) = NOT_IDEMPOTENT.iter().find(|(m, _)| *m == name) {
        return (
            false,
            format!("idempotent: an exception to the importer's rule: {why}."),
        );
    }
    match read_reason(name) {
        Some(reason) => (
            true,
            format!("idempotent: a read by the importer's rule ({reason})."),
        ),
        None => (
            false,
            "idempotent: not a read by the importer's rule, so false.".into(),
        ),
    }
}

/// Why the method is a read, or `None` when it is not (see the module docs).
pub fn read_reason(name: &str) -> Option<String> {
    const PREFIXES: &[&str] = &["list", "get", "lookup", "search"];
    const WORDS: &[&str] = &[
        "info",
        "history",
        "replies",
        "members",
        "conversations",
        "count",
        "query",
        "bulkGet",
        "identity",
        "test",
        "accessLogs",
        "integrationLogs",
        "activity",
        "metadata",
        "context",
        "validate",
    ];
    let family = name.split('.').next().unwrap_or_default();
    let last = name.rsplit('.').next().unwrap_or_default();
    if family == "search" {
        return Some("the `search` family".into());
    }
    if let Some(prefix) = PREFIXES.iter().find(|p| last.starts_with(*p)) {
        return Some(format!("`{last}` starts with `{prefix}`"));
    }
    if last.ends_with("Info") || WORDS.contains(&last) {
        return Some(format!("`{last}`"));
    }
    None
}

fn rate_limit(
    reference: &Reference,
    docs: Option<&MethodPage>,
    name: &str,
) -> (RateLimit, Vec<String>) {
    let mut comments = Vec::new();
    let label = docs.and_then(|d| d.rate_limit_label.as_deref());
    let java = reference.tiers.get(name);
    let java_tier = java
        .and_then(|t| t.strip_prefix("Tier"))
        .and_then(|n| n.parse::<u8>().ok());
    let special = SPECIAL_LIMITS.iter().find(|l| l.method == name);
    let limit = match label {
        Some(label) if label.starts_with("Tier ") => {
            let tier = label[5..]
                .split(|c: char| !c.is_ascii_digit())
                .next()
                .and_then(|n| n.parse::<u8>().ok());
            match tier {
                Some(n) => {
                    if let Some(j) = java.filter(|_| java_tier != Some(n)) {
                        comments.push(format!(
                            "rate_limit: docs-methods says Tier {n}, rate_limit_tiers.json says {j}; the docs win."
                        ));
                    }
                    RateLimit::Tier(n)
                }
                None => RateLimit::Special {
                    text: label.to_string(),
                    per_minute: None,
                    per: None,
                },
            }
        }
        Some(label) => {
            let (text, per_minute, per) = match special {
                Some(l) => {
                    comments.push(format!(
                        "rate_limit: docs-methods says \"{label}\"; the text and numbers are from {}.",
                        l.source
                    ));
                    (l.text.to_string(), l.per_minute, l.per.map(String::from))
                }
                None => (label.to_string(), per_minute_in(label), None),
            };
            if let Some(j) = java {
                if special.is_none() {
                    comments.push(format!(
                        "rate_limit: rate_limit_tiers.json says {j}; the docs win."
                    ));
                }
            }
            RateLimit::Special {
                text,
                per_minute,
                per,
            }
        }
        None => match (java, java_tier) {
            (Some(_), Some(n)) => {
                comments.push("rate_limit: from rate_limit_tiers.json (no reference page).".into());
                RateLimit::Tier(n)
            }
            (Some(j), None) => {
                comments.push(format!(
                    "rate_limit: rate_limit_tiers.json says {j} (no reference page)."
                ));
                RateLimit::Special {
                    text: "Special rate limits apply.".into(),
                    per_minute: None,
                    per: None,
                }
            }
            _ => {
                comments.push("rate_limit: the reference data gives none.".into());
                RateLimit::Undocumented
            }
        },
    };
    (limit, comments)
}

/// "1200 requests per minute …" → 1200.
fn per_minute_in(text: &str) -> Option<u32> {
    let words: Vec<&str> = text.split_whitespace().collect();
    words.windows(4).find_map(|w| {
        (w[2] == "per" && w[3].trim_end_matches(['.', ',']) == "minute")
            .then(|| w[0].replace(',', "").parse().ok())
            .flatten()
    })
}

fn pagination(
    reference: &Reference,
    name: &str,
    arguments: &[Arg],
) -> (Option<Pagination>, Vec<String>, Vec<Field>) {
    let mut comments = Vec::new();
    let Some(cursor) = arguments
        .iter()
        .find(|a| a.name == "cursor" && a.ty == "string" && !a.required)
    else {
        return (None, comments, Vec::new());
    };
    let limit = arguments
        .iter()
        .find(|a| a.name == "limit" && a.ty == "integer" && !a.required)
        .map(|a| a.name.clone());

    // The list field: the OpenAPI success schema, the response sample, or the table.
    let openapi_arrays: Vec<(String, String, bool)> = reference
        .openapi_op(name)
        .map(|op| op.success_fields.as_slice())
        .unwrap_or_default()
        .iter()
        .filter(|field| field.ty.as_deref() == Some("array"))
        .map(|field| {
            let ty = match field.items_ty.as_deref() {
                Some("string") => "array<string>",
                Some("integer") => "array<integer>",
                _ => "array<json>",
            };
            (field.name.clone(), ty.to_string(), field.required)
        })
        .collect();
    let sample = reference.sample(name);
    let sample_arrays: Vec<(String, String)> = sample
        .map(|sample| {
            sample
                .arrays
                .iter()
                .map(|(k, first)| {
                    let ty = match first {
                        Some(JsonKind::String) => "array<string>",
                        Some(JsonKind::Number) => "array<integer>",
                        _ => "array<json>",
                    };
                    (k.clone(), ty.to_string())
                })
                .collect()
        })
        .unwrap_or_default();
    let top_level = sample.is_some_and(|s| s.next_cursor);

    let items: Option<(String, String, bool)> = match (&openapi_arrays[..], &sample_arrays[..]) {
        ([(o, _, _)], [(s, sty)]) if o != s => {
            comments.push(format!(
                "pagination.items: the OpenAPI schema (2020) names `{o}`, the recorded response sample `{s}`; the sample wins."
            ));
            Some((s.clone(), sty.clone(), false))
        }
        ([(o, oty, required)], _) => {
            comments.push(format!(
                "pagination.items: `{o}`, the list field of the OpenAPI success schema."
            ));
            Some((o.clone(), oty.clone(), *required))
        }
        (_, [(s, sty)]) => {
            comments.push(format!(
                "pagination.items: `{s}`, the list field of response-samples/{name}.json."
            ));
            Some((s.clone(), sty.clone(), false))
        }
        _ => PAGE_ITEMS.iter().find(|(m, ..)| *m == name).map(|(_, field, ty)| {
            comments.push(format!(
                "pagination.items: `{field}`, from the example response of Slack's reference page (as in its Java SDK's response class); the reference data shows no list field."
            ));
            (field.to_string(), ty.to_string(), false)
        }),
    };
    let Some((items, ty, required)) = items else {
        comments.push(format!(
            "pagination: `{name}` takes a cursor, but the reference data names no top-level list field in its response (it pages something nested or a map), so no pagination is declared."
        ));
        return (None, comments, Vec::new());
    };
    let mut fields = vec![Field {
        name: items.clone(),
        ty,
        required,
        description: "The items of this page.".into(),
    }];
    let next_cursor = if top_level {
        comments.push(
            "pagination.next_cursor: the response sample has a top-level `next_cursor`.".into(),
        );
        fields.push(Field {
            name: "next_cursor".into(),
            ty: "string".into(),
            required: false,
            description: "The cursor of the next page; empty or absent on the last.".into(),
        });
        "top_level"
    } else {
        "response_metadata"
    };
    (
        Some(Pagination {
            cursor: cursor.name.clone(),
            limit,
            next_cursor,
            items,
        }),
        comments,
        fields,
    )
}

fn errors(
    reference: &Reference,
    common: &Common,
    source: &MethodPage,
    name: &str,
) -> (Vec<(String, String)>, Vec<String>) {
    let mut out: Vec<(String, String)> = source.errors.clone();
    let mut comments = Vec::new();
    let mut added = 0;
    let mut warnings = Vec::new();
    let mut truncated = Vec::new();
    for code in reference.openapi_error_enum(name) {
        if out.iter().any(|(c, _)| *c == code) || common.errors.contains(&code) {
            continue;
        }
        if common.warnings.contains(&code) {
            warnings.push(code);
            continue;
        }
        if let Some(full) = reference.truncated_copy_of(&code) {
            truncated.push(format!("`{code}` (of `{full}`)"));
            continue;
        }
        out.push((
            code,
            "Listed in the OpenAPI spec's error codes for this method, which give no description."
                .into(),
        ));
        added += 1;
    }
    if added > 0 {
        comments.push(format!(
            "errors: the reference page's table, then {added} more code(s) from the OpenAPI error enum."
        ));
    }
    if !warnings.is_empty() {
        comments.push(format!(
            "errors: the OpenAPI enum also lists the warning code(s) {} (spec/common/warnings.yaml); left out.",
            warnings.join(", ")
        ));
    }
    if !truncated.is_empty() {
        comments.push(format!(
            "errors: the OpenAPI enum also lists truncated copies of codes: {}; left out.",
            truncated.join(", ")
        ));
    }
    (out, comments)
}

// ---------------------------------------------------------------------------------------
// Argument types
// ---------------------------------------------------------------------------------------

struct Decision {
    ty: String,
    encoding: Option<&'static str>,
    comments: Vec<String>,
    class: Option<&'static str>,
    drift: Option<String>,
}

/// The phrases with which Slack documents JSON values sent as text.
const JSON_PHRASES: &[&str] = &[
    "json-based",
    "json based",
    "json-encoded",
    "stringified json",
    "url-encoded json",
    "json app manifest",
    "json object with",
    "a json array",
];

/// The phrases with which Slack documents comma-separated lists.
const COMMA_PHRASES: &[&str] = &[
    "comma-separated list",
    "comma separated list",
    "comma-separated string",
    "comma separated string",
    "comma separated values",
    "comma-separated array",
];

/// The JSON phrase the description uses, as written there.
fn json_phrase(desc: &str) -> Option<&str> {
    let lower = desc.to_ascii_lowercase();
    JSON_PHRASES
        .iter()
        .find_map(|p| lower.find(p).map(|i| &desc[i..i + p.len()]))
}

/// True when the description calls the value a comma-separated list (or shows one, as in
/// "like `types=spaces,snippets`").
fn comma_list(name: &str, desc: &str) -> bool {
    let lower = desc.to_ascii_lowercase();
    let phrase = COMMA_PHRASES.iter().any(|p| lower.contains(p))
        || lower.starts_with("comma-separated")
        || lower.starts_with("comma separated");
    let shown = desc
        .find(&format!("`{name}="))
        .map(|i| &desc[i + name.len() + 2..])
        .and_then(|rest| rest.split('`').next())
        .is_some_and(|value| value.contains(','));
    phrase || shown
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_digit())
}

fn is_ts(s: &str) -> bool {
    s.split_once('.')
        .is_some_and(|(a, b)| is_digits(a) && is_digits(b))
}

fn is_id(s: &str) -> bool {
    s.len() >= 4
        && s.starts_with(|c: char| c.is_ascii_uppercase())
        && s.chars().all(|c| c.is_ascii_alphanumeric())
        && s.chars().any(|c| c.is_ascii_digit())
}

fn id_name(name: &str) -> bool {
    name == "id"
        || name.ends_with("_id")
        || ["channel", "user", "team", "usergroup", "target_team"].contains(&name)
}

/// Decides an argument's type, wire encoding, and the comment that explains the decision.
fn decide_type(
    method: &str,
    name: &str,
    data: &DataArg,
    openapi_ty: Option<&str>,
    json_body: bool,
) -> Decision {
    let docs_ty = data.ty.as_deref();
    let desc = data.description.as_str();
    let example = data.example.as_deref().map(str::trim);
    // What the data says, for the comment and the drift entry.
    let said = match (docs_ty, openapi_ty) {
        (Some(t), _) => format!("the reference page says {t}"),
        (None, Some(t)) => format!(
            "the reference page gives no type and the OpenAPI spec says {t}{}",
            if t == "string" {
                " (as for every form field)"
            } else {
                ""
            }
        ),
        (None, None) => "the reference data gives no type".to_string(),
    };
    let data_ty = docs_ty.or(openapi_ty);
    let untyped = docs_ty.is_none();
    let decision =
        |ty: String, encoding: Option<&'static str>, class: &'static str, why: String| {
            // The drift report's rule, so that every difference it finds has its entry.
            let same = data_ty.is_none_or(|t| type_matches(t, &ty));
            let comment = if untyped || !same {
                vec![format!("type: {said}; {ty}: {why}.")]
            } else {
                Vec::new()
            };
            Decision {
                drift: (!same).then(|| format!("{said}; {ty}: {why}")),
                ty,
                encoding,
                comments: comment,
                class: untyped.then_some(class),
            }
        };

    // A file part.
    let lower = desc.to_ascii_lowercase();
    if untyped
        && (lower.contains("multipart/form-data")
            || lower.starts_with("a text file")
            || lower.starts_with("file containing"))
    {
        return decision(
            "file".into(),
            None,
            "file",
            if lower.contains("multipart/form-data") {
                "the description says the contents go as multipart/form-data".into()
            } else {
                "the description says a file, which Slack's Python SDK sends as a multipart file part".into()
            },
        );
    }

    // JSON values.
    let table = JSON_ARGS
        .iter()
        .find(|(m, a, _)| *m == method && *a == name)
        .map(|(.., why)| why.to_string());
    let objects_example =
        example.is_some_and(|e| e.starts_with('{') || e.replace(' ', "").starts_with("[{"));
    let json_why = if let Some(why) = table {
        Some(why)
    } else if let Some(phrase) = json_phrase(desc).filter(|_| docs_ty != Some("array")) {
        Some(format!("the description says \"{phrase}\""))
    } else if objects_example && (untyped || docs_ty == Some("array")) {
        Some(if docs_ty == Some("array") {
            "a list of objects (the example), which an argument sends as one JSON value".into()
        } else {
            "the example is a JSON object or a list of objects".into()
        })
    } else if docs_ty == Some("object") {
        Some("a JSON object".into())
    } else {
        None
    };
    if let Some(why) = json_why {
        let mut d = decision("json".into(), Some("json"), "json", why);
        if docs_ty == Some("object") {
            d.comments.clear();
        }
        return d;
    }

    // Lists.
    let list_example = example.is_some_and(|e| e.starts_with('['));
    if docs_ty == Some("array")
        || (matches!(data_ty, None | Some("string")) && comma_list(name, desc))
        || (untyped && list_example)
    {
        let (item, item_why) = ARRAY_ITEMS
            .iter()
            .find(|(m, a, ..)| *m == method && *a == name)
            .map(|(.., item, why)| (*item, Some(*why)))
            .unwrap_or(("string", None));
        let (encoding, encoding_why) = list_encoding(name, desc, example, json_body);
        let mut why = if docs_ty == Some("array") {
            String::new()
        } else if comma_list(name, desc) {
            "the description calls it a comma-separated list".into()
        } else {
            "the example is a list".into()
        };
        if let Some(item_why) = item_why {
            if !why.is_empty() {
                why.push_str("; ");
            }
            why.push_str(&format!("{item} items: {item_why}"));
        }
        let mut d = decision(
            format!("array<{item}>"),
            Some(encoding),
            "array",
            why.clone(),
        );
        if why.is_empty() {
            d.comments.clear();
        }
        if let Some(encoding_why) = encoding_why {
            d.comments
                .push(format!("encoding: {encoding}: {encoding_why}."));
        }
        return d;
    }

    // Types the reference page gives.
    if let Some(t) = docs_ty {
        return match t {
            "number" if ["limit", "count", "page"].contains(&name) => decision(
                "integer".into(),
                None,
                "integer",
                "it is a count (\"the maximum number of items\")".into(),
            ),
            "string" | "boolean" | "integer" | "number" => {
                decision(t.into(), None, "string", String::new())
            }
            other => decision(
                "string".into(),
                None,
                "string",
                format!("the page's type `{other}` is not one the spec has; sent as text"),
            ),
        };
    }

    // No type in the reference page: the OpenAPI type when it says more than "string".
    if let Some(t) = openapi_ty.filter(|t| *t != "string") {
        let ty = match t {
            "boolean" | "integer" | "number" => t.to_string(),
            _ => "string".into(),
        };
        return decision(ty, None, "openapi", "the OpenAPI parameter's type".into());
    }
    if let Some(e) = example.filter(|e| matches!(*e, "true" | "false")) {
        return decision(
            "boolean".into(),
            None,
            "boolean",
            format!("the example is `{e}`"),
        );
    }
    if ["limit", "count", "page"].contains(&name) {
        return decision(
            "integer".into(),
            None,
            "integer",
            format!(
                "a count{}",
                data.default
                    .as_deref()
                    .map(|d| format!(" (default {d})"))
                    .unwrap_or_default()
            ),
        );
    }
    if let Some(e) = example.filter(|e| is_digits(e) && !id_name(name)) {
        return decision(
            "integer".into(),
            None,
            "integer",
            format!("the example {e} is a number (a Unix time in seconds), not an ID or a `ts`"),
        );
    }
    let why = if name == "ts" || name.ends_with("_ts") || example.is_some_and(is_ts) {
        "a message timestamp (`ts`), which Slack always sends as text".to_string()
    } else if id_name(name) || example.is_some_and(is_id) {
        match example {
            Some(e) => format!("an ID (example `{e}`)"),
            None => "an ID".to_string(),
        }
    } else if name.contains("pointer")
        || example.is_some_and(|e| {
            e.contains('.') && e.chars().all(|c| c.is_ascii_alphanumeric() || c == '.')
        })
    {
        match example {
            Some(e) => format!("an opaque identifier (example `{e}`)"),
            None => "an opaque identifier".to_string(),
        }
    } else if example.is_some_and(|e| e.starts_with("http")) {
        "a URL".into()
    } else if lower.contains("acceptable values") || lower.contains("is supported") {
        "one word from a fixed set (the description names them)".into()
    } else if example.is_some_and(|e| e.len() == 10 && e.chars().filter(|c| *c == '-').count() == 2)
    {
        "a date written as YYYY-MM-DD".into()
    } else if desc.is_empty() && example.is_none() {
        "the page gives no description or example, so plain text until someone knows better".into()
    } else {
        "plain text: nothing in the description or example points to another type".into()
    };
    decision("string".into(), None, "string", why)
}

/// How a list goes on the wire: (encoding, why when not obvious).
fn list_encoding(
    name: &str,
    desc: &str,
    example: Option<&str>,
    json_body: bool,
) -> (&'static str, Option<String>) {
    if json_body {
        return (
            "json_array",
            Some(
                "Slack's Python SDK sends this method a JSON body, with the list as a JSON array"
                    .into(),
            ),
        );
    }
    if comma_list(name, desc) {
        return ("comma_list", None);
    }
    match example {
        Some(e) if !e.starts_with('[') && e.contains(',') => (
            "comma_list",
            Some("the example is a comma-separated list".into()),
        ),
        Some(e) if e.starts_with('[') && e.contains('"') => {
            ("json_array", Some("the example is a JSON array".into()))
        }
        Some(e) if e.starts_with('[') => (
            "comma_list",
            Some("the example is written as a Python list; Slack's usual form, which its Python SDK sends for ID lists, is comma-separated".into()),
        ),
        _ => (
            "comma_list",
            Some("Slack's usual list form, which its Python SDK sends for ID lists".into()),
        ),
    }
}

// ---------------------------------------------------------------------------------------
// YAML
// ---------------------------------------------------------------------------------------

/// The widest a line of text gets before it is folded.
const WIDTH: usize = 92;

/// A scalar as YAML: plain when that reads back as the same string, else double-quoted.
fn scalar(s: &str) -> String {
    if plain_ok(s) {
        s.to_string()
    } else {
        quoted(s)
    }
}

fn plain_ok(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    let lower = s.to_lowercase();
    s.trim() == s
        && !"-?:,[]{}#&*!|>'\"%@`.+~".contains(first)
        && !first.is_ascii_digit()
        && !matches!(
            lower.as_str(),
            "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n"
        )
        && s.parse::<f64>().is_err()
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.ends_with(':')
        && s.chars().all(|c| !c.is_control())
}

fn quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `key: value` for text, folded into a `>-` block when long.
fn text(out: &mut String, indent: usize, key: &str, value: &str) {
    let pad = " ".repeat(indent);
    let one_line = format!("{pad}{key}: {}", scalar(value));
    let foldable = !value.contains("  ")
        && value.trim() == value
        && value.chars().all(|c| !c.is_control())
        && !value.is_empty();
    if one_line.chars().count() <= WIDTH + 4 || !foldable {
        out.push_str(&one_line);
        out.push('\n');
        return;
    }
    let _ = writeln!(out, "{pad}{key}: >-");
    let inner = " ".repeat(indent + 2);
    let mut line = String::new();
    for word in value.split(' ') {
        if !line.is_empty() && inner.len() + line.chars().count() + 1 + word.chars().count() > WIDTH
        {
            let _ = writeln!(out, "{inner}{line}");
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    let _ = writeln!(out, "{inner}{line}");
}

/// Comment lines, wrapped.
fn comment(out: &mut String, indent: usize, text: &str) {
    let pad = " ".repeat(indent);
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty()
            && pad.len() + 2 + line.chars().count() + 1 + word.chars().count() > WIDTH
        {
            let _ = writeln!(out, "{pad}# {line}");
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        let _ = writeln!(out, "{pad}# {line}");
    }
}

/// A header comment line; a "- " item's continuation lines are indented under its text.
fn hanging_comment(out: &mut String, text: &str) {
    let hang = if text.starts_with("- ") { "  " } else { "" };
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && 2 + line.chars().count() + 1 + word.chars().count() > WIDTH {
            let _ = writeln!(out, "# {line}");
            line = hang.to_string();
        }
        if !line.is_empty() && !line.ends_with(' ') {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.trim().is_empty() {
        let _ = writeln!(out, "# {line}");
    }
}

fn comments(out: &mut String, indent: usize, lines: &[String]) {
    for line in lines {
        comment(out, indent, line);
    }
}

/// A flow sequence of strings; items with flow indicators or colons are quoted.
fn list(items: &[String]) -> String {
    format!(
        "[{}]",
        items
            .iter()
            .map(|s| {
                if s.contains([':', ',', '[', ']', '{', '}']) {
                    quoted(s)
                } else {
                    scalar(s)
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// The draft as a spec file.
fn render(d: &Draft) -> String {
    let mut out = String::new();
    for line in &d.sources {
        hanging_comment(&mut out, line);
    }
    let _ = writeln!(out, "name: {}", d.name);
    text(&mut out, 0, "description", &d.description);
    let _ = writeln!(
        out,
        "docs: https://docs.slack.dev/reference/methods/{}",
        d.name
    );
    comments(&mut out, 0, &d.http_comments);
    let _ = writeln!(out, "http_method: {}", d.http_method);
    comments(&mut out, 0, &d.content_comments);
    let _ = writeln!(out, "content_types: [{}]", d.content_types.join(", "));
    comments(&mut out, 0, &d.rate_comments);
    match &d.rate_limit {
        RateLimit::Tier(n) => {
            let _ = writeln!(out, "rate_limit:\n  tier: {n}");
        }
        RateLimit::Special {
            text: special,
            per_minute,
            per,
        } => {
            out.push_str("rate_limit:\n");
            text(&mut out, 2, "special", special);
            if let Some(n) = per_minute {
                let _ = writeln!(out, "  per_minute: {n}");
            }
            if let Some(per) = per {
                let _ = writeln!(out, "  per: {}", scalar(per));
            }
        }
        RateLimit::Undocumented => out.push_str("rate_limit: undocumented\n"),
    }
    comment(&mut out, 0, &d.idempotent_comment);
    let _ = writeln!(out, "idempotent: {}", d.idempotent);
    comments(&mut out, 0, &d.tokens_comments);
    if !d.tokens.is_empty() {
        out.push_str("tokens:\n");
        for token in &d.tokens {
            let _ = writeln!(out, "  - type: {}", token.ty);
            if !token.scopes.is_empty() {
                let _ = writeln!(out, "    scopes: {}", list(&token.scopes));
            }
            if let Some((how, why)) = &token.scopes_match {
                comment(&mut out, 4, why);
                let _ = writeln!(out, "    scopes_match: {how}");
            }
        }
    }
    if let Some((note, replacement)) = &d.deprecated {
        comments(&mut out, 0, &d.deprecated_comments);
        out.push_str("deprecated:\n");
        text(&mut out, 2, "note", note);
        if let Some(replacement) = replacement {
            let _ = writeln!(out, "  replacement: {}", scalar(replacement));
        }
    }
    if !d.arguments.is_empty() {
        out.push_str("arguments:\n");
        for arg in &d.arguments {
            comments(&mut out, 2, &arg.comments);
            let _ = writeln!(out, "  - name: {}", arg.name);
            let _ = writeln!(out, "    type: {}", arg.ty);
            if let Some(encoding) = arg.encoding {
                let _ = writeln!(out, "    encoding: {encoding}");
            }
            if arg.required {
                out.push_str("    required: true\n");
            }
            text(&mut out, 4, "description", &arg.description);
            if let Some(example) = &arg.example {
                text(&mut out, 4, "example", example);
            }
            if let Some(default) = &arg.default {
                text(&mut out, 4, "default", default);
            }
        }
    }
    comments(&mut out, 0, &d.pagination_comments);
    if let Some(p) = &d.pagination {
        out.push_str("pagination:\n");
        let _ = writeln!(out, "  cursor_argument: {}", p.cursor);
        if let Some(limit) = &p.limit {
            let _ = writeln!(out, "  limit_argument: {limit}");
        }
        let _ = writeln!(out, "  next_cursor: {}", p.next_cursor);
        let _ = writeln!(out, "  items: {}", p.items);
    }
    if d.response_fields.is_empty() {
        // A draft only: the data names no field, which does not prove there is none.
        out.push_str(
            "# response: neither a sample nor the OpenAPI schema names a field. Check the Node SDK's\n\
             # response type and the reference page's example before keeping `fields: []`.\n\
             response:\n  fields: []\n",
        );
    } else {
        out.push_str("response:\n  fields:\n");
        for field in &d.response_fields {
            let _ = writeln!(out, "    - name: {}", field.name);
            let _ = writeln!(out, "      type: {}", field.ty);
            if field.required {
                out.push_str("      required: true\n");
            }
            text(&mut out, 6, "description", &field.description);
        }
    }
    comments(&mut out, 0, &d.errors_comments);
    if !d.errors.is_empty() {
        out.push_str("errors:\n");
        for (code, description) in &d.errors {
            let _ = writeln!(out, "  - code: {}", scalar(code));
            text(&mut out, 4, "description", description);
        }
    }
    if !d.drift.is_empty() {
        out.push_str(
            "# Differences from the reference data kept on purpose, for the drift report.\ndrift:\n",
        );
        for (id, reason) in &d.drift {
            text(&mut out, 2, &quoted(id), reason);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_that_would_read_back_as_something_else_are_quoted() {
        for s in [
            "true",
            "False",
            "null",
            "yes",
            "20",
            "1.5",
            "0x1F",
            "-dash",
            "a: b",
            "a #b",
            "",
            " padded",
            "[x]",
            "{x}",
            "*star",
            "`code`",
            "C1234,C5678",
            ".5",
            "inf",
        ] {
            let yaml = format!("v: {}", scalar(s));
            let node = codegen::yaml::parse(&yaml).unwrap();
            let codegen::yaml::Value::Map(entries) = node.value else {
                panic!("{yaml}")
            };
            assert_eq!(
                entries[0].1.value,
                codegen::yaml::Value::Str(s.to_string()),
                "{yaml}"
            );
        }
        assert_eq!(scalar("channel"), "channel");
        assert_eq!(scalar("C1234"), "C1234");
        assert_eq!(scalar("true"), "\"true\"");
    }

    #[test]
    fn long_text_folds_and_reads_back_the_same() {
        let long = "A JSON-based array of structured blocks, presented as a URL-encoded string. \
                    The usage of the `text` field changes depending on whether you're using \
                    `blocks`: see below #anchor, and a colon: here.";
        let mut out = String::new();
        text(&mut out, 4, "description", long);
        assert!(out.contains(">-"), "{out}");
        let node = codegen::yaml::parse(&format!("m:\n{out}")).unwrap();
        let codegen::yaml::Value::Map(m) = node.value else {
            panic!()
        };
        let codegen::yaml::Value::Map(inner) = &m[0].1.value else {
            panic!("{out}")
        };
        assert_eq!(inner[0].1.value, codegen::yaml::Value::Str(long.into()));
    }

    #[test]
    fn the_idempotence_rule() {
        for read in [
            "conversations.list",
            "conversations.history",
            "users.getPresence",
            "users.lookupByEmail",
            "team.info",
            "dnd.teamInfo",
            "search.messages",
            "auth.test",
            "admin.conversations.search",
            "apps.datastore.bulkGet",
        ] {
            assert!(idempotence(read).0, "{read}");
        }
        for write in [
            "chat.postMessage",
            "reactions.add",
            "admin.emoji.add",
            "users.setPresence",
            "rtm.connect",
            "apps.connections.open",
            "oauth.v2.access",
            "files.getUploadURLExternal",
            "admin.users.unsupportedVersions.export",
        ] {
            assert!(!idempotence(write).0, "{write}");
        }
    }

    #[test]
    fn replacement_is_split_off_a_deprecation() {
        assert_eq!(
            split_replacement("Deprecated: Starts a session. Use rtm.connect instead."),
            (
                "Deprecated: Starts a session.".to_string(),
                Some("rtm.connect".to_string())
            )
        );
        assert_eq!(
            split_replacement("Deprecated and non-functional."),
            ("Deprecated and non-functional.".to_string(), None)
        );
    }

    #[test]
    fn per_minute_is_read_from_a_special_limit() {
        assert_eq!(
            per_minute_in("1200 requests per minute with a burst allowance of 2000."),
            Some(1200)
        );
        assert_eq!(per_minute_in("Special rate limits apply."), None);
    }
}
