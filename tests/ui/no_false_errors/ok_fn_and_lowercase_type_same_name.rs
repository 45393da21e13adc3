// A fn that shares its name with a lowercase struct of the same module (as `libc::stat` and
// `libc::sigaction` do) is an ordinary callee.
#![deny(warnings)]

use ctxlock::nmi_safe;

#[allow(non_camel_case_types)]
pub struct stat {
    pub size: u32,
}

pub fn stat() -> stat {
    stat { size: 1 }
}

#[nmi_safe]
fn on_crash() -> u32 {
    stat().size
}

fn main() {
    let _ = on_crash();
}
