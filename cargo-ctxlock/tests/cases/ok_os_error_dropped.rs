// Errors made from errno, dropped: an `io::Error` from the OS holds only the code, so dropping it
// frees nothing, directly or inside an error enum whose variants hold only such errors and data.
use ctxlock::nmi_safe;
use std::io;

enum SignalError {
    Os(io::Error),
    Closed(i32),
}

fn send(fd: i32) -> Result<(), SignalError> {
    // SAFETY: one byte from a live array.
    if unsafe { libc::write(fd, [1u8].as_ptr().cast(), 1) } < 0 {
        return Err(SignalError::Os(io::Error::last_os_error()));
    }
    if fd < 0 {
        return Err(SignalError::Closed(fd));
    }
    Ok(())
}

#[nmi_safe]
fn on_signal(fd: i32) -> bool {
    let direct = io::Error::last_os_error();
    let transient = direct.raw_os_error() == Some(libc::EINTR);
    drop(direct);
    let sent = match send(fd) {
        Ok(()) => true,
        Err(SignalError::Os(error)) => error.raw_os_error() == Some(libc::EAGAIN),
        Err(SignalError::Closed(fd)) => fd == -1,
    };
    transient || sent
}

fn main() {
    std::hint::black_box(on_signal as fn(i32) -> bool);
}
