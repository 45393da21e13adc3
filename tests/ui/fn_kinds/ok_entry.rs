// `#[nmi_safe(entry)]` returns values, works in methods and with `?`, and leaves NMI context on return.
#![deny(warnings)]

use ctxlock::{in_nmi, nmi_safe, Busy, HybridLock};

static STATE: HybridLock<u32> = HybridLock::new(7);

#[nmi_safe(entry)]
fn handler() -> Result<u32, Busy> {
    assert!(in_nmi());
    Ok(*STATE.try_lock()?)
}

struct Device;

impl Device {
    #[nmi_safe(entry)]
    fn interrupt(&self) -> bool {
        in_nmi()
    }
}

fn main() {
    assert_eq!(handler(), Ok(7));
    assert!(!in_nmi());
    assert!(Device.interrupt());
    assert!(!in_nmi());
}
