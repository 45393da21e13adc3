// More of std that a handler commonly uses, each an async-signal-safe system call: the process id
// (getpid), a pipe (pipe2), one write to it, and closing both ends.
use ctxlock::nmi_safe;
use std::io::Write;

#[nmi_safe]
fn on_signal() -> u32 {
    let pid = std::process::id();
    if let Ok((reader, mut writer)) = std::io::pipe() {
        let _ = writer.write(&pid.to_ne_bytes());
        drop(reader);
    }
    pid
}

fn main() {
    std::hint::black_box(on_signal as fn() -> u32);
}
