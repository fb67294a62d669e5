//! The macros a generated method file calls: its error enum from a table of codes, the
//! setters of its `Call`, and its response's `ApiResponse` impl. Each is written once here,
//! so that a method file says only what differs between methods.

/// A method's error enum, from its table of codes: one `Variant = "code" => "what it
/// means"` row per error of its own. Adds `Common(CommonError)` and `Unknown(String)`, the
/// table as `ERRORS` (the method's `META.errors`), `ErrorCode` and `Display`.
#[doc(hidden)]
#[macro_export]
macro_rules! error_enum {
    (
        $(#[$attr:meta])*
        pub enum $name:ident { $($variant:ident = $code:literal => $doc:literal,)* }
    ) => {
        $(#[$attr])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $(#[doc = concat!("`", $code, "`: ", $doc)] $variant,)*
            /// An error common to all methods.
            Common($crate::CommonError),
            /// A code this version of the crate does not know, kept as it came.
            Unknown(String),
        }

        impl $name {
            /// The method's own error codes and what they mean, as its spec lists them.
            pub const ERRORS: &'static [$crate::ErrorInfo] =
                &[$($crate::ErrorInfo::new($code, $doc)),*];
        }

        impl $crate::ErrorCode for $name {
            #[allow(clippy::match_single_binding)]
            fn from_code(code: &str) -> Self {
                match code {
                    $($code => Self::$variant,)*
                    _ => $crate::CommonError::from_code(code)
                        .map_or_else(|| Self::Unknown(code.to_owned()), Self::Common),
                }
            }

            fn code(&self) -> &str {
                match self {
                    $(Self::$variant => $code,)*
                    Self::Common(common) => common.code(),
                    Self::Unknown(code) => code,
                }
            }

            fn description(&self) -> Option<&'static str> {
                match self {
                    $(Self::$variant => Some($doc),)*
                    Self::Common(common) => Some(common.description()),
                    Self::Unknown(_) => None,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                $crate::ErrorCode::fmt_code(self, f)
            }
        }
    };
}

/// The setters of a request's `Call`, one per optional argument: `name: how Type`, where
/// `how` is `value` (taken as it is), `into` (anything `Into<Type>`) or `list` (any
/// iterator of items `Into<Type>`). Each setter's docs link to the request's field.
#[doc(hidden)]
#[macro_export]
macro_rules! setters {
    ($request:ident { $($field:ident: $how:ident $ty:ty,)* }) => {
        #[allow(deprecated)]
        impl $crate::Call<'_, $request> {
            $($crate::__setter!($request, $field, $how, $ty);)*
        }
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __setter {
    ($request:ident, $field:ident, value, $ty:ty) => {
        #[doc = concat!("Sets [`", stringify!($field), "`](", stringify!($request), "::", stringify!($field), ").")]
        pub fn $field(mut self, $field: $ty) -> Self {
            self.request_mut().$field = Some($field);
            self
        }
    };
    ($request:ident, $field:ident, into, $ty:ty) => {
        #[doc = concat!("Sets [`", stringify!($field), "`](", stringify!($request), "::", stringify!($field), ").")]
        pub fn $field(mut self, $field: impl Into<$ty>) -> Self {
            self.request_mut().$field = Some($field.into());
            self
        }
    };
    ($request:ident, $field:ident, json, $ty:ty) => {
        #[doc = concat!("Sets [`", stringify!($field), "`](", stringify!($request), "::", stringify!($field), "): built in Rust (checked against Slack's limits before sending) or raw JSON.")]
        pub fn $field(mut self, $field: impl $crate::IntoJson<$ty>) -> Self {
            self.request_mut().$field = Some($crate::IntoJson::into_json($field));
            self
        }
    };
    ($request:ident, $field:ident, list, $ty:ty) => {
        #[doc = concat!("Sets [`", stringify!($field), "`](", stringify!($request), "::", stringify!($field), ").")]
        pub fn $field(mut self, $field: impl IntoIterator<Item = impl Into<$ty>>) -> Self {
            self.request_mut().$field = Some($field.into_iter().map(Into::into).collect());
            self
        }
    };
}

/// `ApiResponse` for a generated response type: its `ok`, `warning` and
/// `response_metadata` fields.
#[doc(hidden)]
#[macro_export]
macro_rules! api_response {
    ($name:ident) => {
        impl $crate::ApiResponse for $name {
            fn ok(&self) -> bool {
                self.ok
            }

            fn warning(&self) -> Option<&str> {
                self.warning.as_deref()
            }

            fn response_metadata(&self) -> Option<&$crate::ResponseMetadata> {
                self.response_metadata.as_ref()
            }
        }
    };
}

/// The enum of the errors common to all methods, from its table: `Variant = "code" =>
/// "what it means"` rows. `code`, `from_code` (`None` for a code that is not common),
/// `description`, `ERRORS`, `Display` and `Error`.
#[doc(hidden)]
#[macro_export]
macro_rules! common_error_enum {
    (
        $(#[$attr:meta])*
        pub enum $name:ident { $($variant:ident = $code:literal => $doc:literal,)* }
    ) => {
        $(#[$attr])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $(#[doc = concat!("`", $code, "`: ", $doc)] $variant,)*
        }

        impl $name {
            /// Every common error and what it means.
            pub const ERRORS: &'static [$crate::ErrorInfo] =
                &[$($crate::ErrorInfo::new($code, $doc)),*];

            /// The error code as Slack sends it.
            pub fn code(&self) -> &'static str {
                match self {
                    $(Self::$variant => $code,)*
                }
            }

            /// The common error with this code, if it is one.
            pub fn from_code(code: &str) -> Option<Self> {
                match code {
                    $($code => Some(Self::$variant),)*
                    _ => None,
                }
            }

            /// What Slack's documentation says the error means.
            pub fn description(&self) -> &'static str {
                match self {
                    $(Self::$variant => $doc,)*
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}: {}", self.code(), self.description())
            }
        }

        impl std::error::Error for $name {}
    };
}

/// `ToParam` for a generated string enum (and lists of it) used as an argument: sent as its
/// text, lists encoded as the method's metadata says.
#[doc(hidden)]
#[macro_export]
macro_rules! enum_param {
    ($ty:ty) => {
        impl<'a> $crate::ToParam<'a> for &'a $ty {
            fn to_param(self) -> Option<$crate::ParamValue<'a>> {
                Some($crate::ParamValue::Str(self.as_str().into()))
            }
        }

        impl<'a> $crate::ToParam<'a> for &'a Vec<$ty> {
            fn to_param(self) -> Option<$crate::ParamValue<'a>> {
                Some($crate::ParamValue::List(
                    self.iter().map(|v| v.as_str().into()).collect(),
                ))
            }
        }
    };
}
