//! One method file, resolved key by key: each function checks one key (or a few that go
//! together), reports its problems and returns its piece of the [`Method`].

use std::collections::{BTreeMap, BTreeSet};

use super::arguments::arguments;
use super::codes::codes;
use super::pagination::pagination;
use super::report::{parse_file, Report};
use super::types::{fields, named_types, Scope};
use super::{Code, Diagnostic, Method, NamedType};
use crate::names::{pascal_case, snake_case};
use crate::spec::{self, ContentType, ScopesMatch, TokenType};
use crate::SpecFile;

/// The methods of the files under `spec/methods/` that have no problems, in file order.
pub(super) fn methods(
    files: &[SpecFile],
    common: &BTreeMap<String, spec::TypeDef>,
    common_errors: &[Code],
    diags: &mut Vec<Diagnostic>,
) -> Vec<Method> {
    let common_codes: BTreeSet<&str> = common_errors.iter().map(|c| c.code.as_str()).collect();
    let mut methods = Vec::new();
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    for file in files
        .iter()
        .filter(|f| f.path.starts_with(crate::METHODS_DIR))
    {
        let Some(raw) = parse_file::<spec::MethodFile>(file, diags) else {
            continue;
        };
        let Some(method) = method(file, &raw, common, &common_codes, diags) else {
            continue;
        };
        check_rust_name_unique(&method, &raw, &mut seen, diags);
        methods.push(method);
    }
    methods
}

/// Two methods may not give the same Rust name. `seen` maps the Rust names of the methods
/// before this one to their files.
fn check_rust_name_unique(
    method: &Method,
    raw: &spec::MethodFile,
    seen: &mut BTreeMap<String, String>,
    diags: &mut Vec<Diagnostic>,
) {
    if let Some(other) = seen.insert(method.snake.clone(), method.file.clone()) {
        diags.push(Diagnostic {
            file: method.file.clone(),
            line: raw.lines.get("name").copied().unwrap_or(1),
            key: "name".into(),
            message: format!(
                "`{}` gives the Rust name `{}`, which {other} gives too",
                method.name, method.snake
            ),
        });
    }
}

/// Resolves one method file, or returns `None` when it has problems (each reported).
/// Every key is checked, so that one run reports all of the file's problems.
fn method(
    file: &SpecFile,
    raw: &spec::MethodFile,
    common: &BTreeMap<String, spec::TypeDef>,
    common_codes: &BTreeSet<&str>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Method> {
    let start = diags.len();
    let scope = Scope {
        common,
        local: &raw.types,
    };
    let mut report = Report {
        file: &file.path,
        out: diags,
    };
    let snake = snake_case(&raw.name.replace('.', "_"));
    let pascal = pascal_case(&snake);

    let family = family(file, raw, &mut report);
    let valid_method_name = check_method_name(raw, &mut report);
    let content_types = content_types(raw, &mut report);
    check_rate_limit(raw, &mut report);
    let tokens = tokens(raw, &mut report);
    check_auth(raw, &mut report);
    check_drift(raw, &mut report);
    let types = method_types(raw, &scope, &pascal, &mut report);
    let arguments = arguments(raw, &scope, &content_types, &mut report);
    let response_fields = fields(&raw.response.fields, &scope, "response.fields", &mut report);
    let response_sources = response_sources(raw, &mut report);
    let pagination = raw
        .pagination
        .as_ref()
        .and_then(|p| pagination(p, raw, &arguments, &response_fields, &mut report));
    let deprecated = deprecation(raw);
    let tables = code_tables(raw, common_codes, &mut report);

    if report.out.len() > start || !valid_method_name {
        return None;
    }
    Some(Method {
        file: file.path.clone(),
        name: raw.name.clone(),
        family,
        snake,
        pascal,
        description: raw.description.clone(),
        docs: raw.docs.clone(),
        http_method: raw.http_method,
        content_types,
        rate_limit: raw.rate_limit.clone(),
        idempotent: raw.idempotent,
        auth: raw.auth,
        tokens,
        deprecated,
        arguments,
        pagination,
        response_description: raw.response.description.clone(),
        response_sources,
        response_fields,
        types,
        own_errors: tables.own_errors,
        listed_common_errors: tables.listed_common_errors,
        warnings: tables.warnings,
    })
}

/// `auth: client_credentials`: the call carries the app's credentials, not a token, so the
/// method lists no token types.
fn check_auth(raw: &spec::MethodFile, report: &mut Report<'_>) {
    if raw.auth == spec::Auth::ClientCredentials && !raw.tokens.is_empty() {
        report.key(
            &raw.lines,
            "",
            "auth",
            "a method that authenticates with client credentials takes no token: drop `tokens`"
                .to_owned(),
        );
    }
}

/// `name`: the family is its first segment, and the file must be
/// `spec/methods/<family>/<name>.yaml`.
fn family(file: &SpecFile, raw: &spec::MethodFile, report: &mut Report<'_>) -> String {
    let family = raw.name.split('.').next().unwrap_or_default().to_string();
    let expected_file = format!("{}{family}/{}.yaml", crate::METHODS_DIR, raw.name);
    if file.path != expected_file {
        report.key(
            &raw.lines,
            "",
            "name",
            format!("method `{}` must be in {expected_file}", raw.name),
        );
    }
    family
}

/// `name`: dot-separated words of ASCII letters and digits. Returns whether it is one.
fn check_method_name(raw: &spec::MethodFile, report: &mut Report<'_>) -> bool {
    let valid = !raw.name.is_empty()
        && raw
            .name
            .split('.')
            .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric()));
    if !valid {
        report.key(
            &raw.lines,
            "",
            "name",
            format!("`{}` is not a method name (dot-separated words)", raw.name),
        );
    }
    valid
}

/// `content_types`: at least one, each once; sorted.
fn content_types(raw: &spec::MethodFile, report: &mut Report<'_>) -> Vec<ContentType> {
    if raw.content_types.is_empty() {
        report.key(
            &raw.lines,
            "",
            "content_types",
            "at least one content type is needed",
        );
    }
    let mut cts = raw.content_types.clone();
    cts.sort();
    if cts.windows(2).any(|w| w[0] == w[1]) {
        report.key(
            &raw.lines,
            "",
            "content_types",
            "a content type is listed twice",
        );
    }
    cts.dedup();
    cts
}

/// `rate_limit`: exactly one of `tier` (1 to 4), `special` and `undocumented`;
/// `per_minute` and `per` only with `special`, and `per` names an argument.
fn check_rate_limit(raw: &spec::MethodFile, report: &mut Report<'_>) {
    let r = &raw.rate_limit;
    let mut problem = |message: String| report.key(&raw.lines, "", "rate_limit", message);
    let forms = usize::from(r.tier.is_some()) + usize::from(r.special.is_some());
    if r.undocumented {
        return;
    }
    if forms != 1 {
        problem("give exactly one of `tier` and `special` (or write `undocumented`)".into());
    }
    if let Some(t) = r.tier {
        if !(1..=4).contains(&t) {
            problem(format!("tier {t} does not exist (tiers are 1 to 4)"));
        }
        if r.per_minute.is_some() || r.per.is_some() {
            problem("`per_minute` and `per` go with `special`; a tier has its own".into());
        }
    }
    if r.per_minute == Some(0) {
        problem("`per_minute` must be at least 1".into());
    }
    if let Some(per) = &r.per {
        if !raw.arguments.iter().any(|a| &a.name == per) {
            problem(format!("`per`: no argument `{per}`"));
        }
    }
}

/// The token types, each once, and whether their scopes are any-of or all-of (required
/// from two scopes on).
fn tokens(
    raw: &spec::MethodFile,
    report: &mut Report<'_>,
) -> Vec<(TokenType, Vec<String>, ScopesMatch)> {
    let mut out: Vec<(TokenType, Vec<String>, ScopesMatch)> = Vec::new();
    for (i, t) in raw.tokens.iter().enumerate() {
        let path = format!("tokens[{i}]");
        if out.iter().any(|(tt, _, _)| *tt == t.token_type) {
            report.key(&t.lines, &path, "type", "token type listed twice");
        }
        let matching = match t.scopes_match {
            Some(m) => m,
            None if t.scopes.len() >= 2 => {
                report.key(
                    &t.lines,
                    &path,
                    "scopes",
                    "two or more scopes need `scopes_match: any` or `scopes_match: all`",
                );
                ScopesMatch::All
            }
            None => ScopesMatch::All,
        };
        out.push((t.token_type, t.scopes.clone(), matching));
    }
    out
}

/// `drift`: every difference kept on purpose has an id and a reason.
fn check_drift(raw: &spec::MethodFile, report: &mut Report<'_>) {
    for (id, reason) in &raw.drift {
        if id.trim().is_empty() || reason.trim().is_empty() {
            report.key(
                &raw.lines,
                "",
                "drift",
                "each entry maps a difference id to the reason it is kept",
            );
        }
    }
}

/// `types`: the method's own named types, which must not take the names of the method's
/// generated types nor of shared types.
fn method_types(
    raw: &spec::MethodFile,
    scope: &Scope<'_>,
    pascal: &str,
    report: &mut Report<'_>,
) -> Vec<NamedType> {
    let types = named_types(&raw.types, scope, "types", report);
    // The names the generator gives the method's own types, in the same module.
    let generated = [
        pascal.to_string(),
        format!("{pascal}Response"),
        format!("{pascal}Error"),
    ];
    for (name, def) in &raw.types {
        let line = def.lines.get("").copied().unwrap_or(1);
        if generated.contains(name) {
            report.at(
                line,
                format!("types.{name}"),
                format!("`{name}` is the name of the method's generated request, response or error type"),
            );
        }
        if scope.common.contains_key(name) {
            report.at(
                line,
                format!("types.{name}"),
                format!("`{name}` is already a shared type (spec/common/types*)"),
            );
        }
    }
    types
}

/// `response.sources`: each a known source, named once; the descriptions, in the order given.
fn response_sources(raw: &spec::MethodFile, report: &mut Report<'_>) -> Vec<&'static str> {
    let line = raw.response.lines.get("sources").copied().unwrap_or(1);
    let mut out: Vec<&'static str> = Vec::new();
    for (i, name) in raw.response.sources.iter().enumerate() {
        match spec::RESPONSE_SOURCES.iter().find(|(n, _)| n == name) {
            Some((_, what)) if !out.contains(what) => out.push(what),
            Some(_) => report.at(
                line,
                format!("response.sources[{i}]"),
                format!("`{name}` is listed twice"),
            ),
            None => report.at(
                line,
                format!("response.sources[{i}]"),
                format!(
                    "unknown source `{name}` (expected one of {})",
                    spec::RESPONSE_SOURCES
                        .iter()
                        .map(|(n, _)| *n)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ),
        }
    }
    out
}

/// `deprecated`: the note and the replacement, if any.
fn deprecation(raw: &spec::MethodFile) -> Option<(String, Option<String>)> {
    raw.deprecated
        .as_ref()
        .map(|d| (d.note.clone(), d.replacement.clone()))
}

/// A method's `errors` and `warnings`, its errors split into common and own.
struct CodeTables {
    own_errors: Vec<Code>,
    listed_common_errors: Vec<Code>,
    warnings: Vec<Code>,
}

/// `errors` and `warnings`: checked tables; an error also in the common table is listed,
/// not the method's own.
fn code_tables(
    raw: &spec::MethodFile,
    common_codes: &BTreeSet<&str>,
    report: &mut Report<'_>,
) -> CodeTables {
    let all_errors = codes(&raw.errors, "errors", &["Unknown", "Common"], report);
    let warnings = codes(&raw.warnings, "warnings", &[], report);
    let (listed_common_errors, own_errors) = all_errors
        .into_iter()
        .partition(|c| common_codes.contains(c.code.as_str()));
    CodeTables {
        own_errors,
        listed_common_errors,
        warnings,
    }
}
