// Fns declared inside the body are separate items: unannotated ones are not checked, and calling
// them is fine.
#![deny(warnings)]

use ctxlock::nmi_safe;

#[nmi_safe]
fn on_crash() -> u32 {
    fn helper() -> u32 {
        // Not `#[nmi_safe]`, so not checked: the checks do not look into callees.
        let lock = std::sync::Mutex::new(1);
        let n = *lock.lock().unwrap();
        n
    }

    #[nmi_safe]
    fn checked_helper() -> u32 {
        helper() + 1
    }

    helper() + checked_helper()
}

fn main() {
    let _ = on_crash();
}
