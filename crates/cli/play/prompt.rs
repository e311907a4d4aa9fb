//! The month's prompt: commands read from stdin, a line at a time and bounded, until one
//! of them ends the month.

use crate::Failure;
use anyhow::anyhow;
use detente_model::game::{Game, Move, PackageRef};
use detente_model::{Scenario, SignalKind};
use std::io::{BufRead, Read};

/// The longest line read; a longer one is refused (nothing a user controls is read
/// without a bound).
const MAX_LINE: u64 = 4096;

/// Lines of input.
pub struct Input {
    reader: Box<dyn BufRead>,
}

impl Input {
    /// Standard input.
    pub fn stdin() -> Self {
        Self {
            reader: Box::new(std::io::BufReader::new(std::io::stdin())),
        }
    }

    /// The next line without its line break, `None` at the end of input. A line longer
    /// than [`MAX_LINE`] is an error.
    fn line(&mut self) -> Result<Option<String>, Failure> {
        let mut buf = Vec::new();
        let n = (&mut self.reader)
            .take(MAX_LINE + 1)
            .read_until(b'\n', &mut buf)
            .map_err(|e| Failure::Internal(anyhow!("cannot read stdin: {e}")))?;
        if n == 0 {
            return Ok(None);
        }
        if buf.len() as u64 > MAX_LINE {
            return Err(Failure::BadInput(anyhow!(
                "stdin: a line longer than {MAX_LINE} bytes; commands are short"
            )));
        }
        Ok(Some(String::from_utf8_lossy(&buf).trim().to_string()))
    }
}

/// What the person chose for the month.
pub enum Choice {
    /// A move.
    Move(Move),
    /// Leave the rest of the game to the advisers (also at the end of input).
    Quit,
}

/// The month's move being put together.
#[derive(Default)]
struct Draft {
    accept: Vec<PackageRef>,
    propose: Option<Vec<f64>>,
    signal: Option<SignalKind>,
}

/// Read commands until one ends the month.
pub fn month(input: &mut Input, sc: &Scenario, game: &Game) -> Result<Choice, Failure> {
    let Some(view) = game.view() else {
        return Ok(Choice::Quit);
    };
    let mut draft = Draft::default();
    loop {
        super::print(&format!("{} {}> ", view.date, view.seat_name))?;
        let Some(line) = input.line()? else {
            super::print("\n(end of input)\n")?;
            return Ok(Choice::Quit);
        };
        let words: Vec<&str> = line.split_whitespace().collect();
        let Some((&command, rest)) = words.split_first() else {
            continue;
        };
        let reply = match command.to_ascii_lowercase().as_str() {
            "help" | "?" => HELP.to_string(),
            "show" => super::show::view(sc, view),
            "advisers" | "a" => return Ok(Choice::Move(Move::Advisers)),
            "walkout" | "walk" => {
                if view.can_walk_out {
                    return Ok(Choice::Move(Move::WalkOut));
                }
                "Nobody is at the table to walk out on.\n".to_string()
            }
            "quit" | "q" => return Ok(Choice::Quit),
            "done" | "d" => {
                return Ok(Choice::Move(Move::Act {
                    accept: std::mem::take(&mut draft.accept),
                    propose: draft.propose.take(),
                    signal: draft.signal.take(),
                }));
            }
            "accept" => accept(view, rest, &mut draft),
            "reject" => {
                draft.accept.clear();
                "You will reject every package on the table.\n".to_string()
            }
            "propose" => match package(sc, rest) {
                Ok(x) => {
                    let text = super::show::values(sc, game, &x);
                    draft.propose = Some(x);
                    text
                }
                Err(e) => e,
            },
            "values" => match package(sc, rest) {
                Ok(x) => super::show::values(sc, game, &x),
                Err(e) => e,
            },
            "signal" => match rest.first().map(|s| s.to_ascii_lowercase()).as_deref() {
                Some("reassure") => set_signal(&mut draft, SignalKind::Reassure),
                Some("warn") => set_signal(&mut draft, SignalKind::Warn),
                Some("threaten") => set_signal(&mut draft, SignalKind::Threaten),
                Some("none") => {
                    draft.signal = None;
                    "No signal this month.\n".into()
                }
                _ => "signal: reassure, warn, threaten or none\n".into(),
            },
            _ => format!(
                "{}: not a command; commands: accept, reject, propose, signal, done, \
                 advisers, walkout, values, show, help, quit\n",
                detente_config::text::shown(command)
            ),
        };
        super::print(&reply)?;
    }
}

fn set_signal(draft: &mut Draft, s: SignalKind) -> String {
    draft.signal = Some(s);
    format!("You will {} this month.\n", super::show::signal_word(s))
}

/// `accept N...`: the offers by their number in the month's list.
fn accept(view: &detente_model::game::View, rest: &[&str], draft: &mut Draft) -> String {
    if view.offers.is_empty() {
        return "Nothing is on the table this month.\n".into();
    }
    let n = view.offers.len();
    let mut chosen = Vec::new();
    for w in rest {
        match w.parse::<usize>() {
            Ok(k) if (1..=n).contains(&k) => chosen.push(view.offers[k - 1].package.clone()),
            _ => {
                return format!(
                    "accept {}: expected package numbers from 1 to {n}\n",
                    detente_config::text::shown(w)
                );
            }
        }
    }
    if chosen.is_empty() {
        return format!("accept: which? package numbers from 1 to {n}\n");
    }
    for p in chosen {
        if !draft.accept.contains(&p) {
            draft.accept.push(p);
        }
    }
    let names: Vec<String> = draft
        .accept
        .iter()
        .map(|p| format!("{} of round {}", p.proposer, p.round))
        .collect();
    format!(
        "You will accept: {}; the rest is rejected.\n",
        names.join(", ")
    )
}

/// A package from the words after `propose`/`values`: one number per issue, in range.
fn package(sc: &Scenario, words: &[&str]) -> Result<Vec<f64>, String> {
    let names: Vec<&str> = sc.issues.iter().map(|i| i.id.as_str()).collect();
    if words.len() != sc.issues.len() {
        return Err(format!(
            "a package is {} numbers, one per issue in order: {}\n",
            sc.issues.len(),
            names.join(", ")
        ));
    }
    let mut x = Vec::with_capacity(words.len());
    for (issue, w) in sc.issues.iter().zip(words) {
        match w.parse::<f64>() {
            Ok(v) if v.is_finite() && v >= issue.min && v <= issue.max => x.push(v),
            _ => {
                return Err(format!(
                    "{} = {}: expected a number from {} to {}\n",
                    issue.id,
                    detente_config::text::shown(w),
                    issue.min,
                    issue.max
                ));
            }
        }
    }
    Ok(x)
}

const HELP: &str = "\
Commands (each month, then done):
  accept N [M...]      accept the packages numbered N, M (the rest are rejected)
  reject               accept none of them
  propose X Y Z        offer a package: one number per issue, in the order listed
  signal KIND          reassure, warn or threaten the other side (none: say nothing)
  done                 end the month with what you chose
  advisers             let your advisers decide this month (the model's own move)
  walkout              leave the table for good
  values X Y Z         what a package is worth to every principal now
  show                 the month again
  quit                 the advisers play the rest of the game
";
