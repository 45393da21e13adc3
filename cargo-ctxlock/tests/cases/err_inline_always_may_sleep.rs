// An `#[inline(always)] #[may_sleep]` fn called from a root: reported at the call, as a call to a
// `#[may_sleep]` fn, although its body is inlined into the root.
use ctxlock::{may_sleep, nmi_safe};

#[may_sleep]
#[inline(always)]
fn reload(code: u32) -> u32 {
    code + 1
}

#[nmi_safe]
fn on_signal(code: u32) -> u32 {
    reload(code) //~ may_sleep
}

fn main() {
    std::hint::black_box(on_signal as fn(u32) -> u32);
}
