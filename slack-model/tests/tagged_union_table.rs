//! `tagged_union!` from its one table: a row gives `TaggedVariant` (and with `from`, `From`
//! and `IntoJson`) to its type unless it is `shared`. That a `shared` row, or a union without
//! `from`, gets none of them is shown by the impls written here by hand, which would
//! conflict with the macro's.

use slack_model::lenient::{TaggedUnion, TaggedVariant};
use slack_model::{IntoJson, Json};

#[derive(Debug, Clone, PartialEq)]
pub struct Circle {
    pub kind: String,
    pub r: Option<i64>,
    pub extra: serde_json::Map<String, serde_json::Value>,
}
slack_model::lenient_object!(Circle { req kind, opt r });

#[derive(Debug, Clone, PartialEq)]
pub struct Square {
    pub kind: String,
    pub side: Option<i64>,
    pub extra: serde_json::Map<String, serde_json::Value>,
}
slack_model::lenient_object!(Square { req kind, opt side });

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(untagged)]
pub enum Shape {
    Circle(Circle),
    Square(Square),
    Box(Square),
    Other(serde_json::Value),
}

slack_model::tagged_union! {
    Shape, "kind", from {
        "circle" => Circle(Circle),
        "square" => Square(Square) shared,
        "box" => Box(Square) shared,
    }
}

/// A `shared` row's type has no `TaggedVariant` or `From` from the macro.
impl TaggedVariant<Shape> for Square {
    const TAG: &'static str = "square or box";
    fn from_union(union: Shape) -> Result<Self, Shape> {
        match union {
            Shape::Square(s) | Shape::Box(s) => Ok(s),
            other => Err(other),
        }
    }
    fn from_union_ref(union: &Shape) -> Option<&Self> {
        match union {
            Shape::Square(s) | Shape::Box(s) => Some(s),
            _ => None,
        }
    }
}

impl From<Square> for Shape {
    fn from(value: Square) -> Self {
        Shape::Square(value)
    }
}

/// Without `from`: `TaggedVariant` only.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(untagged)]
pub enum Round {
    Circle(Circle),
    Other(serde_json::Value),
}

slack_model::tagged_union! {
    Round, "kind" {
        "circle" => Circle(Circle),
    }
}

impl From<Circle> for Round {
    fn from(value: Circle) -> Self {
        Round::Circle(value)
    }
}

fn circle(r: i64) -> Circle {
    Circle {
        kind: "circle".into(),
        r: Some(r),
        extra: Default::default(),
    }
}

#[test]
fn rows_decode_by_their_tag_value() {
    let shape: Shape = serde_json::from_str(r#"{"kind":"circle","r":2}"#).unwrap();
    assert_eq!(shape, Shape::Circle(circle(2)));
    let shape: Shape = serde_json::from_str(r#"{"kind":"box","side":3}"#).unwrap();
    assert!(matches!(shape, Shape::Box(Square { side: Some(3), .. })));
    let shape: Shape = serde_json::from_str(r#"{"kind":"square"}"#).unwrap();
    assert!(matches!(shape, Shape::Square(_)));
    let shape: Shape = serde_json::from_str(r#"{"kind":"star"}"#).unwrap();
    assert!(matches!(shape, Shape::Other(_)));
    assert_eq!((Shape::NAME, Shape::TAG), ("Shape", "kind"));
    let round: Round = serde_json::from_str(r#"{"kind":"circle","r":1}"#).unwrap();
    assert_eq!(round, Round::Circle(circle(1)));
}

#[test]
fn a_row_held_once_is_a_tagged_variant() {
    assert_eq!(<Circle as TaggedVariant<Shape>>::TAG, "circle");
    assert_eq!(<Circle as TaggedVariant<Round>>::TAG, "circle");
    let shape = Shape::Circle(circle(1));
    assert_eq!(Circle::from_union_ref(&shape), Some(&circle(1)));
    assert_eq!(Circle::from_union(shape), Ok(circle(1)));
    let boxed = Shape::Box(
        Square::from_union(Shape::Square(Square {
            kind: "box".into(),
            side: None,
            extra: Default::default(),
        }))
        .unwrap(),
    );
    assert!(<Circle as TaggedVariant<Shape>>::from_union(boxed).is_err());
}

#[test]
fn from_gives_from_and_into_json() {
    assert_eq!(Shape::from(circle(4)), Shape::Circle(circle(4)));
    assert_eq!(
        IntoJson::<Shape>::into_json(circle(5)),
        Json::Typed(Shape::Circle(circle(5)))
    );
}
