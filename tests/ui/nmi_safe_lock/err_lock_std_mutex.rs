// Rule 1: a std `Mutex` is rejected by method name too, whatever the receiver's type.
use std::sync::Mutex;

use ctxlock::nmi_safe;

#[nmi_safe]
fn bump(counter: &Mutex<u32>) {
    if let Ok(mut n) = counter.lock() {
        *n += 1;
    }
}

fn main() {}
