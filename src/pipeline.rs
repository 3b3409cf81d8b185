//! The whole pipeline as one call: path and options in, [`Analysis`] out. Each stage is
//! timed so that `docs/PERFORMANCE.md` figures come from the tool itself. A config's
//! `[analysis]` becomes options through [`AnalyzeOptions::apply_config`].

use crate::cluster::propose::{self, Declared, Proposal, ProposalOptions};
use crate::config;
use crate::config::ModulePattern;
use crate::data::{self, DataGraph};
use crate::discover::{self, DiscoverError, DiscoverOptions};
use crate::graph::{self, ModuleGraph};
use crate::metrics::figures::{self, Figures};
use crate::model::{Program, Weights};
use crate::parse::{self, ParseOptions};
use crate::resolve;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// What to analyse and how.
#[derive(Clone, Debug, Default)]
pub struct AnalyzeOptions {
    /// What to analyse: a package, a workspace, a directory inside one, a `Cargo.toml`, or a
    /// folder holding several packages and workspaces.
    pub path: PathBuf,
    /// Only these packages (`-p`); all when empty.
    pub packages: Vec<String>,
    /// Which cargo features are on (all by default).
    pub features: discover::FeatureRequest,
    /// Target triple whose cfgs hold (64-bit Linux by default).
    pub target: Option<String>,
    /// Worker threads (0: one per core).
    pub jobs: usize,
    /// Include tests, benches, examples and `#[cfg(test)]` code.
    pub include_tests: bool,
    /// Globs of files (relative to the root) to leave out.
    pub exclude: Vec<String>,
    /// Edge and data weights.
    pub weights: Weights,
    /// Requested number of services.
    pub services: Option<usize>,
    /// Declared services (name, module patterns) whose modules the proposal keeps in them
    /// (`analyze --declared`); empty: none.
    pub declared: Vec<(String, Vec<ModulePattern>)>,
    /// Do not detect composition roots and a shared kernel: cluster every module.
    pub no_roles: bool,
    /// Do not re-run the search with other seeds to measure how settled each placement is
    /// (`check` judges the services, not their close calls).
    pub no_reruns: bool,
}

impl AnalyzeOptions {
    /// Adds a config's `[analysis]` to options the command line set: tests are included when
    /// either asks for them, the config's `exclude` globs come before the command line's, and
    /// weights come from the config (the command line has no weight flags).
    pub fn apply_config(&mut self, analysis: &config::Analysis) {
        self.include_tests |= analysis.include_tests;
        let mut exclude = analysis.exclude.clone();
        exclude.append(&mut self.exclude);
        self.exclude = exclude;
        self.weights = analysis.weights.clone();
    }
}

/// Figures about the run.
#[derive(Clone, Debug, Default)]
pub struct Stats {
    /// `[workspace]` roots read.
    pub workspaces: usize,
    /// Packages analysed.
    pub packages: usize,
    /// Files parsed.
    pub files: usize,
    /// Lines in those files.
    pub lines: u64,
    /// Time per stage, in pipeline order.
    pub timings: Vec<(&'static str, Duration)>,
}

/// The result of the pipeline.
#[derive(Clone, Debug)]
pub struct Analysis {
    /// Modules, items, references, diagnostics.
    pub program: Program,
    /// The module dependency graph.
    pub graph: ModuleGraph,
    /// The shared-data graph.
    pub data: DataGraph,
    /// The proposed services.
    pub proposal: Proposal,
    /// Figures of the proposal.
    pub figures: Figures,
    /// Run figures.
    pub stats: Stats,
    /// The edge and data weights the analysis ran with (defaults, then the config's
    /// `[analysis.weights]`, then `--weights`): the weights `check` judges references by.
    pub weights: Weights,
}

/// Runs discover → parse → resolve → graph → data → cluster → metrics.
pub fn analyze(opts: &AnalyzeOptions) -> Result<Analysis, DiscoverError> {
    let mut stats = Stats::default();
    let t = Instant::now();
    let ws = discover::discover(
        &opts.path,
        &DiscoverOptions {
            include_tests: opts.include_tests,
            packages: opts.packages.clone(),
        },
    )?;
    stats.workspaces = ws.workspaces;
    stats.packages = ws.packages.len();
    stats.timings.push(("discover", t.elapsed()));

    let exclude = build_globs(&opts.exclude);
    let pool = parse::thread_pool(opts.jobs);
    let t = Instant::now();
    let popts = ParseOptions {
        jobs: opts.jobs,
        include_tests: opts.include_tests,
        exclude,
        features: discover::enabled_features(&ws, &opts.features),
        target: opts.target.clone(),
    };
    let mut tree = parse::build_tree(&ws, &popts, &pool);
    tree.diagnostics.extend(ws.diagnostics.iter().cloned());
    stats.files = tree.files;
    stats.lines = tree.lines;
    stats.timings.push(("parse", t.elapsed()));

    let t = Instant::now();
    let program = resolve::resolve(&ws, tree, &pool);
    stats.timings.push(("resolve", t.elapsed()));

    let t = Instant::now();
    let graph = graph::build(&program, &opts.weights);
    stats.timings.push(("graph", t.elapsed()));

    let t = Instant::now();
    let mut program = program;
    let data = data::build(&program);
    program.diagnostics.extend(data.diagnostics.iter().cloned());
    program.diagnostics.sort();
    program.diagnostics.dedup();
    stats.timings.push(("data", t.elapsed()));

    let t = Instant::now();
    let declared = opts
        .declared
        .iter()
        .map(|(name, patterns)| Declared {
            name: name.clone(),
            modules: (0..program.modules.len())
                .filter(|&m| patterns.iter().any(|p| p.matches(&program.modules[m].id)))
                .collect(),
        })
        .collect();
    let popts = ProposalOptions {
        services: opts.services,
        declared,
        roles: !opts.no_roles,
        weights: opts.weights.clone(),
        reruns: if opts.no_reruns {
            0
        } else {
            ProposalOptions::default().reruns
        },
        ..ProposalOptions::default()
    };
    // The re-runs that measure how settled each placement is run on the same workers.
    let proposal = pool.install(|| propose::propose(&program, &graph, &data, &popts));
    stats.timings.push(("cluster", t.elapsed()));

    let t = Instant::now();
    let figures = figures::evaluate(&program, &graph, &data, &proposal);
    stats.timings.push(("metrics", t.elapsed()));
    Ok(Analysis {
        program,
        graph,
        data,
        proposal,
        figures,
        stats,
        weights: opts.weights.clone(),
    })
}

fn build_globs(patterns: &[String]) -> Option<globset::GlobSet> {
    if patterns.is_empty() {
        return None;
    }
    let mut b = globset::GlobSetBuilder::new();
    for p in patterns {
        if let Ok(g) = globset::Glob::new(p) {
            b.add(g);
        }
    }
    b.build().ok()
}

/// Writes `text` to `root/rel`, creating the folders on the way (tests only).
#[cfg(test)]
pub(crate) fn write_test_file(root: &std::path::Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("dirs");
    std::fs::write(path, text).expect("write");
}

/// The analysis of a package `t` made of `files` (paths under `src/`, `lib.rs` first), written
/// to a temporary directory: what the stage tests of `resolve` and `data` run on.
#[cfg(test)]
pub(crate) fn analyze_inline_crate(files: &[(&str, &str)]) -> Analysis {
    let dir = tempfile::tempdir().expect("temp dir");
    let write = |rel: &str, text: &str| write_test_file(dir.path(), rel, text);
    write(
        "Cargo.toml",
        "[package]\nname = \"t\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
    );
    for (rel, text) in files {
        write(&format!("src/{rel}"), text);
    }
    analyze(&AnalyzeOptions {
        path: dir.path().to_path_buf(),
        jobs: 1,
        ..AnalyzeOptions::default()
    })
    .expect("analysis")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::EdgeKind;

    #[test]
    fn default_config_weights_are_the_default_pipeline_weights() {
        assert_eq!(config::Analysis::default().weights, Weights::default());
    }

    #[test]
    fn config_adds_to_the_command_line() {
        let config = config::parse(
            "[analysis]\ninclude_tests = true\nexclude = [\"a/**\"]\nweights = { call = 3.0, table = 9.0 }\n",
            "seams.toml",
        )
        .unwrap();
        let mut opts = AnalyzeOptions {
            exclude: vec!["b/**".into()],
            ..AnalyzeOptions::default()
        };
        opts.apply_config(&config.analysis);
        assert!(opts.include_tests);
        assert_eq!(opts.exclude, vec!["a/**".to_string(), "b/**".to_string()]);
        assert_eq!(opts.weights.of(EdgeKind::Call), 3.0);
        assert_eq!(opts.weights.of(EdgeKind::Use), 1.0);
        assert_eq!(opts.weights.data_table, 9.0);
    }

    #[test]
    fn a_file_that_the_binary_and_the_library_both_declare_is_read_once() {
        // atomic-server's `src/bin.rs` repeats the `mod` lines of its `src/lib.rs`.
        let a = analyze_inline_crate(&[
            ("lib.rs", "pub mod config;\npub mod serve;\n"),
            (
                "config.rs",
                "pub struct Opts;\npub fn read() -> Opts { Opts }\n",
            ),
            ("serve.rs", "pub fn run(_o: crate::config::Opts) {}\n"),
            (
                "main.rs",
                "mod config;\nmod serve;\nfn main() { serve::run(config::read()); }\n",
            ),
        ]);
        let ids: Vec<&str> = a.program.modules.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, vec!["t", "t::config", "t::serve", "t[bin]"]);
        let idx = |id: &str| ids.iter().position(|x| *x == id).expect("a module");
        let uses = |from: &str, to: &str| {
            a.graph
                .dependencies
                .iter()
                .any(|d| d.from == idx(from) && d.to == idx(to))
        };
        // The binary's calls reach the library's modules.
        assert!(uses("t[bin]", "t::serve"), "{:?}", a.graph.dependencies);
        assert!(uses("t[bin]", "t::config"), "{:?}", a.graph.dependencies);
    }

    #[test]
    fn a_file_that_two_binaries_of_a_package_without_library_declare_is_read_once() {
        // qsv's `qsv`, `qsvdp` and `qsvlite` build the same `src/cmd/` three ways.
        let run = "#[path = \"../cmd.rs\"]\nmod cmd;\nfn main() { cmd::run(); }\n";
        let a = analyze_inline_crate(&[
            ("bin/beta.rs", run),
            ("bin/alpha.rs", run),
            ("cmd.rs", "pub fn run() {}\n"),
        ]);
        let ids: Vec<&str> = a.program.modules.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, vec!["alpha", "alpha::cmd", "beta"]);
        let idx = |id: &str| ids.iter().position(|x| *x == id).expect("a module");
        assert!(
            a.graph
                .dependencies
                .iter()
                .any(|d| d.from == idx("beta") && d.to == idx("alpha::cmd")),
            "{:?}",
            a.graph.dependencies
        );
    }
}
