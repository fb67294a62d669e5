//! `cargo xtask drift`: against the fixture in `tests/fixtures/drift/` (spec files that differ
//! from the importer's fixture reference data in every way the report knows), against the
//! importer's own drafts, and against the real workspace and `../shared/slack-reference`.

use std::path::{Path, PathBuf};
use std::process::Command;

use xtask::drift::{drift, type_matches, Report};

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
    assert!(report.is_clean(), "{}", report.render(true));
    assert!(report.methods >= 5, "{}", report.summary());
    assert!(report.explained() > 0, "{}", report.render(true));
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
