//! detente's report: one self-contained HTML file, with its charts as inline SVG (drawn
//! with plotters), its style inline, no scripts and nothing fetched, from a run's JSON
//! result, a sweep's results file or a sensitivity study's indices.
//!
//! Every text that comes from a scenario or a run (titles, names, labels, narratives,
//! message content) is user text and is escaped: see [`escape`].
#![warn(missing_docs)]

mod chart;
pub mod data;
pub mod escape;
mod html;
mod response;
mod run;
mod sensitivity;
mod sweep;

pub use run::run_report;
pub use sensitivity::sensitivity_report;
pub use sweep::sweep_report;

/// A finished report.
#[derive(Debug, Clone)]
pub struct Report {
    /// The whole HTML page.
    pub html: String,
    /// Each chart, as embedded in the page (also written as plain `.svg` files on request).
    pub charts: Vec<Chart>,
}

/// One chart.
#[derive(Debug, Clone)]
pub struct Chart {
    /// A file-name-safe name, e.g. `positions-poland`.
    pub name: String,
    /// A standalone SVG document.
    pub svg: String,
}

/// Why there is no report.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The input is not what a report is made of.
    #[error("{0}")]
    Input(String),
    /// A chart could not be drawn (a bug: drawing into a string does not fail otherwise).
    #[error("cannot draw the chart {chart:?}: {message}")]
    Draw {
        /// The chart's caption.
        chart: String,
        /// What plotters said.
        message: String,
    },
}
