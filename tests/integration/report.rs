//! `detente report`: the HTML report of a run and of a sweep, the SVG files, escaping of
//! user text, and bad input.

use crate::common::*;
use std::path::Path;

/// Run `detente run ARGS --quiet --json OUT` and return the result's path.
fn run_json(dir: &Path, name: &str, args: &[&str]) -> std::path::PathBuf {
    let json = dir.join(format!("{name}.json"));
    let mut all: Vec<&str> = vec!["run"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--quiet", "--json", path_str(&json)]);
    let out = detente(&all);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    json
}

fn report(input: &Path, html: &Path, extra: &[&str]) -> String {
    let mut args = vec!["report", path_str(input), "-o", path_str(html)];
    args.extend_from_slice(extra);
    let out = detente(&args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    std::fs::read_to_string(html).expect("the report is written")
}

/// Text as the report escapes it.
fn escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// Every value of an attribute named `attr` (double-quoted), in order.
fn attribute_values(html: &str, attr: &str) -> Vec<String> {
    let needle = format!(" {attr}=\"");
    html.match_indices(&needle)
        .map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            rest[..rest.find('"').unwrap_or(rest.len())].to_string()
        })
        .collect()
}

/// The page fetches nothing and runs nothing.
fn assert_self_contained(html: &str) {
    let lower = html.to_lowercase();
    assert!(!lower.contains("<script"), "a script in the report");
    assert!(!lower.contains("<link"), "a link element in the report");
    assert!(!lower.contains("<img"), "an image in the report");
    assert!(!lower.contains("@import") && !lower.contains("url("));
    assert!(
        attribute_values(html, "src").is_empty(),
        "src attributes: {:?}",
        attribute_values(html, "src")
    );
    for href in attribute_values(html, "href") {
        assert!(href.starts_with('#'), "href={href:?} leaves the page");
    }
    for scheme in [
        "src=\"http://",
        "src=\"https://",
        "href=\"http://",
        "href=\"https://",
    ] {
        assert!(!lower.contains(scheme), "{scheme} in the report");
    }
}

#[test]
fn the_report_of_a_run_has_every_chart_the_events_and_a_collapsed_transcript() {
    let dir = tempfile::tempdir().unwrap();
    let json = run_json(dir.path(), "otl", &["otl", "--seed", "7"]);
    let html = report(&json, &dir.path().join("otl.html"), &[]);
    let sc = scenario("otl");

    // One chart per issue, trust, paranoia and the frontier, each inline.
    assert_eq!(html.matches("<svg").count(), sc.issues.len() + 3);
    assert_eq!(html.matches("</svg>").count(), sc.issues.len() + 3);
    for issue in &sc.issues {
        assert!(html.contains(&format!("id=\"chart-positions-{}\"", issue.id)));
        assert!(html.contains(&format!("{}: proposals by month", issue.name)));
    }
    for id in ["chart-trust", "chart-paranoia", "chart-frontier"] {
        assert!(html.contains(&format!("id=\"{id}\"")), "no {id}");
    }
    assert!(html.contains("Pareto frontier (plain utilities)"));
    assert!(html.contains("Nash bargaining point"));

    // The events, listed with their dates and marked on the charts.
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let happened: Vec<&serde_json::Value> = v["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["happened"] == true)
        .collect();
    assert!(happened.len() >= 3, "otl seed 7 has events");
    assert!(html.contains("<ol class=\"events\">"));
    for e in &happened {
        let title = escaped(e["title"].as_str().unwrap());
        assert!(html.contains(&title), "event {title:?} not listed");
    }
    assert!(html.contains("event (numbered as in the list of events)"));

    // The transcript: every message line inside one <details>, after its <summary>.
    assert_eq!(html.matches("<details>").count(), 1);
    let open = html.find("<details>").unwrap();
    let close = html.find("</details>").unwrap();
    let transcript = &html[open..close];
    assert!(transcript.contains("<summary>"));
    let first = escaped(v["messages"][0]["content"].as_str().unwrap());
    assert!(
        transcript.contains(&first),
        "the first message is in the transcript"
    );
    assert!(transcript.contains("<li class=\"event\">"));

    // The outcome, and nothing fetched or run.
    assert!(html.contains(&escaped(v["equilibrium"]["outcome"].as_str().unwrap())));
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert_self_contained(&html);
}

#[test]
fn svg_dir_gets_every_chart_as_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let json = run_json(dir.path(), "bomb", &["bomb-under-un"]);
    let svgs = dir.path().join("charts");
    let html = report(
        &json,
        &dir.path().join("bomb.html"),
        &["--svg", path_str(&svgs)],
    );
    let sc = scenario("bomb-under-un");
    let mut names: Vec<String> = std::fs::read_dir(&svgs)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut expected: Vec<String> = sc
        .issues
        .iter()
        .map(|i| format!("positions-{}.svg", i.id))
        .chain(["trust.svg", "paranoia.svg", "frontier.svg"].map(String::from))
        .collect();
    expected.sort();
    assert_eq!(names, expected);
    for name in &names {
        let svg = std::fs::read_to_string(svgs.join(name)).unwrap();
        assert!(
            svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"),
            "{name}"
        );
        assert!(
            svg.contains("xmlns=\"http://www.w3.org/2000/svg\""),
            "{name}"
        );
        // The same chart is inline in the page.
        assert!(
            html.contains(svg.trim_end()),
            "{name} is not the page's chart"
        );
    }
}

#[test]
fn the_report_of_a_sweep_shows_shares_with_interval_bars() {
    let dir = tempfile::tempdir().unwrap();
    for ext in ["csv", "jsonl"] {
        let results = dir.path().join(format!("sweep.{ext}"));
        let out = detente(&[
            "sweep",
            "otl",
            "--runs",
            "12",
            "--seed-start",
            "1",
            "--vary",
            "actors.stalin.paranoia=0.3,0.9",
            "--threads",
            "2",
            "--out",
            path_str(&results),
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let html = report(&results, &dir.path().join(format!("sweep-{ext}.html")), &[]);
        assert_eq!(
            html.matches("<svg").count(),
            3,
            "response curves of outcomes and ends, and the bar chart"
        );
        assert!(html.contains("id=\"chart-outcome-shares\""));
        assert!(html.contains("Outcome shares with 95% Wilson intervals"));
        assert!(html.contains("actors.stalin.paranoia=0.3 (12 runs)"));
        assert!(html.contains("actors.stalin.paranoia=0.9 (12 runs)"));

        // The table's intervals are the sweep crate's Wilson intervals of the file's rows.
        let meta = detente_sweep::results::read_meta(&results).unwrap();
        let (rows, _) = detente_sweep::results::read(&results, &meta).unwrap();
        for config in 0..2 {
            let rs: Vec<_> = rows.iter().filter(|r| r.config == config).collect();
            for label in &meta.labels {
                let k = rs.iter().filter(|r| r.outcome == *label).count() as u64;
                let (lo, hi) = detente_sweep::stats::wilson(k, rs.len() as u64);
                let cell = format!(
                    "{} to {}",
                    detente_sweep::stats::pct(lo),
                    detente_sweep::stats::pct(hi)
                );
                assert!(html.contains(&cell), "no interval {cell} for {label:?}");
            }
        }
        // Interval whiskers: three strokes per bar (the line and two caps), drawn in ink,
        // so at least 3 per outcome and configuration.
        let bars = 2 * meta.labels.len();
        let whiskers = html
            .matches("<polyline fill=\"none\" opacity=\"1\" stroke=\"#222222\" stroke-width=\"1\"")
            .count();
        assert!(
            whiskers >= 3 * bars,
            "{whiskers} whisker strokes for {bars} bars"
        );
        assert_self_contained(&html);
    }
}

#[test]
fn user_text_is_escaped_in_the_page_and_the_charts() {
    let dir = tempfile::tempdir().unwrap();
    let toml = dir.path().join("hostile.toml");
    std::fs::write(
        &toml,
        r#"extends = "otl"

[scenario]
name = "hostile"
title = "<script>alert(1)</script>"

[[actors]]
id = "stalin"
name = 'Stalin & "Koba"'
"#,
    )
    .unwrap();
    let json = run_json(dir.path(), "hostile", &[path_str(&toml)]);
    let svgs = dir.path().join("svg");
    let html = report(
        &json,
        &dir.path().join("hostile.html"),
        &["--svg", path_str(&svgs)],
    );
    assert!(
        !html.to_lowercase().contains("<script"),
        "raw <script> in the page"
    );
    assert!(html.contains("<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>"));
    assert!(html.contains("<title>detente report: &lt;script&gt;alert(1)&lt;/script&gt;</title>"));
    assert!(html.contains("Stalin &amp; &quot;Koba&quot;"));
    assert!(!html.contains("Stalin & \"Koba\""));
    // In the charts too (legends and axis titles are SVG text).
    let trust = std::fs::read_to_string(svgs.join("trust.svg")).unwrap();
    assert!(trust.contains("Stalin &amp; &quot;Koba&quot; \u{2192} Truman"));
    let frontier = std::fs::read_to_string(svgs.join("frontier.svg")).unwrap();
    assert!(frontier.contains("Stalin &amp; &quot;Koba&quot;&apos;s utility"));
    for entry in std::fs::read_dir(&svgs).unwrap() {
        let svg = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        assert!(!svg.contains("Stalin & \"Koba\""));
        assert!(!svg.to_lowercase().contains("<script"));
    }
    assert_self_contained(&html);
}

#[test]
fn a_result_of_another_layout_is_refused_by_its_schema_version() {
    let dir = tempfile::tempdir().unwrap();
    let json = run_json(dir.path(), "otl", &["otl", "--seed", "7"]);
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    for (version, expect) in [
        (None, "no schema_version"),
        (Some(detente_data::SCHEMA_VERSION + 1), "schema_version"),
    ] {
        match version {
            None => v.as_object_mut().unwrap().remove("schema_version"),
            Some(n) => v
                .as_object_mut()
                .unwrap()
                .insert("schema_version".into(), n.into()),
        };
        let other = dir.path().join("other.json");
        std::fs::write(&other, serde_json::to_string(&v).unwrap()).unwrap();
        let out = detente(&[
            "report",
            path_str(&other),
            "-o",
            path_str(&dir.path().join("other.html")),
        ]);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert!(stderr(&out).contains(expect), "{}", stderr(&out));
    }
}

#[test]
fn bad_input_is_one_line_naming_the_file_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let p = |name: &str| dir.path().join(name);
    std::fs::write(p("text.json"), "this is not json").unwrap();
    std::fs::write(p("array.json"), "[1, 2, 3]").unwrap();
    // A real result with one field of the wrong shape.
    let real = run_json(dir.path(), "real", &["otl"]);
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&real).unwrap()).unwrap();
    v["series"]["dates"] = "not a list".into();
    std::fs::write(p("shape.json"), v.to_string()).unwrap();
    std::fs::write(p("orphan.csv"), "run,config\n").unwrap();
    // The indices of a sensitivity study as CSV: the report wants the study's JSON.
    std::fs::write(
        p("indices.csv"),
        "metric,rank,key,about,lo,hi,mu_star,mu_star_lo,mu_star_hi,mu,sigma\n",
    )
    .unwrap();
    let html = p("out.html");
    let cases: &[(&str, &[&str])] = &[
        ("text.json", &["not JSON"]),
        ("array.json", &["not a detente run result"]),
        ("shape.json", &["not a detente run result", "series.dates"]),
        ("missing.json", &["cannot read"]),
        ("orphan.csv", &["not a sweep's results file", "meta.json"]),
        ("indices.csv", &["sensitivity study", "--json"]),
        ("missing.csv", &["no such file"]),
    ];
    for (name, expect) in cases {
        let input = p(name);
        let out = detente(&["report", path_str(&input), "-o", path_str(&html)]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{name}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{name}: one line: {err}");
        assert!(err.starts_with("error: "), "{name}: {err}");
        assert!(
            err.contains(path_str(&input)),
            "{name}: names the file: {err}"
        );
        for e in *expect {
            assert!(err.contains(e), "{name}: {e:?} not in {err}");
        }
        assert!(!err.contains("panicked"), "{name}: {err}");
        assert!(!html.exists(), "{name}: nothing written");
    }
    // An output directory that does not exist is bad input too, before any work.
    let json = run_json(dir.path(), "otl", &["otl"]);
    let out = detente(&[
        "report",
        path_str(&json),
        "-o",
        path_str(&p("no/such/dir/r.html")),
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}
