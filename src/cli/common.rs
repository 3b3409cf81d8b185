//! What every command shares: turning common options into pipeline options, running the
//! pipeline with a progress spinner, printing diagnostics to stderr, opening the output.

use super::args::CommonArgs;
use super::stderr::say;
use anyhow::Context;
use cargo_seams::config::{self, Config, ConfigError};
use cargo_seams::output_file::{self, OutputKind};
use cargo_seams::{Analysis, AnalyzeOptions};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

/// How many diagnostics are printed before the rest is summarised.
const MAX_PRINTED_DIAGNOSTICS: usize = 20;

/// Runs the pipeline on `path` with the common options, `[analysis]` of the config (when
/// there is one) and `--weights` over it.
pub fn run_pipeline(
    path: &Path,
    common: &CommonArgs,
    services: Option<usize>,
) -> anyhow::Result<Analysis> {
    let config = load_config(&config_dir(path, common), common.config.as_deref())?;
    let opts = pipeline_options(path, common, services, config.as_ref().map(|(c, _)| c))?;
    run_analysis(&opts, common)
}

/// The pipeline with the proposal `--services N` or `--declared` asks for.
pub fn run_proposal(
    path: &Path,
    common: &CommonArgs,
    services: Option<usize>,
    declared: bool,
) -> anyhow::Result<Analysis> {
    if declared {
        run_declared(path, common)
    } else {
        run_pipeline(path, common, services)
    }
}

/// `--declared`: the pipeline with the config's declared services kept. Without a
/// config that declares services it is a usage error.
fn run_declared(path: &Path, common: &CommonArgs) -> anyhow::Result<Analysis> {
    let Some((config, file)) = load_config(&config_dir(path, common), common.config.as_deref())?
    else {
        anyhow::bail!(
            "--declared keeps the services of seams.toml, and there is none: write one with `cargo seams init` (or name it with --config)"
        );
    };
    let mut opts = pipeline_options(path, common, None, Some(&config))?;
    opts.declared = declared_patterns(&config, &file)?;
    let analysis = run_analysis(&opts, common)?;
    warn_unmatched(&config, &analysis, common);
    Ok(analysis)
}

/// The declared services of `config` for `--declared`; refused when there is none, or when one
/// is named like a group the proposal sets apart (`shared-kernel`, `migrations`…): the reports
/// would show two.
pub fn declared_patterns(
    config: &Config,
    file: &Path,
) -> anyhow::Result<Vec<(String, Vec<config::ModulePattern>)>> {
    use cargo_seams::model::Role;
    if !config.declares_services() {
        anyhow::bail!(
            "--declared keeps the services of {}, which declares none ([[service]] tables): `cargo seams init --update` (without --declared) writes today's",
            file.display()
        );
    }
    if let Some(s) = config
        .services
        .iter()
        .find(|s| Role::APART.iter().any(|r| r.as_str() == s.name))
    {
        anyhow::bail!(
            "--declared: {} declares a service named `{}`, the name of a group the proposal sets apart; rename it",
            file.display(),
            s.name
        );
    }
    Ok(config.declared_patterns())
}

/// `--declared`: a warning for each declared service whose patterns match no module (`check`
/// refuses such a config; a report can go on without that service).
pub fn warn_unmatched(config: &Config, analysis: &Analysis, common: &CommonArgs) {
    if common.quiet {
        return;
    }
    for s in &config.services {
        let matched = analysis
            .program
            .modules
            .iter()
            .any(|m| s.modules.iter().any(|p| p.matches(&m.id)));
        if !matched {
            super::stderr::warn(format_args!(
                "declared service `{}` matches no module of the analysed code: it is left out",
                s.name
            ));
        }
    }
}

/// The pipeline options every command runs with, merged once: the command line, then the
/// config's `[analysis]` (when there is a config), then `--weights` over the weights that
/// leaves (the defaults or the config's).
pub fn pipeline_options(
    path: &Path,
    common: &CommonArgs,
    services: Option<usize>,
    config: Option<&Config>,
) -> anyhow::Result<AnalyzeOptions> {
    let mut opts = analyze_options(path, common, services)?;
    if let Some(config) = config {
        opts.apply_config(&config.analysis);
    }
    if let Some(spec) = &common.weights {
        opts.weights
            .apply_list(spec)
            .map_err(|e| anyhow::anyhow!("invalid --weights: {e}"))?;
    }
    Ok(opts)
}

/// The config and its path: `--config FILE`, which must exist, else `seams.toml` at the root
/// when there is one; `None` when there is none.
pub fn load_config(
    root: &Path,
    explicit: Option<&Path>,
) -> Result<Option<(Config, PathBuf)>, ConfigError> {
    let file = match explicit {
        Some(file) => file.to_path_buf(),
        None => {
            let file = default_config_path(root);
            match std::fs::metadata(&file) {
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
                _ => file,
            }
        }
    };
    config::load(&file).map(|config| Some((config, file)))
}

/// Where `seams.toml` is looked for: the directory of `--manifest-path`; PATH when it holds
/// one; else the root the analysis will have (a directory inside a workspace finds the
/// workspace's config, as cargo finds the workspace's manifest).
pub fn config_dir(path: &Path, common: &CommonArgs) -> PathBuf {
    if let Some(m) = &common.manifest_path {
        return match m.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
    }
    if default_config_path(path).exists() {
        return path.to_path_buf();
    }
    match cargo_seams::discover::analysed_root(path) {
        Some(root) if root.join(CONFIG_FILE).exists() => root,
        _ => path.to_path_buf(),
    }
}

/// The pipeline options the command line asks for, its `--exclude` globs checked.
pub fn analyze_options(
    path: &Path,
    common: &CommonArgs,
    services: Option<usize>,
) -> anyhow::Result<AnalyzeOptions> {
    for g in &common.exclude {
        globset::Glob::new(g).with_context(|| format!("invalid --exclude glob `{g}`"))?;
    }
    let mut jobs = common.jobs.unwrap_or(0);
    let max_jobs = cargo_seams::parse::max_jobs();
    if jobs > max_jobs {
        if !common.quiet {
            super::stderr::warn(format_args!(
                "-j {jobs} is more than four threads per core; using -j {max_jobs}"
            ));
        }
        jobs = max_jobs;
    }
    Ok(AnalyzeOptions {
        path: common
            .manifest_path
            .clone()
            .unwrap_or_else(|| path.to_path_buf()),
        packages: common.packages.clone(),
        features: cargo_seams::discover::FeatureRequest {
            features: common.features.clone(),
            all: common.all_features,
            no_default: common.no_default_features,
        },
        target: common.target.clone(),
        jobs,
        include_tests: common.include_tests,
        exclude: common.exclude.clone(),
        services,
        ..Default::default()
    })
}

/// Runs the pipeline with `opts`, a spinner on a terminal and diagnostics on stderr.
pub fn run_analysis(opts: &AnalyzeOptions, common: &CommonArgs) -> anyhow::Result<Analysis> {
    let spinner = progress(common);
    let result = cargo_seams::analyze(opts);
    if let Some(s) = spinner {
        s.finish_and_clear();
    }
    let analysis = result?;
    if !common.quiet {
        print_diagnostics(&analysis);
        if analysis.program.modules.is_empty() && !opts.exclude.is_empty() {
            super::stderr::warn(format_args!(
                "every crate root matches an exclude glob ({}): nothing was analysed",
                opts.exclude.join(", ")
            ));
        }
    }
    if common.timings {
        let s = &analysis.stats;
        say!("timings: {} files, {} lines", s.files, s.lines);
        for (stage, took) in &s.timings {
            say!("  {stage:<9} {:>9.1} ms", took.as_secs_f64() * 1000.0);
        }
    }
    Ok(analysis)
}

fn progress(common: &CommonArgs) -> Option<indicatif::ProgressBar> {
    if common.quiet || common.no_progress || !std::io::stderr().is_terminal() {
        return None;
    }
    let s = indicatif::ProgressBar::new_spinner();
    s.set_message("analysing…");
    s.enable_steady_tick(std::time::Duration::from_millis(100));
    Some(s)
}

fn print_diagnostics(analysis: &Analysis) {
    let diags = &analysis.program.diagnostics;
    for d in diags.iter().take(MAX_PRINTED_DIAGNOSTICS) {
        super::diagnostics::code(d, &analysis.program.root);
    }
    if diags.len() > MAX_PRINTED_DIAGNOSTICS {
        say!(
            "… and {} more diagnostics (all of them are in --format json)",
            diags.len() - MAX_PRINTED_DIAGNOSTICS
        );
    }
}

/// Checks that `-o FILE`, when given, may be written (see `output_file`): run before the
/// analysis so that a wrong path fails fast, and again when the report is written.
pub fn check_output(common: &CommonArgs) -> anyhow::Result<()> {
    if let Some(path) = &common.output {
        output_file::check(path, OutputKind::Report, common.force)?;
    }
    Ok(())
}

/// The report destination: stdout, streamed, or `-o FILE`, collected and written atomically
/// by [`Output::finish`].
pub enum Output {
    /// Standard output.
    Stdout(std::io::BufWriter<std::io::StdoutLock<'static>>),
    /// `-o FILE`.
    File {
        /// The destination.
        path: PathBuf,
        /// The report so far.
        bytes: Vec<u8>,
        /// `--force`.
        force: bool,
    },
}

impl Output {
    /// Flushes stdout, or writes the file (atomically, see `output_file`).
    pub fn finish(self) -> anyhow::Result<()> {
        match self {
            Output::Stdout(mut out) => Ok(out.flush()?),
            Output::File { path, bytes, force } => Ok(output_file::write(
                &path,
                &bytes,
                OutputKind::Report,
                force,
            )?),
        }
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Output::Stdout(out) => out.write(buf),
            Output::File { bytes, .. } => bytes.write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Output::Stdout(out) => out.flush(),
            Output::File { .. } => Ok(()),
        }
    }
}

/// Opens the report destination: `-o FILE` or stdout.
pub fn output(common: &CommonArgs) -> Output {
    match &common.output {
        Some(path) => Output::File {
            path: path.clone(),
            bytes: Vec::new(),
            force: common.force,
        },
        None => Output::Stdout(std::io::BufWriter::new(std::io::stdout().lock())),
    }
}

/// Where the config lives by default: `seams.toml` at the analysed root (`seams.toml`, not
/// `./seams.toml`, when the root is the current directory, so messages read naturally).
pub fn default_config_path(root: &Path) -> PathBuf {
    if root == Path::new(".") {
        PathBuf::from(CONFIG_FILE)
    } else if root.is_file() {
        // PATH given as a file (a Cargo.toml): the config sits beside it.
        root.parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from(CONFIG_FILE), |p| p.join(CONFIG_FILE))
    } else {
        root.join(CONFIG_FILE)
    }
}

/// The config file name.
pub const CONFIG_FILE: &str = "seams.toml";
