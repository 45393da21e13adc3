// Another crate's fn that locks, and another crate's #[may_sleep] fn behind a local helper.
use ctxlock::nmi_safe;

fn reload_later() {
    cases_dep::reload();
}

#[nmi_safe]
fn handler(code: u64) {
    cases_dep::record(code);
    reload_later();
}

fn main() {
    std::hint::black_box(handler as fn(u64));
}
