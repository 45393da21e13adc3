// The blocking face of HybridLock, reached through a helper.
use ctxlock::{nmi_safe, HybridLock};

static STATE: HybridLock<u32> = HybridLock::new(0);

fn bump() {
    *STATE.lock() += 1;
}

#[nmi_safe]
fn crash_kexec() {
    bump();
}

fn main() {
    std::hint::black_box(crash_kexec as fn());
}
