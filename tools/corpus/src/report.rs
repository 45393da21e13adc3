//! The outcomes as a table, with the totals per attribute.

use std::fmt::Write as _;

use crate::{Attr, Count, Outcome, Verdict};

/// One line per build, then the totals of the builds that succeed.
pub fn report(outcomes: &[Outcome]) -> String {
    let mut text = String::new();
    let _ = writeln!(
        text,
        "{:<22} {:<5} {:<12} {:<10} {:>5} {:>5} {:>5} {:>6}  result",
        "crate", "ed.", "features", "attribute", "files", "fns", "built", "time"
    );
    for o in outcomes {
        let verdict = match &o.verdict {
            Verdict::Builds => "builds",
            Verdict::FailsAsExpected => "fails as expected (not counted)",
            Verdict::Wrong(_) => "WRONG",
        };
        let _ = writeln!(
            text,
            "{:<22} {:<5} {:<12} {:<10} {:>5} {:>5} {:>5} {:>5.1}s  {verdict}",
            format!("{} {}", o.name, o.version),
            o.edition,
            if o.default_features {
                "default"
            } else {
                "none"
            },
            o.attr.map_or("-", Attr::name),
            o.files,
            o.count.fns,
            o.count.built,
            o.took.as_secs_f64(),
        );
    }
    for attr in [Attr::MaySleep, Attr::NmiSafe] {
        let (total, builds) = built(outcomes, attr);
        let _ = writeln!(
            text,
            "#[{}]: {} fns annotated in {builds} builds that succeed, {} of them compiled",
            attr.name(),
            total.fns,
            total.built,
        );
    }
    text
}

/// What the builds with `attr` that succeed annotated, and how many builds.
pub fn built(outcomes: &[Outcome], attr: Attr) -> (Count, usize) {
    let mut total = Count::default();
    let mut builds = 0;
    for o in outcomes
        .iter()
        .filter(|o| o.attr == Some(attr) && matches!(o.verdict, Verdict::Builds))
    {
        total += o.count;
        builds += 1;
    }
    (total, builds)
}
