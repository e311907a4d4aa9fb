//! The explorer's JSON endpoints, called through the router as the page calls them, and
//! held to the command line: the page's shares are a sweep's, its errors are `check`'s,
//! its downloaded what-if runs. A short load on loopback here; the long one is ignored.

use crate::common::*;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use detente_serve::{Limits, router};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use tower::ServiceExt;

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

fn limits() -> Limits {
    Limits {
        threads: 2,
        ..Limits::default()
    }
}

/// A request through a fresh router: (status, headers, body).
async fn call_with(
    limits: Limits,
    method: &str,
    path: &str,
    body: Option<String>,
) -> (StatusCode, axum::http::HeaderMap, String) {
    let mut req = Request::builder()
        .method(method)
        .uri(path)
        .header(header::HOST, "127.0.0.1:8080");
    if body.is_some() {
        req = req.header(header::CONTENT_TYPE, "application/json");
    }
    let req = req.body(Body::from(body.unwrap_or_default())).unwrap();
    let resp = router(limits).oneshot(req).await.unwrap();
    let (parts, body) = resp.into_parts();
    let bytes = body.collect().await.unwrap().to_bytes();
    (
        parts.status,
        parts.headers,
        String::from_utf8(bytes.to_vec()).unwrap(),
    )
}

pub(crate) fn post(path: &str, body: Value) -> (StatusCode, String) {
    let (s, _, b) = runtime().block_on(call_with(limits(), "POST", path, Some(body.to_string())));
    (s, b)
}

pub(crate) fn json_of(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// The lines of a run's stream, and its result line.
fn run_lines(body: Value) -> (Vec<Value>, Value) {
    let (status, text) = post("/api/run", body);
    assert_eq!(status, StatusCode::OK, "{text}");
    let lines: Vec<Value> = text.lines().map(json_of).collect();
    let last = lines.last().cloned().expect("a result line");
    assert_eq!(last["type"], "result", "{last}");
    (lines, last)
}

/// Outcome label -> runs, from a sweep's results file.
fn counts_in(csv_path: &std::path::Path) -> BTreeMap<String, u64> {
    let mut r = csv::Reader::from_path(csv_path).unwrap();
    let col = r
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "outcome")
        .unwrap();
    let mut counts = BTreeMap::new();
    for rec in r.records() {
        *counts.entry(rec.unwrap()[col].to_string()).or_insert(0) += 1;
    }
    counts
}

fn page_counts(result: &Value) -> BTreeMap<String, u64> {
    result["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["count"].as_u64().unwrap() > 0)
        .map(|s| {
            (
                s["label"].as_str().unwrap().to_string(),
                s["count"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn the_page_and_its_assets_are_served_with_a_strict_policy() {
    let rt = runtime();
    for (path, kind) in [
        ("/", "text/html"),
        ("/app.js", "javascript"),
        ("/game.js", "javascript"),
        ("/style.css", "text/css"),
    ] {
        let (s, h, body) = rt.block_on(call_with(limits(), "GET", path, None));
        assert_eq!(s, StatusCode::OK, "{path}");
        assert!(
            h[header::CONTENT_TYPE].to_str().unwrap().contains(kind),
            "{path}"
        );
        let csp = h[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        assert!(
            csp.contains("script-src 'self'") && !csp.contains("unsafe-eval"),
            "{csp}"
        );
        // The game's script writes every text as DOM text: no markup from data at all.
        if path == "/game.js" {
            assert!(!body.contains("innerHTML") && !body.contains("insertAdjacentHTML"));
        }
        // Nothing is fetched from elsewhere.
        for outside in ["http://", "https://", "//cdn", "@import"] {
            assert!(!body.contains(outside), "{path} mentions {outside}");
        }
    }
    let (s, _, list) = rt.block_on(call_with(limits(), "GET", "/api/scenarios", None));
    assert_eq!(s, StatusCode::OK);
    let names: Vec<String> = json_of(&list)
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["name"].as_str().unwrap().to_string())
        .collect();
    for name in SHIPPED {
        assert!(
            names.iter().any(|n| n == name),
            "{name} missing from {names:?}"
        );
    }
}

#[test]
fn a_request_by_a_foreign_host_name_is_refused() {
    let rt = runtime();
    let req = Request::builder()
        .uri("/")
        .header(header::HOST, "attacker.example:8080")
        .body(Body::empty())
        .unwrap();
    let resp = rt.block_on(router(limits()).oneshot(req)).unwrap();
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
}

#[test]
fn every_lever_is_a_set_key_the_scenario_accepts_at_both_ends() {
    for name in ["otl", "lend-lease-continues"] {
        let (s, text) = post("/api/scenario", json!({"source": {"builtin": name}}));
        assert_eq!(s, StatusCode::OK, "{text}");
        let info = json_of(&text);
        let levers = info["levers"].as_array().unwrap();
        for group in ["paranoia", "trust", "events"] {
            assert!(
                levers.iter().any(|l| l["group"] == group),
                "{name}: no {group} lever"
            );
        }
        let sc = scenario(name);
        for l in levers {
            let key = l["key"].as_str().unwrap();
            let (lo, hi, v) = (
                l["min"].as_f64().unwrap(),
                l["max"].as_f64().unwrap(),
                l["value"].as_f64().unwrap(),
            );
            assert!(lo <= v && v <= hi, "{key}: {v} outside {lo}..{hi}");
            for x in [lo, hi] {
                let set = format!("{key}={x}");
                let loaded = detente_config::load_ref(
                    &detente_config::ScenarioRef::Builtin(name.into()),
                    std::slice::from_ref(&set),
                );
                let changed = loaded.unwrap_or_else(|e| panic!("{set}: {e}"));
                if x != v {
                    assert_ne!(*sc, changed, "{set} changes nothing");
                }
            }
        }
    }
}

#[test]
fn the_pages_shares_are_a_sweep_of_the_same_settings() {
    let sets = [
        "actors.stalin.paranoia=0.5",
        "actors.truman.trust.stalin=0.7",
    ];
    let (lines, result) = run_lines(json!({
        "source": {"builtin": "otl"}, "sets": sets, "runs": 300
    }));
    // Progress comes before the result, never goes back, never passes the total.
    let done: Vec<u64> = lines
        .iter()
        .filter(|l| l["type"] == "progress")
        .map(|l| l["done"].as_u64().unwrap())
        .collect();
    assert!(!done.is_empty(), "no progress was streamed");
    assert!(done.windows(2).all(|w| w[0] < w[1]) && done.iter().all(|&d| d <= 300));
    let total: u64 = result["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["count"].as_u64().unwrap())
        .sum();
    assert_eq!(total, 300);
    for s in result["outcomes"].as_array().unwrap() {
        let (p, lo, hi) = (
            s["share"].as_f64().unwrap(),
            s["lo"].as_f64().unwrap(),
            s["hi"].as_f64().unwrap(),
        );
        assert!(
            lo <= p && p <= hi && (0.0..=1.0).contains(&lo) && hi <= 1.0,
            "{s}"
        );
    }
    assert_eq!(result["seeds"].as_array().unwrap().len(), 300);
    assert!(result["chart"].as_str().unwrap().starts_with("<svg"));

    // The command the page shows, run by the binary, gives the same counts.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.csv");
    let command = result["command"].as_str().unwrap();
    let mut args: Vec<&str> = command.split(' ').skip(1).collect();
    args.extend(["--out", path_str(&out)]);
    let o = detente(&args);
    assert!(o.status.success(), "{command}: {}", stderr(&o));
    assert_eq!(counts_in(&out), page_counts(&result), "{command}");
}

#[test]
fn a_pasted_scenario_with_a_mistake_gets_the_checks_message_with_its_line() {
    let text = "extends = \"otl\"\n\n[[actors]]\nid = \"stalin\"\nparanoia = 5\n";
    let (s, body) = post("/api/scenario", json!({"source": {"toml": text}}));
    assert_eq!(s, StatusCode::BAD_REQUEST, "{body}");
    let e = json_of(&body);
    let p = &e["problems"][0];
    assert_eq!(p["line"], 5, "{e}");
    // The same file given to `detente check` says the same thing.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pasted.toml");
    std::fs::write(&path, text).unwrap();
    let o = detente(&["check", path_str(&path)]);
    assert_eq!(o.status.code(), Some(2));
    let message = p["message"].as_str().unwrap();
    assert!(
        stderr(&o).contains(message),
        "{message} not in {}",
        stderr(&o)
    );
}

#[test]
fn a_pasted_scenario_reads_no_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("base.toml"), config_text("otl")).unwrap();
    let base = dir.path().join("base.toml");
    for parent in [
        path_str(&base),
        "base.toml",
        "../configs/otl.toml",
        "/etc/passwd",
    ] {
        let text = format!("extends = {parent:?}\n");
        let (s, body) = post("/api/scenario", json!({"source": {"toml": text}}));
        assert_eq!(s, StatusCode::BAD_REQUEST, "{parent}: {body}");
        assert!(
            body.contains("only a built-in scenario"),
            "{parent}: {body}"
        );
    }
    let (s, body) = post(
        "/api/scenario",
        json!({"source": {"builtin": "../configs/otl"}}),
    );
    assert_eq!(s, StatusCode::BAD_REQUEST, "{body}");
}

#[test]
fn the_downloaded_what_if_is_checked_and_swept_like_the_page() {
    let sets = [
        "actors.stalin.paranoia=0.45",
        "actors.churchill.trust.stalin=0.4",
    ];
    let body = json!({"source": {"builtin": "otl"}, "sets": sets});
    let (s, text) = post("/api/whatif", body.clone());
    assert_eq!(s, StatusCode::OK, "{text}");
    assert!(text.contains("extends = \"otl\""), "{text}");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("whatif.toml");
    std::fs::write(&path, &text).unwrap();
    let o = detente(&["check", path_str(&path)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = dir.path().join("r.csv");
    let o = detente(&[
        "sweep",
        path_str(&path),
        "--runs",
        "150",
        "--out",
        path_str(&out),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut run = body;
    run["runs"] = json!(150);
    let (_, result) = run_lines(run);
    assert_eq!(counts_in(&out), page_counts(&result));
}

#[test]
fn a_seed_gives_its_report_with_its_dated_transcript() {
    let (_, result) = run_lines(json!({"source": {"builtin": "otl"}, "runs": 20}));
    let seed = result["seeds"][3].clone();
    let (s, text) = post(
        "/api/seed",
        json!({"source": {"builtin": "otl"}, "seed": seed["seed"]}),
    );
    assert_eq!(s, StatusCode::OK, "{text}");
    let rep = json_of(&text);
    assert_eq!(rep["outcome"], seed["outcome"]);
    assert_eq!(rep["reason"], seed["reason"]);
    let html = rep["html"].as_str().unwrap();
    assert!(html.contains("id=\"transcript\"") && html.contains("<svg"));
    // The command line's transcript of the same seed has the same first message.
    let o = detente(&["run", "otl", "--seed", &seed["seed"].to_string()]);
    let first = stdout(&o)
        .lines()
        .find(|l| l.contains(" -> ") && l.contains("proposes"))
        .map(|l| l.split(" -> ").next().unwrap().to_string())
        .unwrap();
    let (date, from) = first.split_once(' ').unwrap();
    assert!(html.contains(&format!("<time>{date}</time>")), "{date}");
    assert!(html.contains(from), "{from}");
}

#[test]
fn hostile_text_in_a_pasted_scenario_reaches_the_page_escaped() {
    let text = "extends = \"otl\"\n[scenario]\ntitle = \"<script>alert(1)</script>\"\n[[actors]]\nid = \"stalin\"\nname = \"<img src=x onerror=alert(2)>\"\n";
    let (s, body) = post("/api/scenario", json!({"source": {"toml": text}}));
    assert_eq!(s, StatusCode::OK, "{body}");
    // JSON carries text; the page writes it as DOM text. The report escapes it as HTML.
    let (s, body) = post("/api/seed", json!({"source": {"toml": text}, "seed": 1}));
    assert_eq!(s, StatusCode::OK);
    let html = json_of(&body)["html"].as_str().unwrap().to_string();
    assert!(!html.contains("<script>alert") && !html.contains("<img src=x"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}

#[test]
fn a_curve_is_the_reports_band_chart_of_one_lever() {
    let (s, text) = post(
        "/api/curve",
        json!({"source": {"builtin": "otl"}, "key": "actors.stalin.paranoia",
               "lo": 0.2, "hi": 1.0, "points": 3, "runs": 30}),
    );
    assert_eq!(s, StatusCode::OK, "{text}");
    let c = json_of(&text);
    let charts = c["charts"].as_array().unwrap();
    assert_eq!(charts.len(), 2, "outcomes and ways of ending");
    assert!(
        charts
            .iter()
            .all(|s| s.as_str().unwrap().contains("<polygon")),
        "bands"
    );
    assert!(
        c["command"]
            .as_str()
            .unwrap()
            .contains("--vary actors.stalin.paranoia=0.2:1:3")
    );
}

#[test]
fn requests_beyond_the_limits_are_refused_at_once() {
    let small = Limits {
        max_body: 4096,
        max_runs: 100,
        ..limits()
    };
    let rt = runtime();
    let big = json!({"source": {"toml": "#".repeat(10_000)}}).to_string();
    let (s, _, _) = rt.block_on(call_with(small, "POST", "/api/scenario", Some(big)));
    assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE);
    let many = json!({"source": {"builtin": "otl"}, "runs": 101}).to_string();
    let (s, _, body) = rt.block_on(call_with(small, "POST", "/api/run", Some(many)));
    assert_eq!(s, StatusCode::BAD_REQUEST, "{body}");
    let curve = json!({"source": {"builtin": "otl"}, "key": "actors.stalin.paranoia",
                       "lo": 0.0, "hi": 1.0, "points": 11, "runs": 10});
    let (s, _, _) = rt.block_on(call_with(
        small,
        "POST",
        "/api/curve",
        Some(curve.to_string()),
    ));
    assert_eq!(s, StatusCode::BAD_REQUEST, "11 x 10 runs is over 100");
}

#[test]
fn runs_beyond_the_permits_get_503_at_once_not_a_queue() {
    let one = Limits {
        in_flight: 1,
        ..limits()
    };
    let rt = runtime();
    rt.block_on(async {
        let app = router(one);
        let request = |runs: u64| {
            Request::builder()
                .method("POST")
                .uri("/api/run")
                .header(header::HOST, "localhost")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(
                    json!({"source": {"builtin": "otl"}, "runs": runs}).to_string(),
                ))
                .unwrap()
        };
        // The first run holds the only permit while its stream is open.
        let first = app.clone().oneshot(request(3000)).await.unwrap();
        assert_eq!(first.status(), StatusCode::OK);
        let started = std::time::Instant::now();
        let second = app.clone().oneshot(request(10)).await.unwrap();
        assert_eq!(second.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(second.headers()[header::RETRY_AFTER], "1");
        assert!(
            started.elapsed() < std::time::Duration::from_secs(2),
            "not refused at once"
        );
        // Once the first is read to its end, the permit is free again.
        let body = first.into_body().collect().await.unwrap().to_bytes();
        assert!(String::from_utf8_lossy(&body).contains("\"type\":\"result\""));
        let mut third = app.clone().oneshot(request(10)).await.unwrap();
        for _ in 0..50 {
            if third.status() == StatusCode::OK {
                break;
            }
            // The finished run's thread may still be letting go of its permit.
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            third = app.clone().oneshot(request(10)).await.unwrap();
        }
        assert_eq!(third.status(), StatusCode::OK);
    });
}

/// Clients on loopback, each posting `runs`-seed requests for `seconds`: every answer is
/// 200 or a documented 503, none fails, and the page still loads after.
fn load(clients: usize, runs: u64, seconds: u64) -> BTreeMap<u16, u64> {
    use std::io::{Read, Write};
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        runtime().block_on(async move {
            detente_serve::serve("127.0.0.1:0".parse().unwrap(), limits(), |a| {
                tx.send(a).unwrap();
            })
            .await
            .unwrap();
        });
    });
    let addr = rx.recv().unwrap();
    let request = |method: &str, path: &str, body: &str| {
        let mut s = std::net::TcpStream::connect(addr).expect("the server accepts");
        s.set_read_timeout(Some(std::time::Duration::from_secs(60)))
            .unwrap();
        write!(
            s,
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
        let mut answer = String::new();
        s.read_to_string(&mut answer).expect("a whole answer");
        let status: u16 = answer[9..12].parse().expect("a status line");
        (status, answer)
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(seconds);
    let body = json!({"source": {"builtin": "otl"}, "runs": runs}).to_string();
    let statuses = std::thread::scope(|s| {
        let handles: Vec<_> = (0..clients)
            .map(|_| {
                s.spawn(|| {
                    let mut seen = BTreeMap::new();
                    while std::time::Instant::now() < deadline {
                        let (status, answer) = request("POST", "/api/run", &body);
                        if status == 200 {
                            assert!(
                                answer.contains("\"type\":\"result\""),
                                "a run without its result"
                            );
                        } else {
                            // A refused client waits the second it was told to.
                            std::thread::sleep(std::time::Duration::from_millis(100));
                        }
                        *seen.entry(status).or_insert(0u64) += 1;
                    }
                    seen
                })
            })
            .collect();
        let mut all = BTreeMap::new();
        for h in handles {
            for (k, v) in h.join().unwrap() {
                *all.entry(k).or_insert(0) += v;
            }
        }
        all
    });
    let (status, page) = request("GET", "/", "");
    assert_eq!(status, 200, "the server still answers");
    assert!(page.contains("detente explorer"));
    for status in statuses.keys() {
        assert!([200, 503].contains(status), "status {status}: {statuses:?}");
    }
    assert!(statuses.get(&200).copied().unwrap_or(0) > 0, "{statuses:?}");
    statuses
}

#[test]
fn a_short_load_on_loopback_gets_only_answers_and_503s() {
    let seen = load(8, 100, 2);
    eprintln!("8 clients x 100-seed runs for 2 s: {seen:?}");
}

/// The load of docs/explorer.md: 50 clients, 1,000-seed requests, 30 s.
/// `cargo test --release --test integration serve::load_of_fifty -- --ignored --nocapture`
#[test]
#[ignore = "30 s of load; run by hand (docs/explorer.md)"]
fn load_of_fifty_clients_for_thirty_seconds() {
    let seen = load(50, 1000, 30);
    eprintln!("50 clients x 1000-seed runs for 30 s: {seen:?}");
}
