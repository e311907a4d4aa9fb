//! The report of a sensitivity study (the `--json` file of `detente sensitivity`): per
//! metric, the parameters ranked in a bar chart of their indices with 95% intervals
//! (Morris: mu* and sigma, with the seed-noise floor; Sobol: first-order and total), and
//! the table of every parameter.

use crate::chart::palette;
use crate::chart::{self, Bar, BarChart, Scale};
use crate::escape::html;
use crate::html::{figure, page};
use crate::{Chart, Report, ReportError};
use detente_sweep::sensitivity::Method;
use detente_sweep::sensitivity::file::{Indices, MetricIndices, Ranked, SensitivityFile};
use detente_sweep::stats::pct;

/// Parameters drawn per chart at most (the table lists them all).
const MAX_BARS: usize = 30;

fn num(x: f64) -> String {
    let s = format!("{x:.3}");
    if s == "-0.000" { "0.000".into() } else { s }
}

fn heading(f: &SensitivityFile) -> String {
    let k = f.params.len();
    let what = match &f.method {
        Method::Morris {
            trajectories,
            levels,
        } => format!(
            "Morris screening of {k} parameters: {trajectories} trajectories on a {levels}-level grid"
        ),
        Method::Sobol { base } => {
            format!("Sobol indices of {k} parameters: Saltelli's sample of {base} base points")
        }
    };
    let mut out = format!(
        "<h1>Sensitivity: {}</h1>\n<p class=\"sub\">Scenario <code>{}</code>. {}, {} points \u{d7} {} runs ({} runs), seeds {} to {} at every point{}.</p>\n",
        html(&f.title),
        html(&f.scenario),
        html(&what),
        f.points,
        f.runs_per_point,
        f.points as u64 * f.runs_per_point,
        f.seeds[0],
        f.seeds[1],
        f.results
            .as_ref()
            .map(|r| format!("; runs in <code>{}</code>", html(r)))
            .unwrap_or_default()
    );
    if !f.sets.is_empty() {
        out.push_str(&format!(
            "<p>Every point with <code>{}</code>.</p>\n",
            html(&f.sets.join(" "))
        ));
    }
    out
}

/// A parameter as the chart names it: its key, and what it is when the key does not say.
fn label<T>(r: &Ranked<T>) -> String {
    if r.about.is_empty() {
        r.key.clone()
    } else {
        format!("{} ({})", r.key, r.about)
    }
}

/// The range of a bar chart that holds every bar and interval, with 0.
fn span(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = values
        .filter(|v| v.is_finite())
        .fold((0.0f64, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    if hi > lo { (lo, hi * 1.08) } else { (0.0, 1.0) }
}

fn morris_section(
    n: usize,
    f: &SensitivityFile,
    m: &MetricIndices,
    rs: &[Ranked<detente_sensitivity::morris::Index>],
) -> Result<(String, Chart), ReportError> {
    let shown = &rs[..rs.len().min(MAX_BARS)];
    let floor = m.noise_floor(&f.method).unwrap_or(0.0);
    let (lo, hi) = span(
        shown
            .iter()
            .flat_map(|r| [r.index.mu_star_hi, r.index.sigma])
            .chain([floor]),
    );
    let colors = palette::categorical(2);
    let bc = BarChart {
        caption: format!("Morris indices: {}", m.description),
        categories: shown.iter().map(label).collect(),
        series: vec![
            (
                "mu* (importance), with its 95% bootstrap interval".into(),
                shown
                    .iter()
                    .map(|r| Bar {
                        value: r.index.mu_star,
                        lo: r.index.mu_star_lo,
                        hi: r.index.mu_star_hi,
                    })
                    .collect(),
            ),
            (
                "sigma (interactions or curvature)".into(),
                shown
                    .iter()
                    .map(|r| Bar {
                        value: r.index.sigma,
                        lo: r.index.sigma,
                        hi: r.index.sigma,
                    })
                    .collect(),
            ),
        ],
        colors,
        x_desc: "change in the metric across the parameter's range".into(),
        scale: Scale::Linear { lo, hi },
        reference: Some((floor, "seed noise floor of mu*".into())),
        width: 1060,
    };
    let c = Chart {
        name: format!("morris-{n}"),
        svg: chart::bar_chart(&bc)?,
    };
    let mut caption = String::from(
        "Parameters ranked by mu*, the mean absolute elementary effect: how much the metric changes when the parameter moves across its range. The whisker is mu*'s 95% bootstrap interval over the trajectories; sigma, the spread of the effects, is large when the effect depends on the other parameters or on where in its range the parameter is. The dashed line is the mu* that seed noise alone would give under independent seeds (common seeds make it lower); a parameter with no effect shows 0.",
    );
    if rs.len() > MAX_BARS {
        caption.push_str(&format!(
            " The chart shows the first {MAX_BARS} of {} parameters; the table lists them all.",
            rs.len()
        ));
    }
    let mut html = figure(&c, &caption);
    html.push_str("<table><tr><th>Rank</th><th>Parameter</th><th>Range</th><th>mu*</th><th>95% interval</th><th>mu</th><th>sigma</th></tr>\n");
    for r in rs {
        let x = &r.index;
        html.push_str(&format!(
            "<tr><td class=\"num\">{}</td><td><code>{}</code>{}</td><td class=\"num\">{} to {}</td><td class=\"num\">{}</td><td class=\"num\">{} to {}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n",
            r.rank,
            crate::escape::html(&r.key),
            about(&r.about),
            num(r.lo),
            num(r.hi),
            num(x.mu_star),
            num(x.mu_star_lo),
            num(x.mu_star_hi),
            num(x.mu),
            num(x.sigma)
        ));
    }
    html.push_str("</table>\n");
    Ok((html, c))
}

fn sobol_section(
    n: usize,
    f: &SensitivityFile,
    m: &MetricIndices,
    rs: &[Ranked<detente_sensitivity::sobol::Index>],
) -> Result<(String, Chart), ReportError> {
    let shown = &rs[..rs.len().min(MAX_BARS)];
    let (lo, hi) = span(shown.iter().flat_map(|r| {
        let x = &r.index;
        [x.s1_lo, x.s1_hi, x.st_lo, x.st_hi]
    }));
    let bar = |v: f64, lo: f64, hi: f64| Bar { value: v, lo, hi };
    let bc = BarChart {
        caption: format!("Sobol indices: {}", m.description),
        categories: shown.iter().map(label).collect(),
        series: vec![
            (
                "S1 (first-order: alone)".into(),
                shown
                    .iter()
                    .map(|r| bar(r.index.s1, r.index.s1_lo, r.index.s1_hi))
                    .collect(),
            ),
            (
                "ST (total: with its interactions)".into(),
                shown
                    .iter()
                    .map(|r| bar(r.index.st, r.index.st_lo, r.index.st_hi))
                    .collect(),
            ),
        ],
        colors: palette::categorical(2),
        x_desc: "share of the metric's variance over the sample".into(),
        scale: Scale::Linear {
            lo: lo.max(-0.5),
            hi: hi.min(1.5),
        },
        reference: None,
        width: 1060,
    };
    let c = Chart {
        name: format!("sobol-{n}"),
        svg: chart::bar_chart(&bc)?,
    };
    let noise = m.noise_share(&f.method).unwrap_or(0.0);
    let mut caption = format!(
        "Parameters ranked by their total index. S1 is the share of the metric's variance a parameter explains alone, ST the share it takes part in with its interactions; ST is never below S1 but for estimation error, and a parameter with ST near 0 can be fixed anywhere in its range. Whiskers: 95% bootstrap intervals over the base samples. Seed noise is about {} of the variance: it adds to every ST and lowers every S1.",
        pct(noise)
    );
    if rs.len() > MAX_BARS {
        caption.push_str(&format!(
            " The chart shows the first {MAX_BARS} of {} parameters; the table lists them all.",
            rs.len()
        ));
    }
    let mut html = figure(&c, &caption);
    html.push_str("<table><tr><th>Rank</th><th>Parameter</th><th>Range</th><th>S1</th><th>95% interval</th><th>ST</th><th>95% interval</th></tr>\n");
    for r in rs {
        let x = &r.index;
        html.push_str(&format!(
            "<tr><td class=\"num\">{}</td><td><code>{}</code>{}</td><td class=\"num\">{} to {}</td><td class=\"num\">{}</td><td class=\"num\">{} to {}</td><td class=\"num\">{}</td><td class=\"num\">{} to {}</td></tr>\n",
            r.rank,
            crate::escape::html(&r.key),
            about(&r.about),
            num(r.lo),
            num(r.hi),
            num(x.s1),
            num(x.s1_lo),
            num(x.s1_hi),
            num(x.st),
            num(x.st_lo),
            num(x.st_hi)
        ));
    }
    html.push_str("</table>\n");
    Ok((html, c))
}

fn about(text: &str) -> String {
    if text.is_empty() {
        String::new()
    } else {
        format!(" <span class=\"muted\">({})</span>", html(text))
    }
}

/// The report of a sensitivity study.
pub fn sensitivity_report(f: &SensitivityFile) -> Result<Report, ReportError> {
    let mut body = heading(f);
    let mut charts = Vec::new();
    for (n, m) in f.metrics.iter().enumerate() {
        body.push_str(&format!(
            "<h2 id=\"metric-{}\">{}</h2>\n<p>Mean over the points: {}; standard error of one point (seed noise): {}.</p>\n",
            n + 1,
            html(&m.description),
            num(m.mean),
            num(m.point_se)
        ));
        let section = match &m.indices {
            None => {
                let note = m.note.as_deref().unwrap_or("no indices");
                body.push_str(&format!(
                    "<p class=\"note\">No indices: {}.</p>\n",
                    html(note)
                ));
                continue;
            }
            Some(Indices::Morris(rs)) => morris_section(n + 1, f, m, rs)?,
            Some(Indices::Sobol(rs)) => sobol_section(n + 1, f, m, rs)?,
        };
        body.push_str(&section.0);
        charts.push(section.1);
    }
    let html = page(
        &format!("detente report: sensitivity of {}", f.scenario),
        &body,
    );
    Ok(Report { html, charts })
}
