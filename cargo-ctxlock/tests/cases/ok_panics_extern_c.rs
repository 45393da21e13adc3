// cargo-ctxlock: --panics
// An `extern "C"` handler that cannot panic: the compiler's own guard against unwinding out of an
// `extern "C"` fn (`panic_cannot_unwind`, there because the call to `record` could unwind) is not a
// panic of the handler's.
use ctxlock::nmi_safe;

static mut LAST: libc::c_int = 0;

#[inline(never)]
fn record(signal: libc::c_int) {
    // SAFETY: a plain store to a static that only this handler writes.
    unsafe { core::ptr::write_volatile(core::ptr::addr_of_mut!(LAST), signal) };
}

#[nmi_safe]
extern "C" fn on_signal(signal: libc::c_int) {
    record(signal);
}

fn main() {
    std::hint::black_box(on_signal as extern "C" fn(libc::c_int));
}
