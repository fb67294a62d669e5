//! A typed async client for the Slack Web API.
//!
//! Every method, its arguments, response, errors and metadata are generated from a YAML
//! spec (see the repository's `spec/`); this crate's hand-written part is the client that
//! sends them.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use slack_api::{Client, Error};
//! use slack_api::methods::AdminWorkflowsTriggersTypesPermissionsLookupError as LookupError;
//!
//! let client = Client::new(std::env::var("SLACK_TOKEN")?)?;
//! match client.admin_workflows_triggers_types_permissions_lookup(["Ftt01"]).send().await {
//!     Ok(response) => println!("{} trigger types", response.permissions.len()),
//!     Err(Error::Api { error, .. }) if error.code == LookupError::TriggerTypeIdNotFound => {
//!         eprintln!("no such trigger type")
//!     }
//!     Err(e) => return Err(e.into()),
//! }
//! # Ok(()) }
//! ```
#![forbid(unsafe_code)]

#[macro_use]
mod method_macros;

mod client;
mod error;
mod meta;
mod pace;
mod paginate;
mod param_value;
mod redact;
mod response;
mod retry;
mod upload;
pub mod wire;

#[rustfmt::skip]
mod generated;

pub use client::{
    BuildError, Call, Client, ClientBuilder, ClientCredentials, Token, DEFAULT_BASE_URL,
    DEFAULT_MAX_BODY,
};
pub use error::{ApiError, Error, RawErrorCode};
pub use generated::common_errors::{CommonError, COMMON_WARNINGS};
#[cfg(feature = "dispatch")]
pub use generated::dispatch;
pub use generated::methods;
pub use meta::{
    ArgType, ArgumentMeta, Auth, CheckArgs, ContentType, Deprecation, Encoding, ErrorCode,
    ErrorInfo, HttpMethod, Method, MethodMeta, NextCursor, PaginationMeta, RateLimit, ScopesMatch,
    TokenScopes, TokenType,
};
pub use pace::{Limit, MemoryPacer, PaceFuture, PaceKey, Pacer, TokenKey};
#[cfg(feature = "redis")]
pub use pace::{RedisPacer, RedisPacerBuilder};
pub use paginate::{PageError, Paginated};
pub use param_value::{FileUpload, ParamValue, Params, ToParam};
pub use response::{ApiResponse, ResponseMetadata};
pub use retry::RetryPolicy;
/// A list of Block Kit blocks of different kinds (see [`block_kit`]).
pub use slack_model::blocks;
pub use slack_model::{
    block_kit, json_arg, lenient, types, validate, Buildable, Dict, IntegerOrString, IntoJson,
    Json, List, Odd, Str, Tag, TaggedVariant, Validate, Violation,
};
#[doc(hidden)]
pub use slack_model::{lenient_object, string_enum, tagged_union};
pub use upload::{UploadError, UploadFile, UploadFiles, UploadStep, Uploaded, UploadedFile};

/// The README's examples, compiled as doctests so that they stay true.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
