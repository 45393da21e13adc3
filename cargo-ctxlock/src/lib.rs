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
//!    `--cfg ctxlock_analysis --emit=llvm-ir`, one codegen unit, line-table debug info and opt-level 0.
//!    Under that cfg the attributes' marks become real calls: `#[nmi_safe]` fns call
//!    `__private::analysis::nmi_safe_root`, `#[may_sleep]` fns call `may_sleep_entry`, and
//!    `nmi_unchecked!` brackets its expression with two calls located at its first and last token. In
//!    every other build the marks are empty `#[inline(always)]` fns, so release code does not change.
//!    `--release` keeps the release profile's cfgs and features, at opt-level 0 so that calls stay calls.
//! 2. **Read the IR** (`ir.rs`) of every crate of the program, dependencies included, after
//!    monomorphization: each fn instance's calls with their debug locations, the fns whose address it
//!    takes, vtables and other constants with fn pointers, and which blocks only run while unwinding.
//! 3. **Graph** (`graph.rs`). A program is one linked artifact with every library of the build. A root is
//!    every fn instance that calls the root mark: free fns, methods, trait impls, `extern "C"` handlers,
//!    and each instance of a generic one, so precision is per instance.
//! 4. **Classify** (`classify.rs`, `posix.rs`). What each callee is comes from tables with a reason per
//!    row: std's locks and waits, parking_lot, lock_api and spin, stdio, the allocator; for precompiled
//!    std, core and alloc code, what it does (unknown ones are reported as unknown); for C, POSIX's list
//!    of async-signal-safe fns, with the listed ones that sleep still reported as sleeping.
//! 5. **Report** (`report.rs`) rustc-style with annotate-snippets, or as cargo's JSON.
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
//! - Through a vtable slot (`dyn Trait`): the fns at that slot offset with the same parameter types,
//!   among the vtables the root's reachable code takes the address of or a static holds; if none, among
//!   all vtables of the program.
//! - Through a fn pointer: the same, among fns whose address is taken.
//! - Precompiled code that calls back (`core::fmt::write` and the `Formatter` methods, which call the
//!   `fmt::Write` impl and `Display` impls they are given): the fns whose address the caller, the
//!   caller's own callees, or the chain from the root take.
//! - No candidate at all: reported as an unresolved indirect call.
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
//! a hop that the resolution above chose. One error is reported per call in the root and category, with
//! a shortest chain. Another `#[nmi_safe]` fn met on the way is not entered: it is checked as a root.
//!
//! # What it does not report
//!
//! `HybridLock::try_lock` and the guard's release (its futex wake is one system call), atomics,
//! `NmiScope`, `core::ptr`, formatting into a fixed buffer, the async-signal-safe libc calls,
//! `std::process::abort`, whatever is inside `nmi_unchecked!` (up to the end of the statement that holds
//! it), code only sleepable code reaches, and panic paths (bounds and overflow checks, `expect`,
//! cleanup while unwinding) unless `--panics` is given.
//!
//! # Limits
//!
//! - Indirect calls use the resolution above: a `dyn` callback or fn pointer whose address is taken only
//!   by code the root does not reach (registered at startup into a heap structure, say) is found only
//!   when the root's own code takes no candidate of that shape. The whole-program pool counts every
//!   library of the build, including dev-dependencies an example does not use.
//! - Precompiled std code is known only through the table; a call it makes that the table does not
//!   describe is not seen. Precompiled alloc code counts as heap use as a whole.
//! - `nmi_unchecked!` covers temporaries dropped at the end of its own statement, not of a larger one.
//! - Inline assembly other than an empty barrier is reported as unknown.
//! - A call of a `#[may_sleep]` fn that the attribute's probe rejects at compile time is reported,
//!   under `cargo ctxlock`, by the whole-program check, so only when its `#[nmi_safe]` fn is
//!   compiled: in dead code or an uninstantiated generic fn, `cargo check` alone reports it.
//! - `RUSTFLAGS` from the environment are kept and extended; `build.rustflags` from cargo's config
//!   are not, because the environment variable replaces them.
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
pub mod posix;
pub mod report;
