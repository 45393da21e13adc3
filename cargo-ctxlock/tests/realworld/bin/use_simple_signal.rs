// simple-signal installs `handler` for SIGINT and SIGTERM; the user's closure runs on its own thread.
use simple_signal::Signal;

fn main() {
    simple_signal::set_handler(&[Signal::Int, Signal::Term], |signals| {
        println!("{signals:?}")
    });
}
