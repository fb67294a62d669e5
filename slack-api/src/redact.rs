//! Scrubbing the token out of whatever a server sent back, before it goes into an error or
//! a log line.
//!
//! Not only whole copies of the token are removed: every run of [`FRAGMENT`] or more bytes
//! that also occurs in the token is replaced, so no piece of the secret that long can
//! survive, wherever a server put it and wherever a cut falls. Offsets are always those of
//! the original text: a body is scrubbed over a window wider than the excerpt kept, then cut,
//! so that a copy of the token crossing the cut is replaced as a whole.
//!
//! The price is that an innocent run of 8 bytes that happens to occur in the token (say, 8
//! digits of a numeric part) is redacted too. These strings are diagnostics, so that is the
//! right way to err.

use std::collections::HashSet;
use std::ops::Range;

/// The shortest piece of the token that is redacted (the token itself, when shorter).
pub(crate) const FRAGMENT: usize = 8;
/// What a redacted run is replaced with.
pub(crate) const REDACTED: &str = "<redacted>";
/// How much of a body an excerpt keeps, in bytes of the original body.
pub(crate) const EXCERPT_LEN: usize = 512;

/// The byte ranges of `haystack` covered by a run of at least [`FRAGMENT`] bytes (or the
/// whole secret, when shorter) that also occurs in `secret`; sorted, merged, disjoint.
fn covered(haystack: &[u8], secret: &[u8]) -> Vec<Range<usize>> {
    let width = secret.len().min(FRAGMENT);
    if width == 0 || haystack.len() < width {
        return Vec::new();
    }
    let pieces: HashSet<&[u8]> = secret.windows(width).collect();
    let mut ranges: Vec<Range<usize>> = Vec::new();
    for (start, window) in haystack.windows(width).enumerate() {
        if !pieces.contains(window) {
            continue;
        }
        let end = start + width;
        match ranges.last_mut() {
            // Overlapping or touching the previous run: one run.
            Some(last) if start <= last.end => last.end = last.end.max(end),
            _ => ranges.push(start..end),
        }
    }
    ranges
}

/// `text` with every piece of `secret` replaced by `<redacted>`.
pub(crate) fn scrub(text: &str, secret: &str) -> String {
    let ranges = covered(text.as_bytes(), secret.as_bytes());
    if ranges.is_empty() {
        return text.to_owned();
    }
    render(text.as_bytes(), &ranges, text.len())
}

/// The start of `body`, at most `limit` bytes of it, as text, with every piece of `secret`
/// redacted and `…` appended when something was cut.
///
/// The pieces are found over `limit + secret.len()` bytes of the original body, so a copy of
/// the secret that crosses the cut is seen whole and redacted whole. The cut is at an offset
/// of the original body (moved back, never forward, so as not to split a UTF-8 character),
/// and a redacted run that crosses it is replaced in full and ends the excerpt.
pub(crate) fn excerpt_of(body: &[u8], secret: &str, limit: usize) -> String {
    let window = &body[..body.len().min(limit.saturating_add(secret.len()))];
    let ranges = covered(window, secret.as_bytes());
    if body.len() <= limit {
        return render(body, &ranges, body.len());
    }
    let mut cut = limit;
    // Back over UTF-8 continuation bytes (at most three) to the start of a character. Bytes
    // that are not UTF-8 are cut where the limit says; the lossy conversion marks them.
    let continues = |at: usize| body[at] & 0b1100_0000 == 0b1000_0000;
    let mut steps = 0;
    while steps < 3 && cut > 0 && continues(cut) {
        cut -= 1;
        steps += 1;
    }
    if continues(cut) {
        cut = limit;
    }
    let mut text = render(body, &ranges, cut);
    text.push('…');
    text
}

/// `bytes[..end]` as text, each range (clipped to `end`) replaced by `<redacted>`. A range
/// that starts before `end` is replaced in full even if it reaches past it.
fn render(bytes: &[u8], ranges: &[Range<usize>], end: usize) -> String {
    let mut out = String::with_capacity(end + REDACTED.len());
    let mut at = 0;
    for range in ranges {
        if range.start >= end {
            break;
        }
        out.push_str(&String::from_utf8_lossy(&bytes[at..range.start]));
        out.push_str(REDACTED);
        at = range.end;
    }
    if at < end {
        out.push_str(&String::from_utf8_lossy(&bytes[at..end]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "xoxp-1234567890-0987654321-S3CR3T-t0k3n-abcdef-0123456789";

    /// Whether any run of `FRAGMENT` bytes of the token occurs in `text`.
    fn leaks(text: &str) -> bool {
        TOKEN
            .as_bytes()
            .windows(FRAGMENT)
            .any(|w| text.as_bytes().windows(FRAGMENT).any(|t| t == w))
    }

    #[test]
    fn whole_copies_are_replaced() {
        assert_eq!(
            scrub(&format!("a {TOKEN} b {TOKEN}"), TOKEN),
            "a <redacted> b <redacted>"
        );
        assert_eq!(scrub("nothing here", TOKEN), "nothing here");
        assert_eq!(scrub("", TOKEN), "");
        assert_eq!(scrub("anything", ""), "anything");
    }

    #[test]
    fn fragments_of_eight_bytes_or_more_are_replaced_shorter_ones_kept() {
        assert_eq!(scrub("[S3CR3T-t]", TOKEN), "[<redacted>]");
        assert_eq!(scrub("[S3CR3T-]", TOKEN), "[S3CR3T-]");
        // Two fragments that touch are one run.
        assert_eq!(scrub("S3CR3T-t0abcdef-0123", TOKEN), "<redacted>");
    }

    #[test]
    fn a_second_copy_across_the_cut_leaves_nothing() {
        // The case: a token at byte 0 and another at byte 513.
        let mut body = format!("{TOKEN}{}", "x".repeat(513 - TOKEN.len()));
        body.push_str(TOKEN);
        body.push_str(&"y".repeat(100));
        let text = excerpt_of(body.as_bytes(), TOKEN, EXCERPT_LEN);
        assert!(!leaks(&text), "{text}");
        assert!(text.starts_with("<redacted>xxx"), "{text}");
        // Every cut position, and a token at every offset around it.
        for at in 480..530 {
            let body = format!("{}{TOKEN}{}", "x".repeat(at), "z".repeat(600));
            for limit in [EXCERPT_LEN, at, at + 1, at + 7, at + 8, at + 30] {
                let text = excerpt_of(body.as_bytes(), TOKEN, limit);
                assert!(!leaks(&text), "at {at}, limit {limit}: {text}");
            }
        }
    }

    #[test]
    fn excerpts_cut_at_original_offsets_and_keep_characters_whole() {
        assert_eq!(excerpt_of(b"short", TOKEN, 512), "short");
        assert_eq!(excerpt_of(b"abcdef", TOKEN, 3), "abc…");
        let body = format!("{}é and more", "x".repeat(511));
        assert_eq!(
            excerpt_of(body.as_bytes(), TOKEN, 512),
            format!("{}…", "x".repeat(511))
        );
        // Invalid UTF-8 is shown with replacement characters, never a panic.
        assert_eq!(
            excerpt_of(b"\xff\xfe\x80\x80\x80\x80", TOKEN, 3),
            "\u{fffd}…"
        );
        assert_eq!(
            excerpt_of(b"\x80\x80\x80\x80\x80", TOKEN, 4),
            "\u{fffd}\u{fffd}\u{fffd}\u{fffd}…"
        );
    }

    #[test]
    fn a_short_secret_is_redacted_whole() {
        assert_eq!(scrub("a xyz b", "xyz"), "a <redacted> b");
    }
}
