//! Tolerant decoding: a field whose JSON does not have the shape its type says is left
//! unset, and its raw value is kept in the object's `extra` map under the field's name,
//! instead of failing the whole response. An object that lacks a field Slack guarantees
//! (`required` in the spec), or has one of another shape, does not fit its type: nested, it
//! is kept raw like any misshapen value (a list's odd element, see [`crate::List`]); at the
//! top, it is a decode error, as is a body that is not a JSON object.
//!
//! Generated types decode with a hand-rolled `visit_map` (no `#[serde(flatten)]`, which
//! buffers every unknown key): each known key is decoded into its field through
//! [`Lenient`], and every other key goes to `extra` as it came. Mismatches are recorded,
//! per thread, while [`collect`] runs; the client logs them as a `tracing` warning.

use std::borrow::Cow;
use std::cell::RefCell;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{
    self, Deserialize as _, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor,
};
use serde::Serialize;
use serde_json::{Map, Value};

/// The `visit_*` methods that keep a value as raw JSON, for the kinds a visitor does not
/// take itself. `raw_visits!()` keeps everything but maps, `raw_visits!(str)` everything
/// but strings, and so on.
macro_rules! raw_visits {
    () => {
        raw_visits!(@bool); raw_visits!(@num); raw_visits!(@str); raw_visits!(@seq); raw_visits!(@unit);
    };
    (map) => { raw_visits!(); };
    (str) => {
        raw_visits!(@bool); raw_visits!(@num); raw_visits!(@seq); raw_visits!(@map); raw_visits!(@unit);
    };
    (bool) => {
        raw_visits!(@num); raw_visits!(@str); raw_visits!(@seq); raw_visits!(@map); raw_visits!(@unit);
    };
    (num) => {
        raw_visits!(@bool); raw_visits!(@str); raw_visits!(@seq); raw_visits!(@map); raw_visits!(@unit);
    };
    (seq) => {
        raw_visits!(@bool); raw_visits!(@num); raw_visits!(@str); raw_visits!(@map); raw_visits!(@unit);
    };
    (@bool) => {
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
            Ok(Err(Value::Bool(v)))
        }
    };
    (@num) => {
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Err(Value::from(v)))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok(Err(Value::from(v)))
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
            Ok(Err(Value::from(v)))
        }
    };
    (@str) => {
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Err(Value::String(v.to_owned())))
        }
    };
    (@seq) => {
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut items = Vec::new();
            while let Some(item) = seq.next_element::<Value>()? {
                items.push(item);
            }
            Ok(Err(Value::Array(items)))
        }
    };
    (@map) => {
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut object = Map::new();
            while let Some((k, v)) = map.next_entry::<String, Value>()? {
                object.insert(k, v);
            }
            Ok(Err(Value::Object(object)))
        }
    };
    (@unit) => {
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(Err(Value::Null))
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(Err(Value::Null))
        }
    };
}

/// The outcome of decoding one value leniently: the typed value, or the raw JSON when it
/// has another shape. The raw value has been read whole either way.
pub type Outcome<T> = Result<T, Value>;

/// A type that can be decoded leniently: a value of the wrong JSON kind is handed back as
/// raw JSON rather than failing the decoder.
pub trait Lenient: Sized + Serialize {
    /// Whether the type is a [`List`](crate::List) or a [`Dict`](crate::Dict), whose odd
    /// elements are reported by index, to be prefixed with where the list is.
    const COLLECTION: bool = false;
    fn lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Outcome<Self>, D::Error>;
}

/// A generated object type: its fields are read from a map by its own `visit_map`.
pub trait LenientObject: Sized {
    /// The type's name, for reports (`User`).
    const NAME: &'static str;
    /// The object, or, when it lacks a field Slack guarantees or has one of another shape,
    /// the object as it came and why it does not fit ([`Unfit`]). Only an error of the
    /// input itself (malformed JSON) is an `Err`.
    fn from_map<'de, A: MapAccess<'de>>(map: A) -> Result<Result<Self, Unfit>, A::Error>;
}

/// A boxed object (a large union variant) is read as the object.
impl<T: LenientObject> LenientObject for Box<T> {
    const NAME: &'static str = T::NAME;
    fn from_map<'de, A: MapAccess<'de>>(map: A) -> Result<Result<Self, Unfit>, A::Error> {
        Ok(T::from_map(map)?.map(Box::new))
    }
}

/// An object that did not fit its type: the object as it came, and why.
#[doc(hidden)]
#[derive(Debug)]
pub struct Unfit {
    pub raw: Value,
    pub why: String,
}

thread_local! {
    static REPORT: RefCell<Option<Vec<String>>> = const { RefCell::new(None) };
}

/// Runs `decode` and returns what it gave with the fields that did not match their types
/// (`User.profile`), in the order met. Inside another `collect` (a caller's around the
/// client's own), the outer one sees them too.
pub fn collect<T>(decode: impl FnOnce() -> T) -> (T, Vec<String>) {
    let outer = REPORT.with(|r| r.borrow_mut().replace(Vec::new()));
    let value = decode();
    let found = REPORT
        .with(|r| std::mem::replace(&mut *r.borrow_mut(), outer))
        .unwrap_or_default();
    REPORT.with(|r| {
        if let Some(list) = r.borrow_mut().as_mut() {
            list.extend(found.iter().cloned());
        }
    });
    (value, found)
}

thread_local! {
    static TYPED_ONLY: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `serialize` with every `extra` map and every JSON-typed field left out of what
/// generated types serialize: what is left is what decoding put in typed fields. For
/// measuring how much of a response the types cover (`cargo xtask samples`).
pub fn typed_only<T>(serialize: impl FnOnce() -> T) -> T {
    let outer = TYPED_ONLY.with(|t| t.replace(true));
    let value = serialize();
    TYPED_ONLY.with(|t| t.set(outer));
    value
}

/// Whether an `extra` map is left out when serializing: when empty, or in [`typed_only`].
#[doc(hidden)]
pub fn skip_extra(extra: &Map<String, Value>) -> bool {
    extra.is_empty() || TYPED_ONLY.with(std::cell::Cell::get)
}

/// How many reports there are so far, when `T` is a collection whose reports are to be
/// prefixed (see [`prefix_reports`]); `usize::MAX` otherwise, which costs nothing.
#[doc(hidden)]
pub fn report_len<T: Lenient>() -> usize {
    if !T::COLLECTION {
        return usize::MAX;
    }
    REPORT.with(|r| r.borrow().as_ref().map_or(usize::MAX, Vec::len))
}

/// Puts `prefix()` before the reports since `since` that name a list element or map entry
/// (`[3]`, `[*]`): so `[3]` becomes `ConversationsListResponse.channels[3]`.
#[doc(hidden)]
pub fn prefix_reports(since: usize, prefix: impl FnOnce() -> String) {
    if since == usize::MAX {
        return;
    }
    REPORT.with(|r| {
        if let Some(list) = r.borrow_mut().as_mut() {
            if list.len() > since {
                let prefix = prefix();
                for entry in list[since..].iter_mut().filter(|e| e.starts_with('[')) {
                    entry.insert_str(0, &prefix);
                }
            }
        }
    });
}

/// Notes an odd element (`[3]`) or map entry (`[*]`: keys are the server's text, and
/// reports carry only names from the spec).
#[doc(hidden)]
pub fn report_odd(at: String) {
    REPORT.with(|r| {
        if let Some(list) = r.borrow_mut().as_mut() {
            list.push(at);
        }
    });
}

/// Notes that field `field` of type `ty` was kept raw.
fn report(ty: &str, field: &str) {
    REPORT.with(|r| {
        if let Some(list) = r.borrow_mut().as_mut() {
            list.push(format!("{ty}.{field}"));
        }
    });
}

/// A map key, borrowed from the input when it can be.
pub struct Key<'de>(pub Cow<'de, str>);

impl<'de> de::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string key")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(V)
    }
}

/// Reads one object's map for a generated `from_map`: it holds the map, the `extra` map
/// that unknown keys and misshapen values go to, and the type's name for reports, so that
/// reading a field is one call.
pub struct Reader<'de, A: MapAccess<'de>> {
    map: A,
    extra: Map<String, Value>,
    ty: &'static str,
    /// Why the object does not fit: the first required field of another shape.
    unfit: Option<String>,
    _de: PhantomData<&'de ()>,
}

impl<'de, A: MapAccess<'de>> Reader<'de, A> {
    /// A reader of `map`, the fields of type `ty`.
    pub fn new(map: A, ty: &'static str) -> Self {
        Reader {
            map,
            extra: Map::new(),
            ty,
            unfit: None,
            _de: PhantomData,
        }
    }

    /// The next key, borrowed from the input when it can be.
    pub fn next_key(&mut self) -> Result<Option<Key<'de>>, A::Error> {
        self.map.next_key::<Key<'de>>()
    }

    /// Decodes the value of an optional field into `slot`; a value of another shape goes
    /// to `extra` under `name` and is reported. `null` leaves the field unset (and is kept
    /// in `extra`, to be written back).
    pub fn optional<T: Lenient>(
        &mut self,
        slot: &mut Option<T>,
        name: &'static str,
    ) -> Result<(), A::Error> {
        match self.value::<T>(name)? {
            Ok(value) => *slot = Some(value),
            Err(raw) => {
                if raw.is_null() {
                    *slot = None;
                }
                self.misshapen_optional(name, raw);
            }
        }
        Ok(())
    }

    /// Decodes the value of a required field into `slot`. A value of another shape makes
    /// the object unfit (see [`unfit`](Self::unfit)); it is kept in `extra` meanwhile.
    pub fn required<T: Lenient>(
        &mut self,
        slot: &mut Option<T>,
        name: &'static str,
    ) -> Result<(), A::Error> {
        match self.value::<T>(name)? {
            Ok(value) => *slot = Some(value),
            Err(raw) => self.misshapen_required(name, raw),
        }
        Ok(())
    }

    /// Decodes the value of a variant's tag field (`type`), whose value in this variant is
    /// `expected`: that value is kept without allocating (a [`Tag`](crate::Tag) borrowing
    /// the literal), any other string as it came. A value that is not a string makes the
    /// object unfit, as for [`required`](Self::required).
    pub fn tag(
        &mut self,
        slot: &mut Option<crate::Tag>,
        name: &'static str,
        expected: &'static str,
    ) -> Result<(), A::Error> {
        match self.map.next_value_seed(TagValue(expected))? {
            Ok(value) => *slot = Some(value),
            Err(raw) => self.misshapen_required(name, raw),
        }
        Ok(())
    }

    /// Decodes the value of an optional tag field (see [`tag`](Self::tag)); a value that is
    /// not a string goes to `extra`, as for [`optional`](Self::optional).
    pub fn optional_tag(
        &mut self,
        slot: &mut Option<crate::Tag>,
        name: &'static str,
        expected: &'static str,
    ) -> Result<(), A::Error> {
        match self.map.next_value_seed(TagValue(expected))? {
            Ok(value) => *slot = Some(value),
            Err(raw) => self.misshapen_optional(name, raw),
        }
        Ok(())
    }

    /// Keeps `raw`, the value of the optional field `name` that has another shape (or is
    /// `null`), in `extra`.
    fn misshapen_optional(&mut self, name: &'static str, raw: Value) {
        if raw.is_null() {
            // Unset, and kept so that it is written back (see `serialize_kept`).
        } else {
            report(self.ty, name);
        }
        self.extra.insert(name.to_owned(), raw);
    }

    /// Keeps `raw`, the value of the required field `name` that has another shape, in
    /// `extra`, and notes that the object does not fit.
    fn misshapen_required(&mut self, name: &'static str, raw: Value) {
        self.unfit.get_or_insert_with(|| {
            format!(
                "{}.{name}: found {}, which is not the field's type",
                self.ty,
                kind(&raw)
            )
        });
        self.extra.insert(name.to_owned(), raw);
    }

    /// The next value, decoded leniently as a `T`; the odd elements a list in it reports
    /// are prefixed with where it is (`Type.field`).
    fn value<T: Lenient>(&mut self, name: &'static str) -> Result<Outcome<T>, A::Error> {
        let since = report_len::<T>();
        let value = self.map.next_value_seed(Seed::<T>(PhantomData))?;
        prefix_reports(since, || format!("{}.{name}", self.ty));
        Ok(value)
    }

    /// Why the object does not fit, if it does not: a required field of another shape, or
    /// `missing`, the first required field that did not come.
    pub fn unfit(&self, missing: Option<&'static str>) -> Option<String> {
        self.unfit
            .clone()
            .or_else(|| missing.map(|name| format!("{}: missing field `{name}`", self.ty)))
    }

    /// An unfit object as it came: what went to `extra`, plus `fields`, the fields that
    /// were decoded, as JSON again.
    pub fn into_unfit(self, why: String, fields: Map<String, Value>) -> Unfit {
        let mut raw = self.extra;
        raw.extend(fields);
        Unfit {
            raw: Value::Object(raw),
            why,
        }
    }

    /// Reads the rest of an unknown key's value, kept in `extra` as it came.
    pub fn unknown(&mut self, key: Key<'de>) -> Result<(), A::Error> {
        let value: Value = self.map.next_value()?;
        self.extra.insert(key.0.into_owned(), value);
        Ok(())
    }

    /// The value of a required field, or the error for one that did not come.
    pub fn take<T>(&self, slot: Option<T>, name: &'static str) -> Result<T, A::Error> {
        slot.ok_or_else(|| de::Error::custom(format_args!("{}: missing field `{name}`", self.ty)))
    }

    /// What went to `extra`: unknown keys, and known ones whose value had another shape.
    pub fn finish(self) -> Map<String, Value> {
        self.extra
    }
}

/// The error for a union (`ty`) whose value is not an object.
fn not_an_object<E: de::Error>(ty: &str, raw: &Value) -> E {
    E::custom(format_args!("{ty}: found {}, not an object", kind(raw)))
}

pub(crate) fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

impl Key<'_> {
    /// The key as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Writes a generated object's `extra` entries after its fields, unless they are left out
/// (see [`skip_extra`]).
///
/// An entry under one of the type's own keys (`fields`) is not written here: it is what
/// came for an unset optional field (a `null`, or a value of another shape), written in
/// that field's place by [`serialize_kept`] while the field stays unset, and left out once
/// it is set, so that a key is never written twice.
#[doc(hidden)]
pub fn serialize_extra<M: serde::ser::SerializeMap>(
    map: &mut M,
    extra: &Map<String, Value>,
    fields: &[&str],
) -> Result<(), M::Error> {
    if !skip_extra(extra) {
        for (key, value) in extra {
            if !fields.contains(&key.as_str()) {
                map.serialize_entry(key, value)?;
            }
        }
    }
    Ok(())
}

/// Writes what came for the unset optional field `key` (kept in `extra`: a `null`, or a
/// value of another shape), so that it goes back as it came.
#[doc(hidden)]
pub fn serialize_kept<M: serde::ser::SerializeMap>(
    map: &mut M,
    extra: &Map<String, Value>,
    key: &str,
) -> Result<(), M::Error> {
    if skip_extra(extra) {
        return Ok(());
    }
    match extra.get(key) {
        Some(value) => map.serialize_entry(key, value),
        None => Ok(()),
    }
}

/// A `number` field's value, written as an integer when it is a whole number that an `f64`
/// holds exactly (`3`, not `3.0`), so that a value read and written again is unchanged.
#[doc(hidden)]
pub struct Whole(pub f64);

impl serde::Serialize for Whole {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
        let x = self.0;
        if x.fract() == 0.0 && x.abs() <= EXACT {
            s.serialize_i64(x as i64)
        } else {
            s.serialize_f64(x)
        }
    }
}

/// Whether a JSON-typed field is written: not in a [`typed_only`] serialization.
#[doc(hidden)]
pub fn write_untyped() -> bool {
    !TYPED_ONLY.with(std::cell::Cell::get)
}

struct Seed<T>(PhantomData<T>);

impl<'de, T: Lenient> DeserializeSeed<'de> for Seed<T> {
    type Value = Outcome<T>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Outcome<T>, D::Error> {
        T::lenient(deserializer)
    }
}

/// `Deserialize` for a generated object type: a map read by its `from_map`.
pub fn object<'de, D: Deserializer<'de>, T: LenientObject>(deserializer: D) -> Result<T, D::Error> {
    struct V<T>(PhantomData<T>);
    impl<'de, T: LenientObject> Visitor<'de> for V<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "a {} object", T::NAME)
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            T::from_map(map)?.map_err(|unfit| de::Error::custom(unfit.why))
        }
    }
    deserializer.deserialize_map(V(PhantomData))
}

/// [`Lenient::lenient`] for a generated object type: a map is read by its `from_map`,
/// anything else is raw.
pub fn lenient_object<'de, D: Deserializer<'de>, T: LenientObject>(
    deserializer: D,
) -> Result<Outcome<T>, D::Error> {
    struct V<T>(PhantomData<T>);
    impl<'de, T: LenientObject> Visitor<'de> for V<T> {
        type Value = Outcome<T>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "a {} object", T::NAME)
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Outcome<T>, A::Error> {
            Ok(T::from_map(map)?.map_err(|unfit| unfit.raw))
        }
        raw_visits!();
    }
    deserializer.deserialize_any(V(PhantomData))
}

/// The type of one variant of the tagged union `U`, known by its tag's value: the
/// generated code implements it for each variant a union holds once, so that code can ask
/// for a variant by its type.
///
/// ```
/// use slack_model::events::{Event, MessageEvent};
/// use slack_model::TaggedVariant;
///
/// let event: Event = serde_json::from_str(
///     r#"{"type": "message", "channel": "C1", "user": "U1", "text": "hi", "ts": "1.2"}"#,
/// )?;
/// assert_eq!(<MessageEvent as TaggedVariant<Event>>::TAG, "message");
/// let message = MessageEvent::from_union(event).expect("a message");
/// assert_eq!(message.text.as_deref(), Some("hi"));
/// # Ok::<(), serde_json::Error>(())
/// ```
pub trait TaggedVariant<U>: Sized {
    /// The value of the union's tag field that names this variant (`message`).
    const TAG: &'static str;
    /// The variant's value, or the union back when it holds another variant.
    fn from_union(union: U) -> Result<Self, U>;
    /// The variant's value, by reference; `None` when the union holds another variant.
    fn from_union_ref(union: &U) -> Option<&Self>;
}

/// A generated union that Slack tags with a field (`type`): the variant is chosen by the
/// tag's value, never by trying each shape in turn.
pub trait TaggedUnion: Sized {
    /// The union's name, for reports (`Item`).
    const NAME: &'static str;
    /// The field whose value names the variant.
    const TAG: &'static str;
    /// The variant that `tag` names, decoded from `map`, whose entries are the whole object
    /// (the tag's included); `Other` for a tag this version does not know. Each known tag
    /// is one [`variant_map`] call, the rest [`other_map`].
    fn from_tag_map<'de, A: MapAccess<'de>>(tag: &str, map: A) -> Result<Self, A::Error>;
    /// The union's `Other` variant.
    fn other(value: Value) -> Self;
}

/// `Deserialize` for a tagged union: an object, whatever its tag; anything else fails.
pub fn tagged<'de, D: Deserializer<'de>, U: TaggedUnion>(deserializer: D) -> Result<U, D::Error> {
    lenient_tagged(deserializer)?.map_err(|raw| not_an_object(U::NAME, &raw))
}

/// [`Lenient::lenient`] for a tagged union: an object becomes the variant its tag names
/// (`Other` when the tag is missing, not a string, or unknown); anything else is raw.
///
/// The object is read once: the entries before the tag (none, when it comes first, as
/// Slack writes it) are kept aside as JSON, and when the tag comes the variant's
/// `from_map` reads the tag, those entries and the rest of the object as they come
/// ([`TaggedMap`]), so no tree of the object is built.
pub fn lenient_tagged<'de, D: Deserializer<'de>, U: TaggedUnion>(
    deserializer: D,
) -> Result<Outcome<U>, D::Error> {
    deserializer.deserialize_any(TaggedVisitor::<U>(PhantomData))
}

struct TaggedVisitor<U>(PhantomData<U>);

impl<'de, U: TaggedUnion> Visitor<'de> for TaggedVisitor<U> {
    type Value = Outcome<U>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a {} object", U::NAME)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Outcome<U>, A::Error> {
        let mut before = Vec::new();
        while let Some(key) = map.next_key::<Key<'de>>()? {
            if key.as_str() != U::TAG {
                before.push((key, map.next_value::<Value>()?));
                continue;
            }
            return match map.next_value_seed(TagSeed)? {
                Ok(tag) => {
                    let entries = TaggedMap {
                        tag: Some((U::TAG, tag.clone())),
                        before: before.into_iter(),
                        pending: Pending::None,
                        rest: map,
                    };
                    U::from_tag_map(&tag, entries).map(Ok)
                }
                Err(raw) => {
                    let mut object = into_object(before);
                    object.insert(U::TAG.to_owned(), raw);
                    while let Some((k, v)) = map.next_entry::<String, Value>()? {
                        object.insert(k, v);
                    }
                    Ok(Ok(U::other(Value::Object(object))))
                }
            };
        }
        Ok(Ok(U::other(Value::Object(into_object(before)))))
    }
    raw_visits!(map);
}

/// Entries kept aside, as a JSON object.
fn into_object(entries: Vec<(Key<'_>, Value)>) -> Map<String, Value> {
    entries
        .into_iter()
        .map(|(k, v)| (k.0.into_owned(), v))
        .collect()
}

/// The value of a variant's tag field, whose value in the variant is `.0`: that literal
/// when it is the same text (no allocation), any other string as it came, or the raw value
/// when it is not a string.
struct TagValue(&'static str);

impl<'de> DeserializeSeed<'de> for TagValue {
    type Value = Outcome<crate::Tag>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for TagValue {
    type Value = Outcome<crate::Tag>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string tag")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Ok(if v == self.0 {
            Cow::Borrowed(self.0)
        } else {
            Cow::Owned(v.to_owned())
        }))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Ok(if v == self.0 {
            Cow::Borrowed(self.0)
        } else {
            Cow::Owned(v)
        }))
    }
    raw_visits!(str);
}

/// A tag's value: the text, borrowed from the input when it can be, or the raw value when
/// it is not a string.
struct TagSeed;

impl<'de> DeserializeSeed<'de> for TagSeed {
    type Value = Result<Cow<'de, str>, Value>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for TagSeed {
    type Value = Result<Cow<'de, str>, Value>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string tag")
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Ok(Cow::Borrowed(v)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Ok(Cow::Owned(v.to_owned())))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Ok(Cow::Owned(v)))
    }
    raw_visits!(str);
}

/// A tagged object's entries, for its variant's `from_map`: the tag (already read), then
/// the entries that came before it (kept aside as JSON), then the rest of the object, read
/// as it comes from `rest`.
#[doc(hidden)]
pub struct TaggedMap<'de, A> {
    tag: Option<(&'static str, Cow<'de, str>)>,
    before: std::vec::IntoIter<(Key<'de>, Value)>,
    pending: Pending<'de>,
    rest: A,
}

/// The value of the key [`TaggedMap`] just gave, when it is not `rest`'s.
enum Pending<'de> {
    None,
    Tag(Cow<'de, str>),
    Kept(Value),
}

/// Text as a deserializer: borrowed from the input when it was.
fn text<'de, V: DeserializeSeed<'de>, E: de::Error>(
    seed: V,
    text: Cow<'de, str>,
) -> Result<V::Value, E> {
    use serde::de::value::{BorrowedStrDeserializer, StringDeserializer};
    match text {
        Cow::Borrowed(s) => seed.deserialize(BorrowedStrDeserializer::new(s)),
        Cow::Owned(s) => seed.deserialize(StringDeserializer::new(s)),
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for TaggedMap<'de, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        if let Some((key, value)) = self.tag.take() {
            self.pending = Pending::Tag(value);
            return text(seed, Cow::Borrowed(key)).map(Some);
        }
        if let Some((key, value)) = self.before.next() {
            self.pending = Pending::Kept(value);
            return text(seed, key.0).map(Some);
        }
        self.rest.next_key_seed(seed)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        match std::mem::replace(&mut self.pending, Pending::None) {
            Pending::None => self.rest.next_value_seed(seed),
            Pending::Tag(value) => text(seed, value),
            Pending::Kept(value) => seed.deserialize(value).map_err(de::Error::custom),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        let own = usize::from(self.tag.is_some()) + self.before.len();
        self.rest.size_hint().map(|n| n + own)
    }
}

/// One variant of a tagged union, read by its `from_map` from the whole object (tag
/// included). An object that does not fit the variant (it lacks a field the variant needs,
/// or has one of another shape) is kept whole as `Other`, and reported.
pub fn variant_map<'de, A, U, T>(map: A, wrap: fn(T) -> U) -> Result<U, A::Error>
where
    A: MapAccess<'de>,
    U: TaggedUnion,
    T: LenientObject,
{
    Ok(match T::from_map(map)? {
        Ok(inner) => wrap(inner),
        Err(unfit) => cold(|| {
            report(U::NAME, U::TAG);
            U::other(unfit.raw)
        }),
    })
}

/// A tagged object whose tag this version does not know, kept whole as `Other`.
pub fn other_map<'de, A: MapAccess<'de>, U: TaggedUnion>(mut map: A) -> Result<U, A::Error> {
    let mut object = Map::new();
    while let Some((k, v)) = map.next_entry::<String, Value>()? {
        object.insert(k, v);
    }
    Ok(U::other(Value::Object(object)))
}

/// A generated union without a tag whose variants each have a required field that no other
/// variant has (its key): the variant is the first whose key the object holds, so the
/// object is decoded once, as that variant, never tried against each shape in turn.
pub trait KeyedUnion: Sized {
    /// The union's name, for reports.
    const NAME: &'static str;
    /// Each variant's key, in the variants' order.
    const KEYS: &'static [&'static str];
    /// The variant whose key is `key`, decoded from the object's JSON text.
    fn from_key(key: &'static str, json: &str) -> Self;
    /// The union's `Other` variant.
    fn other(value: Value) -> Self;
}

/// `Deserialize` for a keyed union: an object, whatever its keys; anything else fails.
pub fn keyed<'de, D: Deserializer<'de>, U: KeyedUnion>(deserializer: D) -> Result<U, D::Error> {
    lenient_keyed(deserializer)?.map_err(|raw| not_an_object(U::NAME, &raw))
}

/// [`Lenient::lenient`] for a keyed union: an object becomes the variant of the first key
/// it holds (`Other` when it holds none); anything else is raw. The value is kept as its
/// JSON text (no tree is built), its keys are scanned, and the variant is decoded from it.
pub fn lenient_keyed<'de, D: Deserializer<'de>, U: KeyedUnion>(
    deserializer: D,
) -> Result<Outcome<U>, D::Error> {
    let raw = Box::<serde_json::value::RawValue>::deserialize(deserializer)?;
    let json = raw.get();
    Ok(
        match KeySeed(U::KEYS).deserialize(&mut serde_json::Deserializer::from_str(json)) {
            Ok(Some(key)) => Ok(U::from_key(key, json)),
            Ok(None) => Ok(U::other(value_of(json))),
            Err(_) => Err(value_of(json)),
        },
    )
}

/// JSON text that was read once already, as a value (`null` if it somehow is not JSON).
#[doc(hidden)]
pub fn value_of(json: &str) -> Value {
    serde_json::from_str(json).unwrap_or(Value::Null)
}

/// Scans an object's keys (values skipped) for the first of `keys`, in their order.
struct KeySeed(&'static [&'static str]);

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Option<&'static str>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Option<&'static str>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut best: Option<usize> = None;
        while let Some(key) = map.next_key::<Key<'de>>()? {
            map.next_value::<de::IgnoredAny>()?;
            if let Some(i) = self.0.iter().position(|k| *k == key.as_str()) {
                best = Some(best.map_or(i, |b| b.min(i)));
            }
        }
        Ok(best.map(|i| self.0[i]))
    }
}

/// One variant of a keyed union, decoded from the object's JSON text. An object that has
/// the variant's key but lacks another field it needs is kept whole as `Other`, and
/// reported.
pub fn keyed_variant<U: KeyedUnion, T: de::DeserializeOwned>(
    json: &str,
    key: &'static str,
    wrap: fn(T) -> U,
) -> U {
    match serde_json::from_str::<T>(json) {
        Ok(inner) => wrap(inner),
        Err(_) => {
            report(U::NAME, key);
            U::other(value_of(json))
        }
    }
}

/// Serializes a union's `Other` value as it came, or as nothing in a
/// [`typed_only`] serialization (it is not typed).
pub fn untyped<S: serde::Serializer>(value: &Value, serializer: S) -> Result<S::Ok, S::Error> {
    if TYPED_ONLY.with(std::cell::Cell::get) {
        serializer.serialize_unit()
    } else {
        value.serialize(serializer)
    }
}

/// `Deserialize` for a generated string enum: every string is a value, known or not.
pub fn string_enum<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: for<'a> From<&'a str>,
{
    struct V<T>(PhantomData<T>);
    impl<'de, T: for<'a> From<&'a str>> Visitor<'de> for V<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
            Ok(T::from(v))
        }
    }
    deserializer.deserialize_str(V(PhantomData))
}

/// [`Lenient::lenient`] for a generated string enum: any string, known or not.
pub fn lenient_str_enum<'de, D, T>(deserializer: D) -> Result<Outcome<T>, D::Error>
where
    D: Deserializer<'de>,
    T: for<'a> From<&'a str>,
{
    struct V<T>(PhantomData<T>);
    impl<'de, T: for<'a> From<&'a str>> Visitor<'de> for V<T> {
        type Value = Outcome<T>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Outcome<T>, E> {
            Ok(Ok(T::from(v)))
        }
        raw_visits!(str);
    }
    deserializer.deserialize_any(V(PhantomData))
}

/// [`Lenient::lenient`] for text: any string; anything else is raw.
fn lenient_text<'de, D, T>(deserializer: D) -> Result<Outcome<T>, D::Error>
where
    D: Deserializer<'de>,
    T: for<'a> From<&'a str> + From<String>,
{
    struct V<T>(PhantomData<T>);
    impl<'de, T: for<'a> From<&'a str> + From<String>> Visitor<'de> for V<T> {
        type Value = Outcome<T>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Outcome<T>, E> {
            Ok(Ok(T::from(v)))
        }
        fn visit_string<E: de::Error>(self, v: String) -> Result<Outcome<T>, E> {
            Ok(Ok(T::from(v)))
        }
        raw_visits!(str);
    }
    deserializer.deserialize_any(V(PhantomData))
}

impl Lenient for String {
    fn lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Outcome<Self>, D::Error> {
        lenient_text(deserializer)
    }
}

/// A decoded text field: short text kept inline (see [`Str`](crate::Str)).
impl Lenient for crate::Str {
    fn lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Outcome<Self>, D::Error> {
        lenient_text(deserializer)
    }
}

impl Lenient for bool {
    fn lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Outcome<Self>, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Outcome<bool>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a boolean")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Outcome<bool>, E> {
                Ok(Ok(v))
            }
            raw_visits!(bool);
        }
        deserializer.deserialize_any(V)
    }
}

/// A whole number written as a float (`12.0`) is still that integer; `None` for a fraction
/// or a float too large to be exact.
fn whole_number(v: f64) -> Option<i64> {
    (v.fract() == 0.0 && v.abs() < 9.0e15).then_some(v as i64)
}

impl Lenient for i64 {
    fn lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Outcome<Self>, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Outcome<i64>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an integer")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Outcome<i64>, E> {
                Ok(Ok(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Outcome<i64>, E> {
                Ok(i64::try_from(v).map_err(|_| Value::from(v)))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Outcome<i64>, E> {
                Ok(whole_number(v).ok_or_else(|| Value::from(v)))
            }
            raw_visits!(@bool);
            raw_visits!(@str);
            raw_visits!(@seq);
            raw_visits!(@map);
            raw_visits!(@unit);
        }
        deserializer.deserialize_any(V)
    }
}

impl Lenient for crate::IntegerOrString {
    fn lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Outcome<Self>, D::Error> {
        use crate::IntegerOrString;
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Outcome<IntegerOrString>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an integer or a string")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(Ok(IntegerOrString::Integer(v)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(i64::try_from(v)
                    .map(IntegerOrString::Integer)
                    .map_err(|_| Value::from(v)))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                Ok(whole_number(v)
                    .map(IntegerOrString::Integer)
                    .ok_or_else(|| Value::from(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Ok(IntegerOrString::String(v.to_owned())))
            }
            raw_visits!(@bool);
            raw_visits!(@seq);
            raw_visits!(@map);
            raw_visits!(@unit);
        }
        deserializer.deserialize_any(V)
    }
}

impl Lenient for f64 {
    fn lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Outcome<Self>, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Outcome<f64>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Outcome<f64>, E> {
                Ok(Ok(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Outcome<f64>, E> {
                Ok(Ok(v as f64))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Outcome<f64>, E> {
                Ok(Ok(v))
            }
            raw_visits!(num);
        }
        deserializer.deserialize_any(V)
    }
}

impl Lenient for Value {
    fn lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Outcome<Self>, D::Error> {
        de::Deserialize::deserialize(deserializer).map(Ok)
    }
}

/// Runs `f` out of line: for the rare paths of generated decoders (an object that does not
/// fit), so that their code does not weigh on the common path's.
#[doc(hidden)]
#[cold]
#[inline(never)]
pub fn cold<R>(f: impl FnOnce() -> R) -> R {
    f()
}

/// A decoded value as the JSON it serializes to, for an object kept raw.
#[doc(hidden)]
pub fn to_raw<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// Objects and unions nested in another object are boxed (see the generator's `boxed`).
impl<T: Lenient> Lenient for Box<T> {
    fn lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Outcome<Self>, D::Error> {
        T::lenient(deserializer).map(|outcome| outcome.map(Box::new))
    }
}
