// Rule 5: a generic `#[may_sleep]` fn called with a turbofish.
use ctxlock::{may_sleep, nmi_safe};

#[may_sleep]
pub(crate) fn kexec_load<T: Default>() -> T {
    T::default()
}

#[nmi_safe]
fn crash_kexec() -> u32 {
    kexec_load::<u32>()
}

fn main() {}
