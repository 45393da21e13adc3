//! `cargo ctxlock`: the whole-program check of [ctxlock](https://docs.rs/ctxlock). The attributes see
//! only their own fn's tokens; this follows every call out of every `#[nmi_safe]` fn, through helpers,
//! methods, trait impls, closures, drops, `dyn` calls, fn pointers and other crates, to whatever must
//! not run in NMI context (a signal handler), and prints the chain of calls that leads there.
//!
//! ```text
//! cargo install --path cargo-ctxlock
//! cargo ctxlock --example kexec            # any `cargo build` selection: -p, --bins, --tests, --release …
//! cargo ctxlock --message-format=json      # cargo's compiler-message lines, for editors and CI
//! ```
//!
//! # Method
//!
//! 1. **Build** (`build.rs`). `cargo build` with the user's selection, into `target/ctxlock`, with
//!    `--cfg ctxlock_analysis --emit=llvm-ir`, one codegen unit, full debug info (the types of `dyn`
//!    parameters, the names of vtables and the frames of inlined fns), opt-level 0 and fat LTO.
//!    Under that cfg the attributes' marks become real calls: `#[nmi_safe]` fns call
//!    `__private::analysis::nmi_safe_root`, `#[may_sleep]` fns call `may_sleep_entry`, and
//!    `nmi_unchecked!` brackets its expression with two calls located at its first and last token. In
//!    every other build the marks are empty `#[inline(always)]` fns, so release code does not change.
//!    `--release` keeps the release profile's cfgs and features, at opt-level 0 so that calls stay calls.
//! 2. **Read the IR** (`ir.rs`) of each linked program (bin, example, test harness, cdylib …): fat
//!    LTO makes it one module with the code of every crate in it, std, core and alloc included, after
//!    monomorphization: each fn instance's calls with their debug locations (and the integer constants
//!    passed to C fns), the fns whose address it takes, vtables and other constants with fn pointers,
//!    and which blocks only run while unwinding. A selection that links nothing (a library alone) is
//!    read from each crate's own module instead, with std precompiled, and the run says so.
//! 3. **Graph** (`graph.rs`). A program is one linked artifact. A root is every fn instance that calls
//!    the root mark: free fns, methods, trait impls, `extern "C"` handlers, and each instance of a
//!    generic one, so precision is per instance. A fn inlined into another (`#[inline(always)]` is,
//!    even at opt-level 0) is still a call: the debug info keeps each inlined frame (`inlinedAt`),
//!    and an instruction inlined from fn X is a call of X at the outermost site. So spin's
//!    `#[inline(always)]` `Mutex::lock` is seen, an `#[inline(always)] #[nmi_safe]` fn is its own
//!    root, and an `#[inline(always)] #[may_sleep]` fn is named as what is called. Indirect calls are
//!    resolved by `resolve.rs`, below.
//! 4. **Classify** (`classify.rs`, `posix.rs`). std's own code is followed like the program's, so the
//!    tables, each row with its reason, hold only what code cannot say: the semantic sinks (std's,
//!    parking_lot's, lock_api's and spin's blocking lock and wait APIs, stdio, the allocator's entry
//!    points), and the leaves, C fns and system calls. A C fn whose purpose is to wait is reported; one
//!    on POSIX's list of async-signal-safe fns is fine otherwise; `syscall` goes by its number (futex
//!    by its operation) and `fcntl` by its command; anything else is reported. See `classify`'s docs
//!    for the policy on file-descriptor I/O.
//! 5. **Paths** (`paths.rs`, asked by `graph/feasible.rs`). The walk follows calls, not values. Before a finding is reported,
//!    the root's code is run over abstract values (integer constants, pointers into stack slots,
//!    unknown), from the call in the root the finding starts from, into the fns it calls with the
//!    arguments they are given: a branch on a known value takes one side, and a C call is named by
//!    the values that reach it. A finding that no execution reaches is dropped: nix's
//!    `waitpid(pid, Some(WaitPidFlag::WNOHANG))` (the flags reach C through nix's `match`), a
//!    small vector's `with_capacity` of its inline size, a helper's `verbose: bool` given `false`
//!    (`ok_p_constant_paths`, and `err_p_constant_paths` for the same helpers given values that do
//!    reach the hazard). It is dropped only when every path was run; anything that may lead to the
//!    sink and cannot be run keeps it (see "Limits").
//!    A once-cell (`Lazy`, `LazyLock`, `OnceLock::get_or_init`, `Once::call_once`, `lazy_static!`)
//!    waits only while another thread initialises it. Where the only calls of the sink that run are
//!    such, on statics, the program's `main` is run too, and if every path of it has set each of
//!    those cells (a call that returns with it set) wherever it takes the handler's address, the
//!    handler finds them set and the finding is dropped: pprof's `PROFILER`, which
//!    `ProfilerGuard::new` derefs before it installs the handler (`ok_p_once_armed`). This is done
//!    only where nothing but `main` can take that address: every fn on the way from `main` to where
//!    it is taken is called directly, never through a pointer, a thread or a constructor; else the
//!    finding stands (`err_p_once_after_install`, and simple-signal's handler in the real-world
//!    suite, installed before the thread that initialises its Condvar starts).
//! 6. **Report** (`report.rs`) rustc-style with annotate-snippets, or as cargo's JSON.
//!
//! # Roots, pictures, editors and CI
//!
//! - Roots are `#[nmi_safe]` fns and the closures given to `ctxlock::nmi_safe_closure!`, such as a
//!   handler handed to signal-hook's `low_level::register`.
//! - `--graph FILE` writes every chain as a Graphviz graph, and `FILE.svg` beside it when `dot` is
//!   installed.
//! - `--message-format=json` prints cargo's `compiler-message` lines, rustc's own included, then
//!   `build-finished`: set rust-analyzer's `check.overrideCommand` to
//!   `["cargo", "ctxlock", "--message-format=json", "--workspace", "--all-targets"]` and the errors
//!   show at the call, with the chain as related information (`scripts/editor-check` proves it).
//! - In CI, `cargo ctxlock --workspace --all-targets` fails the job on a violation (exit 1), and on a
//!   failed build with cargo's own status. `--require-roots` also fails a run whose selection has no
//!   root, which would otherwise pass with nothing checked. With `--message-format=json` a line of
//!   our own, `{"allowed":…,"findings":…,"reason":"ctxlock-summary","roots":…,"success":…}`, comes
//!   before `build-finished`; readers of cargo's messages skip a reason they do not know
//!   (cargo_metadata's `Message::parse_stream` reads it as a `TextLine`). `clippy-sarif` turns the JSON into SARIF for
//!   code-scanning UIs (`scripts/sarif-check`).
//! - The attributes' own errors (a direct `eprintln!` in an `#[nmi_safe]` fn) do not stop the build
//!   under `--cfg ctxlock_analysis`: each becomes a call of `__private::analysis::rule_violation` at
//!   the token `cargo check` underlines, compiled even where the fn is not (dead code, a generic fn
//!   never instantiated), and read back from the IR (`attr_errors.rs`), so one run reports them
//!   with the whole-program findings, as `ctxlock::attribute`. A finding at the same call is
//!   left out: it says the same thing. Errors about the attribute itself (its arguments, a fn
//!   without a body) still stop the build.
//!
//! # Reviewed exceptions
//!
//! `nmi_unchecked!` is for your own code. A finding in code you cannot change (a dependency's) is
//! allowed in `Cargo.toml`, with its reason (`allow.rs`):
//!
//! ```toml
//! [package.metadata.ctxlock]          # or [workspace.metadata.ctxlock], for every package
//! allow = [
//!     { callee = "once_cell::*Lazy*::force", reason = "main forces it before installing the handler" },
//!     { root = "app::on_prof", callee = "smallvec::*::with_capacity", reason = "N is the inline capacity" },
//! ]
//! ```
//!
//! - An entry covers a finding when `callee` matches ANY fn on its chain, as the report names them,
//!   and `root` (optional) matches the `#[nmi_safe]` fn; `*` is any run of characters, anchored at
//!   both ends. Matching any hop, not the one chain shown, keeps an entry valid when the report
//!   picks another chain to the same sink.
//! - A package's entries apply to the roots defined in that package; the workspace's, to all.
//! - A covered finding is not an error; the run counts it ("1 finding allowed by Cargo.toml", and
//!   `allowed` in the summary line). An entry that covers nothing, in a run that checked roots of
//!   its package, gets a warning with its file and line.
//! - An entry without `callee` or `reason`, an unknown key or a wrong type is an error with its file
//!   and line, before the build (exit 2). The attributes' own errors cannot be allowed: they are in
//!   your code.
//!
//! # Why LLVM IR
//!
//! The check reads rustc's stable `--emit=llvm-ir`, not object files with relocations and DWARF. The
//! IR keeps every call as a call, with its debug location and the chain of inlined frames; it marks
//! the blocks that only run while unwinding; and it shows vtables, statics and fn-pointer stores as
//! data, which is what indirect calls are resolved from. Object code loses the difference between a
//! call and a tail jump, inlines calls into one another at any optimisation level worth having, and
//! says nothing about unwinding. The IR needs no nightly, no `-Z` flag and no rustc driver, only a
//! build of its own. Its textual shape is not a stable interface, so `tests/ir_shape.rs` requires
//! every fact the check relies on from this toolchain's output, and the reader fails with the file
//! and line it could not read rather than returning a smaller graph.
//!
//! # Indirect calls
//!
//! Candidates come from the whole linked program, never from what the root happens to take: a
//! logger installed in `main` (`log::set_logger`), or callbacks registered at startup next to a
//! default the handler names itself, are candidates of the handler's call. The pools are narrowed to
//! what code reachable from the program's entry points (`main`, a cdylib's exports) can get hold of.
//!
//! - **Through a vtable slot (`dyn Trait`)**: the fn in that slot of every vtable *of that trait*,
//!   with the call's parameter and return types. The trait of the call is read from where the vtable
//!   pointer comes from: the debug type of a `&dyn Trait`/`Box<dyn Trait>` parameter, of the member
//!   of a struct a parameter points to (`self.backend.flush()`), or of what the call that returned
//!   it returns (`logger().log()`); else the one `dyn` trait named by the type of a drop glue
//!   (`drop_in_place::<Box<dyn core::error::Error>>`). The traits of
//!   a vtable are those its debug name (`<T as Trait>::{vtable}`) and its slot fns
//!   (`<T as Trait>::method`, `Trait::method::{shim:vtable#0}`) name; that includes the supertraits,
//!   so a `dyn Super` made by upcasting a `dyn Sub` is covered. Where the call's trait comes from a
//!   debug type and the vtable has a debug name, their generic arguments must agree too (`Fn(&u32)`
//!   is not `Fn() -> String`, though both calls may have one LLVM shape: `ok_g_fn_trait_args`);
//!   otherwise traits are compared without them, and only the signature tells `Fn(u32)` from
//!   `Fn(String)` apart. (`ok_g_dyn_same_shape`, `ok_g_dyn_field`, `err_dyn`,
//!   `err_g_installed_logger`; drop glue: `ok_g_dyn_drop_by_trait`, `err_g_dyn_drop_locks`.)
//! - **Through a vtable the IR names as a constant** (`let b: &dyn Backend = &Quiet;` then
//!   `b.flush()`): exactly that slot. (`ok_g_constant_vtable`.)
//! - **Trait not shown** (the vtable pointer is loaded from a static, from a local, or from deeper
//!   in a struct than one field of a parameter): the slot of every vtable with the call's parameter
//!   and return types; a vtable whose trait nothing names is a candidate of every vtable call. Both
//!   are supersets: imprecise, never a guess that drops a candidate. (`err_g_callback_registry`:
//!   the `&dyn Fn` is read out of a static array.)
//! - **Through a fn pointer**: the fns whose address is taken with the same parameter and return
//!   types; and, where the debug info gives the pointer's Rust type (a parameter of fn-pointer type,
//!   or a field of what a parameter points to, such as a thread-local key's initialiser) and the
//!   fn's, the same Rust types too. A closure made a fn pointer counts by its arguments, not its
//!   closure. (`ok_g_fn_pointer_return`, `ok_g_thread_local_init`, `err_g_fn_pointer_field`,
//!   `err_g_callback_registry`, `err_fn_pointer`.)
//! - **Code that calls back** (`Callback` rows of `classify`: core's formatting engine,
//!   `core::fmt::write` and the `Formatter` methods, which call the `fmt::Write` impl and `Display`
//!   impls they are given; a thread-local's `LocalKey` methods, which call the key's accessor): not
//!   followed as code, but into the fns whose address the caller, the caller's own callees, or the
//!   chain from the root take.
//! - **No candidate at all**: no fn of the program has the call's signature (or no vtable of the
//!   program has the trait), so the pointer comes from outside the program, and what it reaches is
//!   code the check does not see, as it does not see a C library's. This is how a handler calls the
//!   handler it replaced, read back from `sigaction(2)` as an integer (signal-hook-registry, crash
//!   reporters that chain): not reported. An earlier version reported these, and each one was
//!   false on real handlers; the hole is a callback handed over by C code that blocks.
//!   (`ok_g_foreign_fn_pointer`.)
//!
//! Why this evidence: the symbol of each slot fn demangles to its impl, and with `-C debuginfo=2`
//! rustc names every vtable it builds for a type and gives each parameter its Rust type. Measured on
//! the case suite (34 programs): full debug info doubles the IR (5.8 MB to 11.7 MB) and adds about a
//! fifth to a cold build (47.9 s to 57.5 s); with line tables only, the trait of a `&dyn` parameter
//! is unknown and a same-shaped trait elsewhere in the program is a candidate (`ok_g_dyn_same_shape`
//! fails).
//!
//! # Why fat LTO
//!
//! To follow std, core and alloc through their own code rather than through a table of their names,
//! the check needs their bodies, and on stable Rust they arrive only precompiled. A fat-LTO build at
//! opt-level 0 links every crate's bitcode, std's included (std ships it in its rlibs), into one
//! module per linked artifact, and `--emit=llvm-ir` writes that module: no nightly, no `-Z` flag,
//! no `rust-src`. std's fns keep their v0 symbols (internal linkage) and their line tables, so a
//! chain through std shows std's file and line. The cost is one LTO link per artifact: about 38 MB of
//! IR and a few seconds for a small bin (measured in BENCHMARKS.md, section 5). The table route it
//! replaces left `SystemTime::now`, `<UnixStream as Write>::write` and every std fn nobody had
//! listed as "cannot see into", and its catch-all rows hid real hazards (an `io::Error`'s `Display`
//! calls `strerror_r` and allocates).
//!
//! # Reading a chain
//!
//! ```text
//! error: `app::on_fault` may block: it reaches `std::sync::poison::mutex::Mutex::lock`, which waits …
//!   --> src/main.rs:19:13
//!    |
//! 19 |     TRACKER.record(code);
//!    |             ^^^^^^ `app::Tracker::record` leads to `std::sync::poison::mutex::Mutex::lock`
//!    |
//!    = note: src/main.rs:19:13: `app::on_fault` calls `app::Tracker::record` (src/main.rs:10)
//!    = note: src/main.rs:11:22: `app::Tracker::record` calls `std::sync::poison::mutex::Mutex::lock`
//!    = help: use `HybridLock::try_lock()` and handle `Busy`, or an atomic; never wait in NMI context
//! ```
//!
//! The error sits at the call in the root where the chain starts. Each note is one hop: where the call
//! is, who calls whom, and where the callee is defined. "may call, through a vtable or fn pointer" marks
//! a hop that the resolution above chose; "calls, inlined," a fn inlined there. Each hop shows the fn
//! with the generic arguments its symbol keeps (`core::ptr::drop_in_place<std::io::error::Error>`;
//! the tables match the names without them). Each call in the root is followed on its own, and gets
//! one error per category it reaches, so two calls of one locking helper are two errors. One
//! exception: the categories that one candidate of one vtable or fn-pointer call leads to from the
//! same call are one error, the first found, with a note per other category ("through the same
//! candidate of that indirect call, … also …"), so that a wrong candidate is one false report, not
//! one per category (`err_g_one_hop_one_error`). Code that calls back is not such a candidate: its
//! callees are what the chain handed it (`write!` with a `Backtrace` gets each category). The chain
//! shown takes direct calls as far as they go before an indirect hop, then the fewest hops. Another
//! `#[nmi_safe]` fn met on the way is not entered: it is checked as a root. With `--panics`, a panic
//! that can only start while another unwinds (the compiler's `panic_cannot_unwind` guard of every
//! `extern "C"` fn) is not reported: the first panic is, where it starts.
//!
//! # What it does not report
//!
//! `HybridLock::try_lock` and the guard's release (its futex wake is one system call), std's
//! `Mutex::try_lock` and its guard's release, `Condvar::notify_*`, atomics, `NmiScope`, `core::ptr`,
//! formatting into a fixed buffer, `SystemTime::now` and `Instant::now` (`clock_gettime`), writes to a
//! file descriptor through std or libc, dropping an `io::Error` from the OS, the async-signal-safe
//! libc calls, `std::process::abort`, whatever is inside `nmi_unchecked!` (up to the end of the statement that holds
//! it), code only sleepable code reaches, a call behind a branch that the root's own constants rule
//! out, a once-cell that `main` sets before it installs the handler (above, "Paths"), and panic paths (bounds and overflow checks, `expect`,
//! cleanup while unwinding, the drop of a panic's payload that `catch_unwind` returns: `ok_catch_unwind`)
//! unless `--panics` is given. An indirect call that no fn of the program can answer is not reported
//! either (see "Indirect calls").
//!
//! # Limits
//!
//! - Indirect calls use the resolution above. It is imprecise where the trait is not shown (above)
//!   and where two Rust signatures share one LLVM shape (`fn(u32)` and `fn(i32)` are both `i32`).
//!   Without a linked artifact (libraries alone), std is precompiled: the vtables and address-taken
//!   fns only std builds are in no module read, so a call with other candidates in the program's
//!   own code is resolved to those alone, and the pools are every library of the build.
//! - A library is checked inside each linked program of the selection that uses it. A selection that
//!   links nothing reads std as precompiled code, known only through `classify::PRECOMPILED`: there
//!   an unlisted std fn is reported as unknown, and precompiled alloc code counts as heap use as a
//!   whole. `--tests` (the library's test harness) or `--examples` check through std's code.
//! - Dropping an `io::Error`, or a type that holds one, is not a free: only a custom `io::Error` owns
//!   heap memory, and making one is reported where it is made. A custom one made outside the handler
//!   and dropped in it is missed (`ok_limit_holes` pins it).
//! - File-descriptor I/O (`read`, `write`, `send`, `recv`, `accept`, `connect`, `open`) is allowed,
//!   as POSIX allows it: a handler that reads a blocking descriptor is not reported
//!   (`ok_limit_holes`). Calls whose purpose is to wait (`poll`, `sleep`, `fsync`, futex waits,
//!   `fcntl(F_SETLKW)` …) are. A wait for a child with a constant `WNOHANG` in its options returns
//!   at once and is not (`ok_sigchld_reaper`), nor is one whose `WNOHANG` reaches it from a
//!   constant in a caller (nix's `waitpid(pid, Some(WaitPidFlag::WNOHANG))`: `ok_p_constant_paths`);
//!   options the handler cannot know (a parameter, a static) are a wait, reported.
//! - System-call numbers are the host's: a `--target` of another architecture gets them misnamed.
//! - `nmi_unchecked!` covers temporaries dropped at the end of its own statement, not of a larger one.
//! - Inline assembly is reported as unknown unless its template is empty (a compiler barrier),
//!   holds only instructions that call nothing and wait for nothing (CPU identification and
//!   counters, `cpuid`, `rdtsc`; moves, fences and spin hints), or is one system call (`syscall`
//!   on x86-64, `svc 0` on AArch64, rustix's raw backend). That is read as C's `syscall(number,
//!   …)`, from the registers its constraints name, and goes by its number: a constant operand names
//!   it (`ok_p_asm_syscall`, `err_p_asm_syscall`); a number passed down from a caller is
//!   `syscall(?)`, unknown, unless "Paths" finds a harmless constant on every path, as it does for
//!   rustix's `getpid` and `write`; where it finds a number that waits (rustix's `nanosleep`), the
//!   finding takes that call's category ("is `syscall(SYS_nanosleep)` with the values that reach
//!   it, and sleeps").
//! - A call of a `#[may_sleep]` fn that the attribute's probe rejects at compile time is reported,
//!   under `cargo ctxlock`, by the whole-program check, so only when its `#[nmi_safe]` fn is
//!   compiled: in dead code or an uninstantiated generic fn, `cargo check` alone reports it.
//! - `RUSTFLAGS` from the environment are kept and extended; `build.rustflags` from cargo's config
//!   are not, because the environment variable replaces them.
//! - The order of events is followed for once-cells only, and only from `main` (above, "Paths"): a
//!   handler installed by a thread, by code reached through a fn pointer or a `dyn` call, or by a
//!   library's constructor gets its once-cells reported, set before or not; so does a cell that a
//!   `main` too large for the budget sets. Record such a call as a reviewed exception (above).
//! - Values ("Paths") are followed only inside the root's execution: what the root's own caller
//!   passes it (a handler's signal number) and what it reads from a static or through a pointer it
//!   was given are unknown, so both sides of a branch on them run. A value is also lost where a
//!   call that cannot be run may change it (a C fn, a call made through a vtable or fn pointer, a
//!   callee past its budget). The run stops, and the finding stands, where a call that may lead to
//!   the sink cannot be run: an indirect call whose candidates may reach it, code that calls back
//!   (`core::fmt::write`), recursion, more than 48 nested calls or 400,000 instructions (20
//!   million for all the findings of one program; past that, each finding stands). So
//!   `with_capacity(N)` with `N` a constant, from any crate, is followed; `N` read from a static is
//!   not.
//! - Linux with glibc is what the tables and tests are written against.

// The library is the binary's, split out so that its tests can reach the phases; it is not an API.
#![allow(missing_docs)]

pub mod allow;
pub mod args;
pub mod attr_errors;
pub mod build;
pub mod classify;
pub mod dot;
pub mod graph;
pub mod ir;
pub mod paths;
pub mod posix;
pub mod report;
pub mod resolve;
