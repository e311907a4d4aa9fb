//! `detente sensitivity`: a Morris or Sobol sample of scenario fields, run as a sweep over
//! the same seeds at every point, turned into ranked indices per metric.

use crate::Failure;
use crate::args::{ParamSet, SensitivityArgs, SensitivityMethod};
use crate::output;
use crate::sweep::{Progress, failure, threads};
use anyhow::anyhow;
use detente_config::ScenarioRef;
use detente_config::text::shown;
use detente_sweep::plan::Plan;
use detente_sweep::sensitivity::file::{
    Indices, KIND, MetricIndices, SCHEMA_VERSION, SensitivityFile,
};
use detente_sweep::sensitivity::metric::Metric;
use detente_sweep::sensitivity::{Method, Param, Study, parse_param};
use detente_sweep::session;

fn bad(e: impl std::fmt::Display) -> Failure {
    Failure::BadInput(anyhow!("{e}"))
}

/// The parameters: the default set, if asked for, then each `--param` (which replaces the
/// default range of the same key).
fn params(args: &SensitivityArgs, reference: &ScenarioRef) -> Result<Vec<Param>, Failure> {
    let defaults: Vec<Param> =
        if args.params.is_some() || args.param.iter().any(|a| !a.contains('=')) {
            detente_config::numeric_fields(reference, &args.set)
                .map_err(bad)?
                .into_iter()
                .map(|f| Param {
                    key: f.key,
                    about: f.about,
                    lo: f.lo,
                    hi: f.hi,
                })
                .collect()
        } else {
            Vec::new()
        };
    let mut params: Vec<Param> = match args.params {
        Some(ParamSet::AllNumeric) => defaults.clone(),
        None => Vec::new(),
    };
    let mut given: Vec<String> = Vec::new();
    for arg in &args.param {
        let p = if arg.contains('=') {
            parse_param(arg).map_err(bad)?
        } else {
            // A bare key takes its default range.
            defaults.iter().find(|d| d.key == arg.trim()).cloned().ok_or_else(|| {
                bad(format!("--param {arg}: no default range for this key (all-numeric does not cover it); give KEY=LO:HI"))
            })?
        };
        if given.contains(&p.key) {
            return Err(bad(format!("--param {}: the key is given twice", p.key)));
        }
        given.push(p.key.clone());
        // Both ends must make a valid scenario; say so against the --param, not a point.
        for x in [p.lo, p.hi] {
            let x = detente_sweep::sensitivity::show_value(x);
            let mut sets = args.set.clone();
            sets.push(format!("{}={x}", p.key));
            detente_config::load_ref(reference, &sets)
                .map_err(|e| bad(format!("--param {arg}: at {x}:\n{e}")))?;
        }
        match params.iter_mut().find(|q| q.key == p.key) {
            Some(q) => {
                q.lo = p.lo;
                q.hi = p.hi;
            }
            None => params.push(p),
        }
    }
    if params.is_empty() {
        return Err(bad(
            "nothing to vary: give --param KEY=LO:HI (repeatable) or --params all-numeric",
        ));
    }
    Ok(params)
}

fn method(args: &SensitivityArgs) -> Method {
    match args.method {
        SensitivityMethod::Morris => Method::Morris {
            trajectories: args.trajectories,
            levels: args.levels,
        },
        SensitivityMethod::Sobol => Method::Sobol { base: args.base },
    }
}

pub fn sensitivity(args: SensitivityArgs) -> Result<(), Failure> {
    for path in [&args.out, &args.json, &args.csv].into_iter().flatten() {
        detente_data::output::check(path).map_err(output::failure)?;
    }
    let reference = args.extends.reference(&args.scenario);
    let study = Study {
        method: method(&args),
        params: params(&args, &reference)?,
        sample_seed: args.sample_seed,
    };
    let (sample, design) = study.sample().map_err(failure)?;
    let plan = Plan {
        scenario: args.scenario.display().to_string(),
        sets: args.set.clone(),
        design,
        runs: args.runs_per_point,
        seed_start: args.seed_start,
        shard: None,
    };
    plan.validate().map_err(failure)?;
    let loaded = session::load(&plan, &reference).map_err(failure)?;
    let specs = if args.metric.is_empty() {
        vec!["settle".to_string()]
    } else {
        args.metric.clone()
    };
    let metrics = specs
        .iter()
        .map(|m| Metric::parse(m, &loaded.labels, &loaded.issues))
        .collect::<Result<Vec<_>, _>>()
        .map_err(bad)?;
    let mut progress = Progress::named("sensitivity");
    let rows = session::run(
        &plan,
        &loaded,
        args.out.as_deref(),
        args.resume,
        threads(args.threads),
        |d, t| progress.update(d, t),
    );
    progress.finish();
    let rows = rows.map_err(failure)?;
    let resamples = args.resamples as usize;
    let indices = study
        .analyze(&sample, &rows, &metrics, &loaded.issues, resamples)
        .map_err(failure)?;
    let first = plan.seed_start.unwrap_or(loaded.bases[0]);
    let file = SensitivityFile {
        kind: KIND.into(),
        schema_version: SCHEMA_VERSION,
        scenario: plan.scenario.clone(),
        title: loaded.scenarios[0].settings.title.clone(),
        sets: plan.sets.clone(),
        method: study.method.clone(),
        sample_seed: study.sample_seed,
        params: study.params.clone(),
        points: plan.design.len(),
        runs_per_point: plan.runs,
        seeds: [first, first.saturating_add(plan.runs - 1)],
        results: args.out.as_ref().map(|p| p.display().to_string()),
        metrics: indices,
    };
    if let Some(path) = &args.json {
        let text = serde_json::to_string_pretty(&file).map_err(|e| Failure::Internal(e.into()))?;
        output::write_atomic(path, &format!("{text}\n"))?;
    }
    if let Some(path) = &args.csv {
        output::write_atomic(path, &file.to_csv())?;
    }
    output::print(&render(&file, &metrics, args.top)).map_err(Failure::Internal)
}

/// Three significant decimals, enough to rank and read.
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
    format!(
        "detente sensitivity: {} ({})\n{what}, {} points x {} runs ({} runs), seeds {} to {} at every point\n",
        shown(&f.title),
        shown(&f.scenario),
        f.points,
        f.runs_per_point,
        f.points as u64 * f.runs_per_point,
        f.seeds[0],
        f.seeds[1]
    )
}

fn render(f: &SensitivityFile, metrics: &[Metric], top: Option<usize>) -> String {
    let mut out = heading(f);
    for (m, metric) in f.metrics.iter().zip(metrics) {
        out.push('\n');
        let mean = if metric.is_share() {
            detente_sweep::stats::pct(m.mean)
        } else {
            num(m.mean)
        };
        out.push_str(&format!(
            "{}: mean {mean} over the points; standard error of one point {}\n",
            shown(&m.description),
            num(m.point_se)
        ));
        match &m.indices {
            None => {
                let note = m.note.as_deref().unwrap_or("no indices");
                out.push_str(&format!("  no indices: {note}\n"));
            }
            Some(ix) => out.push_str(&table(ix, m, &f.method, top.unwrap_or(usize::MAX))),
        }
    }
    out
}

fn table(ix: &Indices, m: &MetricIndices, method: &Method, top: usize) -> String {
    let width = match ix {
        Indices::Morris(rs) => rs.iter().map(|r| r.key.len()).max(),
        Indices::Sobol(rs) => rs.iter().map(|r| r.key.len()).max(),
    }
    .unwrap_or(9)
    .max(9);
    let range = |lo: f64, hi: f64| format!("{} to {}", num(lo), num(hi));
    let mut out = String::new();
    match ix {
        Indices::Morris(rs) => {
            out.push_str(&format!(
                "  {:>4}  {:width$}  {:>15}  {:>7}  {:>16}  {:>7}  {:>7}\n",
                "rank", "parameter", "range", "mu*", "95% interval", "mu", "sigma"
            ));
            for r in rs.iter().take(top) {
                let x = &r.index;
                out.push_str(&format!(
                    "  {:>4}  {:width$}  {:>15}  {:>7}  {:>16}  {:>7}  {:>7}{}\n",
                    r.rank,
                    shown(&r.key),
                    range(r.lo, r.hi),
                    num(x.mu_star),
                    format!("[{}, {}]", num(x.mu_star_lo), num(x.mu_star_hi)),
                    num(x.mu),
                    num(x.sigma),
                    about(&r.about)
                ));
            }
            let floor = m.noise_floor(method).unwrap_or(0.0);
            out.push_str(&format!(
                "  mu*: the mean absolute change in the metric across a parameter's whole range; mu: its signed mean;\n  sigma: its spread (curvature or interactions). Seed noise alone would give a mu* of about {} or less.\n",
                num(floor)
            ));
        }
        Indices::Sobol(rs) => {
            out.push_str(&format!(
                "  {:>4}  {:width$}  {:>15}  {:>7}  {:>16}  {:>7}  {:>16}\n",
                "rank", "parameter", "range", "S1", "95% interval", "ST", "95% interval"
            ));
            for r in rs.iter().take(top) {
                let x = &r.index;
                out.push_str(&format!(
                    "  {:>4}  {:width$}  {:>15}  {:>7}  {:>16}  {:>7}  {:>16}{}\n",
                    r.rank,
                    shown(&r.key),
                    range(r.lo, r.hi),
                    num(x.s1),
                    format!("[{}, {}]", num(x.s1_lo), num(x.s1_hi)),
                    num(x.st),
                    format!("[{}, {}]", num(x.st_lo), num(x.st_hi)),
                    about(&r.about)
                ));
            }
            let sum: f64 = rs.iter().map(|r| r.index.s1).sum();
            let noise = m.noise_share(method).unwrap_or(0.0);
            out.push_str(&format!(
                "  S1: the share of the variance a parameter explains alone; ST: with its interactions.\n  Sum of S1: {}; seed noise is about {} of the variance (it adds to every ST).\n",
                num(sum),
                detente_sweep::stats::pct(noise)
            ));
        }
    }
    out
}

fn about(text: &str) -> String {
    if text.is_empty() {
        String::new()
    } else {
        format!("  ({})", shown(text))
    }
}
