//! One test per kind of spec error: each asserts that the message names the file, the line
//! and the offending key, and that an invalid spec generates nothing.

use codegen::{Diagnostic, SpecFile};

const FILE: &str = "spec/methods/things/things.list.yaml";

fn common() -> Vec<SpecFile> {
    let file = |path: &str, text: &str| SpecFile {
        path: path.into(),
        text: text.into(),
    };
    vec![
        file(codegen::COMMON_ERRORS, "codes:\n  - code: not_authed\n    description: No token.\n"),
        file(codegen::COMMON_WARNINGS, "codes: []\n"),
        file(
            codegen::COMMON_TYPES,
            "types:\n  Thing:\n    description: A thing.\n    fields:\n      - name: id\n        type: string\n",
        ),
    ]
}

/// A valid method file; tests replace one line to break it.
const VALID: &str = "\
name: things.list
description: Lists things.
docs: https://example.com/things.list
http_method: GET
content_types: [application/x-www-form-urlencoded]
rate_limit:
  tier: 2
idempotent: true
arguments:
  - name: cursor
    type: string
    description: Where to start.
  - name: limit
    type: integer
    description: Page size.
pagination:
  cursor_argument: cursor
  limit_argument: limit
  next_cursor: response_metadata
  items: things
response:
  fields:
    - name: things
      type: array<Thing>
      required: true
errors:
  - code: invalid_cursor
    description: Bad cursor.
";

/// Line 15 of `VALID` followed by a third argument named `NAME` (from line 16).
const THIRD_ARGUMENT: &str =
    "    description: Page size.\n  - name: NAME\n    type: string\n    description: More.";

fn run_with(path: &str, text: &str) -> Vec<Diagnostic> {
    let mut files = common();
    files.push(SpecFile {
        path: path.into(),
        text: text.into(),
    });
    match codegen::generate(&files) {
        Ok(out) => panic!("expected problems, generated {} files", out.len()),
        Err(diags) => diags,
    }
}

fn run(text: &str) -> Vec<Diagnostic> {
    run_with(FILE, text)
}

/// `VALID` with the 1-based line `line` replaced by `with` (which may span lines).
fn replace_line(line: usize, with: &str) -> String {
    VALID
        .lines()
        .enumerate()
        .map(|(i, l)| if i + 1 == line { with } else { l })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

#[track_caller]
fn assert_one(diags: &[Diagnostic], line: usize, key: &str, message: &str) {
    assert_eq!(diags.len(), 1, "{diags:#?}");
    let d = &diags[0];
    assert_eq!(
        (d.file.as_str(), d.line, d.key.as_str()),
        (FILE, line, key),
        "{d}"
    );
    assert!(
        d.message.contains(message),
        "`{}` does not contain `{message}`",
        d.message
    );
    let shown = d.to_string();
    assert!(
        shown.starts_with(&format!("{FILE}:{line}: {key}: ")),
        "{shown}"
    );
}

#[test]
fn the_valid_base_generates() {
    let mut files = common();
    files.push(SpecFile {
        path: FILE.into(),
        text: VALID.into(),
    });
    let out = codegen::generate(&files).expect("valid");
    assert!(out
        .iter()
        .any(|f| f.path.ends_with("methods/things/things_list.rs")));
}

#[test]
fn yaml_syntax_error() {
    let diags = run(&replace_line(5, "content_types: [application/json"));
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(diags[0].file, FILE);
    assert!(diags[0].line >= 5, "{}", diags[0]);
    assert!(diags[0].message.starts_with("invalid YAML"), "{}", diags[0]);
}

#[test]
fn duplicate_yaml_key() {
    let diags = run(&replace_line(8, "idempotent: true\nidempotent: false"));
    assert_one(&diags, 9, "idempotent", "duplicate key `idempotent`");
}

#[test]
fn unknown_top_level_key() {
    let diags = run(&replace_line(8, "idempotent: true\nretries: 3"));
    assert_one(&diags, 9, "retries", "unknown field `retries`");
}

#[test]
fn duplicate_nested_yaml_key() {
    let diags = run(&replace_line(
        12,
        "    description: Where to start.\n    type: string",
    ));
    assert_one(&diags, 13, "arguments[0].type", "duplicate key `type`");
}

#[test]
fn unknown_nested_key() {
    let diags = run(&replace_line(
        12,
        "    description: Where to start.\n    optional: true",
    ));
    assert_one(
        &diags,
        13,
        "arguments[0].optional",
        "unknown field `optional`",
    );
}

#[test]
fn wrong_value_type() {
    let diags = run(&replace_line(8, "idempotent: sometimes"));
    assert_one(&diags, 8, "idempotent", "invalid type");
}

#[test]
fn a_number_where_a_string_belongs() {
    let diags = run(&replace_line(2, "description: 42"));
    assert_one(&diags, 2, "description", "expected a string");
}

#[test]
fn missing_required_key() {
    let text = VALID.replace("docs: https://example.com/things.list\n", "");
    let diags = run(&text);
    assert_one(&diags, 1, "docs", "missing field `docs`");
}

#[test]
fn unknown_http_verb() {
    let diags = run(&replace_line(4, "http_method: PATCH"));
    assert_one(&diags, 4, "http_method", "unknown variant `PATCH`");
}

#[test]
fn unknown_type() {
    let diags = run(&replace_line(11, "    type: strng"));
    assert_one(&diags, 11, "arguments[0].type", "unknown type `strng`");
}

#[test]
fn reference_to_a_type_that_does_not_exist() {
    let diags = run(&replace_line(24, "      type: array<Widget>"));
    assert_one(
        &diags,
        24,
        "response.fields[0].type",
        "unknown type `Widget`",
    );
}

#[test]
fn duplicate_argument() {
    let diags = run(&replace_line(
        15,
        THIRD_ARGUMENT.replace("NAME", "cursor").as_str(),
    ));
    assert_one(
        &diags,
        16,
        "arguments[2].name",
        "duplicate argument `cursor`",
    );
}

#[test]
fn duplicate_error_code() {
    let text = format!("{VALID}  - code: invalid_cursor\n    description: Again.\n");
    let diags = run(&text);
    assert_one(
        &diags,
        29,
        "errors[1].code",
        "duplicate code `invalid_cursor`",
    );
}

#[test]
fn name_that_cannot_become_an_identifier() {
    let diags = run(&replace_line(
        15,
        THIRD_ARGUMENT.replace("NAME", "page-size").as_str(),
    ));
    assert_one(
        &diags,
        16,
        "arguments[2].name",
        "cannot become a Rust identifier",
    );
}

#[test]
fn error_code_that_cannot_become_an_identifier() {
    let diags = run(&replace_line(27, "  - code: 2fa-needed"));
    assert_one(
        &diags,
        27,
        "errors[0].code",
        "cannot become a Rust identifier",
    );
}

#[test]
fn token_is_not_an_argument() {
    let diags = run(&replace_line(13, "  - name: token"));
    assert_eq!(
        diags
            .iter()
            .filter(|d| d.key == "arguments[1].name")
            .count(),
        1,
        "{diags:#?}"
    );
    assert!(diags
        .iter()
        .any(|d| d.line == 13 && d.message.contains("Authorization header")));
}

#[test]
fn argument_name_that_clashes_with_the_call() {
    let diags = run(&replace_line(10, "  - name: send"));
    assert!(
        diags
            .iter()
            .any(|d| d.line == 10 && d.key == "arguments[0].name" && d.message.contains("clash")),
        "{diags:#?}"
    );
}

#[test]
fn file_name_must_match_the_method() {
    for path in [
        "spec/methods/other.yaml",
        "spec/methods/things.list.yaml",
        "spec/methods/other/things.list.yaml",
    ] {
        let diags = run_with(path, VALID);
        assert_eq!(diags.len(), 1, "{diags:#?}");
        assert_eq!(
            (diags[0].file.as_str(), diags[0].line, diags[0].key.as_str()),
            (path, 1, "name")
        );
        assert!(diags[0]
            .message
            .contains("must be in spec/methods/things/things.list.yaml"));
    }
}

#[test]
fn response_field_the_generator_adds_itself() {
    let diags = run(&replace_line(
        23,
        "    - name: ok\n      type: boolean\n    - name: things",
    ));
    assert_one(
        &diags,
        23,
        "response.fields[0].name",
        "the generator adds it itself",
    );
}

#[test]
fn tier_out_of_range() {
    let diags = run(&replace_line(7, "  tier: 7"));
    assert_one(&diags, 6, "rate_limit", "tier 7 does not exist");
}

#[test]
fn pagination_names_an_unknown_argument() {
    let diags = run(&replace_line(17, "  cursor_argument: page"));
    assert_one(
        &diags,
        17,
        "pagination.cursor_argument",
        "no argument `page`",
    );
}

#[test]
fn pagination_items_must_be_an_array_field() {
    let diags = run(&replace_line(20, "  items: nothing"));
    assert_one(
        &diags,
        20,
        "pagination.items",
        "no response field `nothing`",
    );
}

#[test]
fn check_names_an_unknown_field() {
    let text = format!(
        "{VALID}types:\n  Box:\n    description: A box.\n    fields:\n      - name: kind\n        type: string\n    checks:\n      \
         - description: Needs lids.\n        when: {{ field: shape, equals: round }}\n        non_empty_any: [lids]\n"
    );
    let diags = run(&text);
    let keys: Vec<(usize, &str)> = diags.iter().map(|d| (d.line, d.key.as_str())).collect();
    assert_eq!(
        keys,
        vec![
            (37, "types.Box.checks[0].when.field"),
            (38, "types.Box.checks[0].non_empty_any")
        ],
        "{diags:#?}"
    );
}

#[test]
fn union_variant_of_an_unknown_type() {
    let text = format!(
        "{VALID}types:\n  Either:\n    description: One or the other.\n    one_of:\n      - name: Left\n        type: Lefty\n        description: Left.\n"
    );
    let diags = run(&text);
    assert_one(
        &diags,
        34,
        "types.Either.one_of[0].type",
        "unknown type `Lefty`",
    );
}

#[test]
fn every_problem_is_reported_in_one_run() {
    let text = replace_line(11, "    type: strng").replace("    type: integer", "    type: intgr");
    let text = text.replace("  items: things", "  items: nothing");
    let diags = run(&text);
    let keys: Vec<&str> = diags.iter().map(|d| d.key.as_str()).collect();
    assert!(keys.contains(&"arguments[0].type"), "{keys:?}");
    assert!(keys.contains(&"arguments[1].type"), "{keys:?}");
    assert!(keys.contains(&"pagination.items"), "{keys:?}");
}

#[test]
fn problems_in_several_files_are_all_reported() {
    let mut files = common();
    files.push(SpecFile {
        path: FILE.into(),
        text: replace_line(11, "    type: strng"),
    });
    files.push(SpecFile {
        path: "spec/methods/b/b.c.yaml".into(),
        text: VALID.replace("things.list", "b.c") + "bogus: 1\n",
    });
    let diags = codegen::generate(&files).unwrap_err();
    let files: Vec<&str> = diags.iter().map(|d| d.file.as_str()).collect();
    assert_eq!(files, vec!["spec/methods/b/b.c.yaml", FILE], "{diags:#?}");
}

#[test]
fn missing_common_file() {
    let mut files: Vec<SpecFile> = common()
        .into_iter()
        .filter(|f| f.path != codegen::COMMON_WARNINGS)
        .collect();
    files.push(SpecFile {
        path: FILE.into(),
        text: VALID.into(),
    });
    let diags = codegen::generate(&files).unwrap_err();
    assert_eq!(diags.len(), 1);
    assert_eq!(
        (diags[0].file.as_str(), diags[0].message.as_str()),
        (codegen::COMMON_WARNINGS, "file is missing")
    );
}

/// Line 15 of `VALID` followed by a third argument of type `TYPE` (from line 16), with
/// `EXTRA` lines after its type.
fn third_argument(ty: &str, extra: &str) -> String {
    replace_line(
        15,
        &format!("    description: Page size.\n  - name: extra\n    type: {ty}\n{extra}    description: More."),
    )
}

#[test]
fn an_array_argument_must_say_its_encoding() {
    let diags = run(&third_argument("array<string>", ""));
    assert_one(
        &diags,
        16,
        "arguments[2].encoding",
        "needs `encoding: comma_list` or `encoding: json_array`",
    );
    let diags = run(&third_argument("array<string>", "    encoding: json\n"));
    assert_one(
        &diags,
        18,
        "arguments[2].encoding",
        "an array argument needs",
    );
}

#[test]
fn a_json_argument_must_say_json_encoding() {
    let diags = run(&third_argument("json", ""));
    assert_one(
        &diags,
        16,
        "arguments[2].encoding",
        "needs `encoding: json`",
    );
}

#[test]
fn a_scalar_argument_takes_no_encoding() {
    let diags = run(&third_argument("string", "    encoding: comma_list\n"));
    assert_one(
        &diags,
        18,
        "arguments[2].encoding",
        "only array and json arguments take an `encoding`",
    );
}

#[test]
fn an_unknown_encoding_is_refused() {
    let diags = run(&third_argument("array<string>", "    encoding: csv\n"));
    assert_one(&diags, 18, "arguments[2].encoding", "unknown variant `csv`");
}

#[test]
fn a_file_argument_needs_multipart() {
    let diags = run(&third_argument("file", ""));
    assert_one(
        &diags,
        17,
        "arguments[2].type",
        "needs `multipart/form-data`",
    );
    let with_multipart = third_argument("file", "").replace(
        "content_types: [application/x-www-form-urlencoded]",
        "content_types: [application/x-www-form-urlencoded, multipart/form-data]",
    );
    let mut files = common();
    files.push(SpecFile {
        path: FILE.into(),
        text: with_multipart,
    });
    codegen::generate(&files).expect("a file argument with multipart is valid");
}

#[test]
fn two_scopes_need_scopes_match() {
    let diags = run(&replace_line(
        8,
        "idempotent: true\ntokens:\n  - type: bot\n    scopes: [a:read, b:read]",
    ));
    assert_one(&diags, 11, "tokens[0].scopes", "need `scopes_match: any`");
    let diags = run(&replace_line(
        8,
        "idempotent: true\ntokens:\n  - type: bot\n    scopes: [a:read, b:read]\n    scopes_match: some",
    ));
    assert_one(
        &diags,
        12,
        "tokens[0].scopes_match",
        "unknown variant `some`",
    );
}

#[test]
fn client_credential_methods_take_no_token() {
    let diags = run(&replace_line(
        8,
        "idempotent: true\nauth: client_credentials\ntokens:\n  - type: bot",
    ));
    assert_one(&diags, 9, "auth", "takes no token");
    let diags = run(&replace_line(8, "idempotent: true\nauth: password"));
    assert_one(&diags, 9, "auth", "unknown variant `password`");
}

#[test]
fn rate_limit_forms() {
    let diags = run(&replace_line(7, "  tier: 2\n  per_minute: 5"));
    assert_one(&diags, 6, "rate_limit", "go with `special`");
    let diags = run(&replace_line(7, "  tier: 2\n  special: Text."));
    assert_one(
        &diags,
        6,
        "rate_limit",
        "exactly one of `tier` and `special`",
    );
    let diags = run(&replace_line(7, "  special: Text.\n  per: nope"));
    assert_one(&diags, 6, "rate_limit", "`per`: no argument `nope`");
    let diags = run(&replace_line(7, "  special: Text.\n  per_minute: 0"));
    assert_one(&diags, 6, "rate_limit", "at least 1");
    let diags = run(&replace_line(7, "  tier: 2\n  burst: 3"));
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert!(
        diags[0].message.contains("unknown field `burst`"),
        "{diags:#?}"
    );
    let diags = run(&replace_line(6, "rate_limit: sometimes").replace("  tier: 2\n", ""));
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert!(diags[0].message.contains("undocumented"), "{diags:#?}");

    // The valid forms.
    for form in [
        "rate_limit: undocumented",
        "rate_limit:\n  special: One per second per channel.\n  per_minute: 60\n  per: cursor",
        "rate_limit:\n  special: Varies.",
    ] {
        let mut files = common();
        files.push(SpecFile {
            path: FILE.into(),
            text: replace_line(6, form).replace("  tier: 2\n", ""),
        });
        codegen::generate(&files).unwrap_or_else(|d| panic!("{form}: {d:#?}"));
    }
}

#[test]
fn drift_entries_give_a_reason() {
    let diags = run(&replace_line(
        8,
        "idempotent: true\ndrift:\n  \"argument.limit.type\": \"\"",
    ));
    assert_one(&diags, 9, "drift", "the reason it is kept");
}

#[test]
fn shared_types_may_live_in_several_files_as_one_namespace() {
    let mut files = common();
    files.push(SpecFile {
        path: "spec/common/types/widget.yaml".into(),
        text: "types:\n  Widget:\n    description: A widget.\n    fields:\n      - name: thing\n        type: Thing\n".into(),
    });
    files.push(SpecFile {
        path: FILE.into(),
        text: VALID.replace("type: array<Thing>", "type: array<Widget>"),
    });
    let out = codegen::generate(&files).expect("a type from types/ is usable everywhere");
    // Each file of shared types is a module of the model crate's `types`.
    let widget = out
        .iter()
        .find(|f| f.path == "slack-model/src/generated/types/widget.rs")
        .expect("types/widget.yaml gives types/widget.rs");
    assert!(widget.contents.contains("pub struct Widget"));
    assert!(widget
        .contents
        .starts_with("// @generated by `cargo xtask codegen` from spec/common/types/widget.yaml."));
    let types_mod = out
        .iter()
        .find(|f| f.path == "slack-model/src/generated/types/mod.rs")
        .unwrap();
    assert!(types_mod.contents.contains("pub use widget::*;"));
    assert!(types_mod.contents.contains("pub use common::*;"));

    files.push(SpecFile {
        path: "spec/common/types/again.yaml".into(),
        text: "types:\n  Thing:\n    description: Again.\n    enum:\n      - value: a\n        description: A.\n".into(),
    });
    let diags = codegen::generate(&files).unwrap_err();
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(diags[0].file, "spec/common/types/again.yaml");
    assert!(
        diags[0]
            .message
            .contains("`Thing` is defined in spec/common/types.yaml too"),
        "{diags:#?}"
    );
}

#[test]
fn a_local_type_may_not_take_a_generated_name() {
    for name in ["ThingsListError", "ThingsListResponse", "ThingsList"] {
        let text = format!(
            "{VALID}types:\n  {name}:\n    description: Clashes.\n    fields:\n      - name: code\n        type: string\n"
        );
        assert_one(
            &run(&text),
            31,
            &format!("types.{name}"),
            "the name of the method's generated request, response or error type",
        );
    }
}

#[test]
fn a_response_must_list_its_fields() {
    let text = VALID.replace(
        "response:\n  fields:\n    - name: things\n      type: array<Thing>\n      required: true\n",
        "response: {}\n",
    );
    let diags = run(&text);
    assert!(
        diags
            .iter()
            .any(|d| d.line == 21 && d.message.contains("missing field `fields`")),
        "{diags:#?}"
    );
}

/// `VALID` with one more response field after `things` (line 25).
fn with_response_field(field: &str) -> String {
    replace_line(25, &format!("      required: true\n{field}"))
}

#[test]
fn a_key_that_is_no_identifier_needs_a_rust_name() {
    let url = "    - name: \"https://slack.com/user_id\"\n      type: string";
    assert_one(
        &run(&with_response_field(url)),
        26,
        "response.fields[1].name",
        "give it a `rust_name`",
    );
    let bad = format!("{url}\n      rust_name: UserId");
    assert_one(
        &run(&with_response_field(&bad)),
        28,
        "response.fields[1].rust_name",
        "`UserId` must be a snake_case Rust identifier",
    );
    let mut files = common();
    files.push(SpecFile {
        path: FILE.into(),
        text: with_response_field(&format!("{url}\n      rust_name: slack_user_id")),
    });
    let out = codegen::generate(&files).expect("valid with a rust_name");
    let code = &out
        .iter()
        .find(|f| f.path.ends_with("things_list.rs"))
        .expect("the method file")
        .contents;
    assert!(code.contains("pub slack_user_id: Option<crate::Str>"));
    assert!(
        code.contains("opt slack_user_id = \"https://slack.com/user_id\","),
        "decoded and serialized under its key"
    );
}

/// `VALID` plus a union `Either` of `Thing` (whose only field is `id`) with `tag` and one
/// variant line `variant_extra` (after `type: Thing`, line 35).
fn tagged_union(tag: &str, variant_extra: &str) -> String {
    format!(
        "{VALID}types:\n  Either:\n    description: One or the other.\n{tag}    one_of:\n      - name: Left\n        type: Thing\n{variant_extra}        description: Left.\n"
    )
}

#[test]
fn tagged_unions_are_checked() {
    let diags = run(&tagged_union("", "        tag_value: left\n"));
    assert_one(
        &diags,
        35,
        "types.Either.one_of[0].tag_value",
        "`tag_value` needs the union's `tag`",
    );
    let diags = run(&tagged_union("    tag: id\n", ""));
    assert_one(
        &diags,
        34,
        "types.Either.one_of[0].tag_value",
        "a variant of a tagged union needs a `tag_value`",
    );
    let diags = run(&tagged_union(
        "    tag: kind\n",
        "        tag_value: left\n",
    ));
    assert_one(
        &diags,
        36,
        "types.Either.one_of[0].tag_value",
        "`Thing` has no field `kind` (the tag)",
    );
    // Valid: the tag is a field of the variant's type; decoded by it.
    let mut files = common();
    files.push(SpecFile {
        path: FILE.into(),
        text: tagged_union("    tag: id\n", "        tag_value: left\n"),
    });
    let out = codegen::generate(&files).expect("a valid tagged union");
    let code = &out
        .iter()
        .find(|f| f.path.ends_with("things_list.rs"))
        .expect("the method file")
        .contents;
    assert!(
        code.contains("crate::tagged_union! {\n    Either, \"id\" {"),
        "{code}"
    );
    assert!(
        code.contains("\"left\" => Left(crate::types::Thing),"),
        "{code}"
    );
}

#[test]
fn integer_or_string_is_for_responses_only() {
    let diags = run(&third_argument("integer_or_string", ""));
    assert_one(
        &diags,
        17,
        "arguments[2].type",
        "`integer_or_string` cannot be sent as an argument",
    );
}

#[test]
fn unknown_or_repeated_response_source() {
    let text = VALID.replace(
        "      required: true\n",
        "      required: true\n  sources: [sample, node-sdk, blog, sample]\n",
    );
    let diags = run(&text);
    let lines: Vec<String> = diags.iter().map(ToString::to_string).collect();
    assert_eq!(diags.len(), 2, "{lines:#?}");
    assert!(
        lines[0].contains(":26: response.sources[2]: unknown source `blog`"),
        "{lines:#?}"
    );
    assert!(
        lines[1].contains(":26: response.sources[3]: `sample` is listed twice"),
        "{lines:#?}"
    );
}

/// A Block Kit file (`spec/block-kit/kit.yaml`) next to the valid method: `types` holds the
/// given type definitions (indented as under `types:`).
fn run_kit(types: &str) -> Vec<Diagnostic> {
    let mut files = common();
    files.push(SpecFile {
        path: FILE.into(),
        text: VALID.into(),
    });
    files.push(SpecFile {
        path: "spec/block-kit/kit.yaml".into(),
        text: format!("types:\n{types}"),
    });
    match codegen::generate(&files) {
        Ok(out) => panic!("expected problems, generated {} files", out.len()),
        Err(diags) => diags,
    }
}

#[track_caller]
fn assert_kit(diags: &[Diagnostic], line: usize, key: &str, message: &str) {
    assert_eq!(diags.len(), 1, "{diags:#?}");
    let d = &diags[0];
    assert_eq!(
        (d.file.as_str(), d.line, d.key.as_str()),
        ("spec/block-kit/kit.yaml", line, key),
        "{d}"
    );
    assert!(d.message.contains(message), "{d}");
}

const KIT_BUTTON: &str = "  Btn:
    description: A button.
    sources: [a reference page]
    fields:
      - name: type
        type: string
        required: true
      - name: count
        type: integer
";

#[test]
fn a_block_kit_type_without_sources() {
    let diags = run_kit(&KIT_BUTTON.replace("    sources: [a reference page]\n", ""));
    assert_kit(&diags, 3, "types.Btn.sources", "where its facts came from");
}

#[test]
fn a_length_limit_on_a_number() {
    let diags = run_kit(&format!("{KIT_BUTTON}        max_length: 3\n"));
    assert_kit(&diags, 9, "types.Btn.fields[1]", "need a string");
}

#[test]
fn an_item_limit_on_a_string() {
    let diags = run_kit(&KIT_BUTTON.replace(
        "        required: true\n",
        "        required: true\n        max_items: 3\n",
    ));
    assert_kit(&diags, 6, "types.Btn.fields[0]", "need an `array<…>`");
}

#[test]
fn unique_by_a_field_the_items_lack() {
    let list = "      - name: all\n        type: array<Btn>\n        unique_by: action_id\n";
    let diags = run_kit(&format!("{KIT_BUTTON}{list}"));
    assert_kit(
        &diags,
        11,
        "types.Btn.fields[2]",
        "no string field `action_id`",
    );
}

#[test]
fn a_minimum_above_its_maximum() {
    let diags = run_kit(&format!("{KIT_BUTTON}        min: 5\n        max: 2\n"));
    assert_kit(&diags, 9, "types.Btn.fields[1]", "larger than its maximum");
}

#[test]
fn a_length_field_that_is_not_a_string() {
    let diags = run_kit(&KIT_BUTTON.replace(
        "    sources: [a reference page]\n",
        "    sources: [a reference page]\n    length: count\n",
    ));
    assert_kit(&diags, 5, "types.Btn.length", "no `string` field `count`");
}

#[test]
fn a_surface_on_a_list_of_blocks_that_say_none() {
    let list = "      - name: all\n        type: array<Btn>\n        surface: modal\n";
    let diags = run_kit(&format!("{KIT_BUTTON}{list}"));
    assert_kit(&diags, 11, "types.Btn.fields[2]", "`surface` needs");
}

#[test]
fn an_unknown_surface() {
    let list = "      - name: all\n        type: array<Btn>\n        surface: sidebar\n";
    let diags = run_kit(&format!("{KIT_BUTTON}{list}"));
    assert!(
        diags.iter().any(|d| d.to_string().contains("sidebar")),
        "{diags:?}"
    );
}

#[test]
fn an_unknown_surface_on_an_element() {
    let diags = run_kit(&KIT_BUTTON.replace(
        "    sources: [a reference page]\n",
        "    sources: [a reference page]\n    surfaces: [modal, sidebar]\n",
    ));
    assert_eq!(diags.len(), 1, "{diags:#?}");
    let d = &diags[0];
    assert_eq!(
        (d.file.as_str(), d.line, d.key.as_str()),
        ("spec/block-kit/kit.yaml", 5, "types.Btn.surfaces[1]"),
        "{d}"
    );
    assert!(d.message.contains("unknown variant `sidebar`"), "{d}");
}

#[test]
fn a_surface_listed_twice_on_an_element() {
    let diags = run_kit(&KIT_BUTTON.replace(
        "    sources: [a reference page]\n",
        "    sources: [a reference page]\n    surfaces: [modal, modal]\n",
    ));
    assert_kit(&diags, 5, "types.Btn.surfaces", "a surface is listed twice");
}

#[test]
fn one_per_on_a_field_that_is_not_a_boolean() {
    let diags = run_kit(&format!("{KIT_BUTTON}        one_per: view\n"));
    assert_kit(
        &diags,
        9,
        "types.Btn.fields[1]",
        "`one_per` needs a `boolean`",
    );
}

#[test]
fn one_per_an_unknown_scope() {
    let flag = "      - name: focus\n        type: boolean\n        one_per: message\n";
    let diags = run_kit(&format!("{KIT_BUTTON}{flag}"));
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert!(
        diags[0].message.contains("unknown variant `message`"),
        "{}",
        diags[0]
    );
    assert_eq!(diags[0].line, 13, "{}", diags[0]);
}

#[test]
fn a_length_per_list_without_a_length() {
    let diags = run_kit(&KIT_BUTTON.replace(
        "    sources: [a reference page]\n",
        "    sources: [a reference page]\n    max_length_per_list: 10\n",
    ));
    assert_kit(
        &diags,
        5,
        "types.Btn.max_length_per_list",
        "needs the type's `length`",
    );
}
