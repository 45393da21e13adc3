//! What rust-analyzer must show when `cargo ctxlock --message-format=json` is its check command:
//! the transitive error at the call in the handler, with its chain, and nothing on the clean fns.

use ctxlock::{nmi_safe, HybridLock};
use std::sync::Mutex;

static LOG: Mutex<u32> = Mutex::new(0);
static STATE: HybridLock<u32> = HybridLock::new(0);

fn note(code: u32) {
    *LOG.lock().unwrap() = code;
}

/// A handler whose helper locks a std Mutex: the error belongs on the call of `note`.
#[nmi_safe]
pub fn on_fault(code: u32) {
    note(code);
}

/// Clean: an atomic face of the lock, nothing that waits.
#[nmi_safe]
pub fn clean(code: u32) -> u32 {
    STATE.try_lock().map_or(0, |state| *state + code)
}
