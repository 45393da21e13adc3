// A fn named `cfg` (a config getter) is an ordinary callee, though `cfg` is also a built-in attribute
// and a prelude macro.
#![deny(warnings)]

use ctxlock::nmi_safe;

fn cfg() -> u32 {
    1
}

#[nmi_safe]
fn on_crash() -> u32 {
    cfg()
}

fn main() {
    let _ = on_crash();
}
