//! Turns a [`RawConfig`] into a [`Config`]: applies defaults, compiles module patterns and
//! `exclude` globs, and checks what serde cannot (required keys, unique service names, `allow`
//! naming declared services, threshold ranges, weight kinds). Every problem is collected with
//! the position of the offending value; nothing stops at the first one.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use globset::{Glob, GlobSetBuilder};
use toml::Spanned;

use super::problem::{
    ConfigErrors, ConfigProblem, LineIndex, ProblemKind, expected_one_of, suggest,
};
use super::raw::{RawAllow, RawConfig, RawService, RawThresholds};
use super::{Analysis, Config, ModulePattern, ServiceDecl, Thresholds};
use crate::model::Location;
use crate::model::weights::{KINDS as WEIGHT_KINDS, WeightError};

/// Collects problems for one file.
struct Checker<'a> {
    file: &'a str,
    index: &'a LineIndex<'a>,
    cut: &'a BTreeSet<String>,
    problems: Vec<ConfigProblem>,
    key_locations: BTreeMap<String, Location>,
}

impl Checker<'_> {
    fn location(&self, span: &Range<usize>) -> Location {
        let (line, column) = self.index.start(span);
        Location::new(self.file, line, column)
    }

    fn report(
        &mut self,
        span: &Range<usize>,
        kind: ProblemKind,
        message: String,
        help: impl Into<Option<String>>,
    ) {
        let at = self.location(span);
        self.problems.push(ConfigProblem {
            file: at.file,
            line: at.line,
            column: at.column,
            kind,
            message,
            help: help.into(),
        });
    }

    fn remember<T>(&mut self, dotted: &str, value: &Option<Spanned<T>>) {
        if let Some(v) = value {
            let at = self.location(&v.span());
            self.key_locations.insert(dotted.to_string(), at);
        }
    }

    /// Reports a missing required key, unless something in its table was cut out for being
    /// malformed or unknown: a misspelt `nmae` is reported once, not also as a missing `name`.
    fn require(
        &mut self,
        present: bool,
        path: &str,
        table: &Range<usize>,
        what: &str,
        example: &str,
    ) {
        let prefix = &path[..path.rfind('.').map_or(0, |i| i + 1)];
        let table_was_cut = self.cut.iter().any(|c| c.starts_with(prefix));
        if !present && !table_was_cut {
            let key = path.rsplit('.').next().unwrap_or(path);
            self.report(
                table,
                ProblemKind::MissingKey,
                format!("{what} has no `{key}`"),
                format!("add `{example}`"),
            );
        }
    }
}

impl RawConfig {
    /// Validates this raw config read from `file` (positions through `index`). `cut` holds the
    /// dotted paths that deserialization already reported and removed.
    pub fn validate(
        &self,
        file: &str,
        index: &LineIndex<'_>,
        cut: &BTreeSet<String>,
    ) -> Result<Config, ConfigErrors> {
        let mut checker = Checker {
            file,
            index,
            cut,
            problems: Vec::new(),
            key_locations: BTreeMap::new(),
        };
        let analysis = self.validate_analysis(&mut checker);
        let services = validate_services(self.service.as_deref().unwrap_or_default(), &mut checker);
        let (allows, allow_locations) = validate_allows(
            self.allow.as_deref().unwrap_or_default(),
            &services,
            &mut checker,
        );
        let rule_levels = match &self.rules {
            Some(raw) => super::rules::validate(raw, file, index, &mut checker.problems),
            None => BTreeMap::new(),
        };
        let thresholds = match &self.thresholds {
            Some(t) => validate_thresholds(t.get_ref(), &mut checker),
            None => Thresholds::default(),
        };
        if !checker.problems.is_empty() {
            return Err(ConfigErrors::new(checker.problems));
        }
        Ok(Config {
            file: file.to_string(),
            analysis,
            services,
            allows,
            allow_locations,
            rule_levels,
            thresholds,
            key_locations: checker.key_locations,
        })
    }

    fn validate_analysis(&self, checker: &mut Checker<'_>) -> Analysis {
        let mut analysis = Analysis::default();
        let Some(raw) = &self.analysis else {
            return analysis;
        };
        let raw = raw.get_ref();
        if let Some(v) = &raw.include_tests {
            analysis.include_tests = *v.get_ref();
        }
        let mut builder = GlobSetBuilder::new();
        for glob in raw.exclude.iter().flatten() {
            match Glob::new(glob.get_ref()) {
                Ok(g) => {
                    builder.add(g);
                    analysis.exclude.push(glob.get_ref().clone());
                }
                Err(e) => checker.report(
                    &glob.span(),
                    ProblemKind::BadGlob,
                    format!(
                        "invalid glob `{}` in `exclude`: {}",
                        glob.get_ref(),
                        e.kind()
                    ),
                    "globs are relative to the root, e.g. `src/generated/**`".to_string(),
                ),
            }
        }
        match builder.build() {
            Ok(set) => analysis.exclude_set = set,
            Err(e) => checker.report(
                &(0..0),
                ProblemKind::BadGlob,
                format!("cannot compile `exclude`: {e}"),
                None,
            ),
        }
        for (kind, weight) in raw.weights.iter().flatten() {
            let name = kind.get_ref().as_str();
            let value = *weight.get_ref();
            match analysis.weights.set(name, value) {
                Ok(()) => {}
                Err(WeightError::UnknownKind(_) | WeightError::Syntax(_)) => {
                    let help = match suggest(name, WEIGHT_KINDS) {
                        Some(best) => format!("did you mean `{best}`?"),
                        None => expected_one_of(WEIGHT_KINDS),
                    };
                    checker.report(
                        &kind.span(),
                        ProblemKind::UnknownWeightKind,
                        format!("unknown weight kind `{name}` in [analysis.weights]"),
                        help,
                    );
                }
                Err(WeightError::Invalid(..)) => checker.report(
                    &weight.span(),
                    ProblemKind::InvalidValue,
                    format!(
                        "weight of `{name}` must be a finite number of zero or more, found {value}"
                    ),
                    "a weight multiplies each reference of the kind, e.g. `method = 0.5`"
                        .to_string(),
                ),
            }
        }
        analysis
    }
}

fn validate_services(raw: &[Spanned<RawService>], checker: &mut Checker<'_>) -> Vec<ServiceDecl> {
    let mut services: Vec<ServiceDecl> = Vec::new();
    for (i, table) in raw.iter().enumerate() {
        let span = table.span();
        let service = table.get_ref();
        let name = service.name.as_ref();
        let modules = service.modules.as_deref();
        checker.require(
            name.is_some(),
            &format!("service.{i}.name"),
            &span,
            "[[service]]",
            "name = \"orders\"",
        );
        checker.require(
            modules.is_some(),
            &format!("service.{i}.modules"),
            &span,
            "[[service]]",
            "modules = [\"shop::orders::**\"]",
        );
        let mut patterns = Vec::new();
        let mut pattern_locations = Vec::new();
        for pattern in modules.unwrap_or_default() {
            match ModulePattern::parse(pattern.get_ref()) {
                Ok(p) => {
                    patterns.push(p);
                    pattern_locations.push(checker.location(&pattern.span()));
                }
                Err(e) => checker.report(
                    &pattern.span(),
                    ProblemKind::BadPattern,
                    format!("invalid module pattern `{}`: {e}", pattern.get_ref()),
                    "patterns are module ids with `*` (one segment) or `**` (any depth), e.g. `shop::orders::**`".to_string(),
                ),
            }
        }
        if modules.is_some_and(|m| m.is_empty()) {
            checker.report(
                &span,
                ProblemKind::InvalidValue,
                "[[service]] has an empty `modules` list and would match nothing".to_string(),
                "list its modules, e.g. `modules = [\"shop::orders::**\"]`".to_string(),
            );
        }
        let Some(name) = name else { continue };
        let text = name.get_ref().trim();
        if text.is_empty() {
            checker.report(
                &name.span(),
                ProblemKind::InvalidValue,
                "service name is empty".to_string(),
                "name it, e.g. `name = \"orders\"`".to_string(),
            );
            continue;
        }
        if let Some(first) = services.iter().find(|s| s.name == text) {
            let help = format!(
                "first declared at line {}; merge the two or rename one",
                first.location.line
            );
            checker.report(
                &name.span(),
                ProblemKind::DuplicateService,
                format!("duplicate service name `{text}`"),
                help,
            );
            continue;
        }
        services.push(ServiceDecl {
            name: text.to_string(),
            modules: patterns,
            pattern_locations,
            location: checker.location(&span),
        });
    }
    services
}

/// The allowed pairs, and where each `[[allow]]` table is.
type AllowsAndLocations = (
    BTreeSet<(String, String)>,
    BTreeMap<(String, String), Location>,
);

fn validate_allows(
    raw: &[Spanned<RawAllow>],
    services: &[ServiceDecl],
    checker: &mut Checker<'_>,
) -> AllowsAndLocations {
    let names: Vec<&str> = services.iter().map(|s| s.name.as_str()).collect();
    let mut allows = BTreeSet::new();
    let mut locations = BTreeMap::new();
    for (i, table) in raw.iter().enumerate() {
        let span = table.span();
        let allow = table.get_ref();
        let (from, to) = (allow.from.as_ref(), allow.to.as_ref());
        checker.require(
            from.is_some(),
            &format!("allow.{i}.from"),
            &span,
            "[[allow]]",
            "from = \"orders\"",
        );
        checker.require(
            to.is_some(),
            &format!("allow.{i}.to"),
            &span,
            "[[allow]]",
            "to = \"users\"",
        );
        let mut known = true;
        for end in [from, to].into_iter().flatten() {
            let name = end.get_ref().trim();
            if names.contains(&name) {
                continue;
            }
            known = false;
            let help = match suggest(name, names.iter().copied()) {
                Some(best) => format!("did you mean `{best}`?"),
                None if names.is_empty() => {
                    "declare services with [[service]] before allowing dependencies between them"
                        .to_string()
                }
                None => format!("declared services: {}", names.join(", ")),
            };
            checker.report(
                &end.span(),
                ProblemKind::UnknownService,
                format!("[[allow]] names unknown service `{name}`"),
                help,
            );
        }
        if let (Some(from), Some(to), true) = (from, to, known) {
            let pair = (
                from.get_ref().trim().to_string(),
                to.get_ref().trim().to_string(),
            );
            locations
                .entry(pair.clone())
                .or_insert_with(|| checker.location(&span));
            allows.insert(pair);
        }
    }
    (allows, locations)
}

fn validate_thresholds(raw: &RawThresholds, checker: &mut Checker<'_>) -> Thresholds {
    let mut t = Thresholds::default();
    let number = |checker: &mut Checker<'_>,
                  key: &str,
                  value: &Option<Spanned<f64>>,
                  max: Option<f64>|
     -> Option<f64> {
        checker.remember(&format!("thresholds.{key}"), value);
        let v = value.as_ref()?;
        let x = *v.get_ref();
        if !x.is_finite() {
            checker.report(
                &v.span(),
                ProblemKind::InvalidValue,
                format!("`{key}` must be a finite number, found {x}"),
                format!("write e.g. `{key} = 0.5`"),
            );
            None
        } else if x < 0.0 {
            checker.report(
                &v.span(),
                ProblemKind::NegativeThreshold,
                format!("`{key}` is negative ({x})"),
                "thresholds are zero or more".to_string(),
            );
            None
        } else if let Some(max) = max.filter(|m| x > *m) {
            checker.report(
                &v.span(),
                ProblemKind::InvalidValue,
                format!("`{key}` is {x}, above its largest meaningful value {max}"),
                format!("`{key}` is between 0 and {max}"),
            );
            None
        } else {
            Some(x)
        }
    };
    t.max_boundary_weight = number(
        checker,
        "max_boundary_weight",
        &raw.max_boundary_weight,
        None,
    );
    t.max_instability = number(checker, "max_instability", &raw.max_instability, Some(1.0));
    t.min_modularity = number(checker, "min_modularity", &raw.min_modularity, Some(1.0));
    let count =
        |checker: &mut Checker<'_>, key: &str, value: &Option<Spanned<i64>>| -> Option<u32> {
            checker.remember(&format!("thresholds.{key}"), value);
            let v = value.as_ref()?;
            let x = *v.get_ref();
            match u32::try_from(x) {
                Ok(n) => Some(n),
                Err(_) if x < 0 => {
                    checker.report(
                        &v.span(),
                        ProblemKind::NegativeThreshold,
                        format!("`{key}` is negative ({x})"),
                        "thresholds are zero or more; 0 allows none".to_string(),
                    );
                    None
                }
                Err(_) => {
                    checker.report(
                        &v.span(),
                        ProblemKind::InvalidValue,
                        format!("`{key}` is too large ({x})"),
                        format!("the largest accepted value is {}", u32::MAX),
                    );
                    None
                }
            }
        };
    t.max_shared_tables = count(checker, "max_shared_tables", &raw.max_shared_tables);
    t.max_service_cycles = count(checker, "max_service_cycles", &raw.max_service_cycles);
    checker.remember("thresholds.forbid_undeclared", &raw.forbid_undeclared);
    checker.remember(
        "thresholds.require_declared_modules",
        &raw.require_declared_modules,
    );
    if let Some(v) = &raw.forbid_undeclared {
        t.forbid_undeclared = *v.get_ref();
    }
    if let Some(v) = &raw.require_declared_modules {
        t.require_declared_modules = *v.get_ref();
    }
    t
}
