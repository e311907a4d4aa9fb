//! Constants of the model that scenarios do not set; docs/model.md explains each and its
//! calibration table gives its source or the pattern it was fitted to.

/// Trust moved per unit of concession seen (in the observer's utility), for a reference
/// leader (see [`crate::trust::believe`]).
pub const TRUST_GAIN: f64 = 2.9;
/// Trust moved per unit of retreat seen, for a reference leader.
pub const TRUST_LOSS: f64 = 2.25;
/// How much a proposer's opening (its first package seen) counts, as a share of a
/// concession or retreat of the same size: it is read against the opening expected.
pub const OPENING_WEIGHT: f64 = 0.5;
/// The opening an observer expects of the other side, on each issue, as a worth to the
/// observer: this share of the way from what the status quo is worth to it down to what
/// the far end of the range (the most it could be asked) is worth.
pub const OPENING_EXPECTATION: f64 = 0.58;
/// How much paranoia tilts the reading of news: at paranoia 1 good news counts
/// 1 - PARANOIA_BIAS and bad news 1 + PARANOIA_BIAS as much as at paranoia 0.5.
pub const PARANOIA_BIAS: f64 = 0.38;
/// Beliefs are kept this far inside (0, 1) when moved in log-odds.
pub const BELIEF_FLOOR: f64 = 1e-3;
/// Trust a reassuring signal adds, for a reference leader.
pub const SIGNAL_REASSURE: f64 = 0.003;
/// Trust a warning costs, for a reference leader.
pub const SIGNAL_WARN: f64 = 0.02;
/// Trust a threat costs, for a reference leader.
pub const SIGNAL_THREAT: f64 = 0.03;
/// Paranoia at which a doctrinaire round is as likely to threaten as to warn.
pub const THREAT_PARANOIA: f64 = 0.9;
/// How sharply the chance of a threat rises around [`THREAT_PARANOIA`] (paranoia units).
pub const THREAT_WIDTH: f64 = 0.1;
/// Paranoia a threat adds (in log-odds units of a reference leader).
pub const THREAT_SHOCK: f64 = 0.02;
/// Share of an envoy's signals and manner that reflects on its principal.
pub const ENVOY_VOICE: f64 = 0.6;
/// Trust lost in an actor that walks out, and paranoia it adds in the others.
pub const WALKOUT_SHOCK: f64 = 0.1;
/// Share of the gap (in log-odds) between trust and the actor's initial trust that
/// closes each round: old evidence fades, so trust stays a reading of recent conduct.
pub const TRUST_MEMORY: f64 = 0.017;
/// Share of the gap to baseline that paranoia closes each round.
pub const PARANOIA_DRIFT: f64 = 0.1;
/// Paranoia added per unit of retreat seen.
pub const RETREAT_SHOCK: f64 = 0.5;
/// Paranoia removed per unit of concession seen (good faith calms).
pub const CONCESSION_CALM: f64 = 0.5;
/// Share of the distance to an adviser's position that a fully trusted, fully
/// influential adviser moves its principal's ideal each round.
pub const ADVICE_PULL: f64 = 0.04;
/// Share of the gap between its own trust in a counterpart and an ally's that a
/// principal closes when the ally, fully trusted, compares notes with it.
pub const CONSULTATION: f64 = 0.12;
/// Weight a principal gives an allied principal's last proposal when coordinating.
pub const COORDINATION: f64 = 0.2;
/// Rounds an offer stays open for acceptance after it is made (so an offer relayed by
/// an envoy can still be accepted by the principal).
pub const OFFER_LIFETIME: u32 = 3;
/// Concession-speed multipliers of the tendencies.
pub const SPEED_SOFTIE: f64 = 1.85;
/// See [`SPEED_SOFTIE`].
pub const SPEED_CONSERVATIVE: f64 = 1.0;
/// See [`SPEED_SOFTIE`].
pub const SPEED_DOCTRINAIRE: f64 = 0.3;
/// How much of the counterpart's concession a reciprocal actor returns: the concession
/// seen is scaled by RECIPROCITY * (0.5 + trust), so in full at trust 0.5.
pub const RECIPROCITY: f64 = 1.0;
/// Largest chance per month that a principal walks out (trust gone, nothing on the table).
pub const WALKOUT_RATE: f64 = 0.12;
/// Steepness of the walkout hazard around the actor's `walkout` trust: the trust term is
/// w^k / (w^k + t^k) with this k.
pub const WALKOUT_STEEPNESS: f64 = 2.5;
/// How close to security the best offer on the table must come for hope to halve the
/// walkout hazard (utility units).
pub const HOPE_WIDTH: f64 = 0.05;
/// How much a concession seen is misread, per unit of the scenario's `noise`
/// (utility units; uniform, +/-).
pub const MISPERCEPTION: f64 = 0.05;
/// Rounds of trust moves a walkout looks back on for its reasons.
pub const LAST_STRAWS_ROUNDS: u32 = 3;
/// Concession exponent of a reciprocal actor's patience: with no concession to answer it
/// still concedes as its strategy time runs out, as a Boulware of this exponent would.
pub const RECIPROCAL_E: f64 = 0.8;
/// How much paranoia slows concession: the pace is scaled by
/// 1 + PARANOIA_PACE * (0.5 - paranoia).
pub const PARANOIA_PACE: f64 = 0.6;
/// How much trust speeds concession: the pace is scaled by 1 + TRUST_PACE * (t - 0.5).
pub const TRUST_PACE: f64 = 0.75;
/// Numerical tolerance used when comparing utilities.
pub const TOLERANCE: f64 = 1e-9;
