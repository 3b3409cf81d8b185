//! Stage `config`: reads `seams.toml` (SPEC "Config") into a validated [`Config`].
//!
//! Two steps, as in the rest of the tool: [`raw`] mirrors the file (serde structs that reject
//! unknown keys and keep spans), then [`validate`](raw::RawConfig::validate) applies defaults,
//! compiles module patterns and globs, and checks names and ranges. Both steps collect every
//! problem with its file, line and column ([`ConfigErrors`]) so a user fixes them in one round.
//!
//! This stage knows nothing of the analysis: it only reads text. The CLI decides where the file
//! is, whether its absence is fine ([`Config::default`]) and turns [`ConfigError`] into exit 2.
//!
//! ```
//! let text = "[[service]]\nname = \"orders\"\nmodules = [\"shop::orders::**\"]\n";
//! let config = cargo_seams::config::parse(text, "seams.toml").unwrap();
//! assert_eq!(config.service_of("shop::orders::api"), vec!["orders"]);
//! ```

pub mod pattern;
pub mod problem;
pub mod raw;
pub mod rules;
mod validate;

#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use globset::GlobSet;

use crate::model::{Location, Weights};

pub use pattern::{ModulePattern, PatternError};
pub use problem::{ConfigError, ConfigErrors, ConfigProblem, LineIndex, ProblemKind};
pub use rules::{RULE_NAMES, RuleLevel};

/// A validated config with every default applied.
#[derive(Clone, Debug)]
pub struct Config {
    /// The file name the config was read from, as given (`seams.toml`); empty for the default.
    pub file: String,
    /// `[analysis]`.
    pub analysis: Analysis,
    /// `[[service]]`, in declaration order; names are unique.
    pub services: Vec<ServiceDecl>,
    /// `[[allow]]`: permitted `(from, to)` dependencies between declared services.
    pub allows: BTreeSet<(String, String)>,
    /// Where each `[[allow]]` table is (the first, when one is written twice).
    pub allow_locations: BTreeMap<(String, String), Location>,
    /// `[rules]`: the level set for a rule, by rule name; absent rules keep their default.
    pub rule_levels: BTreeMap<String, RuleLevel>,
    /// `[thresholds]`.
    pub thresholds: Thresholds,
    /// Where each key was written, by dotted path (`thresholds.min_modularity`), so that a
    /// violation with no code location can point at the threshold it breaks.
    pub key_locations: BTreeMap<String, Location>,
}

/// `[analysis]`, defaulted.
#[derive(Clone, Debug)]
pub struct Analysis {
    /// Analyse tests, benches, examples and `#[cfg(test)]` modules. Default `false`.
    pub include_tests: bool,
    /// Globs of paths not to analyse, as written. Default none.
    pub exclude: Vec<String>,
    /// `exclude`, compiled.
    pub exclude_set: GlobSet,
    /// The weights: defaults, overridden by the file's `[analysis.weights]`.
    pub weights: Weights,
}

/// One declared service.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceDecl {
    /// Unique name.
    pub name: String,
    /// Compiled module patterns, in the order written.
    pub modules: Vec<ModulePattern>,
    /// Where each pattern of [`ServiceDecl::modules`] is written, in the same order.
    pub pattern_locations: Vec<Location>,
    /// Where the `[[service]]` table is.
    pub location: Location,
}

/// `[thresholds]`, defaulted. A numeric threshold that is `None` is not checked.
#[derive(Clone, Debug, PartialEq)]
pub struct Thresholds {
    /// Most weight allowed between any pair of services (both directions summed).
    pub max_boundary_weight: Option<f64>,
    /// Most instability allowed for a service with afferent weight above zero.
    pub max_instability: Option<f64>,
    /// Most tables allowed to be accessed by several services and written by one of them.
    pub max_shared_tables: Option<u32>,
    /// Most cycles allowed in the service graph.
    pub max_service_cycles: Option<u32>,
    /// Least modularity (Newman Q) allowed.
    pub min_modularity: Option<f64>,
    /// A dependency between declared services that no `[[allow]]` permits is a violation.
    /// Default `true`.
    pub forbid_undeclared: bool,
    /// Every module must match a declared service. Default `false`.
    pub require_declared_modules: bool,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            max_boundary_weight: None,
            max_instability: None,
            max_shared_tables: None,
            max_service_cycles: None,
            min_modularity: None,
            forbid_undeclared: true,
            require_declared_modules: false,
        }
    }
}

impl Default for Analysis {
    fn default() -> Self {
        Analysis {
            include_tests: false,
            exclude: Vec::new(),
            exclude_set: GlobSet::empty(),
            weights: Weights::default(),
        }
    }
}

impl Default for Config {
    /// The config used when there is no `seams.toml`: no declared services (so `check` judges
    /// the proposal), default weights and thresholds.
    fn default() -> Self {
        Config {
            file: String::new(),
            analysis: Analysis::default(),
            services: Vec::new(),
            allows: BTreeSet::new(),
            allow_locations: BTreeMap::new(),
            rule_levels: BTreeMap::new(),
            thresholds: Thresholds::default(),
            key_locations: BTreeMap::new(),
        }
    }
}

impl Config {
    /// True when the config declares services, so `check` judges them rather than the proposal.
    pub fn declares_services(&self) -> bool {
        !self.services.is_empty()
    }

    /// Names of the declared services whose patterns match `module_id`, in declaration order.
    /// More than one name means the module is ambiguous.
    pub fn service_of(&self, module_id: &str) -> Vec<&str> {
        self.services
            .iter()
            .filter(|s| s.modules.iter().any(|p| p.matches(module_id)))
            .map(|s| s.name.as_str())
            .collect()
    }

    /// Each declared service's name and patterns, in declaration order (`--declared`).
    pub fn declared_patterns(&self) -> Vec<(String, Vec<ModulePattern>)> {
        self.services
            .iter()
            .map(|s| (s.name.clone(), s.modules.clone()))
            .collect()
    }

    /// True when an `[[allow]]` permits `from` to depend on `to`.
    pub fn allows(&self, from: &str, to: &str) -> bool {
        self.allows.contains(&(from.to_string(), to.to_string()))
    }

    /// Where `dotted_key` (`thresholds.min_modularity`) was written, if it was.
    pub fn key_location(&self, dotted_key: &str) -> Option<&Location> {
        self.key_locations.get(dotted_key)
    }
}

/// Parses and validates config `text`; `file_name` is used in positions (`seams.toml:7:1`).
/// Returns every problem found, never panics.
pub fn parse(text: &str, file_name: &str) -> Result<Config, ConfigErrors> {
    let index = LineIndex::new(text);
    let mut cut = BTreeSet::new();
    let (raw, mut problems) = raw::deserialize_all(text, file_name, &index, &mut cut);
    let Some(raw) = raw else {
        return Err(ConfigErrors::new(problems));
    };
    match raw.validate(file_name, &index, &cut) {
        Ok(config) if problems.is_empty() => Ok(config),
        Ok(_) => Err(ConfigErrors::new(problems)),
        Err(more) => {
            problems.extend(more.problems);
            Err(ConfigErrors::new(problems))
        }
    }
}

/// Reads and validates the config file at `path`; positions name the path as given.
pub fn load(path: &Path) -> Result<Config, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let file_name = path.to_string_lossy().replace('\\', "/");
    Ok(parse(&text, &file_name)?)
}
