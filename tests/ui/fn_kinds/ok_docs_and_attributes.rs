// Doc comments and other attributes, before and after ours, are kept (`missing_docs` is satisfied by
// the user's docs, `must_use` still applies).
#![deny(warnings, missing_docs)]
//! Crate docs.

use ctxlock::{may_sleep, nmi_safe};

/// Counts crashes.
#[inline]
#[nmi_safe]
#[must_use]
#[cfg_attr(debug_assertions, allow(clippy::all))]
pub fn crashes() -> u32 {
    1
}

/// Loads an image.
///
/// Longer text.
#[must_use = "the size says how much was loaded"]
#[may_sleep]
#[inline(never)]
#[cfg_attr(not(debug_assertions), cold)]
pub fn load() -> u32 {
    2
}

#[doc = "Docs as an attribute."]
#[nmi_safe(entry)]
#[allow(clippy::needless_return)]
pub fn handler() {
    return;
}

/// `#[deprecated]` is kept too.
#[deprecated = "use `crashes`"]
#[may_sleep]
pub fn old() {}

fn main() {
    let _ = crashes() + load();
    handler();
    #[allow(deprecated)]
    old();
}
