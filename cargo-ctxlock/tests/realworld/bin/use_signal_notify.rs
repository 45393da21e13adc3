// signal-notify installs `signal_handler` for SIGINT and SIGHUP; a thread of its own reads the pipe
// and sends to the receiver.
use signal_notify::Signal;

fn main() {
    let signals = signal_notify::notify(&[Signal::INT, Signal::HUP]);
    std::hint::black_box(&signals);
}
