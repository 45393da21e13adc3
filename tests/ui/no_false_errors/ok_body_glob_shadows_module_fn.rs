// A glob import inside the body shadows a module-level fn of the same name, as the language says;
// the call resolves to the glob's (unannotated) fn and must compile.
#![deny(warnings)]

mod fast {
    pub fn count() -> u32 {
        1
    }
}

use ctxlock::nmi_safe;

#[allow(dead_code)]
fn count() -> u32 {
    0
}

#[nmi_safe]
fn on_crash() -> u32 {
    use fast::*;
    count()
}

fn main() {
    let _ = on_crash();
}
