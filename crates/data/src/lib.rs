//! Results as data: what detente writes, typed, versioned and written safely.
//!
//! [`output`] holds the one rule every output file follows (what a target may be, temporary
//! file and rename, leftovers cleaned); [`lock`] gives a sweep's results file a single
//! writer.
#![warn(missing_docs)]

pub mod lock;
pub mod output;
pub mod provenance;

pub use provenance::{DETENTE_VERSION, DesignValue, Provenance};

/// The version of every file's layout (run results, sweep rows and metas). It changes when a
/// field is renamed, removed or changes meaning; adding a field does not change it.
pub const SCHEMA_VERSION: u32 = 1;
