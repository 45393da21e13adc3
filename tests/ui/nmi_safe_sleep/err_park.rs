// Rule 2: parking waits for another thread to unpark it.
use std::thread;
use std::time::Duration;

use ctxlock::nmi_safe;

#[nmi_safe]
fn wait_for_worker() {
    std::thread::park();
    thread::park_timeout(Duration::from_millis(1));
}

fn main() {}
