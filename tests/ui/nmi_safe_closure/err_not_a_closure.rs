// nmi_safe_closure! takes a closure.
use ctxlock::nmi_safe_closure;

fn main() {
    let _ = nmi_safe_closure!(42);
}
