// The arguments of `assert!`-like and `write!`-like macros are checked like the body: every rule.
use core::fmt::Write;

use ctxlock::{may_sleep, nmi_safe, HybridLock};

static STATE: HybridLock<u64> = HybridLock::new(0);

#[may_sleep]
pub(crate) fn kexec_load() -> bool {
    true
}

#[nmi_safe]
fn check(out: &mut dyn Write) {
    assert!(STATE.lock().checked_add(1).is_some());
    debug_assert!(kexec_load());
    let _ = write!(out, "{}", format!("crash"));
}

fn main() {}
