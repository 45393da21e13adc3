// Local closures and fn-pointer variables are called by name; they are not fn items, so they are
// never probed, even when their name is that of a `#[may_sleep]` fn that they shadow.
#![deny(warnings)]

use ctxlock::{may_sleep, nmi_safe};

#[may_sleep]
fn kexec_load() -> u32 {
    1
}

#[may_sleep]
fn flush() {}

fn cheap() -> u32 {
    2
}

#[nmi_safe]
fn crash_kexec(flush: fn()) -> u32 {
    let double = |x: u32| x * 2;
    let pointer: fn() -> u32 = cheap;
    let kexec_load = || 3;
    flush();
    double(pointer()) + kexec_load()
}

#[nmi_safe]
fn shadow_in_patterns(hooks: (fn() -> u32, Option<fn() -> u32>)) -> u32 {
    let (kexec_load, later) = hooks;
    let mut sum = kexec_load();
    if let Some(kexec_load) = later {
        sum += kexec_load();
    }
    match later {
        Some(kexec_load) => sum += kexec_load(),
        None => {}
    }
    for kexec_load in [cheap] {
        sum += kexec_load();
    }
    let add = |kexec_load: fn() -> u32| kexec_load() + 1;
    sum + add(cheap)
}

fn main() {
    let _ = kexec_load();
    let _ = crash_kexec(flush) + shadow_in_patterns((cheap, Some(cheap)));
}
