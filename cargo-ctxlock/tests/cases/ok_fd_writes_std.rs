// Writes to file descriptors through std, each one write(2), their results dropped: a socket by
// `&UnixStream`, and fd 2 as a borrowed `File` that is never closed.
use ctxlock::nmi_safe;
use std::fs::File;
use std::io::Write;
use std::mem::ManuallyDrop;
use std::os::fd::{AsRawFd, BorrowedFd, FromRawFd};
use std::os::unix::net::UnixStream;

#[nmi_safe]
fn on_signal(wake: &UnixStream) {
    let mut sender = wake;
    let _ = sender.write(&[1]);
    // SAFETY: fd 2 stays open for the life of the process; ManuallyDrop never closes it.
    let stderr = unsafe { BorrowedFd::borrow_raw(2) };
    // SAFETY: as above.
    let mut file = ManuallyDrop::new(unsafe { File::from_raw_fd(stderr.as_raw_fd()) });
    let _ = file.write_all(b"signal\n");
}

fn main() {
    let (_read, write) = UnixStream::pair().unwrap();
    on_signal(&write);
}
