//! `cargo xtask samples`: decodes every recorded response sample in
//! `../shared/slack-reference/response-samples/` into its method's response type, and
//! measures typed-leaf coverage: the share of the sample's leaf values that land in typed
//! fields rather than in `extra` or a JSON-typed field.
//!
//! # Counting rules
//!
//! - A leaf is a string, number or boolean (`null` says nothing and is not counted), Block
//!   Kit's included (blocks are typed).
//! - The samples' `"ok": false` and empty `error`/`needed`/`provided`/`warning` are treated
//!   as absent.
//! - Overall coverage is the mean of the per-method figures, so a few huge samples do not
//!   decide it.
//! - Every sample must decode as it is. Its coverage is measured on the sample taken apart
//!   as below (which must decode too), because the samples are *merged*: Slack's Java SDK
//!   records them by merging every response it saw of a method, and it often merges the
//!   elements of a list of objects into the first one. Objects merge key by key (the first value
//!   of a key wins, so a merged object keeps the first object's `type`), and two lists under
//!   the same key are concatenated. One block `{"type": "actions", …}` thus carries the
//!   fields of every kind of block (a `file`, `call`, `text`, `accessory`, …), and its
//!   `elements` the elements of actions, context and rich text blocks alike.
//!
//! The sample is walked along the method's response type in the spec model (`spec/`, read
//! with the `codegen` crate): the response fields, then each named type's fields, the
//! variant a union's tag names, lists and maps. Every decision comes from the spec, none
//! from a list of names:
//!
//! - **Merged items are split.** At a list of a tagged union (a union with a `tag`), an item
//!   whose tag names variant V is merged when it has a key that V lacks but another variant
//!   has, in that JSON shape (object, list, string, …), or list elements that V's list of
//!   that name cannot hold but another variant's can. It is replaced by one item per variant
//!   it carries: V keeps its own fields (and whatever no variant has, which stays untyped);
//!   every other variant W gets `type` = W's tag value and the keys V lacks that W has in
//!   that shape, and a list is shared out by element: an element stays in V's list when that
//!   list can hold it, else goes to each W's list of that name that can. W gets an item only
//!   when the item carries every field W requires. A key several variants have goes to each
//!   of them (`title` to the image and the video block): its leaves are counted once per
//!   item. An item whose keys are all fields of its own variant (a real payload the spec
//!   describes) is left as it is.
//! - **A single union value is not split.** A field of a union type that is no list
//!   (`accessory`, `element`) keeps the variant its tag names; the fields of other variants
//!   merged into it stay in that variant's `extra` and are counted as untyped.
//! - **Misplaced elements are left out.** A list element whose tag names a variant of some
//!   tagged union of the spec, in a list that cannot hold it (a list of a tagged union
//!   without that variant, or of a variant type with another tag: a `rich_text_quote` among
//!   a section's inline elements, a `rich_text_list` among a list's sections), is where the
//!   concatenation put it, not where Slack sends it. It is taken out, and its leaves are
//!   counted neither as typed nor as untyped; the report gives their number per method.
//! - **Emptied tags get the best variant.** The anonymiser of some older samples (stars.list)
//!   emptied the tags too (`"type": ""`). Such an object, at a place of a tagged union, is
//!   given the variant whose fields it carries most of (in their shape; one whose required
//!   fields it lacks does not count; the first of equals), and is then split like any other;
//!   in a list being shared out, it goes to the one list whose union fits it best.
//!
//! `slack-api-samples DIR --untyped METHOD` prints what was split, retagged and left out of
//! a method's sample, and where its untyped leaves are.
//!
//! This is its own crate, not part of `xtask`, because it links the generated client:
//! `cargo xtask codegen` must build even when the generated code does not.

mod merged;

use std::path::Path;

use serde_json::{Map, Value};

pub use merged::{expand, model, Expansion, Misplaced, Split};

/// One sample's result.
#[derive(Debug, Clone, PartialEq)]
pub struct SampleResult {
    pub method: String,
    /// `Err` holds why the sample did not decode.
    pub decoded: Result<(), String>,
    /// Leaves in the sample, and how many of them landed in typed fields.
    pub leaves: usize,
    pub typed: usize,
    /// Fields whose value had another shape than their type (`File.thumb_360_w`): kept raw.
    pub mismatched: Vec<String>,
    /// Merged items split, emptied tags given a variant, and the leaves of misplaced
    /// elements left out of `leaves` (see the crate's "Counting rules").
    pub split: usize,
    pub retagged: usize,
    pub misplaced: usize,
}

impl SampleResult {
    /// Typed leaves over all leaves (1 for a sample with no leaves).
    pub fn coverage(&self) -> f64 {
        if self.leaves == 0 {
            1.0
        } else {
            self.typed.min(self.leaves) as f64 / self.leaves as f64
        }
    }
}

/// The report over every sample of a method the spec has; `skipped` are samples of methods
/// it does not have (retired methods).
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub results: Vec<SampleResult>,
    pub skipped: Vec<String>,
}

impl Report {
    /// The mean of the per-method coverages.
    pub fn overall(&self) -> f64 {
        if self.results.is_empty() {
            return 0.0;
        }
        self.results.iter().map(SampleResult::coverage).sum::<f64>() / self.results.len() as f64
    }

    /// The report as text: one line per method, then the totals.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for r in &self.results {
            let status = match &r.decoded {
                Ok(()) => "decoded".to_string(),
                Err(e) => format!("NOT DECODED: {e}"),
            };
            let mismatched = if r.mismatched.is_empty() {
                String::new()
            } else {
                format!("; another shape: {}", r.mismatched.join(", "))
            };
            let mut merged = String::new();
            if r.split > 0 {
                merged.push_str(&format!("; {} merged items split", r.split));
            }
            if r.retagged > 0 {
                merged.push_str(&format!("; {} emptied tags given a variant", r.retagged));
            }
            if r.misplaced > 0 {
                merged.push_str(&format!(
                    "; {} leaves of misplaced elements left out",
                    r.misplaced
                ));
            }
            out.push_str(&format!(
                "{:<55} {:>6.1}%  ({}/{} leaves)  {status}{mismatched}{merged}\n",
                r.method,
                r.coverage() * 100.0,
                r.typed.min(r.leaves),
                r.leaves
            ));
        }
        let decoded = self.results.iter().filter(|r| r.decoded.is_ok()).count();
        out.push_str(&format!(
            "{} samples of spec methods: {decoded} decoded, {} not; overall typed-leaf coverage {:.1}% (mean of methods); lowest {:.1}%; {} samples of methods not in the spec skipped\n",
            self.results.len(),
            self.results.len() - decoded,
            self.overall() * 100.0,
            self.results.iter().map(SampleResult::coverage).fold(1.0, f64::min) * 100.0,
            self.skipped.len()
        ));
        out
    }
}

/// Example responses besides the recorded samples, as `(method, JSON text)`: the `200`
/// examples of the OpenAPI spec (`openapi/slack_web_openapi_v2.json`) and the
/// `response_examples` of `docs-methods-2026-10/` (Slack's reference pages), from the
/// reference folder `reference`. A method with several examples gets `method#2`, ….
/// Placeholders are left out (see [`is_placeholder`]): they are no payloads.
pub fn examples(reference: &Path) -> std::io::Result<Vec<(String, String)>> {
    let mut out: Vec<(String, String)> = Vec::new();
    let openapi = std::fs::read_to_string(reference.join("openapi/slack_web_openapi_v2.json"))?;
    let openapi: Value = serde_json::from_str(&openapi).map_err(std::io::Error::other)?;
    for (path, ops) in openapi["paths"].as_object().into_iter().flatten() {
        for op in ops.as_object().into_iter().flat_map(|o| o.values()) {
            if let Some(example) = op
                .pointer("/responses/200/examples/application~1json")
                .filter(|e| !is_placeholder(e))
            {
                out.push((path.trim_start_matches('/').to_owned(), example.to_string()));
            }
        }
    }
    for (method, text) in read_samples(&reference.join("docs-methods-2026-10"))? {
        let page: Value = serde_json::from_str(&text).map_err(std::io::Error::other)?;
        for example in page["response_examples"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|e| !is_placeholder(e))
        {
            out.push((method.clone(), example.to_string()));
        }
    }
    out.sort();
    let mut seen: std::collections::BTreeMap<String, usize> = Default::default();
    for (method, _) in &mut out {
        let n = seen.entry(method.clone()).or_default();
        *n += 1;
        if *n > 1 {
            method.push_str(&format!("#{n}"));
        }
    }
    Ok(out)
}

/// Whether an example response is a placeholder rather than a payload: nothing beyond `ok`
/// (the OpenAPI spec's "brief OK" examples), or every string in it the name of a JSON type
/// (`{"id": "string", "icon": "array"}`: a schema written as an example).
pub fn is_placeholder(example: &Value) -> bool {
    fn strings<'a>(v: &'a Value, out: &mut Vec<&'a str>) {
        match v {
            Value::String(s) => out.push(s),
            Value::Array(items) => items.iter().for_each(|i| strings(i, out)),
            Value::Object(map) => map.values().for_each(|i| strings(i, out)),
            _ => {}
        }
    }
    let Some(map) = example.as_object() else {
        return true;
    };
    if map.keys().all(|k| k == "ok") {
        return true;
    }
    let mut found = Vec::new();
    strings(example, &mut found);
    const TYPE_NAMES: [&str; 6] = ["string", "array", "object", "integer", "boolean", "number"];
    !found.is_empty() && found.iter().all(|s| TYPE_NAMES.contains(s))
}

/// Example responses of the 2020 OpenAPI spec that no longer match Slack's API, and why.
/// Each must still fail to decode (else it is no longer stale: take it off the list).
pub const STALE_EXAMPLES: &[(&str, &str)] = &[
    (
        "admin.conversations.getTeams",
        "the example names the list `teams`; both of Slack's SDKs (Node, Java) and the reference page name it `team_ids`",
    ),
    (
        "admin.conversations.search",
        "the example lists `channels` with `next_cursor`; both SDKs name the list `conversations`",
    ),
];

/// Whether `method`'s example is one of [`STALE_EXAMPLES`].
pub fn is_stale_example(method: &str) -> bool {
    STALE_EXAMPLES.iter().any(|(m, _)| *m == method)
}

/// [`check_sample`] over every example of [`examples`] whose method the spec has.
pub fn check_examples(reference: &Path) -> std::io::Result<Report> {
    let mut report = Report::default();
    for (label, text) in examples(reference)? {
        let method = label.split('#').next().unwrap_or_default();
        match check_sample(method, &text) {
            Some(mut result) => {
                result.method = label;
                report.results.push(result);
            }
            None => report.skipped.push(label),
        }
    }
    Ok(report)
}

/// The `*.json` files in `dir`, sorted.
fn sample_paths(dir: &Path) -> std::io::Result<Vec<std::path::PathBuf>> {
    let mut paths: Vec<_> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    Ok(paths)
}

/// The method a file is named after (`conversations.list.json`).
fn file_method(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Every `*.json` sample in `dir`, sorted, as `(method, text)`.
fn read_samples(dir: &Path) -> std::io::Result<Vec<(String, String)>> {
    sample_paths(dir)?
        .into_iter()
        .map(|path| Ok((file_method(&path), std::fs::read_to_string(&path)?)))
        .collect()
}

/// Checks every `*.json` sample in `dir`.
pub fn check_dir(dir: &Path) -> std::io::Result<Report> {
    let mut report = Report::default();
    for (method, text) in read_samples(dir)? {
        match check_sample(&method, &text) {
            Some(result) => report.results.push(result),
            None => report.skipped.push(method),
        }
    }
    Ok(report)
}

/// Checks one sample; `None` when the spec has no such method. The sample must decode as it
/// is; its coverage is measured once its merged items are split and its misplaced
/// elements taken out (see the crate's "Counting rules"), which must decode too.
pub fn check_sample(method: &str, text: &str) -> Option<SampleResult> {
    let mut sample: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            return Some(SampleResult {
                method: method.into(),
                decoded: Err(format!("the sample is not JSON: {e}")),
                leaves: 0,
                typed: 0,
                mismatched: Vec::new(),
                split: 0,
                retagged: 0,
                misplaced: 0,
            })
        }
    };
    clean_envelope(&mut sample);
    let as_is = serde_json::to_vec(&sample).unwrap_or_default();
    let expansion = expand(model(), method, &mut sample)?;
    let body = serde_json::to_vec(&sample).unwrap_or_default();
    let ((as_is, typed), mut mismatched) = slack_api::lenient::collect(|| {
        let as_is = slack_api::dispatch::decode_response(method, &as_is);
        let typed =
            slack_api::lenient::typed_only(|| slack_api::dispatch::decode_response(method, &body));
        (as_is, typed)
    });
    let (as_is, typed) = (as_is?, typed?);
    mismatched.sort();
    mismatched.dedup();
    let leaves = count_leaves(&sample);
    let decoded = match (&as_is, &typed) {
        (Err(e), _) => Err(e.to_string()),
        (Ok(_), Err(e)) => Err(format!("once its merged items are split: {e}")),
        (Ok(_), Ok(_)) => Ok(()),
    };
    Some(SampleResult {
        method: method.into(),
        typed: match (&decoded, typed) {
            (Ok(()), Ok(typed)) => count_leaves(&typed),
            _ => 0,
        },
        decoded,
        leaves,
        mismatched,
        split: expansion.splits.len(),
        retagged: expansion.retagged.len(),
        misplaced: expansion.misplaced_leaves(),
    })
}

/// What was added to a sample's main list (see [`check_odd_elements`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Oddity {
    /// A copy of the first element without its `id` (only when the first element has one).
    CopyWithoutId,
    /// A bare string.
    BareString,
}

impl Oddity {
    pub fn label(self) -> &'static str {
        match self {
            Oddity::CopyWithoutId => "a copy of the first element without its `id`",
            Oddity::BareString => "a bare string",
        }
    }
}

/// One sample decoded with one odd element appended to its main list.
#[derive(Debug, Clone, PartialEq)]
pub struct OddResult {
    pub method: String,
    pub oddity: Oddity,
    /// The main list's key.
    pub list: String,
    /// `Err` holds why the sample did not decode.
    pub decoded: Result<(), String>,
    /// Typed leaves without the odd element, and with it: the other elements must stay
    /// typed, so `typed >= baseline`.
    pub baseline: usize,
    pub typed: usize,
}

impl OddResult {
    /// Whether the sample decoded and every leaf typed before still is.
    pub fn passed(&self) -> bool {
        self.decoded.is_ok() && self.typed >= self.baseline
    }
}

/// The sample's main list: its longest top-level array of objects (`Block Kit` arrays left
/// out), the first such key on a tie; `None` when it has none.
pub fn main_list(sample: &Value) -> Option<&str> {
    let map = sample.as_object()?;
    map.iter()
        .filter(|(k, v)| {
            !is_block_kit_key(k)
                && v.as_array()
                    .is_some_and(|a| a.first().is_some_and(Value::is_object))
        })
        .fold(None::<(&str, usize)>, |best, (k, v)| {
            let len = v.as_array().map_or(0, Vec::len);
            match best {
                Some((_, n)) if n >= len => best,
                _ => Some((k.as_str(), len)),
            }
        })
        .map(|(k, _)| k)
}

/// The sample decoded with each odd element (see [`Oddity`]) appended to its main list;
/// `None` when the spec has no such method, empty when the sample has no main list.
pub fn check_odd_elements(method: &str, text: &str) -> Option<Vec<OddResult>> {
    let mut sample: Value = serde_json::from_str(text).ok()?;
    clean_envelope(&mut sample);
    let baseline = typed_leaves(method, &sample)?.unwrap_or(0);
    let Some(list) = main_list(&sample).map(str::to_owned) else {
        return Some(Vec::new());
    };
    let first = sample[&list][0].clone();
    let mut odd = Vec::new();
    if let Some(Value::Object(mut copy)) = first.get("id").map(|_| first.clone()) {
        copy.remove("id");
        odd.push((Oddity::CopyWithoutId, Value::Object(copy)));
    }
    odd.push((Oddity::BareString, Value::String("odd".into())));
    Some(
        odd.into_iter()
            .map(|(oddity, element)| {
                let mut mutated = sample.clone();
                if let Some(items) = mutated[&list].as_array_mut() {
                    items.push(element);
                }
                let (decoded, typed) = match typed_leaves(method, &mutated) {
                    Some(Ok(typed)) => (Ok(()), typed),
                    Some(Err(e)) => (Err(e), 0),
                    None => (Err("no such method".into()), 0),
                };
                OddResult {
                    method: method.into(),
                    oddity,
                    list: list.clone(),
                    decoded,
                    baseline,
                    typed,
                }
            })
            .collect(),
    )
}

/// The leaves of `sample` that decoding puts in typed fields; `None` when the spec has no
/// such method.
fn typed_leaves(method: &str, sample: &Value) -> Option<Result<usize, String>> {
    let body = serde_json::to_vec(sample).unwrap_or_default();
    let typed =
        slack_api::lenient::typed_only(|| slack_api::dispatch::decode_response(method, &body))?;
    Some(typed.map(|v| count_leaves(&v)).map_err(|e| e.to_string()))
}

/// [`check_odd_elements`] over every `*.json` sample in `dir`.
pub fn check_odd_dir(dir: &Path) -> std::io::Result<Vec<OddResult>> {
    let mut out = Vec::new();
    for (method, text) in read_samples(dir)? {
        out.extend(check_odd_elements(&method, &text).unwrap_or_default());
    }
    Ok(out)
}

/// The odd-element results as text: a line per failure, then the totals per oddity.
pub fn render_odd(results: &[OddResult]) -> String {
    let mut out = String::new();
    for r in results.iter().filter(|r| !r.passed()) {
        out.push_str(&format!(
            "{}: {} added to `{}`: {}\n",
            r.method,
            r.oddity.label(),
            r.list,
            match &r.decoded {
                Err(e) => format!("NOT DECODED: {e}"),
                Ok(()) => format!("typed leaves fell from {} to {}", r.baseline, r.typed),
            }
        ));
    }
    for oddity in [Oddity::CopyWithoutId, Oddity::BareString] {
        let of: Vec<&OddResult> = results.iter().filter(|r| r.oddity == oddity).collect();
        out.push_str(&format!(
            "with {} in the main list: {} samples, {} decoded with the other elements still typed, {} not\n",
            oddity.label(),
            of.len(),
            of.iter().filter(|r| r.passed()).count(),
            of.iter().filter(|r| !r.passed()).count(),
        ));
    }
    out
}

/// The samples carry `"ok": false` and empty `error`, `needed`, `provided` and `warning`
/// on every file: a recorded success has `"ok": true` and none of those.
fn clean_envelope(sample: &mut Value) {
    if let Value::Object(map) = sample {
        map.insert("ok".into(), Value::Bool(true));
        for key in ["error", "needed", "provided", "warning"] {
            if map.get(key).is_some_and(is_empty) {
                map.remove(key);
            }
        }
    }
}

fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

/// Whether an array under this key holds Block Kit blocks: `blocks`, and the
/// `title_blocks`, `description_blocks`, … of files, lists and canvases.
fn is_block_kit_key(key: &str) -> bool {
    key == "blocks" || key.ends_with("_blocks")
}

/// Strings, numbers and booleans.
pub fn count_leaves(v: &Value) -> usize {
    match v {
        Value::Null => 0,
        Value::Bool(_) | Value::Number(_) | Value::String(_) => 1,
        Value::Array(items) => items.iter().map(count_leaves).sum(),
        Value::Object(map) => count_object(map),
    }
}

fn count_object(map: &Map<String, Value>) -> usize {
    map.values().map(count_leaves).sum()
}

/// Where a sample's untyped leaves are (after the merged items are split, see the crate's
/// "Counting rules"), with list indexes written `[]`, and how many leaves each path holds,
/// most first; `None` when the spec has no such method or the sample does not decode. A
/// list that decoding shortened (odd elements dropped) is named once, as `path[?]`.
pub fn untyped_paths(method: &str, text: &str) -> Option<Vec<(String, usize)>> {
    let mut sample: Value = serde_json::from_str(text).ok()?;
    clean_envelope(&mut sample);
    expand(model(), method, &mut sample)?;
    let body = serde_json::to_vec(&sample).unwrap_or_default();
    let typed =
        slack_api::lenient::typed_only(|| slack_api::dispatch::decode_response(method, &body))?
            .ok()?;
    let mut found = std::collections::BTreeMap::new();
    diff(&sample, Some(&typed), String::new(), &mut found);
    let mut out: Vec<(String, usize)> = found.into_iter().collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    Some(out)
}

/// Adds the leaves of `sample` that `typed` lacks to `out`, by path.
fn diff(
    sample: &Value,
    typed: Option<&Value>,
    path: String,
    out: &mut std::collections::BTreeMap<String, usize>,
) {
    let typed = typed.filter(|t| !t.is_null());
    match sample {
        Value::Null => {}
        Value::Array(items) => {
            // Decoding drops a list's odd elements: then no item can be matched to its
            // typed self, and every leaf of the list is named under `path[?]`.
            let typed_items = typed
                .and_then(Value::as_array)
                .filter(|t| t.len() == items.len());
            let at = if typed_items.is_some() || typed.is_none() {
                format!("{path}[]")
            } else {
                format!("{path}[?]")
            };
            for (i, item) in items.iter().enumerate() {
                diff(item, typed_items.and_then(|t| t.get(i)), at.clone(), out);
            }
        }
        Value::Object(map) => {
            let typed = typed.and_then(Value::as_object);
            for (k, v) in map {
                diff(v, typed.and_then(|t| t.get(k)), format!("{path}.{k}"), out);
            }
        }
        _ => {
            if typed.is_none() {
                *out.entry(path).or_default() += 1;
            }
        }
    }
}
