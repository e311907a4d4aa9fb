//! `detente compare`: two scenarios on the same seeds, paired seed by seed.

use crate::Failure;
use crate::args::CompareArgs;
use crate::output;
use crate::summarize::check as check_table_path;
use crate::sweep::{Progress, failure, threads};
use detente_config::text::shown;
use detente_sweep::design::Design;
use detente_sweep::paired::{self, Contrast, Event};
use detente_sweep::plan::Plan;
use detente_sweep::results::Row;
use detente_sweep::session::{self, Loaded};
use detente_sweep::summary::Format;

pub fn compare(args: CompareArgs) -> Result<(), Failure> {
    if let Some(out) = &args.out {
        check_table_path(out, None)?;
    }
    // Load (and check) both scenarios before running either, so a mistake in B costs
    // nothing.
    let plan_of = |path: &std::path::Path, seed_start| Plan {
        scenario: path.display().to_string(),
        sets: args.set.clone(),
        design: Design::single(),
        runs: args.runs,
        seed_start,
        shard: None,
    };
    let mut loaded = Vec::new();
    for path in [&args.a, &args.b] {
        let plan = plan_of(path, args.seed_start);
        loaded.push(session::load(&plan, &args.extends.reference(path)).map_err(failure)?);
    }
    // Both scenarios run the same seeds: A's, unless --seed-start says otherwise.
    let first = args.seed_start.unwrap_or(loaded[0].bases[0]);
    let mut results: Vec<(Loaded, Vec<Row>)> = Vec::new();
    for (path, mut loaded) in [&args.a, &args.b].into_iter().zip(loaded) {
        let plan = plan_of(path, Some(first));
        loaded.bases = vec![first; loaded.bases.len()];
        let mut progress = Progress::named("compare");
        let rows = session::run(
            &plan,
            &loaded,
            None,
            false,
            threads(args.threads),
            |d, t| progress.update(d, t),
        );
        progress.finish();
        results.push((loaded, rows.map_err(failure)?));
    }
    let (la, ra) = &results[0];
    let (lb, rb) = &results[1];
    let pairs = paired::pair(ra, rb).map_err(failure)?;
    let mut labels = la.labels.clone();
    for l in &lb.labels {
        if !labels.contains(l) {
            labels.push(l.clone());
        }
    }
    let contrasts = paired::contrasts(&pairs, &labels);
    if let Some(out) = &args.out {
        let format = Format::of(out).map_err(failure)?;
        let table = paired::table(&pairs, &la.issues, &lb.issues);
        output::write_atomic(out, &table.render(format))?;
    }
    let mut text = format!(
        "detente compare: A = {} ({}), B = {} ({}), seeds {} to {} each, paired by seed\n\n",
        shown(&la.scenarios[0].settings.title),
        shown(&args.a.display().to_string()),
        shown(&lb.scenarios[0].settings.title),
        shown(&args.b.display().to_string()),
        first,
        first.saturating_add(args.runs - 1)
    );
    text.push_str(&render(&contrasts));
    output::print(&text).map_err(Failure::Internal)
}

/// "p = ..." as people read it: three decimals, or two significant digits when small.
fn p_value(p: f64) -> String {
    if p >= 0.001 {
        format!("p = {p:.3}")
    } else if p > 0.0 {
        format!("p = {p:.1e}")
    } else {
        // Below the smallest double: the tail underflowed.
        "p < 1e-300".into()
    }
}

fn render(contrasts: &[Contrast]) -> String {
    let width = contrasts
        .iter()
        .map(|c| shown(c.event.name()).chars().count())
        .max()
        .unwrap_or(10)
        .max(10);
    let mut text = format!(
        "  {:width$}  {:>6}  {:>6}  {:>8}  {:>20}  {:>22}\n",
        "", "A", "B", "B - A", "paired 95% interval", "unpaired 95% interval"
    );
    let pt = |x: f64| format!("{:+.1}", 100.0 * x);
    for c in contrasts {
        let n = c.n().max(1) as f64;
        let (d, lo, hi) = c.paired();
        let (_, ulo, uhi) = c.unpaired();
        text.push_str(&format!(
            "  {:width$}  {:>5.1}%  {:>5.1}%  {:>6}pt  {:>20}  {:>22}\n",
            shown(c.event.name()),
            100.0 * c.a() as f64 / n,
            100.0 * c.b() as f64 / n,
            pt(d),
            format!("[{}, {}]", pt(lo), pt(hi)),
            format!("[{}, {}]", pt(ulo), pt(uhi)),
        ));
    }
    if let Some(settle) = contrasts
        .iter()
        .find(|c| c.event == Event::Reason("settlement".into()))
    {
        text.push_str(&format!(
            "\nSettling, seed by seed: {} seeds settle under B only, {} under A only, {} agree; McNemar's exact test {}.\n",
            settle.b_only,
            settle.a_only,
            settle.both + settle.neither,
            p_value(settle.mcnemar())
        ));
    }
    text.push_str(
        "Shares in percent; differences in percentage points. The paired interval (Newcombe's method for paired shares) counts that both sides ran the same seeds; the unpaired one (Newcombe's hybrid score interval) is what two independent samples of the same size would give.\n",
    );
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn p_values_read_as_written() {
        assert_eq!(p_value(1.0), "p = 1.000");
        assert_eq!(p_value(0.01294), "p = 0.013");
        assert_eq!(p_value(3.14e-40), "p = 3.1e-40");
        assert_eq!(p_value(0.0), "p < 1e-300");
    }
}
