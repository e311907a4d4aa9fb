//! `detente check` and `detente scenarios`: what a scenario holds, or everything wrong with it.

use crate::Failure;
use crate::args::{CheckArgs, GenerateArgs};
use crate::output;
use anyhow::anyhow;
use detente_model::{Effect, Role, Scenario, StrategyKind};

/// List the built-in scenarios with their titles.
pub fn list_builtins() -> Result<(), Failure> {
    let mut text = String::new();
    for (name, _) in detente_config::builtin::BUILTINS {
        let title = match detente_config::builtin::builtin(name) {
            Some(Ok(sc)) => sc.settings.title,
            Some(Err(e)) => {
                return Err(Failure::Internal(anyhow!(
                    "built-in {name} is invalid: {e}"
                )));
            }
            None => continue,
        };
        text.push_str(&format!("{name:<24} {title}\n"));
    }
    output::print(&text).map_err(Failure::Internal)
}

/// Check each file; print a summary of the valid ones and every problem of the others.
pub fn check(args: CheckArgs) -> Result<(), Failure> {
    let mut failed = 0;
    for file in &args.files {
        // File by file, so that problems and summaries come out in order.
        match detente_config::load_ref(&args.extends.reference(file), &args.set) {
            Ok(sc) => output::print(&summary(
                &detente_config::text::for_display(&sc),
                &detente_config::text::shown(&file.display().to_string()),
            ))
            .map_err(Failure::Internal)?,
            Err(e) => {
                failed += 1;
                let n = e.count();
                let plural = if n == 1 { "" } else { "s" };
                output::print(&format!("{}: {n} problem{plural}:\n", file.display()))
                    .map_err(Failure::Internal)?;
                crate::output::eprint(&e.to_string());
                output::print("\n").map_err(Failure::Internal)?;
            }
        }
    }
    if failed > 0 {
        let plural = if failed == 1 { "" } else { "s" };
        return Err(Failure::BadInput(anyhow!(
            "{failed} of {} scenario{plural} invalid",
            args.files.len()
        )));
    }
    Ok(())
}

fn strategy(sc: &Scenario, k: usize) -> String {
    let s = sc.actors[k].strategy;
    match s.kind {
        StrategyKind::Reciprocal => "reciprocal".into(),
        StrategyKind::Linear => "linear".into(),
        StrategyKind::Boulware => format!("boulware e={}", s.e),
        StrategyKind::Conceder => format!("conceder e={}", s.e),
    }
}

fn effect(sc: &Scenario, e: &Effect) -> String {
    let id = |a: detente_model::ActorId| sc.actor(a).id.as_str();
    match e {
        Effect::Trust { from, to, delta } => format!("trust {}->{} {delta:+}", id(*from), id(*to)),
        Effect::Paranoia { actor, delta } => format!("paranoia {} {delta:+}", id(*actor)),
        Effect::Ideal {
            actor,
            issue,
            delta,
        } => format!("ideal {}.{} {delta:+}", id(*actor), sc.issues[*issue].id),
        Effect::Salience {
            actor,
            issue,
            delta,
        } => {
            format!("salience {}.{} {delta:+}", id(*actor), sc.issues[*issue].id)
        }
        Effect::Open { a, b } => format!("open {}-{}", id(*a), id(*b)),
        Effect::Close { a, b } => format!("close {}-{}", id(*a), id(*b)),
        Effect::Remove { actor } => format!("remove {}", id(*actor)),
        Effect::Add { actor } => format!("add {}", id(*actor)),
        Effect::Offer { from, positions } => {
            let parts: Vec<String> = sc
                .issues
                .iter()
                .zip(positions)
                .filter_map(|(i, x)| x.map(|x| format!("{} {}", i.id, i.show_value(x))))
                .collect();
            format!("offer by {}: {}", id(*from), parts.join(", "))
        }
    }
}

/// A readable summary of a valid scenario.
pub fn summary(sc: &Scenario, file: &str) -> String {
    let s = &sc.settings;
    let mut out = format!("{file}: ok\n  {} ({})\n", s.title, s.name);
    out.push_str(&format!(
        "  {} to {} ({} months), strategies conclude by {}; seed {}; deadlock after {} still rounds (epsilon {})\n",
        s.start,
        sc.date(s.horizon - 1),
        s.horizon,
        sc.date(s.deadline.saturating_sub(1).min(s.horizon.saturating_sub(1))),
        s.seed,
        s.stable_rounds,
        s.epsilon
    ));
    let veto: Vec<&str> = s.veto.iter().map(|v| sc.actor(*v).id.as_str()).collect();
    out.push_str(&format!("  veto principals: {}\n", veto.join(", ")));
    out.push_str("  issues:\n");
    for i in &sc.issues {
        out.push_str(&format!(
            "    {:<12} {} to {}, status quo {} ({})\n",
            i.id,
            i.show_value(i.min),
            i.show_value(i.max),
            i.show_value(i.status_quo),
            i.label_near(i.status_quo).unwrap_or_else(|| "-".into())
        ));
    }
    out.push_str("  actors:\n");
    for (k, a) in sc.actors.iter().enumerate() {
        let role = match (a.role, a.principal) {
            (Role::Principal, _) => "principal".to_string(),
            (r, Some(p)) => format!("{} of {}", r.as_str(), sc.actor(p).id),
            (r, None) => r.as_str().to_string(),
        };
        let side = if a.side != a.bloc {
            format!(", side {}", a.side)
        } else {
            String::new()
        };
        let enters = if a.active { "" } else { ", enters by event" };
        out.push_str(&format!(
            "    {:<12} {:<28} bloc {}{side}, {role}, {}, paranoia {}{enters}\n",
            a.id,
            a.name,
            a.bloc,
            strategy(sc, k),
            a.paranoia
        ));
    }
    let channels: Vec<String> = sc
        .channels
        .iter()
        .map(|c| format!("{}-{}", sc.actor(c.a).id, sc.actor(c.b).id))
        .collect();
    out.push_str(&format!(
        "  channels across blocs at the start: {}\n",
        channels.join(", ")
    ));
    out.push_str("  events:\n");
    for e in &sc.events {
        let chance = if e.probability < 1.0 {
            format!(" (p={})", e.probability)
        } else {
            String::new()
        };
        let effects: Vec<String> = e.effects.iter().map(|x| effect(sc, x)).collect();
        let effects = if effects.is_empty() {
            "(narrative only)".to_string()
        } else {
            effects.join("; ")
        };
        out.push_str(&format!(
            "    {} {}{chance}: {effects}\n",
            sc.date(e.round),
            e.title
        ));
    }
    out.push_str("  outcome labels (first match wins):\n");
    for o in &sc.outcomes {
        let ranges: Vec<String> = sc
            .issues
            .iter()
            .zip(&o.ranges)
            .filter_map(|(i, r)| {
                r.map(|(lo, hi)| format!("{} {}..{}", i.id, i.show_value(lo), i.show_value(hi)))
            })
            .collect();
        let trust = match (o.min_trust, o.max_trust) {
            (Some(lo), Some(hi)) => format!(", trust {lo}..{hi}"),
            (Some(lo), None) => format!(", trust >= {lo}"),
            (None, Some(hi)) => format!(", trust <= {hi}"),
            (None, None) => String::new(),
        };
        let ranges = if ranges.is_empty() {
            "any positions".to_string()
        } else {
            ranges.join(", ")
        };
        out.push_str(&format!("    {}: {ranges}{trust}\n", o.label));
    }
    out.push('\n');
    out
}

/// `detente generate`: a valid scenario of any size.
pub fn generate(args: GenerateArgs) -> Result<(), Failure> {
    let shape = detente_config::generate::Shape {
        actors: args.actors as usize,
        issues: args.issues as usize,
        degree: args.degree as usize,
        seed: args.seed,
    };
    let text = detente_config::generate::generate(shape);
    match &args.out {
        Some(path) => output::write_atomic(path, &text),
        None => output::print(&text).map_err(Failure::Internal),
    }
}
