// Dropping a `dyn Error` in place reaches the drop glue of the `Error` types the program makes
// trait objects of: here one whose `Drop` locks.
use ctxlock::nmi_safe;
use std::sync::Mutex;

static OPEN: Mutex<u32> = Mutex::new(0);

#[derive(Debug)]
struct Tracked;

impl std::fmt::Display for Tracked {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("tracked")
    }
}

impl std::error::Error for Tracked {}

impl Drop for Tracked {
    fn drop(&mut self) {
        *OPEN.lock().unwrap() -= 1;
    }
}

#[nmi_safe]
fn on_signal(error: *mut dyn std::error::Error) {
    // SAFETY: `main` hands over a value it never uses or drops again.
    unsafe { std::ptr::drop_in_place(error) };
}

fn main() {
    let mut tracked = std::mem::ManuallyDrop::new(Tracked);
    on_signal(&mut *tracked as &mut dyn std::error::Error);
}
