//! Every crate of the corpus, annotated on every fn, builds as `corpus::CORPUS` says, and the builds
//! that succeed compile at least 2,000 annotated fns for each attribute. The copies and their shared
//! target directory live under this workspace's target directory, so reruns are incremental.

use std::path::Path;
use std::time::Instant;

use ctxlock_corpus::{Attr, Verdict};

/// What the corpus must cover, per attribute, in builds that succeed.
const AT_LEAST: usize = 2_000;

#[test]
fn every_fn_of_real_crates_annotated_still_builds() {
    let this = Path::new(env!("CARGO_MANIFEST_DIR"));
    let ctxlock = this.join("../..");
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("corpus");
    let started = Instant::now();
    let outcomes = ctxlock_corpus::run(&ctxlock, &this.join("Cargo.toml"), &scratch, |_| {})
        .unwrap_or_else(|e| panic!("the corpus run did not get to build: {e}"));
    let report = ctxlock_corpus::report(&outcomes);
    eprintln!("{report}corpus run: {:.0?}", started.elapsed());

    let mut wrong = String::new();
    for o in &outcomes {
        if let Verdict::Wrong(problems) = &o.verdict {
            let attr = o.attr.map_or("no attribute", Attr::name);
            wrong += &format!(
                "\n==> {} {} with {attr} ({}):\n{}",
                o.name,
                o.version,
                o.dir.display(),
                problems.join("\n")
            );
        }
    }
    assert!(
        wrong.is_empty(),
        "builds that are not as `corpus::CORPUS` expects:{wrong}\n\n{report}"
    );
    for attr in [Attr::MaySleep, Attr::NmiSafe] {
        let (count, _) = ctxlock_corpus::built(&outcomes, attr);
        assert!(
            count.built >= AT_LEAST,
            "only {} fns compiled with #[{}]:\n{report}",
            count.built,
            attr.name()
        );
    }
}
