// Rule 2: `std::thread::sleep` by full path, through `thread::`, and imported as `sleep`.
use std::thread;
use std::thread::sleep;
use std::time::Duration;

use ctxlock::nmi_safe;

#[nmi_safe]
fn back_off(d: Duration) {
    std::thread::sleep(d);
    thread::sleep(d);
    sleep(d);
}

fn main() {}
