// crash-handler installs `signal_handler` for SIGABRT, SIGBUS, SIGFPE, SIGILL, SIGSEGV and SIGTRAP;
// the user's callback here only says that the crash was handled.
use crash_handler::{make_crash_event, CrashEventResult, CrashHandler};

fn main() {
    let event = unsafe { make_crash_event(|_| CrashEventResult::Handled(true)) };
    let handler = CrashHandler::attach(event).unwrap();
    std::hint::black_box(&handler);
}
