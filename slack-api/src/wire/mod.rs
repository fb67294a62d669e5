//! The wire format of a Web API call, both ways, as pure functions on plain values (no
//! socket, no HTTP library type): [`encode`] turns a method's arguments into the request
//! Slack expects (verb, URL, headers, body), as the method's metadata says; [`decode`]
//! reads such a request back into typed arguments and the token, as a server (an emulator)
//! would. The client sends what `encode` gives through one small adapter.

use std::borrow::Cow;
use std::fmt;

use crate::{ArgType, HttpMethod, Params, Token};

mod decode;
mod encode;
mod form;
mod multipart;

pub use decode::{basic_credentials, decode};
pub use encode::encode;

/// `application/x-www-form-urlencoded`, as the client sends it.
pub const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded";
/// `application/json` in UTF-8, as the client sends it.
pub const JSON_CONTENT_TYPE: &str = "application/json; charset=utf-8";

/// A request as it goes on the wire. `Debug` does not show the token.
#[derive(Clone, PartialEq)]
pub struct WireRequest<'a> {
    pub method: HttpMethod,
    /// The whole URL: the base URL, the method's name, and for GET the query string.
    pub url: String,
    /// Lower-case names. The token is only ever in `authorization` (`Bearer <token>`).
    pub headers: Vec<(&'static str, Cow<'static, str>)>,
    pub body: WireBody<'a>,
}

/// The body of a [`WireRequest`].
#[derive(Debug, Clone, PartialEq)]
pub enum WireBody<'a> {
    Empty,
    /// `application/x-www-form-urlencoded` text.
    Form(String),
    /// A JSON object.
    Json(Vec<u8>),
    /// `multipart/form-data`: each argument a part, each file a file part.
    Multipart {
        boundary: String,
        parts: Vec<Part<'a>>,
    },
}

/// One part of a multipart body.
#[derive(Debug, Clone, PartialEq)]
pub struct Part<'a> {
    pub name: Cow<'a, str>,
    /// Set for a file part.
    pub filename: Option<Cow<'a, str>>,
    pub content_type: Option<Cow<'a, str>>,
    pub data: Cow<'a, [u8]>,
}

impl<'a> WireRequest<'a> {
    /// The first header of this (lower-case) name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_ref())
    }

    /// The query string (after `?`), if the URL has one.
    pub fn query(&self) -> Option<&str> {
        self.url.split_once('?').map(|(_, q)| q)
    }

    /// The body's bytes (a multipart body rendered).
    pub fn into_body_bytes(self) -> Vec<u8> {
        self.body.into_bytes()
    }
}

impl WireBody<'_> {
    /// The bytes that go on the wire.
    pub fn into_bytes(self) -> Vec<u8> {
        match self {
            WireBody::Empty => Vec::new(),
            WireBody::Form(text) => text.into_bytes(),
            WireBody::Json(bytes) => bytes,
            WireBody::Multipart { boundary, parts } => multipart::render(&boundary, &parts),
        }
    }
}

impl fmt::Debug for WireRequest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Headers<'h>(&'h [(&'static str, Cow<'static, str>)]);
        impl fmt::Debug for Headers<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let mut list = f.debug_list();
                for (name, value) in self.0 {
                    if *name == "authorization" {
                        list.entry(&(name, "<redacted>"));
                    } else {
                        list.entry(&(name, value));
                    }
                }
                list.finish()
            }
        }
        f.debug_struct("WireRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &Headers(&self.headers))
            .field("body", &self.body)
            .finish()
    }
}

/// A request that arrived, as a server gives it to [`decode`]: its verb, query string,
/// the two headers that matter, and its body.
#[derive(Debug, Clone, Copy, Default)]
pub struct IncomingRequest<'a> {
    /// `GET` or `POST` (any case).
    pub method: &'a str,
    /// The query string, without the `?`.
    pub query: Option<&'a str>,
    /// The `Content-Type` header.
    pub content_type: Option<&'a str>,
    /// The `Authorization` header.
    pub authorization: Option<&'a str>,
    pub body: &'a [u8],
}

/// What [`decode`] read from a request.
#[derive(Clone, PartialEq)]
pub struct DecodedRequest {
    /// From the `Authorization: Bearer` header, or else a `token` argument.
    pub token: Option<Token>,
    /// Every other argument, typed by the method's metadata (unknown ones kept).
    pub params: Params<'static>,
    /// What Slack would warn about (it still serves the request).
    pub warnings: Vec<WireWarning>,
}

impl fmt::Debug for DecodedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecodedRequest")
            .field("token", &self.token)
            .field("params", &self.params)
            .field("warnings", &self.warnings)
            .finish()
    }
}

/// Something about a request that Slack accepts with a warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum WireWarning {
    /// A JSON body whose content type names no charset.
    MissingCharset,
    /// A form body whose content type names a charset.
    SuperfluousCharset,
}

impl WireWarning {
    /// Slack's warning code.
    pub fn code(&self) -> &'static str {
        match self {
            WireWarning::MissingCharset => "missing_charset",
            WireWarning::SuperfluousCharset => "superfluous_charset",
        }
    }
}

/// Why a request could not be read. [`slack_error`](Self::slack_error) gives the error code
/// Slack answers with.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum WireError {
    /// A verb other than GET and POST.
    #[error("unsupported HTTP method {0:?}: the Web API takes GET and POST")]
    UnsupportedHttpMethod(String),
    /// A POST with a body but no `Content-Type`.
    #[error("a POST body without a Content-Type header")]
    MissingContentType,
    /// A content type that is not a form, JSON or multipart.
    #[error("unsupported content type {0:?}")]
    UnsupportedContentType(String),
    /// A charset other than UTF-8 and ISO-8859-1.
    #[error("unsupported charset {0:?}")]
    InvalidCharset(String),
    /// A form body or query string that cannot be read (bad percent-encoding, text that is
    /// not UTF-8).
    #[error("invalid form data: {0}")]
    InvalidFormData(String),
    /// A multipart body that cannot be read (no boundary, an unterminated part, a part
    /// without a name).
    #[error("invalid multipart body: {0}")]
    InvalidMultipart(String),
    /// A JSON body that is not a JSON object.
    #[error("invalid JSON body: {0}")]
    InvalidJson(String),
    /// An `Authorization` header that is not `Bearer <token>`.
    #[error("the Authorization header is not `Bearer <token>`")]
    InvalidAuthorization,
    /// A value that is not of its argument's type.
    #[error("argument `{argument}`: expected {expected}, got {found}")]
    InvalidArgument {
        argument: String,
        expected: ArgType,
        /// The start of the value (at most 64 characters).
        found: String,
    },
}

impl WireError {
    /// The error code Slack answers such a request with.
    pub fn slack_error(&self) -> &'static str {
        match self {
            WireError::UnsupportedHttpMethod(_) | WireError::UnsupportedContentType(_) => {
                "invalid_post_type"
            }
            WireError::MissingContentType => "missing_post_type",
            WireError::InvalidCharset(_) => "invalid_charset",
            WireError::InvalidFormData(_) | WireError::InvalidMultipart(_) => "invalid_form_data",
            WireError::InvalidJson(_) => "invalid_json",
            WireError::InvalidAuthorization => "invalid_auth",
            WireError::InvalidArgument { .. } => "invalid_arguments",
        }
    }
}

#[cfg(test)]
mod tests;
