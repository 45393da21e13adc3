// Rule 1: a blocking `lock()` on the NMI path; the error sits on `.lock()` and suggests `try_lock()`.
use ctxlock::{nmi_safe, HybridLock};

static STATE: HybridLock<u64> = HybridLock::new(0);

#[nmi_safe]
fn record_crash() {
    *STATE.lock() += 1;
}

fn main() {}
