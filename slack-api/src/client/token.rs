//! The token: sent only in the `Authorization` header, never shown.

use std::fmt;

/// A Slack token. It is sent only in the `Authorization` header; `Debug` never shows it and
/// it has no `Display`.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    pub fn new(token: impl Into<String>) -> Self {
        Token(token.into())
    }

    /// The token itself, for the rare code that must handle it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(<redacted>)")
    }
}

impl From<&str> for Token {
    fn from(token: &str) -> Self {
        Token::new(token)
    }
}

impl From<String> for Token {
    fn from(token: String) -> Self {
        Token(token)
    }
}
