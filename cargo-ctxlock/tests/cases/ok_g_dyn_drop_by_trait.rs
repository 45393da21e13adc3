// Dropping a `dyn Fault` in place calls the drop slot of its vtable: only the `Fault` vtables are
// candidates (here one whose drop bumps an atomic), not every vtable's drop glue. `main` builds a
// `Debug` vtable for the `PoisonError<MutexGuard>` of `lock().unwrap()`, whose drop glue unlocks.
// (With std's `dyn Error` instead, std's own `StringError` vtable would be a candidate too: its
// drop frees, and the program does build it.)
use ctxlock::nmi_safe;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Mutex;

static COUNT: Mutex<u32> = Mutex::new(0);
static DROPS: AtomicU32 = AtomicU32::new(0);

trait Fault {
    fn code(&self) -> u32;
}

struct Code(u32);

impl Fault for Code {
    fn code(&self) -> u32 {
        self.0
    }
}

impl Drop for Code {
    fn drop(&mut self) {
        DROPS.fetch_add(self.0, Ordering::Relaxed);
    }
}

#[nmi_safe]
fn on_signal(fault: *mut dyn Fault) {
    // SAFETY: `main` hands over a value it never uses or drops again.
    unsafe { std::ptr::drop_in_place(fault) };
}

fn main() {
    *COUNT.lock().unwrap() += 1;
    let mut code = std::mem::ManuallyDrop::new(Code(1));
    std::hint::black_box(code.code());
    on_signal(&mut *code as &mut dyn Fault);
}
