// Both attributes on fns declared inside another fn's body, as in a doctest; calls between them.
#![deny(warnings)]

fn main() {
    use ctxlock::{may_sleep, nmi_safe, HybridLock};

    static STATE: HybridLock<u32> = HybridLock::new(0);

    #[may_sleep]
    fn load() {
        *STATE.lock() = 1;
    }

    #[nmi_safe]
    fn peek() -> u32 {
        STATE.try_lock().map_or(0, |s| *s)
    }

    #[nmi_safe(entry)]
    fn handler() -> u32 {
        peek()
    }

    load();
    assert_eq!(handler(), 1);
}
