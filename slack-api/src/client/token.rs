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

    /// No token: what is scrubbed when a call carries none.
    pub(crate) const fn empty() -> Self {
        Token(String::new())
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

/// An app's client ID and secret, for the methods that authenticate with them instead of a
/// token ([`Auth::ClientCredentials`](crate::Auth::ClientCredentials): `oauth.v2.access`).
/// They go only in an `Authorization: Basic` header; `Debug` shows the ID, never the
/// secret.
///
/// ```
/// let credentials = slack_api::ClientCredentials::new("1234.5678", "s3cr3t");
/// assert_eq!(credentials.client_id(), "1234.5678");
/// assert!(!format!("{credentials:?}").contains("s3cr3t"));
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct ClientCredentials {
    client_id: String,
    client_secret: Token,
}

impl ClientCredentials {
    pub fn new(client_id: impl Into<String>, client_secret: impl Into<Token>) -> Self {
        ClientCredentials {
            client_id: client_id.into(),
            client_secret: client_secret.into(),
        }
    }

    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// The secret, for the rare code that must handle it.
    pub fn client_secret(&self) -> &Token {
        &self.client_secret
    }

    /// The `Authorization` header value: `Basic base64(id:secret)`.
    pub(crate) fn basic(&self) -> String {
        use base64::Engine;
        let pair = format!("{}:{}", self.client_id, self.client_secret.expose());
        let encoded = base64::engine::general_purpose::STANDARD.encode(pair);
        format!("Basic {encoded}")
    }
}

impl fmt::Debug for ClientCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCredentials")
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret)
            .finish()
    }
}
