// `entry` needs to run code on entry, which a `const fn` cannot.
use ctxlock::nmi_safe;

#[nmi_safe(entry)]
const fn handler() -> u32 {
    1
}

fn main() {
    let _ = handler();
}
