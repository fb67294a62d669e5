//! The rate limit.

use crate::reference::{MethodPage, Reference};

use super::draft::RateLimit;
use super::tables::SPECIAL_LIMITS;

pub(super) fn rate_limit(
    reference: &Reference,
    docs: Option<&MethodPage>,
    name: &str,
) -> (RateLimit, Vec<String>) {
    let mut comments = Vec::new();
    let label = docs.and_then(|d| d.rate_limit_label.as_deref());
    let java = reference.tiers.get(name);
    let java_tier = java
        .and_then(|t| t.strip_prefix("Tier"))
        .and_then(|n| n.parse::<u8>().ok());
    let special = SPECIAL_LIMITS.iter().find(|l| l.method == name);
    let limit = match label {
        Some(label) if label.starts_with("Tier ") => {
            let tier = label[5..]
                .split(|c: char| !c.is_ascii_digit())
                .next()
                .and_then(|n| n.parse::<u8>().ok());
            match tier {
                Some(n) => {
                    if let Some(j) = java.filter(|_| java_tier != Some(n)) {
                        comments.push(format!(
                            "rate_limit: docs-methods says Tier {n}, rate_limit_tiers.json says {j}; the docs win."
                        ));
                    }
                    RateLimit::Tier(n)
                }
                None => RateLimit::Special {
                    text: label.to_string(),
                    per_minute: None,
                    per: None,
                },
            }
        }
        Some(label) => {
            let (text, per_minute, per) = match special {
                Some(l) => {
                    comments.push(format!(
                        "rate_limit: docs-methods says \"{label}\"; the text and numbers are from {}.",
                        l.source
                    ));
                    (l.text.to_string(), l.per_minute, l.per.map(String::from))
                }
                None => (label.to_string(), per_minute_in(label), None),
            };
            if let Some(j) = java {
                if special.is_none() {
                    comments.push(format!(
                        "rate_limit: rate_limit_tiers.json says {j}; the docs win."
                    ));
                }
            }
            RateLimit::Special {
                text,
                per_minute,
                per,
            }
        }
        None => match (java, java_tier) {
            (Some(_), Some(n)) => {
                comments.push("rate_limit: from rate_limit_tiers.json (no reference page).".into());
                RateLimit::Tier(n)
            }
            (Some(j), None) => {
                comments.push(format!(
                    "rate_limit: rate_limit_tiers.json says {j} (no reference page)."
                ));
                RateLimit::Special {
                    text: "Special rate limits apply.".into(),
                    per_minute: None,
                    per: None,
                }
            }
            _ => {
                comments.push("rate_limit: the reference data gives none.".into());
                RateLimit::Undocumented
            }
        },
    };
    (limit, comments)
}

/// "1200 requests per minute …" → 1200.
fn per_minute_in(text: &str) -> Option<u32> {
    let words: Vec<&str> = text.split_whitespace().collect();
    words.windows(4).find_map(|w| {
        (w[2] == "per" && w[3].trim_end_matches(['.', ',']) == "minute")
            .then(|| w[0].replace(',', "").parse().ok())
            .flatten()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn per_minute_is_read_from_a_special_limit() {
        assert_eq!(
            per_minute_in("1200 requests per minute with a burst allowance of 2000."),
            Some(1200)
        );
        assert_eq!(per_minute_in("Special rate limits apply."), None);
    }
}
