//! A YAML reader for seed files that remembers the line of every node, so that an error
//! can name where it is. Scalars keep their text (typed when read); anchors, aliases and
//! tags are refused, duplicate keys too.

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use super::SeedError;

/// One node and the (1-based) line it starts on.
#[derive(Debug)]
pub struct Node {
    pub line: usize,
    pub value: Value,
}

#[derive(Debug)]
pub enum Value {
    Null,
    /// The text, and whether it was written plain (unquoted): only plain `true` is a bool.
    Scalar(String, bool),
    Seq(Vec<Node>),
    /// Entries in document order: the key, its line, its value.
    Map(Vec<(String, usize, Node)>),
}

/// Parses the first document of `text` (an empty text is an empty mapping).
pub fn parse(text: &str) -> Result<Node, SeedError> {
    let mut builder = Builder::default();
    Parser::new_from_str(text)
        .load(&mut builder, false)
        .map_err(|e| SeedError::at(e.marker().line(), "", format!("not YAML: {}", e.info())))?;
    if let Some(error) = builder.error {
        return Err(error);
    }
    Ok(builder.root.unwrap_or(Node {
        line: 1,
        value: Value::Map(Vec::new()),
    }))
}

/// A collection being built: a sequence, or a mapping and the key waiting for its value.
enum Frame {
    Seq(Node),
    Map(Node, Option<(String, usize)>),
}

#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    root: Option<Node>,
    error: Option<SeedError>,
}

impl Builder {
    fn fail(&mut self, line: usize, message: &str) {
        if self.error.is_none() {
            self.error = Some(SeedError::at(line, "", message));
        }
    }

    fn push(&mut self, node: Node) {
        let (entries, pending) = match self.stack.last_mut() {
            None => return self.root = Some(node),
            Some(Frame::Seq(Node {
                value: Value::Seq(items),
                ..
            })) => return items.push(node),
            Some(Frame::Map(
                Node {
                    value: Value::Map(entries),
                    ..
                },
                pending,
            )) => (entries, pending),
            Some(_) => return,
        };
        if let Some((key, line)) = pending.take() {
            return entries.push((key, line, node));
        }
        let Value::Scalar(key, _) = node.value else {
            return self.fail(node.line, "a key must be plain text");
        };
        if entries.iter().any(|(k, _, _)| *k == key) {
            let message = format!("the key `{key}` comes twice");
            return self.fail(node.line, &message);
        }
        *pending = Some((key, node.line));
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        if self.error.is_some() {
            return;
        }
        let line = mark.line();
        let node = |value| Node { line, value };
        match event {
            Event::Alias(_)
            | Event::Scalar(_, _, 1.., _)
            | Event::Scalar(_, _, _, Some(_))
            | Event::SequenceStart(1.., _)
            | Event::SequenceStart(_, Some(_))
            | Event::MappingStart(1.., _)
            | Event::MappingStart(_, Some(_)) => {
                self.fail(line, "YAML anchors, aliases and tags are not supported")
            }
            Event::Scalar(text, style, _, _) => {
                let plain = style == TScalarStyle::Plain;
                let null = plain && matches!(text.as_str(), "" | "~" | "null" | "Null" | "NULL");
                self.push(node(if null {
                    Value::Null
                } else {
                    Value::Scalar(text, plain)
                }));
            }
            Event::SequenceStart(..) => self.stack.push(Frame::Seq(node(Value::Seq(Vec::new())))),
            Event::MappingStart(..) => self
                .stack
                .push(Frame::Map(node(Value::Map(Vec::new())), None)),
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some(Frame::Seq(done) | Frame::Map(done, _)) = self.stack.pop() {
                    self.push(done);
                }
            }
            _ => {}
        }
    }
}
