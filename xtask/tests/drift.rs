//! `cargo xtask drift`: against the fixture in `tests/fixtures/drift/` (spec files that differ
//! from the importer's fixture reference data in every way the report knows), against the
//! importer's own drafts, and against the real workspace and `../shared/slack-reference`.

use std::path::{Path, PathBuf};
use std::process::Command;

use xtask::drift::{drift, node_kind_matches, node_kinds_for, type_matches, Report, Source};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// The importer fixture's invented reference data.
fn reference() -> PathBuf {
    fixtures().join("import/reference")
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

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("xtask-drift-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("Cargo.toml"), "[workspace]\nmembers = []\n").unwrap();
    dir
}

/// `(method, id, explained)` of every difference.
fn kinds(report: &Report) -> Vec<(String, String, bool)> {
    report
        .differences
        .iter()
        .map(|d| (d.method.clone(), d.id.clone(), d.reason.is_some()))
        .collect()
}

fn line_of(report: &Report, method: &str, id: &str) -> String {
    report
        .differences
        .iter()
        .find(|d| d.method == method && d.id == id)
        .unwrap_or_else(|| panic!("no {method}: {id}"))
        .line()
}

#[test]
fn each_kind_of_difference_is_found_and_explained_or_not() {
    let report = drift(&fixtures().join("drift"), &reference()).unwrap();
    let expected: Vec<(&str, &str, bool)> = vec![
        ("gadgets.fresh", "verb", false),
        ("gadgets.unknown", "method.extra", false),
        ("widgets.list", "argument.include_hidden.missing", true),
        ("widgets.list", "argument.limit.type", true),
        ("widgets.list", "argument.sort.extra", false),
        ("widgets.list", "argument.team_id.required", false),
        ("widgets.list", "content_types", false),
        ("widgets.list", "error.team_not_found.missing", false),
        ("widgets.list", "error.widget_broken.extra", true),
        ("widgets.list", "rate_limit", false),
        ("widgets.list", "scopes.user", true),
        ("widgets.list", "tokens.app.extra", true),
        ("widgets.list", "tokens.bot.missing", false),
        ("widgets.list", "verb", true),
        ("widgets.retired", "method.unlisted", true),
    ];
    let expected: Vec<(String, String, bool)> = expected
        .into_iter()
        .map(|(m, id, e)| (m.to_string(), id.to_string(), e))
        .collect();
    assert_eq!(kinds(&report), expected);
    // widgets.info (a string enum argument) and widgets.post (an OpenAPI enum with a common
    // error, a warning and a truncated copy) agree with the data. gadgets.fresh (a page in
    // docs-methods-2026-10/ only) differs only in its verb: its `t2` label is its tier 2, its
    // `"bot": []` no bot token, and its errors are not compared, as that source has no
    // error tables.
    assert_eq!(report.methods, 6);
    assert_eq!(report.explained(), 7);
    assert_eq!(report.unexplained(), 8);
    assert!(!report.is_clean());

    for (id, line) in [
        (
            "argument.limit.type",
            "widgets.list: argument.limit.type: spec has integer, reference has number",
        ),
        (
            "argument.team_id.required",
            "widgets.list: argument.team_id.required: spec has optional, reference has required",
        ),
        (
            "argument.include_hidden.missing",
            "widgets.list: argument.include_hidden.missing: spec has no such argument, reference has `include_hidden` (boolean, optional)",
        ),
        (
            "argument.sort.extra",
            "widgets.list: argument.sort.extra: spec has `sort` (SortOrder, optional), reference has no such argument",
        ),
        ("verb", "widgets.list: verb: spec has POST, reference has GET"),
        (
            "content_types",
            "widgets.list: content_types: spec has [application/x-www-form-urlencoded, application/json], reference has [application/x-www-form-urlencoded]",
        ),
        (
            "rate_limit",
            "widgets.list: rate_limit: spec has tier 2, reference has tier 3 (\"Tier 3: 50+ per minute\")",
        ),
        (
            "tokens.bot.missing",
            "widgets.list: tokens.bot.missing: spec has no bot token, reference has a bot token (scopes [widgets:read])",
        ),
        (
            "tokens.app.extra",
            "widgets.list: tokens.app.extra: spec has an app token (no scopes), reference has no app token",
        ),
        (
            "scopes.user",
            "widgets.list: scopes.user: spec has [widgets:read, widgets:write], reference has [widgets:read]",
        ),
        (
            "error.team_not_found.missing",
            "widgets.list: error.team_not_found.missing: spec has no `team_not_found`, reference has `team_not_found`",
        ),
        (
            "error.widget_broken.extra",
            "widgets.list: error.widget_broken.extra: spec has `widget_broken`, reference has no `widget_broken`",
        ),
    ] {
        assert_eq!(line_of(&report, "widgets.list", id), line);
    }
    assert_eq!(
        line_of(&report, "gadgets.unknown", "method.extra"),
        "gadgets.unknown: method.extra: spec has the method, reference has no data on it"
    );
    assert_eq!(
        line_of(&report, "gadgets.fresh", "verb"),
        "gadgets.fresh: verb: spec has GET, reference has POST"
    );
    assert_eq!(
        line_of(&report, "widgets.retired", "method.unlisted"),
        "widgets.retired: method.unlisted: spec has the method, reference has it in the earlier index (method-index.txt) only, not in method-index-2026-10.txt"
    );
    let verb = report
        .differences
        .iter()
        .find(|d| d.method == "widgets.list" && d.id == "verb")
        .unwrap();
    assert_eq!(
        verb.reason.as_deref(),
        Some("The fixture keeps POST on purpose.")
    );

    // The drift entry whose difference does not exist is stale, with its line.
    assert_eq!(report.stale.len(), 1);
    assert_eq!(report.stale[0].method, "widgets.list");
    assert_eq!(report.stale[0].id, "argument.cursor.type");
    let text =
        std::fs::read_to_string(fixtures().join("drift/spec/methods/widgets/widgets.list.yaml"))
            .unwrap();
    let line = text
        .lines()
        .position(|l| l.starts_with("  \"argument.cursor.type\":"))
        .unwrap()
        + 1;
    assert_eq!(
        report.stale[0].location,
        format!("spec/methods/widgets/widgets.list.yaml:{line}")
    );

    assert_eq!(
        report.summary(),
        "6 methods, 15 differences, 7 explained, 8 unexplained, 1 stale drift entries"
    );
    // Explained differences are shown, with their reasons, only with --verbose.
    let quiet = report.render(false);
    let verbose = report.render(true);
    assert!(quiet.contains("  widgets.list: rate_limit: spec has tier 2"));
    assert!(!quiet.contains("widgets.list: verb:"));
    assert!(verbose.contains(
        "  widgets.list: verb: spec has POST, reference has GET\n      because: The fixture keeps POST on purpose.\n"
    ));
    assert!(quiet.contains("widgets.list.yaml:"));
    assert!(quiet.ends_with(&report.summary()));
}

#[test]
fn reference_type_words_map_to_spec_types() {
    for (word, spec) in [
        ("string", "string"),
        ("boolean", "boolean"),
        ("integer", "integer"),
        ("number", "number"),
        ("array", "array<string>"),
        ("array", "array<integer>"),
        ("object", "json"),
        ("channel", "string"),
        ("timestamp", "string"),
        ("users", "array<string>"),
    ] {
        assert!(type_matches(word, spec), "{word} ~ {spec}");
    }
    for (word, spec) in [
        ("number", "integer"),
        ("integer", "number"),
        ("string", "array<string>"),
        ("string", "json"),
        ("string", "file"),
        ("array", "json"),
        ("object", "string"),
        ("float", "number"),
    ] {
        assert!(!type_matches(word, spec), "{word} !~ {spec}");
    }
}

/// Curates the drafts under `dir` as far as the drift report looks: each names a source.
fn name_sources(dir: &Path) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            name_sources(&path);
        } else if path.extension().is_some_and(|e| e == "yaml") {
            let text = std::fs::read_to_string(&path).unwrap();
            std::fs::write(&path, text.replace("  sources: []", "  sources: [docs]")).unwrap();
        }
    }
}

/// What the importer writes, with the `drift:` entries it writes, is clean: the two agree on
/// what a difference is.
#[test]
fn the_importers_drafts_have_no_unexplained_differences() {
    let root = scratch("drafts");
    copy_dir(
        &fixtures().join("import/workspace/spec/common"),
        &root.join("spec/common"),
    );
    copy_dir(
        &fixtures().join("import/expected/spec/methods"),
        &root.join("spec/methods"),
    );
    let report = drift(&root, &reference()).unwrap();
    assert_eq!(report.unexplained(), 0, "{}", report.render(true));
    assert!(report.stale.is_empty(), "{}", report.render(true));
    assert!(report.methods >= 5, "{}", report.summary());
    assert!(report.explained() > 0, "{}", report.render(true));
    // A draft names no sources for its response: that is the curator's to say, and the
    // report asks for it.
    assert_eq!(
        report.unsourced.len(),
        report.methods,
        "{}",
        report.render(true)
    );
    assert!(!report.is_clean());
    assert!(report
        .render(false)
        .contains("responses that name no sources"));
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn an_unreadable_spec_file_is_an_error() {
    let root = scratch("unreadable");
    copy_dir(
        &fixtures().join("drift/spec/common"),
        &root.join("spec/common"),
    );
    std::fs::create_dir_all(root.join("spec/methods/widgets")).unwrap();
    std::fs::write(
        root.join("spec/methods/widgets/widgets.info.yaml"),
        "name: widgets.info\nbogus: 1\n",
    )
    .unwrap();
    let err = drift(&root, &reference()).unwrap_err();
    assert!(
        err.contains("spec/methods/widgets/widgets.info.yaml"),
        "{err}"
    );
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn the_cli_prints_the_report_and_fails_while_it_is_not_clean() {
    let run = |root: &Path, verbose: bool| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_xtask"));
        cmd.arg("--root")
            .arg(root)
            .arg("drift")
            .arg("--reference")
            .arg(reference());
        if verbose {
            cmd.arg("--verbose");
        }
        let out = cmd.output().unwrap();
        (
            out.status.code(),
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    let (code, stdout, stderr) = run(&fixtures().join("drift"), false);
    assert_eq!(code, Some(1), "{stdout}{stderr}");
    assert!(stdout.contains("  widgets.list: tokens.bot.missing: spec has no bot token"));
    assert!(!stdout.contains("because:"));
    assert!(stdout
        .contains("6 methods, 15 differences, 7 explained, 8 unexplained, 1 stale drift entries"));
    assert!(stderr.contains("8 unexplained"), "{stderr}");
    let (_, stdout, _) = run(&fixtures().join("drift"), true);
    assert!(stdout.contains("because: A count, so integer."), "{stdout}");

    let root = scratch("cli");
    copy_dir(
        &fixtures().join("import/workspace/spec/common"),
        &root.join("spec/common"),
    );
    copy_dir(
        &fixtures().join("import/expected/spec/methods"),
        &root.join("spec/methods"),
    );
    name_sources(&root.join("spec/methods"));
    let (code, stdout, stderr) = run(&root, false);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(
        stdout
            .trim_end()
            .ends_with("0 unexplained, 0 stale drift entries"),
        "{stdout}"
    );
    std::fs::remove_dir_all(&root).unwrap();
}

/// The real spec against the real reference data (`../shared/slack-reference`, beside the
/// checkout): every difference has its reason in the spec, and no reason is stale.
#[test]
fn the_workspace_spec_has_no_unexplained_differences() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let reference = xtask::import::default_reference(root);
    assert!(
        reference.join("README.md").is_file(),
        "the reference data is missing: expected it in {} (../shared/slack-reference beside the checkout)",
        reference.display()
    );
    let report = drift(root, &reference).unwrap();
    assert!(report.methods >= 4, "{}", report.summary());
    assert!(
        report.is_clean(),
        "run `cargo xtask drift`:\n{}",
        report.render(false)
    );
}

/// The Node SDK's kinds against spec types: the documented mapping of `node_kinds_for`.
#[test]
fn node_sdk_kinds_map_to_spec_types() {
    let kinds = |k: &[&str]| k.iter().map(|s| s.to_string()).collect::<Vec<String>>();
    for (node, spec, comma_list) in [
        (&["string"][..], "string", false),
        (&["boolean"][..], "boolean", false),
        (&["number"][..], "integer", false),
        (&["number"][..], "number", false),
        (&["number", "string"][..], "string", false),
        (&["number", "string"][..], "integer", false),
        (&["number"][..], "integer_or_string", false),
        (&["string"][..], "integer_or_string", false),
        (&["array"][..], "array<string>", false),
        (&["array"][..], "array<integer>", true),
        (&["array", "string"][..], "array<string>", true),
        // A comma-separated list the SDK types as a string: the same text on the wire.
        (&["string"][..], "array<string>", true),
        (&["object"][..], "json", false),
        (&["array"][..], "json", false),
        (&["file"][..], "file", false),
    ] {
        assert!(
            node_kind_matches(&kinds(node), spec, comma_list),
            "{node:?} ~ {spec} (comma_list: {comma_list})"
        );
    }
    for (node, spec, comma_list) in [
        (&["number"][..], "string", false),
        (&["string"][..], "integer", false),
        (&["string"][..], "boolean", false),
        (&["object"][..], "string", false),
        (&["string"][..], "json", false),
        // A list sent as a JSON array is no string.
        (&["string"][..], "array<string>", false),
        (&["array"][..], "string", false),
        (&["file"][..], "string", false),
        (&["boolean"][..], "integer_or_string", false),
        (&[][..], "string", false),
        // A named type must be read as the data sees it (enum: string, object: json) first.
        (&["string"][..], "WidgetName", false),
    ] {
        assert!(
            !node_kind_matches(&kinds(node), spec, comma_list),
            "{node:?} !~ {spec} (comma_list: {comma_list})"
        );
    }
    assert_eq!(node_kinds_for("json", false), &["object", "array"]);
    assert_eq!(node_kinds_for("array<string>", true), &["array", "string"]);
    // A map is a JSON object.
    assert_eq!(node_kinds_for("map<string>", false), &["object"]);
}

/// A scratch reference: the importer fixture's data plus a `node-sdk-arguments.json`.
fn reference_with_node_sdk(root: &Path, node: &str) -> PathBuf {
    let dir = root.join("reference");
    copy_dir(&reference(), &dir);
    std::fs::write(dir.join("node-sdk-arguments.json"), node).unwrap();
    dir
}

const NODE_SDK: &str = r#"{
  "source": "invented for the drift tests",
  "methods": {
    "widgets.info": {
      "token": {"required": false, "kinds": ["string"], "alternatives": "1 of 1", "ts": "string"},
      "widget": {"required": true, "kinds": ["string"], "alternatives": "1 of 1", "ts": "'sprocket'"},
      "team_id": {"required": true, "kinds": ["string"], "alternatives": "1 of 1", "ts": "string"},
      "count": {"required": false, "kinds": ["number"], "alternatives": "1 of 1", "ts": "number"},
      "ids": {"required": false, "kinds": ["string"], "alternatives": "1 of 1", "ts": "string"},
      "part": {"required": false, "kinds": ["string"], "alternatives": "1 of 2", "ts": "string"},
      "include_parts": {"required": false, "kinds": ["boolean"], "alternatives": "1 of 1", "ts": "boolean"}
    }
  }
}"#;

/// widgets.info with arguments the Node SDK sees otherwise; `drift` is appended by the test.
const WIDGETS_INFO: &str = r#"name: widgets.info
description: Gets information about a widget.
docs: https://docs.slack.dev/reference/methods/widgets.info
http_method: GET
content_types: [application/x-www-form-urlencoded]
rate_limit:
  tier: 4
idempotent: true
tokens:
  - type: user
    scopes: ["widgets:read"]
arguments:
  - name: widget
    type: WidgetName
    required: true
    description: The widget.
  - name: team_id
    type: string
    description: Optional here, required in the Node SDK.
  - name: count
    type: string
    description: A string here, a number in the Node SDK.
  - name: ids
    type: array<string>
    encoding: comma_list
    description: A list here, a string in the Node SDK; the same text on the wire.
  - name: part
    type: string
    required: true
    description: Required here, one of two alternatives in the Node SDK.
  - name: colour
    type: string
    description: Not in the Node SDK.
response:
  sources: [docs]
  fields: []
types:
  WidgetName:
    description: A widget.
    enum:
      - value: sprocket
        description: A sprocket.
"#;

#[test]
fn the_node_sdk_is_a_second_source_with_ids_of_its_own() {
    // Without node-sdk-arguments.json there is no second source.
    let plain = drift(&fixtures().join("drift"), &reference()).unwrap();
    assert_eq!(plain.node_methods, None);
    assert!(plain
        .differences
        .iter()
        .all(|d| d.source() == Source::Reference));
    assert!(!plain.render(false).contains("node sdk:"));

    let root = scratch("node");
    copy_dir(
        &fixtures().join("drift/spec/common"),
        &root.join("spec/common"),
    );
    copy_dir(
        &fixtures().join("drift/spec/methods/gadgets"),
        &root.join("spec/methods/gadgets"),
    );
    let reference = reference_with_node_sdk(&root, NODE_SDK);
    let file = root.join("spec/methods/widgets/widgets.info.yaml");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    let write = |drift: &str| std::fs::write(&file, format!("{WIDGETS_INFO}{drift}")).unwrap();
    let node_kinds = |report: &Report| -> Vec<(String, bool)> {
        report
            .differences
            .iter()
            .filter(|d| d.source() == Source::NodeSdk)
            .map(|d| (d.id.clone(), d.reason.is_some()))
            .collect()
    };

    write("");
    let report = drift(&root, &reference).unwrap();
    // `token` is the SDK's own, not a Slack argument; `widget` (an enum: string) and `ids`
    // (a comma-separated list: a string) agree; gadgets.unknown is not in the SDK and is not
    // compared with it.
    assert_eq!(
        node_kinds(&report),
        vec![
            ("node.argument.colour.extra".to_string(), false),
            ("node.argument.count.type".to_string(), false),
            ("node.argument.include_parts.missing".to_string(), false),
            ("node.argument.part.required".to_string(), false),
            ("node.argument.team_id.required".to_string(), false),
        ]
    );
    assert_eq!(report.node_methods, Some(1));
    for (id, line) in [
        (
            "node.argument.team_id.required",
            "widgets.info: node.argument.team_id.required: spec has optional, node sdk has required",
        ),
        (
            "node.argument.part.required",
            "widgets.info: node.argument.part.required: spec has required, node sdk has optional (allowed in 1 of 2 alternatives)",
        ),
        (
            "node.argument.count.type",
            "widgets.info: node.argument.count.type: spec has string, node sdk has number (`number`)",
        ),
        (
            "node.argument.include_parts.missing",
            "widgets.info: node.argument.include_parts.missing: spec has no such argument, node sdk has `include_parts` (boolean, optional)",
        ),
        (
            "node.argument.colour.extra",
            "widgets.info: node.argument.colour.extra: spec has `colour` (string, optional), node sdk has no such argument",
        ),
    ] {
        assert_eq!(line_of(&report, "widgets.info", id), line);
    }
    // The reference data's own differences (the arguments docs-methods lacks) keep their ids.
    assert!(report
        .differences
        .iter()
        .any(|d| d.id == "argument.team_id.extra" && d.source() == Source::Reference));
    let reference_count = report
        .differences
        .iter()
        .filter(|d| d.source() == Source::Reference)
        .count();
    let rendered = report.render(false);
    assert!(
        rendered.contains(&format!(
            "\nreference data: {reference_count} differences, 0 explained, {reference_count} unexplained\nnode sdk: 1 of 3 methods compared, 5 differences, 0 explained, 5 unexplained\n"
        )),
        "{rendered}"
    );
    assert!(rendered.ends_with(&report.summary()));

    // A drift entry explains a Node SDK difference; one whose difference does not exist is
    // stale; an entry for the reference data's id does not explain the Node SDK's.
    write(concat!(
        "drift:\n",
        "  \"node.argument.team_id.required\": \"Invented: the SDK requires what Slack does not.\"\n",
        "  \"argument.part.required\": \"Invented: an id of the other source.\"\n",
        "  \"node.argument.widget.type\": \"Invented: no such difference.\"\n",
    ));
    let report = drift(&root, &reference).unwrap();
    let team = report
        .differences
        .iter()
        .find(|d| d.id == "node.argument.team_id.required")
        .unwrap();
    assert_eq!(
        team.reason.as_deref(),
        Some("Invented: the SDK requires what Slack does not.")
    );
    assert!(node_kinds(&report).contains(&("node.argument.part.required".to_string(), false)));
    let stale: Vec<&str> = report.stale.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        stale,
        vec!["argument.part.required", "node.argument.widget.type"]
    );
    assert!(report
        .render(false)
        .contains("node sdk: 1 of 3 methods compared, 5 differences, 1 explained, 4 unexplained"));
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn an_unreadable_node_sdk_file_is_an_error() {
    let root = scratch("node-unreadable");
    copy_dir(&fixtures().join("drift/spec"), &root.join("spec"));
    let reference = reference_with_node_sdk(&root, r#"{"methods": []}"#);
    let err = drift(&root, &reference).unwrap_err();
    assert!(err.contains("node-sdk-arguments.json"), "{err}");
    std::fs::remove_dir_all(&root).unwrap();
}

/// Slack's current method index (`method-index-2026-10.txt` in `../shared/slack-reference`)
/// plus the seed method: each has a spec file, and the files of the methods added since the
/// earlier index (`method-index.txt`) have no unexplained difference and no stale entry.
#[test]
fn every_method_of_the_current_index_has_a_clean_spec_file() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let reference = xtask::import::default_reference(root);
    let index = |file: &str| -> Vec<String> {
        std::fs::read_to_string(reference.join(file))
            .unwrap_or_else(|e| panic!("reading {file}: {e}"))
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(String::from)
            .collect()
    };
    let current = index("method-index-2026-10.txt");
    let earlier = index("method-index.txt");
    assert_eq!(current.len(), 330);
    let files = xtask::import::existing_spec_files(root);
    let mut wanted = current.clone();
    wanted.push("apps.permissions.users.request".into());
    let missing: Vec<&String> = wanted.iter().filter(|m| !files.contains_key(*m)).collect();
    assert!(missing.is_empty(), "no spec file for {missing:?}");

    let added: Vec<&String> = current.iter().filter(|m| !earlier.contains(m)).collect();
    assert_eq!(added.len(), 22, "{added:?}");
    let report = drift(root, &reference).unwrap();
    let unexplained: Vec<String> = report
        .differences
        .iter()
        .filter(|d| d.reason.is_none() && added.contains(&&d.method))
        .map(|d| d.line())
        .collect();
    assert!(unexplained.is_empty(), "{unexplained:#?}");
    assert!(
        !report.stale.iter().any(|s| added.contains(&&s.method)),
        "{}",
        report.render(false)
    );
    // files.upload, retired on 2025-11-12, is kept (deprecated) and explained.
    let retired = report
        .differences
        .iter()
        .find(|d| d.method == "files.upload" && d.id == "method.unlisted")
        .expect("files.upload is no longer in the current index");
    assert!(retired.reason.is_some());
}
