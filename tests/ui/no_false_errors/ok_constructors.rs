// Tuple-struct and variant constructors are calls too: `Some(x)`, `Ok(x)`, `Wrapper(x)`, `Kind::A(x)`.
#![deny(warnings)]

use ctxlock::nmi_safe;

struct Wrapper(u32);

enum Kind {
    A(u32),
}

#[nmi_safe]
fn wrap(x: u32) -> Result<Option<Wrapper>, ()> {
    let Kind::A(y) = Kind::A(x);
    let boxed: Result<u32, ()> = Ok(y);
    let failed: Result<u32, ()> = Err(());
    let _ = failed;
    Ok(Some(Wrapper(boxed?)))
}

fn main() {
    let _ = wrap(1).map(|w| w.map(|w| w.0));
}
