//! Benchmark of the pipeline on large real code: for each headline crate of the vendored
//! corpus (`scripts/vendor-crates.sh`), the parse-only baseline (read + `syn::parse_file` of
//! exactly the files the pipeline reads, on the same kind of rayon pool) next to the pipeline
//! up to the module graph (discover → parse → resolve → graph), at 1 and 2 threads. The budget
//! from the issue: the graph costs at most 1.3× the baseline.
//!
//! Run with `scripts/vendor-crates.sh && cargo bench --bench pipeline`. Without
//! `vendor-crates/` it prints a note and measures nothing. `examples/perf.rs` prints the same
//! comparison as the table of `docs/PERFORMANCE.md`.

#[path = "corpus/mod.rs"]
mod corpus;

use corpus::{Corpus, CrateFiles};
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The module files of each headline crate, listed once per process.
fn corpus_files() -> &'static BTreeMap<&'static str, CrateFiles> {
    static FILES: OnceLock<BTreeMap<&'static str, CrateFiles>> = OnceLock::new();
    FILES.get_or_init(|| {
        let corpus = Corpus::open().expect("checked in main");
        corpus::HEADLINE
            .iter()
            .map(|&name| {
                let dir = corpus
                    .pinned(name)
                    .unwrap_or_else(|| panic!("`{name}` is not pinned in the vendoring manifest"));
                let files =
                    corpus::module_files(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
                (name, files)
            })
            .collect()
    })
}

fn main() {
    if let Err(why) = Corpus::open() {
        println!("pipeline bench skipped: {why}");
        return;
    }
    divan::main();
}

/// Read + `syn::parse_file` of the crate's module files, nothing else.
#[divan::bench(args = corpus::HEADLINE, consts = [1, 2], sample_count = 5, sample_size = 1)]
fn parse_only<const JOBS: usize>(bencher: divan::Bencher, name: &str) {
    let files = &corpus_files()[name].files;
    bencher.bench(|| corpus::parse_only(divan::black_box(files), JOBS));
}

/// Discover → parse → resolve → graph.
#[divan::bench(args = corpus::HEADLINE, consts = [1, 2], sample_count = 5, sample_size = 1)]
fn to_graph<const JOBS: usize>(bencher: divan::Bencher, name: &str) {
    let dir = &corpus_files()[name].dir;
    bencher.bench(|| corpus::to_graph(divan::black_box(dir), JOBS).expect("a crate"));
}
