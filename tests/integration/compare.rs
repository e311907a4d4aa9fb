//! Paired comparisons and the outcome table as data: what `compare` prints agrees with the
//! pairs it writes, pairing never loses to an unpaired interval when the sides agree, and
//! `outcomes` gives shares with intervals in every format. No model number is assumed.

use crate::common::*;
use serde_json::Value;

/// The lines of a compare table, by their first word(s): (A %, B %, B - A pt, paired
/// [lo, hi], unpaired [lo, hi]).
struct Line {
    a: f64,
    b: f64,
    d: f64,
    paired: (f64, f64),
    unpaired: (f64, f64),
}

fn parse_line(line: &str) -> Option<(String, Line)> {
    let (name, rest) = line.trim_start().split_once("  ")?;
    let nums: Vec<f64> = rest
        .replace(['%', '[', ']', ','], " ")
        .replace("pt", " ")
        .split_whitespace()
        .map(|x| x.parse().ok())
        .collect::<Option<Vec<f64>>>()?;
    let [a, b, d, plo, phi, ulo, uhi] = nums[..] else {
        return None;
    };
    Some((
        name.trim().to_string(),
        Line {
            a,
            b,
            d,
            paired: (plo, phi),
            unpaired: (ulo, uhi),
        },
    ))
}

fn table(text: &str) -> Vec<(String, Line)> {
    text.lines().filter_map(parse_line).collect()
}

#[test]
fn the_table_agrees_with_the_pairs_it_writes() {
    let dir = tempfile::tempdir().unwrap();
    // B: the same world with a slightly warier Stalin, so most seeds end alike.
    let b = dir.path().join("warier.toml");
    std::fs::write(
        &b,
        "extends = \"lend-lease-continues\"\n[[actors]]\nid = \"stalin\"\nparanoia = 0.8\n",
    )
    .unwrap();
    let pairs = dir.path().join("pairs.csv");
    let out = detente(&[
        "compare",
        "lend-lease-continues",
        path_str(&b),
        "--runs",
        "150",
        "--seed-start",
        "11",
        "--out",
        path_str(&pairs),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("seeds 11 to 160 each, paired by seed"),
        "{text}"
    );
    let mut reader = csv::Reader::from_path(&pairs).unwrap();
    let header = reader.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(records.len(), 150, "one row per seed");
    let seeds: Vec<u64> = records
        .iter()
        .map(|r| r[col("seed")].parse().unwrap())
        .collect();
    assert_eq!(seeds, (11..=160).collect::<Vec<_>>());
    let lines = table(&text);
    for reason in ["settlement", "breakdown", "deadlock", "horizon"] {
        let count = |side: &str| {
            records
                .iter()
                .filter(|r| &r[col(&format!("{side}_reason"))] == reason)
                .count() as f64
        };
        let (_, l) = lines
            .iter()
            .find(|(n, _)| n == reason)
            .unwrap_or_else(|| panic!("a {reason} line: {text}"));
        assert!(
            (l.a - 100.0 * count("a") / 150.0).abs() < 0.051,
            "{reason}: {text}"
        );
        assert!(
            (l.b - 100.0 * count("b") / 150.0).abs() < 0.051,
            "{reason}: {text}"
        );
        assert!(l.paired.0 <= l.d && l.d <= l.paired.1, "{reason}: {text}");
        assert!(
            l.unpaired.0 <= l.d && l.d <= l.unpaired.1,
            "{reason}: {text}"
        );
    }
    // The discordant seeds named under the table are those of the file.
    let only = |yes: &str, no: &str| {
        records
            .iter()
            .filter(|r| {
                &r[col(&format!("{yes}_reason"))] == "settlement"
                    && &r[col(&format!("{no}_reason"))] != "settlement"
            })
            .count()
    };
    let want = format!(
        "{} seeds settle under B only, {} under A only",
        only("b", "a"),
        only("a", "b")
    );
    assert!(text.contains(&want), "{want}: {text}");
    assert!(text.contains("McNemar's exact test p"), "{text}");
    // JSON holds the same pairs.
    let json = dir.path().join("pairs.json");
    let out = detente(&[
        "compare",
        "lend-lease-continues",
        path_str(&b),
        "--runs",
        "150",
        "--seed-start",
        "11",
        "--out",
        path_str(&json),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let rows = v.as_array().unwrap();
    assert_eq!(rows.len(), 150);
    for (r, rec) in rows.iter().zip(&records) {
        assert_eq!(r["b_outcome"].as_str().unwrap(), &rec[col("b_outcome")]);
    }
}

#[test]
fn a_scenario_against_itself_differs_by_nothing_and_pairing_shows_it() {
    let out = detente(&[
        "compare",
        "lend-lease-continues",
        "lend-lease-continues",
        "--runs",
        "120",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let lines = table(&text);
    assert!(lines.len() >= 5, "{text}");
    let mut mixed = 0;
    for (name, l) in &lines {
        assert_eq!((l.a, l.d), (l.b, 0.0), "{name}: {text}");
        let width = |(lo, hi): (f64, f64)| hi - lo;
        assert!(width(l.paired) <= width(l.unpaired), "{name}: {text}");
        if l.a > 0.0 && l.a < 100.0 {
            assert!(width(l.paired) < width(l.unpaired), "{name}: {text}");
            mixed += 1;
        }
        // Every seed agrees: where the share is not rare, pairing removes most of the
        // noise (for a handful of runs the continuity correction keeps it wider).
        let k = l.a * 120.0 / 100.0;
        if (10.0..=110.0).contains(&k) {
            assert!(width(l.paired) < 0.5 * width(l.unpaired), "{name}: {text}");
        }
    }
    assert!(mixed > 0, "some share is neither 0 nor 100%: {text}");
    assert!(
        text.contains("0 seeds settle under B only, 0 under A only"),
        "{text}"
    );
    assert!(text.contains("p = 1.000"), "{text}");
}

#[test]
fn a_bad_pairs_file_is_refused_before_anything_runs() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("pairs.txt");
    let out = detente(&[
        "compare",
        "otl",
        "lend-lease-continues",
        "--runs",
        "100000000",
        "--out",
        path_str(&bad),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains(".csv or .json"), "{}", stderr(&out));
    assert!(!bad.exists());
}

#[test]
fn outcomes_give_intervals_as_text_csv_and_json() {
    let args = ["outcomes", "otl", "lend-lease-continues", "--seeds", "1-30"];
    let out = detente(&args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("95% interval") && text.contains("(30 seeds)"),
        "{text}"
    );
    let csv_out = detente(&[&args[..], &["--format", "csv"]].concat());
    let json_out = detente(&[&args[..], &["--format", "json"]].concat());
    let mut reader = csv::Reader::from_reader(csv_out.stdout.as_slice());
    let header = reader.headers().unwrap().clone();
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    let json: Value = serde_json::from_slice(&json_out.stdout).unwrap();
    let json = json.as_array().unwrap();
    assert_eq!((records.len(), json.len()), (2, 2), "one row per scenario");
    for (rec, obj) in records.iter().zip(json) {
        assert_eq!(obj["n"], 30);
        let mut reasons: f64 = 0.0;
        for (name, cell) in header.iter().zip(rec) {
            let shown_json = &obj[name];
            if name == "scenario" {
                assert_eq!(shown_json.as_str(), Some(cell));
                continue;
            }
            match cell.parse::<f64>() {
                Ok(x) => assert!((shown_json.as_f64().unwrap() - x).abs() < 1e-12, "{name}"),
                Err(_) => assert!(cell.is_empty() && shown_json.is_null(), "{name}: {cell:?}"),
            }
            let is_share = (name.starts_with("reason:") || name.starts_with("outcome:"))
                && !name.ends_with(":lo")
                && !name.ends_with(":hi");
            if is_share && let Ok(x) = cell.parse::<f64>() {
                let lo: f64 = obj[format!("{name}:lo")].as_f64().unwrap();
                let hi: f64 = obj[format!("{name}:hi")].as_f64().unwrap();
                assert!(lo <= x && x <= hi, "{name}: {lo} {x} {hi}");
                if name.starts_with("reason:") {
                    reasons += x;
                }
            }
        }
        assert!((reasons - 1.0).abs() < 1e-9, "the reasons cover every run");
    }
}
