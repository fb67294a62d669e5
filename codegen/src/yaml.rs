//! A YAML reader that remembers where everything came from.
//!
//! The spec is parsed into a [`Node`] tree whose nodes carry their line, and the spec's
//! serde types are deserialized straight from that tree. Errors raised while deserializing
//! therefore know the line and the key path of the node that caused them, and structs that
//! declare a `__lines` field receive the line of each of their keys, so later semantic checks
//! can point at the exact key too.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// Name of the synthetic field through which a struct receives the line of each of its keys.
pub const LINES_FIELD: &str = "__lines";

/// The line of each key of a mapping, as handed to structs that declare a `__lines` field.
pub type KeyLines = BTreeMap<String, usize>;

/// One YAML node with the (1-based) line it starts on.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub line: usize,
    pub value: Value,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    /// Keys are kept in document order; duplicate keys are rejected while parsing.
    Map(Vec<(Key, Node)>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    pub line: usize,
    pub name: String,
}

/// An error found while reading YAML: a line (when known), a key path and a message.
#[derive(Debug, Clone, PartialEq)]
pub struct Error {
    pub line: Option<usize>,
    /// Path segments from the document root, outermost first (`arguments`, `[2]`, `type`).
    pub path: Vec<String>,
    pub message: String,
}

impl Error {
    fn at(line: usize, message: impl Into<String>) -> Self {
        Error {
            line: Some(line),
            path: Vec::new(),
            message: message.into(),
        }
    }

    /// The key path as written in messages: `arguments[2].type`.
    pub fn path_string(&self) -> String {
        join_path(&self.path)
    }
}

/// Joins path segments, writing `[i]` segments without a leading dot.
pub fn join_path(segments: &[String]) -> String {
    let mut out = String::new();
    for seg in segments {
        if !out.is_empty() && !seg.starts_with('[') {
            out.push('.');
        }
        out.push_str(seg);
    }
    out
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error {
            line: None,
            path: Vec::new(),
            message: msg.to_string(),
        }
    }
}

/// Parses one YAML document into a [`Node`]. Anchors, aliases and tags are refused: the
/// spec is plain data and every value should be readable where it stands.
pub fn parse(text: &str) -> Result<Node, Error> {
    let mut builder = Builder::default();
    let mut parser = Parser::new_from_str(text);
    if let Err(e) = parser.load(&mut builder, false) {
        return Err(Error::at(
            e.marker().line(),
            format!("invalid YAML: {}", e.info()),
        ));
    }
    if let Some(err) = builder.error {
        return Err(err);
    }
    Ok(builder.root.unwrap_or(Node {
        line: 1,
        value: Value::Null,
    }))
}

enum Frame {
    Seq(Node),
    /// A mapping under construction, with the key waiting for its value.
    Map(Node, Option<Key>),
}

#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    root: Option<Node>,
    error: Option<Error>,
}

impl Builder {
    fn fail(&mut self, line: usize, message: String) {
        if self.error.is_none() {
            self.error = Some(Error::at(line, message));
        }
    }

    /// The key path of the collection being built, down to its parent.
    fn path(&self) -> Vec<String> {
        let mut path = Vec::new();
        let depth = self.stack.len().saturating_sub(1);
        for frame in &self.stack[..depth] {
            match frame {
                Frame::Seq(Node {
                    value: Value::Seq(items),
                    ..
                }) => path.push(format!("[{}]", items.len())),
                Frame::Map(_, Some(key)) => path.push(key.name.clone()),
                _ => {}
            }
        }
        path
    }

    fn push_value(&mut self, node: Node) {
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Frame::Seq(seq)) => {
                if let Value::Seq(items) = &mut seq.value {
                    items.push(node);
                }
            }
            Some(Frame::Map(map, pending)) => match pending.take() {
                None => {
                    let name = match node.value {
                        Value::Str(s) => s,
                        Value::Int(i) => i.to_string(),
                        Value::Bool(b) => b.to_string(),
                        Value::Float(x) => x.to_string(),
                        Value::Null => String::new(),
                        Value::Seq(_) | Value::Map(_) => {
                            let line = node.line;
                            self.fail(line, "a mapping key must be a plain scalar".into());
                            return;
                        }
                    };
                    let Value::Map(entries) = &map.value else {
                        return;
                    };
                    if entries.iter().any(|(k, _)| k.name == name) {
                        let mut path = self.path();
                        path.push(name.clone());
                        if self.error.is_none() {
                            let message = format!("duplicate key `{name}`");
                            self.error = Some(Error {
                                line: Some(node.line),
                                path,
                                message,
                            });
                        }
                        return;
                    }
                    *pending = Some(Key {
                        line: node.line,
                        name,
                    });
                }
                Some(key) => {
                    if let Value::Map(entries) = &mut map.value {
                        entries.push((key, node));
                    }
                }
            },
        }
    }
}

fn scalar(text: String, style: TScalarStyle) -> Value {
    if style != TScalarStyle::Plain {
        return Value::Str(text);
    }
    match text.as_str() {
        "" | "~" | "null" | "Null" | "NULL" => Value::Null,
        "true" | "True" | "TRUE" => Value::Bool(true),
        "false" | "False" | "FALSE" => Value::Bool(false),
        _ => {
            if let Ok(i) = text.parse::<i64>() {
                Value::Int(i)
            } else if looks_like_float(&text) {
                text.parse::<f64>()
                    .map(Value::Float)
                    .unwrap_or(Value::Str(text))
            } else {
                Value::Str(text)
            }
        }
    }
}

fn looks_like_float(text: &str) -> bool {
    let body = text.strip_prefix(['-', '+']).unwrap_or(text);
    body.starts_with(|c: char| c.is_ascii_digit() || c == '.')
        && body
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '-' | '+'))
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        if self.error.is_some() {
            return;
        }
        let line = mark.line();
        match ev {
            Event::Alias(_) => self.fail(line, "YAML aliases are not allowed in the spec".into()),
            Event::Scalar(text, style, anchor, tag) => {
                if anchor != 0 || tag.is_some() {
                    self.fail(
                        line,
                        "YAML anchors and tags are not allowed in the spec".into(),
                    );
                    return;
                }
                self.push_value(Node {
                    line,
                    value: scalar(text, style),
                });
            }
            Event::SequenceStart(anchor, tag) | Event::MappingStart(anchor, tag)
                if anchor != 0 || tag.is_some() =>
            {
                self.fail(
                    line,
                    "YAML anchors and tags are not allowed in the spec".into(),
                );
            }
            Event::SequenceStart(..) => self.stack.push(Frame::Seq(Node {
                line,
                value: Value::Seq(Vec::new()),
            })),
            Event::MappingStart(..) => self.stack.push(Frame::Map(
                Node {
                    line,
                    value: Value::Map(Vec::new()),
                },
                None,
            )),
            Event::SequenceEnd | Event::MappingEnd => match self.stack.pop() {
                Some(Frame::Seq(node)) | Some(Frame::Map(node, _)) => self.push_value(node),
                None => self.fail(line, "unbalanced YAML collection".into()),
            },
            Event::Nothing
            | Event::StreamStart
            | Event::StreamEnd
            | Event::DocumentStart
            | Event::DocumentEnd => {}
        }
    }
}

/// Deserializes `T` from a parsed node; errors carry the line and key path of their cause.
pub fn from_node<'de, T: de::Deserialize<'de>>(node: &'de Node) -> Result<T, Error> {
    T::deserialize(node)
}

/// Adds a line to an error that does not have one yet: the innermost node wins.
fn with_line(mut err: Error, line: usize) -> Error {
    if err.line.is_none() {
        err.line = Some(line);
    }
    err
}

fn with_segment(mut err: Error, segment: String) -> Error {
    err.path.insert(0, segment);
    err
}

impl Node {
    fn kind(&self) -> de::Unexpected<'_> {
        match &self.value {
            Value::Null => de::Unexpected::Unit,
            Value::Bool(b) => de::Unexpected::Bool(*b),
            Value::Int(i) => de::Unexpected::Signed(*i),
            Value::Float(x) => de::Unexpected::Float(*x),
            Value::Str(s) => de::Unexpected::Str(s),
            Value::Seq(_) => de::Unexpected::Seq,
            Value::Map(_) => de::Unexpected::Map,
        }
    }
}

impl<'de> de::Deserializer<'de> for &'de Node {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let result = match &self.value {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Int(i) => visitor.visit_i64(*i),
            Value::Float(x) => visitor.visit_f64(*x),
            Value::Str(s) => visitor.visit_borrowed_str(s),
            Value::Seq(items) => visitor.visit_seq(Seq {
                items: items.iter(),
                index: 0,
            }),
            Value::Map(entries) => visitor.visit_map(Map::new(entries, None)),
        };
        result.map_err(|e| with_line(e, self.line))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        // Only quoted or plain text is a string: `yes`, `12` or `true` where a string is
        // expected is almost always a mistake worth reporting.
        match &self.value {
            Value::Str(s) => visitor.visit_borrowed_str(s),
            _ => Err(Error::at(
                self.line,
                format!("invalid type: {}, expected a string", self.kind()),
            )),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_string(visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match &self.value {
            Value::Map(entries) => {
                let lines = fields.contains(&LINES_FIELD).then(|| {
                    let mut lines: KeyLines = entries
                        .iter()
                        .map(|(k, _)| (k.name.clone(), k.line))
                        .collect();
                    // The mapping's own line, under the empty key.
                    lines.insert(String::new(), self.line);
                    lines
                });
                visitor
                    .visit_map(Map::new(entries, lines))
                    .map_err(|mut e| {
                        // Name the missing key itself, at the mapping's line.
                        if e.path.is_empty() {
                            let missing = e
                                .message
                                .strip_prefix("missing field `")
                                .and_then(|r| r.split('`').next());
                            if let Some(field) = missing {
                                e.path.push(field.to_owned());
                            }
                        }
                        with_line(e, self.line)
                    })
            }
            _ => Err(Error::at(
                self.line,
                format!("invalid type: {}, expected a mapping", self.kind()),
            )),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match &self.value {
            Value::Str(s) => visitor.visit_enum(s.as_str().into_deserializer()),
            Value::Map(entries) if entries.len() == 1 => {
                let (key, value) = &entries[0];
                visitor
                    .visit_enum(Enum { key, value })
                    .map_err(|e| with_line(e, self.line))
            }
            _ => Err(Error::at(
                self.line,
                format!(
                    "invalid type: {}, expected a name or a one-key mapping",
                    self.kind()
                ),
            )),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char bytes byte_buf unit
        unit_struct newtype_struct seq tuple tuple_struct map identifier ignored_any
    }
}

struct Seq<'de> {
    items: std::slice::Iter<'de, Node>,
    index: usize,
}

impl<'de> SeqAccess<'de> for Seq<'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        let Some(item) = self.items.next() else {
            return Ok(None);
        };
        let index = self.index;
        self.index += 1;
        seed.deserialize(item)
            .map(Some)
            .map_err(|e| with_segment(with_line(e, item.line), format!("[{index}]")))
    }
}

struct Map<'de> {
    entries: std::slice::Iter<'de, (Key, Node)>,
    current: Option<&'de (Key, Node)>,
    lines: Option<KeyLines>,
    lines_pending: bool,
}

impl<'de> Map<'de> {
    fn new(entries: &'de [(Key, Node)], lines: Option<KeyLines>) -> Self {
        Map {
            entries: entries.iter(),
            current: None,
            lines_pending: lines.is_some(),
            lines,
        }
    }
}

impl<'de> MapAccess<'de> for Map<'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        if let Some(entry) = self.entries.next() {
            let (key, _) = entry;
            if key.name == LINES_FIELD {
                return Err(Error::at(key.line, format!("`{LINES_FIELD}` is reserved")));
            }
            self.current = Some(entry);
            return seed
                .deserialize(key.name.as_str().into_deserializer())
                .map(Some)
                .map_err(|e: Error| with_segment(with_line(e, key.line), key.name.clone()));
        }
        if self.lines_pending {
            self.lines_pending = false;
            self.current = None;
            return seed.deserialize(LINES_FIELD.into_deserializer()).map(Some);
        }
        Ok(None)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        match self.current.take() {
            Some((key, value)) => seed
                .deserialize(value)
                .map_err(|e| with_segment(with_line(e, value.line), key.name.clone())),
            None => {
                let lines = self.lines.take().unwrap_or_default();
                seed.deserialize(lines.into_deserializer())
            }
        }
    }
}

struct Enum<'de> {
    key: &'de Key,
    value: &'de Node,
}

impl<'de> de::EnumAccess<'de> for Enum<'de> {
    type Error = Error;
    type Variant = Variant<'de>;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, Variant<'de>), Error> {
        let name = seed
            .deserialize(self.key.name.as_str().into_deserializer())
            .map_err(|e: Error| with_segment(with_line(e, self.key.line), self.key.name.clone()))?;
        Ok((
            name,
            Variant {
                key: self.key,
                value: self.value,
            },
        ))
    }
}

struct Variant<'de> {
    key: &'de Key,
    value: &'de Node,
}

impl<'de> de::VariantAccess<'de> for Variant<'de> {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        match self.value.value {
            Value::Null => Ok(()),
            _ => Err(Error::at(
                self.value.line,
                format!("`{}` takes no value", self.key.name),
            )),
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Error> {
        seed.deserialize(self.value)
            .map_err(|e| with_segment(with_line(e, self.value.line), self.key.name.clone()))
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Error> {
        de::Deserializer::deserialize_seq(self.value, visitor)
            .map_err(|e| with_segment(e, self.key.name.clone()))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        de::Deserializer::deserialize_struct(self.value, "", fields, visitor)
            .map_err(|e| with_segment(e, self.key.name.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    struct Item {
        name: String,
        #[serde(default)]
        count: Option<i64>,
        #[serde(rename = "__lines", default)]
        lines: KeyLines,
    }

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    struct Doc {
        items: Vec<Item>,
    }

    #[test]
    fn records_key_lines() {
        let node = parse("items:\n  - name: a\n    count: 2\n  - name: b\n").unwrap();
        let doc: Doc = from_node(&node).unwrap();
        assert_eq!(doc.items[0].lines["count"], 3);
        assert_eq!(doc.items[1].lines["name"], 4);
        assert_eq!(
            (doc.items[0].name.as_str(), doc.items[0].count),
            ("a", Some(2))
        );
    }

    #[test]
    fn unknown_key_has_line_and_path() {
        let node = parse("items:\n  - name: a\n  - name: b\n    cuont: 1\n").unwrap();
        let err = from_node::<Doc>(&node).unwrap_err();
        assert_eq!(err.line, Some(4));
        assert_eq!(err.path_string(), "items[1].cuont");
        assert!(
            err.message.contains("unknown field `cuont`"),
            "{}",
            err.message
        );
    }

    #[test]
    fn wrong_type_has_line() {
        let node = parse("items:\n  - name: 12\n").unwrap();
        let err = from_node::<Doc>(&node).unwrap_err();
        assert_eq!(
            (err.line, err.path_string().as_str()),
            (Some(2), "items[0].name")
        );
    }

    #[test]
    fn duplicate_keys_are_refused() {
        let err = parse("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!(err.line, Some(3));
        assert!(err.message.contains("duplicate key `a`"));
    }

    #[test]
    fn syntax_errors_have_a_line() {
        let err = parse("a: [1, 2\nb: 3\n").unwrap_err();
        assert!(err.line.is_some());
        assert!(err.message.starts_with("invalid YAML"));
    }
}
