// The helpers of `ok_p_constant_paths`, called with the constants that do reach their hazard: the
// values that prune a branch must never prune a path that runs. Each call is reported at its own
// line, with its own category; a hazard behind a value the handler cannot know (a parameter) is
// reported too.
use cases_dep::shapes::{buffer, note, raw, wait_child, WaitFlags};
use ctxlock::nmi_safe;

#[nmi_safe]
extern "C" fn on_sigchld(signal: libc::c_int) {
    wait_child(-1, None); //~ sleeps
    wait_child(-1, Some(WaitFlags(libc::WUNTRACED))); //~ sleeps
    let scratch = buffer(64); //~ allocates
    std::hint::black_box(&scratch);
    std::mem::forget(scratch);
    note(true, signal); //~ stdio
    raw(libc::SYS_pause); //~ sleeps
}

#[nmi_safe]
extern "C" fn on_signal(signal: libc::c_int) {
    // The handler's argument, not a constant: either side may run.
    note(signal == libc::SIGUSR1, signal); //~ stdio
    let scratch = buffer(signal as usize); //~ allocates
    std::mem::forget(scratch);
}

fn main() {
    std::hint::black_box(on_sigchld as extern "C" fn(libc::c_int));
    std::hint::black_box(on_signal as extern "C" fn(libc::c_int));
}
