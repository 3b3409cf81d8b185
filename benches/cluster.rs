//! Benchmark of the cluster stage: Leiden (modularity, γ = 1) on seeded planted-partition
//! graphs. The target from the brief: 20 000 nodes / about 100 000 edges under 1 s in release.
//!
//! Run with `cargo bench --bench cluster`. Uses only the library's public API.

use cargo_seams::cluster::leiden::{LeidenParams, leiden};
use cargo_seams::cluster::planted::planted_partition;

fn main() {
    divan::main();
}

/// `n` nodes in `n / 500` communities; each node draws 4 internal and 1 external edge, so the
/// graph has `5 n` edges (100 000 at `n = 20 000`, 40 communities).
#[divan::bench(args = [2_000, 20_000], sample_count = 10)]
fn leiden_planted(bencher: divan::Bencher, n: usize) {
    let (g, _) = planted_partition(n, n / 500, 4, 1, 1);
    let params = LeidenParams::default();
    bencher.bench(|| leiden(divan::black_box(&g), &params));
}
