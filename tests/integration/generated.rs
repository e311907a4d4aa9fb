//! Scenarios the library does not have: random actors, issues, blocs, roles and channels.
//! Each either runs to its end or fails with located errors; never a panic.

use proptest::prelude::*;
use std::fmt::Write;

#[derive(Clone, Debug)]
struct Spec {
    issues: usize,
    actors: Vec<(usize, u8, f64, f64)>, // (bloc, role 0 principal 1 envoy 2 adviser, paranoia, trust)
    channels: Vec<(usize, usize)>,
    veto: Vec<usize>,
    horizon: u32,
}

fn spec() -> impl Strategy<Value = Spec> {
    (1usize..5, 2usize..9).prop_flat_map(|(issues, n)| {
        (
            Just(issues),
            prop::collection::vec((0usize..4, 0u8..3, 0.0f64..1.0, 0.0f64..1.0), n),
            prop::collection::vec((0..n, 0..n), 0..(2 * n)),
            prop::collection::vec(0..n, 1..4),
            1u32..40,
        )
            .prop_map(|(issues, actors, channels, veto, horizon)| {
                tidy(Spec {
                    issues,
                    actors,
                    channels,
                    veto,
                    horizon,
                })
            })
    })
}

/// Make the spec mostly valid, so that most cases run: the first actor of each bloc is a
/// principal, the veto names distinct principals, channels join two different actors.
fn tidy(mut s: Spec) -> Spec {
    for k in 0..s.actors.len() {
        let bloc = s.actors[k].0;
        if s.actors.iter().position(|a| a.0 == bloc) == Some(k) {
            s.actors[k].1 = 0;
        }
    }
    let mut veto: Vec<usize> = s
        .veto
        .iter()
        .copied()
        .filter(|v| s.actors[*v].1 == 0)
        .collect();
    veto.sort_unstable();
    veto.dedup();
    if veto.is_empty() {
        veto.push(0);
    }
    s.veto = veto;
    s.channels.retain(|(a, b)| a != b);
    s
}

fn render(s: &Spec) -> String {
    let mut t = String::new();
    let principal_of = |k: usize| -> Option<usize> {
        // An envoy or adviser works for the first principal of its bloc, if any.
        s.actors
            .iter()
            .position(|a| a.0 == s.actors[k].0 && a.1 == 0)
    };
    let veto: Vec<String> = s.veto.iter().map(|v| format!("\"a{v}\"")).collect();
    writeln!(t, "[scenario]\nname = \"gen\"\ntitle = \"Generated\"\nstart = \"1950-01\"\nhorizon = {}\nveto = [{}]\n", s.horizon, veto.join(", ")).unwrap();
    for i in 0..s.issues {
        writeln!(
            t,
            "[[issues]]\nid = \"i{i}\"\nmin = 0.0\nmax = {}.0\nstatus_quo = 0.0\n",
            i + 1
        )
        .unwrap();
    }
    let w = 1.0 / s.issues as f64;
    for (k, (bloc, role, paranoia, trust)) in s.actors.iter().enumerate() {
        let role_name = ["principal", "envoy", "adviser"][*role as usize];
        let ideal: Vec<String> = (0..s.issues)
            .map(|i| format!("i{i} = {}", (k % 2) as f64 * (i + 1) as f64))
            .collect();
        let sal: Vec<String> = (0..s.issues).map(|i| format!("i{i} = {w}")).collect();
        writeln!(
            t,
            "[[actors]]\nid = \"a{k}\"\nbloc = \"b{bloc}\"\nrole = \"{role_name}\""
        )
        .unwrap();
        if *role != 0
            && let Some(p) = principal_of(k)
        {
            writeln!(t, "principal = \"a{p}\"").unwrap();
        }
        writeln!(
            t,
            "ideal = {{ {} }}\nsalience = {{ {} }}\nstrategy = {{ kind = \"conceder\", e = 2.0 }}\ntrust_default = {trust}\nparanoia = {paranoia}\nwalkout = 0.05\n",
            ideal.join(", "),
            sal.join(", ")
        )
        .unwrap();
    }
    for (a, b) in &s.channels {
        writeln!(t, "[[channels]]\nbetween = [\"a{a}\", \"a{b}\"]\n").unwrap();
    }
    t
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn generated_scenarios_run_or_fail_with_located_errors(s in spec(), seed in any::<u64>()) {
        let text = render(&s);
        match detente_config::parse(&text, "gen.toml") {
            Ok(sc) => {
                let sc = std::sync::Arc::new(sc);
                let plain = detente_model::sim::run(std::sync::Arc::clone(&sc), seed);
                prop_assert!(plain.equilibrium.round < s.horizon);
                let options = detente_runtime::RunOptions { threads: 2, ..detente_runtime::RunOptions::new(seed) };
                let tokio = detente_runtime::run(sc, &options).unwrap();
                prop_assert!(tokio == plain, "tokio and plain differ");
            }
            Err(e) => {
                for line in e.to_string().lines() {
                    prop_assert!(line.starts_with("gen.toml:"), "unlocated: {line}\n{text}");
                }
            }
        }
    }
}
