//! What a callee is, from its name: the knowledge of the check, as tables a reviewer can audit on
//! their own. Each row names what it matches, what it is, and why.
//!
//! Rust fns are matched on their demangled path with generic arguments and hashes removed
//! (`std::sync::poison::mutex::Mutex::lock`, `<alloc::string::String as core::fmt::Write>::write_str`);
//! `*` matches any run of characters. A linked program is read whole, std's code included, so most
//! fns have a body and are followed into: only [`SEMANTIC`] stops there, at the APIs whose purpose is
//! to wait, to lock, to use stdio or the heap, whatever their code looks like. What has no body is a
//! leaf: C fns go through [`C_SLEEPS`], [`C_ALLOCATES`], [`C_BLOCKS`], POSIX's list and
//! [`C_LINUX_SAFE`], and `syscall`/`fcntl` by their argument ([`SYSCALLS`], [`FUTEX_OPS`],
//! [`FCNTL_WAITS`]); precompiled Rust fns (a library checked alone) go through [`PRECOMPILED`], and one
//! it does not name is reported as unknown. No row says "safe" for more than it names, with its reason.
//!
//! # System calls and C
//!
//! - A call whose purpose is to wait is reported, on POSIX's list or not: sleeps, `poll`/`select`/
//!   `epoll_wait`, `wait*`, `sigsuspend`/`pause`/`sigwait*`, `flock`/`lockf`/`fcntl(F_SETLKW)`,
//!   `sem_wait`, `tcdrain`, `fsync`/`fdatasync` (the disk, even on a non-blocking descriptor), and
//!   futex waits. The same goes for `syscall(N)`, which is named by its number and, for futex, its
//!   operation; a number the tables do not name, or one that is not a constant, is reported as unknown.
//! - A wait for a child (`waitpid`, `wait3`, `wait4`, `waitid`, and `syscall(SYS_wait4/SYS_waitid)`)
//!   whose options are a constant with `WNOHANG` does not wait: it is the classic SIGCHLD reaper, on
//!   POSIX's list, and safe. Options that are not a constant in the IR (passed on as a variable, as
//!   `nix::sys::wait::waitpid` does) make the call a wait here; `paths.rs` then runs the root's
//!   code to see whether a constant with `WNOHANG` is what reaches it on every path.
//! - File-descriptor I/O (`read`, `write`, `send*`, `recv*`, `accept`, `connect`, `open`) is allowed,
//!   as POSIX allows it: whether it waits is the descriptor's `O_NONBLOCK`, set elsewhere, and writing
//!   a byte to a non-blocking pipe or socket is what real async-signal-safe handlers do. A handler that
//!   reads a blocking descriptor is not caught: that is the hole this rule leaves.
//! - `__tls_get_addr` has no row, so it would be reported as not async-signal-safe: glibc's dynamic TLS
//!   allocates on a thread's first access to a `dlopen`ed library's thread-local. rustc's IR accesses
//!   thread-locals as globals, so the call does not appear in it.
//! - The numbers are the host's architecture's (x86_64 and aarch64 differ): a `--target` of another
//!   architecture has its system calls misnamed. Linux with glibc is what the tables are written for.

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
            Category::Panics => "avoid the panic: check bounds, use `checked_*` and `get` (`panic = \"abort\"` does not help: the panic hook runs before the abort)",
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
            Category::Panics => "panics",
        }
    }
}

/// What the check does on reaching a fn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    /// A violation, with the reason the message gives.
    Sink(Category, &'static str),
    /// Fine in NMI context, for the reason given: nothing to follow.
    Safe(&'static str),
    /// Precompiled code that calls back into what it is given (a `fmt::Write`, `Display` impls, a
    /// thread-local's initialiser): followed into every fn whose address the root's code takes.
    Callback,
    /// Compiled from source: follow its calls.
    Follow,
}

use Category::*;
use Class::*;

/// Rows that hold for a fn whatever its build: compiled here, read from std's own code through LTO,
/// or precompiled. They are the semantic sinks, the APIs whose purpose is to wait, to lock, to use
/// stdio or the heap, and the few std fns whose code the check would misread; the first match wins.
/// A fn none of them matches is followed into when it has a body.
#[rustfmt::skip]
pub const SEMANTIC: &[(&str, Class)] = &[
    // ctxlock's own lock: the blocking face. Its release is read from its code: one FUTEX_WAKE.
    ("ctxlock_runtime::*HybridLock::lock", Sink(Blocks, "waits until the holder releases the lock, which never happens if the holder is the thread this handler interrupted")),
    ("<ctxlock_runtime::*RawHybridLock as lock_api::*>::lock", Sink(Blocks, "waits until the holder releases the lock")),
    // std's locks and waits: stopped at the API, so that the message names what the user called.
    // `try_lock`, the guards' release (one FUTEX_WAKE) and `Condvar::notify_*` (an atomic add and one
    // FUTEX_WAKE) match nothing here: their code is followed, and it is clean.
    ("std::sync::*Mutex::lock", Sink(Blocks, "waits for the lock; if this handler interrupted its holder, forever")),
    ("std::sync::*ReentrantLock::lock", Sink(Blocks, "waits for the lock held by another thread")),
    ("std::sync::*RwLock::read", Sink(Blocks, "waits while a writer holds the lock")),
    ("std::sync::*RwLock::write", Sink(Blocks, "waits while anyone holds the lock")),
    ("std::sync::*Condvar::wait*", Sink(Blocks, "sleeps until another thread notifies it")),
    ("std::sync::*Barrier::wait", Sink(Blocks, "waits for the other threads")),
    ("std::sync::*Once::call_once*", Sink(Blocks, "waits while another thread runs the initialiser")),
    ("std::sync::*OnceLock::get_or_init", Sink(Blocks, "waits while another thread initialises it, and runs the initialiser here")),
    ("std::sync::*OnceLock::initialize", Sink(Blocks, "waits while another thread initialises it")),
    ("std::sync::*OnceLock::set", Sink(Blocks, "waits while another thread initialises it")),
    ("std::sync::*LazyLock::force", Sink(Blocks, "waits while another thread initialises it")),
    ("<std::sync::*LazyLock as core::ops::deref::Deref*>::deref*", Sink(Blocks, "initialises it on the first access, waiting for any other thread doing so")),
    ("std::sync::mpsc::*::recv*", Sink(Blocks, "waits for a message")),
    ("std::sync::mpmc::*::recv*", Sink(Blocks, "waits for a message")),
    ("std::sync::mpsc::*SyncSender::send", Sink(Blocks, "waits while the channel is full")),
    // std's thread fns live in `std::thread::functions`.
    ("std::thread::functions::sleep*", Sink(Sleeps, "sleeps")),
    ("std::thread::functions::park*", Sink(Sleeps, "parks the thread until another one unparks it")),
    ("std::thread::*JoinHandle::join", Sink(Blocks, "waits for the thread to finish")),
    ("std::thread::*JoinInner::join", Sink(Blocks, "waits for the thread to finish")),
    ("std::thread::functions::spawn*", Sink(Blocks, "creates a thread: allocates, and takes locks in the C library")),
    ("std::thread::*Builder::spawn*", Sink(Blocks, "creates a thread: allocates, and takes locks in the C library")),
    ("std::thread::scoped::scope*", Sink(Blocks, "waits for the scoped threads")),
    // A thread-local's `LocalKey` methods call the key's accessor through a fn pointer in the key,
    // the static that `thread_local!` made and the caller's code names: they call back into the fns
    // whose address the caller takes, which is that accessor (a lazy one registers its destructor on
    // a thread's first access, and is reported there). Otherwise they only panic on an access after
    // the destructor ran.
    ("std::thread::local::LocalKey::*", Callback),
    // core's formatting engine does nothing but call the `fmt::Write` and `Display`/`Debug` impls it
    // is handed, through the `Arguments` and `&mut dyn Write` its caller builds: it calls back into
    // the fns whose address the caller's chain takes, not into every fn of that shape in the
    // program. Generic fns of `core::fmt` (`Write::write_fmt`, `Argument::new_display`) call or take
    // their impl directly, and are followed as code.
    ("core::fmt::write", Callback),
    ("core::fmt::Formatter::*", Callback),
    ("<core::fmt::Formatter as core::fmt::Write>::*", Callback),
    ("core::fmt::builders::*", Callback),
    // std's stdio: behind a reentrant lock, and buffered on the heap.
    ("std::io::stdio::*", Sink(Stdio, "takes the stdio lock, which the interrupted thread may hold, and may allocate its buffer")),
    ("<std::io::stdio::* as *>::*", Sink(Stdio, "takes the stdio lock, which the interrupted thread may hold")),
    ("<&std::io::stdio::* as *>::*", Sink(Stdio, "takes the stdio lock, which the interrupted thread may hold")),
    // The global allocator's entry points, whatever the allocator is and whether or not its code is
    // here. (Older toolchains name them without `__rustc::`: their code is then followed to
    // `malloc` and `free`, which are reported as well.)
    ("__rustc::__rust_no_alloc_shim_is_unstable*", Safe("a marker the allocator shim reads; no call out")),
    ("__rustc::__rust_alloc_error_handler*", Sink(Panics, "is the allocation-failure path: the alloc error hook, then abort")),
    ("__rustc::__rust_alloc*", Sink(Allocates, "allocates through the global allocator, which may take a lock")),
    ("__rustc::__rust_realloc", Sink(Allocates, "reallocates through the global allocator, which may take a lock")),
    ("__rustc::__rust_dealloc", Sink(Allocates, "frees through the global allocator, which may take a lock")),
    ("alloc::alloc::handle_alloc_error", Sink(Panics, "is the allocation-failure path: the alloc error hook, then abort")),
    ("alloc::raw_vec::handle_error", Sink(Panics, "is the allocation-failure path")),
    ("alloc::raw_vec::capacity_overflow", Sink(Panics, "panics on capacity overflow")),
    // Errors that cannot hold heap memory on that path. An `io::Error` owns heap memory only in its
    // custom variant, and only making one (`io::Error::new`, `other`, `From<E>`) puts it there, which
    // allocates and is reported where it is made. One from the OS (errno), a kind or a static message
    // owns nothing, so its drop, and the drop of a type that holds it (an error enum), frees nothing.
    // The hole: a custom `io::Error` made outside the handler (passed in, taken out of a static) and
    // dropped in it.
    ("core::ptr::drop_in_place::<std::io::error::Error>", Safe("drops an `io::Error`: only a custom one, whose making allocates and is reported there, owns heap memory")),
    // parking_lot and lock_api: the blocking API of every lock_api lock, and parking_lot_core's
    // global table of queues. `try_lock` and the deadlock-detection hooks (empty unless its feature
    // is on) are followed; an unlock that finds waiters takes a bucket lock in `unpark_*`.
    ("lock_api::*Mutex::lock", Sink(Blocks, "waits for the lock")),
    ("lock_api::*ReentrantMutex::lock", Sink(Blocks, "waits for the lock")),
    ("lock_api::*RwLock::read*", Sink(Blocks, "waits while a writer holds the lock")),
    ("lock_api::*RwLock::write", Sink(Blocks, "waits while anyone holds the lock")),
    ("lock_api::*RwLock::upgradable_read", Sink(Blocks, "waits for the lock")),
    ("lock_api::*::upgrade", Sink(Blocks, "waits for the readers to leave")),
    ("<* as lock_api::*>::lock*", Sink(Blocks, "waits for the lock")),
    ("parking_lot::*Condvar::wait*", Sink(Blocks, "sleeps until another thread notifies it")),
    ("parking_lot::*Once::call_once*", Sink(Blocks, "waits while another thread runs the initialiser")),
    ("parking_lot_core::parking_lot::park*", Sink(Blocks, "parks the thread on parking_lot's global table of queues")),
    ("parking_lot_core::parking_lot::unpark_*", Sink(Blocks, "takes the lock of a bucket of parking_lot's global table, which the interrupted thread may hold")),
    ("parking_lot_core::word_lock::WordLock::lock*", Sink(Blocks, "takes the lock of a bucket of parking_lot's global table, which the interrupted thread may hold")),
    // spin: its `lock()` spins forever if the holder is the thread this handler interrupted.
    ("spin::*::lock", Sink(Blocks, "spins until the holder releases it, which never happens if the holder is the interrupted thread")),
    ("spin::*::read", Sink(Blocks, "spins while a writer holds it")),
    ("spin::*::write", Sink(Blocks, "spins while anyone holds it")),
    ("spin::*::upgradeable_read", Sink(Blocks, "spins while a writer holds it")),
    ("spin::*Once::call_once", Sink(Blocks, "spins while another thread runs the initialiser")),
    ("<spin::*Lazy* as core::ops::deref::Deref*>::deref*", Sink(Blocks, "spins while another thread initialises it")),
    // once_cell's blocking cell.
    ("once_cell::sync::*::get_or_init", Sink(Blocks, "waits while another thread initialises it")),
    ("<once_cell::sync::Lazy* as core::ops::deref::Deref*>::deref", Sink(Blocks, "waits while another thread initialises it")),
    // std's aborts: `abort` raises SIGABRT, which is async-signal-safe.
    ("std::process::abort", Safe("raises SIGABRT: abort(3) is on POSIX's list")),
    ("std::process::exit", Sink(NotSignalSafe, "runs atexit handlers and flushes stdio; use `libc::_exit`")),
    // The panic machinery: the hook locks and allocates. core's entry points first, for the message.
    ("core::option::expect_failed", Sink(Panics, "panics: the panic hook locks and allocates")),
    ("core::option::unwrap_failed", Sink(Panics, "panics: the panic hook locks and allocates")),
    ("core::result::unwrap_failed", Sink(Panics, "panics: the panic hook locks and allocates")),
    ("core::cell::panic_already_*", Sink(Panics, "panics: the panic hook locks and allocates")),
    ("core::slice::index::*fail*", Sink(Panics, "panics on an index out of bounds")),
    ("core::str::slice_error_fail*", Sink(Panics, "panics on a bad string slice")),
    ("*::precondition_check", Safe("a debug build's check of an `unsafe` fn's precondition: it panics only where the program already has undefined behaviour")),
    ("core::panicking::panic_null_pointer_dereference", Safe("a debug build's check of a raw pointer's dereference: it panics only where the program already has undefined behaviour")),
    ("core::panicking::panic_misaligned_pointer_dereference", Safe("a debug build's check of a raw pointer's dereference: it panics only where the program already has undefined behaviour")),
    ("core::panicking::*", Sink(Panics, "panics: the panic hook locks and allocates")),
    ("std::panicking::begin_panic*", Sink(Panics, "panics: the panic hook locks and allocates")),
    ("std::panicking::panic_count::*", Safe("reads or bumps the panic counters, a static and a thread-local")),
    ("std::panicking::panicking", Safe("reads the panic counters (a poison check)")),
    ("std::panicking::*", Sink(Panics, "panics: the panic hook locks and allocates")),
];

/// Rows for precompiled Rust fns, which have no body in the build: only when the selection links no
/// program (a library alone), or for code LTO leaves out. Checked after [`SEMANTIC`]; the first match
/// wins, and a precompiled fn no row matches is reported as unknown. Each row is a whole crate or
/// module whose code cannot reach the heap, a lock or a system call, or names what it reaches.
#[rustfmt::skip]
pub const PRECOMPILED: &[(&str, Class)] = &[
    // alloc's precompiled code is the heap's: `Vec` growth, `String`, `format!`, the drops of both.
    ("alloc::*", Sink(Allocates, "is precompiled `alloc` code, which grows or frees heap memory")),
    ("<alloc::* as *>::*", Sink(Allocates, "is precompiled `alloc` code, which grows or frees heap memory")),
    ("str::to_*", Sink(Allocates, "returns a new `String`")),
    // core has no allocator and makes no system call: its own fns can only panic (its panic entry
    // points are in SEMANTIC), call back, or compute. Drop glue of a type that is not core's is
    // not core's code: see `foreign_drop`.
    ("core::*panic*", Sink(Panics, "panics: the panic hook locks and allocates")),
    // Formatting calls the `fmt::Write` and `Display` impls it is handed.
    ("core::fmt::*", Callback),
    ("core::*", Safe("core's own code: no allocator, no system call, no lock")),
    // An impl whose type and trait are both core's is core's code. `<std::io::Error as
    // core::fmt::Display>::fmt` is not: it is std's, and unknown unless a row below names it.
    ("<core::* as core::fmt::*>::*", Callback),
    ("<&core::* as core::fmt::*>::*", Callback),
    ("str::*", Safe("a `str` method: core's own code")),
    // std: what a handler may meet, each with its reason; the rest is unknown.
    ("std::process::id", Safe("getpid(2), on POSIX's list")),
    ("std::time::Instant::now", Safe("clock_gettime(CLOCK_MONOTONIC), on POSIX's list")),
    ("std::time::SystemTime::now", Safe("clock_gettime(CLOCK_REALTIME), on POSIX's list")),
    ("std::time::Instant::*", Safe("clock_gettime(CLOCK_MONOTONIC) and arithmetic on a timestamp")),
    ("std::sync::*Condvar::notify_*", Safe("an atomic add and one FUTEX_WAKE")),
    ("std::sys::sync::*::wake*", Safe("one FUTEX_WAKE system call")),
    ("std::sys::sync::*", Sink(Blocks, "is std's internal lock or wait")),
    ("std::thread::local::panic_access_error", Sink(Panics, "panics: a thread-local used after its destructor ran")),
    ("std::sys::thread_local::*", Sink(Allocates, "initialises a thread-local: may allocate and register its destructor")),
    ("std::env::*", Sink(Blocks, "takes the environment lock")),
];

/// The primitive types: their methods, and their impls of core's traits, are core's code.
const PRIMITIVES: &[&str] = &[
    "()", "bool", "char", "f32", "f64", "i8", "i16", "i32", "i64", "i128", "isize", "u8", "u16",
    "u32", "u64", "u128", "usize",
];

/// C fns whose purpose is to wait, on POSIX's list or not: reported as sleeping whatever their file
/// descriptor. Async-signal-safe means reentrant, not non-blocking. Plain file-descriptor I/O (`read`,
/// `write`, `send*`, `recv*`, `accept`, `connect`, `open`) is not here: whether it waits depends on
/// the descriptor's `O_NONBLOCK` flag, which the program sets elsewhere, and the one thing a real
/// async-signal-safe handler does is write a byte to a pipe or socket made non-blocking for it
/// (tokio, signal-hook, ctrlc). Those calls are allowed, as POSIX allows them; see [`C_LINUX_SAFE`].
pub const C_SLEEPS: &[&str] = &[
    "sleep",
    "usleep",
    "nanosleep",
    "clock_nanosleep", // a time
    "pause",
    "sigsuspend",
    "sigpause",
    "sigwait",
    "sigwaitinfo",
    "sigtimedwait", // a signal
    "wait",
    "waitpid",
    "waitid",
    "wait3",
    "wait4", // a child
    "aio_suspend",
    "poll",
    "ppoll",
    "select",
    "pselect",
    "epoll_wait",
    "epoll_pwait",
    "epoll_pwait2", // events
    "tcdrain",      // the terminal's output, even on a non-blocking descriptor
    "fsync",
    "fdatasync",
    "sync",
    "syncfs",
    "sync_file_range", // the disk, even on a non-blocking descriptor
    "sched_yield", // gives the CPU away: the interrupted thread cannot run until the handler returns
    "pthread_join",
    "pthread_cond_wait",
    "pthread_cond_timedwait",
    "pthread_cond_clockwait", // another thread
    "sem_wait",
    "sem_timedwait",
    "sem_clockwait",
    "flock",
    "lockf",
    "msgrcv",
    "semop",
    "semtimedop", // a lock
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
    // Registers a thread-local's destructor, in a list that glibc allocates.
    "__cxa_thread_atexit_impl",
];

/// C fns that take a lock.
pub const C_BLOCKS: &[&str] = &[
    "pthread_mutex_lock",
    "pthread_mutex_timedlock",
    "pthread_mutex_clocklock",
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

/// Linux and glibc fns that are not on POSIX's list but are one system call, a register read or a
/// listed fn under another name, and so async-signal-safe in practice.
#[rustfmt::skip]
pub const C_LINUX_SAFE: &[(&str, &str)] = &[
    ("__errno_location", "returns the thread's errno address"),
    ("gettid", "the gettid(2) system call"),
    ("sigaltstack", "the sigaltstack(2) system call"),
    ("prctl", "the prctl(2) system call"),
    ("setrlimit", "the setrlimit(2) system call"),
    ("getrlimit", "the getrlimit(2) system call"),
    ("mprotect", "the mprotect(2) system call"),
    ("madvise", "the madvise(2) system call"),
    ("tgkill", "the tgkill(2) system call"),
    ("pipe2", "the pipe2(2) system call; `pipe` is on POSIX's list"),
    ("dup3", "the dup3(2) system call; `dup2` is on POSIX's list"),
    ("accept4", "`accept` with flags; file-descriptor I/O, like `accept`, which is on POSIX's list"),
    ("readv", "file-descriptor I/O, like `read`"),
    ("writev", "file-descriptor I/O, like `write`"),
    ("pread", "file-descriptor I/O, like `read`"),
    ("pread64", "file-descriptor I/O, like `read`"),
    ("pwrite", "file-descriptor I/O, like `write`"),
    ("pwrite64", "file-descriptor I/O, like `write`"),
    ("eventfd_write", "one write(2) to an eventfd"),
    ("bcmp", "`memcmp` under the name LLVM gives it"),
    ("getrandom", "the getrandom(2) system call; it waits only before the kernel's pool is first seeded at boot"),
];

/// System calls made through `syscall(2)`, by the name of their number: what each does to a handler.
/// A number without a row here, or one that is not a constant, is reported as unknown; futex(2)
/// goes by its operation ([`FUTEX_OPS`]); the ones that wait are reported whatever POSIX says of
/// the libc wrapper. A raw system call runs no code of the C library, so POSIX's list of wrappers
/// does not decide the others: each has its row and reason.
#[rustfmt::skip]
pub const SYSCALLS: &[(&str, Class)] = &[
    ("SYS_nanosleep", Sink(Sleeps, "sleeps")),
    ("SYS_clock_nanosleep", Sink(Sleeps, "sleeps")),
    ("SYS_pause", Sink(Sleeps, "waits for a signal")),
    ("SYS_rt_sigsuspend", Sink(Sleeps, "waits for a signal")),
    ("SYS_rt_sigtimedwait", Sink(Sleeps, "waits for a signal")),
    ("SYS_wait4", Sink(Sleeps, "waits for a child")),
    ("SYS_waitid", Sink(Sleeps, "waits for a child")),
    ("SYS_poll", Sink(Sleeps, "waits for events")),
    ("SYS_ppoll", Sink(Sleeps, "waits for events")),
    ("SYS_select", Sink(Sleeps, "waits for events")),
    ("SYS_pselect6", Sink(Sleeps, "waits for events")),
    ("SYS_epoll_wait", Sink(Sleeps, "waits for events")),
    ("SYS_epoll_pwait", Sink(Sleeps, "waits for events")),
    ("SYS_epoll_pwait2", Sink(Sleeps, "waits for events")),
    ("SYS_futex_waitv", Sink(Blocks, "waits until another thread wakes it")),
    ("SYS_flock", Sink(Sleeps, "waits for a file lock")),
    ("SYS_fsync", Sink(Sleeps, "waits for the disk")),
    ("SYS_fdatasync", Sink(Sleeps, "waits for the disk")),
    ("SYS_sched_yield", Sink(Sleeps, "gives the CPU away")),
    ("SYS_sync", Sink(Sleeps, "waits for the disks")),
    ("SYS_syncfs", Sink(Sleeps, "waits for the disk")),
    ("SYS_msync", Sink(Sleeps, "waits for the disk (with MS_SYNC)")),
    ("SYS_semop", Sink(Blocks, "waits on a System V semaphore")),
    ("SYS_semtimedop", Sink(Blocks, "waits on a System V semaphore")),
    ("SYS_msgrcv", Sink(Blocks, "waits for a System V message")),
    ("SYS_msgsnd", Sink(Blocks, "waits for room in a System V message queue")),
    ("SYS_io_getevents", Sink(Sleeps, "waits for I/O to complete")),
    ("SYS_io_uring_enter", Sink(Sleeps, "may wait for completions")),
    ("SYS_vfork", Sink(Blocks, "suspends the caller until the child execs or exits")),
    ("SYS_gettid", Safe("returns the thread id")),
    ("SYS_getpid", Safe("returns the process id")),
    ("SYS_tgkill", Safe("sends a signal")),
    ("SYS_tkill", Safe("sends a signal")),
    ("SYS_kill", Safe("sends a signal")),
    ("SYS_rt_sigprocmask", Safe("changes the signal mask")),
    ("SYS_rt_sigaction", Safe("changes a signal's action")),
    ("SYS_sigaltstack", Safe("changes the signal stack")),
    ("SYS_membarrier", Safe("a memory barrier on every CPU; returns when done, waits for no thread")),
    ("SYS_clock_gettime", Safe("reads a clock")),
    ("SYS_getrandom", Safe("reads random bytes; waits only before the kernel's pool is first seeded at boot")),
    ("SYS_read", Safe("file-descriptor I/O, like `read`")),
    ("SYS_write", Safe("file-descriptor I/O, like `write`")),
    ("SYS_close", Safe("closes a descriptor")),
    ("SYS_pidfd_open", Safe("opens a descriptor for a process")),
    ("SYS_pidfd_send_signal", Safe("sends a signal")),
    ("SYS_statx", Safe("reads a file's metadata, like `fstat`")),
    ("SYS_copy_file_range", Safe("file-descriptor I/O, like `read` and `write`")),
    ("SYS_exit", Safe("ends the thread")),
    ("SYS_exit_group", Safe("ends the process, like `_exit`")),
    // Calls crash reporters and profilers make raw: each is one trip into the kernel that does not
    // wait for another thread or the disk, and no code of the C library runs.
    ("SYS_prctl", Safe("reads or sets a process attribute (dumpable, ptracer, name)")),
    ("SYS_mprotect", Safe("changes a mapping's protection")),
    ("SYS_madvise", Safe("advises the kernel about a mapping")),
    ("SYS_mmap", Safe("maps memory directly from the kernel, not through the C heap")),
    ("SYS_munmap", Safe("unmaps memory directly, not through the C heap")),
    ("SYS_getppid", Safe("returns the parent's process id")),
    ("SYS_getuid", Safe("returns a user id")),
    ("SYS_geteuid", Safe("returns a user id")),
    ("SYS_getgid", Safe("returns a group id")),
    ("SYS_getegid", Safe("returns a group id")),
    ("SYS_getpgrp", Safe("returns the process group")),
    ("SYS_prlimit64", Safe("reads or sets a resource limit")),
    ("SYS_getrlimit", Safe("reads a resource limit")),
    ("SYS_setrlimit", Safe("sets a resource limit")),
    ("SYS_getrusage", Safe("reads resource usage")),
    ("SYS_dup", Safe("duplicates a descriptor, like `dup`")),
    ("SYS_dup2", Safe("duplicates a descriptor, like `dup2`")),
    ("SYS_dup3", Safe("duplicates a descriptor, like `dup2`")),
    ("SYS_pipe", Safe("makes a pipe, like `pipe`")),
    ("SYS_pipe2", Safe("makes a pipe, like `pipe`")),
    ("SYS_open", Safe("file-descriptor I/O, like `open`")),
    ("SYS_openat", Safe("file-descriptor I/O, like `openat`")),
    ("SYS_fstat", Safe("reads a file's metadata, like `fstat`")),
    ("SYS_lseek", Safe("moves a descriptor's offset, like `lseek`")),
    ("SYS_socket", Safe("makes a socket, like `socket`")),
    ("SYS_connect", Safe("file-descriptor I/O, like `connect`")),
    ("SYS_sendto", Safe("file-descriptor I/O, like `sendto`")),
    ("SYS_recvfrom", Safe("file-descriptor I/O, like `recvfrom`")),
    ("SYS_sendmsg", Safe("file-descriptor I/O, like `sendmsg`")),
    ("SYS_recvmsg", Safe("file-descriptor I/O, like `recvmsg`")),
    ("SYS_rt_sigqueueinfo", Safe("sends a signal with data")),
    ("SYS_rt_tgsigqueueinfo", Safe("sends a signal with data to a thread")),
    ("SYS_alarm", Safe("arms a timer, like `alarm`")),
    ("SYS_getitimer", Safe("reads a timer")),
    ("SYS_setitimer", Safe("arms a timer, like `setitimer`")),
    ("SYS_timer_gettime", Safe("reads a timer, like `timer_gettime`")),
    ("SYS_timer_settime", Safe("arms a timer, like `timer_settime`")),
    ("SYS_clock_getres", Safe("reads a clock's resolution")),
    ("SYS_getcpu", Safe("returns the current CPU")),
    ("SYS_sched_getaffinity", Safe("reads the thread's CPU mask")),
    ("SYS_uname", Safe("reads the system's name")),
    ("SYS_process_vm_readv", Safe("copies memory from a process")),
    ("SYS_process_vm_writev", Safe("copies memory to a process")),
];

/// futex(2) by operation (the command bits of its second argument, without the private and clock
/// flags): the waits block until another thread wakes them, the wakes are one-shot.
#[rustfmt::skip]
pub const FUTEX_OPS: &[(i64, &str, Class)] = &[
    (0, "FUTEX_WAIT", Sink(Blocks, "waits until another thread wakes it")),
    (1, "FUTEX_WAKE", Safe("wakes waiters; never waits")),
    (3, "FUTEX_REQUEUE", Safe("moves waiters; never waits")),
    (4, "FUTEX_CMP_REQUEUE", Safe("moves waiters; never waits")),
    (5, "FUTEX_WAKE_OP", Safe("wakes waiters; never waits")),
    (6, "FUTEX_LOCK_PI", Sink(Blocks, "waits for a priority-inheritance lock")),
    (7, "FUTEX_UNLOCK_PI", Safe("releases a priority-inheritance lock; never waits")),
    (8, "FUTEX_TRYLOCK_PI", Safe("tries a priority-inheritance lock; never waits")),
    (9, "FUTEX_WAIT_BITSET", Sink(Blocks, "waits until another thread wakes it")),
    (10, "FUTEX_WAKE_BITSET", Safe("wakes waiters; never waits")),
    (11, "FUTEX_WAIT_REQUEUE_PI", Sink(Blocks, "waits until another thread wakes it")),
    (12, "FUTEX_CMP_REQUEUE_PI", Safe("moves waiters; never waits")),
    (13, "FUTEX_LOCK_PI2", Sink(Blocks, "waits for a priority-inheritance lock")),
];

/// fcntl(2) commands that wait: the blocking record locks. Every other command returns at once, and
/// `fcntl` is on POSIX's list.
pub const FCNTL_WAITS: &[(i64, &str)] = &[(7, "F_SETLKW"), (38, "F_OFD_SETLKW")];

/// What reaching a fn means: `name` is the normalized path of a Rust fn, the symbol of another, or
/// what [`call_name`] made of a C call; `defined` when the build has its body.
pub fn classify(name: &str, rust: bool, defined: bool) -> Class {
    if let Some(class) = lookup(SEMANTIC, name) {
        return class;
    }
    if defined {
        return Follow;
    }
    if rust {
        precompiled(name)
    } else {
        c(name)
    }
}

/// The drop of a panic's payload, `Box<dyn Any + Send>`, told by the drop glue's type (`display`,
/// with its generic arguments): the `Err` of `catch_unwind` or of `JoinHandle::join` holds one only
/// after a panic, so its free is on a panic path, reported with `--panics` where the panic starts,
/// not a free on the handler's way (`let _ = catch_unwind(|| …)` in a handler is clean). The hole: a
/// `Box<dyn Any + Send>` made by hand and dropped in a handler frees unreported.
pub fn panic_payload_drop(display: &str) -> Option<Class> {
    let compact: String = display.chars().filter(|c| !c.is_whitespace()).collect();
    let compact = compact
        .replace("::<", "<")
        .replace(",alloc::alloc::Global>", ">");
    (compact == "core::ptr::drop_in_place<alloc::boxed::Box<dyncore::any::Any+core::marker::Send>>")
        .then_some(Sink(
            Panics,
            "drops a panic's payload (the `Err` of `catch_unwind` or `JoinHandle::join`), which exists only after a panic",
        ))
}

/// A precompiled Rust fn: by [`PRECOMPILED`], else unknown.
fn precompiled(path: &str) -> Class {
    if let Some(class) = primitive(path).or_else(|| foreign_drop(path)) {
        return class;
    }
    lookup(PRECOMPILED, path).unwrap_or(Sink(
        Unknown,
        "is precompiled, and not in ctxlock's table of std, core and alloc fns",
    ))
}

/// Drop glue that core's generic `drop_in_place` instantiates for a type that is not core's runs
/// that type's `Drop`: it is not core's code, whatever its path says.
fn foreign_drop(path: &str) -> Option<Class> {
    let ty = path.strip_prefix("core::ptr::drop_in_place::<")?;
    (!ty.starts_with("core::")).then_some(Sink(
        Unknown,
        "drops, in precompiled code, a value that may own heap memory",
    ))
}

/// A primitive type's method (`u32::from_str_radix`) or impl of a core trait (`<u32 as
/// core::fmt::Display>::fmt`): core's code, which calls back only through formatting.
fn primitive(path: &str) -> Option<Class> {
    PRIMITIVES.iter().find_map(|ty| {
        if path
            .strip_prefix(ty)
            .is_some_and(|rest| rest.starts_with("::"))
        {
            return Some(Safe("a method of a primitive type: core's own code"));
        }
        let self_type = path.strip_prefix('<')?;
        let self_type = self_type.strip_prefix('&').unwrap_or(self_type);
        let trait_path = self_type.strip_prefix(ty)?.strip_prefix(" as ")?;
        if trait_path.starts_with("core::fmt::") {
            Some(Callback)
        } else if trait_path.starts_with("core::") {
            Some(Safe(
                "an impl of a core trait for a primitive type: core's own code",
            ))
        } else {
            None
        }
    })
}

/// Whether a fn initialises a once-cell on first use and waits while another thread does
/// (`Once::call_once`, `OnceLock::get_or_init`, `Lazy::deref` …): its rows say so, and once it has
/// returned, the cell is set and the same call is a load. `paths.rs` uses this to see that a
/// program sets a cell before it installs the handler that reads it.
pub fn is_once(name: &str) -> bool {
    matches!(classify(name, true, true), Sink(Blocks, reason) if reason.contains("initialis"))
}

/// Whether a call that initialises a once-cell has always set it when it returns: not std's
/// `OnceLock::initialize`, which `get_or_try_init` calls and which returns the initialiser's error
/// with the cell still empty.
pub fn sets_once(name: &str) -> bool {
    is_once(name) && !name.ends_with("::initialize")
}

/// The name a direct call of a C fn is classified by, when an argument says what the call does:
/// `syscall(SYS_nanosleep)`, `syscall(SYS_futex, FUTEX_WAKE)`, `fcntl(F_SETLKW)`,
/// `waitpid(WNOHANG)`; `?` stands for an argument that is not a constant. `None` for every other
/// call: its symbol is its name.
pub fn call_name(symbol: &str, args: &[Option<i64>]) -> Option<String> {
    // The options of a wait, where C's wrappers take them: with WNOHANG it does not wait.
    let no_hang = |index: usize| {
        args.get(index)
            .copied()
            .flatten()
            .is_some_and(|options| options & WNOHANG != 0)
    };
    match symbol {
        "waitpid" | "wait4" if no_hang(2) => Some(format!("{symbol}(WNOHANG)")),
        "waitid" if no_hang(3) => Some("waitid(WNOHANG)".into()),
        "wait3" if no_hang(1) => Some("wait3(WNOHANG)".into()),
        "syscall" => {
            let Some(number) = args.first().copied().flatten() else {
                return Some("syscall(?)".into());
            };
            let Some(name) = syscall_name(number) else {
                return Some(format!("syscall({number})"));
            };
            // wait4(pid, status, options, rusage) and waitid(idtype, id, info, options, rusage),
            // after the number.
            let options = match name {
                "SYS_wait4" => Some(3),
                "SYS_waitid" => Some(4),
                _ => None,
            };
            if options.is_some_and(no_hang) {
                return Some(format!("syscall({name}, WNOHANG)"));
            }
            if name != "SYS_futex" {
                return Some(format!("syscall({name})"));
            }
            // futex(uaddr, op, …): the op is the third argument of `syscall`.
            let op = match args.get(2).copied().flatten() {
                Some(op) => {
                    let command = op & !(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);
                    FUTEX_OPS
                        .iter()
                        .find(|(code, _, _)| *code == command)
                        .map_or_else(|| command.to_string(), |(_, name, _)| name.to_string())
                }
                None => "?".into(),
            };
            Some(format!("syscall(SYS_futex, {op})"))
        }
        "fcntl" => {
            let command = args.get(1).copied().flatten();
            FCNTL_WAITS
                .iter()
                .find(|(code, _)| Some(*code) == command)
                .map(|(_, name)| format!("fcntl({name})"))
        }
        _ => None,
    }
}

const FUTEX_PRIVATE_FLAG: i64 = 128;
const FUTEX_CLOCK_REALTIME: i64 = 256;
/// The same on every Linux architecture (and in every BSD's and macOS's headers).
const WNOHANG: i64 = 1;

/// The `SYS_` name of a system call number, on this (the host's) architecture.
#[cfg(target_os = "linux")]
fn syscall_name(number: i64) -> Option<&'static str> {
    #[rustfmt::skip]
    let common: &[(libc::c_long, &str)] = &[
        (libc::SYS_nanosleep, "SYS_nanosleep"), (libc::SYS_clock_nanosleep, "SYS_clock_nanosleep"),
        (libc::SYS_rt_sigsuspend, "SYS_rt_sigsuspend"), (libc::SYS_rt_sigtimedwait, "SYS_rt_sigtimedwait"),
        (libc::SYS_wait4, "SYS_wait4"), (libc::SYS_waitid, "SYS_waitid"), (libc::SYS_ppoll, "SYS_ppoll"),
        (libc::SYS_pselect6, "SYS_pselect6"), (libc::SYS_epoll_pwait, "SYS_epoll_pwait"),
        (libc::SYS_epoll_pwait2, "SYS_epoll_pwait2"), (libc::SYS_futex, "SYS_futex"),
        (libc::SYS_futex_waitv, "SYS_futex_waitv"), (libc::SYS_flock, "SYS_flock"),
        (libc::SYS_fsync, "SYS_fsync"), (libc::SYS_fdatasync, "SYS_fdatasync"),
        (libc::SYS_sched_yield, "SYS_sched_yield"), (libc::SYS_gettid, "SYS_gettid"),
        (libc::SYS_getpid, "SYS_getpid"), (libc::SYS_tgkill, "SYS_tgkill"), (libc::SYS_tkill, "SYS_tkill"),
        (libc::SYS_kill, "SYS_kill"), (libc::SYS_rt_sigprocmask, "SYS_rt_sigprocmask"),
        (libc::SYS_rt_sigaction, "SYS_rt_sigaction"), (libc::SYS_sigaltstack, "SYS_sigaltstack"),
        (libc::SYS_membarrier, "SYS_membarrier"), (libc::SYS_clock_gettime, "SYS_clock_gettime"),
        (libc::SYS_getrandom, "SYS_getrandom"), (libc::SYS_read, "SYS_read"), (libc::SYS_write, "SYS_write"),
        (libc::SYS_close, "SYS_close"), (libc::SYS_pidfd_open, "SYS_pidfd_open"),
        (libc::SYS_pidfd_send_signal, "SYS_pidfd_send_signal"), (libc::SYS_statx, "SYS_statx"),
        (libc::SYS_copy_file_range, "SYS_copy_file_range"), (libc::SYS_exit, "SYS_exit"),
        (libc::SYS_exit_group, "SYS_exit_group"),
        // Waits, then calls that crash reporters and profilers make raw: each has its row in SYSCALLS.
        (libc::SYS_sync, "SYS_sync"), (libc::SYS_syncfs, "SYS_syncfs"), (libc::SYS_msync, "SYS_msync"),
        (libc::SYS_semop, "SYS_semop"), (libc::SYS_semtimedop, "SYS_semtimedop"),
        (libc::SYS_msgrcv, "SYS_msgrcv"), (libc::SYS_msgsnd, "SYS_msgsnd"),
        (libc::SYS_io_getevents, "SYS_io_getevents"), (libc::SYS_io_uring_enter, "SYS_io_uring_enter"),
        (libc::SYS_prctl, "SYS_prctl"), (libc::SYS_mprotect, "SYS_mprotect"),
        (libc::SYS_madvise, "SYS_madvise"), (libc::SYS_mmap, "SYS_mmap"), (libc::SYS_munmap, "SYS_munmap"),
        (libc::SYS_getppid, "SYS_getppid"), (libc::SYS_getuid, "SYS_getuid"),
        (libc::SYS_geteuid, "SYS_geteuid"), (libc::SYS_getgid, "SYS_getgid"),
        (libc::SYS_getegid, "SYS_getegid"), (libc::SYS_prlimit64, "SYS_prlimit64"),
        (libc::SYS_getrlimit, "SYS_getrlimit"), (libc::SYS_setrlimit, "SYS_setrlimit"),
        (libc::SYS_dup, "SYS_dup"), (libc::SYS_dup3, "SYS_dup3"), (libc::SYS_pipe2, "SYS_pipe2"),
        (libc::SYS_openat, "SYS_openat"), (libc::SYS_fstat, "SYS_fstat"), (libc::SYS_lseek, "SYS_lseek"),
        (libc::SYS_sendto, "SYS_sendto"), (libc::SYS_recvfrom, "SYS_recvfrom"),
        (libc::SYS_sendmsg, "SYS_sendmsg"), (libc::SYS_recvmsg, "SYS_recvmsg"),
        (libc::SYS_socket, "SYS_socket"), (libc::SYS_connect, "SYS_connect"),
        (libc::SYS_rt_sigqueueinfo, "SYS_rt_sigqueueinfo"),
        (libc::SYS_rt_tgsigqueueinfo, "SYS_rt_tgsigqueueinfo"), (libc::SYS_getcpu, "SYS_getcpu"),
        (libc::SYS_uname, "SYS_uname"), (libc::SYS_getitimer, "SYS_getitimer"),
        (libc::SYS_setitimer, "SYS_setitimer"), (libc::SYS_timer_settime, "SYS_timer_settime"),
        (libc::SYS_timer_gettime, "SYS_timer_gettime"), (libc::SYS_process_vm_readv, "SYS_process_vm_readv"),
        (libc::SYS_process_vm_writev, "SYS_process_vm_writev"), (libc::SYS_getrusage, "SYS_getrusage"),
        (libc::SYS_clock_getres, "SYS_clock_getres"), (libc::SYS_sched_getaffinity, "SYS_sched_getaffinity"),
    ];
    // Calls that newer architectures only have under their `p`/`epoll_p` names.
    #[cfg(target_arch = "x86_64")]
    #[rustfmt::skip]
    let legacy: &[(libc::c_long, &str)] = &[
        (libc::SYS_pause, "SYS_pause"), (libc::SYS_poll, "SYS_poll"), (libc::SYS_select, "SYS_select"),
        (libc::SYS_epoll_wait, "SYS_epoll_wait"), (libc::SYS_vfork, "SYS_vfork"),
        (libc::SYS_pipe, "SYS_pipe"), (libc::SYS_dup2, "SYS_dup2"), (libc::SYS_open, "SYS_open"),
        (libc::SYS_alarm, "SYS_alarm"), (libc::SYS_getpgrp, "SYS_getpgrp"),
    ];
    #[cfg(not(target_arch = "x86_64"))]
    let legacy: &[(libc::c_long, &str)] = &[];
    #[allow(clippy::useless_conversion)] // `c_long` is `i32` on 32-bit targets.
    common
        .iter()
        .chain(legacy)
        .find(|(n, _)| i64::from(*n) == number)
        .map(|&(_, name)| name)
}

#[cfg(not(target_os = "linux"))]
fn syscall_name(_number: i64) -> Option<&'static str> {
    None // The table is Linux's: elsewhere every raw system call is reported as unknown.
}

/// A wait for a child told not to wait (`waitpid(-1, &mut status, WNOHANG)`, the classic SIGCHLD
/// reaper): on POSIX's list, and it returns at once.
const NO_HANG: Class = Safe("with WNOHANG it reaps a child that has already changed state, or returns at once; on POSIX's list");

/// Classifies a C fn without a body (or a call [`call_name`] named) by name.
pub fn c(symbol: &str) -> Class {
    if symbol.starts_with("llvm.") {
        return Safe("an LLVM intrinsic: arithmetic, memcpy and friends (on POSIX's list), traps");
    }
    if let Some(inner) = symbol.strip_prefix("syscall(") {
        let inner = inner.trim_end_matches(')');
        if let Some(op) = inner.strip_prefix("SYS_futex, ") {
            return FUTEX_OPS.iter().find(|(_, name, _)| *name == op).map_or(
                Sink(
                    Unknown,
                    "is a futex operation the check does not know, or not a constant",
                ),
                |&(_, _, class)| class,
            );
        }
        if inner.ends_with(", WNOHANG") {
            return NO_HANG;
        }
        return lookup(SYSCALLS, inner).unwrap_or(Sink(
            Unknown,
            "is a system call the check does not know, or whose number is not a constant",
        ));
    }
    if symbol.ends_with("(WNOHANG)") {
        return NO_HANG;
    }
    if symbol.starts_with("fcntl(") {
        return Sink(Blocks, "waits for a record lock that another process holds");
    }
    if C_SLEEPS.contains(&symbol) {
        return Sink(
            Sleeps,
            "waits by design (async-signal-safe means reentrant, not non-blocking)",
        );
    }
    if C_ALLOCATES.contains(&symbol) {
        return Sink(Allocates, "uses the C heap, which takes a lock");
    }
    if C_BLOCKS.contains(&symbol) {
        return Sink(Blocks, "takes a lock in the C library");
    }
    if posix::ASYNC_SIGNAL_SAFE.contains(&symbol) {
        return Safe("on POSIX's list of async-signal-safe functions");
    }
    if let Some(&(_, reason)) = C_LINUX_SAFE.iter().find(|(name, _)| *name == symbol) {
        return Safe(reason);
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
        // `drop_in_place<T>` (legacy symbols) keeps its type, like `drop_in_place::<T>` (v0).
        if c == '<' && after_name && out.ends_with("::drop_in_place") {
            out.push_str("::<");
            i += 1;
            continue;
        }
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
                "core::ptr::drop_in_place::<alloc::string::String>",
            ),
            (
                "core::ptr::drop_in_place<core::result::Result<(), std::io::error::Error>>",
                "core::ptr::drop_in_place::<core::result::Result>",
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
        assert!(matches!(c("write"), Safe(_)));
        assert!(matches!(c("abort"), Safe(_)));
        assert!(matches!(c("nanosleep"), Sink(Sleeps, _)));
        assert!(matches!(c("sleep"), Sink(Sleeps, _)));
        assert!(matches!(c("malloc"), Sink(Allocates, _)));
        assert!(matches!(c("pthread_mutex_lock"), Sink(Blocks, _)));
        assert!(matches!(c("printf"), Sink(Blocks, _)));
        assert!(matches!(c("strerror"), Sink(NotSignalSafe, _)));
        assert!(matches!(c("__tls_get_addr"), Sink(NotSignalSafe, _)));
    }

    /// One policy: what waits by design is reported, file-descriptor I/O is not.
    #[test]
    fn waiting_calls_are_reported_and_fd_io_is_not() {
        for name in [
            "poll",
            "select",
            "epoll_wait",
            "fsync",
            "fdatasync",
            "flock",
            "lockf",
            "tcdrain",
            "sigsuspend",
            "pause",
            "wait4",
            "sem_wait",
        ] {
            assert!(matches!(c(name), Sink(Sleeps, _)), "{name}");
        }
        for name in [
            "read", "write", "recv", "recvfrom", "recvmsg", "send", "sendto", "sendmsg", "accept",
            "accept4", "connect", "open", "openat", "writev", "pipe2",
        ] {
            assert!(matches!(c(name), Safe(_)), "{name}");
        }
    }

    fn syscall(args: &[Option<i64>]) -> Class {
        c(&call_name("syscall", args).unwrap())
    }

    #[test]
    fn system_calls_go_by_number_and_futex_by_operation() {
        #[allow(clippy::useless_conversion)] // `c_long` is `i32` on 32-bit targets.
        let nr = |n: libc::c_long| Some(i64::from(n));
        assert_eq!(
            call_name("syscall", &[nr(libc::SYS_nanosleep)]).unwrap(),
            "syscall(SYS_nanosleep)"
        );
        assert!(matches!(
            syscall(&[nr(libc::SYS_nanosleep), None]),
            Sink(Sleeps, _)
        ));
        assert!(matches!(
            syscall(&[nr(libc::SYS_clock_nanosleep)]),
            Sink(Sleeps, _)
        ));
        assert!(matches!(syscall(&[nr(libc::SYS_wait4)]), Sink(Sleeps, _)));
        assert!(matches!(syscall(&[nr(libc::SYS_gettid)]), Safe(_)));
        // std's futex: FUTEX_WAKE | FUTEX_PRIVATE_FLAG = 129, FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG = 137.
        assert_eq!(
            call_name("syscall", &[nr(libc::SYS_futex), None, Some(129), Some(1)]).unwrap(),
            "syscall(SYS_futex, FUTEX_WAKE)"
        );
        assert!(matches!(
            syscall(&[nr(libc::SYS_futex), None, Some(129)]),
            Safe(_)
        ));
        assert!(matches!(
            syscall(&[nr(libc::SYS_futex), None, Some(137)]),
            Sink(Blocks, _)
        ));
        assert!(matches!(
            syscall(&[nr(libc::SYS_futex), None, Some(0)]),
            Sink(Blocks, _)
        ));
        assert!(matches!(
            syscall(&[nr(libc::SYS_futex), None, None]),
            Sink(Unknown, _)
        ));
        // Never "safe whichever one".
        assert!(matches!(syscall(&[Some(100_000)]), Sink(Unknown, _)));
        assert!(matches!(syscall(&[None]), Sink(Unknown, _)));
        assert!(matches!(syscall(&[]), Sink(Unknown, _)));
    }

    #[test]
    fn fcntl_waits_only_for_a_record_lock() {
        let fcntl = |cmd: i32| call_name("fcntl", &[None, Some(i64::from(cmd)), None]);
        assert_eq!(fcntl(libc::F_SETLKW).as_deref(), Some("fcntl(F_SETLKW)"));
        assert_eq!(
            fcntl(libc::F_OFD_SETLKW).as_deref(),
            Some("fcntl(F_OFD_SETLKW)")
        );
        assert!(matches!(
            c(&fcntl(libc::F_SETLKW).unwrap()),
            Sink(Blocks, _)
        ));
        assert_eq!(fcntl(libc::F_SETLK), None);
        assert_eq!(fcntl(libc::F_GETFL), None);
        assert!(matches!(c("fcntl"), Safe(_)));
    }

    /// Every system call the check can name has a row that says what it is, and on the
    /// architecture the x86-64-only rows are written for, every row names a call.
    #[cfg(target_os = "linux")]
    #[test]
    fn every_named_system_call_has_its_row() {
        let named: Vec<&str> = (0..1024).filter_map(syscall_name).collect();
        assert!(named.len() > 80, "the names went missing");
        for name in &named {
            assert!(
                *name == "SYS_futex" || lookup(SYSCALLS, name).is_some(),
                "`{name}` is named but has no row in SYSCALLS: it would be reported as unknown"
            );
        }
        if cfg!(target_arch = "x86_64") {
            for (row, _) in SYSCALLS {
                assert!(named.contains(row), "the row `{row}` names no system call");
            }
        }
    }

    #[test]
    fn once_cells_are_known_by_their_rows() {
        for name in [
            "std::sync::once::Once::call_once",
            "std::sync::once_lock::OnceLock::get_or_init",
            "<std::sync::lazy_lock::LazyLock as core::ops::deref::Deref>::deref",
            "<once_cell::sync::Lazy as core::ops::deref::Deref>::deref",
            "spin::once::Once::call_once",
        ] {
            assert!(sets_once(name), "{name}");
        }
        assert!(is_once("std::sync::once_lock::OnceLock::initialize"));
        assert!(!sets_once("std::sync::once_lock::OnceLock::initialize"));
        assert!(!is_once("std::sync::poison::mutex::Mutex::lock"));
    }

    #[test]
    fn a_wait_for_a_child_with_wnohang_does_not_wait() {
        let options = |flags: libc::c_int| Some(i64::from(flags));
        let waitpid = |flags| call_name("waitpid", &[Some(-1), None, flags]);
        assert_eq!(
            waitpid(options(libc::WNOHANG | libc::WUNTRACED)).as_deref(),
            Some("waitpid(WNOHANG)")
        );
        assert!(matches!(
            c(&waitpid(options(libc::WNOHANG)).unwrap()),
            Safe(_)
        ));
        // Without the flag, or when it is not a constant, the call is its name: it sleeps.
        assert_eq!(waitpid(options(0)), None);
        assert_eq!(waitpid(None), None);
        assert!(matches!(c("waitpid"), Sink(Sleeps, _)));
        let wait4 = call_name("wait4", &[Some(-1), None, options(libc::WNOHANG), None]);
        assert!(matches!(c(&wait4.unwrap()), Safe(_)));
        let waitid = |flags| call_name("waitid", &[Some(0), Some(0), None, flags]);
        let exited = libc::WEXITED | libc::WNOHANG;
        assert!(matches!(c(&waitid(options(exited)).unwrap()), Safe(_)));
        assert_eq!(waitid(options(libc::WEXITED)), None);
        assert!(matches!(c("waitid"), Sink(Sleeps, _)));
        #[allow(clippy::useless_conversion)] // `c_long` is `i32` on 32-bit targets.
        let nr = |n: libc::c_long| Some(i64::from(n));
        let raw = |flags| {
            call_name(
                "syscall",
                &[nr(libc::SYS_wait4), Some(-1), None, flags, None],
            )
        };
        assert_eq!(
            raw(options(libc::WNOHANG)).as_deref(),
            Some("syscall(SYS_wait4, WNOHANG)")
        );
        assert!(matches!(c(&raw(options(libc::WNOHANG)).unwrap()), Safe(_)));
        assert!(matches!(c(&raw(options(0)).unwrap()), Sink(Sleeps, _)));
        assert!(matches!(c(&raw(None).unwrap()), Sink(Sleeps, _)));
    }

    #[test]
    fn the_lock_has_two_faces() {
        assert!(matches!(
            classify("ctxlock_runtime::lock::HybridLock::lock", true, true),
            Sink(Blocks, _)
        ));
        assert_eq!(
            classify("ctxlock_runtime::lock::HybridLock::try_lock", true, true),
            Follow
        );
        // Its release is read from its code, which makes one FUTEX_WAKE.
        assert_eq!(
            classify("ctxlock_runtime::raw::RawHybridLock::wake", true, true),
            Follow
        );
    }

    /// The semantic sinks stop the walk whether std's code is there (a linked program) or not.
    #[test]
    fn semantic_sinks_hold_with_or_without_a_body() {
        for defined in [true, false] {
            let at = |name| classify(name, true, defined);
            assert!(matches!(
                at("std::sync::poison::mutex::Mutex::lock"),
                Sink(Blocks, _)
            ));
            assert!(matches!(at("std::io::stdio::_print"), Sink(Stdio, _)));
            assert!(matches!(at("__rustc::__rust_alloc"), Sink(Allocates, _)));
            assert!(matches!(
                at("std::thread::functions::sleep"),
                Sink(Sleeps, _)
            ));
            assert!(matches!(
                at("core::ptr::drop_in_place::<std::io::error::Error>"),
                Safe(_)
            ));
        }
        assert_eq!(
            classify("std::sync::poison::mutex::Mutex::try_lock", true, true),
            Follow
        );
        assert_eq!(
            classify("core::ptr::drop_in_place::<alloc::vec::Vec>", true, true),
            Follow
        );
    }

    /// A precompiled std impl of a core trait is std's code, not core's: unknown unless a row names it.
    #[test]
    fn core_traits_do_not_cover_std_impls() {
        let at = |name| classify(name, true, false);
        assert!(matches!(
            at("<std::io::error::Error as core::fmt::Display>::fmt"),
            Sink(Unknown, _)
        ));
        assert!(matches!(
            at("<std::backtrace::Backtrace as core::fmt::Display>::fmt"),
            Sink(Unknown, _)
        ));
        assert!(matches!(
            at("<std::fs::ReadDir as core::iter::traits::iterator::Iterator>::next"),
            Sink(Unknown, _)
        ));
        assert_eq!(at("core::fmt::write"), Callback);
        assert_eq!(at("<u32 as core::fmt::Display>::fmt"), Callback);
        assert!(matches!(at("<u32 as core::ops::arith::Add>::add"), Safe(_)));
        assert!(matches!(at("u32::from_str_radix"), Safe(_)));
        assert_eq!(
            at("<core::time::Duration as core::fmt::Debug>::fmt"),
            Callback
        );
        assert!(matches!(
            at("core::ptr::drop_in_place::<alloc::vec::Vec>"),
            Sink(Unknown, _)
        ));
        assert!(matches!(
            at("core::ptr::drop_in_place::<core::option::Option>"),
            Safe(_)
        ));
        assert!(matches!(
            at("std::sync::poison::condvar::Condvar::notify_all"),
            Safe(_)
        ));
        assert!(matches!(at("std::os::unix::thing"), Sink(Unknown, _)));
    }
}
