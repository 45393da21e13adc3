// Locking and allocating code that only sleepable code reaches is not reported.
use ctxlock::{may_sleep, nmi_safe, HybridLock};

static STATE: HybridLock<Vec<u32>> = HybridLock::new(Vec::new());

#[may_sleep]
fn load(code: u32) {
    STATE.lock().push(code);
    println!("loaded {code}");
}

#[nmi_safe]
fn crash() -> usize {
    STATE.try_lock().map(|s| s.len()).unwrap_or(0)
}

fn main() {
    load(1);
    let _ = crash();
}
