//! Stage `discover`: from a path (a package, a workspace, a directory inside one, a
//! `Cargo.toml`, or a folder holding several of them) find the packages as cargo would, their
//! targets (lib, bins; tests/benches/examples on request), crate names, editions and the
//! analysed packages each package can name as an external crate.
//!
//! Manifests are read as TOML directly: no `cargo metadata`, no lock file, no network, no
//! toolchain. So a repository whose `rust-toolchain.toml` names an absent toolchain, or that
//! has never been built, is read the same as any other. Nothing here parses Rust.

mod features;
mod ids;
mod keys;
mod locate;
mod manifest;
mod members;

pub use features::{FeatureRequest, enabled_features};
pub use manifest::{Package, Target, TargetKind};

use crate::model::{Diagnostic, DiagnosticCode};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Errors that stop the run: the input is not something we can analyse (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum DiscoverError {
    /// The path does not exist.
    #[error("no such file or directory: {0}")]
    NoSuchPath(PathBuf),
    /// No Cargo.toml in, above or below the path.
    #[error(
        "{0} is not a crate or workspace: expected a Cargo.toml with a [package] or \
         [workspace] table in it, in a directory above it, or in directories below it"
    )]
    NotACrate(PathBuf),
    /// `-p NAME` names no analysed package.
    #[error("no package named {names} (found: {known})")]
    UnknownPackage {
        /// The names not found.
        names: String,
        /// The packages there are.
        known: String,
    },
    /// The root manifest cannot be read or parsed.
    #[error("cannot read manifest {path}: {message}")]
    BadManifest {
        /// The manifest.
        path: PathBuf,
        /// Why.
        message: String,
    },
    /// The workspace has no lib or bin target at all.
    #[error("{0} has no library or binary target to analyse{1}")]
    NoTargets(PathBuf, String),
}

/// What discovery found: one workspace, one package, or several of each side by side.
#[derive(Clone, Debug)]
pub struct Workspace {
    /// Canonical absolute root: the workspace or package root, or the folder holding them.
    pub root: PathBuf,
    /// Packages, sorted by name (then directory).
    pub packages: Vec<Package>,
    /// How many `[workspace]` roots were read.
    pub workspaces: usize,
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
    /// Analyse only these packages (`-p`); all when empty.
    pub packages: Vec<String>,
}

/// Discovers the packages and targets for `path`: a `Cargo.toml`, a package or workspace
/// directory, a directory inside one, or a directory with packages and workspaces below it.
pub fn discover(path: &Path, opts: &DiscoverOptions) -> Result<Workspace, DiscoverError> {
    if !path.exists() {
        return Err(DiscoverError::NoSuchPath(path.to_path_buf()));
    }
    let canonical = path
        .canonicalize()
        .map_err(|_| DiscoverError::NoSuchPath(path.to_path_buf()))?;
    let mut diagnostics = Vec::new();
    let (root, roots) = match locate::start(&canonical, path)? {
        locate::Start::Manifest(manifest) => {
            let root = manifest
                .parent()
                .map(Path::to_path_buf)
                .ok_or_else(|| DiscoverError::NotACrate(path.to_path_buf()))?;
            let doc =
                manifest::read_toml(&manifest).map_err(|problem| DiscoverError::BadManifest {
                    path: manifest.clone(),
                    message: problem.to_string(),
                })?;
            if !is_root(&doc) {
                return Err(DiscoverError::NotACrate(path.to_path_buf()));
            }
            // A directory without a manifest, inside a package or workspace: say which root
            // is analysed, so that a mistyped path does not analyse another project silently.
            if canonical.is_dir() && !canonical.join("Cargo.toml").is_file() {
                let what = if doc.get("workspace").is_some_and(|w| w.is_table()) {
                    "workspace"
                } else {
                    "package"
                };
                // Where the root is, relative to the given directory (`../..`): the same
                // bytes on every machine.
                let up = canonical
                    .strip_prefix(&root)
                    .map_or(0, |rest| rest.components().count());
                let relative = vec![".."; up.max(1)].join("/");
                diagnostics.push(Diagnostic::note(
                    DiagnosticCode::Manifest,
                    "Cargo.toml",
                    1,
                    format!(
                        "{} holds no Cargo.toml: the {what} around it (`{relative}` from there) \
                         is analysed, as cargo would",
                        path.display()
                    ),
                ));
            }
            (root, vec![(manifest, doc)])
        }
        locate::Start::Folder(dir, found) => {
            let (roots, bad) = locate::roots_of(&found);
            for (m, problem) in bad {
                diagnostics.push(Diagnostic::warning(
                    DiagnosticCode::Manifest,
                    crate::model::path::relative_path(&dir, &m),
                    problem.line,
                    problem.column,
                    problem.message,
                ));
            }
            (dir, roots)
        }
    };
    let mut packages = Vec::new();
    let mut workspaces = 0;
    for (group, (manifest, doc)) in roots.iter().enumerate() {
        let Some(dir) = manifest.parent() else {
            continue;
        };
        if doc.get("workspace").is_some_and(|w| w.is_table()) {
            workspaces += 1;
        }
        let before = packages.len();
        read_root(&root, dir, doc, opts, &mut packages, &mut diagnostics);
        if roots.len() == 1 && packages.is_empty() && doc.get("package").is_some() {
            // The one manifest given is broken: that is the user's input, exit 2.
            if let Some(message) = manifest_error(&root, dir, doc, opts) {
                return Err(DiscoverError::BadManifest {
                    path: manifest.clone(),
                    message,
                });
            }
        }
        for p in &mut packages[before..] {
            p.group = group;
        }
    }
    packages.sort_by(|a, b| a.name.cmp(&b.name).then(a.dir.cmp(&b.dir)));
    packages.dedup_by(|a, b| a.dir == b.dir);
    if !opts.packages.is_empty() {
        let unknown: Vec<&String> = opts
            .packages
            .iter()
            .filter(|n| !packages.iter().any(|p| &p.name == *n))
            .collect();
        if !unknown.is_empty() {
            let known: Vec<&str> = packages.iter().map(|p| p.name.as_str()).collect();
            return Err(DiscoverError::UnknownPackage {
                names: unknown
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                known: known.join(", "),
            });
        }
        packages.retain(|p| opts.packages.contains(&p.name));
    }
    if packages.iter().all(|p| p.targets.is_empty()) {
        // The manifest problems are likely why: say them, since no report will.
        let why: String = diagnostics.iter().map(|d| format!("\n  {d}")).collect();
        return Err(DiscoverError::NoTargets(path.to_path_buf(), why));
    }
    link(&mut packages);
    ids::disambiguate(&root, &mut packages);
    diagnostics.sort();
    diagnostics.dedup();
    Ok(Workspace {
        root,
        packages,
        workspaces,
        diagnostics,
    })
}

/// The root the analysis of `path` would have (the enclosing workspace or package, or the
/// folder itself), without reading the packages; `None` when `path` is not analysable.
pub fn analysed_root(path: &Path) -> Option<PathBuf> {
    let canonical = path.canonicalize().ok()?;
    match locate::start(&canonical, path).ok()? {
        locate::Start::Manifest(m) => m.parent().map(Path::to_path_buf),
        locate::Start::Folder(dir, _) => Some(dir),
    }
}

/// Whether a manifest is a root: it has `[package]` or `[workspace]`.
fn is_root(doc: &toml::Table) -> bool {
    doc.get("package").is_some_and(|p| p.is_table())
        || doc.get("workspace").is_some_and(|w| w.is_table())
}

/// Reads the packages of one root manifest (in `dir`): its own package and its workspace
/// members, with a diagnostic for each manifest problem on the way.
fn read_root(
    root: &Path,
    dir: &Path,
    doc: &toml::Table,
    opts: &DiscoverOptions,
    packages: &mut Vec<Package>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let ctx = manifest::WorkspaceCtx::from_root(dir, doc);
    let rel = crate::model::path::relative_path(root, &dir.join("Cargo.toml"));
    diagnostics.extend(keys::unknown_keys(doc, dir, &rel));
    if doc.get("package").is_some_and(|p| p.is_table()) {
        match manifest::read_package(root, dir, doc, &ctx, opts) {
            Ok(p) => packages.push(p),
            Err(problem) => diagnostics.push(Diagnostic::warning(
                DiagnosticCode::Manifest,
                rel.clone(),
                problem.line(dir),
                0,
                problem.message,
            )),
        }
    }
    if doc.get("workspace").is_none_or(|w| !w.is_table()) {
        return;
    }
    for member in members::workspace_members(root, dir, doc, diagnostics) {
        let mpath = member.join("Cargo.toml");
        let rel = crate::model::path::relative_path(root, &mpath);
        let member_doc = match manifest::read_toml(&mpath) {
            Ok(d) => d,
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
        diagnostics.extend(keys::unknown_keys(&member_doc, &member, &rel));
        if member_doc.get("package").is_none() {
            continue;
        }
        match manifest::read_package(root, &member, &member_doc, &ctx, opts) {
            Ok(p) => packages.push(p),
            Err(problem) => diagnostics.push(Diagnostic::warning(
                DiagnosticCode::Manifest,
                rel,
                problem.line(&member),
                0,
                problem.message,
            )),
        }
    }
}

/// Why the root package of `doc` cannot be read, if it cannot.
fn manifest_error(
    root: &Path,
    dir: &Path,
    doc: &toml::Table,
    opts: &DiscoverOptions,
) -> Option<String> {
    let ctx = manifest::WorkspaceCtx::from_root(dir, doc);
    manifest::read_package(root, dir, doc, &ctx, opts)
        .err()
        .map(|problem| match problem.line(dir) {
            0 => problem.message,
            line => format!("line {line}: {}", problem.message),
        })
}

/// Links each package's dependencies to the analysed packages they name: a path dependency to
/// the package in that directory; otherwise the package of that name in the same root, else
/// the first of that name anywhere (a folder of published crates is analysed as one system).
fn link(packages: &mut [Package]) {
    let by_dir: BTreeMap<PathBuf, usize> = packages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.dir.clone(), i))
        .collect();
    let mut by_name: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, p) in packages.iter().enumerate() {
        by_name.entry(p.name.as_str()).or_default().push(i);
    }
    let links: Vec<BTreeMap<String, usize>> = packages
        .iter()
        .map(|p| {
            let mut links = BTreeMap::new();
            for (code_name, package) in &p.deps {
                let target = match p.dep_paths.get(code_name) {
                    Some(dir) => by_dir.get(dir).copied(),
                    None => by_name.get(package.as_str()).and_then(|c| {
                        c.iter()
                            .copied()
                            .find(|&i| packages[i].group == p.group)
                            .or_else(|| c.first().copied())
                    }),
                };
                if let Some(t) = target {
                    links.insert(code_name.clone(), t);
                }
            }
            links
        })
        .collect();
    for (p, l) in packages.iter_mut().zip(links) {
        p.links = l;
    }
}
