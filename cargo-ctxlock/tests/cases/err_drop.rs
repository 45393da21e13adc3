// A value whose Drop locks, dropped in the handler.
use ctxlock::nmi_safe;
use std::sync::Mutex;

static OPEN: Mutex<u32> = Mutex::new(0);

struct Ticket;

impl Drop for Ticket {
    fn drop(&mut self) {
        *OPEN.lock().unwrap() -= 1;
    }
}

#[nmi_safe]
fn handler(ticket: Ticket) {
    let _ = &ticket;
}

fn main() {
    std::hint::black_box(handler as fn(Ticket));
}
