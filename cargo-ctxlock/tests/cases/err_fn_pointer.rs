// A fn pointer, taken where the handler's code can see it, that sleeps.
use ctxlock::nmi_safe;

fn slow(ms: u64) {
    std::thread::sleep(std::time::Duration::from_millis(ms));
}

fn pick() -> fn(u64) {
    slow
}

#[nmi_safe]
fn handler(ms: u64) {
    let f = pick();
    f(ms);
}

fn main() {
    std::hint::black_box(handler as fn(u64));
}
