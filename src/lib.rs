//! Context-annotated locking (the attributes land next).

#![no_std]

#[doc(inline)]
pub use ctxlock_runtime::*;
