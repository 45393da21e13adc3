// Rule 2: file I/O may sleep in the kernel.
use std::fs;
use std::fs::File;

use ctxlock::nmi_safe;

#[nmi_safe]
fn dump() {
    let _ = File::create("/tmp/crash");
    let _ = std::fs::write("/tmp/crash", b"x");
    let _ = fs::remove_file("/tmp/crash");
}

fn main() {}
