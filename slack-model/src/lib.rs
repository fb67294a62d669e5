//! Slack's object model without HTTP: the shared types of the Web API's responses
//! (`types`: messages, users, conversations, files, ...), generated from the repository's
//! `spec/common/types/`, with tolerant decoding ([`lenient`]: a field of another shape is
//! kept raw in the object's `extra` map instead of failing the whole value), the spec's
//! checks ([`validate`]), [`IntegerOrString`] and [`Str`], the text of a decoded string field
//! (short text kept inline, without an allocation).
//!
//! `slack-api` re-exports all of it, so a user of the client sees one crate; a crate that
//! only decodes Slack's payloads can depend on this one and never compile an HTTP stack.
#![forbid(unsafe_code)]

#[macro_use]
mod macros;

#[macro_use]
pub mod lenient;
mod block_kit_sugar;
mod collections;
mod json;
mod text;
pub mod validate;
mod value;

// A generated union holds each variant's type as it is, so a match binds the value itself,
// except a tagged union's large variants (an object estimated over 128 bytes: `Event`'s
// `MessageEvent`, a rich text `date`), held in a `Box` so that the union stays a few words
// wide (see the generator's `boxed_variant`); an object or union in a field is boxed too.
#[rustfmt::skip]
#[allow(clippy::large_enum_variant)]
mod generated;

pub use collections::{Dict, List, Odd};
pub use generated::{events, types};

/// Block Kit: blocks, elements, composition objects, rich text and views (generated from
/// `spec/block-kit/`), with shortcuts for the common cases.
pub mod block_kit {
    pub use crate::block_kit_sugar::*;
    pub use crate::generated::block_kit::*;
}
pub use json::{json_arg, Buildable, IntoJson, Json};
pub use lenient::TaggedVariant;
pub use text::Str;
pub use validate::{Validate, Violation};
pub use value::IntegerOrString;

/// The value of a tagged union variant's tag field (a block's `type`): text that derefs to
/// `str`, compares with a `&str` and serializes as a string. The value the variant is known
/// by (`"section"`) is a borrowed literal, so decoding it does not allocate; any other
/// value is kept as it came (owned). Build one with `"section".into()` or
/// `String::into()`.
pub type Tag = std::borrow::Cow<'static, str>;

#[doc(hidden)]
pub use serde as __serde;
#[doc(hidden)]
pub use serde_json as __serde_json;
