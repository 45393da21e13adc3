// The rules of #[nmi_safe] inside nmi_safe_closure!: each violation at its tokens.
use ctxlock::{may_sleep, nmi_safe_closure, HybridLock};

static STATE: HybridLock<u32> = HybridLock::new(0);

#[may_sleep]
pub fn reload() {}

fn main() {
    let handler = nmi_safe_closure!(move |signal: u32| {
        *STATE.lock() = signal;
        println!("signal {signal}");
        reload();
    });
    handler(1);
}
