// Reading the clocks: clock_gettime, which POSIX lists as async-signal-safe.
use ctxlock::nmi_safe;
use std::time::{Instant, SystemTime};

#[nmi_safe]
fn on_signal() -> u64 {
    let wall = SystemTime::now();
    let mono = Instant::now();
    let since = wall
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    since + mono.elapsed().as_secs()
}

fn main() {
    std::hint::black_box(on_signal as fn() -> u64);
}
