//! The report of a sweep: how the shares respond to the varied parameters (curves or heat
//! maps), outcome shares per configuration with their 95% Wilson intervals, and tables.

use crate::chart::{self, Bar, BarChart, Scale};
use crate::escape::html;
use crate::html::{figure, page};
use crate::response;
use crate::{Chart, Report, ReportError};
use detente_sweep::results::{Meta, Row};
use detente_sweep::stats::{self, Summary};

/// Configurations drawn in the chart at most (the tables list them all).
const MAX_CONFIGS: usize = 16;

/// The report of a sweep's results: `source` names the file (for the heading), `meta` is its
/// sidecar and `rows` the runs read from it.
pub fn sweep_report(source: &str, meta: &Meta, rows: &[Row]) -> Result<Report, ReportError> {
    let plan = &meta.plan;
    let configs = plan.design.len();
    if configs == 0 {
        return Err(ReportError::Input(
            "the sweep's description has no configuration".into(),
        ));
    }
    let summaries = stats::summarize(rows, configs, &meta.labels, meta.issues.len());
    let mut body = format!(
        "<h1>Sweep: {}</h1>\n<p class=\"sub\">Results file <code>{}</code>: {} configuration(s) \u{d7} {} runs{}, {} of {} runs finished{}.</p>\n",
        html(&plan.scenario),
        html(source),
        configs,
        plan.runs,
        plan.seed_start
            .map(|s| format!(", seeds {} to {}", s, s + plan.runs.saturating_sub(1)))
            .unwrap_or_else(|| ", from the scenario's seed".into()),
        rows.len(),
        plan.total(),
        plan.shard
            .map(|(k, n)| format!(" (shard {k} of {n})"))
            .unwrap_or_default()
    );
    if !plan.sets.is_empty() {
        body.push_str(&format!(
            "<p>Every run with <code>{}</code>.</p>\n",
            html(&plan.sets.join(" "))
        ));
    }
    let mut charts = Vec::new();
    // Categories: every outcome label of the scenario, then any other seen in the runs.
    let mut categories: Vec<String> = meta.labels.clone();
    for s in &summaries {
        for (l, _) in &s.outcomes {
            if !categories.contains(l) {
                categories.push(l.clone());
            }
        }
    }
    let counted: Vec<&Summary> = summaries.iter().filter(|s| s.n > 0).collect();
    if !counted.is_empty() {
        let response = match response::curves(&plan.design, &summaries, &categories)? {
            Some(r) => Some(r),
            None => response::heat_maps(&plan.design, &summaries, &categories)?,
        };
        if let Some((html, mut cs)) = response {
            body.push_str(&html);
            charts.append(&mut cs);
        }
    }
    body.push_str("<h2 id=\"shares\">Outcome shares</h2>\n");
    if counted.is_empty() {
        body.push_str("<p class=\"note\">No finished run in this file yet.</p>\n");
    } else {
        let shown: Vec<&Summary> = counted.iter().take(MAX_CONFIGS).copied().collect();
        let series: Vec<(String, Vec<Bar>)> = shown
            .iter()
            .map(|s| {
                let bars = categories
                    .iter()
                    .map(|c| {
                        let k = count(s, c);
                        let (lo, hi) = stats::wilson(k, s.n);
                        Bar {
                            value: k as f64 / s.n as f64,
                            lo,
                            hi,
                        }
                    })
                    .collect();
                (
                    format!("{} ({} runs)", plan.design.describe(s.config), s.n),
                    bars,
                )
            })
            .collect();
        let configs: Vec<usize> = shown.iter().map(|s| s.config).collect();
        let bc = BarChart {
            caption: "Outcome shares with 95% Wilson intervals".into(),
            categories: categories.clone(),
            series,
            colors: response::config_colors(&plan.design, &configs),
            x_desc: "share of runs".into(),
            scale: Scale::Share,
            reference: None,
            width: 1060,
        };
        let c = Chart {
            name: "outcome-shares".into(),
            svg: chart::bar_chart(&bc)?,
        };
        let mut caption = String::from(
            "Each bar is the share of runs that ended in that outcome; the whiskers are its 95% Wilson score interval, the range of true probabilities these runs are consistent with.",
        );
        if plan.design.keys.len() == 1 && response::numeric_column(&plan.design, 0).is_some() {
            caption.push_str(
                " Configurations are coloured from dark to light in the order of their value.",
            );
        }
        if counted.len() > MAX_CONFIGS {
            caption.push_str(&format!(
                " The chart shows the first {MAX_CONFIGS} of {} configurations; the tables list them all.",
                counted.len()
            ));
        }
        body.push_str(&figure(&c, &caption));
        charts.push(c);
    }

    body.push_str("<h2 id=\"configurations\">By configuration</h2>\n");
    for s in &summaries {
        body.push_str(&format!(
            "<h3>Configuration {} of {}: <code>{}</code> ({} runs)</h3>\n",
            s.config + 1,
            configs,
            html(&plan.design.describe(s.config)),
            s.n
        ));
        if s.n == 0 {
            body.push_str("<p class=\"note\">No runs yet.</p>\n");
            continue;
        }
        body.push_str(
            "<table><tr><th>Outcome</th><th>Runs</th><th>Share</th><th>95% interval</th></tr>\n",
        );
        for c in &categories {
            let k = count(s, c);
            let (lo, hi) = stats::wilson(k, s.n);
            body.push_str(&format!(
                "<tr><td>{}</td><td class=\"num\">{k}</td><td class=\"num\">{}</td><td class=\"num\">{} to {}</td></tr>\n",
                html(c),
                stats::pct(k as f64 / s.n as f64),
                stats::pct(lo),
                stats::pct(hi)
            ));
        }
        body.push_str("</table>\n");
        let ends: Vec<String> = s
            .reasons
            .iter()
            .map(|(r, k)| format!("{} {}", html(r), stats::pct(*k as f64 / s.n as f64)))
            .collect();
        let means: Vec<String> = meta
            .issues
            .iter()
            .zip(&s.mean_positions)
            .map(|(i, x)| format!("{} {}", html(&i.name), html(&i.show_value(*x))))
            .collect();
        body.push_str(&format!(
            "<p>Ends: {}. Median rounds to equilibrium: {}. Mean final positions: {}.</p>\n",
            ends.join(", "),
            s.median_round,
            means.join(", ")
        ));
    }
    let html = page(
        &format!("detente report: sweep of {}", plan.scenario),
        &body,
    );
    Ok(Report { html, charts })
}

fn count(s: &Summary, label: &str) -> u64 {
    s.outcomes
        .iter()
        .find(|(l, _)| l == label)
        .map_or(0, |(_, k)| *k)
}
