// A `const` thread-local touched in a handler: `LocalKey::with` calls the key's initialiser
// through a fn pointer. Another thread-local's lazy initialiser, which allocates, has the same LLVM
// shape (`ptr -> ptr`) but not the same Rust type, so it is no candidate.
use ctxlock::nmi_safe;
use std::cell::{Cell, RefCell};

std::thread_local! {
    static DEPTH: Cell<u32> = const { Cell::new(0) };
    static NAME: RefCell<String> = RefCell::new(String::from("main"));
}

#[nmi_safe]
fn on_signal() {
    DEPTH.set(DEPTH.get() + 1);
}

fn main() {
    NAME.with(|name| name.borrow_mut().push('!'));
    on_signal();
}
