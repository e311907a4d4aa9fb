//! Bargaining analysis: `detente analyze`, the lowest mutual trust, and the `analysis`
//! object of a run's JSON result.

use crate::common::*;
use detente_model::analysis::{self, Problem, Resolution, Valuation};
use serde_json::Value;

/// The number after `Lowest mutual trust: ` in the output of `detente analyze`.
fn printed_lowest(text: &str) -> f64 {
    let line = text
        .lines()
        .find(|l| l.starts_with("Lowest mutual trust: "))
        .unwrap_or_else(|| panic!("no lowest mutual trust in:\n{text}"));
    line["Lowest mutual trust: ".len()..]
        .trim()
        .parse()
        .unwrap_or_else(|e| panic!("{line:?}: {e}"))
}

#[test]
fn analyze_otl_prints_the_bargaining_landscape() {
    let out = detente(&["analyze", "otl"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    for part in [
        "Veto principals: Stalin, Truman, Churchill",
        "Grid: 11 points per issue, 1331 packages",
        "Zone of agreement",
        "on plain utilities (as if every promise were kept):  yes,",
        "at the initial trust (expected utilities):           no,",
        "Nash bargaining package",
        "Kalai-Smorodinsky package",
        "Maximum-welfare package",
        "Lowest mutual trust: ",
        "The first package to get there",
    ] {
        assert!(text.contains(part), "no {part:?} in:\n{text}");
    }
    // The Nash package is described by its waypoint labels.
    let nash = text
        .split("Nash bargaining package")
        .nth(1)
        .expect("a Nash section");
    let sc = scenario("otl");
    for issue in &sc.issues {
        let line = nash
            .lines()
            .find(|l| l.trim_start().starts_with(&format!("{}: ", issue.name)))
            .unwrap_or_else(|| panic!("no {} line in the Nash section", issue.name));
        assert!(
            issue.waypoints.iter().any(|w| line.contains(&w.label)),
            "{line:?} names a waypoint"
        );
    }
    // The printed level is the library's.
    let m = analysis::lowest_mutual_trust(&Problem::at_start(&sc), Resolution::default())
        .unwrap()
        .expect("otl has a zone of agreement on plain utilities");
    assert_eq!(printed_lowest(&text), m.lowest);
}

#[test]
fn the_lowest_mutual_trust_is_where_the_zone_of_agreement_opens() {
    let r = Resolution::default();
    for name in SHIPPED {
        let sc = scenario(name);
        let problem = Problem::at_start(&sc);
        let Some(m) = analysis::lowest_mutual_trust(&problem, r).unwrap() else {
            // Then no trust is enough: not even full trust, where EU is plain utility.
            let plain = analysis::zone(&problem, Valuation::Plain, r).unwrap();
            assert!(!plain.exists(), "{name}");
            continue;
        };
        assert!(m.lowest > 0.0 && m.lowest <= 1.0, "{name}: {}", m.lowest);
        assert!(m.threshold < m.lowest, "{name}");
        let at = |t: f64| {
            analysis::zone(&problem.with_mutual_trust(t), Valuation::TrustWeighted, r).unwrap()
        };
        assert!(at(m.lowest).exists(), "{name}: empty at {}", m.lowest);
        assert!(
            !at(m.lowest - 0.001).exists(),
            "{name}: not empty just below {}",
            m.lowest
        );
        // The package it names beats security for everyone at that trust.
        let at_lowest = problem.with_mutual_trust(m.lowest);
        let values = at_lowest.values(Valuation::TrustWeighted, &m.package.positions);
        for (v, s) in values.iter().zip(at_lowest.security()) {
            assert!(*v > s, "{name}: {v} <= {s}");
        }
    }
}

#[test]
fn less_paranoia_lowers_the_trust_a_deal_needs() {
    let lowest = |sets: &[&str]| {
        let mut args = vec!["analyze", "otl"];
        for s in sets {
            args.extend(["--set", s]);
        }
        let out = detente(&args);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        printed_lowest(&stdout(&out))
    };
    let base = lowest(&[]);
    let calm = lowest(&[
        "actors.stalin.paranoia=0.2",
        "actors.truman.paranoia=0.2",
        "actors.churchill.paranoia=0.2",
    ]);
    assert!(calm < base, "{calm} < {base}");
}

#[test]
fn analyze_rejects_bad_input_with_status_2() {
    let out = detente(&["analyze", "no-such-scenario"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("built-in"), "{}", stderr(&out));
    let out = detente(&["analyze", "otl", "--points", "1"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_json_result_and_the_summary_carry_the_analysis() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.json");
    let out = detente(&["run", "--quiet", "--json", path_str(&path)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let a = &v["analysis"];
    assert_eq!(a["grid"]["packages"], 1331);
    assert_eq!(
        a["principals"],
        serde_json::json!(["stalin", "truman", "churchill"])
    );
    assert_eq!(
        a["outcome"]["agreed"],
        v["equilibrium"]["package"].is_object()
    );
    for when in ["start", "end"] {
        assert!(a[when]["trust"]["stalin"].is_number());
        for valuation in ["plain", "trust_weighted"] {
            let l = &a[when][valuation];
            let zone = &l["zone"];
            assert!(
                zone["packages"].is_u64() && zone["share"].is_number(),
                "{l}"
            );
            assert!(l["frontier_size"].as_u64().unwrap() > 0);
            assert_eq!(
                l["frontier"]["utility"].as_array().unwrap().len() as u64,
                l["frontier_size"].as_u64().unwrap()
            );
            let welfare = &l["max_welfare"];
            assert!(welfare["positions"]["poland"].is_number());
            assert!(welfare["utility"]["truman"].is_number());
            assert!(l["outcome"]["to_frontier"].as_f64().unwrap() >= 0.0);
            for point in ["nash", "kalai_smorodinsky"] {
                assert!(
                    l[point].is_null() || l[point]["positions"]["loan"].is_number(),
                    "{point}: {}",
                    l[point]
                );
            }
        }
    }
    // At the start: a zone on plain utilities, none at the trust of the time.
    let plain = &a["start"]["plain"];
    assert!(plain["zone"]["packages"].as_u64().unwrap() > 0);
    assert!(plain["nash"]["utility"]["stalin"].is_number());
    assert!(plain["outcome"]["to_nash"].is_number());
    assert_eq!(a["start"]["trust_weighted"]["zone"]["packages"], 0);
    // The summary says the same.
    let text = stdout(&out);
    let share = plain["zone"]["share"].as_f64().unwrap();
    assert!(
        text.contains(&format!(
            "Zone of agreement: {:.1}% of 1331 packages",
            100.0 * share
        )),
        "{text}"
    );
    assert!(text.contains("Nash package: Poland "), "{text}");
}
