//! The Block Kit part of the spec (`spec/block-kit/*.yaml`), read with the generator's YAML
//! crate: each type's kind, fields, limits and unions. Only what the tests need is kept.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use yaml_rust2::{Yaml, YamlLoader};

/// The files of `spec/block-kit/`, without `.yaml`: also the folders of the examples.
pub const GROUPS: [&str; 6] = [
    "blocks",
    "composition",
    "elements",
    "messages",
    "rich_text",
    "views",
];

/// A type expression of a field.
#[derive(Debug, Clone, PartialEq)]
pub enum Ty {
    String,
    Boolean,
    Integer,
    Number,
    IntegerOrString,
    Json,
    Array(Box<Ty>),
    Map(Box<Ty>),
    Named(String),
}

impl Ty {
    pub fn parse(expr: &str) -> Ty {
        if let Some(inner) = expr
            .strip_prefix("array<")
            .and_then(|s| s.strip_suffix('>'))
        {
            return Ty::Array(Box::new(Ty::parse(inner)));
        }
        if let Some(inner) = expr.strip_prefix("map<").and_then(|s| s.strip_suffix('>')) {
            return Ty::Map(Box::new(Ty::parse(inner)));
        }
        match expr {
            "string" => Ty::String,
            "boolean" => Ty::Boolean,
            "integer" => Ty::Integer,
            "number" => Ty::Number,
            "integer_or_string" => Ty::IntegerOrString,
            "json" => Ty::Json,
            name => Ty::Named(name.to_owned()),
        }
    }

    /// Whether the value is kept as raw JSON (left out of a `typed_only` serialization).
    pub fn is_json(&self) -> bool {
        match self {
            Ty::Json => true,
            Ty::Array(inner) | Ty::Map(inner) => inner.is_json(),
            _ => false,
        }
    }

    /// The named types the expression mentions.
    pub fn names(&self) -> Vec<&str> {
        match self {
            Ty::Named(name) => vec![name],
            Ty::Array(inner) | Ty::Map(inner) => inner.names(),
            _ => vec![],
        }
    }
}

/// Slack's limits on one field, as the spec states them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Limits {
    pub max_length: Option<u64>,
    pub min_length: Option<u64>,
    pub max_items: Option<u64>,
    pub min_items: Option<u64>,
    pub unique_by: Option<String>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// `surface`: the list of blocks is a message, a modal or a Home tab.
    pub surface: Option<String>,
    /// `one_per`: at most one `true` in the scope named (`view`).
    pub one_per: Option<String>,
}

impl Limits {
    pub fn has_length(&self) -> bool {
        self.max_length.is_some() || self.min_length.is_some()
    }

    pub fn is_empty(&self) -> bool {
        *self == Limits::default()
    }
}

#[derive(Debug, Clone)]
pub struct Field {
    pub name: String,
    pub ty: Ty,
    pub required: bool,
    pub limits: Limits,
}

#[derive(Debug, Clone)]
pub struct Variant {
    pub name: String,
    pub ty: String,
    pub tag_value: Option<String>,
}

#[derive(Debug, Clone)]
pub enum Kind {
    Object(Vec<Field>),
    Union {
        tag: Option<String>,
        variants: Vec<Variant>,
    },
    Enum(Vec<String>),
}

#[derive(Debug, Clone)]
pub struct TypeDef {
    pub name: String,
    /// The file it is defined in (`blocks`, `elements`, ...).
    pub group: String,
    pub kind: Kind,
    /// `length`: the field a length limit on a field of this type counts.
    pub length: Option<String>,
    /// `max_per_list`: at most this many in one list of blocks.
    pub max_per_list: Option<u64>,
    /// `max_length_per_list`: at most this many characters in all such blocks of a list.
    pub max_length_per_list: Option<u64>,
    /// `surfaces`: where a block or an element of this type may appear (empty: not said).
    pub surfaces: Vec<String>,
}

impl TypeDef {
    pub fn fields(&self) -> &[Field] {
        match &self.kind {
            Kind::Object(fields) => fields,
            _ => &[],
        }
    }

    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields().iter().find(|f| f.name == name)
    }

    pub fn is_object(&self) -> bool {
        matches!(self.kind, Kind::Object(_))
    }
}

/// One limit of the spec: a field's (`field` set) or a type's (`max_per_list`).
#[derive(Debug, Clone, PartialEq)]
pub enum Rule {
    MaxLength(u64),
    MinLength(u64),
    MaxItems(u64),
    MinItems(u64),
    UniqueBy(String),
    Min(f64),
    Max(f64),
    MaxPerList(u64),
    MaxLengthPerList(u64),
    Surface(String),
    /// `one_per` of a boolean field: at most one `true` per view.
    OnePer(String),
    /// `surfaces` of an element (a type with `surfaces` that no list of blocks holds
    /// directly): refused inside a list of blocks on another surface.
    ElementSurfaces(Vec<String>),
}

#[derive(Debug, Clone)]
pub struct Limit {
    pub ty: String,
    /// The field the limit is on; `None` for `max_per_list` and an element's `surfaces`.
    pub field: Option<String>,
    pub rule: Rule,
}

impl std::fmt::Display for Limit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.field {
            Some(field) => write!(f, "{}.{field} {:?}", self.ty, self.rule),
            None => write!(f, "{} {:?}", self.ty, self.rule),
        }
    }
}

pub struct Spec {
    pub types: BTreeMap<String, TypeDef>,
}

/// `spec/block-kit/` of the workspace.
pub fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/block-kit")
}

fn str_of<'y>(y: &'y Yaml, key: &str) -> Option<&'y str> {
    y[key].as_str()
}

fn u64_of(y: &Yaml, key: &str) -> Option<u64> {
    y[key]
        .as_i64()
        .map(|n| u64::try_from(n).expect("a limit is not negative"))
}

fn f64_of(y: &Yaml, key: &str) -> Option<f64> {
    match &y[key] {
        Yaml::Integer(n) => Some(*n as f64),
        Yaml::Real(_) => y[key].as_f64(),
        _ => None,
    }
}

impl Spec {
    pub fn load() -> Spec {
        let mut types = BTreeMap::new();
        for group in GROUPS {
            let path = dir().join(format!("{group}.yaml"));
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let docs = YamlLoader::load_from_str(&text)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let hash = docs[0]["types"]
                .as_hash()
                .unwrap_or_else(|| panic!("{}: no `types`", path.display()));
            for (name, def) in hash {
                let name = name.as_str().expect("type names are strings").to_owned();
                let kind = if let Some(fields) = def["fields"].as_vec() {
                    Kind::Object(fields.iter().map(parse_field).collect())
                } else if let Some(variants) = def["one_of"].as_vec() {
                    Kind::Union {
                        tag: str_of(def, "tag").map(str::to_owned),
                        variants: variants
                            .iter()
                            .map(|v| Variant {
                                name: str_of(v, "name").unwrap().to_owned(),
                                ty: str_of(v, "type").unwrap().to_owned(),
                                tag_value: str_of(v, "tag_value").map(str::to_owned),
                            })
                            .collect(),
                    }
                } else if let Some(values) = def["enum"].as_vec() {
                    Kind::Enum(
                        values
                            .iter()
                            .map(|v| str_of(v, "value").unwrap().to_owned())
                            .collect(),
                    )
                } else {
                    panic!(
                        "{}: {name} is neither an object, a union nor an enum",
                        path.display()
                    )
                };
                let previous = types.insert(
                    name.clone(),
                    TypeDef {
                        name: name.clone(),
                        group: group.to_owned(),
                        kind,
                        length: str_of(def, "length").map(str::to_owned),
                        max_per_list: u64_of(def, "max_per_list"),
                        max_length_per_list: u64_of(def, "max_length_per_list"),
                        surfaces: def["surfaces"]
                            .as_vec()
                            .map(|v| {
                                v.iter()
                                    .filter_map(|s| s.as_str())
                                    .map(str::to_owned)
                                    .collect()
                            })
                            .unwrap_or_default(),
                    },
                );
                assert!(previous.is_none(), "{name} is defined twice");
            }
        }
        Spec { types }
    }

    pub fn get(&self, name: &str) -> Option<&TypeDef> {
        self.types.get(name)
    }

    pub fn objects(&self) -> impl Iterator<Item = &TypeDef> {
        self.types.values().filter(|t| t.is_object())
    }

    pub fn unions(&self) -> impl Iterator<Item = (&TypeDef, &[Variant])> {
        self.types.values().filter_map(|t| match &t.kind {
            Kind::Union { variants, .. } => Some((t, variants.as_slice())),
            _ => None,
        })
    }

    /// `Union::Variant` for every union that holds `ty`.
    pub fn routes(&self, ty: &str) -> BTreeSet<String> {
        self.unions()
            .flat_map(|(union, variants)| {
                variants
                    .iter()
                    .filter(|v| v.ty == ty)
                    .map(move |v| format!("{}::{}", union.name, v.name))
            })
            .collect()
    }

    /// The object type a value of `ty` (an object type, or a tagged union resolved by the
    /// value's tag) has; `None` for an unknown tag or a type outside Block Kit.
    pub fn resolve<'s>(&'s self, ty: &'s str, value: &serde_json::Value) -> Option<&'s TypeDef> {
        let def = self.get(ty)?;
        match &def.kind {
            Kind::Object(_) => Some(def),
            Kind::Union { tag, variants } => {
                let tag = tag.as_deref().expect("the Block Kit unions are tagged");
                let found = value.get(tag)?.as_str()?;
                let variant = variants
                    .iter()
                    .find(|v| v.tag_value.as_deref() == Some(found))?;
                self.get(&variant.ty)
            }
            Kind::Enum(_) => None,
        }
    }

    /// The object types a value of `ty` can be: itself, or a union's variants.
    pub fn shapes<'s>(&'s self, ty: &'s str) -> Vec<&'s TypeDef> {
        match self.get(ty).map(|d| &d.kind) {
            Some(Kind::Object(_)) => vec![&self.types[ty]],
            Some(Kind::Union { variants, .. }) => {
                variants.iter().filter_map(|v| self.get(&v.ty)).collect()
            }
            _ => vec![],
        }
    }

    /// Every limit, in spec order of types (alphabetical) and fields.
    pub fn limits(&self) -> Vec<Limit> {
        let mut out = Vec::new();
        for def in self.objects() {
            for field in def.fields() {
                let l = &field.limits;
                let mut push = |rule| {
                    out.push(Limit {
                        ty: def.name.clone(),
                        field: Some(field.name.clone()),
                        rule,
                    })
                };
                if let Some(n) = l.max_length {
                    push(Rule::MaxLength(n));
                }
                if let Some(n) = l.min_length {
                    push(Rule::MinLength(n));
                }
                if let Some(n) = l.max_items {
                    push(Rule::MaxItems(n));
                }
                if let Some(n) = l.min_items {
                    push(Rule::MinItems(n));
                }
                if let Some(key) = &l.unique_by {
                    push(Rule::UniqueBy(key.clone()));
                }
                if let Some(n) = l.min {
                    push(Rule::Min(n));
                }
                if let Some(n) = l.max {
                    push(Rule::Max(n));
                }
                if let Some(surface) = &l.surface {
                    push(Rule::Surface(surface.clone()));
                }
                if let Some(scope) = &l.one_per {
                    push(Rule::OnePer(scope.clone()));
                }
            }
            if !def.surfaces.is_empty() && !self.is_block(&def.name) {
                out.push(Limit {
                    ty: def.name.clone(),
                    field: None,
                    rule: Rule::ElementSurfaces(def.surfaces.clone()),
                });
            }
            if let Some(n) = def.max_per_list {
                out.push(Limit {
                    ty: def.name.clone(),
                    field: None,
                    rule: Rule::MaxPerList(n),
                });
            }
            if let Some(n) = def.max_length_per_list {
                out.push(Limit {
                    ty: def.name.clone(),
                    field: None,
                    rule: Rule::MaxLengthPerList(n),
                });
            }
        }
        out
    }

    /// The lists of blocks that say their surface: (the object type, the list field).
    pub fn surface_lists(&self) -> Vec<(&TypeDef, &Field)> {
        self.objects()
            .flat_map(|t| t.fields().iter().map(move |f| (t, f)))
            .filter(|(_, f)| f.limits.surface.is_some())
            .collect()
    }

    /// Whether `name` is a block: a variant of the union a list of blocks with a `surface`
    /// holds (an element's `surfaces` are checked wherever it is inside such a list).
    pub fn is_block(&self, name: &str) -> bool {
        self.surface_lists().iter().any(|(_, f)| {
            f.ty.names()
                .iter()
                .any(|u| self.shapes(u).iter().any(|s| s.name == name))
        })
    }

    /// The object types that check limits (`impl Validate`): those with a limit, and those
    /// holding one (through fields, lists, maps and union variants).
    pub fn validated(&self) -> BTreeSet<String> {
        let mut found: BTreeSet<String> = self.limits().into_iter().map(|l| l.ty).collect();
        loop {
            let before = found.len();
            for def in self.objects() {
                let holds = def.fields().iter().any(|f| {
                    f.ty.names()
                        .iter()
                        .any(|n| self.shapes(n).iter().any(|s| found.contains(&s.name)))
                });
                if holds {
                    found.insert(def.name.clone());
                }
            }
            if found.len() == before {
                return found;
            }
        }
    }
}

fn parse_field(y: &Yaml) -> Field {
    Field {
        name: str_of(y, "name").expect("a field has a name").to_owned(),
        ty: Ty::parse(str_of(y, "type").expect("a field has a type")),
        required: y["required"].as_bool().unwrap_or(false),
        limits: Limits {
            max_length: u64_of(y, "max_length"),
            min_length: u64_of(y, "min_length"),
            max_items: u64_of(y, "max_items"),
            min_items: u64_of(y, "min_items"),
            unique_by: str_of(y, "unique_by").map(str::to_owned),
            min: f64_of(y, "min"),
            max: f64_of(y, "max"),
            surface: str_of(y, "surface").map(str::to_owned),
            one_per: str_of(y, "one_per").map(str::to_owned),
        },
    }
}
