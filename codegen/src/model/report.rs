//! Where problems go: one file's diagnostics, and parsing a spec file with its problems
//! reported.

use super::Diagnostic;
use crate::yaml::{self, KeyLines};
use crate::SpecFile;

/// Collects diagnostics for one file.
pub(super) struct Report<'a> {
    pub(super) file: &'a str,
    pub(super) out: &'a mut Vec<Diagnostic>,
}

impl Report<'_> {
    pub(super) fn at(&mut self, line: usize, key: impl Into<String>, message: impl Into<String>) {
        self.out.push(Diagnostic {
            file: self.file.to_string(),
            line,
            key: key.into(),
            message: message.into(),
        });
    }

    /// Reports against `key` of a struct whose key lines are `lines`, under `path`.
    pub(super) fn key(
        &mut self,
        lines: &KeyLines,
        path: &str,
        key: &str,
        message: impl Into<String>,
    ) {
        let line = lines
            .get(key)
            .or_else(|| lines.get(""))
            .copied()
            .unwrap_or(1);
        let full = if path.is_empty() {
            key.to_string()
        } else if key.is_empty() {
            path.to_string()
        } else {
            format!("{path}.{key}")
        };
        self.at(line, full, message);
    }

    fn yaml(&mut self, err: yaml::Error) {
        self.at(err.line.unwrap_or(1), err.path_string(), err.message);
    }
}

/// The key of a spec struct that has a problem, and the message.
pub(super) type Problem = (&'static str, String);

pub(super) fn parse_file<T: serde::de::DeserializeOwned>(
    file: &SpecFile,
    out: &mut Vec<Diagnostic>,
) -> Option<T> {
    let mut report = Report {
        file: &file.path,
        out,
    };
    let node = match yaml::parse(&file.text) {
        Ok(node) => node,
        Err(e) => {
            report.yaml(e);
            return None;
        }
    };
    match yaml::from_node::<T>(&node) {
        Ok(v) => Some(v),
        Err(e) => {
            report.yaml(e);
            None
        }
    }
}
