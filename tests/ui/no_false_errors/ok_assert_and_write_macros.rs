// `assert!`-like and `write!`-like macros are fine when their arguments are.
#![deny(warnings)]

use core::fmt::Write;

use ctxlock::{nmi_safe, HybridLock};

static STATE: HybridLock<u64> = HybridLock::new(0);

#[nmi_safe]
fn check(out: &mut dyn Write) -> core::fmt::Result {
    assert!(STATE.try_lock().is_ok());
    debug_assert_eq!(1 + 1, 2);
    write!(out, "{}", 42)?;
    writeln!(out, "crash at {:#x}", 0x10)
}

fn main() {
    let mut text = String::new();
    let _ = check(&mut text);
}
