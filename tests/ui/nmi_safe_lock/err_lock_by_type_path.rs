// Rule 1 through a type: `Mutex::lock(&m)` and `HybridLock::lock(&l)` are the same blocking calls.
use std::sync::Mutex;

use ctxlock::{nmi_safe, HybridLock};

static STATE: HybridLock<u64> = HybridLock::new(0);

#[nmi_safe]
fn bump(counter: &Mutex<u32>) {
    drop(Mutex::lock(counter));
    drop(HybridLock::lock(&STATE));
}

fn main() {}
