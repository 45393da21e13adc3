// `#[nmi_safe]` pub fns of another crate (`tests/upstream`), by path, import, rename and glob.
#![deny(warnings)]

use ctxlock::nmi_safe;
use ctxlock_test_upstream::kexec::*;
use ctxlock_test_upstream::record_crash;
use ctxlock_test_upstream::crash_kexec as crash;

#[nmi_safe]
fn on_crash() -> u32 {
    ctxlock_test_upstream::record_crash() + record_crash() + crash().unwrap_or(0) + crashes()
}

fn main() {
    let _ = on_crash();
}
