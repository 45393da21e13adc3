// `thread::sleep`, one call below the handler (the attribute rejects it in the handler itself),
// sleeps: reported as sleeping, not as managing threads.
use ctxlock::nmi_safe;
use std::time::Duration;

fn pause() {
    std::thread::sleep(Duration::from_millis(1));
}

#[nmi_safe]
fn on_signal() {
    pause(); //~ sleeps
}

fn main() {
    std::hint::black_box(on_signal as fn());
}
