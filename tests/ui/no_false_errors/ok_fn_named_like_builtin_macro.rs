// Fns whose names are also built-in macros or attributes (`line`, `file`, `env`, `test`, `derive`) are
// ordinary callees.
#![deny(warnings)]

use ctxlock::nmi_safe;

fn line() -> u32 {
    1
}
fn file() -> u32 {
    2
}
fn env() -> u32 {
    3
}
fn test() -> u32 {
    4
}
fn derive() -> u32 {
    5
}

#[nmi_safe]
fn on_crash() -> u32 {
    line() + file() + env() + test() + derive()
}

fn main() {
    let _ = on_crash();
}
