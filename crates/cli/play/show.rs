//! What the terminal game prints: the month's table, a package's worth to every principal,
//! and the end against the model's own runs.

use detente_model::game::{Game, Summary, Verdict, View};
use detente_model::narrate;
use detente_model::{Scenario, SignalKind};
use detente_sweep::alone::Alone;
use detente_sweep::stats::{pct, wilson};
use std::fmt::Write;
use std::sync::Arc;

/// The opening lines: the scenario, the seed, the seat.
pub fn opening(sc: &Scenario, game: &Game) -> String {
    let seat = sc.actor(game.seat());
    format!(
        "detente play: {} ({}), seed {}. You are {}.\nEach month: accept, propose, signal, \
         then done; or advisers, walkout. Type help for the commands.\n",
        sc.settings.title,
        sc.settings.name,
        game.seed(),
        seat.name
    )
}

/// The month: events, the table, dispatches, trust, and the advisers' counsel.
pub fn view(sc: &Scenario, v: &View) -> String {
    let mut out = format!("\n=== {} (round {}) ===\n", v.date, v.round);
    for e in v.events.iter().filter(|e| e.happened) {
        let _ = writeln!(out, "** {}: {}", e.title, e.narrative);
    }
    let _ = writeln!(
        out,
        "Your security (no deal): {:.3}. Your paranoia {:.2}.",
        v.security, v.paranoia
    );
    let trust: Vec<String> = v
        .trust
        .iter()
        .filter(|t| t.present)
        .map(|t| {
            let side = if t.ally { "ally" } else { "other side" };
            format!("{} {:.2} ({side})", t.name, t.trust)
        })
        .collect();
    if !trust.is_empty() {
        let _ = writeln!(out, "Your trust: {}.", trust.join(", "));
    }
    if v.offers.is_empty() {
        out.push_str("No package is on the table this month.\n");
    } else {
        out.push_str("On the table (worth to you at your trust; kept in full):\n");
    }
    for (k, o) in v.offers.iter().enumerate() {
        let advice = match o.advice {
            Verdict::Accept => "advisers: accept",
            Verdict::WorseThanSecurity => "advisers: reject, worth less than security",
            Verdict::BelowAspiration => "advisers: reject, asks too much",
        };
        let via = if o.via == o.package.proposer {
            String::new()
        } else {
            format!(", via {}", o.via)
        };
        let _ = writeln!(
            out,
            "  [{}] {}'s package of {}{via}: {}\n      worth {:.3} ({:.3} kept in full) against security {:.3}; {advice}",
            k + 1,
            o.proposer_name,
            sc.date(o.package.round),
            o.text,
            o.expected_utility,
            o.utility,
            v.security
        );
    }
    let fixed: Vec<String> = v
        .issues
        .iter()
        .filter_map(|i| i.fixed.map(|x| format!("{} {}", i.name, x)))
        .collect();
    if !fixed.is_empty() {
        let _ = writeln!(
            out,
            "An event puts an offer on the table for you: any package you offer this month \
             carries {}.",
            fixed.join(", ")
        );
    }
    if !v.dispatches.is_empty() {
        out.push_str("Dispatches:\n");
        for d in &v.dispatches {
            let _ = writeln!(out, "  {} ({}): {}", d.from_name, d.role, d.text);
        }
    }
    if let Some(x) = &v.standing {
        let _ = writeln!(out, "Your standing offer: {}.", narrate::package(sc, x));
    }
    out.push_str("Your advisers urge:\n");
    for r in &v.counsel.reasons {
        let _ = writeln!(out, "  - {r}");
    }
    let issues: Vec<String> = v
        .issues
        .iter()
        .map(|i| format!("{} {}..{} (your ideal {:.2})", i.id, i.min, i.max, i.ideal))
        .collect();
    let _ = writeln!(out, "Issues, in order: {}.", issues.join(", "));
    out
}

/// What package `x` is worth to every principal now.
pub fn values(sc: &Scenario, game: &Game, x: &[f64]) -> String {
    let mut out = format!("{}:\n", narrate::package(sc, x));
    match game.values(x) {
        Ok(values) => {
            for v in values {
                let verdict = if v.expected_utility > v.security {
                    "beats"
                } else {
                    "does not beat"
                };
                let _ = writeln!(
                    out,
                    "  {}: worth {:.3} at their trust ({:.3} kept in full), {verdict} their \
                     security {:.3}",
                    v.name, v.expected_utility, v.utility, v.security
                );
            }
        }
        Err(e) => {
            let _ = writeln!(out, "  {e}");
        }
    }
    out
}

/// A signal as a verb.
pub fn signal_word(s: SignalKind) -> &'static str {
    match s {
        SignalKind::Reassure => "reassure them",
        SignalKind::Warn => "warn them",
        SignalKind::Threaten => "threaten them",
    }
}

/// How the model alone ends over seeds 1 to N (every core).
pub fn distribution(sc: &Arc<Scenario>, runs: u64) -> Alone {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    Alone::of(sc, runs, threads)
}

fn share(k: u64, n: u64) -> String {
    let (lo, hi) = wilson(k, n);
    format!(
        "{} (95% interval {} to {})",
        pct(k as f64 / n.max(1) as f64),
        pct(lo),
        pct(hi)
    )
}

/// The end: your game against the model alone on your seed and over seeds 1 to N, and
/// against the Nash package.
pub fn ending(sc: &Scenario, s: &Summary, alone: &Alone) -> String {
    let seat = sc
        .actor_by_id(&s.seat)
        .map(|a| sc.actor(a).name.clone())
        .unwrap_or_else(|| s.seat.clone());
    let mut out = format!("\nYour game as {seat}, seed {}:\n", s.seed);
    let line = |who: &str, e: &detente_model::game::Ending| {
        format!(
            "  {who}: {} in {}, \"{}\"; worth {:.3} to {seat} against security {:.3}\n",
            e.reason.as_str(),
            e.date,
            e.outcome,
            e.utility,
            s.security
        )
    };
    out.push_str(&line("You", &s.game));
    out.push_str(&line("The model alone on this seed", &s.model));
    let _ = writeln!(
        out,
        "  The model alone over seeds 1 to {}: settles in {}; ends \"{}\" as you did in {}.",
        alone.runs,
        share(alone.settled(), alone.runs),
        s.game.outcome,
        share(alone.outcome(&s.game.outcome), alone.runs)
    );
    match (&s.game.nash, &s.model.nash) {
        (Some(you), Some(model)) => {
            let _ = writeln!(
                out,
                "  The Nash package is {}; your outcome is {:.3} from it (package distance, 0 \
                 to 1), the model's {:.3}.",
                narrate::package(sc, &you.package),
                you.package_distance,
                model.package_distance
            );
        }
        _ => {
            out.push_str("  No Nash package: no package beats security for every veto principal.\n")
        }
    }
    out
}
