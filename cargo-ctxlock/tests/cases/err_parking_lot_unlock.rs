// parking_lot's try_lock does not wait, but releasing the guard does when a thread is parked on the
// lock: the unlock slow path takes a bucket lock of parking_lot_core's table.
use ctxlock::nmi_safe;

static STATE: parking_lot::Mutex<u32> = parking_lot::Mutex::new(0);

#[nmi_safe]
fn on_signal(code: u32) {
    if let Some(mut state) = STATE.try_lock() {
        *state = code;
    } //~ blocks
}

fn main() {
    std::hint::black_box(on_signal as fn(u32));
}
