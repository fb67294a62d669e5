//! The macros generated code calls, so that a generated file says only what differs
//! between types: a list of fields, of enum values, of error codes. What every type does
//! with them (tolerant decoding, serialization, parsing a code) is written once, here.

/// Tolerant decoding and serialization for a generated object type, from its fields.
///
/// Each field is `kind name` or `kind name = "json key"` (when the JSON key is not the
/// field's name). `kind` is `req` (Slack guarantees it: a missing one or one of another
/// shape fails the object), `opt` (an `Option`: a value of another shape goes to `extra`),
/// or `req_json` / `opt_json` for the same with a JSON-typed value, which
/// [`lenient::typed_only`](crate::lenient::typed_only) serializations leave out. The type
/// has an `extra: serde_json::Map<String, serde_json::Value>` field besides these.
///
/// Implements `Deserialize`, `Lenient` and `LenientObject` (decoding) and `Serialize`
/// (each field under its JSON key, unset options left out, then `extra`'s entries).
#[doc(hidden)]
#[macro_export]
macro_rules! lenient_object {
    ($ty:ident { $($kind:ident $field:ident $(= $key:literal)?),* $(,)? }) => {
        impl<'de> $crate::__serde::Deserialize<'de> for $ty {
            fn deserialize<D: $crate::__serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                $crate::lenient::object(d)
            }
        }

        impl $crate::lenient::Lenient for $ty {
            fn lenient<'de, D: $crate::__serde::Deserializer<'de>>(
                d: D,
            ) -> Result<$crate::lenient::Outcome<Self>, D::Error> {
                $crate::lenient::lenient_object(d)
            }
        }

        impl $crate::lenient::LenientObject for $ty {
            const NAME: &'static str = stringify!($ty);

            fn from_map<'de, A: $crate::__serde::de::MapAccess<'de>>(
                map: A,
            ) -> Result<Result<Self, $crate::lenient::Unfit>, A::Error> {
                let mut reader = $crate::lenient::Reader::new(map, Self::NAME);
                $(let mut $field = None;)*
                while let Some(key) = reader.next_key()? {
                    match key.as_str() {
                        $($crate::__key!($field $(= $key)?) => {
                            $crate::__read!($kind, reader, $field, $crate::__key!($field $(= $key)?))
                        })*
                        _ => reader.unknown(key)?,
                    }
                }
                let missing: Option<&'static str> = None
                    $(.or($crate::__missing!($kind, $field, $crate::__key!($field $(= $key)?))))*;
                if let Some(why) = reader.unfit(missing) {
                    // Rare, so out of line: the object is kept as it came, its decoded
                    // fields as JSON again.
                    let fields = $crate::lenient::cold(|| {
                        let mut fields = $crate::__serde_json::Map::new();
                        $(if let Some(value) = &$field {
                            fields.insert($crate::__key!($field $(= $key)?).to_owned(), $crate::lenient::to_raw(value));
                        })*
                        fields
                    });
                    return Ok(Err(reader.into_unfit(why, fields)));
                }
                Ok(Ok(Self {
                    $($field: $crate::__take!($kind, reader, $field, $crate::__key!($field $(= $key)?)),)*
                    extra: reader.finish(),
                }))
            }
        }

        impl $crate::__serde::Serialize for $ty {
            fn serialize<S: $crate::__serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                use $crate::__serde::ser::SerializeMap as _;
                let mut map = s.serialize_map(None)?;
                $($crate::__write!($kind, map, self.$field, $crate::__key!($field $(= $key)?));)*
                $crate::lenient::serialize_extra(&mut map, &self.extra)?;
                map.end()
            }
        }
    };
}

/// A field's JSON key: the one given, or the field's name.
#[doc(hidden)]
#[macro_export]
macro_rules! __key {
    ($field:ident = $key:literal) => {
        $key
    };
    ($field:ident) => {
        stringify!($field)
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __read {
    (req, $r:ident, $f:ident, $k:expr) => {
        $r.required(&mut $f, $k)?
    };
    (req_json, $r:ident, $f:ident, $k:expr) => {
        $r.required(&mut $f, $k)?
    };
    (opt, $r:ident, $f:ident, $k:expr) => {
        $r.optional(&mut $f, $k)?
    };
    (opt_json, $r:ident, $f:ident, $k:expr) => {
        $r.optional(&mut $f, $k)?
    };
}

/// A required field's key when it did not come.
#[doc(hidden)]
#[macro_export]
macro_rules! __missing {
    (req, $f:ident, $k:expr) => {
        $f.is_none().then_some($k)
    };
    (req_json, $f:ident, $k:expr) => {
        $f.is_none().then_some($k)
    };
    (opt, $f:ident, $k:expr) => {
        None
    };
    (opt_json, $f:ident, $k:expr) => {
        None
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __take {
    (req, $r:ident, $f:ident, $k:expr) => {
        $r.take($f, $k)?
    };
    (req_json, $r:ident, $f:ident, $k:expr) => {
        $r.take($f, $k)?
    };
    (opt, $r:ident, $f:ident, $k:expr) => {
        $f
    };
    (opt_json, $r:ident, $f:ident, $k:expr) => {
        $f
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __write {
    (req, $m:ident, $v:expr, $k:expr) => {
        $m.serialize_entry($k, &$v)?
    };
    (opt, $m:ident, $v:expr, $k:expr) => {
        if let Some(value) = &$v {
            $m.serialize_entry($k, value)?
        }
    };
    (req_json, $m:ident, $v:expr, $k:expr) => {
        if $crate::lenient::write_untyped() {
            $m.serialize_entry($k, &$v)?
        }
    };
    (opt_json, $m:ident, $v:expr, $k:expr) => {
        if let Some(value) = $v.as_ref().filter(|_| $crate::lenient::write_untyped()) {
            $m.serialize_entry($k, value)?
        }
    };
}

/// A generated string enum: one variant per value Slack documents, each written
/// `Variant = "value" => "what it means"`, and `Unknown(String)` for any other value.
/// Implements `as_str`, `VALUES`, `From<&str>`, `Display`, `Serialize`, `Deserialize` and
/// `Lenient` (any string decodes).
#[doc(hidden)]
#[macro_export]
macro_rules! string_enum {
    (
        $(#[$attr:meta])*
        pub enum $name:ident { $($variant:ident = $value:literal => $doc:literal,)* }
    ) => {
        $(#[$attr])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $(#[doc = concat!("`", $value, "`: ", $doc)] $variant,)*
            /// A value this version of the crate does not know, kept as it came.
            Unknown(String),
        }

        impl $name {
            /// Every value the spec documents, in its order.
            pub const VALUES: &'static [&'static str] = &[$($value),*];

            /// The value as Slack writes it.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $value,)*
                    Self::Unknown(value) => value,
                }
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($value => Self::$variant,)*
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::__serde::Serialize for $name {
            fn serialize<S: $crate::__serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::__serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                $crate::lenient::string_enum(d)
            }
        }

        impl $crate::lenient::Lenient for $name {
            fn lenient<'de, D: $crate::__serde::Deserializer<'de>>(
                d: D,
            ) -> Result<$crate::lenient::Outcome<Self>, D::Error> {
                $crate::lenient::lenient_str_enum(d)
            }
        }
    };
}
