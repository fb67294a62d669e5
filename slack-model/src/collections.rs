//! The lists and maps of decoded types: [`List`] and [`Dict`]. The element is the unit of
//! tolerance: an element (or map value) that does not fit its type — another JSON kind, or
//! an object that lacks a field Slack guarantees — is kept raw and reported as [`Odd`],
//! with where it was and why; the other elements stay typed. Reading one is as plain as a
//! `Vec` or a `BTreeMap` (they deref to a slice and to a `BTreeMap`): `for message in &history.messages`.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;
use std::ops::{Deref, DerefMut};

use serde::de::{self, DeserializeOwned, DeserializeSeed, Deserializer, MapAccess, SeqAccess};
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};
use serde_json::{Map, Value};

use crate::lenient::{self, Lenient, Outcome};

/// An element of a [`List`] (`at` is its index in the JSON array) or an entry of a
/// [`Dict`] (`at` is its key) that did not fit the type, kept as it came.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Odd<K> {
    /// Where it was: the index in the array as sent, or the key.
    pub at: K,
    /// The value as it came.
    pub value: Value,
    /// Why it did not fit (`Conversation: missing field \`id\``).
    pub reason: String,
}

/// The odd elements of a list or map: nearly always none, so one pointer wide (a list of
/// messages holds a dozen lists per message).
#[derive(Debug, Clone, PartialEq)]
// Boxed on purpose: one pointer wide (a `Vec` is three), as it is nearly always `None`.
#[allow(clippy::box_collection)]
struct Oddities<K>(Option<Box<Vec<Odd<K>>>>);

impl<K> Default for Oddities<K> {
    fn default() -> Self {
        Oddities(None)
    }
}

impl<K> Oddities<K> {
    fn as_slice(&self) -> &[Odd<K>] {
        self.0.as_deref().map_or(&[], Vec::as_slice)
    }

    fn is_empty(&self) -> bool {
        self.0.is_none()
    }

    fn push(&mut self, odd: Odd<K>) {
        self.0.get_or_insert_with(Box::default).push(odd);
    }

    fn into_vec(self) -> Vec<Odd<K>> {
        self.0.map(|b| *b).unwrap_or_default()
    }
}

/// A JSON array of `T` as Slack sent it: the elements that fit `T`, in order, and the
/// [`odd`](Self::odd) ones kept raw. Derefs to a slice of the typed elements, so it reads
/// like a `Vec` (`len`, `iter`, indexing, `as_deref` on an `Option<List<T>>`).
#[derive(Clone, PartialEq)]
pub struct List<T> {
    items: Vec<T>,
    odd: Oddities<usize>,
}

impl<T> List<T> {
    /// An empty list.
    pub fn new() -> Self {
        List {
            items: Vec::new(),
            odd: Oddities::default(),
        }
    }

    /// The elements that did not fit `T`, with their indexes in the array as sent.
    pub fn odd(&self) -> &[Odd<usize>] {
        self.odd.as_slice()
    }

    /// Whether every element fitted.
    pub fn is_whole(&self) -> bool {
        self.odd.is_empty()
    }

    /// The typed elements.
    pub fn into_vec(self) -> Vec<T> {
        self.items
    }

    /// The typed elements and the odd ones.
    pub fn into_parts(self) -> (Vec<T>, Vec<Odd<usize>>) {
        (self.items, self.odd.into_vec())
    }
}

impl<T> Default for List<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T> Deref for List<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        &self.items
    }
}

impl<T> DerefMut for List<T> {
    fn deref_mut(&mut self) -> &mut [T] {
        &mut self.items
    }
}

impl<T> From<Vec<T>> for List<T> {
    fn from(items: Vec<T>) -> Self {
        List {
            items,
            odd: Oddities::default(),
        }
    }
}

impl<T> From<List<T>> for Vec<T> {
    fn from(list: List<T>) -> Self {
        list.items
    }
}

impl<T> FromIterator<T> for List<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        Vec::from_iter(iter).into()
    }
}

impl<T> IntoIterator for List<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl<'a, T> IntoIterator for &'a List<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

impl<'a, T> IntoIterator for &'a mut List<T> {
    type Item = &'a mut T;
    type IntoIter = std::slice::IterMut<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter_mut()
    }
}

/// Like a `Vec`'s, with the odd elements after the typed ones when there are any.
impl<T: fmt::Debug> fmt::Debug for List<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.odd.is_empty() {
            self.items.fmt(f)
        } else {
            f.debug_struct("List")
                .field("items", &self.items)
                .field("odd", &self.odd.as_slice())
                .finish()
        }
    }
}

/// The array as it came: odd elements back at their indexes (left out in a
/// [`typed_only`](lenient::typed_only) serialization).
impl<T: Serialize> Serialize for List<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let odd: &[Odd<usize>] = if lenient::write_untyped() {
            self.odd.as_slice()
        } else {
            &[]
        };
        let mut seq = s.serialize_seq(Some(self.items.len() + odd.len()))?;
        let mut items = self.items.iter();
        let mut odd = odd.iter().peekable();
        for index in 0.. {
            if let Some(o) = odd.next_if(|o| o.at == index) {
                seq.serialize_element(&o.value)?;
            } else if let Some(item) = items.next() {
                seq.serialize_element(item)?;
            } else if let Some(o) = odd.next() {
                seq.serialize_element(&o.value)?;
            } else {
                break;
            }
        }
        seq.end()
    }
}

/// Strict: anything but an array fails; elements are tolerated as in decoding.
impl<'de, T: Lenient + DeserializeOwned> de::Deserialize<'de> for List<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Self::lenient(d)?.map_err(|raw| {
            de::Error::custom(format_args!("found {}, not an array", lenient::kind(&raw)))
        })
    }
}

impl<T: Lenient + DeserializeOwned> Lenient for List<T> {
    const COLLECTION: bool = true;

    fn lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Outcome<Self>, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Lenient + DeserializeOwned> de::Visitor<'de> for V<T> {
            type Value = Outcome<List<T>>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an array")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let cap = seq.size_hint().unwrap_or(0).min(4096);
                let mut list = List {
                    items: Vec::with_capacity(cap),
                    odd: Oddities::default(),
                };
                for index in 0.. {
                    let since = lenient::report_len::<T>();
                    let Some(item) = seq.next_element_seed(Element::<T>(PhantomData))? else {
                        break;
                    };
                    lenient::prefix_reports(since, || format!("[{index}]"));
                    match item {
                        Ok(item) => list.items.push(item),
                        Err(value) => {
                            lenient::report_odd(format!("[{index}]"));
                            list.odd.push(Odd {
                                at: index,
                                reason: reason::<T>(&value),
                                value,
                            });
                        }
                    }
                }
                Ok(Ok(list))
            }
            raw_visits!(seq);
        }
        deserializer.deserialize_any(V(PhantomData))
    }
}

/// A JSON object of `T` values, by key: the entries that fit `T` and the
/// [`odd`](Self::odd) ones kept raw. Derefs to `BTreeMap<String, T>`.
#[derive(Clone, PartialEq)]
pub struct Dict<T> {
    entries: BTreeMap<String, T>,
    odd: Oddities<String>,
}

impl<T> Dict<T> {
    /// An empty map.
    pub fn new() -> Self {
        Dict {
            entries: BTreeMap::new(),
            odd: Oddities::default(),
        }
    }

    /// The entries whose value did not fit `T`, by key.
    pub fn odd(&self) -> &[Odd<String>] {
        self.odd.as_slice()
    }

    /// Whether every value fitted.
    pub fn is_whole(&self) -> bool {
        self.odd.is_empty()
    }

    /// The typed entries.
    pub fn into_map(self) -> BTreeMap<String, T> {
        self.entries
    }
}

impl<T> Default for Dict<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T> Deref for Dict<T> {
    type Target = BTreeMap<String, T>;
    fn deref(&self) -> &BTreeMap<String, T> {
        &self.entries
    }
}

impl<T> DerefMut for Dict<T> {
    fn deref_mut(&mut self) -> &mut BTreeMap<String, T> {
        &mut self.entries
    }
}

impl<T> From<BTreeMap<String, T>> for Dict<T> {
    fn from(entries: BTreeMap<String, T>) -> Self {
        Dict {
            entries,
            odd: Oddities::default(),
        }
    }
}

/// A map written in place, as Slack's answers often are:
///
/// ```
/// use slack_model::events::ViewErrorsResponse;
///
/// let errors = ViewErrorsResponse::new([("comments", "Say a little more")]);
/// assert_eq!(errors.errors["comments"], "Say a little more");
/// ```
impl<K: Into<String>, V: Into<T>, T, const N: usize> From<[(K, V); N]> for Dict<T> {
    fn from(entries: [(K, V); N]) -> Self {
        entries
            .into_iter()
            .map(|(key, value)| (key.into(), value.into()))
            .collect()
    }
}

impl<T> FromIterator<(String, T)> for Dict<T> {
    fn from_iter<I: IntoIterator<Item = (String, T)>>(iter: I) -> Self {
        BTreeMap::from_iter(iter).into()
    }
}

impl<T> IntoIterator for Dict<T> {
    type Item = (String, T);
    type IntoIter = std::collections::btree_map::IntoIter<String, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

impl<'a, T> IntoIterator for &'a Dict<T> {
    type Item = (&'a String, &'a T);
    type IntoIter = std::collections::btree_map::Iter<'a, String, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter()
    }
}

impl<T: fmt::Debug> fmt::Debug for Dict<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.odd.is_empty() {
            self.entries.fmt(f)
        } else {
            f.debug_struct("Dict")
                .field("entries", &self.entries)
                .field("odd", &self.odd.as_slice())
                .finish()
        }
    }
}

/// The object as it came, odd entries included (left out in a
/// [`typed_only`](lenient::typed_only) serialization).
impl<T: Serialize> Serialize for Dict<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let write_odd = lenient::write_untyped();
        let mut map = s.serialize_map(None)?;
        for (key, value) in &self.entries {
            map.serialize_entry(key, value)?;
        }
        for odd in self.odd.as_slice().iter().filter(|_| write_odd) {
            map.serialize_entry(&odd.at, &odd.value)?;
        }
        map.end()
    }
}

/// Strict: anything but an object (or `[]`, Slack's empty map) fails; values are tolerated
/// as in decoding.
impl<'de, T: Lenient + DeserializeOwned> de::Deserialize<'de> for Dict<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Self::lenient(d)?.map_err(|raw| {
            de::Error::custom(format_args!("found {}, not an object", lenient::kind(&raw)))
        })
    }
}

impl<T: Lenient + DeserializeOwned> Lenient for Dict<T> {
    const COLLECTION: bool = true;

    fn lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Outcome<Self>, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Lenient + DeserializeOwned> de::Visitor<'de> for V<T> {
            type Value = Outcome<Dict<T>>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut dict = Dict::new();
                while let Some(key) = map.next_key::<String>()? {
                    let since = lenient::report_len::<T>();
                    let value = map.next_value_seed(Element::<T>(PhantomData))?;
                    lenient::prefix_reports(since, || "[*]".to_owned());
                    match value {
                        Ok(value) => {
                            dict.entries.insert(key, value);
                        }
                        Err(value) => {
                            lenient::report_odd("[*]".to_owned());
                            dict.odd.push(Odd {
                                reason: reason::<T>(&value),
                                at: key,
                                value,
                            });
                        }
                    }
                }
                Ok(Ok(dict))
            }
            // Slack's backend writes an empty map as `[]` (a profile's `fields`): an empty
            // array is an empty map; any other array does not fit.
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element::<Value>()? {
                    items.push(item);
                }
                Ok(if items.is_empty() {
                    Ok(Dict::new())
                } else {
                    Err(Value::Array(items))
                })
            }
            raw_visits!(@bool);
            raw_visits!(@num);
            raw_visits!(@str);
            raw_visits!(@unit);
        }
        deserializer.deserialize_any(V(PhantomData))
    }
}

/// Decodes one element leniently.
struct Element<T>(PhantomData<T>);

impl<'de, T: Lenient> DeserializeSeed<'de> for Element<T> {
    type Value = Outcome<T>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Outcome<T>, D::Error> {
        T::lenient(deserializer)
    }
}

/// Why `value` does not fit `T`: the error of decoding it strictly (rare: only for odd
/// elements), with what that decoding would report left out.
fn reason<T: DeserializeOwned>(value: &Value) -> String {
    let (strict, _) = lenient::collect(|| T::deserialize(value));
    match strict {
        Err(e) => e.to_string(),
        Ok(_) => format!(
            "found {}, which is not the element's type",
            lenient::kind(value)
        ),
    }
}
