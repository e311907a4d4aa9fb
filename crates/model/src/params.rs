//! Constants of the model that scenarios do not set; docs/model.md explains each.

/// Trust gained per unit of concession (in the receiver's utility), before damping.
pub const TRUST_GAIN: f64 = 4.0;
/// Trust lost per unit of retreat, before amplification by paranoia.
pub const TRUST_LOSS: f64 = 4.0;
/// Trust a reassuring signal adds (damped by paranoia).
pub const SIGNAL_REASSURE: f64 = 0.03;
/// Trust a warning costs (amplified by paranoia).
pub const SIGNAL_WARN: f64 = 0.02;
/// Trust a threat costs (amplified by paranoia).
pub const SIGNAL_THREAT: f64 = 0.03;
/// Paranoia at or above which a doctrinaire round threatens instead of warning.
pub const THREAT_PARANOIA: f64 = 0.9;
/// Paranoia a threat adds.
pub const THREAT_SHOCK: f64 = 0.03;
/// Trust lost in an actor that walks out, and paranoia it adds in the others.
pub const WALKOUT_SHOCK: f64 = 0.1;
/// Share of the gap to baseline that paranoia closes each round.
pub const PARANOIA_DRIFT: f64 = 0.1;
/// Paranoia added per unit of retreat seen.
pub const RETREAT_SHOCK: f64 = 0.5;
/// Paranoia removed per unit of concession seen (good faith calms).
pub const CONCESSION_CALM: f64 = 0.5;
/// Share of the distance to an adviser's position that a fully trusted, fully
/// influential adviser moves its principal's ideal each round.
pub const ADVICE_PULL: f64 = 0.04;
/// Weight a principal gives an allied principal's last proposal when coordinating.
pub const COORDINATION: f64 = 0.2;
/// Rounds an offer stays open for acceptance after it is made (so an offer relayed by
/// an envoy can still be accepted by the principal).
pub const OFFER_LIFETIME: u32 = 3;
/// Concession-speed multipliers of the tendencies.
pub const SPEED_SOFTIE: f64 = 1.8;
/// See [`SPEED_SOFTIE`].
pub const SPEED_CONSERVATIVE: f64 = 1.0;
/// See [`SPEED_SOFTIE`].
pub const SPEED_DOCTRINAIRE: f64 = 0.3;
/// How much of the counterpart's concession a reciprocal actor returns: the concession
/// seen is scaled by RECIPROCITY * (0.5 + trust), so in full at trust 0.5.
pub const RECIPROCITY: f64 = 1.0;
/// Numerical tolerance used when comparing utilities.
pub const TOLERANCE: f64 = 1e-9;
