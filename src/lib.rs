//! cargo-seams: reads a Rust monolith, builds its module dependency graph and its shared-data
//! graph, and proposes where to cut it into services.
//!
//! The pipeline runs one way: [`discover`] → [`parse`] → [`resolve`] → [`graph`] → [`data`]
//! → [`cluster`] → [`metrics`] → [`report`] / [`check`]: manifests and targets, the module
//! tree and span-free file summaries, names to modules and items, the weighted module graph,
//! types, statics and tables, service candidates, figures, then outputs and the CI gate. Every stage uses [`model`] and the stages before it, never a later one
//! (`architecture.rs` tests it); [`config`] is read by `check` and the runner. The binary
//! (`cli`) only parses arguments, calls the pipeline and maps the outcome to an exit code.

#![warn(missing_docs)]

pub mod check;
pub mod cluster;
pub mod config;
pub mod data;
pub mod discover;
pub mod explain;
pub mod graph;
pub mod metrics;
pub mod model;
pub mod output_file;
pub mod parse;
pub mod report;
pub mod resolve;

mod pipeline;

#[cfg(test)]
mod architecture;
pub use pipeline::{Analysis, AnalyzeOptions, Stats, analyze};
