// Default methods of a trait, and a method declaration without a body.
#![deny(warnings)]

use ctxlock::{may_sleep, nmi_safe};

trait Device {
    #[nmi_safe]
    fn id(&self) -> u32;

    #[may_sleep]
    fn reset(&mut self) {}

    #[nmi_safe]
    fn status(&self) -> u32 {
        self.id() + 1
    }
}

struct Disk;

impl Device for Disk {
    fn id(&self) -> u32 {
        7
    }
}

fn main() {
    let mut disk = Disk;
    disk.reset();
    let _ = disk.status();
}
