// A Vec taken out of a static and dropped in the handler: its buffer is freed there.
use ctxlock::{nmi_safe, HybridLock};

static PENDING: HybridLock<Vec<u32>> = HybridLock::new(Vec::new());

#[nmi_safe]
fn on_signal() -> usize {
    let Ok(mut pending) = PENDING.try_lock() else {
        return 0;
    };
    let taken = std::mem::take(&mut *pending);
    let n = taken.len();
    drop(taken); //~ allocates
    n
}

fn main() {
    PENDING.lock().push(1);
    std::hint::black_box(on_signal as fn() -> usize);
}
