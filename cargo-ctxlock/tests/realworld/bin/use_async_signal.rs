// async-signal registers a closure per signal with signal-hook-registry: the registry's `handler`
// calls it, and it writes the signal's number to a pipe.
use async_signal::{Signal, Signals};

fn main() {
    let signals = Signals::new([Signal::Usr1, Signal::Term]).unwrap();
    std::hint::black_box(&signals);
}
