//! `cargo xtask import` against the fixture reference data in `tests/fixtures/import/`
//! (invented methods in the format of `../shared/slack-reference`; see its README).
//!
//! The drafts it writes are compared with `tests/fixtures/import/expected/` byte for byte;
//! after an intended change to the importer, refresh them with
//! `UPDATE_SNAPSHOTS=1 cargo test -p xtask --test import` and review the diff.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde::Deserialize;
use xtask::import::{import, ImportOptions};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import")
}

fn reference() -> PathBuf {
    fixture().join("reference")
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

/// A scratch workspace: the fixture's `spec/` (common files, two existing method files) and
/// a `[workspace]` manifest.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("xtask-import-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&fixture().join("workspace"), &dir);
    std::fs::write(dir.join("Cargo.toml"), "[workspace]\nmembers = []\n").unwrap();
    dir
}

fn options(root: &Path, overwrite: bool, methods: &[&str]) -> ImportOptions {
    ImportOptions {
        root: root.to_path_buf(),
        reference: reference(),
        overwrite,
        methods: methods.iter().map(|m| m.to_string()).collect(),
    }
}

fn read(root: &Path, path: &str) -> String {
    std::fs::read_to_string(root.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Every file under `dir`, relative to it.
fn files(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(d) = dirs.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            if entry.path().is_dir() {
                dirs.push(entry.path());
            } else {
                out.push(
                    entry
                        .path()
                        .strip_prefix(dir)
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/"),
                );
            }
        }
    }
    out.sort();
    out
}

// The schema the drafts follow (spec/README.md plus rate_limit numbers, scopes_match, the
// `file` type, `encoding` and `drift`): unknown keys are refused, so a draft with a key the
// schema lacks fails here.

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Method {
    name: String,
    description: String,
    docs: String,
    http_method: String,
    content_types: Vec<String>,
    rate_limit: RateLimit,
    idempotent: bool,
    #[serde(default)]
    tokens: Vec<Token>,
    #[serde(default)]
    deprecated: Option<Deprecated>,
    #[serde(default)]
    arguments: Vec<Argument>,
    #[serde(default)]
    pagination: Option<Pagination>,
    response: Response,
    #[serde(default)]
    errors: Vec<Code>,
    #[serde(default)]
    drift: BTreeMap<String, String>,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(untagged)]
enum RateLimit {
    Word(String),
    Limit(Limit),
}

#[derive(Debug, Deserialize, PartialEq, Default)]
#[serde(deny_unknown_fields)]
struct Limit {
    tier: Option<i64>,
    special: Option<String>,
    per_minute: Option<i64>,
    per: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Token {
    #[serde(rename = "type")]
    ty: String,
    #[serde(default)]
    scopes: Vec<String>,
    scopes_match: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Deprecated {
    note: String,
    replacement: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Argument {
    name: String,
    #[serde(rename = "type")]
    ty: String,
    encoding: Option<String>,
    #[serde(default)]
    required: bool,
    description: String,
    example: Option<String>,
    default: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Pagination {
    cursor_argument: String,
    limit_argument: Option<String>,
    next_cursor: String,
    items: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Response {
    #[serde(default)]
    fields: Vec<Field>,
    /// Always empty in a draft: naming the sources is the curator's.
    #[allow(dead_code)]
    sources: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Field {
    name: String,
    #[serde(rename = "type")]
    ty: String,
    #[serde(default)]
    required: bool,
    description: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Code {
    code: String,
    description: String,
}

fn parse(text: &str) -> Method {
    let node = codegen::yaml::parse(text).unwrap_or_else(|e| panic!("{e:?}\n{text}"));
    codegen::yaml::from_node(&node).unwrap_or_else(|e| panic!("{e:?}\n{text}"))
}

fn arg<'a>(method: &'a Method, name: &str) -> &'a Argument {
    method
        .arguments
        .iter()
        .find(|a| a.name == name)
        .unwrap_or_else(|| panic!("{}: no argument {name}", method.name))
}

/// The comment lines right above `  - name: <arg>`.
fn comment_above(text: &str, arg: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let at = lines
        .iter()
        .position(|l| *l == format!("  - name: {arg}"))
        .unwrap_or_else(|| panic!("no argument {arg}"));
    lines[..at]
        .iter()
        .rev()
        .take_while(|l| l.trim_start().starts_with('#'))
        .map(|l| l.trim_start().trim_start_matches('#').trim())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect::<Vec<_>>()
        .join(" ")
}

/// All comment text of a file, as one line (comments are wrapped wherever they get long).
fn prose(text: &str) -> String {
    text.lines()
        .filter_map(|l| l.trim_start().strip_prefix('#'))
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(" ")
}

const WRITTEN: &[&str] = &[
    "spec/methods/chat/chat.postMessage.yaml",
    "spec/methods/gadgets/gadgets.fresh.yaml",
    "spec/methods/gadgets/gadgets.members.yaml",
    "spec/methods/gadgets/gadgets.sessions.rename.yaml",
    "spec/methods/widgets/widgets.legacy.yaml",
    "spec/methods/widgets/widgets.list.yaml",
    "spec/methods/widgets/widgets.metrics.yaml",
    "spec/methods/widgets/widgets.post.yaml",
    "spec/methods/widgets/widgets.upload.yaml",
];

#[test]
fn writes_a_draft_for_every_index_method_without_a_spec_file() {
    let root = scratch("all");
    let report = import(&options(&root, false, &[])).unwrap();
    assert_eq!(report.written, WRITTEN);
    assert_eq!(report.skipped.len(), 2, "{:?}", report.skipped);
    assert!(report.skipped[0].contains("follows its reference page"));
    assert!(report.skipped[1].starts_with("widgets.info: spec/methods/widgets.info.yaml exists"));
    // The existing files are untouched.
    assert_eq!(
        read(&root, "spec/methods/widgets.info.yaml"),
        read(
            &fixture().join("workspace"),
            "spec/methods/widgets.info.yaml"
        )
    );
    // The untyped arguments of the fixture, by how they were decided.
    let classes: Vec<(&str, usize)> = report.untyped.iter().map(|(k, v)| (*k, *v)).collect();
    assert_eq!(
        classes,
        [
            ("array", 1),
            ("boolean", 1),
            ("file", 1),
            ("integer", 1),
            ("json", 2),
            ("string", 4)
        ]
    );
    assert!(report
        .summary()
        .ends_with("10 argument(s) without a type in the data (array 1, boolean 1, file 1, integer 1, json 2, string 4); 5 typed differently from the data (see drift:)"));

    // Byte for byte what tests/fixtures/import/expected holds.
    let expected = fixture().join("expected");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        let _ = std::fs::remove_dir_all(&expected);
        for path in WRITTEN {
            let target = expected.join(path);
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::write(target, read(&root, path)).unwrap();
        }
    }
    assert_eq!(files(&expected), WRITTEN, "run with UPDATE_SNAPSHOTS=1");
    for path in WRITTEN {
        assert_eq!(
            read(&root, path),
            read(&expected, path),
            "{path} differs from the expected draft (UPDATE_SNAPSHOTS=1 refreshes it)"
        );
    }
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn drafts_follow_the_schema_and_explain_every_type_the_data_did_not_give() {
    let root = scratch("schema");
    import(&options(&root, false, &[])).unwrap();
    for path in WRITTEN {
        let text = read(&root, path);
        let m = parse(&text);
        assert_eq!(
            path,
            &format!(
                "spec/methods/{}/{}.yaml",
                m.name.split('.').next().unwrap(),
                m.name
            )
        );
        assert_eq!(
            m.docs,
            format!("https://docs.slack.dev/reference/methods/{}", m.name)
        );
        assert!(!m.description.is_empty());
        assert!(text.starts_with(&format!(
            "# {}: a first draft by `cargo xtask import`",
            m.name
        )));
        assert!(["GET", "POST"].contains(&m.http_method.as_str()));
        assert_eq!(m.content_types[0], "application/x-www-form-urlencoded");
        for token in &m.tokens {
            assert!(["bot", "user", "app"].contains(&token.ty.as_str()));
            // scopes_match exactly when there is a choice to make.
            assert_eq!(
                token.scopes_match.is_some(),
                token.scopes.len() >= 2,
                "{path}"
            );
        }
        let has_file = m.arguments.iter().any(|a| a.ty == "file");
        assert_eq!(
            has_file,
            m.content_types.iter().any(|c| c == "multipart/form-data"),
            "{path}"
        );
        for a in &m.arguments {
            assert_ne!(a.name, "token");
            assert!(!a.description.is_empty());
            let needs_encoding = a.ty.starts_with("array<") || a.ty == "json";
            assert_eq!(a.encoding.is_some(), needs_encoding, "{path}: {}", a.name);
            match a.encoding.as_deref() {
                None => {}
                Some("json") => assert_eq!(a.ty, "json"),
                Some("comma_list" | "json_array") => assert!(a.ty.starts_with("array<")),
                Some(other) => panic!("{path}: encoding {other}"),
            }
            // Every argument the data gives no type says why it got the one it has, and every
            // difference from the data is a drift entry with its reason.
            let docs = reference()
                .join("docs-methods")
                .join(format!("{}.json", m.name));
            if let Ok(docs) = std::fs::read_to_string(docs) {
                let docs: serde_json::Value = serde_json::from_str(&docs).unwrap();
                if docs["args"][&a.name]["type"].is_null() {
                    assert!(
                        comment_above(&text, &a.name).starts_with("type: "),
                        "{path}: {} has no comment on its type",
                        a.name
                    );
                }
            }
        }
        for (id, reason) in &m.drift {
            assert!(!reason.is_empty());
            if let Some(name) = id
                .strip_prefix("argument.")
                .and_then(|r| r.strip_suffix(".type"))
            {
                arg(&m, name);
                assert!(comment_above(&text, name).starts_with("type: "), "{id}");
            }
        }
        if let Some(p) = &m.pagination {
            let cursor = arg(&m, &p.cursor_argument);
            assert!(cursor.ty == "string" && !cursor.required);
            if let Some(limit) = &p.limit_argument {
                let limit = arg(&m, limit);
                assert!(limit.ty == "integer" && !limit.required);
            }
            let items = m.response.fields.iter().find(|f| f.name == p.items);
            assert!(
                items.is_some_and(|f| f.ty.starts_with("array<")),
                "{path}: items must be a declared list field"
            );
        } else {
            assert!(m.response.fields.is_empty(), "{path}");
        }
        for e in &m.errors {
            assert!(!e.code.is_empty() && !e.description.is_empty());
        }
    }
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn each_kind_of_method_gets_what_the_data_says() {
    let root = scratch("kinds");
    import(&options(&root, false, &[])).unwrap();
    let method = |name: &str| {
        let family = name.split('.').next().unwrap();
        let text = read(&root, &format!("spec/methods/{family}/{name}.yaml"));
        (parse(&text), text)
    };

    // A special rate limit with Slack's wording, its number and the argument it counts per.
    let (m, _) = method("chat.postMessage");
    assert_eq!(
        m.rate_limit,
        RateLimit::Limit(Limit {
            special: Some("1 per second per channel, with short bursts allowed".into()),
            per_minute: Some(60),
            per: Some("channel".into()),
            ..Limit::default()
        })
    );
    assert!(!m.idempotent);

    // Typed arguments; a `number` limit becomes an integer on purpose; cursor pagination
    // with the list field of the OpenAPI success schema (required there).
    let (m, text) = method("widgets.list");
    assert_eq!(m.http_method, "GET");
    assert_eq!(m.content_types, ["application/x-www-form-urlencoded"]);
    assert_eq!(
        m.rate_limit,
        RateLimit::Limit(Limit {
            tier: Some(3),
            ..Limit::default()
        })
    );
    assert!(m.idempotent);
    assert_eq!(arg(&m, "include_hidden").ty, "boolean");
    assert_eq!(arg(&m, "include_hidden").default.as_deref(), Some("false"));
    assert!(arg(&m, "team_id").required);
    assert_eq!(arg(&m, "limit").ty, "integer");
    assert_eq!(arg(&m, "limit").example.as_deref(), Some("20"));
    assert_eq!(
        arg(&m, "limit").description,
        "The maximum number of items to return."
    );
    assert!(m.drift.contains_key("argument.limit.type"));
    let p = m.pagination.as_ref().unwrap();
    assert_eq!(
        (
            p.cursor_argument.as_str(),
            p.limit_argument.as_deref(),
            p.next_cursor.as_str(),
            p.items.as_str()
        ),
        ("cursor", Some("limit"), "response_metadata", "widgets")
    );
    assert_eq!(m.response.fields.len(), 1);
    assert_eq!(m.response.fields[0].ty, "array<json>");
    assert_eq!(m.response.fields[0].description, "The items of this page.");
    assert!(m.response.fields[0].required);
    assert!(prose(&text)
        .contains("idempotent: a read by the importer's rule (`list` starts with `list`)."));

    // Untyped arguments of every class, a JSON body, and errors from the OpenAPI enum.
    let (m, text) = method("widgets.post");
    assert_eq!(
        m.content_types,
        ["application/x-www-form-urlencoded", "application/json"]
    );
    let typed: Vec<(&str, &str, Option<&str>)> = m
        .arguments
        .iter()
        .map(|a| (a.name.as_str(), a.ty.as_str(), a.encoding.as_deref()))
        .collect();
    assert_eq!(
        typed,
        [
            ("as_user", "boolean", None),
            ("blocks", "json", Some("json")),
            ("channel", "string", None),
            ("count", "integer", None),
            ("icon_url", "string", None),
            ("labels", "array<string>", Some("json_array")),
            ("layout", "json", Some("json")),
            ("owner_ids", "array<string>", Some("json_array")),
            ("style", "string", None),
            ("thread_ts", "string", None),
        ]
    );
    assert!(comment_above(&text, "blocks").contains("json: the description says \"JSON-based\""));
    assert!(comment_above(&text, "thread_ts").contains("a message timestamp (`ts`)"));
    assert!(comment_above(&text, "channel").contains("string: an ID"));
    assert!(comment_above(&text, "labels")
        .contains("encoding: json_array: Slack's Python SDK sends this method a JSON body"));
    let codes: Vec<&str> = m.errors.iter().map(|e| e.code.as_str()).collect();
    // The page's table as given (not_authed included), then the OpenAPI enum's new code; its
    // common error, warning and truncated copy are left out.
    assert_eq!(codes, ["channel_not_found", "not_authed", "widget_too_big"]);
    assert!(prose(&text)
        .contains("truncated copies of codes: `request_timeou` (of `request_timeout`); left out."));
    assert_eq!(
        m.drift.keys().collect::<Vec<_>>(),
        ["argument.blocks.type", "argument.count.type"]
    );

    // A file part, a comma-separated list typed as a list, an object argument.
    let (m, text) = method("widgets.upload");
    assert_eq!(
        m.content_types,
        ["application/x-www-form-urlencoded", "multipart/form-data"]
    );
    assert_eq!(arg(&m, "file").ty, "file");
    assert!(arg(&m, "file").required);
    assert!(comment_above(&text, "file")
        .contains("file: the description says the contents go as multipart/form-data"));
    assert_eq!(arg(&m, "channels").ty, "array<string>");
    assert_eq!(arg(&m, "channels").encoding.as_deref(), Some("comma_list"));
    assert_eq!(arg(&m, "options").ty, "json");
    assert_eq!(arg(&m, "options").encoding.as_deref(), Some("json"));
    assert_eq!(
        m.drift.keys().collect::<Vec<_>>(),
        ["argument.channels.type", "argument.file.type"]
    );

    // Deprecated, with the replacement the page names; the docs' tier beats the other list's.
    let (m, text) = method("widgets.legacy");
    let d = m.deprecated.as_ref().unwrap();
    assert_eq!(d.note, "Deprecated: Polishes a widget.");
    assert_eq!(d.replacement.as_deref(), Some("widgets.post"));
    assert_eq!(
        m.rate_limit,
        RateLimit::Limit(Limit {
            tier: Some(2),
            ..Limit::default()
        })
    );
    assert!(prose(&text)
        .contains("docs-methods says Tier 2, rate_limit_tiers.json says Tier1; the docs win."));
    assert!(prose(&text).contains("verb: Slack's Python SDK sends POST, the OpenAPI spec says GET"));
    assert_eq!(m.http_method, "POST");

    // A special limit with a number; a cursor but no list field: no pagination; two scopes
    // that are both needed.
    let (m, text) = method("widgets.metrics");
    assert_eq!(
        m.rate_limit,
        RateLimit::Limit(Limit {
            special: Some("600 requests per minute with a burst allowance of 900.".into()),
            per_minute: Some(600),
            ..Limit::default()
        })
    );
    assert!(m.pagination.is_none());
    assert!(prose(&text).contains("so no pagination is declared"));
    assert_eq!(m.tokens[0].scopes_match.as_deref(), Some("all"));
    // `metrics` is not among the rule's read words: when unsure, false.
    assert!(!m.idempotent);

    // Alternative scopes; items and a top-level next_cursor from a response sample.
    let (m, _) = method("gadgets.members");
    assert_eq!(m.tokens[0].scopes_match.as_deref(), Some("any"));
    let p = m.pagination.as_ref().unwrap();
    assert_eq!(
        (p.items.as_str(), p.next_cursor.as_str()),
        ("members", "top_level")
    );
    let names: Vec<(&str, &str, bool)> = m
        .response
        .fields
        .iter()
        .map(|f| (f.name.as_str(), f.ty.as_str(), f.required))
        .collect();
    assert_eq!(
        names,
        [
            ("members", "array<json>", false),
            ("next_cursor", "string", false)
        ]
    );
    assert!(m.idempotent);

    // Only in extra-methods.json: its arguments, and the tier of rate_limit_tiers.json.
    let (m, text) = method("gadgets.sessions.rename");
    assert_eq!(m.description, "Renames a gadget session.");
    assert_eq!(m.arguments.len(), 2);
    assert!(m.arguments.iter().all(|a| a.required && a.ty == "string"));
    assert_eq!(
        m.rate_limit,
        RateLimit::Limit(Limit {
            tier: Some(2),
            ..Limit::default()
        })
    );
    assert!(prose(&text)
        .contains("verb: neither Slack's Python SDK nor the OpenAPI spec has this method"));
    assert!(m.tokens.is_empty());
    assert!(prose(&text).contains("tokens: the reference data lists no token type or scope"));

    std::fs::remove_dir_all(&root).unwrap();
}

/// A method added since `method-index.txt`: in the current index
/// (`method-index-2026-10.txt`) and with a page in `docs-methods-2026-10/` only. A method
/// only the earlier index lists is not drafted.
#[test]
fn a_method_of_the_current_index_is_drafted_from_docs_methods_2026_10() {
    let root = scratch("current");
    let report = import(&options(&root, false, &[])).unwrap();
    assert!(!report.written.iter().any(|p| p.contains("widgets.retired")));
    let text = read(&root, "spec/methods/gadgets/gadgets.fresh.yaml");
    let m = parse(&text);
    assert_eq!(m.description, "Freshens a gadget.");
    // The verb is the page's; "t2" is tier 2; `"bot": []` is no bot token.
    assert_eq!(m.http_method, "POST");
    assert!(prose(&text)
        .contains("its reference page (docs-methods-2026-10/gadgets.fresh.json) says POST"));
    assert_eq!(
        m.rate_limit,
        RateLimit::Limit(Limit {
            tier: Some(2),
            ..Limit::default()
        })
    );
    let tokens: Vec<(&str, Vec<String>)> = m
        .tokens
        .iter()
        .map(|t| (t.ty.as_str(), t.scopes.clone()))
        .collect();
    assert_eq!(tokens, [("user", vec!["gadgets:write".to_string()])]);
    assert!(arg(&m, "gadget_id").required);
    assert_eq!(arg(&m, "notify").ty, "boolean");
    // No error table in that source: none drafted, and a comment says where to find it.
    assert!(m.errors.is_empty());
    assert!(prose(&text).contains("docs-methods-2026-10/gadgets.fresh.json has no error table"));
    assert!(prose(&text).contains("1 example response(s)"));
    // Named, the retired method is still known (its page is in docs-methods/).
    let named = import(&options(&root, false, &["widgets.retired"])).unwrap();
    assert_eq!(named.written, ["spec/methods/widgets/widgets.retired.yaml"]);
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn existing_files_are_overwritten_only_when_named_with_overwrite() {
    let root = scratch("overwrite");
    import(&options(&root, false, &[])).unwrap();

    // A hand edit survives another import, with or without names.
    let post = "spec/methods/widgets/widgets.post.yaml";
    let curated = format!("{}# curated\n", read(&root, post));
    std::fs::write(root.join(post), &curated).unwrap();
    let again = import(&options(&root, false, &[])).unwrap();
    assert!(again.written.is_empty(), "{:?}", again.written);
    assert_eq!(again.skipped.len(), 11);
    let named = import(&options(&root, false, &["widgets.post"])).unwrap();
    assert!(named.written.is_empty());
    assert!(named.skipped[0].contains("exists (name it with --overwrite to replace it)"));
    assert_eq!(read(&root, post), curated);

    // --overwrite needs names.
    let err = import(&options(&root, true, &[])).unwrap_err();
    assert!(err.contains("--overwrite needs the names"), "{err}");
    assert_eq!(read(&root, post), curated);

    // Named with --overwrite: rewritten where it stands (here the flat layout); the other
    // files are not touched.
    let info = "spec/methods/widgets.info.yaml";
    let report = import(&options(&root, true, &["widgets.info", "widgets.post"])).unwrap();
    assert_eq!(report.written, [info, post]);
    assert!(read(&root, info).starts_with("# widgets.info: a first draft"));
    assert!(!root.join("spec/methods/widgets/widgets.info.yaml").exists());
    assert_eq!(read(&root, post), read(&fixture().join("expected"), post));

    // A seed method is never written, not even with --overwrite.
    let seed = "spec/methods/admin.workflows.triggers.types.permissions.lookup.yaml";
    let before = read(&root, seed);
    let report = import(&options(
        &root,
        true,
        &["admin.workflows.triggers.types.permissions.lookup"],
    ))
    .unwrap();
    assert!(report.written.is_empty());
    assert!(report.skipped[0].contains("never overwritten"));
    assert_eq!(read(&root, seed), before);
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn unknown_methods_are_refused_and_nothing_is_written() {
    let root = scratch("unknown");
    let err = import(&options(&root, false, &["widgets.list", "widgets.nope"])).unwrap_err();
    assert_eq!(err, "error: no reference data for `widgets.nope`");
    assert!(!root.join("spec/methods/widgets").exists());
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn the_cli_imports_into_the_workspace_it_runs_in() {
    let root = scratch("cli");
    let run = |cwd: &Path, args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
            .args(args)
            .current_dir(cwd)
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let reference = reference();
    let reference = reference.to_str().unwrap();
    // From a subdirectory of the scratch workspace: found by walking up.
    let (ok, stdout, stderr) = run(
        &root.join("spec/methods"),
        &["import", "--reference", reference, "widgets.list"],
    );
    assert!(ok, "{stderr}");
    assert_eq!(
        stdout.lines().next(),
        Some("wrote spec/methods/widgets/widgets.list.yaml")
    );
    assert!(root.join("spec/methods/widgets/widgets.list.yaml").exists());

    // --root picks the workspace wherever the command runs.
    let elsewhere = std::env::temp_dir();
    let (ok, stdout, stderr) = run(
        &elsewhere,
        &[
            "--root",
            root.to_str().unwrap(),
            "import",
            "--reference",
            reference,
            "widgets.post",
        ],
    );
    assert!(ok, "{stderr}");
    assert!(stdout.contains("wrote spec/methods/widgets/widgets.post.yaml"));

    // Usage errors exit with 2.
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["import", "--bogus"])
        .current_dir(&root)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown option `--bogus`"));
    std::fs::remove_dir_all(&root).unwrap();
}
