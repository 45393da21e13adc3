// Every root shape: a method, an associated fn, a trait impl method, an extern "C" handler.
use ctxlock::nmi_safe;
use std::sync::Mutex;

static M: Mutex<u32> = Mutex::new(0);

fn locks() {
    drop(M.lock());
}

struct Dev;

impl Dev {
    #[nmi_safe]
    fn method(&self) {
        locks();
    }

    #[nmi_safe]
    fn associated() {
        locks();
    }
}

trait Irq {
    fn fire(&self);
}

impl Irq for Dev {
    #[nmi_safe]
    fn fire(&self) {
        locks();
    }
}

#[nmi_safe(entry)]
extern "C" fn on_signal(_: libc::c_int) {
    locks();
}

fn main() {
    Dev.method();
    Dev::associated();
    Dev.fire();
    std::hint::black_box(on_signal as extern "C" fn(libc::c_int));
}
