//! Merged samples taken apart again (see the crate's "Counting rules"). The walk follows
//! the method's response type through the spec model; at every list of a tagged union it
//! replaces an item that carries the fields of other variants by one item per variant,
//! takes out the elements a list cannot hold, and gives an emptied tag back its variant.

use std::collections::HashMap;
use std::sync::OnceLock;

use codegen::model::{Field, Model, NamedType, Ty, TypeKind, Variant};
use serde_json::{Map, Value};

/// The spec model of this repository (`spec/`), read once.
pub fn model() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let files = codegen::read_spec(&root)
            .unwrap_or_else(|e| panic!("reading {}/spec: {e}", root.display()));
        codegen::model::build(&files).unwrap_or_else(|diags| {
            let diags: Vec<String> = diags.iter().map(ToString::to_string).collect();
            panic!("the spec does not build:\n{}", diags.join("\n"))
        })
    })
}

/// One merged item split: where it was, and the variants it was split into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// The list's path in the sample (`message.blocks`) and the union's name (`Block`).
    pub list: String,
    pub union: String,
    /// The item's own variant (its tag), then the variants split off it, with their keys.
    pub own: String,
    pub split_off: Vec<(String, Vec<String>)>,
}

/// A list element taken out: the list cannot hold it, though the spec knows its kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Misplaced {
    /// The list's path in the sample, the element's tag value, and its leaves.
    pub list: String,
    pub tag: String,
    pub leaves: usize,
}

/// What [`expand`] did to a sample.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Expansion {
    /// The merged items split.
    pub splits: Vec<Split>,
    /// The elements taken out of lists that cannot hold them.
    pub misplaced: Vec<Misplaced>,
    /// Where an emptied tag was given the variant whose fields the object carries most of:
    /// the path, and the tag value given.
    pub retagged: Vec<(String, String)>,
}

impl Expansion {
    /// The leaves taken out with misplaced elements.
    pub fn misplaced_leaves(&self) -> usize {
        self.misplaced.iter().map(|m| m.leaves).sum()
    }
}

/// Takes `sample`, a response of `method`, apart in place as the crate's "Counting rules"
/// say; `None` when the spec has no such method.
pub fn expand(model: &Model, method: &str, sample: &mut Value) -> Option<Expansion> {
    let method = model.methods.iter().find(|m| m.name == method)?;
    let walk = Walk::new(model, &method.types);
    let mut out = Expansion::default();
    if let Value::Object(map) = sample {
        for field in &method.response_fields {
            if let Some(value) = map.get_mut(&field.name) {
                walk.value(&field.ty, value, &field.name, &mut out);
            }
        }
    }
    Some(out)
}

/// The variants split off an item, each with the keys it took.
type SplitOff = Vec<(String, Vec<String>)>;

/// What a variant takes of a merged item: per key, the whole value (`None`) or the
/// indexes of the list elements it takes.
type Picks<'k> = Vec<(&'k str, Option<Vec<usize>>)>;

/// A tagged union: its name, tag and variants.
#[derive(Clone, Copy)]
struct Union<'a> {
    name: &'a str,
    tag: &'a str,
    variants: &'a [Variant],
}

impl<'a> Union<'a> {
    fn variant(&self, tag_value: &str) -> Option<&'a Variant> {
        self.variants
            .iter()
            .find(|v| v.tag_value.as_deref() == Some(tag_value))
    }
}

/// An object's tag: `None` when it has none (or not a string), `Some("")` when the
/// samples' anonymiser emptied it.
fn tag_value<'v>(item: &'v Value, tag: &str) -> Option<&'v str> {
    item.get(tag).and_then(Value::as_str)
}

struct Walk<'a> {
    model: &'a Model,
    /// The method's own types.
    local: &'a [NamedType],
    /// Every tagged union's tag and tag values, the method's and the shared ones.
    tags: Vec<(&'a str, Vec<&'a str>)>,
    /// The tags and tag values of each type that is a variant of a tagged union, by
    /// `(name, common)`.
    variant_tags: HashMap<(&'a str, bool), Vec<(&'a str, &'a str)>>,
}

impl<'a> Walk<'a> {
    fn new(model: &'a Model, local: &'a [NamedType]) -> Self {
        let mut tags = Vec::new();
        let mut variant_tags: HashMap<(&str, bool), Vec<(&str, &str)>> = HashMap::new();
        for named in model.common_types.iter().chain(local) {
            let (TypeKind::OneOf(variants), Some(tag)) = (&named.kind, named.tag.as_deref()) else {
                continue;
            };
            let mut values = Vec::new();
            for variant in variants {
                if let Some(value) = variant.tag_value.as_deref() {
                    values.push(value);
                    variant_tags
                        .entry((&variant.ty, variant.common))
                        .or_default()
                        .push((tag, value));
                }
            }
            tags.push((tag, values));
        }
        Walk {
            model,
            local,
            tags,
            variant_tags,
        }
    }

    fn named(&self, name: &str, common: bool) -> Option<&'a NamedType> {
        self.model.named(name, common, self.local)
    }

    /// The fields of an object type (none for any other type).
    fn fields(&self, ty: &Ty) -> &'a [Field] {
        let Ty::Named { name, common } = ty else {
            return &[];
        };
        match self.named(name, *common).map(|t| &t.kind) {
            Some(TypeKind::Object(fields)) => fields,
            _ => &[],
        }
    }

    fn variant_fields(&self, variant: &Variant) -> &'a [Field] {
        self.fields(&variant_ty(variant))
    }

    /// The tagged union `ty` is, if it is one.
    fn union(&self, ty: &Ty) -> Option<Union<'a>> {
        let Ty::Named { name, common } = ty else {
            return None;
        };
        let named = self.named(name, *common)?;
        match (&named.kind, named.tag.as_deref()) {
            (TypeKind::OneOf(variants), Some(tag)) => Some(Union {
                name: &named.name,
                tag,
                variants,
            }),
            _ => None,
        }
    }

    /// The item type of a list field.
    fn list_item(field: &Field) -> Option<&Ty> {
        match &field.ty {
            Ty::Array(item) => Some(item),
            _ => None,
        }
    }

    /// Walks `value`, of type `ty`, at `path`.
    fn value(&self, ty: &Ty, value: &mut Value, path: &str, out: &mut Expansion) {
        match (ty, value) {
            (Ty::Array(item_ty), Value::Array(items)) => self.list(item_ty, items, path, out),
            (Ty::Map(item_ty), Value::Object(map)) => {
                for item in map.values_mut() {
                    self.value(item_ty, item, path, out);
                }
            }
            (Ty::Named { .. }, value @ Value::Object(_)) => {
                // A single union value is not split: the variant its tag names is walked,
                // and what that variant does not have stays untyped.
                if let Some(union) = self.union(ty) {
                    self.retag(union, value, path, out);
                    let variant = tag_value(value, union.tag).and_then(|t| union.variant(t));
                    if let Some(variant) = variant {
                        self.value(&variant_ty(variant), value, path, out);
                    }
                    return;
                }
                let Value::Object(map) = value else {
                    return;
                };
                for field in self.fields(ty) {
                    if let Some(value) = map.get_mut(&field.name) {
                        let path = format!("{path}.{}", field.name);
                        self.value(&field.ty, value, &path, out);
                    }
                }
            }
            _ => {}
        }
    }

    /// Walks a list of `item_ty`: takes out its misplaced elements, gives emptied tags
    /// their variant, splits merged items, then walks each item.
    fn list(&self, item_ty: &Ty, items: &mut Vec<Value>, path: &str, out: &mut Expansion) {
        let union = self.union(item_ty);
        let mut kept = Vec::with_capacity(items.len());
        for mut item in items.drain(..) {
            if !self.holds(item_ty, &item) {
                if let Some(tag) = self.known_tag(&item) {
                    out.misplaced.push(Misplaced {
                        list: path.to_owned(),
                        tag: tag.to_owned(),
                        leaves: crate::count_leaves(&item),
                    });
                    continue;
                }
            }
            let Some(union) = union else {
                kept.push(item);
                continue;
            };
            self.retag(union, &mut item, path, out);
            match self.split(union, &item) {
                Some((pieces, split_off)) => {
                    out.splits.push(Split {
                        list: path.to_owned(),
                        union: union.name.to_owned(),
                        own: tag_value(&item, union.tag).unwrap_or_default().to_owned(),
                        split_off,
                    });
                    kept.extend(pieces);
                }
                None => kept.push(item),
            }
        }
        *items = kept;
        for item in items.iter_mut() {
            self.value(item_ty, item, path, out);
        }
    }

    /// The first tag of a tagged union of the spec that `item` carries, when its value
    /// names one of that union's variants.
    fn known_tag<'v>(&self, item: &'v Value) -> Option<&'v str> {
        self.tags
            .iter()
            .find_map(|(tag, values)| tag_value(item, tag).filter(|v| values.contains(v)))
    }

    /// Whether a list of `ty` can hold `item`: when `ty` is a tagged union, it has a
    /// variant for the item's tag; when `ty` is a variant type of tagged unions (a list of
    /// `RichTextSection`), an item carrying one of their tags has this variant's value.
    /// Lists of anything else hold what they are given. An emptied tag is held by none.
    fn holds(&self, ty: &Ty, item: &Value) -> bool {
        if let Some(union) = self.union(ty) {
            return tag_value(item, union.tag).is_some_and(|t| union.variant(t).is_some());
        }
        let Ty::Named { name, common } = ty else {
            return true;
        };
        let Some(tags) = self.variant_tags.get(&(name.as_str(), *common)) else {
            return true;
        };
        tags.iter().all(|(tag, _)| match tag_value(item, tag) {
            Some(v) => tags.iter().any(|(t, w)| t == tag && *w == v),
            None => true,
        })
    }

    /// How well `item` fits an object type with `fields`: how many of its keys (but
    /// `skip`, the tag) are among them in their shape; `None` when it lacks one of them
    /// that is required.
    fn fit(&self, fields: &[Field], item: &Map<String, Value>, skip: &str) -> Option<usize> {
        let complete = fields
            .iter()
            .all(|f| !f.required || f.name == skip || item.contains_key(&f.name));
        complete.then(|| {
            item.iter()
                .filter(|(k, v)| {
                    *k != skip && fields.iter().any(|f| f.name == **k && self.fits(&f.ty, v))
                })
                .count()
        })
    }

    /// The variant of `union` that `item` fits best (see [`Walk::fit`]; the first of
    /// equals), when it fits one by at least one key.
    fn best_variant(&self, union: Union<'a>, item: &Map<String, Value>) -> Option<&'a Variant> {
        let mut best: Option<(&Variant, usize)> = None;
        for variant in union.variants.iter().filter(|v| v.tag_value.is_some()) {
            let Some(score) = self.fit(self.variant_fields(variant), item, union.tag) else {
                continue;
            };
            if score > 0 && best.is_none_or(|(_, b)| score > b) {
                best = Some((variant, score));
            }
        }
        best.map(|(v, _)| v)
    }

    /// How well a list of `ty` could hold `item`, whose tag was emptied: the best fit of
    /// one of the union's variants, or of the object type.
    fn list_fit(&self, ty: &Ty, item: &Map<String, Value>) -> Option<usize> {
        match self.union(ty) {
            Some(union) => union
                .variants
                .iter()
                .filter_map(|v| self.fit(self.variant_fields(v), item, union.tag))
                .max(),
            None => self.fit(self.fields(ty), item, ""),
        }
        .filter(|&n| n > 0)
    }

    /// Gives an object whose tag was emptied (`""`) the variant it fits best.
    fn retag(&self, union: Union<'a>, item: &mut Value, path: &str, out: &mut Expansion) {
        if tag_value(item, union.tag) != Some("") {
            return;
        }
        let Value::Object(map) = item else {
            return;
        };
        if let Some(tag) = self
            .best_variant(union, map)
            .and_then(|v| v.tag_value.clone())
        {
            map.insert(union.tag.to_owned(), Value::String(tag.clone()));
            out.retagged.push((path.to_owned(), tag));
        }
    }

    /// Whether `value` has the JSON shape of `ty` (`null` fits anything).
    fn fits(&self, ty: &Ty, value: &Value) -> bool {
        match (ty, value) {
            (_, Value::Null) | (Ty::Json, _) => true,
            (Ty::String, Value::String(_)) | (Ty::Boolean, Value::Bool(_)) => true,
            (Ty::Integer, Value::Number(n)) => n.is_i64() || n.is_u64(),
            (Ty::Number, Value::Number(_)) => true,
            (Ty::IntegerOrString, Value::Number(_) | Value::String(_)) => true,
            (Ty::Array(_), Value::Array(_)) | (Ty::Map(_), Value::Object(_)) => true,
            (Ty::Named { name, common }, value) => {
                match self.named(name, *common).map(|t| &t.kind) {
                    Some(TypeKind::Enum(_)) => value.is_string(),
                    Some(TypeKind::Object(_) | TypeKind::OneOf(_)) => value.is_object(),
                    None => false,
                }
            }
            _ => false,
        }
    }

    /// A merged item split into one item per variant whose fields it carries, its own
    /// variant's first; with each other variant and the keys it took. `None` when the
    /// item is not merged (or its tag names no variant).
    ///
    /// A value goes to the own variant when that variant has the field; else to every
    /// other variant that has the field in that shape. A list is shared out by element:
    /// an element stays in the own variant's list when that list can hold it, else goes
    /// to every other variant's list of that name that can; an element whose tag was
    /// emptied goes to the one list (the own one on a tie) with the variant it fits
    /// best. Another variant gets an item only when the item carries every field it
    /// requires; what no such variant takes stays with the own variant (untyped there
    /// when it is not its field).
    fn split(&self, union: Union<'a>, item: &Value) -> Option<(Vec<Value>, SplitOff)> {
        let tag = union.tag;
        let map = item.as_object()?;
        let own = union.variant(tag_value(item, tag)?)?;
        let own_fields = self.variant_fields(own);
        let others: Vec<(&Variant, &[Field])> = union
            .variants
            .iter()
            .filter(|v| !std::ptr::eq(*v, own) && v.tag_value.is_some())
            .map(|v| (v, self.variant_fields(v)))
            .collect();
        // What each other variant would take.
        let mut picks: Vec<Picks> = vec![Vec::new(); others.len()];
        for (key, value) in map.iter().filter(|(k, _)| *k != tag) {
            let own_field = own_fields.iter().find(|f| f.name == *key);
            // The other variants' fields of this name and shape.
            let theirs: Vec<(usize, &Field)> = others
                .iter()
                .enumerate()
                .filter_map(|(i, (_, fields))| {
                    let field = fields
                        .iter()
                        .find(|f| f.name == *key && self.fits(&f.ty, value))?;
                    Some((i, field))
                })
                .collect();
            let Value::Array(elements) = value else {
                if own_field.is_none() {
                    for (i, _) in theirs {
                        picks[i].push((key, None));
                    }
                }
                continue;
            };
            let own_list = own_field.and_then(Self::list_item);
            if own_field.is_some() && own_list.is_none() {
                continue;
            }
            if own_field.is_none() && elements.is_empty() {
                for (i, _) in theirs {
                    picks[i].push((key, Some(Vec::new())));
                }
                continue;
            }
            let mut taken: Vec<Vec<usize>> = vec![Vec::new(); others.len()];
            for (n, element) in elements.iter().enumerate() {
                let emptied = self
                    .known_or_emptied(element)
                    .is_some_and(|(_, v)| v.is_empty());
                if emptied {
                    let Some(element) = element.as_object() else {
                        continue;
                    };
                    let stay = own_list.and_then(|t| self.list_fit(t, element));
                    let best = theirs
                        .iter()
                        .filter_map(|(i, f)| {
                            Some((*i, self.list_fit(Self::list_item(f)?, element)?))
                        })
                        .fold(None::<(usize, usize)>, |best, (i, n)| match best {
                            Some((_, b)) if b >= n => best,
                            _ => Some((i, n)),
                        });
                    if let Some((i, score)) = best {
                        if stay.is_none_or(|s| score > s) {
                            taken[i].push(n);
                        }
                    }
                    continue;
                }
                if own_list.is_some_and(|t| self.holds(t, element)) {
                    continue;
                }
                for (i, field) in &theirs {
                    if Self::list_item(field).is_some_and(|t| self.holds(t, element)) {
                        taken[*i].push(n);
                    }
                }
            }
            for (i, taken) in taken.into_iter().enumerate() {
                if !taken.is_empty() {
                    picks[i].push((key, Some(taken)));
                }
            }
        }
        // The other variants' items; one whose required fields the item does not carry
        // was not merged into it.
        let mut pieces: Vec<(usize, Map<String, Value>)> = Vec::new();
        for (i, picks) in picks.iter().enumerate() {
            let mut piece = Map::new();
            for (key, pick) in picks {
                let value = match (pick, &map[*key]) {
                    (Some(taken), Value::Array(elements)) => {
                        Value::Array(taken.iter().map(|&n| elements[n].clone()).collect())
                    }
                    (_, value) => value.clone(),
                };
                piece.insert((*key).to_owned(), value);
            }
            let complete = others[i]
                .1
                .iter()
                .all(|f| !f.required || f.name == tag || piece.contains_key(&f.name));
            if !piece.is_empty() && complete {
                pieces.push((i, piece));
            }
        }
        if pieces.is_empty() {
            return None;
        }
        // The own variant keeps the rest.
        let mut kept = Map::new();
        for (key, value) in map {
            let taken: Vec<&Option<Vec<usize>>> = pieces
                .iter()
                .flat_map(|(i, _)| picks[*i].iter().filter(|(k, _)| *k == key))
                .map(|(_, pick)| pick)
                .collect();
            match value {
                _ if taken.is_empty() => {
                    kept.insert(key.clone(), value.clone());
                }
                Value::Array(elements) if taken.iter().all(|t| t.is_some()) => {
                    let stay: Vec<Value> = (0..elements.len())
                        .filter(|n| {
                            !taken
                                .iter()
                                .any(|t| t.as_ref().is_some_and(|t| t.contains(n)))
                        })
                        .map(|n| elements[n].clone())
                        .collect();
                    if !stay.is_empty() || own_fields.iter().any(|f| f.name == *key) {
                        kept.insert(key.clone(), Value::Array(stay));
                    }
                }
                _ => {}
            }
        }
        let mut items = vec![Value::Object(kept)];
        let mut split_off = Vec::new();
        for (i, piece) in pieces {
            let tag_value = others[i].0.tag_value.clone().unwrap_or_default();
            split_off.push((tag_value.clone(), piece.keys().cloned().collect()));
            let mut object = Map::new();
            object.insert(tag.to_owned(), Value::String(tag_value));
            object.extend(piece);
            items.push(Value::Object(object));
        }
        Some((items, split_off))
    }

    /// The first tag of a tagged union of the spec that `item` carries, with its value,
    /// when the value names a variant or is empty.
    fn known_or_emptied<'v>(&self, item: &'v Value) -> Option<(&'a str, &'v str)> {
        self.tags.iter().find_map(|(tag, values)| {
            let v = tag_value(item, tag)?;
            (v.is_empty() || values.contains(&v)).then_some((*tag, v))
        })
    }
}

/// A variant's type.
fn variant_ty(variant: &Variant) -> Ty {
    Ty::Named {
        name: variant.ty.clone(),
        common: variant.common,
    }
}
