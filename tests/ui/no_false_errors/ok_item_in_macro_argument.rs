// A fn declared in a block inside an `assert!` argument, and called there.
#![deny(warnings)]

use ctxlock::nmi_safe;

#[nmi_safe]
fn on_crash() {
    assert!({
        fn ready() -> bool {
            true
        }
        ready()
    });
}

fn main() {
    on_crash();
}
