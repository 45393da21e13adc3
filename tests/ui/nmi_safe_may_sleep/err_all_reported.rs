// Every violation is its own error, all in one build: rules 1 to 5, each at its own tokens.
use std::time::Duration;

use ctxlock::{may_sleep, nmi_safe, HybridLock};

static STATE: HybridLock<u64> = HybridLock::new(0);

#[may_sleep]
pub(crate) fn kexec_load() {}

#[may_sleep]
pub(crate) fn kexec_unload() {}

#[nmi_safe]
fn crash_kexec() {
    *STATE.lock() += 1;
    std::thread::sleep(Duration::from_millis(1));
    println!("crash");
    let _later = async {};
    kexec_load();
    if STATE.try_lock().is_ok() {
        kexec_unload();
    }
}

fn main() {}
