// signal-hook's flag and self-pipe actions, run by signal-hook-registry's handler; the pipe's action
// is `low_level::pipe::wake`. The conditional flags' actions end the process from the handler: the
// shutdown with `low_level::exit` (_exit(2)), the default with `low_level::emulate_default_handler`
// (sigaction, sigprocmask, raise, abort). The iterator with `WithRawSiginfo` keeps each siginfo in a
// lock-free channel and wakes its reader through a `dyn SelfPipeWrite`.
use std::os::unix::net::UnixStream;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM, SIGUSR1, SIGUSR2};
use signal_hook::iterator::exfiltrator::WithRawSiginfo;
use signal_hook::iterator::SignalsInfo;

fn main() {
    let flag = Arc::new(AtomicBool::new(false));
    signal_hook::flag::register(SIGUSR1, Arc::clone(&flag)).unwrap();
    let (_read, write) = UnixStream::pair().unwrap();
    signal_hook::low_level::pipe::register(SIGUSR2, write).unwrap();
    let armed = Arc::new(AtomicBool::new(true));
    signal_hook::flag::register_conditional_default(SIGTERM, Arc::clone(&armed)).unwrap();
    signal_hook::flag::register_conditional_shutdown(SIGINT, 1, armed).unwrap();
    let signals = SignalsInfo::<WithRawSiginfo>::new([SIGHUP]).unwrap();
    std::hint::black_box(&signals);
}
