//! Shared vocabulary of every stage: ids, edge and data kinds, locations, diagnostics.
//!
//! Nothing here knows syn, petgraph, clap or any output format. Ids are plain strings whose
//! `Display` is exactly the form `docs/SPEC.md` gives (`CRATE::path::to::module`,
//! `type:ITEM_ID`, `table:name`). Locations hold paths relative to the analysed root, with `/`
//! separators on every platform, so that output never depends on where the project sits.

mod data_fact;
mod diag;
mod escape;
mod kinds;
pub mod path;
mod program;
mod role;
pub mod weights;

pub use data_fact::{DataFact, LinkEnd};
pub use diag::{Diagnostic, DiagnosticCode, Severity};
pub use escape::escape_controls;
pub use kinds::{Access, DataKind, EdgeKind, ItemKind};
pub use program::{
    ArgWrite, Call, CrateInfo, DataPath, FnSpan, Item, ItemIdx, MethodCalls, Module, ModuleIdx,
    Program, Reference,
};
pub use role::Role;
pub use weights::Weights;

use std::fmt;

/// The `schema_version` of every JSON output (`analyze`, `graph`, `explain`, `check`).
pub const SCHEMA_VERSION: u32 = 1;

/// A place in the analysed code: file relative to the root, 1-based line and column.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    /// Path relative to the analysed root, `/`-separated.
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column (0 when unknown).
    pub column: u32,
}

impl Location {
    /// A location at `file:line:column`.
    pub fn new(file: impl Into<String>, line: u32, column: u32) -> Self {
        Location {
            file: file.into(),
            line,
            column,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Shown to people: a file name's control characters are escaped.
        let file = escape_controls(&self.file);
        if self.column > 0 {
            write!(f, "{file}:{}:{}", self.line, self.column)
        } else {
            write!(f, "{file}:{}", self.line)
        }
    }
}

/// A share (0–1) as whole percent, `-` when there is none (a service's `settled` column).
pub fn fmt_percent(share: Option<f64>) -> String {
    share.map_or_else(|| "-".to_string(), |x| format!("{:.0} %", x * 100.0))
}

/// Formats a float the one way every report does: at most `digits` decimals, no trailing
/// zeros, never `-0`. Keeps JSON, text and DOT byte-stable across platforms.
pub fn fmt_float(value: f64, digits: usize) -> String {
    if !value.is_finite() {
        return "0".to_string();
    }
    let mut s = format!("{value:.digits$}");
    if s.contains('.') {
        while s.ends_with('0') {
            s.pop();
        }
        if s.ends_with('.') {
            s.pop();
        }
    }
    if s == "-0" { "0".to_string() } else { s }
}

/// Rounds a float to `digits` decimals so that serialized numbers are stable.
pub fn round(value: f64, digits: i32) -> f64 {
    if !value.is_finite() {
        return 0.0;
    }
    let p = 10f64.powi(digits);
    let r = (value * p).round() / p;
    if r == 0.0 { 0.0 } else { r }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_are_trimmed_and_never_negative_zero() {
        assert_eq!(fmt_float(1.5, 3), "1.5");
        assert_eq!(fmt_float(2.0, 3), "2");
        assert_eq!(fmt_float(-0.0001, 2), "0");
        assert_eq!(fmt_float(0.333333, 3), "0.333");
        assert_eq!(round(0.123456, 3), 0.123);
    }
}
