//! Baselines: the violations a project has accepted for now, by stable key, so that `check
//! --baseline FILE` fails only on new ones and reports entries that no longer occur.
//!
//! A key never holds a line number: it is `rule|from service|to service|target` for each
//! offending reference (`rule|service|data id|read or write` for a table access), or the
//! violation's own key when it has no references (`modularity`, `undeclared-module|m`). So
//! moving code keeps its keys, while a reference to another item, or from another service, is
//! new.
//!
//! The file is TOML: a `version` and one sorted `keys` array, one key per line and grouped
//! by rule under a comment, so that a diff of the file reads as a list of changes.

use std::collections::BTreeSet;
use std::path::Path;

use serde::Deserialize;

use super::Violation;
use crate::output_file::OutputKind;

/// The version this code writes and reads.
pub const BASELINE_VERSION: i64 = 1;

/// A set of known violation keys.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Baseline {
    /// The keys, sorted.
    pub keys: BTreeSet<String>,
}

/// What is left after a baseline is applied.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BaselineOutcome {
    /// Violations with at least one key not in the baseline, holding only their new
    /// references; these fail the check.
    pub new: Vec<Violation>,
    /// How many distinct current keys the baseline lists.
    pub known: usize,
    /// Baseline keys that no current violation has (fixed since), sorted.
    pub stale: Vec<String>,
    /// Stale entries fail the check too (`check --strict-baseline`), so that a baseline is
    /// kept exact: paid-down debt has to be removed from it in the same change.
    pub stale_fails: bool,
    /// Warnings fail the check too (`check --strict`).
    pub strict: bool,
}

impl BaselineOutcome {
    /// The outcome when no baseline is used: every violation is new.
    pub fn without_baseline(violations: Vec<Violation>) -> Self {
        BaselineOutcome {
            new: violations,
            ..BaselineOutcome::default()
        }
    }

    /// True when the check fails: a new error (or warning, under
    /// [`strict`](BaselineOutcome::strict)), or a stale entry under
    /// [`stale_fails`](BaselineOutcome::stale_fails).
    pub fn fails(&self) -> bool {
        super::render::Summary::of(self).fails()
    }
}

/// Why a baseline could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum BaselineError {
    /// The file could not be read.
    #[error("cannot read baseline `{path}`: {source}")]
    Read {
        /// The path.
        path: String,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The file could not be written (or may not be: it is not a baseline, see
    /// [`crate::output_file`]).
    #[error(transparent)]
    Write(crate::output_file::OutputError),
    /// The file is not a baseline this version understands.
    #[error("invalid baseline `{path}`: {message}")]
    Invalid {
        /// The path.
        path: String,
        /// What is wrong.
        message: String,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BaselineFile {
    version: i64,
    #[serde(default)]
    keys: Vec<String>,
}

impl Baseline {
    /// The baseline that accepts exactly `violations`.
    pub fn from_violations(violations: &[Violation]) -> Baseline {
        let keys = violations
            .iter()
            .flat_map(|v| v.baseline_keys())
            .map(str::to_string)
            .collect();
        Baseline { keys }
    }

    /// The file text: a header comment, `version`, then the keys grouped by rule.
    pub fn to_toml(&self) -> String {
        let mut out = String::from(
            "# cargo-seams baseline: violations accepted for now, one stable key each\n\
             # (rule|from service|to service|target; no line numbers). `cargo seams check\n\
             # --baseline FILE` fails only on keys not listed here. Rewrite it with\n\
             # `cargo seams check --write-baseline FILE`.\n",
        );
        out.push_str(&format!("version = {BASELINE_VERSION}\n"));
        if self.keys.is_empty() {
            out.push_str("keys = []\n");
            return out;
        }
        out.push_str("keys = [\n");
        let mut rule = "";
        for key in &self.keys {
            let this_rule = key.split('|').next().unwrap_or("");
            if this_rule != rule {
                rule = this_rule;
                out.push_str(&format!("    # {rule}\n"));
            }
            out.push_str(&format!("    {},\n", toml::Value::String(key.clone())));
        }
        out.push_str("]\n");
        out
    }

    /// Reads baseline `text`; `name` is used in error messages.
    pub fn parse(text: &str, name: &str) -> Result<Baseline, BaselineError> {
        let invalid = |message: String| BaselineError::Invalid {
            path: name.to_string(),
            message,
        };
        let file: BaselineFile =
            toml::from_str(text).map_err(|e| invalid(e.message().trim().to_string()))?;
        if file.version != BASELINE_VERSION {
            return Err(invalid(format!(
                "version {} is not supported; this cargo-seams reads version {BASELINE_VERSION}",
                file.version
            )));
        }
        Ok(Baseline {
            keys: file.keys.into_iter().collect(),
        })
    }
}

/// Writes the baseline accepting `violations` to `path`.
pub fn write_baseline(
    path: &Path,
    violations: &[Violation],
    force: bool,
) -> Result<(), BaselineError> {
    let text = Baseline::from_violations(violations).to_toml();
    crate::output_file::write(path, text.as_bytes(), OutputKind::Baseline, force)
        .map_err(BaselineError::Write)
}

/// Reads the baseline at `path`.
pub fn load_baseline(path: &Path) -> Result<Baseline, BaselineError> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| BaselineError::Read {
        path: name.clone(),
        source,
    })?;
    Baseline::parse(&text, &name)
}

/// Splits `violations` into new and known by `baseline`, and finds the stale entries. Order is
/// kept, so the new violations stay sorted.
pub fn apply_baseline(violations: Vec<Violation>, baseline: &Baseline) -> BaselineOutcome {
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut new = Vec::new();
    for mut violation in violations {
        seen.extend(violation.baseline_keys().into_iter().map(str::to_string));
        if violation.references.is_empty() {
            if !baseline.keys.contains(&violation.key) {
                new.push(violation);
            }
            continue;
        }
        violation
            .references
            .retain(|r| !baseline.keys.contains(&r.key));
        if !violation.references.is_empty() {
            new.push(violation);
        }
    }
    let known = seen.iter().filter(|k| baseline.keys.contains(*k)).count();
    let stale = baseline.keys.difference(&seen).cloned().collect();
    BaselineOutcome {
        new,
        known,
        stale,
        stale_fails: false,
        strict: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{Offending, Rule, Severity};
    use crate::model::Location;

    fn offending(line: u32, key: &str) -> Offending {
        Offending {
            location: Location::new("src/orders.rs", line, 5),
            kind: "call".into(),
            from_module: "shop::orders".into(),
            to: key.rsplit('|').next().unwrap().into(),
            key: key.into(),
        }
    }

    fn violation(key: &str, refs: Vec<Offending>) -> Violation {
        Violation {
            rule: Rule::UndeclaredDependency,
            severity: Severity::Error,
            services: vec!["orders".into(), "users".into()],
            message: "m".into(),
            references: refs,
            location: None,
            key: key.into(),
        }
    }

    const USER: &str = "undeclared-dependency|orders|users|shop::users::User";
    const FIND: &str = "undeclared-dependency|orders|users|shop::users::find";

    #[test]
    fn file_round_trips_sorted_and_grouped() {
        let v = vec![
            violation(
                "undeclared-dependency|orders|users",
                vec![offending(9, USER), offending(3, USER)],
            ),
            violation("modularity", Vec::new()),
        ];
        let baseline = Baseline::from_violations(&v);
        let text = baseline.to_toml();
        assert!(text.contains("version = 1\nkeys = [\n    # modularity\n    \"modularity\",\n    # undeclared-dependency\n"), "{text}");
        assert_eq!(
            text.matches("shop::users::User").count(),
            1,
            "one key per distinct offending"
        );
        assert_eq!(Baseline::parse(&text, "b.toml").unwrap(), baseline);
        let empty = Baseline::default().to_toml();
        assert_eq!(
            Baseline::parse(&empty, "b.toml").unwrap(),
            Baseline::default()
        );
    }

    #[test]
    fn keys_with_quotes_and_pipes_survive() {
        let baseline = Baseline {
            keys: ["a|b\\|c|\"q\"".to_string()].into(),
        };
        assert_eq!(Baseline::parse(&baseline.to_toml(), "b").unwrap(), baseline);
    }

    #[test]
    fn moved_code_stays_known_and_new_targets_are_new() {
        let before = vec![violation(
            "undeclared-dependency|orders|users",
            vec![offending(3, USER)],
        )];
        let baseline = Baseline::from_violations(&before);
        // Same reference, moved to another line: known.
        let moved = vec![violation(
            "undeclared-dependency|orders|users",
            vec![offending(40, USER)],
        )];
        let outcome = apply_baseline(moved, &baseline);
        assert!(outcome.new.is_empty());
        assert_eq!(outcome.known, 1);
        assert!(outcome.stale.is_empty());
        // A new reference to another item: new, and only it is listed.
        let grown = vec![violation(
            "undeclared-dependency|orders|users",
            vec![offending(3, USER), offending(4, FIND)],
        )];
        let outcome = apply_baseline(grown, &baseline);
        assert_eq!(outcome.new.len(), 1);
        assert_eq!(outcome.new[0].references.len(), 1);
        assert_eq!(outcome.new[0].references[0].key, FIND);
        assert_eq!(outcome.known, 1);
    }

    #[test]
    fn fixed_violations_become_stale_and_keyless_ones_match_by_violation_key() {
        let baseline = Baseline {
            keys: [USER.to_string(), "modularity".to_string()].into(),
        };
        let outcome = apply_baseline(vec![violation("modularity", Vec::new())], &baseline);
        assert!(outcome.new.is_empty());
        assert_eq!(outcome.known, 1);
        assert_eq!(outcome.stale, vec![USER.to_string()]);
        assert!(
            !outcome.fails(),
            "stale entries pass unless they are made to fail"
        );
        let strict = BaselineOutcome {
            stale_fails: true,
            ..outcome
        };
        assert!(strict.fails());
        let outcome = apply_baseline(
            vec![violation("modularity", Vec::new())],
            &Baseline::default(),
        );
        assert_eq!(outcome.new.len(), 1);
    }

    #[test]
    fn bad_files_are_errors_not_panics() {
        for text in [
            "",
            "version = 2\nkeys = []",
            "version = 1\nkeys = [1]",
            "version = 1\nextra = 1",
            "[[",
            "keys = []",
        ] {
            assert!(Baseline::parse(text, "b.toml").is_err(), "{text:?}");
        }
        let err = Baseline::parse("version = 2\n", "b.toml")
            .unwrap_err()
            .to_string();
        assert!(err.contains("b.toml") && err.contains("version 2"), "{err}");
    }

    #[test]
    fn write_and_load_use_the_file_system() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("seams-baseline.toml");
        let v = vec![violation(
            "undeclared-dependency|orders|users",
            vec![offending(3, USER)],
        )];
        write_baseline(&path, &v, false).unwrap();
        assert_eq!(load_baseline(&path).unwrap(), Baseline::from_violations(&v));
        assert!(matches!(
            load_baseline(&dir.path().join("missing")),
            Err(BaselineError::Read { .. })
        ));
    }
}
