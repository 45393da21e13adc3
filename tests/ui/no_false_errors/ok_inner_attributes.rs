// A body that starts with inner attributes (`#![allow(...)]`) is an ordinary fn body.
#![deny(warnings)]

use ctxlock::{may_sleep, nmi_safe};

#[nmi_safe]
fn on_crash() -> u32 {
    #![allow(unused_variables)]
    let unused = 1;
    2
}

#[may_sleep]
fn load() {
    #![allow(unused_variables)]
    let unused = 1;
}

fn main() {
    let _ = on_crash();
    load();
}
