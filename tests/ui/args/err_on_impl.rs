// Either attribute on an impl block: an error on `impl` (put it on each fn instead).
use ctxlock::{may_sleep, nmi_safe};

struct Device;

#[nmi_safe]
impl Device {
    fn poll(&self) {}
}

trait Reset {
    fn reset(&self);
}

#[may_sleep]
impl Reset for Device {
    fn reset(&self) {}
}

fn main() {
    Device.poll();
    Device.reset();
}
