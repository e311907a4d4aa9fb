//! The game against the plain executor, and moves that do not fit their month.

use super::*;
use crate::agent::fixture::{self, EAST, WEST};
use crate::message::SignalKind;
use crate::sim;

fn world() -> Arc<Scenario> {
    Arc::new(fixture::scenario())
}

#[test]
fn a_game_the_advisers_decide_every_month_is_the_model_alone() {
    for seat in [EAST, WEST] {
        for seed in 1..=5 {
            let mut game = Game::new(world(), seed, seat).expect("a principal");
            let mut months = 0;
            while game.view().is_some() {
                game.play(&Move::Advisers).expect("the advisers' move fits");
                months += 1;
            }
            let alone = sim::run(world(), seed);
            assert_eq!(game.record(), Some(&alone), "seat {seat:?}, seed {seed}");
            assert_eq!(months, game.moves().len());
            assert!(months > 0);
        }
    }
}

#[test]
fn a_played_game_is_rebuilt_from_its_moves() {
    let mut game = Game::new(world(), 3, WEST).expect("a principal");
    let mut k = 0;
    while let Some(view) = game.view() {
        let mv = match k % 3 {
            0 => Move::Act {
                accept: Vec::new(),
                propose: Some(vec![0.6, 0.3]),
                signal: Some(SignalKind::Reassure),
            },
            1 => Move::Act {
                accept: view.offers.iter().map(|o| o.package.clone()).collect(),
                propose: None,
                signal: None,
            },
            _ => Move::Advisers,
        };
        game.play(&mv).expect("the move fits");
        k += 1;
    }
    let again = Game::replay(world(), 3, WEST, game.moves()).expect("the same moves fit");
    assert_eq!(again.record(), game.record());
    assert_eq!(again.summary(), game.summary());
}

#[test]
fn moves_that_do_not_fit_are_refused_and_change_nothing() {
    let mut game = Game::new(world(), 1, WEST).expect("a principal");
    let round = game.view().map(|v| v.round).unwrap_or_default();
    let bad = [
        (
            Move::Act {
                accept: Vec::new(),
                propose: Some(vec![0.5]),
                signal: None,
            },
            "move.propose",
        ),
        (
            Move::Act {
                accept: Vec::new(),
                propose: Some(vec![0.5, 2.0]),
                signal: None,
            },
            "move.propose[1]",
        ),
        (
            Move::Act {
                accept: vec![PackageRef {
                    proposer: "east".into(),
                    round: 40,
                }],
                propose: None,
                signal: None,
            },
            "move.accept[0]",
        ),
    ];
    for (mv, field) in bad {
        match game.play(&mv) {
            Err(GameError::Move { field: f, .. }) => assert_eq!(f, field),
            Err(e) => panic!("{e}"),
            Ok(_) => panic!("{mv:?} was accepted"),
        }
    }
    assert!(game.moves().is_empty());
    assert_eq!(game.view().map(|v| v.round), Some(round));
    let late = PlayedMove {
        round: round + 1,
        date: game.scenario().date(round + 1),
        action: Move::Advisers,
    };
    assert!(matches!(
        game.play_recorded(&late),
        Err(GameError::Move { field, .. }) if field == "round"
    ));
}

#[test]
fn only_a_principal_takes_a_seat() {
    let sc = world();
    assert!(seat_of(&sc, "west").is_ok());
    let envoy = seat_of(&sc, "envoy").expect_err("an envoy does not decide");
    assert!(envoy.to_string().contains("east"), "{envoy}");
    assert!(seat_of(&sc, "nobody").is_err());
}

#[test]
fn every_principal_values_a_package_by_its_own_judge() {
    let game = Game::new(world(), 1, WEST).expect("a principal");
    let values = game.values(&[0.5, 0.5]).expect("a package");
    assert_eq!(values.len(), principals(&game.scenario).count());
    for v in &values {
        assert!(v.expected_utility <= v.utility + 1e-12, "{v:?}");
    }
    let view = game.view().expect("the first month");
    for o in &view.offers {
        let mine = game.values(&o.positions).expect("a package");
        let seat = mine.iter().find(|v| v.actor == "west").expect("the seat");
        assert_eq!(seat.expected_utility, o.expected_utility);
    }
    assert!(game.values(&[0.5]).is_err());
}
