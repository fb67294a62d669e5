//! Slack's reference data (`../shared/slack-reference`, see its README), read once into
//! typed structures for `cargo xtask import` and `cargo xtask drift`.
//!
//! [`Reference::load`] reads every source the two commands use:
//!
//! | source | here |
//! |---|---|
//! | `method-index-2026-10.txt` (the current index) | [`Reference::index`] |
//! | `method-index.txt` (the earlier index) | [`Reference::unlisted`] |
//! | `docs-methods/<method>.json` | [`Reference::docs`], as a [`MethodPage`] |
//! | `docs-methods-2026-10/<method>.json` (methods added since `method-index.txt`) | [`Reference::docs`] too, for a method `docs-methods/` lacks, as a [`MethodPage`] in the same shape |
//! | `extra-methods.json` | [`Reference::extra`], as a [`MethodPage`] |
//! | `transport.tsv` | [`Reference::transport`], as a [`Transport`] |
//! | `openapi/slack_web_openapi_v2.json` | [`Reference::openapi_op`], as an [`OpenApiOp`] |
//! | `rate_limit_tiers.json` | [`Reference::tiers`] |
//! | `response-samples/<method>.json` | [`Reference::sample`], as a [`Sample`] |
//! | `common_errors.json` | only in [`Reference::truncated_copy_of`]'s list of every code |
//! | `node-sdk-arguments.json` | [`NodeSdk::load`], apart (only `cargo xtask drift` reads it), as [`NodeArg`]s; kinds compared by [`node_kind_matches`] |
//!
//! What the sources say is kept as they say it; what it means for a spec file is for the
//! importer and the drift report to decide (except [`type_matches`], the one rule both need).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::Value;

/// The reference data's default place: beside the workspace, in `../shared/slack-reference`.
pub fn default_reference(root: &Path) -> PathBuf {
    root.join("..").join("shared").join("slack-reference")
}

/// One row of `transport.tsv`.
#[derive(Debug, Clone, Default)]
pub struct Transport {
    pub python_verb: String,
    pub python_body: String,
    pub openapi_verb: String,
    pub openapi_consumes: String,
}

/// One argument as the data gives it.
#[derive(Debug, Clone)]
pub struct DataArg {
    /// The page's `type`, when it gives one.
    pub ty: Option<String>,
    pub required: bool,
    /// The page's `desc`, trimmed (empty when it gives none).
    pub description: String,
    /// The page's `example`, when not empty.
    pub example: Option<String>,
    /// The page's `default`, when not empty.
    pub default: Option<String>,
}

/// Where a [`MethodPage`] comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PageOrigin {
    /// `docs-methods/<method>.json`: the 2026 scrape of Slack's reference pages.
    #[default]
    DocsMethods,
    /// `docs-methods-2026-10/<method>.json`: a method added since `method-index.txt`, from
    /// another scrape with no error tables but with the verb and example responses.
    DocsMethods2026_10,
    /// An entry of `extra-methods.json`.
    ExtraMethods,
}

impl PageOrigin {
    /// The page's file in the reference data, e.g. `docs-methods/chat.postMessage.json`.
    pub fn file(self, name: &str) -> String {
        match self {
            PageOrigin::DocsMethods => format!("docs-methods/{name}.json"),
            PageOrigin::DocsMethods2026_10 => format!("docs-methods-2026-10/{name}.json"),
            PageOrigin::ExtraMethods => format!("extra-methods.json (\"{name}\")"),
        }
    }
}

/// What a reference page says of a method: a file of `docs-methods/` or
/// `docs-methods-2026-10/`, or an entry of `extra-methods.json` (all three have the same
/// shape, as far as each source allows).
#[derive(Debug, Clone, Default)]
pub struct MethodPage {
    /// Which file it comes from.
    pub origin: PageOrigin,
    /// `desc`, as written.
    pub desc: Option<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// `args`, in the page's order, without `token` (which is no argument).
    pub args: Vec<(String, DataArg)>,
    /// `errors`: code → description (trimmed), in the page's order.
    pub errors: Vec<(String, String)>,
    /// False when the source has no error table for the method (`docs-methods-2026-10/`,
    /// whose `errors` is always empty, with an `errors_note` saying so): then `errors` says
    /// nothing, and the method's errors are on its reference page only.
    pub errors_listed: bool,
    /// `rate_limit.label`, as written ("Tier 2: 20+ per minute", "Special rate limits
    /// apply."), except that the short labels of `docs-methods-2026-10/` (`t1` … `t4`) are
    /// spelled as `docs-methods/` spells a tier ("Tier 1").
    pub rate_limit_label: Option<String>,
    /// `scopes`: token type (`bot`, `user`) → scope names, in the page's order. A token type
    /// with an empty list (`docs-methods-2026-10/` writes `"bot": []`) is left out, as
    /// `docs-methods/` leaves it out.
    pub scopes: BTreeMap<String, Vec<String>>,
    /// `http_method`: the verb the page gives (`docs-methods-2026-10/` only).
    pub http_method: Option<String>,
    /// `response_examples`: the page's example responses (`docs-methods-2026-10/` only).
    pub response_examples: Vec<Value>,
}

fn str_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// "t2" (`docs-methods-2026-10/`) → "Tier 2"; any other label as it is.
fn spell_tier(label: &str) -> String {
    match label.trim().strip_prefix('t') {
        Some(n) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => format!("Tier {n}"),
        _ => label.to_string(),
    }
}

impl MethodPage {
    fn from_json(page: &Value, origin: PageOrigin) -> MethodPage {
        let args = page["args"]
            .as_object()
            .map(|args| {
                args.iter()
                    .filter(|(name, _)| name.as_str() != "token")
                    .map(|(name, a)| {
                        (
                            name.clone(),
                            DataArg {
                                ty: a["type"].as_str().map(String::from),
                                required: a["required"].as_bool().unwrap_or(false),
                                description: a["desc"]
                                    .as_str()
                                    .unwrap_or_default()
                                    .trim()
                                    .to_string(),
                                example: str_of(&a["example"]).filter(|s| !s.is_empty()),
                                default: str_of(&a["default"]).filter(|s| !s.is_empty()),
                            },
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        let errors = page["errors"]
            .as_object()
            .map(|e| {
                e.iter()
                    .map(|(code, desc)| {
                        (
                            code.clone(),
                            desc.as_str().unwrap_or_default().trim().to_string(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        let scopes = page["scopes"]
            .as_object()
            .map(|scopes| {
                scopes
                    .iter()
                    .filter_map(|(ty, list)| {
                        let names = list
                            .as_array()?
                            .iter()
                            .filter_map(|s| s["name"].as_str().or(s.as_str()).map(String::from))
                            .collect::<Vec<String>>();
                        (!names.is_empty()).then(|| (ty.clone(), names))
                    })
                    .collect()
            })
            .unwrap_or_default();
        MethodPage {
            origin,
            desc: page["desc"].as_str().map(String::from),
            deprecated: page["deprecated"].as_bool() == Some(true),
            args,
            errors,
            errors_listed: origin != PageOrigin::DocsMethods2026_10,
            rate_limit_label: page["rate_limit"]["label"].as_str().map(spell_tier),
            scopes,
            http_method: page["http_method"]
                .as_str()
                .map(|v| v.trim().to_uppercase())
                .filter(|v| !v.is_empty()),
            response_examples: page["response_examples"]
                .as_array()
                .cloned()
                .unwrap_or_default(),
        }
    }
}

/// An OpenAPI parameter (other than `token`).
#[derive(Debug, Clone)]
pub struct OpenApiParam {
    /// Its `type`.
    pub ty: Option<String>,
    pub required: bool,
}

/// A top-level field of an OpenAPI success schema, `$ref`s followed.
#[derive(Debug, Clone)]
pub struct OpenApiField {
    pub name: String,
    /// Its `type`.
    pub ty: Option<String>,
    /// The `type` of its `items`, for an array.
    pub items_ty: Option<String>,
    /// Listed in the schema's `required`.
    pub required: bool,
}

/// A method's operation in the OpenAPI spec (each path has one verb).
#[derive(Debug, Clone)]
pub struct OpenApiOp {
    /// The verb, as written (`get`, `post`).
    pub verb: String,
    /// The parameters by name, without `token`.
    pub params: BTreeMap<String, OpenApiParam>,
    /// `consumes` lists `application/json`.
    pub consumes_json: bool,
    /// The error codes of the default response's `error` enum.
    pub error_enum: Vec<String>,
    /// The success (200) schema's top-level fields.
    pub success_fields: Vec<OpenApiField>,
}

/// Follows `$ref`s to a definition of the OpenAPI spec.
fn resolve<'a>(openapi: &'a Value, mut schema: &'a Value) -> &'a Value {
    for _ in 0..8 {
        let Some(reference) = schema.get("$ref").and_then(Value::as_str) else {
            break;
        };
        let name = reference.rsplit('/').next().unwrap_or_default();
        schema = &openapi["definitions"][name];
    }
    schema
}

impl OpenApiOp {
    fn from_json(openapi: &Value, verb: &str, op: &Value) -> OpenApiOp {
        let params = op["parameters"]
            .as_array()
            .map(|params| {
                params
                    .iter()
                    .filter_map(|p| Some((p["name"].as_str()?, p)))
                    .filter(|(n, _)| *n != "token")
                    .map(|(n, p)| {
                        (
                            n.to_string(),
                            OpenApiParam {
                                ty: p["type"].as_str().map(String::from),
                                required: p["required"].as_bool().unwrap_or(false),
                            },
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        let consumes_json = op["consumes"]
            .as_array()
            .is_some_and(|c| c.iter().any(|c| c.as_str() == Some("application/json")));
        let errors = resolve(openapi, &op["responses"]["default"]["schema"]);
        let error_enum = errors["properties"]["error"]["enum"]
            .as_array()
            .map(|codes| {
                codes
                    .iter()
                    .filter_map(Value::as_str)
                    .map(String::from)
                    .collect()
            })
            .unwrap_or_default();
        let success = resolve(openapi, &op["responses"]["200"]["schema"]);
        let required: Vec<&str> = success["required"]
            .as_array()
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let success_fields = success["properties"]
            .as_object()
            .map(|props| {
                props
                    .iter()
                    .map(|(k, v)| {
                        let schema = resolve(openapi, v);
                        OpenApiField {
                            name: k.clone(),
                            ty: schema["type"].as_str().map(String::from),
                            items_ty: resolve(openapi, &schema["items"])["type"]
                                .as_str()
                                .map(String::from),
                            required: required.contains(&k.as_str()),
                        }
                    })
                    .collect()
            })
            .unwrap_or_default();
        OpenApiOp {
            verb: verb.to_string(),
            params,
            consumes_json,
            error_enum,
            success_fields,
        }
    }
}

/// The JSON kind of a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonKind {
    Null,
    Bool,
    Number,
    String,
    Array,
    Object,
}

impl JsonKind {
    fn of(v: &Value) -> JsonKind {
        match v {
            Value::Null => JsonKind::Null,
            Value::Bool(_) => JsonKind::Bool,
            Value::Number(_) => JsonKind::Number,
            Value::String(_) => JsonKind::String,
            Value::Array(_) => JsonKind::Array,
            Value::Object(_) => JsonKind::Object,
        }
    }
}

/// What a recorded response sample shows of the response's top level.
#[derive(Debug, Clone, Default)]
pub struct Sample {
    /// Each top-level field holding an array, with the kind of its first item (none when
    /// the array is empty).
    pub arrays: Vec<(String, Option<JsonKind>)>,
    /// The sample has a top-level `next_cursor`.
    pub next_cursor: bool,
}

impl Sample {
    fn from_json(sample: &Value) -> Sample {
        let arrays = sample
            .as_object()
            .map(|obj| {
                obj.iter()
                    .filter_map(|(k, v)| {
                        let items = v.as_array()?;
                        Some((k.clone(), items.first().map(JsonKind::of)))
                    })
                    .collect()
            })
            .unwrap_or_default();
        Sample {
            arrays,
            next_cursor: sample.get("next_cursor").is_some(),
        }
    }
}

/// The reference data, read once.
#[derive(Debug, Clone)]
pub struct Reference {
    /// `method-index-2026-10.txt`, the current index: the methods to import when none are
    /// named.
    pub index: Vec<String>,
    /// `method-index.txt`, the earlier index.
    earlier_index: BTreeSet<String>,
    /// `docs-methods/`, then `docs-methods-2026-10/` for the methods `docs-methods/` lacks:
    /// method → page.
    docs: BTreeMap<String, MethodPage>,
    /// `docs-methods/` (or `docs-methods-2026-10/`) files that could not be read: method →
    /// the error, reported when the method is asked for.
    unreadable_docs: BTreeMap<String, String>,
    /// `extra-methods.json`: method → page.
    pub extra: BTreeMap<String, MethodPage>,
    /// `transport.tsv`: method → row.
    pub transport: BTreeMap<String, Transport>,
    /// The OpenAPI spec's operations: method → operation.
    openapi: BTreeMap<String, OpenApiOp>,
    /// `rate_limit_tiers.json`: method → tier (`Tier2`, `SpecialTier_…`).
    pub tiers: BTreeMap<String, String>,
    /// `response-samples/`: method → sample (those that can be read).
    samples: BTreeMap<String, Sample>,
    /// Every error code named anywhere (docs, OpenAPI enums, common errors), to spot the
    /// truncated copies in the OpenAPI enums.
    all_codes: BTreeSet<String>,
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("error: reading {}: {e}", path.display()))
}

fn read_json(path: &Path) -> Result<Value, String> {
    serde_json::from_str(&read(path)?)
        .map_err(|e| format!("error: {} is not valid JSON: {e}", path.display()))
}

/// `(stem, contents)` of each file of `dir` (none when it cannot be listed), in no order.
fn json_files(dir: &Path) -> Vec<(String, Result<Value, String>)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .flatten()
        .map(|entry| {
            let file = entry.file_name().to_string_lossy().into_owned();
            (file, read_json(&entry.path()))
        })
        .collect()
}

impl Reference {
    /// Reads the reference data in `dir`. Fails when `method-index-2026-10.txt`,
    /// `method-index.txt`, `extra-methods.json`, `transport.tsv`, the OpenAPI spec or
    /// `rate_limit_tiers.json` cannot be read; a page or sample that cannot be read is
    /// missing (a page's error is reported by [`Reference::docs`]).
    pub fn load(dir: &Path) -> Result<Reference, String> {
        let index = read_index(&read(&dir.join("method-index-2026-10.txt"))?);
        let earlier_index = read_index(&read(&dir.join("method-index.txt"))?)
            .into_iter()
            .collect();
        let extra = match read_json(&dir.join("extra-methods.json"))? {
            Value::Object(map) => map
                .iter()
                .map(|(name, page)| {
                    (
                        name.clone(),
                        MethodPage::from_json(page, PageOrigin::ExtraMethods),
                    )
                })
                .collect(),
            _ => return Err("error: extra-methods.json is not an object".into()),
        };
        let transport = read_transport(&read(&dir.join("transport.tsv"))?);
        let openapi = read_openapi(&read_json(&dir.join("openapi/slack_web_openapi_v2.json"))?);
        let tiers = match read_json(&dir.join("rate_limit_tiers.json"))? {
            Value::Object(map) => map
                .into_iter()
                .filter_map(|(k, v)| v.as_str().map(|v| (k, v.to_string())))
                .collect(),
            _ => return Err("error: rate_limit_tiers.json is not an object".into()),
        };

        let mut all_codes = BTreeSet::new();
        if let Ok(Value::Object(common)) = read_json(&dir.join("common_errors.json")) {
            all_codes.extend(common.keys().cloned());
        }
        for op in openapi.values() {
            all_codes.extend(op.error_enum.iter().cloned());
        }
        let mut docs = BTreeMap::new();
        let mut unreadable_docs = BTreeMap::new();
        for (folder, origin) in [
            ("docs-methods", PageOrigin::DocsMethods),
            ("docs-methods-2026-10", PageOrigin::DocsMethods2026_10),
        ] {
            for (file, page) in json_files(&dir.join(folder)) {
                if let Ok(Value::Object(doc)) = &page {
                    if let Some(errors) = doc.get("errors").and_then(Value::as_object) {
                        all_codes.extend(errors.keys().cloned());
                    }
                }
                let Some(name) = file.strip_suffix(".json") else {
                    continue;
                };
                // `docs-methods/` (read first) wins over the later scrape.
                if docs.contains_key(name) || unreadable_docs.contains_key(name) {
                    continue;
                }
                match page {
                    Ok(page) => {
                        docs.insert(name.to_string(), MethodPage::from_json(&page, origin));
                    }
                    Err(e) => {
                        unreadable_docs.insert(name.to_string(), e);
                    }
                }
            }
        }
        let samples = json_files(&dir.join("response-samples"))
            .into_iter()
            .filter_map(|(file, sample)| {
                let name = file.strip_suffix(".json")?;
                Some((name.to_string(), Sample::from_json(&sample.ok()?)))
            })
            .collect();

        Ok(Reference {
            index,
            earlier_index,
            docs,
            unreadable_docs,
            extra,
            transport,
            openapi,
            tiers,
            samples,
            all_codes,
        })
    }

    /// True when the current index, `extra-methods.json`, `docs-methods/` or
    /// `docs-methods-2026-10/` has the method.
    pub fn knows(&self, name: &str) -> bool {
        self.index.iter().any(|m| m == name)
            || self.extra.contains_key(name)
            || self.docs.contains_key(name)
            || self.unreadable_docs.contains_key(name)
    }

    /// True when the earlier index (`method-index.txt`) lists the method and the current
    /// one (`method-index-2026-10.txt`) does not: Slack no longer lists it (`files.upload`,
    /// retired on 2025-11-12).
    pub fn unlisted(&self, name: &str) -> bool {
        self.earlier_index.contains(name) && !self.index.iter().any(|m| m == name)
    }

    /// The method's page in `docs-methods/`, else in `docs-methods-2026-10/`, if it has one
    /// ([`MethodPage::origin`] says which); fails when that file cannot be read.
    pub fn docs(&self, name: &str) -> Result<Option<&MethodPage>, String> {
        match self.unreadable_docs.get(name) {
            Some(e) => Err(e.clone()),
            None => Ok(self.docs.get(name)),
        }
    }

    /// The method's recorded response sample, if there is one.
    pub fn sample(&self, name: &str) -> Option<&Sample> {
        self.samples.get(name)
    }

    /// The method's operation in the OpenAPI spec.
    pub fn openapi_op(&self, name: &str) -> Option<&OpenApiOp> {
        self.openapi.get(name)
    }

    /// The error codes of the method's OpenAPI error enum (none without an operation).
    pub fn openapi_error_enum(&self, name: &str) -> Vec<String> {
        self.openapi_op(name)
            .map(|op| op.error_enum.clone())
            .unwrap_or_default()
    }

    /// The full code of which `code` (from an OpenAPI error enum) is a copy missing its
    /// last character, if there is one: such copies are noise in the data, not codes.
    pub fn truncated_copy_of(&self, code: &str) -> Option<&String> {
        self.all_codes
            .iter()
            .find(|c| c.len() == code.len() + 1 && c.starts_with(code))
    }
}

/// The methods of an index file, one a line (`#` lines are comments).
fn read_index(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(String::from)
        .collect()
}

/// `transport.tsv`: method → row (the first line is the header).
fn read_transport(text: &str) -> BTreeMap<String, Transport> {
    let mut transport = BTreeMap::new();
    for line in text.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let col = |i: usize| {
            cols.get(i)
                .map(|s| s.trim().to_string())
                .unwrap_or_default()
        };
        if !col(0).is_empty() {
            transport.insert(
                col(0),
                Transport {
                    python_verb: col(1),
                    python_body: col(2),
                    openapi_verb: col(3),
                    openapi_consumes: col(4),
                },
            );
        }
    }
    transport
}

/// The OpenAPI spec's operations: method (its path without the `/`) → the path's first
/// operation.
fn read_openapi(openapi: &Value) -> BTreeMap<String, OpenApiOp> {
    let Some(paths) = openapi["paths"].as_object() else {
        return BTreeMap::new();
    };
    paths
        .iter()
        .filter_map(|(path, ops)| {
            let name = path.strip_prefix('/')?;
            let (verb, op) = ops.as_object()?.iter().next()?;
            Some((name.to_string(), OpenApiOp::from_json(openapi, verb, op)))
        })
        .collect()
}

/// True when an argument of spec type `spec_ty` agrees with the type word the reference data
/// gives (`docs-methods` `type`, or an OpenAPI parameter's `type`):
///
/// | reference | spec |
/// |---|---|
/// | `string` | `string` (or a string enum type) |
/// | `boolean`, `integer`, `number` | the same word (`number` is not `integer`) |
/// | `array` | `array<…>` |
/// | `object` | `json` (or an object type) |
/// | `channel`, `group`, `im`, `mpim`, `user`, `timestamp` (old pages: IDs and `ts`) | `string` |
/// | `users` (an old page's comma-separated user IDs) | `array<…>` |
///
/// Any other word agrees with nothing. The drift report compares argument types by this
/// rule, and the importer uses it to decide when its type is a difference that needs a
/// `drift:` entry.
pub fn type_matches(reference: &str, spec_ty: &str) -> bool {
    match reference {
        "string" | "channel" | "group" | "im" | "mpim" | "user" | "timestamp" => {
            spec_ty == "string"
        }
        "boolean" | "integer" | "number" => spec_ty == reference,
        "array" | "users" => spec_ty.starts_with("array<"),
        "object" => spec_ty == "json",
        _ => false,
    }
}

/// The Node SDK's arguments that are not Slack arguments, left out when
/// `node-sdk-arguments.json` is read: `token` (the SDK's `TokenOverridable`, which the client
/// sends in the `Authorization` header). The file lists no other SDK-level option (no
/// `retries`, `signal` or the like); were one added, it would go here.
pub const NODE_SDK_GENERIC_ARGS: &[&str] = &["token"];

/// One argument of a method in `node-sdk-arguments.json`: Slack's official Node SDK request
/// type, unions and intersections resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeArg {
    /// Required only when every alternative of the type requires it.
    pub required: bool,
    /// Its JSON kinds: `string`, `number`, `boolean`, `array`, `object`, `file` (two for a
    /// union such as `string | number`).
    pub kinds: Vec<String>,
    /// How many of the type's alternative argument sets allow it, of all (`2 of 3`).
    pub alternatives: Option<String>,
    /// The TypeScript type as written.
    pub ts: String,
}

/// `node-sdk-arguments.json`: for each method the Node SDK types, its arguments, without
/// [`NODE_SDK_GENERIC_ARGS`]. A second, independent source for arguments beside
/// `docs-methods/` (read by `cargo xtask drift` only).
#[derive(Debug, Clone, Default)]
pub struct NodeSdk {
    /// The file's `source` (where and at which commit the types were read).
    pub source: String,
    /// Method → argument name → argument.
    pub methods: BTreeMap<String, BTreeMap<String, NodeArg>>,
}

impl NodeSdk {
    /// The file's name in the reference data.
    pub const FILE: &'static str = "node-sdk-arguments.json";

    /// Reads `node-sdk-arguments.json` in `dir`: `None` when there is no such file (older
    /// copies of the reference data, test fixtures); an error when it cannot be read.
    pub fn load(dir: &Path) -> Result<Option<NodeSdk>, String> {
        let path = dir.join(Self::FILE);
        if !path.exists() {
            return Ok(None);
        }
        Self::from_json(&read_json(&path)?)
            .map(Some)
            .map_err(|e| format!("error: {}: {e}", path.display()))
    }

    /// The file's contents: `{"source": …, "methods": {method: {argument: {required, kinds,
    /// alternatives, ts}}}}`.
    pub fn from_json(value: &Value) -> Result<NodeSdk, String> {
        let methods = value["methods"]
            .as_object()
            .ok_or("`methods` is not an object")?;
        let mut out = BTreeMap::new();
        for (method, args) in methods {
            let args = args
                .as_object()
                .ok_or_else(|| format!("`methods.{method}` is not an object"))?;
            let mut parsed = BTreeMap::new();
            for (name, arg) in args {
                if NODE_SDK_GENERIC_ARGS.contains(&name.as_str()) {
                    continue;
                }
                let kinds = arg["kinds"]
                    .as_array()
                    .ok_or_else(|| format!("`methods.{method}.{name}.kinds` is not a list"))?
                    .iter()
                    .filter_map(Value::as_str)
                    .map(String::from)
                    .collect();
                parsed.insert(
                    name.clone(),
                    NodeArg {
                        required: arg["required"].as_bool().unwrap_or(false),
                        kinds,
                        alternatives: arg["alternatives"].as_str().map(String::from),
                        ts: arg["ts"].as_str().unwrap_or_default().to_string(),
                    },
                );
            }
            out.insert(method.clone(), parsed);
        }
        Ok(NodeSdk {
            source: value["source"].as_str().unwrap_or_default().to_string(),
            methods: out,
        })
    }

    /// The method's arguments, when the Node SDK types the method.
    pub fn arguments(&self, method: &str) -> Option<&BTreeMap<String, NodeArg>> {
        self.methods.get(method)
    }
}

/// The Node SDK kinds that agree with an argument of spec type `spec_ty` (a named type
/// already read as the data sees it: a string enum is `string`, an object or union type
/// `json`); `comma_list` when the argument goes as a comma-separated string:
///
/// | spec | Node kinds that agree |
/// |---|---|
/// | `string` (or a string enum) | `string` |
/// | `boolean` | `boolean` |
/// | `integer`, `number` | `number` (TypeScript has one number type) |
/// | `integer_or_string` | `number`, `string` |
/// | `array<…>` | `array`; also `string` with `encoding: comma_list` (the Node SDK types some comma-separated lists as a string, and the wire carries one) |
/// | `json` (or an object type) | `object`, `array` |
/// | `map<…>` | `object` |
/// | `file` | `file` |
///
/// Anything else agrees with nothing.
pub fn node_kinds_for(spec_ty: &str, comma_list: bool) -> &'static [&'static str] {
    match spec_ty {
        "string" => &["string"],
        "boolean" => &["boolean"],
        "integer" | "number" => &["number"],
        "integer_or_string" => &["number", "string"],
        "json" => &["object", "array"],
        "file" => &["file"],
        // A map is a JSON object (`unfurls`: URL → unfurl).
        t if t.starts_with("map<") => &["object"],
        t if t.starts_with("array<") => {
            if comma_list {
                &["array", "string"]
            } else {
                &["array"]
            }
        }
        _ => &[],
    }
}

/// True when an argument of spec type `spec_ty` agrees with the Node SDK's kinds: when one
/// of them is one of [`node_kinds_for`] (a union such as `string | number` agrees with a
/// spec `string`: the SDK accepts either, the spec sends one).
pub fn node_kind_matches(node_kinds: &[String], spec_ty: &str, comma_list: bool) -> bool {
    let ok = node_kinds_for(spec_ty, comma_list);
    node_kinds.iter().any(|k| ok.contains(&k.as_str()))
}
#[cfg(test)]
mod tests {
    use super::*;

    /// The importer's fixture reference data (invented).
    fn fixture() -> Reference {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/reference");
        Reference::load(&dir).unwrap()
    }

    #[test]
    fn the_current_index_is_method_index_2026_10() {
        let reference = fixture();
        assert!(reference.index.iter().any(|m| m == "gadgets.fresh"));
        assert!(!reference.index.iter().any(|m| m == "widgets.retired"));
        assert!(reference.unlisted("widgets.retired"));
        assert!(!reference.unlisted("widgets.list"));
        assert!(!reference.unlisted("gadgets.fresh"));
        // In neither index (as the seed apps.permissions.users.request): not unlisted.
        assert!(!reference.unlisted("gadgets.unknown"));
        assert!(reference.knows("gadgets.fresh"));
    }

    #[test]
    fn a_page_of_docs_methods_2026_10_reads_like_one_of_docs_methods() {
        let reference = fixture();
        let page = reference.docs("gadgets.fresh").unwrap().unwrap();
        assert_eq!(page.origin, PageOrigin::DocsMethods2026_10);
        assert_eq!(
            page.origin.file("gadgets.fresh"),
            "docs-methods-2026-10/gadgets.fresh.json"
        );
        assert_eq!(page.desc.as_deref(), Some("Freshens a gadget."));
        assert_eq!(page.rate_limit_label.as_deref(), Some("Tier 2"));
        assert_eq!(page.http_method.as_deref(), Some("POST"));
        // `"bot": []` is no bot token, as docs-methods/ would leave it out.
        assert_eq!(
            page.scopes,
            BTreeMap::from([("user".to_string(), vec!["gadgets:write".to_string()])])
        );
        let args: Vec<(&str, Option<&str>, bool)> = page
            .args
            .iter()
            .map(|(n, a)| (n.as_str(), a.ty.as_deref(), a.required))
            .collect();
        assert_eq!(
            args,
            [
                ("gadget_id", Some("string"), true),
                ("notify", Some("boolean"), false)
            ]
        );
        assert!(page.errors.is_empty());
        assert!(!page.errors_listed);
        assert_eq!(page.response_examples.len(), 1);
        assert_eq!(page.response_examples[0]["gadget"]["id"], "G00000000");
    }

    #[test]
    fn docs_methods_wins_over_docs_methods_2026_10() {
        let reference = fixture();
        let page = reference.docs("widgets.info").unwrap().unwrap();
        assert_eq!(page.origin, PageOrigin::DocsMethods);
        assert_eq!(
            page.desc.as_deref(),
            Some("Gets information about a widget.")
        );
        assert!(page.errors_listed);
        assert_eq!(page.http_method, None);
        assert!(page.response_examples.is_empty());
        assert_eq!(
            page.rate_limit_label.as_deref(),
            Some("Tier 4: 100+ per minute")
        );
        let extra = &reference.extra["gadgets.sessions.rename"];
        assert_eq!(extra.origin, PageOrigin::ExtraMethods);
        assert!(extra.errors_listed);
    }

    #[test]
    fn short_tier_labels_are_spelled_out() {
        assert_eq!(spell_tier("t1"), "Tier 1");
        assert_eq!(spell_tier("t4"), "Tier 4");
        assert_eq!(
            spell_tier("Tier 2: 20+ per minute"),
            "Tier 2: 20+ per minute"
        );
        assert_eq!(
            spell_tier("Special rate limits apply."),
            "Special rate limits apply."
        );
        assert_eq!(spell_tier("t"), "t");
        assert_eq!(spell_tier("tx"), "tx");
    }
}
