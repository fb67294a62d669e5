//! Rules a value must meet that its types alone cannot say, checked on demand: the spec's
//! `checks`, and Slack's limits on fields (Block Kit's lengths, counts and unique IDs).
//! Generated types implement [`Validate`]; the limit helpers below are what their impls call.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::fmt;

use crate::{Dict, List};

/// A rule a value breaks, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Violation {
    /// Where in the response: `permissions.Ftt01.permissions[1]`.
    pub path: String,
    /// The rule, as the spec states it.
    pub rule: Cow<'static, str>,
}

impl Violation {
    pub fn new(path: &str, rule: impl Into<Cow<'static, str>>) -> Self {
        Violation {
            path: path.to_owned(),
            rule: rule.into(),
        }
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.rule)
    }
}

/// Checks a decoded value against the rules of its type.
pub trait Validate {
    /// Adds the rules broken in `self`, found at `path`, to `out`.
    fn validate_into(&self, path: &str, out: &mut Vec<Violation>);

    /// Every rule broken, or `Ok` when there is none.
    fn validate(&self) -> Result<(), Vec<Violation>> {
        let mut out = Vec::new();
        self.validate_into("", &mut out);
        if out.is_empty() {
            Ok(())
        } else {
            Err(out)
        }
    }
}

/// `path.key`, or `key` at the root.
pub fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

impl<T: Validate> Validate for Option<T> {
    fn validate_into(&self, path: &str, out: &mut Vec<Violation>) {
        if let Some(value) = self {
            value.validate_into(path, out);
        }
    }
}

impl<T: Validate> Validate for Box<T> {
    fn validate_into(&self, path: &str, out: &mut Vec<Violation>) {
        (**self).validate_into(path, out);
    }
}

impl<T: Validate> Validate for List<T> {
    fn validate_into(&self, path: &str, out: &mut Vec<Violation>) {
        for (i, item) in self.iter().enumerate() {
            item.validate_into(&format!("{path}[{i}]"), out);
        }
    }
}

impl<T: Validate> Validate for Dict<T> {
    fn validate_into(&self, path: &str, out: &mut Vec<Violation>) {
        for (key, value) in self {
            value.validate_into(&join(path, key), out);
        }
    }
}

/// A value a length limit counts the characters of: a string, or a Block Kit text object
/// (its `text`). `None`: nothing to count (absent, or a union's unknown variant).
pub trait Length {
    fn length(&self) -> Option<usize>;
}

impl Length for crate::Str {
    fn length(&self) -> Option<usize> {
        Some(self.chars().count())
    }
}

impl<T: Length> Length for Option<T> {
    fn length(&self) -> Option<usize> {
        self.as_ref().and_then(Length::length)
    }
}

impl<T: Length> Length for Box<T> {
    fn length(&self) -> Option<usize> {
        (**self).length()
    }
}

/// A list an item limit counts, and whose items `unique_by` reads.
pub trait Items {
    type Item;
    /// How many items, odd ones included; `None` when absent.
    fn count(&self) -> Option<usize>;
    /// The typed items.
    fn typed(&self) -> &[Self::Item];
}

impl<T> Items for List<T> {
    type Item = T;
    fn count(&self) -> Option<usize> {
        Some(self.len() + self.odd().len())
    }
    fn typed(&self) -> &[T] {
        self
    }
}

impl<T> Items for Vec<T> {
    type Item = T;
    fn count(&self) -> Option<usize> {
        Some(self.len())
    }
    fn typed(&self) -> &[T] {
        self
    }
}

impl<L: Items> Items for &L {
    type Item = L::Item;
    fn count(&self) -> Option<usize> {
        (**self).count()
    }
    fn typed(&self) -> &[L::Item] {
        (**self).typed()
    }
}

impl<L: Items> Items for Option<L> {
    type Item = L::Item;
    fn count(&self) -> Option<usize> {
        self.as_ref().and_then(Items::count)
    }
    fn typed(&self) -> &[L::Item] {
        self.as_ref().map_or(&[], Items::typed)
    }
}

/// An item whose string fields `unique_by` can read by JSON key.
pub trait Keyed {
    fn key(&self, field: &str) -> Option<&str>;
}

/// A boxed item (a large union variant) is keyed as the item.
impl<T: Keyed> Keyed for Box<T> {
    fn key(&self, field: &str) -> Option<&str> {
        (**self).key(field)
    }
}

/// A block of a list with per-list limits (one `table` per message; 12,000 characters of
/// `markdown` in all): its type and limits.
pub trait PerList {
    fn per_list(&self) -> Option<PerListLimits>;
}

/// A block's limits per list of blocks, and what it counts towards them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct PerListLimits {
    /// The block's type (`table`).
    pub kind: &'static str,
    /// At most this many blocks of the type in one list.
    pub max_count: Option<usize>,
    /// At most this many characters in all the blocks of the type in one list.
    pub max_length: Option<usize>,
    /// This block's characters (its type's `length`), when `max_length` is set.
    pub length: usize,
}

impl PerListLimits {
    /// A limit on how many blocks of type `kind` one list holds.
    pub fn count(kind: &'static str, max_count: Option<usize>) -> Self {
        PerListLimits {
            kind,
            max_count,
            max_length: None,
            length: 0,
        }
    }

    /// The limits of `block`, of type `kind`, whose characters count towards `max_length`
    /// in all the blocks of the type in one list.
    pub fn of<B: Length>(
        kind: &'static str,
        block: &B,
        max_count: Option<usize>,
        max_length: usize,
    ) -> Self {
        PerListLimits {
            kind,
            max_count,
            max_length: Some(max_length),
            length: block.length().unwrap_or(0),
        }
    }
}

/// Where blocks are shown: each block type allows some of these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Surface {
    /// A message (and its attachments).
    Message,
    /// A modal view.
    Modal,
    /// An app's Home tab.
    Home,
}

impl Surface {
    /// The surface's name in Slack's docs and in the spec: `message`, `modal`, `home`.
    pub fn as_str(self) -> &'static str {
        match self {
            Surface::Message => "message",
            Surface::Modal => "modal",
            Surface::Home => "home",
        }
    }
}

/// A number a `min`/`max` limit bounds.
pub trait Number {
    fn number(&self) -> Option<f64>;
}

impl Number for i64 {
    fn number(&self) -> Option<f64> {
        Some(*self as f64)
    }
}

impl Number for f64 {
    fn number(&self) -> Option<f64> {
        Some(*self)
    }
}

impl<T: Number> Number for Option<T> {
    fn number(&self) -> Option<f64> {
        self.as_ref().and_then(Number::number)
    }
}

fn plural(n: u64, one: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {one}s")
    }
}

fn bounds(
    path: &str,
    key: &str,
    got: usize,
    (min, max): (Option<u64>, Option<u64>),
    unit: &str,
    out: &mut Vec<Violation>,
) {
    let got = got as u64;
    if let Some(max) = max.filter(|max| got > *max) {
        let rule = format!("at most {} (Slack's limit), not {got}", plural(max, unit));
        out.push(Violation::new(&join(path, key), rule));
    }
    if let Some(min) = min.filter(|min| got < *min) {
        let rule = format!("at least {} (Slack's limit), not {got}", plural(min, unit));
        out.push(Violation::new(&join(path, key), rule));
    }
}

/// `min_length`/`max_length` of the field `key` (characters).
pub fn length(
    value: &impl Length,
    path: &str,
    key: &str,
    limits: (Option<u64>, Option<u64>),
    out: &mut Vec<Violation>,
) {
    if let Some(n) = value.length() {
        bounds(path, key, n, limits, "character", out);
    }
}

/// `min_items`/`max_items` of the list `key`.
pub fn items(
    value: &impl Items,
    path: &str,
    key: &str,
    limits: (Option<u64>, Option<u64>),
    out: &mut Vec<Violation>,
) {
    if let Some(n) = value.count() {
        bounds(path, key, n, limits, "item", out);
    }
}

/// `min`/`max` of the number `key`.
pub fn range(
    value: &impl Number,
    path: &str,
    key: &str,
    (min, max): (Option<f64>, Option<f64>),
    out: &mut Vec<Violation>,
) {
    let Some(x) = value.number() else { return };
    if let Some(max) = max.filter(|max| x > *max) {
        let rule = format!("at most {max} (Slack's limit), not {x}");
        out.push(Violation::new(&join(path, key), rule));
    }
    if let Some(min) = min.filter(|min| x < *min) {
        let rule = format!("at least {min} (Slack's limit), not {x}");
        out.push(Violation::new(&join(path, key), rule));
    }
}

/// `unique_by`: the items of `key` that have the string field `field` each have their own
/// value; every repeat is reported where it is.
pub fn unique_by<L: Items>(
    list: &L,
    path: &str,
    key: &str,
    field: &'static str,
    out: &mut Vec<Violation>,
) where
    L::Item: Keyed,
{
    let mut seen = BTreeSet::new();
    for (i, item) in list.typed().iter().enumerate() {
        if let Some(value) = item.key(field) {
            if !seen.insert(value) {
                let at = format!("{}[{i}].{field}", join(path, key));
                out.push(Violation::new(&at, format!("`{value}` is used twice")));
            }
        }
    }
}

/// `max_item_length`: each item of the list `key` has at most `max` characters.
pub fn each_length<L: Items>(list: &L, path: &str, key: &str, max: u64, out: &mut Vec<Violation>)
where
    L::Item: Length,
{
    for (i, item) in list.typed().iter().enumerate() {
        let at = format!("{}[{i}]", join(path, key));
        length(item, "", &at, (None, Some(max)), out);
    }
}

/// `min_item_items`/`max_item_items`: each inner list of the list of lists `key`.
pub fn each_items<L: Items>(
    list: &L,
    path: &str,
    key: &str,
    limits: (Option<u64>, Option<u64>),
    out: &mut Vec<Violation>,
) where
    L::Item: Items,
{
    for (i, item) in list.typed().iter().enumerate() {
        let at = format!("{}[{i}]", join(path, key));
        items(item, "", &at, limits, out);
    }
}

/// The per-list limits of the items of `key` (one `table` per message; 12,000 characters
/// of `markdown` in all).
pub fn per_list<L: Items>(list: &L, path: &str, key: &str, out: &mut Vec<Violation>)
where
    L::Item: PerList,
{
    // Per block type: (limits, blocks, characters).
    let mut seen: Vec<(PerListLimits, usize, usize)> = Vec::new();
    for limits in list.typed().iter().filter_map(PerList::per_list) {
        match seen.iter_mut().find(|(l, _, _)| l.kind == limits.kind) {
            Some((_, n, chars)) => {
                *n += 1;
                *chars += limits.length;
            }
            None => seen.push((limits, 1, limits.length)),
        }
    }
    for (limits, n, chars) in seen {
        let kind = limits.kind;
        if let Some(max) = limits.max_count.filter(|max| n > *max) {
            let rule = format!("at most {max} `{kind}` in one list (Slack's limit), not {n}");
            out.push(Violation::new(&join(path, key), rule));
        }
        if let Some(max) = limits.max_length.filter(|max| chars > *max) {
            let rule = format!(
                "at most {max} characters in all `{kind}` blocks of one list (Slack's limit), not {chars}"
            );
            out.push(Violation::new(&join(path, key), rule));
        }
    }
}

/// "a `table` block is not allowed in a modal (only in: message, home)".
fn not_allowed(what: &str, kind: &str, on: Surface, allowed: &[Surface]) -> String {
    let places: Vec<&str> = allowed.iter().map(|s| s.as_str()).collect();
    format!(
        "a `{kind}` {what} is not allowed in a {} (only in: {})",
        on.as_str(),
        places.join(", ")
    )
}

/// Where the value being checked is: inside the blocks of a list with a `surface`, and, in
/// a view, the first element found with each `one_per: view` field true.
struct Scope {
    surface: Surface,
    /// (field, path of the element that has it true).
    first: Vec<(&'static str, String)>,
}

thread_local! {
    static SCOPE: std::cell::RefCell<Option<Scope>> = const { std::cell::RefCell::new(None) };
}

/// Runs `check` on the blocks of a list whose surface is `on` (a message's, a modal's, a
/// Home tab's): inside, [`allowed_on`] and [`one_per_view`] know where they are.
pub fn within<T>(on: Surface, check: impl FnOnce() -> T) -> T {
    let scope = Scope {
        surface: on,
        first: Vec::new(),
    };
    let outer = SCOPE.with(|s| s.replace(Some(scope)));
    let value = check();
    SCOPE.with(|s| s.replace(outer));
    value
}

/// A block's or an element's `surfaces` (`what`: `block` or `element`): inside a list of
/// blocks on a surface they leave out (a `file_input` in a message, a `table` in a modal,
/// at the top or in a container's `child_blocks`), the value at `path` is refused. Outside
/// any list of blocks nothing is known, and nothing is checked.
pub fn allowed_on(
    what: &str,
    kind: &'static str,
    allowed: &'static [Surface],
    path: &str,
    out: &mut Vec<Violation>,
) {
    let Some(on) = SCOPE.with(|s| s.borrow().as_ref().map(|scope| scope.surface)) else {
        return;
    };
    if !allowed.contains(&on) {
        out.push(Violation::new(path, not_allowed(what, kind, on, allowed)));
    }
}

/// `one_per: view`: in a view (a list of blocks on a modal or a Home tab), at most one
/// element has the field `key` true (`focus_on_load`); the element at `path` that sets it
/// after the first is refused.
pub fn one_per_view(set: bool, path: &str, key: &'static str, out: &mut Vec<Violation>) {
    if !set {
        return;
    }
    let first = SCOPE.with(|s| {
        let mut scope = s.borrow_mut();
        let scope = scope
            .as_mut()
            .filter(|s| matches!(s.surface, Surface::Modal | Surface::Home))?;
        match scope.first.iter().find(|(k, _)| *k == key) {
            Some((_, first)) => Some(first.clone()),
            None => {
                scope.first.push((key, path.to_owned()));
                None
            }
        }
    });
    if let Some(first) = first {
        let rule = format!("only one element per view may have `{key}` true (the first: {first})");
        out.push(Violation::new(path, rule));
    }
}

thread_local! {
    static STRICT: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `check` in strict mode, where a Block Kit value of a type this crate does not know
/// (a union's `Other`: an unknown `type`, or a known one missing a field it needs) is a
/// violation too, as Slack refuses it. A client sends such values as they are (they may be
/// newer than the crate); a server checking what it receives (the emulator) is strict.
pub fn strict<T>(check: impl FnOnce() -> T) -> T {
    let outer = STRICT.with(|s| s.replace(true));
    let value = check();
    STRICT.with(|s| s.set(outer));
    value
}

/// A union's `Other` value at `path`: a violation in [`strict`] mode, nothing otherwise.
pub fn other(path: &str, value: &serde_json::Value, out: &mut Vec<Violation>) {
    if !STRICT.with(std::cell::Cell::get) {
        return;
    }
    let rule = match value.get("type").and_then(serde_json::Value::as_str) {
        Some(kind) => format!("unsupported type or a missing field: `{kind}`"),
        None => "no `type`".to_owned(),
    };
    out.push(Violation::new(path, rule));
}
