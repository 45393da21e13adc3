// `#[nmi_safe]` fns call each other by name, path, import, rename and glob.
#![deny(warnings)]

mod fast {
    use ctxlock::nmi_safe;

    #[nmi_safe]
    pub fn count() -> u32 {
        1
    }

    #[nmi_safe]
    pub fn generic<T: Default>() -> T {
        T::default()
    }
}

use ctxlock::nmi_safe;
use fast::count as tally;
use fast::*;

#[nmi_safe]
fn on_crash() -> u32 {
    count() + fast::count() + self::fast::count() + crate::fast::count() + tally() + generic::<u32>()
}

mod inner {
    use ctxlock::nmi_safe;

    #[nmi_safe]
    pub fn via_super() -> u32 {
        super::on_crash() + super::fast::count()
    }
}

fn main() {
    let _ = inner::via_super();
}
