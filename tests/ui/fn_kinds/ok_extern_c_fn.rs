// `extern "C" fn`, as a signal handler is, also `entry` and `unsafe extern "C"`.
#![deny(warnings)]

use core::ffi::c_int;

use ctxlock::{may_sleep, nmi_safe};

#[nmi_safe(entry)]
extern "C" fn on_signal(signal: c_int) {
    let _ = signal;
}

#[nmi_safe]
unsafe extern "C" fn on_signal_raw(signal: c_int) -> c_int {
    signal
}

#[may_sleep]
extern "C" fn at_exit() {}

fn main() {
    on_signal(2);
    // SAFETY: no contract.
    let _ = unsafe { on_signal_raw(2) };
    at_exit();
}
