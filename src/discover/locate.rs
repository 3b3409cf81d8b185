//! Where the analysis starts, as cargo finds it: a `Cargo.toml` given directly, the one in the
//! directory, or the nearest one above it (a directory inside a package), then the enclosing
//! workspace above that manifest when it claims the package; or, for a directory with no
//! manifest in or above it that holds manifests below it, every manifest below it.

use super::members::{self, enter_dir};
use super::{DiscoverError, manifest};
use std::path::{Path, PathBuf};
use toml::Table;

/// How deep below a manifest-less directory manifests are looked for.
const SCAN_DEPTH: usize = 12;

/// A manifest's path and its parsed text.
pub type Manifest = (PathBuf, Table);

/// Where to start.
#[derive(Debug)]
pub enum Start {
    /// One root manifest (a package, a workspace, or both); the analysed root is its directory.
    Manifest(PathBuf),
    /// A directory holding several roots below it: the manifests found, sorted.
    Folder(PathBuf, Vec<PathBuf>),
}

/// Decides where to start from the user's path (canonical, existing).
pub fn start(path: &Path, given: &Path) -> Result<Start, DiscoverError> {
    if path.is_file() {
        return if path.file_name().is_some_and(|n| n == "Cargo.toml") {
            Ok(Start::Manifest(enclosing_workspace(path)))
        } else {
            Err(DiscoverError::NotACrate(given.to_path_buf()))
        };
    }
    let here = path.join("Cargo.toml");
    if here.is_file() {
        return Ok(Start::Manifest(enclosing_workspace(&here)));
    }
    let below = scan(path);
    let above = path
        .ancestors()
        .skip(1)
        .map(|d| d.join("Cargo.toml"))
        .find(|m| m.is_file());
    match above {
        // Inside a package (its `src/api/`, say): that package and its workspace, as cargo.
        Some(m) if below.is_empty() => Ok(Start::Manifest(enclosing_workspace(&m))),
        // A folder of a workspace (its `crates/`): the workspace, when it claims what is below.
        Some(m) => {
            let ws = enclosing_workspace(&m);
            let claimed = workspace_dirs(&ws);
            if below
                .iter()
                .any(|b| b.parent().is_some_and(|d| claimed.iter().any(|c| c == d)))
            {
                Ok(Start::Manifest(ws))
            } else {
                Ok(Start::Folder(path.to_path_buf(), below))
            }
        }
        None if below.is_empty() => Err(DiscoverError::NotACrate(given.to_path_buf())),
        None => Ok(Start::Folder(path.to_path_buf(), below)),
    }
}

/// The manifest of the workspace that `manifest` belongs to, as cargo finds it: the manifest
/// itself when it has `[workspace]`; `package.workspace` when set; else the nearest manifest
/// above with a `[workspace]` whose members include this package. Otherwise `manifest`.
pub fn enclosing_workspace(manifest: &Path) -> PathBuf {
    let own = manifest.to_path_buf();
    let Ok(doc) = manifest::read_toml(manifest) else {
        return own;
    };
    if doc.get("workspace").is_some_and(|w| w.is_table()) {
        return own;
    }
    let Some(dir) = manifest.parent() else {
        return own;
    };
    if let Some(ws) = doc
        .get("package")
        .and_then(|p| p.get("workspace"))
        .and_then(|w| w.as_str())
    {
        let candidate = crate::model::path::normalize(&dir.join(ws).join("Cargo.toml"));
        return if candidate.is_file() { candidate } else { own };
    }
    for ancestor in dir.ancestors().skip(1) {
        let candidate = ancestor.join("Cargo.toml");
        if !candidate.is_file() {
            continue;
        }
        let Ok(ws_doc) = manifest::read_toml(&candidate) else {
            continue;
        };
        if ws_doc.get("workspace").is_none_or(|w| !w.is_table()) {
            continue;
        }
        // Cargo stops at the first workspace above; a package it does not claim is its own root.
        let claimed = members::workspace_members(ancestor, ancestor, &ws_doc, &mut Vec::new());
        return if claimed.iter().any(|m| m == dir) {
            candidate
        } else {
            own
        };
    }
    own
}

/// The package directories a root manifest stands for: its own (when it has `[package]`) and
/// its workspace members.
fn workspace_dirs(manifest: &Path) -> Vec<PathBuf> {
    let Some(dir) = manifest.parent() else {
        return vec![];
    };
    let Ok(doc) = manifest::read_toml(manifest) else {
        return vec![];
    };
    let mut dirs = members::workspace_members(dir, dir, &doc, &mut Vec::new());
    if doc.get("package").is_some() {
        dirs.push(dir.to_path_buf());
    }
    dirs
}

/// Every `Cargo.toml` below `dir` (skipping what [`enter_dir`] skips), sorted.
pub fn scan(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .min_depth(1)
        .max_depth(SCAN_DEPTH)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !e.file_type().is_dir() || enter_dir(e.path()))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.file_name() == "Cargo.toml")
        .map(|e| e.path().to_path_buf())
        .collect();
    out.sort();
    out
}

/// The roots among manifests found below a folder: every workspace, and every package that no
/// found workspace claims as a member or excludes. Manifests that cannot be read are returned
/// apart with their error.
pub fn roots_of(found: &[PathBuf]) -> (Vec<Manifest>, Vec<(PathBuf, manifest::TomlProblem)>) {
    let mut docs = Vec::new();
    let mut bad = Vec::new();
    for m in found {
        match manifest::read_toml(m) {
            Ok(doc) => docs.push((m.clone(), doc)),
            Err(e) => bad.push((m.clone(), e)),
        }
    }
    let mut claimed: Vec<PathBuf> = Vec::new();
    let mut excluded: Vec<PathBuf> = Vec::new();
    for (m, doc) in &docs {
        let (Some(dir), Some(ws)) = (m.parent(), doc.get("workspace").and_then(|w| w.as_table()))
        else {
            continue;
        };
        claimed.extend(members::workspace_members(dir, dir, doc, &mut Vec::new()));
        excluded.extend(members::excludes(dir, ws));
    }
    let roots = docs
        .into_iter()
        .filter(|(m, doc)| {
            if doc.get("workspace").is_some_and(|w| w.is_table()) {
                return true;
            }
            let Some(dir) = m.parent() else {
                return false;
            };
            doc.get("package").is_some_and(|p| p.is_table())
                && !claimed.iter().any(|c| c == dir)
                && !excluded.iter().any(|e| dir.starts_with(e))
        })
        .collect();
    (roots, bad)
}
