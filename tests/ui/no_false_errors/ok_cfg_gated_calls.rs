// Calls under `#[cfg]` of fns that exist only under the same `#[cfg]`: a statement, a `let`, a match
// arm. `cfg(not(debug_assertions))` is false in this (debug) build, as `cfg(debug_assertions)` is in a
// release build, where the same code must compile too.
#![deny(warnings)]

use ctxlock::nmi_safe;

#[cfg(not(debug_assertions))]
fn release_only_check() -> u32 {
    0
}

#[nmi_safe]
fn on_crash(code: u32) -> u32 {
    #[cfg(not(debug_assertions))]
    release_only_check();
    #[cfg(not(debug_assertions))]
    let _checked = release_only_check();
    match code {
        #[cfg(not(debug_assertions))]
        0 => release_only_check(),
        _ => 1,
    }
}

fn main() {
    let _ = on_crash(1);
}
