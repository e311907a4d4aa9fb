//! Integration tests: the binary as a user runs it, and the model's properties over many seeds.

mod analysis;
mod bad_input;
mod calibration;
mod cli;
mod common;
mod compare;
mod determinism;
mod equilibrium;
mod exact_sweeps;
mod faults;
mod fuzz;
mod generated;
mod hostile;
mod library;
mod outputs;
mod properties;
mod report;
mod responses;
mod results_data;
mod schema;
mod sensitivity;
mod serve;
mod summaries;
mod sweeps;
mod validate;
mod whatif;
