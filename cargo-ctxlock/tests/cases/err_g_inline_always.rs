// `#[inline(always)]` fns are inlined even at opt-level 0: the root is still itself (not `main`),
// its `#[may_sleep]` callee is still named (behind a helper: a direct call is a compile error), and a
// locking helper called twice gets two errors.
use ctxlock::{may_sleep, nmi_safe};
use std::sync::Mutex;

static M: Mutex<u32> = Mutex::new(0);

#[inline(always)]
#[may_sleep]
fn settle() {
    std::hint::black_box(());
}

fn settle_later() {
    settle();
}

fn bump() {
    *M.lock().unwrap() += 1;
}

#[inline(always)]
#[nmi_safe]
fn quick() {
    settle_later();
    bump();
    bump();
}

fn main() {
    quick();
}
