// A #[may_sleep] method called with method syntax, and a #[may_sleep] fn one helper down.
use ctxlock::{may_sleep, nmi_safe};

struct Device;

impl Device {
    #[may_sleep]
    fn reset(&self) {}
}

#[may_sleep]
fn flush() {}

fn helper() {
    flush();
}

#[nmi_safe]
fn on_irq(device: &Device) {
    device.reset();
    helper();
}

fn main() {
    std::hint::black_box(on_irq as fn(&Device));
}
