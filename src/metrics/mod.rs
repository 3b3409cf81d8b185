//! Stage `metrics` (see docs/ARCHITECTURE.md): the SPEC's proposal metrics and the agreement
//! scores of the quality harness, as pure functions over plain index-based inputs.
//!
//! Takes a directed weighted module graph `&[(from, to, weight)]`, a membership vector (service
//! label per module, `usize::MAX` for a module in no service) and per-service or per-data
//! counts; returns numbers. Knows nothing of syn, the parse IR, ids or output formats. The
//! conventions shared by every metric are written once in [`services`]. [`figures`] applies
//! them to a proposal: it is the one file here that reads the program and the proposal.

pub mod agreement;
pub mod coupling;
pub mod data;
mod extraction;
pub mod families;
pub mod feedback;
pub mod figures;
pub mod services;
pub mod structure;
