// `nmi_unchecked!("reason", expr)` skips only that expression: a `#[may_sleep]` call, a `.lock()`,
// by path to the macro and in expression and statement position.
#![deny(warnings)]

use ctxlock::{may_sleep, nmi_safe, nmi_unchecked, HybridLock};

static STATE: HybridLock<u32> = HybridLock::new(0);

#[may_sleep]
fn flush_if_idle() -> u32 {
    0
}

#[nmi_safe]
fn on_crash() -> u32 {
    nmi_unchecked!("flush_if_idle() only sleeps when the queue is non-empty; it is drained before the handler is installed", flush_if_idle());
    let n = ctxlock::nmi_unchecked!("the test holds no lock while on_crash runs", *STATE.lock());
    n + nmi_unchecked!("see above", flush_if_idle(),)
}

fn main() {
    let _ = on_crash();
}
