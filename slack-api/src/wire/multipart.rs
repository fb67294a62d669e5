//! `multipart/form-data` (RFC 7578) both ways: rendering the parts of a request, and
//! reading the parts of a body back. Names and file names escape `"`, CR and LF as `%22`,
//! `%0D` and `%0A`, as browsers do.

use std::borrow::Cow;
use std::hash::{BuildHasher, Hasher};

use super::{form, Part, WireError};

/// A boundary that occurs in none of the parts: random, drawn again on a collision.
pub(crate) fn boundary(parts: &[Part<'_>]) -> String {
    let state = std::collections::hash_map::RandomState::new();
    let mut seed = 0u64;
    loop {
        let mut hasher = state.build_hasher();
        hasher.write_u64(seed);
        let a = hasher.finish();
        hasher.write_u64(a);
        let boundary = format!("slack-api-{a:016x}{:016x}", hasher.finish());
        if !parts.iter().any(|p| contains(&p.data, boundary.as_bytes())) {
            return boundary;
        }
        seed = seed.wrapping_add(1);
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    find(haystack, needle).is_some()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || haystack.len() < needle.len() {
        return None;
    }
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Whether a content type can go in a part's header as it is; one that cannot is left out.
pub(crate) fn valid_content_type(value: &str) -> bool {
    value.contains('/') && value.bytes().all(|b| (0x20..0x7f).contains(&b))
}

fn escape(value: &str) -> Cow<'_, str> {
    if value.contains(['"', '\r', '\n']) {
        Cow::Owned(
            value
                .replace('"', "%22")
                .replace('\r', "%0D")
                .replace('\n', "%0A"),
        )
    } else {
        Cow::Borrowed(value)
    }
}

fn unescape(value: &str) -> String {
    value
        .replace("%22", "\"")
        .replace("%0D", "\r")
        .replace("%0A", "\n")
}

/// The body: each part, then the closing delimiter.
pub(crate) fn render(boundary: &str, parts: &[Part<'_>]) -> Vec<u8> {
    let size: usize = parts.iter().map(|p| p.data.len() + 128).sum();
    let mut out = Vec::with_capacity(size + boundary.len() * (parts.len() + 1));
    for part in parts {
        out.extend_from_slice(b"--");
        out.extend_from_slice(boundary.as_bytes());
        out.extend_from_slice(b"\r\nContent-Disposition: form-data; name=\"");
        out.extend_from_slice(escape(&part.name).as_bytes());
        out.push(b'"');
        if let Some(filename) = &part.filename {
            out.extend_from_slice(b"; filename=\"");
            out.extend_from_slice(escape(filename).as_bytes());
            out.push(b'"');
        }
        if let Some(content_type) = &part.content_type {
            out.extend_from_slice(b"\r\nContent-Type: ");
            out.extend_from_slice(content_type.as_bytes());
        }
        out.extend_from_slice(b"\r\n\r\n");
        out.extend_from_slice(&part.data);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"--");
    out.extend_from_slice(boundary.as_bytes());
    out.extend_from_slice(b"--\r\n");
    out
}

/// The parts of a body, borrowing their data from it.
pub(crate) fn parse<'b>(body: &'b [u8], boundary: &str) -> Result<Vec<Part<'b>>, WireError> {
    let bad = |why: &str| WireError::InvalidMultipart(why.to_owned());
    if boundary.is_empty() || boundary.len() > 200 {
        return Err(bad("no usable boundary in the content type"));
    }
    let delimiter = format!("--{boundary}");
    let mut at = if body.starts_with(delimiter.as_bytes()) {
        delimiter.len()
    } else {
        let crlf_delimiter = format!("\r\n{delimiter}");
        find(body, crlf_delimiter.as_bytes()).ok_or_else(|| bad("no opening boundary"))?
            + crlf_delimiter.len()
    };
    let next_delimiter = format!("\r\n{delimiter}");
    let mut parts = Vec::new();
    loop {
        let rest = &body[at..];
        if rest.starts_with(b"--") {
            return Ok(parts);
        }
        // Transport padding, then the line break that ends the delimiter line.
        let padding = rest
            .iter()
            .take_while(|&&b| b == b' ' || b == b'\t')
            .count();
        let rest = &rest[padding..];
        let rest = rest
            .strip_prefix(b"\r\n")
            .ok_or_else(|| bad("a boundary not followed by a line break"))?;
        let (head, data_start) = if rest.starts_with(b"\r\n") {
            (&b""[..], 2)
        } else {
            let end = find(rest, b"\r\n\r\n").ok_or_else(|| bad("a part without a blank line"))?;
            (&rest[..end], end + 4)
        };
        let content = &rest[data_start..];
        let end = find(content, next_delimiter.as_bytes())
            .ok_or_else(|| bad("a part without a closing boundary"))?;
        parts.push(part(head, &content[..end])?);
        // `at` moves past this part and its delimiter: always forward.
        at = body.len() - content.len() + end + next_delimiter.len();
    }
}

/// One part from its header lines and its data.
fn part<'b>(head: &[u8], data: &'b [u8]) -> Result<Part<'b>, WireError> {
    let bad = |why: &str| WireError::InvalidMultipart(why.to_owned());
    let head = std::str::from_utf8(head).map_err(|_| bad("part headers that are not UTF-8"))?;
    let (mut name, mut filename, mut content_type) = (None, None, None);
    for line in head.split("\r\n") {
        let (key, value) = line
            .split_once(':')
            .ok_or_else(|| bad("a part header without `:`"))?;
        let key = key.trim();
        if key.eq_ignore_ascii_case("content-disposition") {
            let (kind, params) = form::header_params(value);
            if !kind.eq_ignore_ascii_case("form-data") {
                return Err(bad("a part that is not form-data"));
            }
            for (key, value) in params {
                match key.as_str() {
                    "name" => name = Some(unescape(&value)),
                    "filename" => filename = Some(unescape(&value)),
                    _ => {}
                }
            }
        } else if key.eq_ignore_ascii_case("content-type") {
            content_type = Some(value.trim().to_owned());
        }
    }
    Ok(Part {
        name: Cow::Owned(name.ok_or_else(|| bad("a part without a name"))?),
        filename: filename.map(Cow::Owned),
        content_type: content_type.map(Cow::Owned),
        data: Cow::Borrowed(data),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn render_then_parse() {
        let parts = vec![
            Part {
                name: "a\"b".into(),
                filename: None,
                content_type: None,
                data: Cow::Borrowed(b"text"),
            },
            Part {
                name: "file".into(),
                filename: Some("x\r\n.png".into()),
                content_type: Some("image/png".into()),
                data: Cow::Borrowed(b"\r\n--\x00\xff"),
            },
        ];
        let boundary = boundary(&parts);
        let body = render(&boundary, &parts);
        assert_eq!(parse(&body, &boundary).unwrap(), parts);
        assert!(parse(&body, "other").is_err());
        assert!(parse(&body[..body.len() - 10], &boundary).is_err());
    }
}
