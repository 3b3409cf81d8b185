//! The benchmark corpus and the parse-only baseline, shared by `benches/pipeline.rs` and
//! `examples/perf.rs` (both include this file with `#[path]`; it is not part of the library).
//!
//! The corpus is what `scripts/vendor-crates.sh` fetches through cargo into
//! `vendor-crates/crates/` (git-ignored): the crates pinned in `vendor-crates/_manifest/Cargo.toml`
//! and all their dependencies. For one crate directory, [`module_files`] lists exactly the files
//! the pipeline reads (the module tree of discover + parse), and [`parse_only`] reads and parses
//! those files with syn and nothing else, on the same kind of rayon pool with the same number of
//! threads. [`to_graph`] runs the pipeline's first four stages through the library's public API,
//! as `cargo_seams::analyze` runs them before it goes on to data, cluster and metrics. The graph
//! stage is judged against the baseline.

// Each including target uses a different part of this file.
#![allow(dead_code)]

use cargo_seams::discover::{self, DiscoverError, DiscoverOptions};
use cargo_seams::graph::{self, Weights};
use cargo_seams::parse::{self, ParseOptions};
use cargo_seams::resolve;
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The big published crates reported one by one in `docs/PERFORMANCE.md`.
pub const HEADLINE: [&str; 7] = [
    "tokio",
    "regex-automata",
    "syn",
    "diesel",
    "clap_builder",
    "hyper",
    "rustls",
];

/// The vendored crates, or why there are none.
#[derive(Clone, Debug)]
pub struct Corpus {
    /// `vendor-crates/crates`.
    pub crates_dir: PathBuf,
    /// `(name, directory)` of each crate pinned in the vendoring manifest, by name.
    pub pinned: Vec<(String, PathBuf)>,
    /// Every vendored crate directory, sorted.
    pub all: Vec<PathBuf>,
}

impl Corpus {
    /// Opens `vendor-crates/` of this repository; `Err` says what is missing.
    pub fn open() -> Result<Corpus, String> {
        let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("vendor-crates");
        let crates_dir = base.join("crates");
        let manifest = base.join("_manifest/Cargo.toml");
        let missing = || {
            format!(
                "{} is absent: run scripts/vendor-crates.sh first",
                crates_dir.display()
            )
        };
        let entries = std::fs::read_dir(&crates_dir).map_err(|_| missing())?;
        let mut all: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.join("Cargo.toml").is_file())
            .collect();
        all.sort();
        if all.is_empty() {
            return Err(missing());
        }
        let text = std::fs::read_to_string(&manifest)
            .map_err(|e| format!("cannot read {}: {e}", manifest.display()))?;
        let doc: toml::Table = text
            .parse()
            .map_err(|e| format!("cannot parse {}: {e}", manifest.display()))?;
        let deps = doc
            .get("dependencies")
            .and_then(toml::Value::as_table)
            .ok_or_else(|| format!("{} has no [dependencies]", manifest.display()))?;
        let mut pinned = Vec::new();
        for (name, spec) in deps {
            let version = match spec {
                toml::Value::String(v) => Some(v.as_str()),
                toml::Value::Table(t) => t.get("version").and_then(toml::Value::as_str),
                _ => None,
            };
            // `cargo vendor --versioned-dirs` names the directory NAME-VERSION.
            let Some(version) = version.and_then(|v| v.strip_prefix('=')) else {
                return Err(format!(
                    "{}: `{name}` is not pinned with `=VERSION`",
                    manifest.display()
                ));
            };
            let dir = crates_dir.join(format!("{name}-{version}"));
            if !dir.is_dir() {
                return Err(format!("{} is absent: vendor again", dir.display()));
            }
            pinned.push((name.clone(), dir));
        }
        Ok(Corpus {
            crates_dir,
            pinned,
            all,
        })
    }

    /// The directory of the pinned crate `name`.
    pub fn pinned(&self, name: &str) -> Option<&Path> {
        self.pinned
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, d)| d.as_path())
    }
}

/// The files the pipeline reads for one crate directory.
#[derive(Clone, Debug)]
pub struct CrateFiles {
    /// The crate directory.
    pub dir: PathBuf,
    /// Absolute paths of the module files, each once, sorted.
    pub files: Vec<PathBuf>,
    /// Lines in those files, as the pipeline counts them.
    pub lines: u64,
}

/// Lists the module files of the crate at `dir` with the pipeline's own discover and tree
/// walk (default options: lib and bin targets, no tests), so the baseline parses exactly
/// what `analyze` parses.
pub fn module_files(dir: &Path) -> Result<CrateFiles, DiscoverError> {
    let ws = discover::discover(dir, &DiscoverOptions::default())?;
    let pool = parse::thread_pool(0);
    let tree = parse::build_tree(&ws, &ParseOptions::default(), &pool);
    let rel: BTreeSet<&str> = tree.modules.iter().map(|m| m.file.as_str()).collect();
    let files: Vec<PathBuf> = rel.into_iter().map(|f| ws.root.join(f)).collect();
    // The tree counts a file once however many modules it holds; so does this list.
    assert_eq!(
        files.len(),
        tree.files,
        "module file list of {}",
        dir.display()
    );
    Ok(CrateFiles {
        dir: dir.to_path_buf(),
        files,
        lines: tree.lines,
    })
}

/// What the baseline did, so the work cannot be optimised away.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ParseOnly {
    /// Files syn parsed.
    pub parsed: usize,
    /// Files that could not be read or parsed.
    pub failed: usize,
    /// Top-level items in the parsed files.
    pub items: usize,
}

/// The baseline: builds a pool as `analyze` does, then on it reads each file and runs
/// `syn::parse_file`, nothing more. Span locations are dropped after each file as the
/// pipeline does, so memory behaves the same.
pub fn parse_only(files: &[PathBuf], jobs: usize) -> ParseOnly {
    let pool = parse::thread_pool(jobs);
    pool.install(|| {
        files
            .par_iter()
            .map(|path| {
                let items = std::fs::read_to_string(path)
                    .ok()
                    .and_then(|src| syn::parse_file(&src).ok())
                    .map(|file| file.items.len());
                proc_macro2::extra::invalidate_current_thread_spans();
                match items {
                    Some(items) => ParseOnly {
                        parsed: 1,
                        failed: 0,
                        items,
                    },
                    None => ParseOnly {
                        parsed: 0,
                        failed: 1,
                        items: 0,
                    },
                }
            })
            .reduce(ParseOnly::default, |a, b| ParseOnly {
                parsed: a.parsed + b.parsed,
                failed: a.failed + b.failed,
                items: a.items + b.items,
            })
    })
}

/// The stages [`to_graph`] runs, in order.
pub const STAGES: [&str; 4] = ["discover", "parse", "resolve", "graph"];

/// What [`to_graph`] did.
#[derive(Clone, Debug)]
pub struct GraphRun {
    /// Files parsed.
    pub files: usize,
    /// Lines in those files.
    pub lines: u64,
    /// Modules of the graph.
    pub modules: usize,
    /// Module dependencies (edges) of the graph.
    pub dependencies: usize,
    /// Time of each stage of [`STAGES`].
    pub stages: [Duration; 4],
}

/// The pipeline up to the module graph on `dir` (discover → parse → resolve → graph), with
/// the options `cargo seams analyze` uses by default, each stage timed.
pub fn to_graph(dir: &Path, jobs: usize) -> Result<GraphRun, DiscoverError> {
    let t = Instant::now();
    let ws = discover::discover(dir, &DiscoverOptions::default())?;
    let discover = t.elapsed();
    let pool = parse::thread_pool(jobs);
    let t = Instant::now();
    let popts = ParseOptions {
        jobs,
        ..ParseOptions::default()
    };
    let mut tree = parse::build_tree(&ws, &popts, &pool);
    tree.diagnostics.extend(ws.diagnostics.iter().cloned());
    let (files, lines) = (tree.files, tree.lines);
    let parse = t.elapsed();
    let t = Instant::now();
    let program = resolve::resolve(&ws, tree, &pool);
    let resolve = t.elapsed();
    let t = Instant::now();
    let graph = graph::build(&program, &Weights::default());
    let graph_time = t.elapsed();
    Ok(GraphRun {
        files,
        lines,
        modules: program.modules.len(),
        dependencies: graph.dependencies.len(),
        stages: [discover, parse, resolve, graph_time],
    })
}
