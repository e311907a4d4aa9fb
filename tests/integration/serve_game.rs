//! The seat at the table through the explorer's endpoints, as the page plays it: months
//! as Truman and as Stalin, a package valued for every side, bad moves refused, and the
//! downloaded game replayed by `detente run --moves` with the page's very transcript.

use crate::common::*;
use crate::serve::{json_of, post};
use axum::http::StatusCode;
use serde_json::{Value, json};

fn game(seat: &str, seed: u64) -> Value {
    json!({"source": {"builtin": "otl"}, "seat": seat, "seed": seed, "runs": 40})
}

/// `body` with the game's moves so far.
fn with(body: &Value, moves: &Value, extra: Value) -> Value {
    let mut b = body.clone();
    b["moves"] = moves.clone();
    for (k, v) in extra.as_object().unwrap() {
        b[k] = v.clone();
    }
    b
}

fn ok(path: &str, body: Value) -> Value {
    let (s, text) = post(path, body);
    assert_eq!(s, StatusCode::OK, "{path}: {text}");
    json_of(&text)
}

/// Play `moves` one month at a time through `/api/game/move`; the states seen.
fn play_months(body: &Value, moves: &[Value]) -> Vec<Value> {
    let mut state = ok("/api/game", body.clone());
    let mut seen = vec![state.clone()];
    for mv in moves {
        state = ok(
            "/api/game/move",
            with(body, &state["moves"], json!({"move": mv})),
        );
        seen.push(state.clone());
    }
    seen
}

#[test]
fn three_months_as_truman_with_a_proposal_replay_on_the_command_line() {
    let body = game("truman", 7);
    let proposal = json!({"kind": "act", "propose": [0.5, 0.5, 5.0], "signal": "reassure"});
    let seen = play_months(
        &body,
        &[
            json!({"kind": "advisers"}),
            proposal,
            json!({"kind": "act"}),
        ],
    );
    let dates: Vec<&str> = seen
        .iter()
        .map(|s| s["view"]["date"].as_str().unwrap())
        .collect();
    assert_eq!(dates, ["1945-05", "1945-06", "1945-07", "1945-08"]);
    let v = &seen[0]["view"];
    assert_eq!(v["seat"], "truman");
    assert!(v["security"].as_f64().unwrap() > 0.0, "{v}");
    assert!(
        !v["counsel"]["reasons"].as_array().unwrap().is_empty(),
        "{v}"
    );
    let moves = seen[3]["moves"].clone();
    assert_eq!(moves.as_array().unwrap().len(), 3);
    assert_eq!(moves[1]["move"]["propose"], json!([0.5, 0.5, 5.0]));
    assert_eq!(moves[1]["date"], "1945-06");

    // The package's worth to every principal, beside each one's security.
    let values = ok(
        "/api/game/values",
        with(&body, &moves, json!({"package": [0.5, 0.5, 5.0]})),
    );
    let names: Vec<&str> = values
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["actor"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["stalin", "truman", "churchill"]);
    for p in values.as_array().unwrap() {
        assert!(
            p["expected_utility"].as_f64().unwrap() <= p["utility"].as_f64().unwrap() + 1e-12,
            "{p}"
        );
    }

    // Not over yet: no file; then the advisers play the rest.
    let (s, text) = post("/api/game/file", with(&body, &moves, json!({})));
    assert_eq!(s, StatusCode::BAD_REQUEST, "{text}");
    assert!(text.contains("not over"), "{text}");
    let end = ok(
        "/api/game/move",
        with(
            &body,
            &moves,
            json!({"move": {"kind": "advisers"}, "to_end": true}),
        ),
    );
    assert!(end["view"].is_null(), "{end}");
    let e = &end["end"];
    assert_eq!(e["alone"]["runs"], 40);
    assert!(
        e["summary"]["game"]["nash"]["package_distance"]
            .as_f64()
            .is_some(),
        "{e}"
    );

    let (s, file) = post("/api/game/file", with(&body, &end["moves"], json!({})));
    assert_eq!(s, StatusCode::OK, "{file}");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("game.json");
    std::fs::write(&path, &file).unwrap();
    let replay = detente(&["run", "--moves", path_str(&path)]);
    assert_eq!(replay.status.code(), Some(0), "{}", stderr(&replay));
    let transcript = e["transcript"].as_str().unwrap();
    assert!(
        transcript.contains("1945-06 Truman -> "),
        "the proposal is in it"
    );
    assert!(
        stdout(&replay).starts_with(transcript),
        "run --moves prints the page's transcript first"
    );
}

#[test]
fn stalins_seat_left_to_the_advisers_is_the_model_alone() {
    let body = game("stalin", 3);
    let seen = play_months(
        &body,
        &[json!({"kind": "advisers"}), json!({"kind": "advisers"})],
    );
    assert_eq!(seen[2]["view"]["seat_name"], "Stalin");
    let end = ok(
        "/api/game/move",
        with(
            &body,
            &seen[2]["moves"],
            json!({"move": {"kind": "advisers"}, "to_end": true}),
        ),
    );
    let s = &end["end"]["summary"];
    assert_eq!(
        s["game"], s["model"],
        "the advisers every month are the model's own run"
    );
    let outcome = s["game"]["outcome"].as_str().unwrap();
    let alone = &end["end"]["alone"];
    assert_eq!(alone["same_outcome"]["label"], outcome);
    let total: u64 = alone["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["count"].as_u64().unwrap())
        .sum();
    assert_eq!(total, 40, "every model-only seed counted once: {alone}");
}

#[test]
fn bad_games_and_moves_are_refused_with_what_is_wrong() {
    let body = game("truman", 7);
    let refused = |b: Value, path: &str, part: &str| {
        let (s, text) = post(path, b);
        assert_eq!(s, StatusCode::BAD_REQUEST, "{text}");
        assert!(text.contains(part), "{part:?} in {text}");
    };
    refused(game("molotov", 7), "/api/game", "only a principal decides");
    let start = ok("/api/game", body.clone());
    let moves = start["moves"].clone();
    refused(
        with(
            &body,
            &moves,
            json!({"move": {"kind": "act", "propose": [0.5, 2.0, 5.0]}}),
        ),
        "/api/game/move",
        "move.propose[1] = 2 is not allowed",
    );
    refused(
        with(
            &body,
            &moves,
            json!({"move": {"kind": "act", "accept": [{"proposer": "stalin", "round": 0}]}}),
        ),
        "/api/game/move",
        "move.accept[0]",
    );
    let wrong_month = json!([{"round": 4, "date": "1945-09", "move": {"kind": "advisers"}}]);
    refused(
        with(&body, &wrong_month, json!({})),
        "/api/game",
        "moves[0]",
    );
    let too_many: Vec<Value> = (0..49)
        .map(|r| json!({"round": r, "date": "1945-05", "move": {"kind": "advisers"}}))
        .collect();
    refused(
        with(&body, &json!(too_many), json!({})),
        "/api/game",
        "at most 48",
    );
    refused(
        with(&body, &moves, json!({"package": [0.5]})),
        "/api/game/values",
        "3 positions",
    );
    refused(
        with(&body, &moves, json!({"runs": 0})),
        "/api/game",
        "runs: 0 runs",
    );
}
