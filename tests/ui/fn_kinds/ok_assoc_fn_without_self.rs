// Associated fns that name neither `self` nor `Self`, pub and private, in an inherent impl: a
// constructor that sleeps is the most natural place for `#[may_sleep]`.
#![deny(warnings)]

use ctxlock::{may_sleep, nmi_safe};

pub struct Dev {
    fd: u32,
}

impl Dev {
    /// Opens the device; may wait for the driver.
    #[may_sleep]
    pub fn open(path: &str) -> Dev {
        Dev {
            fd: path.len() as u32,
        }
    }

    #[may_sleep]
    fn reopen_all() -> u32 {
        1
    }

    #[may_sleep]
    pub(crate) fn probe_bus() -> u32 {
        2
    }

    #[nmi_safe]
    pub fn max_fd() -> u32 {
        64
    }

    #[nmi_safe]
    fn min_fd() -> u32 {
        3
    }
}

fn main() {
    let dev = Dev::open("/dev/kexec");
    assert!(dev.fd + Dev::reopen_all() + Dev::probe_bus() < Dev::max_fd() + Dev::min_fd());
}
