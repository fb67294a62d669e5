//! `application/x-www-form-urlencoded` both ways, and header parameters
//! (`type/subtype; key=value; key="quoted"`).

use super::WireError;

/// Percent-encodes for `application/x-www-form-urlencoded`: unreserved bytes as they are,
/// space as `+`, everything else as `%XX`.
pub(crate) fn encode_component(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in s.as_bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'*' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => {
                out.push('%');
                out.push(HEX[usize::from(b >> 4)] as char);
                out.push(HEX[usize::from(b & 15)] as char);
            }
        }
    }
}

/// How the bytes of a form are turned into text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Charset {
    Utf8,
    Latin1,
}

impl Charset {
    /// The charset a content type's `charset` parameter names.
    pub(crate) fn named(name: &str) -> Result<Charset, WireError> {
        match name.to_ascii_lowercase().as_str() {
            "utf-8" | "utf8" => Ok(Charset::Utf8),
            "iso-8859-1" | "latin1" | "iso8859-1" => Ok(Charset::Latin1),
            _ => Err(WireError::InvalidCharset(name.chars().take(64).collect())),
        }
    }

    pub(crate) fn text(self, bytes: Vec<u8>) -> Result<String, WireError> {
        match self {
            Charset::Utf8 => String::from_utf8(bytes)
                .map_err(|_| WireError::InvalidFormData("text that is not UTF-8".into())),
            Charset::Latin1 => Ok(bytes.into_iter().map(char::from).collect()),
        }
    }
}

/// The `name=value` pairs of a form body or query string, decoded, in order. Empty
/// segments (`a=1&&b=2`) are skipped; a segment without `=` is a name with an empty value.
pub(crate) fn parse(input: &[u8], charset: Charset) -> Result<Vec<(String, String)>, WireError> {
    let mut pairs = Vec::new();
    for segment in input.split(|&b| b == b'&') {
        if segment.is_empty() {
            continue;
        }
        let (name, value) = match segment.iter().position(|&b| b == b'=') {
            Some(at) => (&segment[..at], &segment[at + 1..]),
            None => (segment, &b""[..]),
        };
        pairs.push((
            charset.text(percent_decode(name)?)?,
            charset.text(percent_decode(value)?)?,
        ));
    }
    Ok(pairs)
}

/// `+` as a space and `%XX` as its byte; a `%` not followed by two hex digits is an error.
fn percent_decode(input: &[u8]) -> Result<Vec<u8>, WireError> {
    let mut out = Vec::with_capacity(input.len());
    let mut i = 0;
    while i < input.len() {
        match input[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = |at: usize| input.get(at).and_then(|&b| (b as char).to_digit(16));
                match (hex(i + 1), hex(i + 2)) {
                    // Two hex digits: at most 255.
                    (Some(hi), Some(lo)) => out.push(u8::try_from(hi * 16 + lo).unwrap_or(0)),
                    _ => {
                        return Err(WireError::InvalidFormData(
                            "a `%` not followed by two hex digits".into(),
                        ))
                    }
                }
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    Ok(out)
}

/// A header value of the form `main; key=value; key="quoted value"`: the main part
/// (trimmed) and the parameters (keys lower-cased, values unquoted), in order.
pub(crate) fn header_params(value: &str) -> (String, Vec<(String, String)>) {
    let mut segments = split_unquoted(value, ';').into_iter();
    let main = segments.next().unwrap_or_default().trim().to_owned();
    let params = segments
        .filter_map(|segment| {
            let (key, value) = segment.split_once('=')?;
            Some((key.trim().to_ascii_lowercase(), unquote(value.trim())))
        })
        .collect();
    (main, params)
}

/// Splits on `sep` outside double quotes (a backslash escapes inside quotes).
fn split_unquoted(value: &str, sep: char) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let (mut quoted, mut escaped) = (false, false);
    for c in value.chars() {
        if escaped {
            escaped = false;
        } else if quoted && c == '\\' {
            escaped = true;
        } else if c == '"' {
            quoted = !quoted;
        } else if c == sep && !quoted {
            out.push(std::mem::take(&mut current));
            continue;
        }
        current.push(c);
    }
    out.push(current);
    out
}

/// A parameter value without its quotes and backslash escapes.
fn unquote(value: &str) -> String {
    let Some(inner) = value.strip_prefix('"') else {
        return value.to_owned();
    };
    let inner = inner.strip_suffix('"').unwrap_or(inner);
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            out.extend(chars.next());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_errors() {
        let mut out = String::new();
        encode_component(&mut out, "héllo & bye = 100%");
        assert_eq!(out, "h%C3%A9llo+%26+bye+%3D+100%25");
        let text = format!("a={out}&&b&c=");
        assert_eq!(
            parse(text.as_bytes(), Charset::Utf8).unwrap(),
            [
                ("a".into(), "héllo & bye = 100%".into()),
                ("b".into(), String::new()),
                ("c".into(), String::new())
            ]
        );
        assert!(parse(b"a=%4", Charset::Utf8).is_err());
        assert!(parse(b"a=%zz", Charset::Utf8).is_err());
        assert!(parse(b"a=%FF", Charset::Utf8).is_err());
        assert_eq!(
            parse(b"a=%FF", Charset::Latin1).unwrap(),
            [("a".into(), "ÿ".into())]
        );
    }

    #[test]
    fn header_parameters() {
        let (main, params) =
            header_params(r#"form-data; name="a;b"; filename="x\"y.png"; Charset=UTF-8"#);
        assert_eq!(main, "form-data");
        assert_eq!(
            params,
            [
                ("name".into(), "a;b".into()),
                ("filename".into(), "x\"y.png".into()),
                ("charset".into(), "UTF-8".into())
            ]
        );
    }
}
