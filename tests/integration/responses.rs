//! The report's pictures of how shares respond: response curves with bands for a sweep of
//! one parameter, heat maps for two, colours that never repeat (sequential for an ordered
//! parameter), and the report of a sensitivity study. Every number checked is recomputed
//! from the files the commands wrote, never assumed.

use crate::common::*;
use detente_sweep::results::{self, Row};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn sweep(dir: &Path, name: &str, args: &[&str]) -> PathBuf {
    let out = dir.join(format!("{name}.csv"));
    let all = [
        &["sweep", "lend-lease-continues", "--seed-start", "1"][..],
        args,
        &["--out", path_str(&out)],
    ]
    .concat();
    let o = detente(&all);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    out
}

fn report(input: &Path, extra: &[&str]) -> String {
    let html = input.with_extension("html");
    let o = detente(&[&["report", path_str(input), "-o", path_str(&html)], extra].concat());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    std::fs::read_to_string(html).unwrap()
}

/// The figure of the chart named `name`, or panic.
fn figure<'a>(html: &'a str, name: &str) -> &'a str {
    let start = html
        .find(&format!("<figure id=\"chart-{name}\""))
        .unwrap_or_else(|| panic!("no chart {name}"));
    let end = start + html[start..].find("</figure>").unwrap();
    &html[start..end]
}

fn rows(results: &Path) -> Vec<Row> {
    let meta = results::read_meta(results).unwrap();
    results::read(results, &meta).unwrap().0
}

/// The fill colours of the legend boxes of a bar chart (14 by 12 pixels), in order.
fn legend_colors(svg: &str) -> Vec<String> {
    svg.split("<rect ")
        .filter(|r| r.contains("width=\"14\" height=\"12\""))
        .filter_map(|r| {
            r.split("fill=\"")
                .nth(1)?
                .split('"')
                .next()
                .map(String::from)
        })
        .collect()
}

#[test]
fn a_one_parameter_sweep_shows_each_share_as_a_curve_with_a_band() {
    let dir = tempfile::tempdir().unwrap();
    let results = sweep(
        dir.path(),
        "one",
        &["--runs", "12", "--vary", "actors.stalin.paranoia=0.4:1:4"],
    );
    let html = report(&results, &[]);
    let outcomes = figure(&html, "response-outcomes");
    let ends = figure(&html, "response-ends");
    let rows = rows(&results);
    let reached: BTreeSet<&str> = rows.iter().map(|r| r.outcome.as_str()).collect();
    let reasons: BTreeSet<&str> = rows.iter().map(|r| r.reason.as_str()).collect();
    // One band (a translucent polygon) and one line per outcome reached, and per reason.
    for (svg, want) in [(outcomes, reached.len()), (ends, reasons.len())] {
        assert_eq!(
            svg.matches("<polygon opacity=\"0.18\"").count(),
            want,
            "{svg}"
        );
        let lines = svg
            .matches("<polyline fill=\"none\" opacity=\"1\" stroke=\"#")
            .count();
        assert!(lines >= want, "{lines} lines for {want} curves");
    }
    for label in &reached {
        assert!(outcomes.contains(&svg_text(label)), "{label} in the legend");
    }
    // Four values of an ordered parameter: four colours, dark to light, none repeated.
    let colors = legend_colors(figure(&html, "outcome-shares"));
    assert_eq!(colors.len(), 4, "{colors:?}");
    assert_eq!(
        colors.iter().collect::<BTreeSet<_>>().len(),
        4,
        "{colors:?}"
    );
    let luminance = |c: &str| {
        let v = |i: usize| u8::from_str_radix(&c[1 + 2 * i..3 + 2 * i], 16).unwrap() as f64;
        0.299 * v(0) + 0.587 * v(1) + 0.114 * v(2)
    };
    let lum: Vec<f64> = colors.iter().map(|c| luminance(c)).collect();
    assert!(
        lum.windows(2).all(|w| w[0] < w[1]),
        "sequential: {colors:?}"
    );
}

#[test]
fn many_configurations_never_share_a_colour() {
    let dir = tempfile::tempdir().unwrap();
    let results = sweep(
        dir.path(),
        "many",
        &["--runs", "2", "--vary", "actors.stalin.paranoia=0.45:1:12"],
    );
    let html = report(&results, &[]);
    let colors = legend_colors(figure(&html, "outcome-shares"));
    assert_eq!(colors.len(), 12, "{colors:?}");
    assert_eq!(
        colors.iter().collect::<BTreeSet<_>>().len(),
        12,
        "{colors:?}"
    );
}

#[test]
fn a_two_parameter_sweep_shows_heat_maps_of_the_shares() {
    let dir = tempfile::tempdir().unwrap();
    let results = sweep(
        dir.path(),
        "two",
        &[
            "--runs",
            "10",
            "--vary",
            "actors.stalin.paranoia=0.5,0.75,1",
            "--vary",
            "actors.truman.trust.stalin=0.3,0.6",
        ],
    );
    let html = report(&results, &[]);
    assert!(
        !html.contains("chart-response-outcomes"),
        "no curves for two parameters"
    );
    let settle = figure(&html, "heat-1");
    assert!(settle.contains("Share of runs ending in a settlement"));
    // Every cell's label is its configuration's settlement share, from the file's rows.
    let rows = rows(&results);
    let mut want: Vec<String> = (0..6)
        .map(|c| {
            let rs: Vec<&Row> = rows.iter().filter(|r| r.config == c).collect();
            let k = rs.iter().filter(|r| r.reason == "settlement").count();
            format!(">\n{:.0}%\n</text>", 100.0 * k as f64 / rs.len() as f64)
        })
        .collect();
    want.sort();
    for w in want.iter().collect::<BTreeSet<_>>() {
        let cells = want.iter().filter(|x| *x == w).count();
        assert!(
            settle.matches(w.as_str()).count() >= cells,
            "{w:?} in {settle}"
        );
    }
    // One map per outcome reached, after the settlement map.
    let reached: BTreeSet<&str> = rows.iter().map(|r| r.outcome.as_str()).collect();
    let maps = html.matches("<figure id=\"chart-heat-").count();
    assert_eq!(maps, 1 + reached.len().min(6));
}

fn svg_text(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[test]
fn the_report_of_a_sensitivity_study_charts_its_indices() {
    let dir = tempfile::tempdir().unwrap();
    let params = [
        "--param",
        "actors.stalin.paranoia=0.5:1",
        "--param",
        "actors.truman.trust.stalin=0.2:0.7",
        "--param",
        "events.fulton-speech.trust.0.delta=-0.3:0",
    ];
    for (method, extra, chart) in [
        ("morris", &["--trajectories", "4"][..], "morris-1"),
        ("sobol", &["--base", "8"][..], "sobol-1"),
    ] {
        let json = dir.path().join(format!("{method}.json"));
        let all = [
            &["sensitivity", "lend-lease-continues", "--method", method][..],
            &params,
            extra,
            &[
                "--runs-per-point",
                "6",
                "--metric",
                "rounds",
                "--json",
                path_str(&json),
            ],
        ]
        .concat();
        let o = detente(&all);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let svg_dir = dir.path().join(format!("{method}-svg"));
        let html = report(&json, &["--svg", path_str(&svg_dir)]);
        let fig = figure(&html, chart);
        let file: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
        let ranked = file["metrics"][0]["indices"]["ranked"].as_array().unwrap();
        // Every parameter is a row of the chart and of the table, in rank order.
        let mut last = 0;
        for r in ranked {
            let key = r["key"].as_str().unwrap();
            let at = fig
                .find(key)
                .unwrap_or_else(|| panic!("{key} not in the chart"));
            assert!(at >= last, "{key} out of rank order");
            last = at;
            assert!(
                html.contains(&format!("<code>{key}</code>")),
                "{key} in the table"
            );
        }
        // The bars' values are the file's, as the chart labels them.
        let first = match method {
            "morris" => ranked[0]["mu_star"].as_f64().unwrap(),
            _ => ranked[0]["s1"].as_f64().unwrap(),
        };
        assert!(
            fig.contains(&format!(">\n{first:.3}\n<")),
            "{first:.3} labelled"
        );
        assert!(svg_dir.join(format!("{chart}.svg")).is_file());
    }
    // A file of another schema version is refused, naming both.
    let json = dir.path().join("morris.json");
    let text = std::fs::read_to_string(&json).unwrap();
    let future = dir.path().join("future.json");
    std::fs::write(
        &future,
        text.replacen("\"schema_version\": 1", "\"schema_version\": 99", 1),
    )
    .unwrap();
    let o = detente(&[
        "report",
        path_str(&future),
        "-o",
        path_str(&dir.path().join("f.html")),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("schema version 99"), "{}", stderr(&o));
}
