//! Writing YAML: scalars, folded text, wrapped comments.

use std::fmt::Write as _;

/// The widest a line of text gets before it is folded.
const WIDTH: usize = 92;

/// A scalar as YAML: plain when that reads back as the same string, else double-quoted.
pub(super) fn scalar(s: &str) -> String {
    if plain_ok(s) {
        s.to_string()
    } else {
        quoted(s)
    }
}

fn plain_ok(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    let lower = s.to_lowercase();
    s.trim() == s
        && !"-?:,[]{}#&*!|>'\"%@`.+~".contains(first)
        && !first.is_ascii_digit()
        && !matches!(
            lower.as_str(),
            "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n"
        )
        && s.parse::<f64>().is_err()
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.ends_with(':')
        && s.chars().all(|c| !c.is_control())
}

pub(super) fn quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `key: value` for text, folded into a `>-` block when long.
pub(super) fn text(out: &mut String, indent: usize, key: &str, value: &str) {
    let pad = " ".repeat(indent);
    let one_line = format!("{pad}{key}: {}", scalar(value));
    let foldable = !value.contains("  ")
        && value.trim() == value
        && value.chars().all(|c| !c.is_control())
        && !value.is_empty();
    if one_line.chars().count() <= WIDTH + 4 || !foldable {
        out.push_str(&one_line);
        out.push('\n');
        return;
    }
    let _ = writeln!(out, "{pad}{key}: >-");
    let inner = " ".repeat(indent + 2);
    let mut line = String::new();
    for word in value.split(' ') {
        if !line.is_empty() && inner.len() + line.chars().count() + 1 + word.chars().count() > WIDTH
        {
            let _ = writeln!(out, "{inner}{line}");
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    let _ = writeln!(out, "{inner}{line}");
}

/// Comment lines, wrapped.
pub(super) fn comment(out: &mut String, indent: usize, text: &str) {
    let pad = " ".repeat(indent);
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty()
            && pad.len() + 2 + line.chars().count() + 1 + word.chars().count() > WIDTH
        {
            let _ = writeln!(out, "{pad}# {line}");
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        let _ = writeln!(out, "{pad}# {line}");
    }
}

/// A header comment line; a "- " item's continuation lines are indented under its text.
pub(super) fn hanging_comment(out: &mut String, text: &str) {
    let hang = if text.starts_with("- ") { "  " } else { "" };
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && 2 + line.chars().count() + 1 + word.chars().count() > WIDTH {
            let _ = writeln!(out, "# {line}");
            line = hang.to_string();
        }
        if !line.is_empty() && !line.ends_with(' ') {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.trim().is_empty() {
        let _ = writeln!(out, "# {line}");
    }
}

pub(super) fn comments(out: &mut String, indent: usize, lines: &[String]) {
    for line in lines {
        comment(out, indent, line);
    }
}

/// A flow sequence of strings; items with flow indicators or colons are quoted.
pub(super) fn list(items: &[String]) -> String {
    format!(
        "[{}]",
        items
            .iter()
            .map(|s| {
                if s.contains([':', ',', '[', ']', '{', '}']) {
                    quoted(s)
                } else {
                    scalar(s)
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_that_would_read_back_as_something_else_are_quoted() {
        for s in [
            "true",
            "False",
            "null",
            "yes",
            "20",
            "1.5",
            "0x1F",
            "-dash",
            "a: b",
            "a #b",
            "",
            " padded",
            "[x]",
            "{x}",
            "*star",
            "`code`",
            "C1234,C5678",
            ".5",
            "inf",
        ] {
            let yaml = format!("v: {}", scalar(s));
            let node = codegen::yaml::parse(&yaml).unwrap();
            let codegen::yaml::Value::Map(entries) = node.value else {
                panic!("{yaml}")
            };
            assert_eq!(
                entries[0].1.value,
                codegen::yaml::Value::Str(s.to_string()),
                "{yaml}"
            );
        }
        assert_eq!(scalar("channel"), "channel");
        assert_eq!(scalar("C1234"), "C1234");
        assert_eq!(scalar("true"), "\"true\"");
    }

    #[test]
    fn long_text_folds_and_reads_back_the_same() {
        let long = "A JSON-based array of structured blocks, presented as a URL-encoded string. \
                    The usage of the `text` field changes depending on whether you're using \
                    `blocks`: see below #anchor, and a colon: here.";
        let mut out = String::new();
        text(&mut out, 4, "description", long);
        assert!(out.contains(">-"), "{out}");
        let node = codegen::yaml::parse(&format!("m:\n{out}")).unwrap();
        let codegen::yaml::Value::Map(m) = node.value else {
            panic!()
        };
        let codegen::yaml::Value::Map(inner) = &m[0].1.value else {
            panic!("{out}")
        };
        assert_eq!(inner[0].1.value, codegen::yaml::Value::Str(long.into()));
    }
}
