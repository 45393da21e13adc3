// backtrace-on-stack-overflow installs `handle_sigsegv` for SIGSEGV and SIGABRT, on an alternate
// stack.
fn main() {
    unsafe { backtrace_on_stack_overflow::enable() };
}
