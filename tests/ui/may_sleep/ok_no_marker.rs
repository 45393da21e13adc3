// `#[may_sleep(no_marker)]` on a pub fn: no marker, so rule 5 does not see the fn at compile time
// (`cargo ctxlock` and the run-time check remain). This pins that documented opt-out.
#![deny(warnings)]

use ctxlock::{may_sleep, nmi_safe};

#[may_sleep(no_marker)]
pub(crate) fn load() {}

#[nmi_safe]
fn handler() {
    load();
}

fn main() {
    handler();
}
