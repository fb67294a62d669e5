//! Every limit of `spec/block-kit/*.yaml`, checked by `validate()` at the limit (no
//! violation there) and just past it (one violation, naming the JSON path). Table-driven
//! from the spec: each limit starts from an example of its type (`tests/block-kit/`, or the
//! first one found inside another example), sets the field to a value of the right size,
//! and decodes the result into its type by name; then again inside the example that holds
//! it, to check the path through lists, maps and unions (`elements[2].options[0].text`).

mod common;

use std::collections::{BTreeMap, BTreeSet};

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use slack_model::block_kit::*;
use slack_model::validate::join;
use slack_model::{lenient, Validate, Violation};

use common::examples::{self, Example};
use common::spec::{Field, Limit, Limits, Rule, Spec, Ty};
use common::walk::{walk, Node};

type Check = fn(Value) -> Result<Vec<Violation>, String>;

/// Decodes `json` as `T` (every field typed) and returns what `validate()` finds.
fn validate_as<T: DeserializeOwned + Validate>(json: Value) -> Result<Vec<Violation>, String> {
    let (value, reports) = lenient::collect(|| serde_json::from_value::<T>(json));
    let value = value.map_err(|e| format!("does not decode: {e}"))?;
    if !reports.is_empty() {
        return Err(format!("fields of another shape: {reports:?}"));
    }
    Ok(value.validate().err().unwrap_or_default())
}

/// Type name → decode and validate, for every type that checks limits.
macro_rules! validators {
    ($($ty:ident),* $(,)?) => {
        fn validators() -> BTreeMap<&'static str, Check> {
            BTreeMap::from([$((stringify!($ty), validate_as::<$ty> as Check)),*])
        }
    };
}

validators! {
    ActionsBlock, AlertBlock, BlockKitViewState, Button, CallBlock, CardBlock, CarouselBlock,
    ChannelsSelect, Checkboxes, CheckboxesState, ConfirmationDialog, ContainerBlock,
    ContextActionsBlock, ContextBlock, ConversationFilter, ConversationsSelect, DataTableBlock,
    DataTableBlockRawNumber, DataVisualizationBlock, DataVisualizationBlockAreaChart,
    DataVisualizationBlockAxisConfig, DataVisualizationBlockBarChart,
    DataVisualizationBlockDataPoint, DataVisualizationBlockLineChart,
    DataVisualizationBlockPieChart, DataVisualizationBlockSegment,
    DataVisualizationBlockSeries, DatePicker, DatetimePicker, DividerBlock, EmailInput,
    ExternalSelect, ExternalSelectState, FeedbackButton, FeedbackButtons, FileBlock, FileInput,
    HeaderBlock, HomeView, IconButton, ImageBlock, ImageElement, InputBlock, MarkdownBlock,
    MessagePayload, ModalView, Mrkdwn, MultiChannelsSelect, MultiConversationsSelect, MultiExternalSelect,
    MultiExternalSelectState, MultiStaticSelect, MultiStaticSelectState, MultiUsersSelect,
    NumberInput, OptionGroup, Overflow, PlainText, PlainTextInput, PlanBlock, PlanBlockTask,
    RadioButtons, RadioButtonsState, RawText, RichTextBlock, RichTextInput, RichTextInputState,
    RichTextList, RichTextPreformatted, RichTextQuote, SectionBlock, SelectOption,
    ShareShortcutBlock, StaticSelect, StaticSelectState, TableBlock, TaskCardBlock, TimePicker,
    Unfurl, UrlInput, UsersSelect, VideoBlock, WorkflowButton,
}

#[test]
fn the_registry_covers_every_type_with_limits_and_every_type_holding_one() {
    let spec = Spec::load();
    let registry: BTreeSet<String> = validators().keys().map(|k| k.to_string()).collect();
    let limited: BTreeSet<String> = spec.limits().into_iter().map(|l| l.ty).collect();
    let missing: Vec<_> = limited.difference(&registry).collect();
    assert!(
        missing.is_empty(),
        "types with limits missing from validators!: {missing:?}"
    );
    let validated = spec.validated();
    assert_eq!(
        registry, validated,
        "validators! should list exactly the types with a limit or holding one"
    );
}

/// The examples, and every Block Kit object in them.
struct Corpus<'v> {
    examples: &'v [Example],
    /// (index of the example, the object), in file order, parents first.
    nodes: Vec<(usize, Node<'v>)>,
}

impl<'v> Corpus<'v> {
    fn new(spec: &Spec, examples: &'v [Example]) -> Self {
        let nodes = examples
            .iter()
            .enumerate()
            .flat_map(|(i, e)| {
                walk(spec, &e.ty, &e.json)
                    .objects
                    .into_iter()
                    .map(move |n| (i, n))
            })
            .collect();
        Corpus { examples, nodes }
    }

    /// The first object of one of these types.
    fn first_of(&self, types: &[&str]) -> Option<&'v Value> {
        self.nodes
            .iter()
            .find(|(_, n)| types.contains(&n.ty.as_str()))
            .map(|(_, n)| n.value)
    }
}

/// Where a limit is tried: `root`, decoded as `root_ty`, with the object of the limited type
/// at `pointer` (`path` as `validate()` names it).
#[derive(Clone)]
struct Context {
    root_ty: String,
    root: Value,
    pointer: String,
    path: String,
    /// The field the object is the value of, whose own length limit counts its text too.
    holder: Option<Field>,
    /// Where it came from, for messages.
    from: String,
}

impl Context {
    /// A copy of the root with the limited object changed by `change`.
    fn with(&self, change: impl FnOnce(&mut Map<String, Value>)) -> Value {
        let mut root = self.root.clone();
        let object = root
            .pointer_mut(&self.pointer)
            .and_then(Value::as_object_mut)
            .expect("the pointer names an object");
        change(object);
        root
    }
}

/// The contexts to try a limit of `ty` in: the type on its own (its example, or the first
/// one inside another example), and inside the first example that holds one.
fn contexts(
    corpus: &Corpus,
    validators: &BTreeMap<&str, Check>,
    ty: &str,
    usable: impl Fn(&Value) -> bool,
) -> Vec<Context> {
    let candidates: Vec<&(usize, Node)> = corpus
        .nodes
        .iter()
        .filter(|(_, n)| n.ty == ty && usable(n.value))
        .collect();
    let own = candidates
        .iter()
        .find(|(_, n)| n.pointer.is_empty())
        .or(candidates.first())
        .map(|(i, n)| Context {
            root_ty: ty.to_owned(),
            root: n.value.clone(),
            pointer: String::new(),
            path: String::new(),
            holder: None,
            from: format!("{}{}", corpus.examples[*i].file, n.pointer),
        });
    let nested = candidates
        .iter()
        .find(|(i, n)| {
            !n.pointer.is_empty() && validators.contains_key(corpus.examples[*i].ty.as_str())
        })
        .map(|(i, n)| Context {
            root_ty: corpus.examples[*i].ty.clone(),
            root: corpus.examples[*i].json.clone(),
            pointer: n.pointer.clone(),
            path: n.path.clone(),
            holder: n.holder.clone(),
            from: format!("{}{}", corpus.examples[*i].file, n.pointer),
        });
    own.into_iter().chain(nested).collect()
}

/// A string of `n` characters (not bytes: `é` is two).
fn chars(n: u64) -> Value {
    Value::String("é".repeat(n as usize))
}

/// A limit on the length of a text: where it is and its bounds.
struct Measure {
    path: String,
    min: Option<u64>,
    max: Option<u64>,
}

impl Measure {
    fn of(path: String, limits: &Limits) -> Option<Measure> {
        limits.has_length().then_some(Measure {
            path,
            min: limits.min_length,
            max: limits.max_length,
        })
    }

    fn broken_by(&self, n: u64) -> bool {
        self.max.is_some_and(|max| n > max) || self.min.is_some_and(|min| n < min)
    }
}

/// Sets `field` of the object at `ctx` to a text of `n` characters (the `length` field of a
/// text object); returns the value and every limit that counts those characters: the
/// field's, the text object's own, and the holder's when the field is the object's
/// `length`.
fn with_length(
    spec: &Spec,
    corpus: &Corpus,
    ctx: &Context,
    ty: &str,
    field: &Field,
    n: u64,
) -> Result<(Value, Vec<Measure>), String> {
    let at = join(&ctx.path, &field.name);
    let mut measures: Vec<Measure> = Measure::of(at.clone(), &field.limits).into_iter().collect();
    let value = match &field.ty {
        Ty::String => {
            let holder = ctx
                .holder
                .as_ref()
                .filter(|_| spec.types[ty].length.as_deref() == Some(field.name.as_str()));
            measures.extend(holder.and_then(|h| Measure::of(ctx.path.clone(), &h.limits)));
            ctx.with(|o| {
                o.insert(field.name.clone(), chars(n));
            })
        }
        Ty::Named(name) => {
            let shapes: Vec<&str> = spec
                .shapes(name)
                .into_iter()
                .filter(|s| s.length.is_some())
                .map(|s| s.name.as_str())
                .collect();
            let current = ctx.root.pointer(&ctx.pointer).unwrap().get(&field.name);
            let mut text = match current {
                Some(text) => text.clone(),
                None => corpus
                    .first_of(&shapes)
                    .ok_or("no text object to start from")?
                    .clone(),
            };
            let shape = spec
                .resolve(name, &text)
                .filter(|s| s.length.is_some())
                .ok_or_else(|| format!("{} is not a text object with a length", field.name))?;
            let key = shape.length.clone().unwrap();
            text[&key] = chars(n);
            let inner = shape.field(&key).unwrap();
            measures.extend(Measure::of(join(&at, &key), &inner.limits));
            ctx.with(|o| {
                o.insert(field.name.clone(), text);
            })
        }
        other => return Err(format!("a length limit on a field of type {other:?}")),
    };
    Ok((value, measures))
}

/// `n` copies of the first item of `list` (of the first whose type has `unique` when set),
/// each with its own `unique` value.
fn copies(spec: &Spec, field: &Field, list: &[Value], n: u64, unique: Option<&str>) -> Vec<Value> {
    let Ty::Array(item_ty) = &field.ty else {
        unreachable!("an item limit is on a list")
    };
    let base = list
        .iter()
        .find(|item| match (unique, item_ty.as_ref()) {
            (Some(key), Ty::Named(name)) => spec
                .resolve(name, item)
                .is_some_and(|s| s.field(key).is_some()),
            _ => true,
        })
        .expect("an item to copy");
    (0..n)
        .map(|i| {
            let mut item = base.clone();
            if let Some(key) = unique {
                item[key] = Value::String(format!("{key}-{i}"));
            }
            item
        })
        .collect()
}

/// One value to validate: at a limit or just past it, and the paths of the violations
/// expected (at a limit, only those of other limits counting the same text).
struct Try {
    what: String,
    value: Value,
    expected: Vec<String>,
}

struct Tally {
    limits: usize,
    contexts: usize,
    tries: usize,
    failures: Vec<String>,
}

impl Tally {
    /// Validates the try's value and compares the paths of the violations with those
    /// expected; at the limit, `target` (the limited field) must have none.
    fn check(
        &mut self,
        validators: &BTreeMap<&str, Check>,
        limit: &Limit,
        ctx: &Context,
        target: &str,
        mut attempt: Try,
    ) {
        self.tries += 1;
        let at = format!(
            "{limit} {} (from {} as {})",
            attempt.what, ctx.from, ctx.root_ty
        );
        let found = match validators[ctx.root_ty.as_str()](attempt.value) {
            Ok(found) => found,
            Err(e) => return self.failures.push(format!("{at}: {e}")),
        };
        let mut paths: Vec<&str> = found.iter().map(|v| v.path.as_str()).collect();
        paths.sort();
        attempt.expected.sort();
        if paths != attempt.expected {
            let found: Vec<String> = found.iter().map(|v| v.to_string()).collect();
            let expected = &attempt.expected;
            self.failures.push(format!(
                "{at}: expected violations at {expected:?}, found {found:?}"
            ));
        } else if attempt.what.starts_with("at") && paths.contains(&target) {
            self.failures
                .push(format!("{at}: a violation at {target} at the limit"));
        }
    }
}

/// The list `field` of the object at `ctx`.
fn list_of(ctx: &Context, field: &Field) -> Vec<Value> {
    ctx.root.pointer(&ctx.pointer).unwrap()[&field.name]
        .as_array()
        .unwrap()
        .clone()
}

/// The object at `ctx` with `field` set to `value`.
fn set(ctx: &Context, field: &Field, value: Value) -> Value {
    ctx.with(|o| {
        o.insert(field.name.clone(), value);
    })
}

fn length_tries(
    spec: &Spec,
    corpus: &Corpus,
    ctx: &Context,
    ty: &str,
    field: &Field,
    (at, over): (u64, u64),
) -> Result<Vec<Try>, String> {
    [("at", at), ("over", over)]
        .into_iter()
        .map(|(what, n)| {
            let (value, measures) = with_length(spec, corpus, ctx, ty, field, n)?;
            let expected = measures
                .iter()
                .filter(|m| m.broken_by(n))
                .map(|m| m.path.clone());
            Ok(Try {
                what: format!("{what} ({n} characters)"),
                value,
                expected: expected.collect(),
            })
        })
        .collect()
}

fn item_tries(spec: &Spec, ctx: &Context, field: &Field, (at, over): (u64, u64)) -> Vec<Try> {
    let list = list_of(ctx, field);
    let unique = field.limits.unique_by.as_deref();
    let target = join(&ctx.path, &field.name);
    [("at", at, vec![]), ("over", over, vec![target])]
        .into_iter()
        .map(|(what, n, expected)| Try {
            what: format!("{what} ({n} items)"),
            value: set(
                ctx,
                field,
                Value::Array(copies(spec, field, &list, n, unique)),
            ),
            expected,
        })
        .collect()
}

fn unique_tries(spec: &Spec, ctx: &Context, field: &Field, key: &str) -> Vec<Try> {
    let distinct = copies(spec, field, &list_of(ctx, field), 2, Some(key));
    let mut twice = distinct.clone();
    twice[1][key] = twice[0][key].clone();
    let repeat = format!("{}[1].{key}", join(&ctx.path, &field.name));
    vec![
        Try {
            what: "at (distinct)".to_owned(),
            value: set(ctx, field, Value::Array(distinct)),
            expected: vec![],
        },
        Try {
            what: "over (repeated)".to_owned(),
            value: set(ctx, field, Value::Array(twice)),
            expected: vec![repeat],
        },
    ]
}

fn number_tries(ctx: &Context, field: &Field, (at, over): (f64, f64)) -> Vec<Try> {
    let target = join(&ctx.path, &field.name);
    [("at", at, vec![]), ("over", over, vec![target])]
        .into_iter()
        .map(|(what, x, expected)| {
            let number = match field.ty {
                Ty::Integer => Value::from(x as i64),
                _ => Value::from(x),
            };
            Try {
                what: format!("{what} ({number})"),
                value: set(ctx, field, number),
                expected,
            }
        })
        .collect()
}

fn try_field_limit(
    spec: &Spec,
    corpus: &Corpus,
    validators: &BTreeMap<&str, Check>,
    limit: &Limit,
    tally: &mut Tally,
) {
    let field = spec.types[&limit.ty]
        .field(limit.field.as_deref().unwrap())
        .unwrap();
    let has_items = |v: &Value| {
        v.get(&field.name)
            .and_then(Value::as_array)
            .is_some_and(|a| !a.is_empty())
    };
    let needs_items = matches!(
        limit.rule,
        Rule::MaxItems(_) | Rule::MinItems(_) | Rule::UniqueBy(_)
    );
    let contexts = contexts(corpus, validators, &limit.ty, |v| {
        !needs_items || has_items(v)
    });
    if contexts.is_empty() {
        tally
            .failures
            .push(format!("{limit}: no example to start from"));
        return;
    }
    for ctx in &contexts {
        tally.contexts += 1;
        let tries = match &limit.rule {
            Rule::MaxLength(n) => length_tries(spec, corpus, ctx, &limit.ty, field, (*n, n + 1)),
            Rule::MinLength(n) => length_tries(spec, corpus, ctx, &limit.ty, field, (*n, n - 1)),
            Rule::MaxItems(n) => Ok(item_tries(spec, ctx, field, (*n, n + 1))),
            Rule::MinItems(n) => Ok(item_tries(spec, ctx, field, (*n, n - 1))),
            Rule::UniqueBy(key) => Ok(unique_tries(spec, ctx, field, key)),
            Rule::Max(x) => Ok(number_tries(ctx, field, (*x, x + 1.0))),
            Rule::Min(x) => Ok(number_tries(ctx, field, (*x, x - 1.0))),
            Rule::MaxPerList(_)
            | Rule::MaxLengthPerList(_)
            | Rule::Surface(_)
            | Rule::OnePer(_)
            | Rule::ElementSurfaces(_) => unreachable!("tried on its own"),
        };
        match tries {
            Ok(tries) => {
                let target = join(&ctx.path, &field.name);
                for attempt in tries {
                    tally.check(validators, limit, ctx, &target, attempt);
                }
            }
            Err(e) => tally
                .failures
                .push(format!("{limit} (from {}): {e}", ctx.from)),
        }
    }
}

/// What a per-list limit counts: blocks, or the characters of all blocks of the type.
enum PerList {
    Count(u64),
    Chars(u64),
}

/// The two blocks, their `length` fields holding `n` characters between them.
fn split_text(spec: &Spec, ty: &str, mut two: Vec<Value>, n: u64) -> Vec<Value> {
    let key = spec.types[ty]
        .length
        .as_deref()
        .expect("a type with `length`");
    for (block, part) in two.iter_mut().zip([n / 2, n - n / 2]) {
        block[key] = chars(part);
    }
    two
}

/// `max_per_list` (or `max_length_per_list`) of a block type: tried in every list of a
/// union holding it.
fn try_per_list(
    spec: &Spec,
    corpus: &Corpus,
    validators: &BTreeMap<&str, Check>,
    limit: &Limit,
    (max, list_of_n): (u64, fn(u64) -> PerList),
    tally: &mut Tally,
) {
    let Some(block) = corpus.first_of(&[limit.ty.as_str()]) else {
        tally.failures.push(format!("{limit}: no example"));
        return;
    };
    let mut holders = 0;
    for holder in spec.objects() {
        for field in holder.fields() {
            let Ty::Array(item) = &field.ty else { continue };
            let Ty::Named(union) = item.as_ref() else {
                continue;
            };
            let holds = spec.get(union).is_some_and(|u| !u.is_object())
                && spec.shapes(union).iter().any(|s| s.name == limit.ty);
            let block_ty = &spec.types[&limit.ty];
            let elsewhere =
                field.limits.surface.as_ref().is_some_and(|on| {
                    !block_ty.surfaces.is_empty() && !block_ty.surfaces.contains(on)
                });
            if !holds || elsewhere {
                continue;
            }
            holders += 1;
            for ctx in contexts(corpus, validators, &holder.name, |_| true) {
                tally.contexts += 1;
                let target = join(&ctx.path, &field.name);
                let unique = field.limits.unique_by.as_deref();
                let list = [block.clone()];
                for (what, n, expected) in
                    [("at", max, vec![]), ("over", max + 1, vec![target.clone()])]
                {
                    let blocks = match list_of_n(n) {
                        PerList::Count(n) => copies(spec, field, &list, n, unique),
                        PerList::Chars(n) => {
                            let two = copies(spec, field, &list, 2, unique);
                            split_text(spec, &limit.ty, two, n)
                        }
                    };
                    let attempt = Try {
                        what: format!("{what} ({n} in {}.{})", holder.name, field.name),
                        value: set(&ctx, field, Value::Array(blocks)),
                        expected,
                    };
                    tally.check(validators, limit, &ctx, &target, attempt);
                }
            }
        }
    }
    if holders == 0 {
        tally
            .failures
            .push(format!("{limit}: no list of blocks holds it"));
    }
}

/// `surface` of a list of blocks: each block type the union holds, alone in the list, is
/// refused where its `surfaces` leave the list's surface out, and accepted elsewhere.
fn try_surface(
    spec: &Spec,
    corpus: &Corpus,
    validators: &BTreeMap<&str, Check>,
    limit: &Limit,
    surface: &str,
    tally: &mut Tally,
) {
    let field = spec.types[&limit.ty]
        .field(limit.field.as_deref().unwrap())
        .unwrap();
    let Ty::Array(item) = &field.ty else {
        return tally.failures.push(format!("{limit}: not a list"));
    };
    let Ty::Named(union) = item.as_ref() else {
        return tally
            .failures
            .push(format!("{limit}: not a list of blocks"));
    };
    let (mut refused, mut allowed) = (0, 0);
    for ctx in contexts(corpus, validators, &limit.ty, |_| true) {
        tally.contexts += 1;
        let target = join(&ctx.path, &field.name);
        for block in spec.shapes(union) {
            let Some(example) = corpus.first_of(&[block.name.as_str()]) else {
                continue;
            };
            let wrong = !block.surfaces.is_empty() && !block.surfaces.iter().any(|s| s == surface);
            let at = format!("{target}[0]");
            let inside = refused_inside(spec, &block.name, example, surface);
            let mut expected: Vec<String> = inside.iter().map(|p| join(&at, p)).collect();
            if wrong {
                expected.push(at);
            }
            if wrong {
                refused += 1;
            } else {
                allowed += 1;
            }
            let attempt = Try {
                what: format!("over (a {} in {})", block.name, target),
                value: set(&ctx, field, Value::Array(vec![example.clone()])),
                expected,
            };
            tally.check(validators, limit, &ctx, &target, attempt);
        }
    }
    if refused == 0 || allowed == 0 {
        tally.failures.push(format!(
            "{limit}: {refused} block type(s) refused and {allowed} allowed; expected some of each"
        ));
    }
}

/// The paths (from `value`, a block of type `ty`) of the elements inside it whose type's
/// `surfaces` leave `surface` out.
fn refused_inside(spec: &Spec, ty: &str, value: &Value, surface: &str) -> Vec<String> {
    walk(spec, ty, value)
        .objects
        .into_iter()
        .filter(|n| !n.pointer.is_empty() && !spec.is_block(&n.ty))
        .filter(|n| {
            let s = &spec.types[&n.ty].surfaces;
            !s.is_empty() && !s.iter().any(|s| s == surface)
        })
        .map(|n| n.path)
        .collect()
}

/// A block of `union` allowed on `surface` (its example), holding `element` (of type `ty`)
/// in the first field that can: the block, and where the element is in it (`element`,
/// `elements[0]`, `accessory`). Blocks holding other elements refused on `surface` are
/// passed over.
fn carrier(
    spec: &Spec,
    corpus: &Corpus,
    (union, surface): (&str, &str),
    ty: &str,
    element: &Value,
) -> Option<(Value, String)> {
    let holds = |t: &Ty| match t {
        Ty::Named(u) => spec.shapes(u).iter().any(|s| s.name == ty),
        _ => false,
    };
    for block in spec.shapes(union) {
        if !block.surfaces.is_empty() && !block.surfaces.iter().any(|s| s == surface) {
            continue;
        }
        let Some(example) = corpus.first_of(&[block.name.as_str()]) else {
            continue;
        };
        for field in block.fields() {
            let (value, at) = match &field.ty {
                t if holds(t) => (element.clone(), field.name.clone()),
                Ty::Array(item) if holds(item) => (
                    Value::Array(vec![element.clone()]),
                    format!("{}[0]", field.name),
                ),
                _ => continue,
            };
            let mut carrier = example.clone();
            carrier[&field.name] = value;
            let refused = refused_inside(spec, &block.name, &carrier, surface);
            if refused.iter().all(|p| *p == at) {
                return Some((carrier, at));
            }
        }
    }
    None
}

/// The union of blocks a list holds.
fn union_of(field: &Field) -> &str {
    match &field.ty {
        Ty::Array(item) => match item.as_ref() {
            Ty::Named(union) => union,
            other => panic!("a list of blocks of {other:?}"),
        },
        other => panic!("a list of blocks is an array, not {other:?}"),
    }
}

/// `surfaces` of an element type: its example, in a block allowed there, in every list of
/// blocks with a `surface`, is refused (at its path) where its `surfaces` leave the list's
/// surface out, and accepted elsewhere; each surface is tried.
fn try_element_surfaces(
    spec: &Spec,
    corpus: &Corpus,
    validators: &BTreeMap<&str, Check>,
    limit: &Limit,
    surfaces: &[String],
    tally: &mut Tally,
) {
    let Some(element) = corpus.first_of(&[limit.ty.as_str()]) else {
        return tally.failures.push(format!("{limit}: no example"));
    };
    let mut tried = BTreeSet::new();
    for (holder, list) in spec.surface_lists() {
        let surface = list.limits.surface.as_deref().unwrap();
        let found = carrier(spec, corpus, (union_of(list), surface), &limit.ty, element);
        let Some((block, at)) = found else { continue };
        for ctx in contexts(corpus, validators, &holder.name, |_| true) {
            tally.contexts += 1;
            let path = join(&format!("{}[0]", join(&ctx.path, &list.name)), &at);
            let wrong = !surfaces.iter().any(|s| s == surface);
            let (what, expected) = if wrong {
                ("over", vec![path.clone()])
            } else {
                ("at", vec![])
            };
            let attempt = Try {
                what: format!("{what} (a {} at {path}, a {surface})", limit.ty),
                value: set(&ctx, list, Value::Array(vec![block.clone()])),
                expected,
            };
            tally.check(validators, limit, &ctx, &path, attempt);
            tried.insert(surface.to_owned());
        }
    }
    for surface in ["message", "modal", "home"] {
        if !tried.contains(surface) {
            let msg = format!("{limit}: never tried in a {surface} (no block to hold it)");
            tally.failures.push(msg);
        }
    }
}

/// Whether a list of blocks on `surface` is one `scope` of a `one_per` (`view`: a modal's
/// or a Home tab's blocks).
fn in_scope(scope: &str, surface: &str) -> bool {
    scope == "view" && matches!(surface, "modal" | "home")
}

/// `one_per` of a boolean field of an element: in every list of blocks that is such a
/// scope (and that the element may be in), two blocks each holding the element with the
/// field `true` are refused at the second element; one is accepted.
fn try_one_per(
    spec: &Spec,
    corpus: &Corpus,
    validators: &BTreeMap<&str, Check>,
    limit: &Limit,
    scope: &str,
    tally: &mut Tally,
) {
    let key = limit.field.as_deref().unwrap();
    let Some(example) = corpus.first_of(&[limit.ty.as_str()]) else {
        return tally.failures.push(format!("{limit}: no example"));
    };
    let mut element = example.clone();
    element[key] = Value::Bool(true);
    let allowed = &spec.types[&limit.ty].surfaces;
    let mut tried = 0;
    for (holder, list) in spec.surface_lists() {
        let surface = list.limits.surface.as_deref().unwrap();
        if !in_scope(scope, surface)
            || !(allowed.is_empty() || allowed.iter().any(|s| s == surface))
        {
            continue;
        }
        let found = carrier(spec, corpus, (union_of(list), surface), &limit.ty, &element);
        let Some((block, at)) = found else { continue };
        for ctx in contexts(corpus, validators, &holder.name, |_| true) {
            tally.contexts += 1;
            tried += 1;
            let target = join(&ctx.path, &list.name);
            let second = join(&format!("{target}[1]"), &at);
            let unique = list.limits.unique_by.as_deref();
            for (what, n, expected) in [("at", 1, vec![]), ("over", 2, vec![second.clone()])] {
                let blocks = copies(spec, list, std::slice::from_ref(&block), n, unique);
                let attempt = Try {
                    what: format!("{what} ({n} with {key} true in {target})"),
                    value: set(&ctx, list, Value::Array(blocks)),
                    expected,
                };
                tally.check(validators, limit, &ctx, &second, attempt);
            }
        }
    }
    if tried == 0 {
        let msg = format!("{limit}: no list of blocks that is a {scope} could hold it");
        tally.failures.push(msg);
    }
}

#[test]
fn every_limit_holds_at_the_limit_and_breaks_just_past_it() {
    let spec = Spec::load();
    let examples = examples::load();
    let corpus = Corpus::new(&spec, &examples);
    let validators = validators();
    let limits = spec.limits();
    let mut tally = Tally {
        limits: 0,
        contexts: 0,
        tries: 0,
        failures: Vec::new(),
    };
    for limit in &limits {
        tally.limits += 1;
        match limit.rule {
            Rule::MaxPerList(max) => {
                let list = |n: u64| PerList::Count(n);
                try_per_list(&spec, &corpus, &validators, limit, (max, list), &mut tally)
            }
            Rule::MaxLengthPerList(max) => {
                let list = |n: u64| PerList::Chars(n);
                try_per_list(&spec, &corpus, &validators, limit, (max, list), &mut tally)
            }
            Rule::Surface(ref surface) => {
                try_surface(&spec, &corpus, &validators, limit, surface, &mut tally)
            }
            Rule::ElementSurfaces(ref surfaces) => {
                try_element_surfaces(&spec, &corpus, &validators, limit, surfaces, &mut tally)
            }
            Rule::OnePer(ref scope) => {
                try_one_per(&spec, &corpus, &validators, limit, scope, &mut tally)
            }
            _ => try_field_limit(&spec, &corpus, &validators, limit, &mut tally),
        }
    }
    println!(
        "{} limits of spec/block-kit exercised in {} contexts ({} tries)",
        tally.limits, tally.contexts, tally.tries
    );
    assert!(
        tally.failures.is_empty(),
        "{} failures:\n  {}",
        tally.failures.len(),
        tally.failures.join("\n  ")
    );
    assert_eq!(tally.limits, limits.len());
    assert!(tally.limits > 0, "no limits read from the spec");
}

/// A block inside another block is on the same surface: a `file` block (messages only) in a
/// container's `child_blocks` is refused in a modal as well as the container, each at its
/// own path; in a message both are fine.
#[test]
fn a_block_inside_a_container_is_checked_on_the_views_surface() {
    let container = serde_json::json!({
        "type": "container",
        "title": {"type": "plain_text", "text": "Files"},
        "child_blocks": [{"type": "file", "external_id": "ABCD1", "source": "remote"}],
    });
    let modal: ModalView = serde_json::from_value(serde_json::json!({
        "type": "modal",
        "title": {"type": "plain_text", "text": "Files"},
        "blocks": [container],
    }))
    .unwrap();
    let found = modal.validate().unwrap_err();
    let paths: Vec<&str> = found.iter().map(|v| v.path.as_str()).collect();
    assert_eq!(
        paths,
        ["blocks[0]", "blocks[0].child_blocks[0]"],
        "{found:?}"
    );
    assert!(found[1]
        .rule
        .contains("a `file` block is not allowed in a modal"));
    let message: MessagePayload =
        serde_json::from_value(serde_json::json!({"blocks": [container]})).unwrap();
    assert_eq!(message.validate(), Ok(()));
}
