// signal-hook's flag and self-pipe actions, run by signal-hook-registry's handler; the pipe's action
// is `low_level::pipe::wake`.
use std::os::unix::net::UnixStream;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

fn main() {
    let flag = Arc::new(AtomicBool::new(false));
    signal_hook::flag::register(signal_hook::consts::SIGUSR1, Arc::clone(&flag)).unwrap();
    let (_read, write) = UnixStream::pair().unwrap();
    signal_hook::low_level::pipe::register(signal_hook::consts::SIGUSR2, write).unwrap();
}
