// The marker follows the fn's visibility: a private `#[may_sleep]` fn leaks no pub item, and a pub one
// in a private module warns about nothing under `deny(warnings, unreachable_pub)`.
#![deny(warnings, unreachable_pub, missing_docs)]
//! Crate docs.

mod inner {
    use ctxlock::may_sleep;

    #[may_sleep]
    pub(crate) fn load() {}

    #[may_sleep]
    fn private_load() {}

    pub(crate) fn call_private() {
        private_load();
    }
}

/// A pub `#[may_sleep]` fn with docs: the hidden marker needs none.
#[ctxlock::may_sleep]
pub fn load() {}

fn main() {
    inner::load();
    inner::call_private();
    load();
}
