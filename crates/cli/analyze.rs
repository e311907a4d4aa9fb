//! `detente analyze`: the bargaining landscape of a scenario at the start; and the
//! analysis of a run, made once for its summary lines and its JSON result.

use crate::Failure;
use crate::args::AnalyzeArgs;
use crate::output;
use anyhow::anyhow;
use detente_model::analysis::{
    self, Landscape, MutualTrust, Point, Problem, Resolution, RunAnalysis,
};
use detente_model::{RunRecord, Scenario};

pub fn analyze(args: AnalyzeArgs) -> Result<(), Failure> {
    let sc = crate::run::load_scenario(args.scenario.as_deref(), &args.set, args.extends)?;
    let resolution = Resolution::with_points(args.points as usize);
    let shown = detente_config::text::for_display(&sc);
    let text = report(&shown, resolution).map_err(|e| Failure::BadInput(anyhow!(e)))?;
    output::print(&text).map_err(Failure::Internal)
}

fn names(sc: &Scenario) -> Vec<String> {
    sc.settings
        .veto
        .iter()
        .map(|v| sc.actor(*v).name.clone())
        .collect()
}

fn percent(share: f64) -> String {
    format!("{:.1}%", 100.0 * share)
}

/// Each principal's value and gain, e.g. `Stalin 0.700 (+0.105)`.
fn values_line(names: &[String], p: &Point) -> String {
    names
        .iter()
        .zip(p.values.iter().zip(&p.gains))
        .map(|(n, (v, g))| format!("{n} {v:.3} ({g:+.3})"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn package_lines(sc: &Scenario, names: &[String], p: &Point, what: &str) -> String {
    let mut out = String::new();
    for (issue, x) in sc.issues.iter().zip(&p.positions) {
        out.push_str(&format!("    {}\n", issue.describe(*x)));
    }
    out.push_str(&format!(
        "    {} (gain over security): {}\n",
        what,
        values_line(names, p)
    ));
    out
}

fn points_section(sc: &Scenario, names: &[String], l: &Landscape, what: &str) -> String {
    let mut out = String::new();
    match &l.nash {
        Some(p) => {
            out.push_str(
                "  Nash bargaining package (the largest product of gains over security):\n",
            );
            out.push_str(&package_lines(sc, names, p, what));
        }
        None => out.push_str("  Nash bargaining package: none (no zone of agreement)\n"),
    }
    if let Some(p) = &l.kalai_smorodinsky {
        out.push_str(
            "  Kalai-Smorodinsky package (the largest equal share of each one's best gain):\n",
        );
        out.push_str(&package_lines(sc, names, p, what));
    }
    out.push_str(&format!(
        "  Maximum-welfare package (the largest sum of {}",
        what.replace("utility", "utilities")
    ));
    out.push_str(if l.max_welfare.gains.iter().all(|g| *g > 1e-9) {
        "):\n"
    } else {
        "; not everyone gains):\n"
    });
    out.push_str(&package_lines(sc, names, &l.max_welfare, what));
    out
}

fn zone_line(l: &Landscape) -> String {
    format!(
        "{}, {} of {} packages ({})",
        if l.zone.exists() { "yes" } else { "no" },
        l.zone.packages,
        l.packages,
        percent(l.zone.share)
    )
}

/// The landscape at the start of `sc`, as `detente analyze` prints it.
pub fn report(sc: &Scenario, resolution: Resolution) -> Result<String, analysis::AnalysisError> {
    let problem = Problem::at_start(sc);
    let a = analysis::analyze(&problem, resolution, None)?;
    let lowest = analysis::lowest_mutual_trust(&problem, resolution)?;
    let names = names(sc);
    let mut out = format!(
        "detente analyze: {} ({})\n",
        sc.settings.title, sc.settings.name
    );
    out.push_str(&format!(
        "Veto principals: {}.\nDisagreement point: the status quo ({}).\nThe scenario's initial values, before any of its events (even the first month's).\n",
        names.join(", "),
        short_package(sc, &sc.status_quo())
    ));
    out.push_str(&format!(
        "Grid: {} points per issue, {} packages.\n\n",
        a.plain.points_per_issue, a.plain.packages
    ));

    let w = names.iter().map(|n| n.len()).max().unwrap_or(0).max(10);
    out.push_str(&format!(
        "{:w2$}  {:>8}  {:>21}  {:>8}\n",
        "At the start",
        "security",
        "trust in counterparts",
        "paranoia",
        w2 = w + 2
    ));
    for (k, n) in names.iter().enumerate() {
        out.push_str(&format!(
            "  {n:w$}  {:>8.3}  {:>21.2}  {:>8.2}\n",
            a.plain.security[k], a.trust[k], a.paranoia[k]
        ));
    }
    out.push('\n');

    out.push_str("Zone of agreement (packages that beat security for every veto principal):\n");
    out.push_str(&format!(
        "  on plain utilities (as if every promise were kept):  {}\n",
        zone_line(&a.plain)
    ));
    out.push_str(&format!(
        "  at the initial trust (expected utilities):           {}\n\n",
        zone_line(&a.trust_weighted)
    ));

    out.push_str("On plain utilities:\n");
    out.push_str(&points_section(sc, &names, &a.plain, "utility"));
    out.push('\n');
    if a.trust_weighted.zone.exists() {
        out.push_str("At the initial trust:\n");
        out.push_str(&points_section(
            sc,
            &names,
            &a.trust_weighted,
            "expected utility",
        ));
    } else {
        out.push_str(
            "At the initial trust no package beats security for every veto principal: each\n\
             discounts a deal by its trust in the other side, and security wins.\n",
        );
    }
    out.push('\n');
    out.push_str(&mutual_trust_text(sc, &names, lowest.as_ref()));
    Ok(out)
}

fn mutual_trust_text(sc: &Scenario, names: &[String], m: Option<&MutualTrust>) -> String {
    let Some(m) = m else {
        return "Lowest mutual trust: none. No package beats security for every veto principal \
                even at full trust: no trust would have been enough.\n"
            .to_string();
    };
    let step = 1.0 / analysis::MUTUAL_TRUST_STEPS as f64;
    let mut out = format!("Lowest mutual trust: {:.3}\n", m.lowest);
    out.push_str(&format!(
        "  If every veto principal trusted each of its counterparts at {:.3} (paranoia as at\n  \
         the start), some package would beat security for every one of them; at {:.3} none\n  \
         would. (The exact threshold is {:.4}: any common trust above it is enough.)\n",
        m.lowest,
        m.lowest - step,
        m.threshold
    ));
    out.push_str("  The first package to get there:\n");
    out.push_str(&package_lines(sc, names, &m.package, "utility"));
    out
}

/// The bargaining analysis of a run, or why there is none.
pub type RunAnalyzed = Result<RunAnalysis, analysis::AnalysisError>;

/// The analysis of a run, made once for its summary and its result.
pub fn run_analysis(sc: &Scenario, rec: &RunRecord) -> RunAnalyzed {
    analysis::analyze_run(sc, rec, Resolution::default())
}

/// The summary lines of a run: the zone of agreement, the Nash package and the outcome's
/// distances.
pub fn summary(sc: &Scenario, analyzed: &RunAnalyzed) -> String {
    let ra = match analyzed {
        Ok(ra) => ra,
        Err(e) => return format!("Bargaining analysis: none ({e})\n"),
    };
    let mut out = format!(
        "Zone of agreement: {} of {} packages on plain utilities; {} at the trust of the \
         start, {} at the end.\n",
        percent(ra.start.plain.zone.share),
        ra.start.plain.packages,
        percent(ra.start.trust_weighted.zone.share),
        percent(ra.end.trust_weighted.zone.share),
    );
    let Some(o) = &ra.start.outcome else {
        return out;
    };
    match &ra.start.plain.nash {
        Some(nash) => out.push_str(&format!(
            "Nash package: {}; the outcome is {:.3} from it in utility (package distance \
             {:.3}), {:.3} from the Pareto frontier.\n",
            short_package(sc, &nash.positions),
            o.plain.to_nash.unwrap_or(f64::NAN),
            o.plain.to_nash_package.unwrap_or(f64::NAN),
            o.plain.to_frontier
        )),
        None => out.push_str(&format!(
            "No Nash package (no zone of agreement); the outcome is {:.3} from the Pareto \
             frontier in utility.\n",
            o.plain.to_frontier
        )),
    }
    out
}

/// A package as values only, e.g. `Poland 0.40, Germany 0.30, Loan $7.0B`.
fn short_package(sc: &Scenario, xs: &[f64]) -> String {
    sc.issues
        .iter()
        .zip(xs)
        .map(|(i, x)| format!("{} {}", i.name, i.show_value(*x)))
        .collect::<Vec<_>>()
        .join(", ")
}
