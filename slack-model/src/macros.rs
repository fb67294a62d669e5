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
/// (each field under its JSON key; an unset option left out, or written as what came for
/// it, a `null` or a value of another shape kept in `extra`; then `extra`'s other entries).
/// `req_num` / `opt_num` are `number` fields, written as integers when whole. `tag` /
/// `opt_tag` are a tagged union variant's tag field (a [`Tag`](crate::Tag)), written
/// `tag name = "key": "value"` with the value the variant is known by, which is then kept
/// without allocating.
///
/// `keep Name { … }` is for a type with required fields that can be nested in another
/// value: an object of it that does not fit (see `LenientObject::from_map`) is kept whole,
/// its decoded fields turned back into JSON. Without `keep` (a response, which fails when it
/// does not fit, or a type without required fields, which always fits) that code is left
/// out, and an unfit object keeps only its unknown and misshapen fields.
#[doc(hidden)]
#[macro_export]
macro_rules! lenient_object {
    (keep $ty:ident { $($rows:tt)* }) => {
        $crate::__lenient_object!([keep] $ty { $($rows)* });
    };
    ($ty:ident { $($rows:tt)* }) => {
        $crate::__lenient_object!([] $ty { $($rows)* });
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __lenient_object {
    ([$($keep:ident)?] $ty:ident {
        $($kind:ident $field:ident $(= $key:literal)? $(: $tag:literal)?),* $(,)?
    }) => {
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
                            $crate::__read!($kind, reader, $field, $crate::__key!($field $(= $key)?) $(, $tag)?)
                        })*
                        _ => reader.unknown(key)?,
                    }
                }
                #[allow(unused_mut)] // a type without required fields never sets it
                let mut missing: Option<&'static str> = None;
                $($crate::__missing!($kind, missing, $field, $crate::__key!($field $(= $key)?));)*
                if let Some(why) = reader.unfit(missing) {
                    let fields = $crate::__fields_back!([$($keep)?] $($field = $crate::__key!($field $(= $key)?)),*);
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
                $($crate::__write!($kind, map, self, $field, $crate::__key!($field $(= $key)?));)*
                $crate::lenient::serialize_extra(
                    &mut map,
                    &self.extra,
                    &[$($crate::__key!($field $(= $key)?)),*],
                )?;
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
    (tag, $r:ident, $f:ident, $k:expr, $v:literal) => {
        $r.tag(&mut $f, $k, $v)?
    };
    (opt_tag, $r:ident, $f:ident, $k:expr, $v:literal) => {
        $r.optional_tag(&mut $f, $k, $v)?
    };
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
    (req_num, $r:ident, $f:ident, $k:expr) => {
        $r.required(&mut $f, $k)?
    };
    (opt_num, $r:ident, $f:ident, $k:expr) => {
        $r.optional(&mut $f, $k)?
    };
}

/// Notes a required field that did not come (the first one) in `missing`.
#[doc(hidden)]
#[macro_export]
macro_rules! __missing {
    (req, $m:ident, $f:ident, $k:expr) => {
        if $m.is_none() && $f.is_none() {
            $m = Some($k);
        }
    };
    (req_json, $m:ident, $f:ident, $k:expr) => {
        $crate::__missing!(req, $m, $f, $k)
    };
    (req_num, $m:ident, $f:ident, $k:expr) => {
        $crate::__missing!(req, $m, $f, $k)
    };
    (tag, $m:ident, $f:ident, $k:expr) => {
        $crate::__missing!(req, $m, $f, $k)
    };
    (opt_tag, $m:ident, $f:ident, $k:expr) => {};
    (opt, $m:ident, $f:ident, $k:expr) => {};
    (opt_json, $m:ident, $f:ident, $k:expr) => {};
    (opt_num, $m:ident, $f:ident, $k:expr) => {};
}

/// The decoded fields of an object that does not fit, as JSON again, for a `keep` type (one
/// that can be nested, and so is kept whole; out of line, as it is rare); nothing for the
/// others (a response that does not fit is an error).
#[doc(hidden)]
#[macro_export]
macro_rules! __fields_back {
    ([keep] $($f:ident = $k:expr),*) => {
        $crate::lenient::cold(|| {
            let mut fields = $crate::__serde_json::Map::new();
            $(if let Some(value) = &$f {
                fields.insert($k.to_owned(), $crate::lenient::to_raw(value));
            })*
            fields
        })
    };
    ([] $($f:ident = $k:expr),*) => {
        $crate::__serde_json::Map::new()
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __take {
    (tag, $r:ident, $f:ident, $k:expr) => {
        $r.take($f, $k)?
    };
    (opt_tag, $r:ident, $f:ident, $k:expr) => {
        $f
    };
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
    (req_num, $r:ident, $f:ident, $k:expr) => {
        $r.take($f, $k)?
    };
    (opt_num, $r:ident, $f:ident, $k:expr) => {
        $f
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __write {
    (tag, $m:ident, $s:ident, $f:ident, $k:expr) => {
        $crate::__write!(req, $m, $s, $f, $k)
    };
    (opt_tag, $m:ident, $s:ident, $f:ident, $k:expr) => {
        $crate::__write!(opt, $m, $s, $f, $k)
    };
    (req, $m:ident, $s:ident, $f:ident, $k:expr) => {
        $m.serialize_entry($k, &$s.$f)?
    };
    (opt, $m:ident, $s:ident, $f:ident, $k:expr) => {
        match &$s.$f {
            Some(value) => $m.serialize_entry($k, value)?,
            None => $crate::lenient::serialize_kept(&mut $m, &$s.extra, $k)?,
        }
    };
    (req_json, $m:ident, $s:ident, $f:ident, $k:expr) => {
        if $crate::lenient::write_untyped() {
            $m.serialize_entry($k, &$s.$f)?
        }
    };
    (opt_json, $m:ident, $s:ident, $f:ident, $k:expr) => {
        match $s.$f.as_ref().filter(|_| $crate::lenient::write_untyped()) {
            Some(value) => $m.serialize_entry($k, value)?,
            None => $crate::lenient::serialize_kept(&mut $m, &$s.extra, $k)?,
        }
    };
    (req_num, $m:ident, $s:ident, $f:ident, $k:expr) => {
        $m.serialize_entry($k, &$crate::lenient::Whole($s.$f))?
    };
    (opt_num, $m:ident, $s:ident, $f:ident, $k:expr) => {
        match $s.$f {
            Some(value) => $m.serialize_entry($k, &$crate::lenient::Whole(value))?,
            None => $crate::lenient::serialize_kept(&mut $m, &$s.extra, $k)?,
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

/// Setters for a buildable (Block Kit) type's optional fields, from one row per field:
/// `name: plain T` (`impl Into<T>`), `name: boxed T` (the same, stored in a `Box`) or
/// `name: list T` (any iterator of `impl Into<T>`). Each takes and gives back the value,
/// so they chain: `Button::new(text).value("42").style(ButtonStyle::Primary)`.
#[doc(hidden)]
#[macro_export]
macro_rules! block_setters {
    ($ty:ident { $($(#[$doc:meta])* $field:ident : $kind:ident $inner:ty),* $(,)? }) => {
        impl $ty {
            $($crate::__setter!($(#[$doc])* $field $kind $inner);)*
        }
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __setter {
    ($(#[$doc:meta])* $field:ident plain $t:ty) => {
        $(#[$doc])*
        pub fn $field(mut self, value: impl Into<$t>) -> Self {
            self.$field = Some(value.into());
            self
        }
    };
    ($(#[$doc:meta])* $field:ident boxed $t:ty) => {
        $(#[$doc])*
        pub fn $field(mut self, value: impl Into<$t>) -> Self {
            self.$field = Some(Box::new(value.into()));
            self
        }
    };
    ($(#[$doc:meta])* $field:ident list $t:ty) => {
        $(#[$doc])*
        pub fn $field(mut self, items: impl IntoIterator<Item = impl Into<$t>>) -> Self {
            self.$field = Some(items.into_iter().map(Into::into).collect());
            self
        }
    };
}

/// A generated tagged union, from one table: a row per variant, `"tag value" =>
/// Variant(Type)`, then `boxed` when the variant holds the value in a `Box` (a large one),
/// and `shared` when another variant holds the same type too.
///
/// ```text
/// tagged_union! {
///     Block, "type", from {
///         "divider" => Divider(DividerBlock),
///         "section" => Section(SectionBlock),
///         "legacy_section" => LegacySection(SectionBlock) shared,
///     }
/// }
/// ```
///
/// Implements, for the union, `Deserialize`, `Lenient` and `TaggedUnion` (an object is read
/// once, its variant chosen by the value of its tag field, here `type`; any other value, or
/// a variant missing a field it needs, is `Other`); and for the type of each row that is not
/// `shared` (a type cannot have two impls), [`TaggedVariant`](crate::TaggedVariant)`<Union>`
/// with its row's tag value, so that code can ask for a variant by its type. With `from`
/// after the tag (a buildable union), also `From<Type> for Union` and
/// [`IntoJson`](crate::IntoJson)`<Union>` for each of those types, so that a builder taking
/// the union (or a `Json` of it) takes any variant's value.
#[doc(hidden)]
#[macro_export]
macro_rules! tagged_union {
    ($ty:ident, $tag:literal, from { $($rows:tt)* }) => {
        $crate::__tagged_union!([from] $ty, $tag { $($rows)* });
    };
    ($ty:ident, $tag:literal { $($rows:tt)* }) => {
        $crate::__tagged_union!([] $ty, $tag { $($rows)* });
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __tagged_union {
    (
        $from:tt $ty:ident, $tag:literal {
            $($value:literal => $variant:ident($inner:ty) $($flag:ident)*),* $(,)?
        }
    ) => {
        impl<'de> $crate::__serde::Deserialize<'de> for $ty {
            fn deserialize<D: $crate::__serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                $crate::lenient::tagged(d)
            }
        }

        impl $crate::lenient::Lenient for $ty {
            fn lenient<'de, D: $crate::__serde::Deserializer<'de>>(
                d: D,
            ) -> Result<$crate::lenient::Outcome<Self>, D::Error> {
                $crate::lenient::lenient_tagged(d)
            }
        }

        impl $crate::lenient::TaggedUnion for $ty {
            const NAME: &'static str = stringify!($ty);
            const TAG: &'static str = $tag;
            fn from_tag_map<'de, A: $crate::__serde::de::MapAccess<'de>>(
                tag: &str,
                map: A,
            ) -> Result<Self, A::Error> {
                match tag {
                    $($value => $crate::__variant_map!([$($flag)*] map, Self::$variant, $inner),)*
                    _ => $crate::lenient::other_map(map),
                }
            }
            fn other(value: $crate::__serde_json::Value) -> Self {
                Self::Other(value)
            }
        }

        $($crate::__tagged_row!([$($flag)*] $from $ty, $value => $variant($inner));)*
    };
}

/// One variant of a `tagged_union!` table read from `map`: its type's value, in a `Box` for
/// a `boxed` row.
#[doc(hidden)]
#[macro_export]
macro_rules! __variant_map {
    ([boxed $($shared:ident)?] $map:ident, $variant:path, $inner:ty) => {
        $crate::lenient::variant_map::<_, _, Box<$inner>>($map, $variant)
    };
    ([$($shared:ident)?] $map:ident, $variant:path, $inner:ty) => {
        $crate::lenient::variant_map::<_, _, $inner>($map, $variant)
    };
}

/// One row of a `tagged_union!` table: nothing for a `shared` row; else `TaggedVariant`, and
/// with `[from]` `From` and `IntoJson`.
#[doc(hidden)]
#[macro_export]
macro_rules! __tagged_row {
    ([shared] $from:tt $union:ident, $value:literal => $variant:ident($ty:ty)) => {};
    ([boxed shared] $from:tt $union:ident, $value:literal => $variant:ident($ty:ty)) => {};
    ([boxed] $from:tt $union:ident, $value:literal => $variant:ident($ty:ty)) => {
        impl $crate::lenient::TaggedVariant<$union> for $ty {
            const TAG: &'static str = $value;
            fn from_union(union: $union) -> Result<Self, $union> {
                match union {
                    $union::$variant(inner) => Ok(*inner),
                    other => Err(other),
                }
            }
            fn from_union_ref(union: &$union) -> Option<&Self> {
                match union {
                    $union::$variant(inner) => Some(&**inner),
                    _ => None,
                }
            }
        }

        $crate::__tagged_row!(@from $from $union, $variant($ty) boxed);
    };
    ([] $from:tt $union:ident, $value:literal => $variant:ident($ty:ty)) => {
        impl $crate::lenient::TaggedVariant<$union> for $ty {
            const TAG: &'static str = $value;
            fn from_union(union: $union) -> Result<Self, $union> {
                match union {
                    $union::$variant(inner) => Ok(inner),
                    other => Err(other),
                }
            }
            fn from_union_ref(union: &$union) -> Option<&Self> {
                match union {
                    $union::$variant(inner) => Some(inner),
                    _ => None,
                }
            }
        }

        $crate::__tagged_row!(@from $from $union, $variant($ty));
    };
    (@from [from] $union:ident, $variant:ident($ty:ty) $($boxed:ident)?) => {
        impl From<$ty> for $union {
            fn from(value: $ty) -> Self {
                $union::$variant($crate::__boxed!($($boxed)? value))
            }
        }

        impl $crate::IntoJson<$union> for $ty {
            fn into_json(self) -> $crate::Json<$union> {
                $crate::Json::Typed($union::$variant($crate::__boxed!($($boxed)? self)))
            }
        }
    };
    (@from [] $union:ident, $variant:ident($ty:ty) $($boxed:ident)?) => {};
}

/// `Buildable` for a generated Block Kit type: `buildable!(Name)`, or
/// `buildable!(Name, validate)` for one whose `Validate` impl checks Slack's limits.
#[doc(hidden)]
#[macro_export]
macro_rules! buildable {
    ($ty:ident) => {
        impl $crate::Buildable for $ty {}
    };
    ($ty:ident, validate) => {
        impl $crate::Buildable for $ty {
            fn check_into(&self, path: &str, out: &mut Vec<$crate::Violation>) {
                $crate::Validate::validate_into(self, path, out);
            }
        }
    };
}

/// A list of blocks of different kinds: `blocks![Block::divider(), SectionBlock::new()…]`
/// gives a `Vec<Block>` (each one `.into()`'d).
#[macro_export]
macro_rules! blocks {
    ($($block:expr),* $(,)?) => {
        vec![$($crate::block_kit::Block::from($block)),*]
    };
}

/// A value, in a `Box` with `boxed`.
#[doc(hidden)]
#[macro_export]
macro_rules! __boxed {
    (boxed $value:expr) => {
        Box::new($value)
    };
    ($value:expr) => {
        $value
    };
}
