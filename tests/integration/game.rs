//! A seat at the table: a played game replays exactly, the advisers' moves are the model's
//! own, a piped `detente play` session, and bad recorded games.

use crate::common::*;
use detente_model::game::{self, Game, Move};
use std::path::Path;

/// A game the advisers decide every month is the model-only run of the same seed, in
/// every seat of the baseline and a what-if: the seat does not change the model.
#[test]
fn the_advisers_every_month_are_the_model_alone() {
    for name in ["otl", "lend-lease-continues"] {
        let sc = scenario(name);
        for seat in game::principals(&sc).collect::<Vec<_>>() {
            for seed in 1..=8 {
                let mut g = Game::new(sc.clone(), seed, seat).expect("a principal");
                while g.view().is_some() {
                    g.play(&Move::Advisers).expect("the advisers' move fits");
                }
                let alone = detente_model::sim::run(sc.clone(), seed);
                assert!(
                    g.record() == Some(&alone),
                    "{name}, seat {}, seed {seed}: the game differs from the model alone",
                    sc.actor(seat).id
                );
            }
        }
    }
}

/// The same through the files: a game left to the advisers from the first month, saved
/// by `play` and replayed by `run --moves`, prints what `run` prints for the seed.
#[test]
fn a_game_left_to_the_advisers_replays_as_the_plain_run() {
    let dir = tempfile::tempdir().unwrap();
    let save = dir.path().join("g.json");
    let out = play(
        &[
            "--as",
            "stalin",
            "--seed",
            "11",
            "--runs",
            "5",
            "--save",
            path_str(&save),
        ],
        "quit\n",
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let replay = detente(&["run", "--moves", path_str(&save)]);
    assert_eq!(replay.status.code(), Some(0), "{}", stderr(&replay));
    let plain = detente(&["run", "--seed", "11"]);
    assert_eq!(stdout(&replay), stdout(&plain));
    let recorded = read_game(&save);
    assert!(
        recorded.moves.iter().all(|m| m.action == Move::Advisers),
        "quit leaves every month to the advisers"
    );
}

/// Three months played at the terminal with a proposal, the rest left to the advisers:
/// the game's transcript, the recorded moves and `run --moves` agree byte for byte.
#[test]
fn a_piped_game_of_three_months_replays_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let save = dir.path().join("truman.json");
    let input = "help\nvalues 0.5 0.5 5\npropose 0.5 0.5 5\nsignal reassure\ndone\n\
                 accept 1\ndone\nadvisers\nquit\n";
    let out = play(
        &[
            "--as",
            "truman",
            "--seed",
            "7",
            "--runs",
            "20",
            "--save",
            path_str(&save),
        ],
        input,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let shown = stdout(&out);
    for part in [
        "On the table",
        "Your advisers urge",
        "Your trust",
        "Truman:",
        "The model alone over seeds 1 to 20",
        "Nash",
    ] {
        assert!(shown.contains(part), "play shows {part:?}:\n{shown}");
    }
    let recorded = read_game(&save);
    assert_eq!(recorded.seat, "truman");
    assert_eq!(recorded.seed, 7);
    let first = &recorded.moves[0];
    assert_eq!(first.round, 0);
    assert_eq!(
        first.action,
        Move::Act {
            accept: Vec::new(),
            propose: Some(vec![0.5, 0.5, 5.0]),
            signal: Some(detente_model::SignalKind::Reassure),
        }
    );
    assert!(matches!(
        recorded.moves[1].action,
        Move::Act { propose: None, .. }
    ));
    assert_eq!(recorded.moves[2].action, Move::Advisers);
    let replay = detente(&["run", "--moves", path_str(&save)]);
    assert_eq!(replay.status.code(), Some(0), "{}", stderr(&replay));
    let transcript = stdout(&replay);
    let heading = transcript.lines().next().expect("a heading");
    let at = shown.find(heading).expect("play prints the transcript");
    assert_eq!(&shown[at..at + transcript.len()], transcript);
    assert!(
        transcript.contains("Truman -> ")
            && transcript.contains("proposes Poland: Yalta coalition, free elections (0.50)"),
        "the person's package is in the transcript"
    );
    // And again from the library, as a server would rebuild it from the moves alone.
    let sc = scenario("otl");
    let seat = game::seat_of(&sc, "truman").unwrap();
    let g = Game::replay(sc.clone(), 7, seat, &recorded.moves).expect("the moves fit");
    let replayed = detente(&[
        "run",
        "--moves",
        path_str(&save),
        "--json",
        path_str(&dir.path().join("r.json")),
    ]);
    assert_eq!(replayed.status.code(), Some(0), "{}", stderr(&replayed));
    assert!(g.is_over() && g.record().unwrap().equilibrium.message_count > 0);

    // The result keeps the seat and the moves, so `run --from` replays the same game,
    // not the model alone in that seat.
    let result_path = dir.path().join("r.json");
    let text = std::fs::read_to_string(&result_path).unwrap();
    let result: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(result["game"]["seat"], "truman");
    assert_eq!(
        result["game"]["moves"],
        serde_json::to_value(&recorded.moves).unwrap()
    );
    let again_path = dir.path().join("again.json");
    let again = detente(&[
        "run",
        "--from",
        path_str(&result_path),
        "--json",
        path_str(&again_path),
    ]);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert_eq!(stdout(&again), transcript, "the game's transcript again");
    assert_eq!(std::fs::read_to_string(&again_path).unwrap(), text);
    // A model-only run of the same seed is another run: the moves made the difference.
    let alone = detente(&["run", "--seed", "7"]);
    assert_ne!(stdout(&alone), transcript);

    // A result whose game does not fit its scenario is refused, naming the field.
    let mut bad = result.clone();
    bad["game"]["seat"] = "nobody".into();
    let bad_path = dir.path().join("bad.json");
    std::fs::write(&bad_path, serde_json::to_string(&bad).unwrap()).unwrap();
    let out = detente(&["run", "--from", path_str(&bad_path)]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("bad.json: game: ") && err.contains("nobody"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
}

/// A bad recorded game is an error naming the file, the field or month, the bad value
/// and what is allowed, with exit status 2 and no panic.
#[test]
fn bad_recorded_games_are_refused_with_what_is_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let save = dir.path().join("good.json");
    let out = play(
        &[
            "--as",
            "truman",
            "--seed",
            "3",
            "--runs",
            "5",
            "--save",
            path_str(&save),
        ],
        "propose 0.5 0.5 5\ndone\nquit\n",
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let good: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&save).unwrap()).unwrap();
    let cases: Vec<(&str, Box<Edit>, Vec<&str>)> = vec![
        (
            "kind",
            Box::new(|v| v["moves"][0]["move"]["kind"] = "jump".into()),
            vec!["moves[0].move", "jump", "advisers"],
        ),
        (
            "range",
            Box::new(|v| v["moves"][0]["move"]["propose"][1] = 2.0.into()),
            vec!["moves[0]", "move.propose[1] = 2", "germany", "0 to 1"],
        ),
        (
            "length",
            Box::new(|v| v["moves"][0]["move"]["propose"] = serde_json::json!([0.5])),
            vec![
                "moves[0]",
                "move.propose",
                "3 positions",
                "poland, germany, loan",
            ],
        ),
        (
            "round",
            Box::new(|v| v["moves"][1]["round"] = 40.into()),
            vec!["moves[1]", "round = 40", "1945-06"],
        ),
        (
            "date",
            Box::new(|v| v["moves"][0]["date"] = "1950-01".into()),
            vec!["moves[0]", "date", "1950-01", "1945-05"],
        ),
        (
            "accept",
            Box::new(
                |v| v["moves"][1]["move"] = serde_json::json!({"kind": "act", "accept": [{"proposer": "stalin", "round": 30}]}),
            ),
            vec!["moves[1]", "move.accept[0]", "stalin", "30"],
        ),
        (
            "signal",
            Box::new(|v| v["moves"][0]["move"]["signal"] = "shout".into()),
            vec!["moves[0].move", "shout", "reassure"],
        ),
        (
            "seat",
            Box::new(|v| v["seat"] = "molotov".into()),
            vec!["molotov", "envoy", "truman", "stalin", "churchill"],
        ),
        (
            "version",
            Box::new(|v| v["schema_version"] = 99.into()),
            vec!["schema_version = 99", "allowed"],
        ),
        (
            "unfinished",
            Box::new(|v| {
                let moves = v["moves"].as_array_mut().unwrap();
                moves.truncate(2);
            }),
            vec!["moves", "end before the game does", "1945-07"],
        ),
        (
            "too many",
            Box::new(|v| {
                let moves = v["moves"].as_array_mut().unwrap();
                let last = moves.last().unwrap().clone();
                moves.push(last);
            }),
            vec!["the game ended in"],
        ),
        (
            "digest",
            Box::new(|v| {
                let text = v["provenance"]["effective_scenario"]
                    .as_str()
                    .unwrap()
                    .to_string();
                v["provenance"]["effective_scenario"] =
                    text.replacen("paranoia = 0.8", "paranoia = 0.7", 1).into();
            }),
            vec!["digest"],
        ),
        (
            "unknown field",
            Box::new(|v| v["moves"][0]["mood"] = "sunny".into()),
            vec!["moves[0]", "mood"],
        ),
    ];
    for (what, change, expect) in cases {
        let mut v = good.clone();
        change(&mut v);
        let path = dir.path().join(format!("{}.json", what.replace(' ', "-")));
        std::fs::write(&path, serde_json::to_string_pretty(&v).unwrap()).unwrap();
        let out = detente(&["run", "--moves", path_str(&path)]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{what}: {err}");
        assert!(!err.contains("panicked"), "{what}: {err}");
        assert!(
            err.contains(path_str(&path)),
            "{what} names the file: {err}"
        );
        for e in expect {
            assert!(err.contains(e), "{what}: {e:?} in {err}");
        }
    }
    let not_json = dir.path().join("not.json");
    std::fs::write(&not_json, "moves: none").unwrap();
    let out = detente(&["run", "--moves", path_str(&not_json)]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("not a detente game"),
        "{}",
        stderr(&out)
    );
}

/// `play` refuses a seat no person can take, and bad commands do not end the game.
#[test]
fn play_takes_only_a_principals_seat_and_survives_bad_commands() {
    let out = play(&["--as", "beria", "--runs", "1"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("adviser") && stderr(&out).contains("truman"),
        "{}",
        stderr(&out)
    );
    let out = play(
        &["--as", "churchill", "--seed", "2", "--runs", "3"],
        "jump\npropose 9 9 9\naccept 99\nsignal shout\nvalues 1\ndone\nquit\n",
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let shown = stdout(&out);
    for complaint in [
        "not a command",
        "expected a number from 0 to 1",
        "reassure, warn, threaten",
        "a package is 3 numbers",
    ] {
        assert!(shown.contains(complaint), "{complaint:?} in the session");
    }
    assert!(
        shown.contains("expected package numbers") || shown.contains("Nothing is on the table"),
        "a package number not on the table is refused"
    );
}

/// A change made to a good recorded game.
type Edit = dyn Fn(&mut serde_json::Value);

fn play(args: &[&str], input: &str) -> std::process::Output {
    let mut all = vec!["play"];
    all.extend_from_slice(args);
    let out = detente_with_input(&all, input);
    if out.status.success()
        && let Some(w) = all.windows(2).find(|w| w[0] == "--save")
    {
        let v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(w[1]).unwrap()).unwrap();
        assert_valid("game", &v, w[1]);
    }
    out
}

fn read_game(path: &Path) -> detente_data::game::GameRecord {
    detente_data::game::read_json(&std::fs::read_to_string(path).unwrap()).unwrap()
}
