// A `dyn` call whose implementation locks.
use ctxlock::nmi_safe;
use std::sync::Mutex;

trait Callback {
    fn call(&self, code: u32);
}

struct Locking(Mutex<u32>);

impl Callback for Locking {
    fn call(&self, code: u32) {
        *self.0.lock().unwrap() = code;
    }
}

#[nmi_safe]
fn dispatch(callback: &dyn Callback, code: u32) {
    callback.call(code);
}

fn main() {
    let locking = Locking(Mutex::new(0));
    dispatch(&locking, 1);
}
