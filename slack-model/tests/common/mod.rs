//! What the Block Kit tests share: the spec, the JSON examples, and a walk of an example
//! along the spec.
#![allow(dead_code)] // each test crate uses its own part

pub mod examples;
pub mod spec;
pub mod walk;
