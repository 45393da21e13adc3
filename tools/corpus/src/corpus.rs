//! The crates, and how each is built. Their versions are pinned in this package's `Cargo.toml`.

use crate::annotate::Attr;

/// One crate of the corpus.
pub struct Entry {
    /// The package name.
    pub name: &'static str,
    /// Each compared with the crate built unannotated, with the same features.
    pub builds: &'static [Build],
}

/// One annotated build of a crate, compared with the same crate built unannotated.
pub struct Build {
    /// On every fn: free fns, methods, trait fns with and without a body, foreign fns.
    pub attr: Attr,
    /// With the crate's default features; otherwise with none.
    pub default_features: bool,
    /// What rustc must say.
    pub expect: Expect,
}

/// The outcome a build must have.
pub enum Expect {
    /// It builds, with no warning that the unannotated build does not have.
    Builds,
    /// It fails with exactly these errors (messages, in any order): where a rule rightly rejects real
    /// code, or where real code meets a documented limit of the attributes.
    Errors(&'static [&'static str]),
}

const fn entry(name: &'static str, builds: &'static [Build]) -> Entry {
    Entry { name, builds }
}

const MAY_SLEEP: Attr = Attr::MaySleep;
const NMI_SAFE: Attr = Attr::NmiSafe;

/// Both attributes, each on every fn, with the default features: the crate builds.
const BOTH: &[Build] = &[builds(MAY_SLEEP), builds(NMI_SAFE)];

const fn builds(attr: Attr) -> Build {
    Build {
        attr,
        default_features: true,
        expect: Expect::Builds,
    }
}

const fn builds_without_default_features(attr: Attr) -> Build {
    Build {
        attr,
        default_features: false,
        expect: Expect::Builds,
    }
}

const fn fails(attr: Attr, errors: &'static [&'static str]) -> Build {
    Build {
        attr,
        default_features: true,
        expect: Expect::Errors(errors),
    }
}

// Rule 3, and the rule on the C allocator's fns: allocation may take a lock.
const VEC: &str =
    "`vec!` allocates, and the allocator may take a lock; use an array or a buffer allocated beforehand";
const FORMAT: &str =
    "`format!` allocates, and the allocator may take a lock; `write!` into a fixed stack buffer instead";
const REALLOC: &str =
    "`realloc` allocates, and the allocator may take a lock; `#[nmi_safe]` code must not: allocate beforehand";
const ALLOC_REALLOC: &str =
    "`alloc::alloc::realloc` allocates, and the allocator may take a lock; \
                             `#[nmi_safe]` code must not: allocate beforehand";

/// `#[may_sleep]` goes on every crate; `#[nmi_safe]` on the crates that do no blocking work.
///
/// Where a build fails, the errors are listed exactly: they are rules hitting real code (allocation).
/// Among the crates are the shapes that once broke `#[may_sleep]`: fns beside modules of the same name
/// (anyhow's `not`, memchr, num-traits, base64, winnow), fns re-exported from modules of their name
/// (libm), constructors and trait fns without `self` (regex-syntax, smallvec, log, bytemuck).
pub const CORPUS: &[Entry] = &[
    entry("semver", BOTH),
    entry("regex-syntax", &[builds(MAY_SLEEP)]),
    // A spilled `SmallVec` allocates.
    entry(
        "smallvec",
        &[builds(MAY_SLEEP), fails(NMI_SAFE, &[VEC, ALLOC_REALLOC])],
    ),
    entry("itoa", BOTH),
    entry("ryu", BOTH),
    entry("hex", BOTH),
    entry(
        "base64",
        &[
            // `mod encode; pub use crate::encode::encode;`, and the same for `decode`.
            builds(MAY_SLEEP),
            // `Engine::encode` and `Engine::decode` allocate their buffers.
            fails(NMI_SAFE, &[VEC, VEC]),
            builds_without_default_features(MAY_SLEEP),
            builds_without_default_features(NMI_SAFE),
        ],
    ),
    // `pub use crate::memchr::memchr; mod memchr;` in the crate root.
    entry("memchr", BOTH),
    entry("unicode-width", BOTH),
    entry(
        "hashbrown",
        &[
            builds(MAY_SLEEP),
            builds(NMI_SAFE),
            // Without the dependency `equivalent`, which shares its name with hashbrown's fn.
            builds_without_default_features(NMI_SAFE),
        ],
    ),
    // `pub mod cast; pub use crate::cast::cast;`, and the same for `pow`.
    entry("num-traits", BOTH),
    entry("arrayvec", BOTH),
    entry("either", BOTH),
    entry("byteorder", BOTH),
    // `use core::arch::x86_64::*;` and fns of the same names beside it.
    entry("zmij", BOTH),
    entry("percent-encoding", BOTH),
    // `BytesMut::zeroed` allocates.
    entry("bytes", &[builds(MAY_SLEEP), fails(NMI_SAFE, &[VEC])]),
    entry("indexmap", BOTH),
    entry(
        "winnow",
        &[
            // `mod expression; pub use self::expression::expression;` in `combinator`.
            builds(MAY_SLEEP),
            // Without `alloc`, where its errors allocate (`vec!`, `format!`).
            builds_without_default_features(MAY_SLEEP),
            builds_without_default_features(NMI_SAFE),
        ],
    ),
    // `FixedBitSet::with_capacity` allocates.
    entry("fixedbitset", &[builds(MAY_SLEEP), fails(NMI_SAFE, &[VEC])]),
    // Growing a `ThinVec` reallocates.
    entry(
        "thin-vec",
        &[builds(MAY_SLEEP), fails(NMI_SAFE, &[REALLOC])],
    ),
    entry("unicase", BOTH),
    entry("foldhash", BOTH),
    entry("zerocopy", BOTH),
    entry("text-size", BOTH),
    entry("utf8_iter", BOTH),
    entry("rustc_apfloat", BOTH),
    // The `Debug` impl of `IdxRange` formats its name.
    entry("la-arena", &[builds(MAY_SLEEP), fails(NMI_SAFE, &[FORMAT])]),
    entry("smol_str", BOTH),
    entry("powerfmt", BOTH),
    entry("rustc-hash", BOTH),
    // `fn not()` beside `mod not`, and `Error::msg`, a constructor without `self`.
    entry("anyhow", &[builds(MAY_SLEEP), builds(NMI_SAFE)]),
    entry("log", BOTH),
    // `mod sin { pub fn sin }` and `pub use self::sin::sin;`, for every fn of the library.
    entry("libm", BOTH),
    entry("bytemuck", BOTH),
];
