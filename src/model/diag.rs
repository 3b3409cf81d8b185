//! Diagnostics about the analysed code: problems that are reported and skipped, never fatal.
//!
//! Codes are a closed catalogue (kebab-case, each with a description) so that users can
//! search docs for them and so that tests can assert on them without matching prose.

use std::fmt;

/// How bad a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The analysis is incomplete because of this.
    Warning,
    /// Worth knowing, the analysis is not affected.
    Note,
}

/// The catalogue of diagnostic codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DiagnosticCode {
    /// A file does not parse as Rust.
    SyntaxError,
    /// A `mod x;` whose file does not exist.
    MissingModuleFile,
    /// A file that is not valid UTF-8.
    NotUtf8,
    /// A file that cannot be read.
    UnreadableFile,
    /// A path (`#[path]`, symlink, `query_file!`) that leaves the analysed root.
    PathOutsideRoot,
    /// A `.rs` file that no `mod` declaration reaches.
    OrphanFile,
    /// A file larger than the size limit.
    FileTooLarge,
    /// A file nested too deeply to analyse safely.
    TooDeep,
    /// A module file that includes itself through its own declarations (a module loop).
    DuplicateModule,
    /// A manifest problem that does not stop the analysis.
    Manifest,
    /// SQL text that no dialect parses; tables were found by a fallback scan.
    UnparsedSql,
    /// A `query_file!` whose file cannot be read.
    MissingSqlFile,
    /// A cfg name set by something not run (a build script): its code is kept.
    UnknownCfg,
    /// An `include!` of Rust source, which is not followed.
    UnfollowedInclude,
}

impl DiagnosticCode {
    /// Every code.
    pub const ALL: [DiagnosticCode; 14] = [
        DiagnosticCode::SyntaxError,
        DiagnosticCode::MissingModuleFile,
        DiagnosticCode::NotUtf8,
        DiagnosticCode::UnreadableFile,
        DiagnosticCode::PathOutsideRoot,
        DiagnosticCode::OrphanFile,
        DiagnosticCode::FileTooLarge,
        DiagnosticCode::TooDeep,
        DiagnosticCode::DuplicateModule,
        DiagnosticCode::Manifest,
        DiagnosticCode::UnparsedSql,
        DiagnosticCode::MissingSqlFile,
        DiagnosticCode::UnknownCfg,
        DiagnosticCode::UnfollowedInclude,
    ];

    /// The kebab-case code.
    pub fn as_str(self) -> &'static str {
        match self {
            DiagnosticCode::SyntaxError => "syntax-error",
            DiagnosticCode::MissingModuleFile => "missing-module-file",
            DiagnosticCode::NotUtf8 => "not-utf8",
            DiagnosticCode::UnreadableFile => "unreadable-file",
            DiagnosticCode::PathOutsideRoot => "path-outside-root",
            DiagnosticCode::OrphanFile => "orphan-file",
            DiagnosticCode::FileTooLarge => "file-too-large",
            DiagnosticCode::TooDeep => "too-deep",
            DiagnosticCode::DuplicateModule => "duplicate-module",
            DiagnosticCode::Manifest => "manifest",
            DiagnosticCode::UnparsedSql => "unparsed-sql",
            DiagnosticCode::MissingSqlFile => "missing-sql-file",
            DiagnosticCode::UnknownCfg => "unknown-cfg",
            DiagnosticCode::UnfollowedInclude => "unfollowed-include",
        }
    }

    /// One sentence on what the code means.
    pub fn description(self) -> &'static str {
        match self {
            DiagnosticCode::SyntaxError => "the file does not parse as Rust; its modules are empty",
            DiagnosticCode::MissingModuleFile => {
                "a `mod` declaration names a file that does not exist"
            }
            DiagnosticCode::NotUtf8 => "the file is not valid UTF-8 and was skipped",
            DiagnosticCode::UnreadableFile => "the file could not be read and was skipped",
            DiagnosticCode::PathOutsideRoot => "a path leaves the analysed root and was refused",
            DiagnosticCode::OrphanFile => "a .rs file that no `mod` declaration reaches",
            DiagnosticCode::FileTooLarge => "the file exceeds the size limit and was skipped",
            DiagnosticCode::TooDeep => "the file nests too deeply to analyse and was skipped",
            DiagnosticCode::DuplicateModule => {
                "a module file includes itself through its own `mod` declarations"
            }
            DiagnosticCode::Manifest => {
                "a Cargo.toml problem; the rest of the workspace is analysed"
            }
            DiagnosticCode::UnparsedSql => "SQL that no dialect parses; tables found by a scan",
            DiagnosticCode::MissingSqlFile => "a `query_file!` names a file that cannot be read",
            DiagnosticCode::UnknownCfg => {
                "a cfg set by a build script or RUSTFLAGS; the code under it is kept"
            }
            DiagnosticCode::UnfollowedInclude => {
                "an `include!` of Rust source is not followed; the file's items are not analysed"
            }
        }
    }
}

impl fmt::Display for DiagnosticCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A problem found in the analysed code.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Diagnostic {
    /// How bad.
    pub severity: Severity,
    /// What kind of problem.
    pub code: DiagnosticCode,
    /// File relative to the root (may be empty for workspace-level problems).
    pub file: String,
    /// 1-based line, 0 when the problem concerns the whole file.
    pub line: u32,
    /// 1-based column, 0 when unknown.
    pub column: u32,
    /// One sentence for humans.
    pub message: String,
}

impl Diagnostic {
    /// A warning at `file:line:column`.
    pub fn warning(
        code: DiagnosticCode,
        file: impl Into<String>,
        line: u32,
        column: u32,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            code,
            file: file.into(),
            line,
            column,
            message: message.into(),
        }
    }

    /// A note at `file:line`.
    pub fn note(
        code: DiagnosticCode,
        file: impl Into<String>,
        line: u32,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Note,
            code,
            file: file.into(),
            line,
            column: 0,
            message: message.into(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Warning => "warning",
            Severity::Note => "note",
        };
        // Shown to people: file names and messages (which quote `#[path]` strings and file
        // names) have their control characters escaped.
        write!(f, "{sev}[{}]: ", self.code)?;
        if !self.file.is_empty() {
            write!(f, "{}", super::escape_controls(&self.file))?;
            if self.line > 0 {
                write!(f, ":{}", self.line)?;
                if self.column > 0 {
                    write!(f, ":{}", self.column)?;
                }
            }
            write!(f, ": ")?;
        }
        f.write_str(&super::escape_controls(&self.message))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn codes_are_unique_and_described() {
        let names: BTreeSet<_> = DiagnosticCode::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(names.len(), DiagnosticCode::ALL.len());
        for c in DiagnosticCode::ALL {
            assert!(!c.description().is_empty());
        }
    }
}
