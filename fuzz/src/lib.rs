//! The fuzz targets, as plain functions: the `afl` binaries call them, and so do the
//! `replay` and `mutate` drivers (see `README.md`).
//!
//! Every target takes arbitrary bytes (the `decode` target's first two select a method).

pub mod mutate;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The repository root: `$SLACK_API_ROOT`, or the parent of this crate.
pub fn repo_root() -> PathBuf {
    std::env::var_os("SLACK_API_ROOT")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join(".."))
}

/// The spec loader: YAML bytes → `codegen` load, validate and generate.
///
/// An input is a whole spec, several files in one: each file starts with a header line
/// `#@@ <name>`, where `errors`, `warnings` and `types` name the common files and any other
/// name a method file (`spec/methods/<name>.yaml`). Text before the first header is a method
/// file of its own. The input is read as UTF-8, lossily.
pub mod spec {
    use super::*;
    use codegen::SpecFile;

    /// The header line that starts a file.
    pub const HEADER: &str = "#@@ ";

    /// The repository's spec files, read once.
    pub fn base() -> &'static [SpecFile] {
        static BASE: OnceLock<Vec<SpecFile>> = OnceLock::new();
        BASE.get_or_init(|| {
            let files = codegen::read_spec(&repo_root()).expect("read spec/");
            assert!(!files.is_empty(), "no spec files under {:?}", repo_root());
            files
        })
    }

    /// The path a header names.
    fn path(name: &str) -> String {
        match name {
            "errors" => codegen::COMMON_ERRORS.into(),
            "warnings" => codegen::COMMON_WARNINGS.into(),
            "types" => codegen::COMMON_TYPES.into(),
            // A file under spec/methods/ (possibly in a group directory), never outside it.
            _ => {
                let segments: Vec<&str> = name
                    .split('/')
                    .filter(|s| !s.is_empty() && *s != "." && *s != "..")
                    .collect();
                format!("{}{}.yaml", codegen::METHODS_DIR, segments.join("/"))
            }
        }
    }

    /// Splits an input into spec files.
    pub fn files(data: &[u8]) -> Vec<SpecFile> {
        let text = String::from_utf8_lossy(data);
        let mut files = Vec::new();
        let mut current = SpecFile {
            path: path("input"),
            text: String::new(),
        };
        for line in text.split_inclusive('\n') {
            if let Some(name) = line.strip_prefix(HEADER) {
                let next = SpecFile {
                    path: path(name.trim_end_matches(['\n', '\r'])),
                    text: String::new(),
                };
                let done = std::mem::replace(&mut current, next);
                if !done.text.is_empty() || !files.is_empty() {
                    files.push(done);
                }
            } else {
                current.text.push_str(line);
            }
        }
        files.push(current);
        files
    }

    /// Joins spec files into one input.
    pub fn join<'a>(files: impl IntoIterator<Item = &'a SpecFile>) -> Vec<u8> {
        let mut out = String::new();
        for f in files {
            let name = match f.path.as_str() {
                codegen::COMMON_ERRORS => "errors",
                codegen::COMMON_WARNINGS => "warnings",
                codegen::COMMON_TYPES => "types",
                p => p
                    .strip_prefix(codegen::METHODS_DIR)
                    .and_then(|p| p.strip_suffix(".yaml"))
                    .unwrap_or(p),
            };
            out.push_str(HEADER);
            out.push_str(name);
            out.push('\n');
            out.push_str(&f.text);
            if !f.text.ends_with('\n') {
                out.push('\n');
            }
        }
        out.into_bytes()
    }

    /// Runs one input through [`codegen::generate`].
    pub fn run(data: &[u8]) {
        let files = files(data);
        if let Ok(out) = codegen::generate(&files) {
            // A spec that passes validation must give files that parse as Rust: `render`
            // otherwise falls back to a `compile_error!`.
            for f in &out {
                let body = f.contents.split_once("\n\n").map_or("", |(_, b)| b);
                assert!(
                    !body.starts_with("compile_error!"),
                    "{} does not parse:\n{}",
                    f.path,
                    f.contents.chars().take(2000).collect::<String>()
                );
            }
        }
    }

    /// A shorter spec file: without comment lines, every description cut to one word.
    pub fn compact(file: &SpecFile) -> SpecFile {
        let mut text = String::new();
        let mut skip_deeper: Option<usize> = None;
        for line in file.text.lines() {
            let indent = line.len() - line.trim_start().len();
            if let Some(d) = skip_deeper {
                if indent > d && !line.trim().is_empty() {
                    continue;
                }
                skip_deeper = None;
            }
            let t = line.trim_start();
            if t.starts_with('#') {
                continue;
            }
            let key = t.strip_prefix("- ").unwrap_or(t);
            if key.starts_with("description:") {
                let lead = &line[..line.len() - key.len()];
                text.push_str(lead);
                text.push_str("description: d\n");
                // Continuation lines are those deeper than the key itself.
                skip_deeper = Some(line.len() - key.len());
                continue;
            }
            text.push_str(line);
            text.push('\n');
        }
        SpecFile {
            path: file.path.clone(),
            text,
        }
    }

    /// The seeds, compacted: the generator's test fixture (a small spec that uses every
    /// feature), whole and as the common files with each method; and the repository's
    /// common files with each of up to 24 of its methods, spread over the list.
    pub fn seeds() -> Vec<(String, Vec<u8>)> {
        let fixture = codegen::read_spec(&repo_root().join("codegen/tests/fixtures"))
            .expect("read codegen/tests/fixtures/spec/");
        let mut out = Vec::new();
        for (prefix, spec) in [("fixture", &fixture[..]), ("spec", base())] {
            let spec: Vec<SpecFile> = spec.iter().map(compact).collect();
            let (common, methods): (Vec<&SpecFile>, Vec<&SpecFile>) = spec
                .iter()
                .partition(|f| !f.path.starts_with(codegen::METHODS_DIR));
            if prefix == "fixture" {
                out.push((format!("{prefix}.all"), join(&spec)));
            }
            let step = methods.len().div_ceil(24).max(1);
            for m in methods.into_iter().step_by(step) {
                let name = m.path.rsplit('/').next().unwrap_or(&m.path);
                let set = common.iter().copied().chain([m]);
                out.push((format!("{prefix}.{name}"), join(set)));
            }
        }
        out
    }
}

#[cfg(feature = "decode")]
/// The response decoder: body bytes → the method's typed response or typed error, through
/// the client's own envelope and error path (`slack_api::dispatch::decode_response`).
pub mod decode {
    use super::*;
    use slack_api::methods::ALL;

    /// The selector that names a method the spec lacks.
    pub const UNKNOWN: u16 = u16::MAX;

    /// `data[0..2]` (big-endian) selects a method of [`ALL`], modulo its length
    /// ([`UNKNOWN`] selects a name the spec lacks); the rest is the response body. Two
    /// bytes, so that every one of the spec's methods (over 255) can be reached.
    pub fn run(data: &[u8]) {
        let [hi, lo, body @ ..] = data else {
            return;
        };
        let sel = u16::from_be_bytes([*hi, *lo]);
        if sel == UNKNOWN {
            assert!(slack_api::dispatch::decode_response("fuzz.unknown", body).is_none());
            return;
        }
        if ALL.is_empty() {
            return;
        }
        let method = ALL[usize::from(sel) % ALL.len()];
        match slack_api::dispatch::decode_response(method.name, body) {
            None => panic!("{} is in methods::ALL but not in dispatch", method.name),
            Some(Ok(value)) => {
                // The typed response re-serialized: it must be a JSON object.
                assert!(value.is_object(), "{}: {value}", method.name);
            }
            Some(Err(e)) => {
                // Formatting the error must not panic either.
                let _ = format!("{e} {e:?}");
            }
        }
    }

    /// The recorded response samples for the spec's methods (from
    /// `../shared/slack-reference/response-samples/`, read at run time), each as recorded
    /// (`"ok": false`) and as a success (`"ok": true`, the empty error fields removed), plus
    /// a few hand-written envelopes.
    pub fn seeds(samples: &Path) -> Vec<(String, Vec<u8>)> {
        let mut out = Vec::new();
        for (i, m) in ALL.iter().enumerate() {
            let sel = u16::try_from(i).expect("fewer than 65,535 methods");
            let mut push = |name: String, body: &[u8]| {
                let mut bytes = sel.to_be_bytes().to_vec();
                bytes.extend_from_slice(body);
                out.push((format!("{}.{name}", m.name), bytes));
            };
            push("ok".into(), br#"{"ok":true}"#);
            push(
                "error".into(),
                br#"{"ok":false,"error":"invalid_auth","warning":"missing_charset","response_metadata":{"warnings":["missing_charset"],"messages":["[ERROR] x"]}}"#,
            );
            push(
                "paged".into(),
                br#"{"ok":true,"response_metadata":{"next_cursor":"dGVhbTpDMDYxRkE1UEI="}}"#,
            );
            let path = samples.join(format!("{}.json", m.name));
            let Ok(text) = std::fs::read(&path) else {
                continue;
            };
            push("sample".into(), &text);
            if let Ok(serde_json::Value::Object(mut obj)) = serde_json::from_slice(&text) {
                obj.insert("ok".into(), serde_json::Value::Bool(true));
                for k in ["error", "needed", "provided", "warning"] {
                    obj.remove(k);
                }
                let ok = serde_json::to_vec(&obj).expect("serialize");
                push("sample_ok".into(), &ok);
            }
        }
        out
    }
}
