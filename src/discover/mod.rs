//! Stage `discover`: from a path to a package or workspace root, find the packages, their
//! targets (lib, bins; tests/benches/examples on request), crate names, editions and the
//! workspace crates each package can name as an external crate.
//!
//! Manifests are read as TOML directly: no `cargo metadata`, no lock file, no network, no
//! toolchain. So a repository whose `rust-toolchain.toml` names an absent toolchain, or that
//! has never been built, is read the same as any other. Nothing here parses Rust.

mod manifest;

pub use manifest::{Package, Target, TargetKind, normalize};

use crate::model::{Diagnostic, DiagnosticCode};
use std::path::{Path, PathBuf};

/// Errors that stop the run: the input is not something we can analyse (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum DiscoverError {
    /// The path does not exist.
    #[error("no such file or directory: {0}")]
    NoSuchPath(PathBuf),
    /// The path holds no Cargo.toml.
    #[error(
        "{0} is not a crate or workspace: expected a directory with a Cargo.toml that has a \
         [package] or [workspace] table"
    )]
    NotACrate(PathBuf),
    /// The root manifest cannot be read or parsed.
    #[error("cannot read manifest {path}: {message}")]
    BadManifest {
        /// The manifest.
        path: PathBuf,
        /// Why.
        message: String,
    },
    /// The workspace has no lib or bin target at all; `reasons` are the member manifest
    /// problems found on the way (`file: message`), which may be why.
    #[error("{} has no library or binary target to analyse{}", .path.display(), reasons_text(.reasons))]
    NoTargets {
        /// The path given.
        path: PathBuf,
        /// Member manifest problems, one per line.
        reasons: Vec<String>,
    },
}

/// The member problems of [`DiscoverError::NoTargets`], one per line after a colon.
fn reasons_text(reasons: &[String]) -> String {
    if reasons.is_empty() {
        return String::new();
    }
    let mut text = String::from("; the members have these problems:");
    for r in reasons {
        text.push_str("\n  ");
        text.push_str(r);
    }
    text
}

/// What discovery found.
#[derive(Clone, Debug)]
pub struct Workspace {
    /// Canonical absolute root (the directory given by the user).
    pub root: PathBuf,
    /// Packages, sorted by name.
    pub packages: Vec<Package>,
    /// Manifest problems that did not stop discovery.
    pub diagnostics: Vec<Diagnostic>,
}

impl Workspace {
    /// All targets of all packages, in package then target order.
    pub fn targets(&self) -> impl Iterator<Item = (&Package, &Target)> {
        self.packages
            .iter()
            .flat_map(|p| p.targets.iter().map(move |t| (p, t)))
    }
}

/// Options that change what counts as a target.
#[derive(Clone, Debug, Default)]
pub struct DiscoverOptions {
    /// Include test, bench and example targets.
    pub include_tests: bool,
}

/// Discovers the packages and targets under `path`.
pub fn discover(path: &Path, opts: &DiscoverOptions) -> Result<Workspace, DiscoverError> {
    if !path.exists() {
        return Err(DiscoverError::NoSuchPath(path.to_path_buf()));
    }
    let root = path
        .canonicalize()
        .map_err(|_| DiscoverError::NoSuchPath(path.to_path_buf()))?;
    let root = if root.is_file() {
        // Accept a path to a Cargo.toml as well as to its directory.
        match root.parent() {
            Some(p) if root.file_name().is_some_and(|n| n == "Cargo.toml") => p.to_path_buf(),
            _ => return Err(DiscoverError::NotACrate(path.to_path_buf())),
        }
    } else {
        root
    };
    let manifest_path = root.join("Cargo.toml");
    if !manifest_path.is_file() {
        return Err(DiscoverError::NotACrate(path.to_path_buf()));
    }
    let root_doc =
        manifest::read_toml(&manifest_path).map_err(|problem| DiscoverError::BadManifest {
            path: manifest_path.clone(),
            message: problem.to_string(),
        })?;
    let mut diagnostics = Vec::new();
    let mut packages = Vec::new();
    let has_package = root_doc.get("package").is_some_and(|p| p.is_table());
    let workspace = root_doc.get("workspace").and_then(|w| w.as_table());
    if !has_package && workspace.is_none() {
        return Err(DiscoverError::NotACrate(path.to_path_buf()));
    }
    let ws_ctx = manifest::WorkspaceCtx::from_root(&root_doc);
    if has_package {
        match manifest::read_package(&root, &root, &root_doc, &ws_ctx, opts) {
            Ok(p) => packages.push(p),
            Err(message) => {
                return Err(DiscoverError::BadManifest {
                    path: manifest_path,
                    message,
                });
            }
        }
    }
    if let Some(ws) = workspace {
        for dir in manifest::member_dirs(&root, ws, &mut diagnostics) {
            if dir == root {
                continue;
            }
            let mpath = dir.join("Cargo.toml");
            let rel = crate::parse::relative_path(&root, &mpath);
            let doc = match manifest::read_toml(&mpath) {
                Ok(doc) => doc,
                Err(problem) => {
                    diagnostics.push(Diagnostic::warning(
                        DiagnosticCode::Manifest,
                        rel,
                        problem.line,
                        problem.column,
                        problem.message,
                    ));
                    continue;
                }
            };
            if doc.get("package").is_none() {
                continue;
            }
            match manifest::read_package(&root, &dir, &doc, &ws_ctx, opts) {
                Ok(p) => packages.push(p),
                Err(message) => {
                    diagnostics.push(Diagnostic::warning(
                        DiagnosticCode::Manifest,
                        rel,
                        0,
                        0,
                        message,
                    ));
                }
            }
        }
    }
    packages.sort_by(|a, b| a.name.cmp(&b.name).then(a.dir.cmp(&b.dir)));
    packages.dedup_by(|a, b| a.dir == b.dir);
    if packages.iter().all(|p| p.targets.is_empty()) {
        diagnostics.sort();
        return Err(DiscoverError::NoTargets {
            path: path.to_path_buf(),
            reasons: diagnostics.iter().map(|d| d.to_string()).collect(),
        });
    }
    diagnostics.sort();
    Ok(Workspace {
        root,
        packages,
        diagnostics,
    })
}
