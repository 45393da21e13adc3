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
    /// On every fn that has a body.
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
/// Where a build fails, the errors are listed exactly: rules hitting real code (allocation), and two
/// documented limits of rule 5 (see "What is not checked" in `#[nmi_safe]`'s docs and "How callers
/// see it" in `#[may_sleep]`'s): `mod name; pub use name::name;` with `#[may_sleep] fn name`, and a
/// fn that carries an attribute and shadows a glob import of its name, called from `#[nmi_safe]`.
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
            fails(
                MAY_SLEEP,
                &[
                    "the name `encode` is defined multiple times",
                    "the name `decode` is defined multiple times",
                ],
            ),
            // `Engine::encode` and `Engine::decode` allocate their buffers.
            fails(NMI_SAFE, &[VEC, VEC]),
            builds_without_default_features(MAY_SLEEP),
            builds_without_default_features(NMI_SAFE),
        ],
    ),
    entry(
        "memchr",
        &[
            // `pub use crate::memchr::memchr; mod memchr;` in the crate root.
            fails(MAY_SLEEP, &["the name `memchr` is defined multiple times"]),
            // `crate::memchr(…)` also names the module `memchr`, whose glob brings no marker.
            builds(NMI_SAFE),
        ],
    ),
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
    entry(
        "num-traits",
        &[
            // `pub mod cast; pub use crate::cast::cast;`, and the same for `pow`.
            fails(
                MAY_SLEEP,
                &[
                    "the name `cast` is defined multiple times",
                    "the name `pow` is defined multiple times",
                ],
            ),
            // `super::pow(…)` also names the module `pow`, whose glob brings no marker.
            builds(NMI_SAFE),
        ],
    ),
    entry("arrayvec", BOTH),
    entry("either", BOTH),
    entry("byteorder", BOTH),
    entry(
        "zmij",
        &[
            builds(MAY_SLEEP),
            // `use core::arch::x86_64::*;` and fns of the same names beside it, which now carry
            // `#[nmi_safe]`: the probe's import of a macro-expanded name that shadows a glob (E0659).
            fails(
                NMI_SAFE,
                &[
                    "`_mm_set_epi64x` is ambiguous",
                    "`_mm_set_epi32` is ambiguous",
                    "`_mm_set_epi16` is ambiguous",
                ],
            ),
        ],
    ),
    entry("percent-encoding", BOTH),
    // `BytesMut::zeroed` allocates.
    entry("bytes", &[builds(MAY_SLEEP), fails(NMI_SAFE, &[VEC])]),
    entry("indexmap", BOTH),
    entry(
        "winnow",
        &[
            // `mod expression; pub use self::expression::expression;` in `combinator`.
            fails(
                MAY_SLEEP,
                &["the name `expression` is defined multiple times"],
            ),
            // Without `alloc`, where its errors allocate (`vec!`, `format!`), and without `expression`.
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
];
