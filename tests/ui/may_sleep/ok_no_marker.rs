// `#[may_sleep(no_marker)]` on a free fn: no marker struct, so rule 5 does not see the fn (only the
// run-time check remains). This pins that documented trade-off.
#![deny(warnings)]

use ctxlock::{may_sleep, nmi_safe};

#[may_sleep(no_marker)]
fn load() {}

#[nmi_safe]
fn handler() {
    load();
}

fn main() {
    handler();
}
