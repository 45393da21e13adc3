// parking_lot, lock_api and spin locks: their blocking face.
use ctxlock::nmi_safe;

static PL: parking_lot::Mutex<u32> = parking_lot::Mutex::new(0);
static SPIN: spin::Mutex<u32> = spin::Mutex::new(0);

fn parking() -> u32 {
    *PL.lock()
}

fn spinning() -> u32 {
    *SPIN.lock()
}

#[nmi_safe]
fn handler() -> u32 {
    parking() + spinning()
}

fn main() {
    std::hint::black_box(handler as fn() -> u32);
}
