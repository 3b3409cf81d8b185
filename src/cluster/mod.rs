//! Stage `cluster` (see docs/ARCHITECTURE.md): community detection over a plain, index-based
//! affinity graph.
//!
//! Takes an [`affinity::AffinityGraph`] (nodes are module indices, edges undirected weights) and
//! returns [`partition::Partition`]s. It knows nothing of syn, the parse IR, module ids or output
//! formats: every input and output here is a `usize` index or an `f64` — except `propose`,
//! which turns the program, module graph and data graph into that input and the partition
//! back into named [`propose::ServiceCandidate`]s with roles.

pub mod adjacency;
pub mod affinity;
pub mod leiden;
pub mod partition;
pub mod planted;
pub mod propose;
pub mod refine;
pub mod resolution;
pub mod rng;
