// Rule 2: starting a thread allocates and may block.
use std::thread;

use ctxlock::nmi_safe;

#[nmi_safe]
fn hand_off() {
    thread::spawn(|| ());
}

fn main() {}
