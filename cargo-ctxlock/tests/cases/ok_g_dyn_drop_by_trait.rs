// Dropping a `dyn Error` in place calls the drop slot of its vtable: only the `Error` vtables are
// candidates (here one whose drop bumps an atomic), not every vtable's drop glue. `main` builds a
// `Debug` vtable for the `PoisonError<MutexGuard>` of `lock().unwrap()`, whose drop glue unlocks.
use ctxlock::nmi_safe;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Mutex;

static COUNT: Mutex<u32> = Mutex::new(0);
static DROPS: AtomicU32 = AtomicU32::new(0);

#[derive(Debug)]
struct Code(u32);

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "code {}", self.0)
    }
}

impl std::error::Error for Code {}

impl Drop for Code {
    fn drop(&mut self) {
        DROPS.fetch_add(self.0, Ordering::Relaxed);
    }
}

#[nmi_safe]
fn on_signal(error: *mut dyn std::error::Error) {
    // SAFETY: `main` hands over a value it never uses or drops again.
    unsafe { std::ptr::drop_in_place(error) };
}

fn main() {
    *COUNT.lock().unwrap() += 1;
    let mut code = std::mem::ManuallyDrop::new(Code(1));
    on_signal(&mut *code as &mut dyn std::error::Error);
}
