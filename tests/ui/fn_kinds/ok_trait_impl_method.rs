// Methods of a trait impl.
#![deny(warnings)]

use ctxlock::{may_sleep, nmi_safe};

trait Device {
    fn reset(&mut self);
    fn status(&self) -> u32;
}

struct Disk(u32);

impl Device for Disk {
    #[may_sleep]
    fn reset(&mut self) {
        self.0 = 0;
    }

    #[nmi_safe]
    fn status(&self) -> u32 {
        self.0
    }
}

fn main() {
    let mut disk = Disk(1);
    disk.reset();
    let _ = disk.status();
}
