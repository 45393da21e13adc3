// Either attribute on a trait, a static, an enum or a `use`.
use ctxlock::{may_sleep, nmi_safe};

#[nmi_safe]
trait Handler {}

#[may_sleep]
static COUNT: u32 = 0;

#[nmi_safe]
enum Mode {
    Nmi,
}

#[may_sleep]
use std::sync::Mutex;

fn main() {
    let _ = (COUNT, Mode::Nmi, Mutex::new(()));
}
