// The raw system calls of `ok_p_asm_syscall`, given numbers that wait, or that the handler cannot
// know: reported. A number written into the assembly's own operand is read there and named
// (`syscall(SYS_nanosleep)` sleeps); one that reaches it from a caller is named by the value that
// reaches it, with that call's category; one the handler cannot know is unknown.
use ctxlock::nmi_safe;

#[cfg(target_arch = "x86_64")]
use cases_dep::shapes::syscall3;

#[cfg(target_arch = "x86_64")]
fn nap(pause: &libc::timespec) {
    let _r0: usize;
    // SAFETY: a valid timespec, no remainder wanted.
    unsafe {
        std::arch::asm!(
            "syscall",
            inlateout("rax") libc::SYS_nanosleep as usize => _r0,
            in("rdi") pause as *const libc::timespec,
            in("rsi") 0usize,
            lateout("rcx") _,
            lateout("r11") _,
            options(nostack)
        );
    }
}

#[cfg(target_arch = "x86_64")]
#[nmi_safe]
extern "C" fn on_signal(signal: libc::c_int) {
    let pause = libc::timespec { tv_sec: 0, tv_nsec: 1_000 };
    syscall3(libc::SYS_nanosleep as usize, &pause as *const _ as usize, 0, 0); //~ sleeps
    syscall3(signal as usize, 0, 0, 0); //~ unknown
    nap(&pause); //~ sleeps
}

fn main() {
    #[cfg(target_arch = "x86_64")]
    std::hint::black_box(on_signal as extern "C" fn(libc::c_int));
}
