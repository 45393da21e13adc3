//! `cargo ctxlock`: the whole-program check of [ctxlock](https://docs.rs/ctxlock).
//!
//! (The method, its limits and how to read a chain are written below in `# Method`.)

// The library is the binary's, split out so that its tests can reach the phases; it is not an API.
#![allow(missing_docs)]

pub mod args;
pub mod build;
pub mod classify;
pub mod graph;
pub mod ir;
pub mod posix;
pub mod report;
