//! Actors: who they are (role, bloc, preferences, disposition); their changing state lives in [`crate::agent`].

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Index of an actor in its scenario (the order of the scenario file).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
pub struct ActorId(pub u16);

impl ActorId {
    /// The index as a `usize`, for vectors indexed by actor.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// What an actor may do in the negotiation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Accepts or rejects packages; a veto principal's acceptance is needed to settle.
    Principal,
    /// Negotiates for a principal within its mandate and reports back.
    Envoy,
    /// Lobbies a principal.
    Adviser,
}

impl Role {
    /// The lowercase name used in scenario files.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Principal => "principal",
            Role::Envoy => "envoy",
            Role::Adviser => "adviser",
        }
    }
}

/// How an actor's aspiration falls over time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum StrategyKind {
    /// Time-dependent, concedes late (e < 1).
    Boulware,
    /// Time-dependent, concedes early (e > 1).
    Conceder,
    /// Time-dependent, concedes steadily (e = 1).
    Linear,
    /// Tit-for-tat: matches the counterpart's last concession.
    Reciprocal,
}

/// A concession strategy in the Genius convention f(t) = k + (1 - k) t^(1/e).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Strategy {
    /// The family.
    pub kind: StrategyKind,
    /// Concession exponent e (> 0); 1 for linear.
    pub e: f64,
    /// Initial concession k in [0, 1).
    pub k: f64,
}

/// The three tendencies Williams and Werth saw in every Soviet leader.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Tendency {
    /// Cash in on the goodwill of the West.
    Softie,
    /// Hold what the Red Army holds.
    Conservative,
    /// Expect capitalist hostility and act on it.
    Doctrinaire,
}

impl Tendency {
    /// The lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Tendency::Softie => "softie",
            Tendency::Conservative => "conservative",
            Tendency::Doctrinaire => "doctrinaire",
        }
    }
}

/// Weights of the three tendencies, summing to 1; one is drawn per round from the seed.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct TendencyMix {
    /// Weight of the softie tendency.
    pub softie: f64,
    /// Weight of the conservative tendency.
    pub conservative: f64,
    /// Weight of the doctrinaire tendency.
    pub doctrinaire: f64,
}

impl TendencyMix {
    /// The tendency that a uniform draw `u` in [0, 1) selects.
    pub fn pick(&self, u: f64) -> Tendency {
        if u < self.softie {
            Tendency::Softie
        } else if u < self.softie + self.conservative {
            Tendency::Conservative
        } else {
            Tendency::Doctrinaire
        }
    }
}

/// Everything about an actor that the scenario fixes at the start.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ActorSpec {
    /// Short id used in scenario files, e.g. `stalin`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Bloc, e.g. `ussr`, `us`, `uk`. Everyone inside a bloc may talk to everyone else.
    pub bloc: String,
    /// Side: actors of one side count on each other (default: the bloc). Principals of
    /// other sides are the counterparts whose promises a deal depends on.
    pub side: String,
    /// Role.
    pub role: Role,
    /// The principal an envoy or adviser works for.
    pub principal: Option<ActorId>,
    /// Ideal position per issue (issue order).
    pub ideal: Vec<f64>,
    /// Salience per issue, summing to 1.
    pub salience: Vec<f64>,
    /// Concession strategy.
    pub strategy: Strategy,
    /// Initial trust in the others.
    pub trust: crate::trust::TrustMap,
    /// Initial paranoia, also the dispositional baseline it drifts back to.
    pub paranoia: f64,
    /// A principal walks out when its trust in a counterpart principal falls below this.
    pub walkout: f64,
    /// How fast trust moves on evidence (1 is the norm; Truman learns fast).
    pub learning: f64,
    /// Trust that each of this actor's messages costs its recipients (Molotov).
    pub abrasiveness: f64,
    /// How hard an adviser pulls its principal (0 to 1).
    pub influence: f64,
    /// Soviet-style tendency mix, if the actor has one.
    pub tendency: Option<TendencyMix>,
    /// Whether the actor takes part from the start (else an event adds it).
    pub active: bool,
}
