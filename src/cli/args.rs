//! Clap definitions: the commands of `docs/SPEC.md` and their options. Doc comments are the
//! help text; each subcommand's `after_help` shows examples.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Find the seams of a Rust monolith: module and shared-data graphs, proposed service
/// boundaries ranked by coupling, and a CI gate that keeps them.
#[derive(Debug, Parser)]
#[command(
    name = "cargo-seams",
    bin_name = "cargo seams",
    version,
    about,
    max_term_width = 100,
    after_help = EXAMPLES
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

const EXAMPLES: &str = "\
Examples:
  cargo seams analyze                      # the proposal for the package or workspace here
  cargo seams init && cargo seams check    # declare today's services, then keep them
  cargo seams explain shop::orders users   # why orders depends on users
  cargo seams completions bash > ~/.local/share/bash-completion/completions/cargo-seams

Docs: docs/reference.md (commands, config, rules, codes), docs/ci.md (CI set-up).";

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the whole pipeline and print the proposal.
    #[command(after_help = "\
Examples:
  cargo seams analyze                      # text report of the package or workspace here
  cargo seams analyze --services 5         # ask for exactly five services
  cargo seams analyze --declared           # report on the services seams.toml declares
  cargo seams analyze --format json -o seams.json
  cargo seams analyze --manifest-path services/api/Cargo.toml -p api")]
    Analyze(AnalyzeArgs),
    /// Export the module (or service) graph as DOT, Mermaid or JSON.
    #[command(after_help = "\
Examples:
  cargo seams graph | dot -Tsvg > modules.svg
  cargo seams graph --level service --data --format mermaid")]
    Graph(GraphArgs),
    /// List every reference from module or service A (to B), with file:line and kind.
    #[command(after_help = "\
Examples:
  cargo seams explain shop::orders               # every reference out of shop::orders, who uses it, why it is where it is
  cargo seams explain orders users               # references from service orders to service users
  cargo seams explain path/to/repo shop::orders shop::users --format json")]
    Explain(ExplainArgs),
    /// CI gate: judge the services declared in seams.toml (or else the proposed ones) against
    /// its thresholds and rules. Exits 1 on an error-level violation (warnings too with
    /// --strict), 2 on a usage, config or input error.
    #[command(after_help = "\
Examples:
  cargo seams check                                     # text report, exit 1 on violations
  cargo seams check --format github                     # annotations in GitHub Actions
  cargo seams check --format sarif -o seams.sarif       # for code scanning
  cargo seams check --write-baseline seams-baseline.toml
  cargo seams check --baseline seams-baseline.toml --strict-baseline --strict

Exit codes: 0 passed, 1 failed (the reason is printed on stderr), 2 usage, config or input error.")]
    Check(CheckArgs),
    /// Write a seams.toml that declares today's proposed services, allows today's dependencies
    /// between them and sets thresholds from today's figures, so that `check` passes now.
    #[command(after_help = "\
Examples:
  cargo seams init                         # writes seams.toml at the root
  cargo seams init --services 4 -o ci/seams.toml
  cargo seams init --update                # refresh services and thresholds, keep comments and [rules]
  cargo seams init --update --declared     # the same, keeping the declared services as they are")]
    Init(InitArgs),
    /// Print shell completions for SHELL to stdout.
    #[command(after_help = "\
Examples:
  cargo seams completions bash > ~/.local/share/bash-completion/completions/cargo-seams
  cargo seams completions zsh > ~/.zfunc/_cargo-seams
  cargo seams completions fish > ~/.config/fish/completions/cargo-seams.fish")]
    Completions(CompletionsArgs),
    /// Print the man page (roff) to stdout: `cargo seams man > cargo-seams.1`.
    #[command(hide = true)]
    Man,
}

/// `completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// `--color`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq, Default)]
pub enum ColorWhen {
    /// Colour on a terminal, unless NO_COLOR is set (CLICOLOR_FORCE forces it).
    #[default]
    Auto,
    /// Always colour, also into pipes and files.
    Always,
    /// Never colour.
    Never,
}

/// Options every command takes.
#[derive(Debug, Args, Clone)]
pub struct CommonArgs {
    /// Write the report to FILE instead of stdout (`-` is stdout; with `init`: the config file
    /// to write).
    #[arg(short, long, value_name = "FILE", global = true)]
    pub output: Option<PathBuf>,
    /// Worker threads (default: one per core).
    #[arg(short = 'j', long, value_name = "N", global = true)]
    pub jobs: Option<usize>,
    /// Also analyse tests, benches, examples and #[cfg(test)] code.
    #[arg(long, global = true)]
    pub include_tests: bool,
    /// Leave out files matching GLOB (relative to the root); repeatable.
    #[arg(long, value_name = "GLOB", global = true)]
    pub exclude: Vec<String>,
    /// Weights of edge and data kinds, e.g. `use=0.5,table=8` (kinds: use, type, call, impl,
    /// macro, method, field, state, contain, static, table); override `[analysis.weights]`.
    #[arg(long, value_name = "KIND=W,...", global = true)]
    pub weights: Option<String>,
    /// Config file (default: seams.toml at PATH, else at the analysed root).
    #[arg(long, value_name = "FILE", global = true)]
    pub config: Option<PathBuf>,
    /// Print nothing but the report and errors (no warnings, notes or progress).
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// When to colour output.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorWhen::Auto, global = true)]
    pub color: ColorWhen,
    /// No progress bar.
    #[arg(long, global = true)]
    pub no_progress: bool,
    /// Print the time each pipeline stage took to stderr.
    #[arg(long, global = true)]
    pub timings: bool,
    /// Replace an existing output file that does not look like one cargo-seams wrote (with
    /// `init`: any existing config file).
    #[arg(long, global = true)]
    pub force: bool,
    /// Analyse the package or workspace of this Cargo.toml (instead of PATH).
    #[arg(long, value_name = "FILE", global = true)]
    pub manifest_path: Option<PathBuf>,
    /// Analyse only this package; repeatable.
    #[arg(short = 'p', long = "package", value_name = "NAME", global = true)]
    pub packages: Vec<String>,
    /// Analyse with only these features on (plus `default`); comma separated, repeatable.
    /// Without any feature flag, every feature is on.
    #[arg(short = 'F', long, value_name = "LIST", global = true)]
    pub features: Vec<String>,
    /// Every feature on (the default).
    #[arg(long, global = true)]
    pub all_features: bool,
    /// Do not turn on the `default` feature.
    #[arg(long, global = true)]
    pub no_default_features: bool,
    /// Evaluate `#[cfg]` for this target triple (default: x86_64-unknown-linux-gnu).
    #[arg(long, value_name = "TRIPLE", global = true)]
    pub target: Option<String>,
}

/// Output format of `analyze`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum AnalyzeFormat {
    /// Human-readable report.
    Text,
    /// JSON, schema_version 1.
    Json,
    /// One self-contained offline HTML page: service map, matrices, boundaries, modules.
    Html,
}

/// Output format of `explain`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ExplainFormat {
    /// Human-readable list.
    Text,
    /// JSON.
    Json,
}

/// `analyze`.
#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// A package, a workspace, a directory inside one, or a folder of packages and workspaces.
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Report format.
    #[arg(long, value_enum, default_value_t = AnalyzeFormat::Text)]
    pub format: AnalyzeFormat,
    /// Target number of services (default: chosen by the algorithm).
    #[arg(long, value_name = "N", value_parser = service_count, conflicts_with = "declared")]
    pub services: Option<usize>,
    /// Keep the services declared in seams.toml: their modules stay in them, and the modules no
    /// declaration matches are placed by the evidence (with the declared service their
    /// community holds, or in services of their own).
    #[arg(long)]
    pub declared: bool,
    #[command(flatten)]
    pub common: CommonArgs,
}

/// Output format of `graph`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum GraphFormat {
    /// Graphviz DOT.
    Dot,
    /// Mermaid flowchart (folded to stay within GitHub's 500 edges).
    Mermaid,
    /// JSON: the drawn graph's nodes and edges, schema_version 1.
    Json,
    /// The service map as SVG, laid out by cargo-seams (no Graphviz needed).
    Svg,
}

/// Granularity of `graph`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum GraphLevel {
    /// One node per module.
    Module,
    /// One node per service.
    Service,
}

/// `graph`.
#[derive(Debug, Args)]
pub struct GraphArgs {
    /// A package, a workspace, a directory inside one, or a folder of packages and workspaces.
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Graph format.
    #[arg(long, value_enum, default_value_t = GraphFormat::Dot)]
    pub format: GraphFormat,
    /// Module or service nodes.
    #[arg(long, value_enum, default_value_t = GraphLevel::Module)]
    pub level: GraphLevel,
    /// Add data nodes (tables, statics) and their accesses.
    #[arg(long)]
    pub data: bool,
    /// Draw only this module (with its submodules) or service and what is within --depth
    /// dependencies of it.
    #[arg(long, value_name = "ID")]
    pub focus: Option<String>,
    /// With --focus: how many dependency hops away to draw (either direction).
    #[arg(long, value_name = "N", default_value_t = 1, requires = "focus")]
    pub depth: usize,
    /// Fold every module deeper than N into its ancestor at depth N (a crate root is 0).
    #[arg(long, value_name = "N")]
    pub collapse: Option<usize>,
    /// Leave out dependencies lighter than W.
    #[arg(long, value_name = "W", value_parser = min_weight)]
    pub min_weight: Option<f64>,
    /// Target number of services (default: chosen by the algorithm).
    #[arg(long, value_name = "N", value_parser = service_count, conflicts_with = "declared")]
    pub services: Option<usize>,
    /// Keep the services declared in seams.toml: their modules stay in them, and the modules no
    /// declaration matches are placed by the evidence (with the declared service their
    /// community holds, or in services of their own).
    #[arg(long)]
    pub declared: bool,
    #[command(flatten)]
    pub common: CommonArgs,
}

/// `explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// `[PATH] A [B]`: the root (default `.`), the module or service the references come
    /// from, and optionally the one they go to. A module matches itself and its submodules.
    #[arg(num_args = 1..=3, required = true, value_name = "[PATH] A [B]")]
    pub args: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ExplainFormat::Text)]
    pub format: ExplainFormat,
    /// Number of proposed services A and B may name (default: chosen by the algorithm).
    #[arg(long, value_name = "N", value_parser = service_count, conflicts_with = "declared")]
    pub services: Option<usize>,
    /// A and B may name the services declared in seams.toml: their modules stay in them, and
    /// the modules no declaration matches are placed by the evidence (with the declared
    /// service their community holds, or in services of their own).
    #[arg(long)]
    pub declared: bool,
    #[command(flatten)]
    pub common: CommonArgs,
}

/// Output format of `check`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum CheckFormat {
    /// Human-readable report, coloured as --color says.
    Text,
    /// JSON, schema_version 1.
    Json,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
}

/// `check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Package or workspace root; seams.toml is read from here unless --config says otherwise.
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Report format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
    /// Fail only on violations that the baseline FILE does not list; report its entries that
    /// no longer occur.
    #[arg(long, value_name = "FILE", conflicts_with = "write_baseline")]
    pub baseline: Option<PathBuf>,
    /// Write every current violation to the baseline FILE and exit 0.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// With --baseline: also fail on baseline entries that no longer occur.
    #[arg(long, requires = "baseline")]
    pub strict_baseline: bool,
    /// Fail on warnings too (rules at level `warn`, such as `unused-allow`).
    #[arg(long)]
    pub strict: bool,
    /// Target number of proposed services, when the config declares none.
    #[arg(long, value_name = "N", value_parser = service_count)]
    pub services: Option<usize>,
    #[command(flatten)]
    pub common: CommonArgs,
}

/// `init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Package or workspace root; seams.toml is written here unless --config names the file.
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Target number of services to declare (default: chosen by the algorithm).
    #[arg(long, value_name = "N", value_parser = service_count)]
    pub services: Option<usize>,
    /// Refresh the declared services, allows and thresholds of an existing seams.toml,
    /// keeping its comments, [analysis] and [rules].
    #[arg(long)]
    pub update: bool,
    /// With --update: refresh from the services the file declares, kept as `analyze --declared`
    /// keeps them (your moves stay; new modules join where the evidence puts them), instead of
    /// from a fresh proposal.
    #[arg(long, requires = "update", conflicts_with = "services")]
    pub declared: bool,
    #[command(flatten)]
    pub common: CommonArgs,
}

/// `--min-weight W`: a finite weight of zero or more.
fn min_weight(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(w) if w.is_finite() && w >= 0.0 => Ok(w),
        _ => Err(format!("`{s}` is not a weight (a number of zero or more)")),
    }
}

/// `--services N`: a count of at least one.
fn service_count(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(0) => Err("the service count must be at least 1".to_string()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!("`{s}` is not a number of services")),
    }
}

impl Command {
    /// The common options, for the commands that analyse code.
    pub fn common(&self) -> Option<&CommonArgs> {
        match self {
            Command::Analyze(a) => Some(&a.common),
            Command::Graph(a) => Some(&a.common),
            Command::Explain(a) => Some(&a.common),
            Command::Check(a) => Some(&a.common),
            Command::Init(a) => Some(&a.common),
            Command::Completions(_) | Command::Man => None,
        }
    }

    /// The common options, to change.
    pub fn common_mut(&mut self) -> Option<&mut CommonArgs> {
        match self {
            Command::Analyze(a) => Some(&mut a.common),
            Command::Graph(a) => Some(&mut a.common),
            Command::Explain(a) => Some(&mut a.common),
            Command::Check(a) => Some(&mut a.common),
            Command::Init(a) => Some(&mut a.common),
            Command::Completions(_) | Command::Man => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn clap_definition_is_valid() {
        Cli::command().debug_assert();
    }

    #[test]
    fn baseline_flags_combine_as_documented() {
        let parse =
            |args: &[&str]| Cli::try_parse_from(["cargo-seams", "check"].iter().chain(args));
        assert!(parse(&["--baseline", "b.toml", "--strict-baseline"]).is_ok());
        assert!(parse(&["--strict-baseline"]).is_err());
        assert!(parse(&["--baseline", "b.toml", "--write-baseline", "b.toml"]).is_err());
        let Ok(Cli {
            command: Command::Check(args),
        }) = parse(&["x", "--format", "sarif"])
        else {
            panic!("check parses");
        };
        assert_eq!(args.format, CheckFormat::Sarif);
        assert_eq!(args.path, PathBuf::from("x"));
    }
}
