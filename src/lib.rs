//! cargo-seams: reads a Rust monolith, builds its module dependency graph and its shared-data
//! graph, and proposes where to cut it into services.
//!
//! The pipeline runs one way: [`discover`] (manifests, targets) → [`parse`] (module tree,
//! span-free file summaries) → [`resolve`] (names to modules and items) → [`data`] (types,
//! statics, tables) → [`graph`] (petgraph) → [`cluster`] (service candidates) → [`metrics`]
//! → [`report`] / [`check`]. The binary (`cli`) only parses arguments, calls the pipeline and
//! maps the outcome to an exit code.

#![warn(missing_docs)]

pub mod check;
pub mod cluster;
pub mod config;
pub mod data;
pub mod discover;
pub mod graph;
pub mod metrics;
pub mod model;
pub mod output_file;
pub mod parse;
pub mod report;
pub mod resolve;

mod pipeline;
pub use pipeline::{Analysis, AnalyzeOptions, Stats, analyze};
