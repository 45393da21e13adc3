// A `dyn Fn(u32)` call reaches the `Fn(u32)` closures only: `main` also builds a `dyn Fn() -> String`
// closure that allocates, whose call has the same LLVM shape (`String` comes back through a pointer,
// so both are `(ptr, …) -> void` in the vtable's `call` slot), but another `Fn`.
use ctxlock::nmi_safe;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

static SEEN: AtomicU32 = AtomicU32::new(0);

#[nmi_safe]
fn on_signal(action: &Arc<dyn Fn(&u32) + Send + Sync>, code: u32) {
    action(&code);
}

fn main() {
    let name: Arc<dyn Fn() -> String + Send + Sync> = Arc::new(|| "worker".to_string());
    std::hint::black_box(name());
    let action: Arc<dyn Fn(&u32) + Send + Sync> = Arc::new(|code: &u32| {
        SEEN.store(*code, Ordering::Relaxed);
    });
    on_signal(&action, 7);
}
