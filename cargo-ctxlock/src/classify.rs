//! What a callee is, from its name: the knowledge of the check, as tables a reviewer can audit on
//! their own. Each row names what it matches, what it is, and why.
//!
//! Rust fns are matched on their demangled path with generic arguments and hashes removed
//! (`std::sync::poison::mutex::Mutex::lock`, `<alloc::string::String as core::fmt::Write>::write_str`);
//! `*` matches any run of characters. Fns compiled from source in this build are only stopped at by
//! the rows of [`RUST`]; everything else is followed into. Fns that arrive precompiled (std, core and
//! alloc's own code, and what they export to share generics) have no body here, so [`PRECOMPILED`]
//! must say what each is, and one it does not know is reported as unknown. C fns go through
//! [`C_SLEEPS`], [`C_ALLOCATES`], [`C_BLOCKS`] and then POSIX's list of async-signal-safe fns.

use crate::posix;

/// What reaching a fn means for an `#[nmi_safe]` root.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Category {
    /// A `#[may_sleep]` fn.
    MaySleep,
    /// Waits for another thread: a lock, a condition, a join.
    Blocks,
    /// Sleeps for a time, or until a signal or event.
    Sleeps,
    /// Allocates or frees through the global allocator.
    Allocates,
    /// Standard input or output, behind a lock.
    Stdio,
    /// A C fn that is not async-signal-safe.
    NotSignalSafe,
    /// A precompiled fn, or inline assembly, that the check knows nothing about.
    Unknown,
    /// An indirect call with no candidate callee in the program.
    Unresolved,
    /// A panic: the hook runs, and it locks and allocates. Reported only with `--panics`.
    Panics,
}

impl Category {
    /// How a message says it: "`on_fault` {verb}".
    pub fn verb(self) -> &'static str {
        match self {
            Category::MaySleep => "may sleep",
            Category::Blocks => "may block",
            Category::Sleeps => "sleeps",
            Category::Allocates => "uses the heap",
            Category::Stdio => "uses stdio",
            Category::NotSignalSafe => "calls a fn that is not async-signal-safe",
            Category::Unknown => "reaches code the check cannot see into",
            Category::Unresolved => "makes an indirect call the check cannot resolve",
            Category::Panics => "may panic",
        }
    }

    /// What to do instead.
    pub fn help(self) -> &'static str {
        match self {
            Category::MaySleep => "call a non-blocking alternative (one built on `try_lock()` that returns `Busy`), or move the call to sleepable code",
            Category::Blocks => "use `HybridLock::try_lock()` and handle `Busy`, or an atomic; never wait in NMI context",
            Category::Sleeps => "record what is needed in an atomic and return; let sleepable code do the rest",
            Category::Allocates => "use a fixed buffer on the stack or in a static, and types that do not own heap memory",
            Category::Stdio => "write to the file descriptor with `libc::write`, from a stack buffer",
            Category::NotSignalSafe => "use only the functions POSIX lists as async-signal-safe (signal-safety(7))",
            Category::Unknown => "if this is safe, wrap the call in `nmi_unchecked!(\"why\", …)`; otherwise avoid it in NMI context",
            Category::Unresolved => "call the fn directly, or wrap the call in `nmi_unchecked!(\"why\", …)` after review",
            Category::Panics => "avoid the panic (check bounds, use `checked_*`, `get`), or set `panic = \"abort\"`",
        }
    }

    /// A stable name, for the JSON `code` and for tests.
    pub fn code(self) -> &'static str {
        match self {
            Category::MaySleep => "may_sleep",
            Category::Blocks => "blocks",
            Category::Sleeps => "sleeps",
            Category::Allocates => "allocates",
            Category::Stdio => "stdio",
            Category::NotSignalSafe => "not_signal_safe",
            Category::Unknown => "unknown",
            Category::Unresolved => "unresolved",
            Category::Panics => "panics",
        }
    }
}

/// What the check does on reaching a fn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    /// A violation, with the reason the message gives.
    Sink(Category, &'static str),
    /// Fine in NMI context: nothing to follow.
    Safe,
    /// Precompiled code that calls back into what it is given (a `fmt::Write`, `Display` impls, a
    /// thread-local's initialiser): followed into every fn whose address the root's code takes.
    Callback,
    /// Compiled from source: follow its calls.
    Follow,
}

use Category::*;
use Class::*;

/// Rows for fns compiled from source in this build; the first match wins.
pub const RUST: &[(&str, Class)] = &[
    // ctxlock's own lock: the blocking face, and the wake-up in its release.
    ("ctxlock_runtime::*HybridLock::lock", Sink(Blocks, "waits until the holder releases the lock, which never happens if the holder is the thread this handler interrupted")),
    ("<ctxlock_runtime::*RawHybridLock as lock_api::*>::lock", Sink(Blocks, "waits until the holder releases the lock")),
    ("ctxlock_runtime::*wake*", Safe), // One FUTEX_WAKE system call: async-signal-safe, never waits.
    ("ctxlock_runtime::*membarrier*", Safe), // One membarrier(2) system call on the sleeper's side.
    // std's locks and waits. Most are generic, so their bodies are compiled here; stop at the API.
    ("std::sync::*Mutex::lock", Sink(Blocks, "waits for the lock; if this handler interrupted its holder, forever")),
    ("std::sync::*ReentrantLock::lock", Sink(Blocks, "waits for the lock held by another thread")),
    ("std::sync::*RwLock::read", Sink(Blocks, "waits while a writer holds the lock")),
    ("std::sync::*RwLock::write", Sink(Blocks, "waits while anyone holds the lock")),
    ("std::sync::*Condvar::wait*", Sink(Blocks, "sleeps until another thread notifies it")),
    ("std::sync::*Barrier::wait", Sink(Blocks, "waits for the other threads")),
    ("std::sync::*Once::call_once*", Sink(Blocks, "waits while another thread runs the initialiser")),
    ("std::sync::*OnceLock::get_or_init", Sink(Blocks, "waits while another thread initialises it, and runs the initialiser here")),
    ("std::sync::*OnceLock::get_or_try_init", Sink(Blocks, "waits while another thread initialises it")),
    ("std::sync::*OnceLock::initialize", Sink(Blocks, "waits while another thread initialises it")),
    ("std::sync::*OnceLock::set", Sink(Blocks, "waits while another thread initialises it")),
    ("std::sync::*LazyLock::force", Sink(Blocks, "waits while another thread initialises it")),
    ("<std::sync::*LazyLock as core::ops::deref::Deref*>::deref*", Sink(Blocks, "the first access initialises it, waiting for any other thread doing so")),
    ("std::sync::mpsc::*::recv*", Sink(Blocks, "waits for a message")),
    ("std::sync::mpmc::*::recv*", Sink(Blocks, "waits for a message")),
    ("std::sync::mpsc::*SyncSender::send", Sink(Blocks, "waits while the channel is full")),
    ("std::thread::sleep*", Sink(Sleeps, "sleeps")),
    ("std::thread::park*", Sink(Sleeps, "parks the thread until another one unparks it")),
    ("std::thread::*JoinHandle::join", Sink(Blocks, "waits for the thread to finish")),
    ("std::thread::spawn*", Sink(Blocks, "creates a thread: allocates, and takes locks in the C library")),
    ("std::thread::*Builder::spawn*", Sink(Blocks, "creates a thread: allocates, and takes locks in the C library")),
    ("std::thread::scope*", Sink(Blocks, "waits for the scoped threads")),
    // std's stdio: behind a reentrant lock, and buffered on the heap.
    ("std::io::stdio::*", Sink(Stdio, "takes the stdio lock, which the interrupted thread may hold, and may allocate its buffer")),
    ("<std::io::stdio::* as *>::*", Sink(Stdio, "takes the stdio lock, which the interrupted thread may hold")),
    ("<&std::io::stdio::* as *>::*", Sink(Stdio, "takes the stdio lock, which the interrupted thread may hold")),
    // parking_lot and lock_api: the blocking API of every lock_api lock.
    ("lock_api::*Mutex::lock", Sink(Blocks, "waits for the lock")),
    ("lock_api::*ReentrantMutex::lock", Sink(Blocks, "waits for the lock")),
    ("lock_api::*RwLock::read*", Sink(Blocks, "waits while a writer holds the lock")),
    ("lock_api::*RwLock::write", Sink(Blocks, "waits while anyone holds the lock")),
    ("lock_api::*RwLock::upgradable_read", Sink(Blocks, "waits for the lock")),
    ("lock_api::*::upgrade", Sink(Blocks, "waits for the readers to leave")),
    ("<* as lock_api::*>::lock*", Sink(Blocks, "waits for the lock")),
    ("parking_lot::*Condvar::wait*", Sink(Blocks, "sleeps until another thread notifies it")),
    ("parking_lot::*Once::call_once*", Sink(Blocks, "waits while another thread runs the initialiser")),
    ("parking_lot_core::*", Sink(Blocks, "parks the thread on a global hash table of queues")),
    // spin: its `lock()` spins forever if the holder is the thread this handler interrupted.
    ("spin::*::lock", Sink(Blocks, "spins until the holder releases it, which never happens if the holder is the interrupted thread")),
    ("spin::*::read", Sink(Blocks, "spins while a writer holds it")),
    ("spin::*::write", Sink(Blocks, "spins while anyone holds it")),
    ("spin::*::upgradeable_read", Sink(Blocks, "spins while a writer holds it")),
    ("spin::*Once::call_once", Sink(Blocks, "spins while another thread runs the initialiser")),
    ("spin::*Lazy as core::ops::deref::Deref*", Sink(Blocks, "spins while another thread initialises it")),
    // once_cell's blocking cell.
    ("once_cell::sync::*::get_or_init", Sink(Blocks, "waits while another thread initialises it")),
    ("<once_cell::sync::Lazy* as core::ops::deref::Deref*>::deref", Sink(Blocks, "waits while another thread initialises it")),
    // std's aborts: `abort` raises SIGABRT, which is async-signal-safe.
    ("std::process::abort", Safe),
    ("std::process::exit", Sink(NotSignalSafe, "runs atexit handlers and flushes stdio; use `libc::_exit`")),
    // The panic machinery: the hook locks and allocates.
    ("core::panicking::*", Sink(Panics, "panics: the panic hook locks and allocates")),
    ("std::panicking::begin_panic*", Sink(Panics, "panics: the panic hook locks and allocates")),
    ("std::panicking::panic_count::*", Safe), // Reads a thread-local counter.
    ("std::panicking::*", Sink(Panics, "panics: the panic hook locks and allocates")),
    ("std::rt::begin_panic*", Sink(Panics, "panics: the panic hook locks and allocates")),
];

/// Rows for precompiled fns (no body in this build); the first match wins. Checked after [`RUST`], whose
/// rows (stdio, the panic machinery, `abort`) hold for precompiled fns too and are not repeated here.
pub const PRECOMPILED: &[(&str, Class)] = &[
    // The global allocator's entry points, whatever the allocator is.
    (
        "__rustc::__rust_alloc*",
        Sink(
            Allocates,
            "allocates through the global allocator, which may take a lock",
        ),
    ),
    (
        "__rustc::__rust_realloc",
        Sink(
            Allocates,
            "reallocates through the global allocator, which may take a lock",
        ),
    ),
    (
        "__rustc::__rust_dealloc",
        Sink(
            Allocates,
            "frees through the global allocator, which may take a lock",
        ),
    ),
    ("__rustc::__rust_no_alloc_shim_is_unstable*", Safe), // A marker the allocator shim reads.
    (
        "__rustc::__rust_alloc_error_handler*",
        Sink(Allocates, "is the allocation-failure path"),
    ),
    (
        "__rust_alloc*",
        Sink(
            Allocates,
            "allocates through the global allocator, which may take a lock",
        ),
    ),
    (
        "__rust_realloc",
        Sink(
            Allocates,
            "reallocates through the global allocator, which may take a lock",
        ),
    ),
    (
        "__rust_dealloc",
        Sink(
            Allocates,
            "frees through the global allocator, which may take a lock",
        ),
    ),
    ("__rust_no_alloc_shim_is_unstable*", Safe),
    ("__rust_probestack", Safe), // Touches stack pages; no call out.
    (
        "alloc::alloc::handle_alloc_error",
        Sink(
            Panics,
            "is the allocation-failure path: the alloc error hook, then abort",
        ),
    ),
    (
        "alloc::raw_vec::handle_error",
        Sink(Panics, "is the allocation-failure path"),
    ),
    (
        "alloc::raw_vec::capacity_overflow",
        Sink(Panics, "panics on capacity overflow"),
    ),
    // alloc's precompiled code is the heap's: `Vec` growth, `String`, `format!`, the drops of both.
    (
        "alloc::*",
        Sink(
            Allocates,
            "is precompiled `alloc` code, which grows or frees heap memory",
        ),
    ),
    (
        "<alloc::* as *>::*",
        Sink(
            Allocates,
            "is precompiled `alloc` code, which grows or frees heap memory",
        ),
    ),
    (
        "<* as alloc::*>::*",
        Sink(Allocates, "is precompiled `alloc` code, which allocates"),
    ),
    (
        "<[*] as alloc::*>::*",
        Sink(Allocates, "is precompiled `alloc` code, which allocates"),
    ),
    (
        "<str as alloc::*>::*",
        Sink(Allocates, "is precompiled `alloc` code, which allocates"),
    ),
    ("str::to_*", Sink(Allocates, "returns a new `String`")),
    ("str::repeat", Sink(Allocates, "returns a new `String`")),
    ("str::replace*", Sink(Allocates, "returns a new `String`")),
    (
        "core::ptr::drop_in_place::<alloc::*",
        Sink(
            Allocates,
            "drops a value that owns heap memory, and so frees it",
        ),
    ),
    (
        "core::ptr::drop_in_place::<std::*",
        Sink(Allocates, "drops a std value that may own heap memory"),
    ),
    // core has no allocator and makes no system call: its precompiled fns can only panic or call back.
    (
        "core::option::expect_failed",
        Sink(Panics, "panics: the panic hook locks and allocates"),
    ),
    (
        "core::option::unwrap_failed",
        Sink(Panics, "panics: the panic hook locks and allocates"),
    ),
    (
        "core::result::unwrap_failed",
        Sink(Panics, "panics: the panic hook locks and allocates"),
    ),
    (
        "core::cell::panic_already_*",
        Sink(Panics, "panics: the panic hook locks and allocates"),
    ),
    (
        "core::slice::index::*fail*",
        Sink(Panics, "panics on an index out of bounds"),
    ),
    ("core::slice::*fail*", Sink(Panics, "panics")),
    (
        "core::str::slice_error_fail*",
        Sink(Panics, "panics on a bad string slice"),
    ),
    ("core::str::*fail*", Sink(Panics, "panics")),
    ("core::char::*fail*", Sink(Panics, "panics")),
    ("core::fmt::*", Callback),
    ("<core::fmt::*>::*", Callback),
    ("<* as core::fmt::*>::*", Callback),
    ("core::*", Safe),
    ("<core::*>::*", Safe),
    ("<* as core::*>::*", Safe),
    // The inherent methods of primitive types are core's (alloc's `str` methods are matched above).
    ("<[*]>::*", Safe),
    ("[*]::*", Safe),
    ("str::*", Safe),
    ("char::*", Safe),
    ("bool::*", Safe),
    ("f32::*", Safe),
    ("f64::*", Safe),
    ("i8::*", Safe),
    ("i16::*", Safe),
    ("i32::*", Safe),
    ("i64::*", Safe),
    ("i128::*", Safe),
    ("isize::*", Safe),
    ("u8::*", Safe),
    ("u16::*", Safe),
    ("u32::*", Safe),
    ("u64::*", Safe),
    ("u128::*", Safe),
    ("usize::*", Safe),
    // std: what a handler may meet, each with its reason; the rest is unknown.
    ("std::process::id", Safe), // getpid(2), on POSIX's list.
    ("std::sys::*::abort_internal", Safe),
    ("std::sys::abort_internal", Safe),
    ("std::sys::*::os::errno", Safe), // Reads errno.
    ("std::sys::*::os::set_errno", Safe),
    ("std::sys::*time*::now", Safe), // clock_gettime(2), on POSIX's list.
    ("<std::time::* as core::*>::*", Safe),
    ("std::time::Instant::*", Safe),
    ("std::time::Duration::*", Safe),
    (
        "std::sys::sync::*",
        Sink(Blocks, "is std's internal lock or wait"),
    ),
    (
        "<std::sys::sync::*>::*",
        Sink(Blocks, "is std's internal lock or wait"),
    ),
    (
        "std::sync::*",
        Sink(Blocks, "is std's synchronisation, which may block"),
    ),
    (
        "<std::sync::*>::*",
        Sink(Blocks, "is std's synchronisation, which may block"),
    ),
    (
        "std::thread::local::panic_access_error",
        Sink(
            Panics,
            "panics: a thread-local used after its destructor ran",
        ),
    ),
    (
        "std::thread::*",
        Sink(Blocks, "manages threads, which allocates and takes locks"),
    ),
    (
        "<std::thread::*>::*",
        Sink(Blocks, "manages threads, which allocates and takes locks"),
    ),
    (
        "std::sys::thread_local::*",
        Sink(
            Allocates,
            "initialises a thread-local: may allocate and register its destructor",
        ),
    ),
    (
        "<std::io::stdio::*>::*",
        Sink(
            Stdio,
            "takes the stdio lock, which the interrupted thread may hold",
        ),
    ),
    ("std::env::*", Sink(Blocks, "takes the environment lock")),
    (
        "std::rt::*",
        Sink(Panics, "is the runtime's panic and startup code"),
    ),
    ("std::alloc::*", Sink(Allocates, "is the global allocator")),
    ("__rdl_*", Sink(Allocates, "is the system allocator")),
    ("__rg_*", Sink(Allocates, "is the global allocator")),
];

/// C fns that sleep or wait, on POSIX's list or not: reported as sleeping.
pub const C_SLEEPS: &[&str] = &[
    "sleep",
    "usleep",
    "nanosleep",
    "clock_nanosleep",
    "pause",
    "sigsuspend",
    "sigpause",
    "sigwait",
    "sigwaitinfo",
    "sigtimedwait",
    "wait",
    "waitpid",
    "waitid",
    "wait3",
    "wait4",
    "aio_suspend",
    "poll",
    "ppoll",
    "select",
    "pselect",
    "epoll_wait",
    "epoll_pwait",
    "accept",
    "accept4",
    "tcdrain",
    "sched_yield",
    "pthread_join",
    "pthread_cond_wait",
    "pthread_cond_timedwait",
    "sem_wait",
    "sem_timedwait",
    "flock",
    "lockf",
];

/// C fns of the heap.
pub const C_ALLOCATES: &[&str] = &[
    "malloc",
    "calloc",
    "realloc",
    "reallocarray",
    "free",
    "posix_memalign",
    "aligned_alloc",
    "memalign",
    "valloc",
    "pvalloc",
    "malloc_usable_size",
    "strdup",
    "strndup",
    "asprintf",
    "vasprintf",
    "getline",
    "getdelim",
];

/// C fns that take a lock.
pub const C_BLOCKS: &[&str] = &[
    "pthread_mutex_lock",
    "pthread_mutex_timedlock",
    "pthread_rwlock_rdlock",
    "pthread_rwlock_wrlock",
    "pthread_rwlock_timedrdlock",
    "pthread_rwlock_timedwrlock",
    "pthread_spin_lock",
    "pthread_once",
    "pthread_barrier_wait",
    "flockfile",
    "fflush",
    "printf",
    "fprintf",
    "puts",
    "fputs",
    "putchar",
    "fwrite",
    "fread",
    "fgets",
    "exit",
    "dlopen",
    "dlsym",
    "dlclose",
    "syslog",
];

/// Linux and glibc fns that are not on POSIX's list but are one system call or a register read, and so
/// async-signal-safe in practice.
pub const C_LINUX_SAFE: &[(&str, &str)] = &[
    ("__errno_location", "returns the thread's errno address"),
    ("gettid", "the gettid(2) system call"),
    ("__tls_get_addr", "the address of a thread-local; the dynamic loader may allocate on a dlopen'ed library's first access"),
    ("sigaltstack", "the sigaltstack(2) system call"),
    ("prctl", "the prctl(2) system call"),
    ("setrlimit", "the setrlimit(2) system call"),
    ("getrlimit", "the getrlimit(2) system call"),
    ("mprotect", "the mprotect(2) system call"),
    ("madvise", "the madvise(2) system call"),
    ("syscall", "one raw system call; which one is not checked"),
];

/// Classifies a Rust fn by its normalized path; `precompiled` when the build has no body for it.
pub fn rust(path: &str, precompiled: bool) -> Class {
    if let Some(class) = lookup(RUST, path) {
        return class;
    }
    if precompiled {
        return lookup(PRECOMPILED, path).unwrap_or(Sink(
            Unknown,
            "is precompiled, and not in ctxlock's table of std, core and alloc fns",
        ));
    }
    Follow
}

/// Classifies a C fn (or any symbol that is not Rust's) by name.
pub fn c(symbol: &str) -> Class {
    if symbol.starts_with("llvm.") {
        return Safe; // LLVM intrinsics: arithmetic, memcpy and friends (on POSIX's list), traps.
    }
    if C_SLEEPS.contains(&symbol) {
        return Sink(
            Sleeps,
            "sleeps or waits (async-signal-safe means reentrant, not non-blocking)",
        );
    }
    if C_ALLOCATES.contains(&symbol) {
        return Sink(Allocates, "uses the C heap, which takes a lock");
    }
    if C_BLOCKS.contains(&symbol) {
        return Sink(Blocks, "takes a lock in the C library");
    }
    if posix::ASYNC_SIGNAL_SAFE.contains(&symbol)
        || C_LINUX_SAFE.iter().any(|(name, _)| *name == symbol)
    {
        return Safe;
    }
    if let Some(class) = lookup(PRECOMPILED, symbol) {
        return class;
    }
    Sink(
        NotSignalSafe,
        "is not on POSIX's list of async-signal-safe functions (signal-safety(7))",
    )
}

fn lookup(table: &[(&str, Class)], path: &str) -> Option<Class> {
    table
        .iter()
        .find(|(pattern, _)| glob(pattern, path))
        .map(|&(_, class)| class)
}

/// `*` matches any run of characters, anchored at both ends.
pub fn glob(pattern: &str, text: &str) -> bool {
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or("");
    let Some(mut rest) = text.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    for (i, part) in parts.iter().enumerate() {
        if i == parts.len() - 1 {
            return rest.ends_with(part);
        }
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.is_empty()
}

/// A demangled Rust path without hashes and generic arguments, the way the tables spell it:
/// `<std::sync::poison::mutex::Mutex<u32>>::lock` becomes `std::sync::poison::mutex::Mutex::lock`.
pub fn normalize(demangled: &str) -> String {
    let mut out = String::with_capacity(demangled.len());
    let chars: Vec<char> = demangled.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let after_name = out
            .chars()
            .last()
            .is_some_and(|p| p.is_alphanumeric() || p == '_' || p == '}');
        // Generic arguments follow a name (`Vec<u8>`, `f::<T>`); a `<` that opens a qualified path
        // (`<T as Trait>::f`) follows `::`, `(`, `, ` or nothing, and is kept.
        let turbofish = out.ends_with("::")
            && out.len() > 2
            && chars.get(i) == Some(&'<')
            && is_turbofish(&out);
        if c == '<' && (after_name || turbofish) {
            if turbofish {
                out.truncate(out.len() - 2);
            }
            i = skip_generics(&chars, i);
            continue;
        }
        out.push(c);
        i += 1;
    }
    // `<Type>::method` is an inherent method: the brackets add nothing.
    if let Some(inner) = out.strip_prefix('<') {
        if let Some(end) = matching(inner) {
            let ty = &inner[..end];
            if !ty.contains(" as ") && inner[end + 1..].starts_with("::") {
                return format!("{ty}{}", &inner[end + 1..]);
            }
        }
    }
    out
}

/// `drop_in_place::<T>` keeps its type: it says what is dropped. Other turbofishes go.
fn is_turbofish(out: &str) -> bool {
    !out.ends_with("drop_in_place::")
}

fn skip_generics(chars: &[char], start: usize) -> usize {
    let mut depth = 0;
    let mut i = start;
    while i < chars.len() {
        match chars[i] {
            '-' if chars.get(i + 1) == Some(&'>') => i += 1,
            '<' => depth += 1,
            '>' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    chars.len()
}

/// The index of the `>` that closes a `<` just before `text`.
fn matching(text: &str) -> Option<usize> {
    let mut depth = 1;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'-' if bytes.get(i + 1) == Some(&b'>') => i += 1,
            b'<' => depth += 1,
            b'>' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The demangled path of a Rust symbol (without its hash), or `None` for other symbols.
pub fn demangle(symbol: &str) -> Option<String> {
    if !(symbol.starts_with("_ZN") || symbol.starts_with("_R")) {
        return None;
    }
    rustc_demangle::try_demangle(symbol)
        .ok()
        .map(|d| format!("{d:#}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_the_shapes_rustc_prints() {
        let cases = [
            (
                "std::sync::poison::mutex::Mutex<T>::lock",
                "std::sync::poison::mutex::Mutex::lock",
            ),
            (
                "<std::sys::sync::mutex::futex::Mutex>::lock_contended",
                "std::sys::sync::mutex::futex::Mutex::lock_contended",
            ),
            (
                "<alloc::vec::Vec<u8> as core::ops::drop::Drop>::drop",
                "<alloc::vec::Vec as core::ops::drop::Drop>::drop",
            ),
            (
                "core::ptr::drop_in_place::<alloc::string::String>",
                "core::ptr::drop_in_place::<alloc::string::String>",
            ),
            (
                "core::ptr::drop_in_place<alloc::string::String>",
                "core::ptr::drop_in_place",
            ),
            ("app::run::<app::Atomic>", "app::run"),
            (
                "<fn() -> u32 as core::ops::function::FnOnce<()>>::call_once",
                "<fn() -> u32 as core::ops::function::FnOnce>::call_once",
            ),
            ("app::main::{{closure}}", "app::main::{{closure}}"),
        ];
        for (input, expected) in cases {
            assert_eq!(normalize(input), expected, "{input}");
        }
    }

    #[test]
    fn globs_are_anchored() {
        assert!(glob(
            "std::sync::*Mutex::lock",
            "std::sync::poison::mutex::Mutex::lock"
        ));
        assert!(!glob(
            "std::sync::*Mutex::lock",
            "std::sync::poison::mutex::Mutex::try_lock"
        ));
        assert!(!glob(
            "std::sync::*Mutex::lock",
            "std::sync::poison::mutex::Mutex::lock::{{closure}}"
        ));
        assert!(glob("core::*", "core::fmt::write"));
        assert!(glob("a*b*c", "aXbYc"));
        assert!(!glob("a*b*c", "aXcYb"));
    }

    #[test]
    fn c_fns_follow_posix() {
        assert_eq!(c("write"), Safe);
        assert_eq!(c("abort"), Safe);
        assert!(matches!(c("nanosleep"), Sink(Sleeps, _)));
        assert!(matches!(c("sleep"), Sink(Sleeps, _)));
        assert!(matches!(c("malloc"), Sink(Allocates, _)));
        assert!(matches!(c("pthread_mutex_lock"), Sink(Blocks, _)));
        assert!(matches!(c("printf"), Sink(Blocks, _)));
        assert!(matches!(c("strerror"), Sink(NotSignalSafe, _)));
    }

    #[test]
    fn the_lock_has_two_faces() {
        assert!(matches!(
            rust("ctxlock_runtime::lock::HybridLock::lock", false),
            Sink(Blocks, _)
        ));
        assert_eq!(
            rust("ctxlock_runtime::lock::HybridLock::try_lock", false),
            Follow
        );
        assert_eq!(
            rust("ctxlock_runtime::raw::RawHybridLock::wake", false),
            Safe
        );
        assert!(matches!(
            rust("std::sync::poison::mutex::Mutex::lock", false),
            Sink(Blocks, _)
        ));
        assert!(matches!(
            rust("std::io::stdio::_print", true),
            Sink(Stdio, _)
        ));
        assert_eq!(rust("core::fmt::write", true), Callback);
        assert!(matches!(
            rust("std::os::unix::thing", true),
            Sink(Unknown, _)
        ));
    }
}
