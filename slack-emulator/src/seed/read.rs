//! Reading a seed's mappings: known keys only, each value of the kind expected, every error
//! naming its line and key path (`channels[1].members[0]`).

use super::yaml::{Node, Value};
use super::SeedError;

/// A mapping of the seed, with the path that leads to it.
pub struct Obj<'a> {
    pub line: usize,
    entries: &'a [(String, usize, Node)],
    path: String,
}

impl<'a> Obj<'a> {
    /// `node` as a mapping whose keys are all among `keys`.
    pub fn new(node: &'a Node, path: &str, keys: &[&str]) -> Result<Self, SeedError> {
        let obj = Self::new_any(node, path)?;
        if let Some((key, line, _)) = obj
            .entries
            .iter()
            .find(|(k, ..)| !keys.contains(&k.as_str()))
        {
            let message = format!("unknown key (the keys here: {})", keys.join(", "));
            return Err(SeedError::at(*line, &join(path, key), message));
        }
        Ok(obj)
    }

    /// `node` as a mapping with any keys.
    pub fn new_any(node: &'a Node, path: &str) -> Result<Self, SeedError> {
        let Value::Map(entries) = &node.value else {
            return Err(SeedError::at(
                node.line,
                path,
                "expected a mapping (`key: value`)",
            ));
        };
        Ok(Obj {
            line: node.line,
            entries,
            path: path.to_owned(),
        })
    }

    /// The path of one of its keys.
    pub fn path(&self, key: &str) -> String {
        join(&self.path, key)
    }

    /// The value of `key`, unless absent or null.
    pub fn get(&self, key: &str) -> Option<&'a Node> {
        self.entries
            .iter()
            .find(|(k, ..)| k == key)
            .map(|(_, _, node)| node)
            .filter(|node| !matches!(node.value, Value::Null))
    }

    pub fn text(&self, key: &str) -> Result<Option<&'a str>, SeedError> {
        self.get(key).map(|n| text(n, &self.path(key))).transpose()
    }

    /// A text that must be there.
    pub fn required(&self, key: &str) -> Result<&'a str, SeedError> {
        self.text(key)?
            .ok_or_else(|| SeedError::at(self.line, &self.path(key), "required"))
    }

    /// `true` or `false` (absent: `false`).
    pub fn flag(&self, key: &str) -> Result<bool, SeedError> {
        let Some(node) = self.get(key) else {
            return Ok(false);
        };
        match &node.value {
            Value::Scalar(t, true) if t == "true" => Ok(true),
            Value::Scalar(t, true) if t == "false" => Ok(false),
            _ => Err(SeedError::at(
                node.line,
                &self.path(key),
                "expected true or false",
            )),
        }
    }

    /// A whole number.
    pub fn number(&self, key: &str) -> Result<Option<i64>, SeedError> {
        let Some(node) = self.get(key) else {
            return Ok(None);
        };
        match &node.value {
            Value::Scalar(t, true) => t.parse().map(Some).ok(),
            _ => None,
        }
        .ok_or_else(|| SeedError::at(node.line, &self.path(key), "expected a whole number"))
    }

    /// The items of a list (absent: none), each with its path.
    pub fn list(&self, key: &str) -> Result<Vec<(String, &'a Node)>, SeedError> {
        match self.get(key) {
            Some(node) => Self::items(node, &self.path(key)),
            None => Ok(Vec::new()),
        }
    }

    /// The items of a list node, each with its path.
    pub fn items(node: &'a Node, path: &str) -> Result<Vec<(String, &'a Node)>, SeedError> {
        let Value::Seq(items) = &node.value else {
            let message = "expected a list (`- item` lines or `[a, b]`)";
            return Err(SeedError::at(node.line, path, message));
        };
        Ok(items
            .iter()
            .enumerate()
            .map(|(i, item)| (format!("{path}[{i}]"), item))
            .collect())
    }

    /// Each key and value, with the value's path.
    pub fn entries(&self) -> impl Iterator<Item = (&'a str, String, &'a Node)> + '_ {
        self.entries
            .iter()
            .map(|(k, _, node)| (k.as_str(), self.path(k), node))
    }
}

/// A scalar's text (quoted or not).
pub fn text<'a>(node: &'a Node, path: &str) -> Result<&'a str, SeedError> {
    match &node.value {
        Value::Scalar(text, _) => Ok(text),
        _ => Err(SeedError::at(node.line, path, "expected a text")),
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}
