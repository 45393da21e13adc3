// An `#[inline(always)] #[may_sleep]` fn reached from a root: the chain ends at that fn, named as a
// `#[may_sleep]` fn, although its body is inlined into its caller. (A direct call from the root is
// already a compile error, so a helper stands between them.)
use ctxlock::{may_sleep, nmi_safe};

#[may_sleep]
#[inline(always)]
fn reload(code: u32) -> u32 {
    code + 1
}

fn reload_now(code: u32) -> u32 {
    reload(code)
}

#[nmi_safe]
fn on_signal(code: u32) -> u32 {
    reload_now(code) //~ may_sleep
}

fn main() {
    std::hint::black_box(on_signal as fn(u32) -> u32);
}
