//! Writing the files the tool produces (`-o` reports, `init`'s config, `--write-baseline`):
//! atomically, never over a file that is not ours, never through a dangling symlink.
//!
//! The bytes go to a temporary file in the destination's directory, are synced, and the file
//! is renamed over the destination, so a crash, a full disk or `kill -9` leaves either the old
//! file or the new one, never a truncated mix (a truncated `seams.toml` that still parsed
//! silently switched the gate off). Before the analysis and again just before the rename, the
//! destination is checked: an existing file is replaced only when it looks like one this tool
//! writes of that kind (see [`OutputKind::is_ours`]) or with `force`; a config is replaced
//! only with `force`, and without it the rename refuses to clobber a file created meanwhile.
//! A symlink to a file is followed (the file it names is replaced); a dangling one is refused.

use std::io::Write;
use std::path::{Path, PathBuf};
use thiserror::Error;

/// What is being written; decides which existing files count as ours.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputKind {
    /// A report (`analyze`, `graph`, `explain` or `check` with `-o`).
    Report,
    /// A `seams.toml` written by `init`: an existing one is replaced only with `force`.
    Config,
    /// A baseline written by `check --write-baseline`.
    Baseline,
}

/// How every report format this tool writes begins (JSON reports, SARIF, text, DOT, Mermaid,
/// HTML, SVG, GitHub annotations, `explain` text). A file beginning otherwise is not ours.
const REPORT_STARTS: &[&str] = &[
    "{\n  \"schema_version\": 1,",
    "{\n  \"data_accesses\": [",
    "{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\"",
    "cargo-seams ",
    "check passed",
    "error[",
    "warning[",
    "digraph seams {",
    "flowchart ",
    "<!DOCTYPE html>\n<!-- cargo-seams report -->",
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- cargo-seams service map -->",
    "::error ",
    "::warning ",
    "::notice ",
];

/// How a baseline begins (`check::baseline`'s header).
const BASELINE_START: &str = "# cargo-seams baseline";

impl OutputKind {
    /// Whether an existing file holding `head` (its first bytes) may be replaced without
    /// `force`: an empty file, or one that begins like a file of this kind.
    pub fn is_ours(self, head: &[u8]) -> bool {
        let head = String::from_utf8_lossy(head);
        if head.trim().is_empty() {
            return true;
        }
        match self {
            OutputKind::Report => {
                REPORT_STARTS.iter().any(|s| head.starts_with(s))
                    || explain_header(&head)
                    || head.starts_with("{\n  \"schema_version\": 1")
            }
            OutputKind::Baseline => head.starts_with(BASELINE_START),
            OutputKind::Config => false,
        }
    }

    fn noun(self) -> &'static str {
        match self {
            OutputKind::Report => "a cargo-seams report",
            OutputKind::Config => "",
            OutputKind::Baseline => "a cargo-seams baseline",
        }
    }
}

/// `explain`'s text begins `N references from …`.
fn explain_header(head: &str) -> bool {
    let digits = head.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && head[digits..].starts_with(" references from ")
}

/// Why a file was not written.
#[derive(Debug, Error)]
pub enum OutputError {
    /// The destination exists and is not a file of this kind.
    #[error(
        "refusing to overwrite {path}: it does not look like {what}; pass --force to replace it"
    )]
    NotOurs {
        /// The destination.
        path: String,
        /// What it should have looked like.
        what: &'static str,
    },
    /// A config exists and `force` was not given.
    #[error("{path} already exists; pass --force to overwrite it")]
    Exists {
        /// The destination.
        path: String,
    },
    /// The destination is a symlink to nothing.
    #[error("refusing to write {path}: it is a symlink to a missing file ({target})")]
    DanglingSymlink {
        /// The destination.
        path: String,
        /// Where the link points.
        target: String,
    },
    /// The destination (or the directory it should be in) is not what it should be.
    #[error("cannot write {path}: a directory is in the way, or its directory is a file")]
    NotAFile {
        /// The destination.
        path: String,
    },
    /// Reading, writing, syncing or renaming failed (the cause follows in the error chain).
    #[error("cannot write {path}")]
    Io {
        /// The destination.
        path: String,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
}

/// How many bytes of an existing file are read to tell whether it is ours.
const HEAD_BYTES: u64 = 256;

/// Where a write goes, once checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Destination {
    /// A file that does not exist yet (its directory does).
    New(PathBuf),
    /// An existing regular file that may be replaced (`path` itself, or what a symlink names).
    Replace(PathBuf),
    /// A device or pipe (`/dev/stdout`, `/dev/null`, a FIFO): written in place, since it cannot
    /// be renamed over and holds nothing to lose.
    Device(PathBuf),
}

/// Where a write to `path` goes. Errors when the destination may not be written (see the
/// module doc).
pub fn check(path: &Path, kind: OutputKind, force: bool) -> Result<Destination, OutputError> {
    let shown = || crate::model::escape_controls(&path.display().to_string()).into_owned();
    let io = |source| OutputError::Io {
        path: shown(),
        source,
    };
    let target = match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            // A new file: its directory must exist (found now, not after the analysis).
            let dir = match path.parent() {
                Some(d) if !d.as_os_str().is_empty() => d,
                _ => Path::new("."),
            };
            return match std::fs::metadata(dir) {
                Ok(m) if m.is_dir() => Ok(Destination::New(path.to_path_buf())),
                Ok(_) => Err(OutputError::NotAFile { path: shown() }),
                Err(e) => Err(io(e)),
            };
        }
        Err(e) => return Err(io(e)),
        Ok(m) if m.file_type().is_symlink() => match std::fs::canonicalize(path) {
            Ok(resolved) => resolved,
            // `/dev/stdout` on a pipe: a link to `pipe:[…]`, which has no path but is there.
            Err(_) if std::fs::metadata(path).is_ok() => {
                return Ok(Destination::Device(path.to_path_buf()));
            }
            Err(_) => {
                let target = std::fs::read_link(path)
                    .map(|t| t.display().to_string())
                    .unwrap_or_default();
                return Err(OutputError::DanglingSymlink {
                    path: shown(),
                    target: crate::model::escape_controls(&target).into_owned(),
                });
            }
        },
        Ok(_) => path.to_path_buf(),
    };
    let meta = std::fs::metadata(&target).map_err(io)?;
    if meta.is_dir() {
        return Err(OutputError::NotAFile { path: shown() });
    }
    if !meta.is_file() {
        return Ok(Destination::Device(target));
    }
    if force {
        return Ok(Destination::Replace(target));
    }
    if kind == OutputKind::Config {
        return Err(OutputError::Exists { path: shown() });
    }
    let mut head = Vec::new();
    std::fs::File::open(&target)
        .and_then(|f| {
            std::io::Read::read_to_end(&mut std::io::Read::take(f, HEAD_BYTES), &mut head)
        })
        .map_err(io)?;
    if kind.is_ours(&head) {
        Ok(Destination::Replace(target))
    } else {
        Err(OutputError::NotOurs {
            path: shown(),
            what: kind.noun(),
        })
    }
}

/// Writes `bytes` to `path` atomically after [`check`]ing it again.
pub fn write(path: &Path, bytes: &[u8], kind: OutputKind, force: bool) -> Result<(), OutputError> {
    let io = |source| OutputError::Io {
        path: crate::model::escape_controls(&path.display().to_string()).into_owned(),
        source,
    };
    let (target, exists) = match check(path, kind, force)? {
        Destination::New(target) => (target, false),
        Destination::Replace(target) => (target, true),
        Destination::Device(target) => {
            let mut device = std::fs::OpenOptions::new()
                .write(true)
                .open(&target)
                .map_err(io)?;
            return device
                .write_all(bytes)
                .and_then(|()| device.flush())
                .map_err(io);
        }
    };
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(io)?;
    tmp.write_all(bytes).map_err(io)?;
    tmp.flush().map_err(io)?;
    // The permissions of the file replaced, or the usual ones of a new file.
    let permissions = match std::fs::metadata(&target) {
        Ok(m) if exists => Some(m.permissions()),
        _ => default_permissions(),
    };
    if let Some(p) = permissions {
        tmp.as_file().set_permissions(p).map_err(io)?;
    }
    tmp.as_file().sync_all().map_err(io)?;
    if exists || force {
        tmp.persist(&target).map_err(|e| io(e.error))?;
    } else {
        // Nothing was there at the check: refuse to clobber what appeared since.
        match tmp.persist_noclobber(&target) {
            Ok(_) => {}
            Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => {
                return write(path, bytes, kind, force);
            }
            Err(e) => return Err(io(e.error)),
        }
    }
    Ok(())
}

#[cfg(unix)]
fn default_permissions() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn default_permissions() -> Option<std::fs::Permissions> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The JSON reports begin with the one schema version every emitter writes.
    #[test]
    fn json_report_starts_name_the_schema_version() {
        let start = format!(
            "{{\n  \"schema_version\": {},",
            crate::model::SCHEMA_VERSION
        );
        assert_eq!(REPORT_STARTS[0], start);
    }

    #[test]
    fn ours_is_empty_or_a_file_of_the_same_kind() {
        assert!(OutputKind::Report.is_ours(b""));
        assert!(OutputKind::Report.is_ours(b"digraph seams {\n"));
        assert!(OutputKind::Report.is_ours(b"12 references from a to b\n"));
        assert!(!OutputKind::Report.is_ours(b"[package]\nname = \"x\"\n"));
        assert!(!OutputKind::Report.is_ours(b"pub fn f() {}\n"));
        let html = crate::report::html::HEAD.as_bytes();
        assert!(OutputKind::Report.is_ours(html));
        assert!(!OutputKind::Report.is_ours(b"<!DOCTYPE html>\n<html><body>mine</body>"));
        assert!(OutputKind::Report.is_ours(
            b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- cargo-seams service map -->\n<svg"
        ));
        assert!(!OutputKind::Report.is_ours(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg"));
        assert!(OutputKind::Baseline.is_ours(b"# cargo-seams baseline: ...\nversion = 1\n"));
        assert!(!OutputKind::Baseline.is_ours(b"# cargo-seams config\n[thresholds]\n"));
        assert!(!OutputKind::Config.is_ours(b"[thresholds]\n"));
    }

    #[test]
    fn writes_replace_atomically_and_refuse_what_is_not_ours() {
        let dir = tempfile::tempdir().unwrap();
        let report = dir.path().join("r.dot");
        write(&report, b"digraph seams {}\n", OutputKind::Report, false).unwrap();
        write(&report, b"digraph seams { a }\n", OutputKind::Report, false).unwrap();
        assert_eq!(std::fs::read(&report).unwrap(), b"digraph seams { a }\n");
        let manifest = dir.path().join("Cargo.toml");
        std::fs::write(&manifest, "[package]\n").unwrap();
        let err = write(&manifest, b"x", OutputKind::Baseline, false).unwrap_err();
        assert!(matches!(err, OutputError::NotOurs { .. }), "{err}");
        assert_eq!(std::fs::read(&manifest).unwrap(), b"[package]\n");
        write(&manifest, b"x", OutputKind::Baseline, true).unwrap();
        assert_eq!(std::fs::read(&manifest).unwrap(), b"x");
        // No temporary file is left behind.
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }

    #[cfg(unix)]
    #[test]
    fn dangling_symlinks_are_refused_and_live_ones_followed() {
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("seams.toml");
        std::os::unix::fs::symlink(dir.path().join("missing.toml"), &link).unwrap();
        let err = write(&link, b"x", OutputKind::Config, true).unwrap_err();
        assert!(matches!(err, OutputError::DanglingSymlink { .. }), "{err}");
        assert!(!dir.path().join("missing.toml").exists());
        let real = dir.path().join("real.json");
        std::fs::write(&real, "").unwrap();
        let live = dir.path().join("live.json");
        std::os::unix::fs::symlink(&real, &live).unwrap();
        write(&live, b"{}", OutputKind::Report, false).unwrap();
        assert_eq!(std::fs::read(&real).unwrap(), b"{}");
        assert!(
            std::fs::symlink_metadata(&live)
                .unwrap()
                .file_type()
                .is_symlink()
        );
    }
}
