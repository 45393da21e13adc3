// `#[nmi_safe]` fns that are never compiled: one is dead code, one is generic and never
// instantiated. `cargo check` rejects both bodies, so `cargo ctxlock` must too.
use ctxlock::nmi_safe;

#[nmi_safe]
#[allow(dead_code)]
fn on_fault(code: u32) {
    eprintln!("fault {code}");
}

#[nmi_safe]
#[allow(dead_code)]
fn generic<T: Copy>(t: T) -> T {
    println!("generic");
    t
}

fn main() {}
