//! Problems found in a `seams.toml`, with their positions, and the error types the loader
//! returns.
//!
//! A problem is a typed kind (so tests and tools branch on [`ProblemKind`], not on prose), a
//! position (file, 1-based line and column), a one-line message and an optional one-line help.
//! [`ConfigErrors`] holds every problem of one file, sorted by position, so that a user fixes
//! them all in one round. This file also converts byte offsets to positions ([`LineIndex`]) and
//! suggests the nearest known name for a misspelt one ([`suggest`]).

use std::fmt;
use std::ops::Range;
use std::path::PathBuf;

/// What is wrong, as a closed catalogue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ProblemKind {
    /// The file is not valid TOML.
    Syntax,
    /// A key the table does not have.
    UnknownKey,
    /// A value of the wrong type (a string where a number is expected, ...).
    WrongType,
    /// A value of the right type that is not allowed (out of range, not finite, empty).
    InvalidValue,
    /// A required key is missing.
    MissingKey,
    /// A module pattern that does not compile.
    BadPattern,
    /// An `exclude` glob that does not compile.
    BadGlob,
    /// Two `[[service]]` tables with the same name.
    DuplicateService,
    /// An `[[allow]]` naming a service that no `[[service]]` declares.
    UnknownService,
    /// A threshold below zero.
    NegativeThreshold,
    /// A key of `[analysis.weights]` that is neither an edge kind nor a data kind.
    UnknownWeightKind,
    /// A key of `[rules]` that names no rule.
    UnknownRule,
    /// A module pattern of a `[[service]]` that matches no analysed module (found by `check`,
    /// which knows the modules).
    UnmatchedPattern,
}

impl ProblemKind {
    /// Every kind.
    pub const ALL: [ProblemKind; 13] = [
        ProblemKind::Syntax,
        ProblemKind::UnknownKey,
        ProblemKind::WrongType,
        ProblemKind::InvalidValue,
        ProblemKind::MissingKey,
        ProblemKind::BadPattern,
        ProblemKind::BadGlob,
        ProblemKind::DuplicateService,
        ProblemKind::UnknownService,
        ProblemKind::NegativeThreshold,
        ProblemKind::UnknownWeightKind,
        ProblemKind::UnknownRule,
        ProblemKind::UnmatchedPattern,
    ];

    /// The kebab-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            ProblemKind::Syntax => "syntax",
            ProblemKind::UnknownKey => "unknown-key",
            ProblemKind::WrongType => "wrong-type",
            ProblemKind::InvalidValue => "invalid-value",
            ProblemKind::MissingKey => "missing-key",
            ProblemKind::BadPattern => "bad-pattern",
            ProblemKind::BadGlob => "bad-glob",
            ProblemKind::DuplicateService => "duplicate-service",
            ProblemKind::UnknownService => "unknown-service",
            ProblemKind::NegativeThreshold => "negative-threshold",
            ProblemKind::UnknownWeightKind => "unknown-weight-kind",
            ProblemKind::UnknownRule => "unknown-rule",
            ProblemKind::UnmatchedPattern => "unmatched-pattern",
        }
    }
}

impl fmt::Display for ProblemKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem in a config file.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct ConfigProblem {
    /// File name as given to the parser (`seams.toml`).
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
    /// What is wrong.
    pub kind: ProblemKind,
    /// One line saying what is wrong.
    pub message: String,
    /// One line saying how to fix it.
    pub help: Option<String>,
}

impl fmt::Display for ConfigProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "error: {}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// Every problem of one config file, sorted by position. Never empty when returned as an error.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct ConfigErrors {
    /// The problems, sorted by line, column, then message.
    pub problems: Vec<ConfigProblem>,
}

impl ConfigErrors {
    /// Sorts and deduplicates `problems`.
    pub fn new(mut problems: Vec<ConfigProblem>) -> Self {
        problems.sort();
        problems.dedup();
        ConfigErrors { problems }
    }

    /// The kinds of the problems, in order (handy in tests).
    pub fn kinds(&self) -> Vec<ProblemKind> {
        self.problems.iter().map(|p| p.kind).collect()
    }
}

impl fmt::Display for ConfigErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, problem) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{problem}")?;
        }
        Ok(())
    }
}

/// Why [`crate::config::load`] failed.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read (missing, unreadable, not UTF-8).
    #[error("cannot read config file `{}`: {source}", path.display())]
    Read {
        /// The path that was given.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The file was read and has problems.
    #[error("{0}")]
    Invalid(#[from] ConfigErrors),
}

/// Converts byte offsets of one text into 1-based line and column (columns count characters).
#[derive(Clone, Debug)]
pub struct LineIndex<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    /// Indexes `text`.
    pub fn new(text: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { text, line_starts }
    }

    /// Line and column of byte `offset`; offsets past the end or inside a character are
    /// clamped to the nearest valid position, so this never panics.
    pub fn position(&self, offset: usize) -> (u32, u32) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|&start| start <= offset);
        let start = self.line_starts[line - 1];
        let column = self.text[start..offset].chars().count() + 1;
        (to_u32(line), to_u32(column))
    }

    /// Position of the start of `span`.
    pub fn start(&self, span: &Range<usize>) -> (u32, u32) {
        self.position(span.start)
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The known name closest to `unknown` by edit distance, when it is close enough to be a
/// plausible typo: at most a third of the name's length (but at least 1) edits away, and not a
/// complete rewrite (`b` is not a typo of `a`).
pub fn suggest<'k>(unknown: &str, known: impl IntoIterator<Item = &'k str>) -> Option<&'k str> {
    let limit = (unknown.chars().count() / 3).max(1);
    known
        .into_iter()
        .map(|k| (edit_distance(unknown, k), k))
        .filter(|(d, _)| *d <= limit && *d < unknown.chars().count())
        .min()
        .map(|(_, k)| k)
}

/// Edit distance over characters where an insertion, a deletion, a substitution or a swap of
/// two neighbours each cost one (optimal string alignment, `strsim::osa_distance`), since
/// swapped letters are the commonest typo (`tabel` for `table`).
pub fn edit_distance(a: &str, b: &str) -> usize {
    strsim::osa_distance(a, b)
}

/// A help line listing the accepted names, for when nothing is close enough to suggest.
pub fn expected_one_of<'k>(known: impl IntoIterator<Item = &'k str>) -> String {
    let names: Vec<String> = known.into_iter().map(|k| format!("`{k}`")).collect();
    format!("expected one of {}", names.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn kinds_are_unique() {
        let names: BTreeSet<_> = ProblemKind::ALL.iter().map(|k| k.as_str()).collect();
        assert_eq!(names.len(), ProblemKind::ALL.len());
    }

    #[test]
    fn positions_are_one_based_and_count_characters() {
        let index = LineIndex::new("ab\nçd\n\nx");
        assert_eq!(index.position(0), (1, 1));
        assert_eq!(index.position(2), (1, 3));
        assert_eq!(index.position(3), (2, 1));
        assert_eq!(index.position(5), (2, 2)); // after the two-byte `ç`
        assert_eq!(index.position(4), (2, 1)); // inside `ç`: clamped back
        assert_eq!(index.position(7), (3, 1));
        assert_eq!(index.position(8), (4, 1));
        assert_eq!(index.position(1000), (4, 2));
        assert_eq!(LineIndex::new("").position(3), (1, 1));
    }

    #[test]
    fn suggestions_pick_the_nearest_plausible_name() {
        let known = ["max_boundary_weight", "max_instability", "min_modularity"];
        assert_eq!(
            suggest("max_boundry_weight", known),
            Some("max_boundary_weight")
        );
        assert_eq!(suggest("min_modularty", known), Some("min_modularity"));
        assert_eq!(suggest("colour", known), None);
        assert_eq!(suggest("b", ["a"]), None);
        assert_eq!(suggest("servce", ["service", "allow"]), Some("service"));
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("tabel", "table"), 1);
        assert_eq!(edit_distance("nmae", "name"), 1);
        assert_eq!(edit_distance("abc", ""), 3);
    }

    #[test]
    fn problems_render_with_position_and_help() {
        let problem = ConfigProblem {
            file: "seams.toml".into(),
            line: 7,
            column: 1,
            kind: ProblemKind::UnknownKey,
            message: "unknown key `max_boundry_weight` in [thresholds]".into(),
            help: Some("did you mean `max_boundary_weight`?".into()),
        };
        assert_eq!(
            problem.to_string(),
            "error: seams.toml:7:1: unknown key `max_boundry_weight` in [thresholds]\n  help: did you mean `max_boundary_weight`?"
        );
    }
}
