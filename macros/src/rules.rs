//! What `#[nmi_safe]` rejects by name (rules 1 to 3), and what it tells the user to do instead. Rule 4
//! (`async`, `.await`) is syntax and lives in `check.rs`; rule 5 (calls of `#[may_sleep]` fns) is
//! resolved by the compiler through the probes of `probe.rs`.

/// Rule 1: methods that wait for another thread. `read`/`write` are left out on purpose: as methods
/// they are far more often `ptr::read`/`io::Write::write` than `RwLock`; `RwLock::read` by path is rule 2.
pub(crate) fn blocking_method(name: &str) -> Option<&'static str> {
    Some(match name {
        "lock" | "lock_shared" | "lock_exclusive" | "blocking_lock" | "lock_arc" => {
            "may block until another thread releases the lock; `#[nmi_safe]` code must not wait: use `try_lock()` and handle `Busy`"
        }
        "upgradable_read" | "blocking_read" | "blocking_write" => {
            "may block until the lock is free; `#[nmi_safe]` code must not wait: use the lock's `try_` variant and handle failure"
        }
        "wait" | "wait_while" | "wait_timeout" | "wait_timeout_while" | "wait_timeout_ms" | "wait_for" | "wait_until" => {
            "blocks until another thread wakes it; `#[nmi_safe]` code must not wait: poll an atomic flag instead"
        }
        "join" => {
            "blocks until a thread ends (or, on slices and paths, allocates); neither is allowed in `#[nmi_safe]` code"
        }
        "recv" | "recv_timeout" | "recv_deadline" | "blocking_recv" | "blocking_send" => {
            "blocks until the channel is ready; `#[nmi_safe]` code must not wait: use `try_recv()`/`try_send()`"
        }
        "call_once" | "call_once_force" | "get_or_init" | "get_or_try_init" => {
            "runs an initialiser, and on `Once`/`OnceLock` blocks while another thread runs it; `#[nmi_safe]` code must not: initialise beforehand and read with `get()`"
        }
        "block_on" => "runs a future to completion and may park the thread; `#[nmi_safe]` code must not wait",
        _ => return None,
    })
}

/// Rule 2: paths of fns that sleep or block in the kernel. `segments` are the path's idents without
/// generic arguments.
pub(crate) fn sleeping_path(segments: &[String]) -> Option<&'static str> {
    let last = segments.last()?.as_str();
    let parent = segments.len().checked_sub(2).map(|i| segments[i].as_str());
    let message = match (parent, last) {
        (_, "sleep" | "sleep_ms" | "sleep_until" | "usleep" | "nanosleep" | "clock_nanosleep") => {
            "sleeps; `#[nmi_safe]` code must never sleep: record what is needed and return, and let sleepable code do the rest"
        }
        (_, "park" | "park_timeout" | "park_timeout_ms") => {
            "parks the thread until another one wakes it; `#[nmi_safe]` code must never sleep: poll an atomic flag instead"
        }
        (Some("thread"), "spawn" | "scope") => {
            "allocates and may block; `#[nmi_safe]` code must not start threads: signal a sleepable thread instead"
        }
        // C's allocator by any path, which also catches Rust's `alloc::alloc::realloc`; `free`,
        // a common name in Rust, as `libc::free`.
        (_, "malloc" | "calloc" | "realloc" | "posix_memalign") | (Some("libc"), "free") => {
            "allocates, and the allocator may take a lock; `#[nmi_safe]` code must not: allocate beforehand"
        }
        (_, "waitpid" | "wait4" | "waitid") | (Some("libc"), "wait" | "wait3") => {
            "waits for a child to change state; reap with `WNOHANG` in its options, which returns at once (`libc::waitpid(-1, &mut status, libc::WNOHANG)`, or nix's `waitpid(pid, Some(WaitPidFlag::WNOHANG))`), or wait in sleepable code"
        }
        (_, name) if waits_in_c(parent, name) => {
            "waits by design (async-signal-safe means reentrant, not non-blocking); `#[nmi_safe]` code must never wait: record what is needed in an atomic and return, and let sleepable code wait"
        }
        (_, name) if locks_in_c(name) => {
            "takes a lock in C and is not async-signal-safe, which deadlocks if the signal interrupted its holder; `#[nmi_safe]` code must not call it: use atomics, `HybridLock::try_lock()`, and `libc::write` for output"
        }
        (Some("io") | None, "stdin" | "stdout" | "stderr") => {
            "is used through std's stdio lock, which deadlocks if the signal interrupted a holder; write with `libc::write` instead"
        }
        (Some("process"), "exit") => {
            "runs exit handlers and flushes stdio, which is not async-signal-safe; use `libc::_exit` instead"
        }
        (Some("RwLock"), "read" | "write") => {
            "may block until the lock is free; `#[nmi_safe]` code must not wait: use `try_read()`/`try_write()`"
        }
        (Some("File"), "open" | "create" | "create_new") => {
            "does file I/O, which may sleep in the kernel; `#[nmi_safe]` code must not: open files beforehand"
        }
        (Some(ty), method) if ty.starts_with(char::is_uppercase) => return blocking_method(method),
        // `std::fs::read`, or `fs::read` after `use std::fs`. A module of the user's named `fs` is
        // reached by a longer path (`crate::fs::f`), which is not matched.
        (Some("fs"), _) if segments.len() == 2 || segments[..segments.len() - 2] == ["std"] => {
            "does file I/O, which may sleep in the kernel; `#[nmi_safe]` code must not: prepare files beforehand"
        }
        _ => return None,
    };
    Some(message)
}

/// Whether a call of a fn that waits for a child is told not to: `waitpid`, `wait4` or `waitid` in
/// C's shape (three, four and four arguments), or `wait3` (three), or in nix's shape
/// (`waitpid(pid, Some(WaitPidFlag::WNOHANG))`, `waitid(id, WaitPidFlag::WNOHANG)`), whose options
/// name `WNOHANG`, alone or or-ed with other flags. It then reaps a child that has already changed
/// state, or returns at once. The whole-program check reads the same constant from the IR, through
/// nix's code too.
pub(crate) fn returns_at_once(segments: &[String], args: &[&syn::Expr]) -> bool {
    let options = match (segments.last().map(String::as_str), args.len()) {
        (Some("waitpid"), 3) | (Some("wait4"), 4) => args[2],
        (Some("waitid"), 4) => args[3],
        (Some("wait3"), 3) => args[1],
        (Some("waitpid" | "waitid"), 2) => args[1],
        _ => return false,
    };
    names_wnohang(options)
}

/// `WNOHANG`, `libc::WNOHANG`, `WaitPidFlag::WNOHANG`, a `|` of flags one of which is, or
/// `Some(…)` of one of those.
fn names_wnohang(expr: &syn::Expr) -> bool {
    match expr {
        syn::Expr::Call(call) if call.args.len() == 1 => {
            let some = matches!(&*call.func, syn::Expr::Path(p)
                if p.qself.is_none() && p.path.segments.last().is_some_and(|s| s.ident == "Some"));
            some && names_wnohang(&call.args[0])
        }
        syn::Expr::Path(path) => {
            path.qself.is_none()
                && path
                    .path
                    .segments
                    .last()
                    .is_some_and(|s| s.ident == "WNOHANG")
        }
        syn::Expr::Paren(inner) => names_wnohang(&inner.expr),
        syn::Expr::Group(inner) => names_wnohang(&inner.expr),
        syn::Expr::Binary(binary) if matches!(binary.op, syn::BinOp::BitOr(_)) => {
            names_wnohang(&binary.left) || names_wnohang(&binary.right)
        }
        _ => false,
    }
}

/// C calls whose purpose is to wait: on POSIX's list of async-signal-safe fns or not, a handler that
/// waits for what the interrupted thread would have done waits forever. Names common in Rust code
/// (`poll`, `select`, `flock`) count only when called as `libc::…`; names that exist only in C count
/// by any path.
fn waits_in_c(parent: Option<&str>, name: &str) -> bool {
    let c_only = matches!(
        name,
        "pthread_cond_wait"
            | "pthread_cond_timedwait"
            | "pthread_cond_clockwait"
            | "pthread_join"
            | "pthread_barrier_wait"
            | "sem_wait"
            | "sem_timedwait"
            | "sem_clockwait"
            | "sigsuspend"
            | "sigwait"
            | "sigwaitinfo"
            | "sigtimedwait"
            | "epoll_wait"
            | "epoll_pwait"
    );
    let common = matches!(
        name,
        "pause" | "poll" | "ppoll" | "select" | "pselect" | "flock" | "lockf" | "fsync"
    );
    c_only || (common && parent == Some("libc"))
}

/// C calls that take a lock of their own, or of stdio, and are not async-signal-safe, by any path.
fn locks_in_c(name: &str) -> bool {
    matches!(
        name,
        "pthread_mutex_lock"
            | "pthread_mutex_timedlock"
            | "pthread_mutex_clocklock"
            | "pthread_rwlock_rdlock"
            | "pthread_rwlock_wrlock"
            | "pthread_rwlock_timedrdlock"
            | "pthread_rwlock_timedwrlock"
            | "printf"
            | "fprintf"
            | "puts"
            | "fputs"
            | "fflush"
    )
}

/// Rule 3: macros that take the stdio locks or allocate.
pub(crate) fn forbidden_macro(name: &str) -> Option<&'static str> {
    Some(match name {
        "println" | "print" | "eprintln" | "eprint" => {
            "takes the stdio lock and may allocate, which deadlocks if the signal interrupted a holder; write with `libc::write` (or `write!` into a stack buffer) instead"
        }
        "dbg" => "takes the stderr lock and may allocate; remove it, or log with `libc::write`",
        "format" => "allocates, and the allocator may take a lock; `write!` into a fixed stack buffer instead",
        "vec" => "allocates, and the allocator may take a lock; use an array or a buffer allocated beforehand",
        _ => return None,
    })
}

/// Macros whose arguments are expressions, which `#[nmi_safe]` therefore checks like its own code.
/// Others take arbitrary tokens and are left alone.
pub(crate) fn has_expression_arguments(name: &str) -> bool {
    matches!(
        name,
        "assert"
            | "assert_eq"
            | "assert_ne"
            | "debug_assert"
            | "debug_assert_eq"
            | "debug_assert_ne"
            | "write"
            | "writeln"
            | "format_args"
            | "panic"
            | "unreachable"
            | "todo"
            | "unimplemented"
    )
}

/// Lowercase types, whose associated fns (`u32::from`, `str::from_utf8`, `c_int::from`) look like
/// module paths but cannot be imported from: primitives, and C types by their naming conventions
/// (`c_int`, `size_t`, `pid_t`), which signal handlers use all the time.
pub(crate) fn is_lowercase_type(name: &str) -> bool {
    is_primitive_type(name) || name.starts_with("c_") || name.ends_with("_t")
}

/// The primitive types, which are lowercase and have associated fns.
fn is_primitive_type(name: &str) -> bool {
    matches!(
        name,
        "bool"
            | "char"
            | "str"
            | "f32"
            | "f64"
            | "f16"
            | "f128"
            | "i8"
            | "i16"
            | "i32"
            | "i64"
            | "i128"
            | "isize"
            | "u8"
            | "u16"
            | "u32"
            | "u64"
            | "u128"
            | "usize"
    )
}
