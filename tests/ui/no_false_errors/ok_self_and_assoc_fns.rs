// `Self::f()` and `Type::assoc()` are associated fns: never probed, never rejected.
#![deny(warnings)]

use ctxlock::{may_sleep, nmi_safe};

struct Ring {
    head: u32,
}

impl Ring {
    fn empty() -> Self {
        Ring { head: 0 }
    }

    fn advance(head: u32) -> u32 {
        head.wrapping_add(1)
    }

    #[may_sleep(no_marker)]
    fn refill() -> u32 {
        0
    }

    #[nmi_safe]
    fn next(&mut self) -> u32 {
        self.head = Self::advance(self.head);
        self.head
    }

    #[nmi_safe]
    fn fresh() -> Self {
        let mut ring = Self::empty();
        ring.head = Ring::advance(ring.head);
        ring
    }
}

#[nmi_safe]
fn use_ring() -> u32 {
    let mut ring = Ring::empty();
    ring.next() + Ring::fresh().head + Option::<u32>::default().unwrap_or(0)
}

fn main() {
    let _ = use_ring() + Ring::refill();
}
