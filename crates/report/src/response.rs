//! How a sweep's shares respond to its parameters: for one varied parameter, response
//! curves (each share against the value, its interval as a band); for two, heat maps over
//! the grid of their values. Configurations with the same values are pooled.

use crate::chart::curve::{Band, CurveChart, curve_chart};
use crate::chart::heat::{self, HeatMap, heat_map};
use crate::chart::palette;
use crate::escape::html;
use crate::html::figure;
use crate::{Chart, ReportError};
use detente_sweep::design::Design;
use detente_sweep::stats::{REASONS, Summary, wilson};

/// Most cells of a heat map (a larger design is shown by its bars and tables only).
const MAX_CELLS: usize = 625;
/// Heat maps drawn at most: the settlement share and the outcomes reached most often.
const MAX_MAPS: usize = 7;

/// Runs per category and per reason at one point (pooled configurations).
#[derive(Clone, Default)]
struct Counts {
    n: u64,
    outcomes: Vec<u64>,
    reasons: [u64; 4],
}

impl Counts {
    fn add(&mut self, s: &Summary, categories: &[String]) {
        self.outcomes.resize(categories.len(), 0);
        self.n += s.n;
        for (k, c) in categories.iter().enumerate() {
            self.outcomes[k] += s
                .outcomes
                .iter()
                .find(|(l, _)| l == c)
                .map_or(0, |(_, k)| *k);
        }
        for (k, r) in REASONS.iter().enumerate() {
            self.reasons[k] += s
                .reasons
                .iter()
                .find(|(x, _)| x == r)
                .map_or(0, |(_, k)| *k);
        }
    }
}

/// The values of the design's `key`-th column, if every one is a finite number.
pub fn numeric_column(design: &Design, key: usize) -> Option<Vec<f64>> {
    design
        .rows
        .iter()
        .map(|r| {
            r.get(key)?
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|x| x.is_finite())
        })
        .collect()
}

/// The distinct values of a column in axis order: numeric ones ascending, text ones as
/// they first appear; and each configuration's position among them.
fn axis(design: &Design, key: usize) -> (Vec<String>, Vec<usize>) {
    let mut distinct: Vec<(Option<f64>, String)> = Vec::new();
    let numeric = numeric_column(design, key);
    for (c, row) in design.rows.iter().enumerate() {
        let text = row.get(key).cloned().unwrap_or_default();
        let x = numeric.as_ref().map(|v| v[c]);
        if !distinct.iter().any(|(v, t)| match (v, x) {
            (Some(a), Some(b)) => *a == b,
            _ => *t == text,
        }) {
            distinct.push((x, text));
        }
    }
    if numeric.is_some() {
        distinct.sort_by(|a, b| a.0.unwrap_or(0.0).total_cmp(&b.0.unwrap_or(0.0)));
    }
    let position = design
        .rows
        .iter()
        .enumerate()
        .map(|(c, row)| {
            let text = row.get(key).cloned().unwrap_or_default();
            let x = numeric.as_ref().map(|v| v[c]);
            distinct
                .iter()
                .position(|(v, t)| match (v, x) {
                    (Some(a), Some(b)) => *a == b,
                    _ => *t == text,
                })
                .unwrap_or(0)
        })
        .collect();
    (distinct.into_iter().map(|(_, t)| t).collect(), position)
}

/// The colour of each configuration's series in the bar chart: the sequential scale by
/// the value's rank when one numeric parameter is varied (an ordered parameter), else
/// distinct categorical colours.
pub fn config_colors(design: &Design, configs: &[usize]) -> Vec<plotters::style::RGBColor> {
    if design.keys.len() == 1 && numeric_column(design, 0).is_some() {
        let (values, position) = axis(design, 0);
        let scale = palette::ordered(values.len());
        configs.iter().map(|&c| scale[position[c]]).collect()
    } else {
        palette::categorical(configs.len())
    }
}

fn share(k: u64, n: u64) -> (f64, f64, f64) {
    let (lo, hi) = wilson(k, n);
    (k as f64 / n as f64, lo, hi)
}

/// The response section of a sweep that varies one numeric parameter over at least two
/// values: HTML and its charts; `None` for any other design.
pub fn curves(
    design: &Design,
    summaries: &[Summary],
    categories: &[String],
) -> Result<Option<(String, Vec<Chart>)>, ReportError> {
    let Some(xs) = numeric_column(design, 0).filter(|_| design.keys.len() == 1) else {
        return Ok(None);
    };
    let (values, position) = axis(design, 0);
    if values.len() < 2 {
        return Ok(None);
    }
    let mut points = vec![Counts::default(); values.len()];
    let mut at = vec![f64::NAN; values.len()];
    for s in summaries {
        points[position[s.config]].add(s, categories);
        at[position[s.config]] = xs[s.config];
    }
    let key = &design.keys[0];
    let colors = palette::categorical(categories.len());
    let reason_colors = palette::reasons();
    let band = |label: &str, color, k: &dyn Fn(&Counts) -> u64| Band {
        label: label.to_string(),
        color,
        points: points
            .iter()
            .zip(&at)
            .filter(|(c, _)| c.n > 0)
            .map(|(c, x)| {
                let (p, lo, hi) = share(k(c), c.n);
                (*x, p, lo, hi)
            })
            .collect(),
    };
    let reached = |k: usize| {
        points
            .iter()
            .any(|c| c.outcomes.get(k).is_some_and(|&v| v > 0))
    };
    let outcome_bands: Vec<Band> = categories
        .iter()
        .enumerate()
        .filter(|(k, _)| reached(*k))
        .map(|(k, l)| band(l, colors[k], &|c: &Counts| c.outcomes[k]))
        .collect();
    let reason_bands: Vec<Band> = REASONS
        .iter()
        .enumerate()
        .filter(|(k, _)| points.iter().any(|c| c.reasons[*k] > 0))
        .map(|(k, r)| band(r, reason_colors[k], &|c: &Counts| c.reasons[k]))
        .collect();
    let never: Vec<&String> = categories
        .iter()
        .enumerate()
        .filter(|(k, _)| !reached(*k))
        .map(|(_, l)| l)
        .collect();
    let mut body = format!(
        "<h2 id=\"response\">Response to <code>{}</code></h2>\n",
        html(key)
    );
    let mut charts = Vec::new();
    for (name, what, bands) in [
        ("response-outcomes", "outcome", outcome_bands),
        ("response-ends", "way of ending", reason_bands),
    ] {
        let c = Chart {
            name: name.into(),
            svg: curve_chart(&CurveChart {
                caption: format!("Share of runs in each {what} against {key}"),
                x_desc: key.clone(),
                y_desc: "share of runs".into(),
                bands,
                size: (1060, 520),
            })?,
        };
        let mut caption = format!(
            "Each line is the share of runs in one {what} at each value of <code>{}</code>; the band around it is its 95% Wilson interval. Every value ran the same seeds, so differences between values are differences of the parameter, not of luck.",
            html(key)
        );
        if what == "outcome" && !never.is_empty() {
            let names: Vec<String> = never.iter().map(|l| html(l)).collect();
            caption.push_str(&format!(" Never reached: {}.", names.join(", ")));
        }
        body.push_str(&figure(&c, &caption));
        charts.push(c);
    }
    Ok(Some((body, charts)))
}

/// The heat maps of a sweep that varies two parameters over a grid (at least two values
/// each): HTML and its charts; `None` for any other design.
pub fn heat_maps(
    design: &Design,
    summaries: &[Summary],
    categories: &[String],
) -> Result<Option<(String, Vec<Chart>)>, ReportError> {
    if design.keys.len() != 2 {
        return Ok(None);
    }
    let (xv, xp) = axis(design, 0);
    let (yv, yp) = axis(design, 1);
    if xv.len() < 2 || yv.len() < 2 || xv.len() * yv.len() > MAX_CELLS {
        return Ok(None);
    }
    let mut grid = vec![vec![Counts::default(); xv.len()]; yv.len()];
    for s in summaries {
        grid[yp[s.config]][xp[s.config]].add(s, categories);
    }
    let total = |k: usize| -> u64 {
        grid.iter()
            .flatten()
            .map(|c| c.outcomes.get(k).copied().unwrap_or(0))
            .sum()
    };
    let mut reached: Vec<usize> = (0..categories.len()).filter(|&k| total(k) > 0).collect();
    reached.sort_by_key(|&k| std::cmp::Reverse(total(k)));
    reached.truncate(MAX_MAPS - 1);
    let (kx, ky) = (&design.keys[0], &design.keys[1]);
    let mut body = format!(
        "<h2 id=\"response\">Response to <code>{}</code> and <code>{}</code></h2>\n",
        html(kx),
        html(ky)
    );
    let mut charts = Vec::new();
    let settle = REASONS.iter().position(|r| *r == "settlement").unwrap_or(0);
    let maps = std::iter::once(("settlement".to_string(), None))
        .chain(reached.iter().map(|&k| (categories[k].clone(), Some(k))));
    for (n, (label, k)) in maps.enumerate() {
        let cells = grid
            .iter()
            .map(|row| {
                row.iter()
                    .map(|c| {
                        (c.n > 0).then(|| {
                            let hits = match k {
                                Some(k) => c.outcomes[k],
                                None => c.reasons[settle],
                            };
                            let (value, lo, hi) = share(hits, c.n);
                            heat::Cell { value, lo, hi }
                        })
                    })
                    .collect()
            })
            .collect();
        let what = match k {
            Some(_) => format!("the outcome \u{201c}{label}\u{201d}"),
            None => "a settlement".to_string(),
        };
        let c = Chart {
            name: format!("heat-{}", n + 1),
            svg: heat_map(&HeatMap {
                caption: format!("Share of runs ending in {what}"),
                x_desc: kx.clone(),
                y_desc: ky.clone(),
                x_labels: xv.clone(),
                y_labels: yv.clone(),
                cells,
                width: 1060,
            })?,
        };
        let caption = format!(
            "Each cell is one combination of <code>{}</code> (across) and <code>{}</code> (up): the share of its runs ending in {}, and below it the 95% Wilson interval when there is room; darker is lower, on the same scale in every map.",
            html(kx),
            html(ky),
            html(&what)
        );
        body.push_str(&figure(&c, &caption));
        charts.push(c);
    }
    Ok(Some((body, charts)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use detente_sweep::design::parse_vary;

    #[test]
    fn numeric_axes_sort_by_value_and_text_axes_keep_their_order() {
        let d = Design::factorial(&[
            parse_vary("a=0.9,0.1,0.5").unwrap(),
            parse_vary("b=z,y").unwrap(),
        ])
        .unwrap();
        let (values, position) = axis(&d, 0);
        assert_eq!(values, ["0.1", "0.5", "0.9"]);
        assert_eq!(position[0], 2, "the first configuration has a = 0.9");
        let (values, _) = axis(&d, 1);
        assert_eq!(values, ["z", "y"]);
        assert!(numeric_column(&d, 1).is_none());
    }

    #[test]
    fn an_ordered_parameter_gets_the_sequential_scale_by_value() {
        let d = Design::factorial(&[parse_vary("a=3,1,2").unwrap()]).unwrap();
        let cs = config_colors(&d, &[0, 1, 2]);
        assert_eq!(
            cs,
            [
                palette::ordered(3)[2],
                palette::ordered(3)[0],
                palette::ordered(3)[1]
            ]
        );
        let t = Design::factorial(&[parse_vary("a=x,y").unwrap()]).unwrap();
        assert_eq!(config_colors(&t, &[0, 1]), palette::categorical(2));
    }
}
