//! The four ways a run ends, each produced by a small scenario built for it.

use crate::common::*;
use detente_model::record::EquilibriumReason;

/// Two principals in two blocs on one issue; `extra` is spliced into each actor.
fn two_principals(settings: &str, a: &str, b: &str) -> String {
    format!(
        r#"
[scenario]
name = "pair"
title = "Two principals"
start = "1945-05"
veto = ["east", "west"]
{settings}

[[issues]]
id = "border"
min = 0.0
max = 1.0
status_quo = 0.0

[[actors]]
id = "east"
bloc = "e"
role = "principal"
ideal = {{ border = 0.2 }}
salience = {{ border = 1.0 }}
{a}

[[actors]]
id = "west"
bloc = "w"
role = "principal"
ideal = {{ border = 0.8 }}
salience = {{ border = 1.0 }}
{b}

[[channels]]
between = ["east", "west"]

[[outcomes]]
label = "middle"
ranges = {{ border = [0.3, 0.7] }}
"#
    )
}

#[test]
fn conceders_who_trust_each_other_settle_in_the_middle() {
    let actor = "strategy = { kind = \"conceder\", e = 3.0 }\ntrust = { east = 0.9, west = 0.9 }\nparanoia = 0.0";
    let sc = parse(&two_principals(
        "deadline = 6",
        &actor.replace("east = 0.9, ", ""),
        &actor.replace(", west = 0.9", ""),
    ));
    let rec = detente_model::sim::run(sc, 1);
    let eq = &rec.equilibrium;
    assert_eq!(eq.reason, EquilibriumReason::Settlement, "{eq:?}");
    assert_eq!(eq.outcome, "middle");
    assert!(eq.positions[0] > 0.2 && eq.positions[0] < 0.8);
}

#[test]
fn a_principal_whose_trust_is_below_its_walkout_threshold_breaks_down() {
    let east =
        "strategy = { kind = \"linear\" }\ntrust = { west = 0.05 }\nparanoia = 0.5\nwalkout = 0.1";
    // West is wary too, so that East's moderate opening does not win a quick deal first.
    let west = "strategy = { kind = \"linear\" }\ntrust = { east = 0.3 }\nparanoia = 0.5";
    let distrust = parse(&two_principals("", east, west));
    // Walking out is a chance each month, not a line crossed: over many seeds a principal
    // that distrusts the other side leaves in most of them, at different months.
    let runs: Vec<_> = (1..=100)
        .map(|seed| detente_model::sim::run(std::sync::Arc::clone(&distrust), seed))
        .collect();
    let broke: Vec<_> = runs
        .iter()
        .filter(|r| r.equilibrium.reason == EquilibriumReason::Breakdown)
        .collect();
    assert!(broke.len() >= 60, "{} of 100 broke down", broke.len());
    let months: std::collections::BTreeSet<u32> =
        broke.iter().map(|r| r.equilibrium.round).collect();
    assert!(
        months.len() >= 3,
        "breakdowns spread over months: {months:?}"
    );
    for r in &broke {
        assert_eq!(
            r.equilibrium.positions,
            vec![0.0],
            "unsettled issues fall to the status quo"
        );
    }
    // The same principal, trusting, walks out far less often.
    let trusting = parse(&two_principals(
        "",
        &east.replace("west = 0.05", "west = 0.5"),
        west,
    ));
    let stayed = (1..=100)
        .filter(|&seed| {
            detente_model::sim::run(std::sync::Arc::clone(&trusting), seed)
                .equilibrium
                .reason
                != EquilibriumReason::Breakdown
        })
        .count();
    assert!(
        stayed > 100 - broke.len(),
        "trusting: {stayed} of 100 stayed"
    );
}

#[test]
fn nothing_moving_for_stable_rounds_is_a_deadlock() {
    // Boulware with a far deadline and no noise: positions and trust stay put.
    let settings = "deadline = 1000\nnoise = 0.0\nepsilon = 0.01\nstable_rounds = 4";
    let actor = |other: &str| {
        format!(
            "strategy = {{ kind = \"boulware\", e = 0.05 }}\ntrust = {{ {other} = 0.3 }}\nparanoia = 0.5"
        )
    };
    let rec = detente_model::sim::run(
        parse(&two_principals(settings, &actor("west"), &actor("east"))),
        1,
    );
    assert_eq!(
        rec.equilibrium.reason,
        EquilibriumReason::Deadlock,
        "{:?}",
        rec.equilibrium
    );
    // Round 0 has nothing to compare with, and in round 1 each reads the other's opening
    // (trust moves); rounds 2..=5 are still.
    assert_eq!(rec.equilibrium.round, 5);
}

#[test]
fn the_horizon_ends_a_run_that_reaches_no_equilibrium() {
    let settings = "horizon = 5\ndeadline = 1000\nnoise = 0.0\nepsilon = 0.0";
    let actor = |other: &str| {
        format!(
            "strategy = {{ kind = \"boulware\", e = 0.05 }}\ntrust = {{ {other} = 0.3 }}\nparanoia = 0.5"
        )
    };
    let rec = detente_model::sim::run(
        parse(&two_principals(settings, &actor("west"), &actor("east"))),
        1,
    );
    assert_eq!(rec.equilibrium.reason, EquilibriumReason::Horizon);
    assert_eq!(rec.equilibrium.round, 4);
    assert_eq!(rec.rounds.len(), 5);
}
