//! Which packages belong to one workspace, as cargo decides it: the `members` globs minus
//! `exclude`, plus every path dependency (of the root package and of each member, followed
//! transitively, in any dependency table) that lies inside the workspace root and is not
//! excluded. Also the directory filter every walk of the analysed tree shares.

use super::manifest::{self, WorkspaceCtx};
use crate::model::{Diagnostic, DiagnosticCode};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use toml::Table;

/// The dependency tables of a manifest, the target-specific ones included.
const DEP_TABLES: [&str; 5] = [
    "dependencies",
    "dev-dependencies",
    "dev_dependencies",
    "build-dependencies",
    "build_dependencies",
];

/// Whether a walk of the analysed tree should enter `dir`: not `target/`, not a hidden
/// directory (`.git` among them), not `node_modules`, not a cache (`CACHEDIR.TAG`), not a
/// vendored crate (`.cargo-checksum.json`).
pub fn enter_dir(dir: &Path) -> bool {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    !(name == "target"
        || name == "node_modules"
        || name.starts_with('.')
        || dir.join("CACHEDIR.TAG").is_file()
        || dir.join(".cargo-checksum.json").is_file())
}

/// The `[workspace]` member directories of the workspace rooted at `root` whose manifest is
/// `doc`: globs minus `exclude`, then path dependencies inside the root, to a fixed point.
/// `analysed` is the root of the whole run (paths are reported relative to it).
pub fn workspace_members(
    analysed: &Path,
    root: &Path,
    doc: &Table,
    diags: &mut Vec<Diagnostic>,
) -> Vec<PathBuf> {
    let Some(ws) = doc.get("workspace").and_then(|w| w.as_table()) else {
        return vec![];
    };
    let ctx = WorkspaceCtx::from_root(root, doc);
    let rel_manifest = crate::model::path::relative_path(analysed, &root.join("Cargo.toml"));
    let excludes = excludes(root, ws);
    let excluded = |dir: &Path| excludes.iter().any(|e| dir.starts_with(e));
    let mut members: BTreeSet<PathBuf> = BTreeSet::new();
    for pattern in strings(ws, "members") {
        let found = expand_glob(root, &pattern);
        if found.is_empty() {
            diags.push(Diagnostic::warning(
                DiagnosticCode::Manifest,
                rel_manifest.clone(),
                super::keys::line_of(root, "members"),
                0,
                format!("workspace member `{pattern}` matches no directory with a Cargo.toml"),
            ));
        }
        for dir in found {
            let dir = crate::model::path::normalize(&dir);
            if !dir.starts_with(analysed) {
                diags.push(Diagnostic::warning(
                    DiagnosticCode::PathOutsideRoot,
                    rel_manifest.clone(),
                    super::keys::line_of(root, "members"),
                    0,
                    format!("workspace member `{pattern}` is outside the analysed root; skipped"),
                ));
                continue;
            }
            if !excluded(&dir) {
                members.insert(dir);
            }
        }
    }
    // Path dependencies inside the root are members too, transitively.
    let mut queue: Vec<PathBuf> = members.iter().cloned().collect();
    if doc.get("package").is_some() {
        queue.push(root.to_path_buf());
    }
    let mut seen: BTreeSet<PathBuf> = queue.iter().cloned().collect();
    while let Some(dir) = queue.pop() {
        let member_doc = if dir == root {
            Some(doc.clone())
        } else {
            manifest::read_toml(&dir.join("Cargo.toml")).ok()
        };
        let Some(member_doc) = member_doc else {
            continue;
        };
        for dep in path_dep_dirs(&dir, &member_doc, &ctx) {
            if dep == root || !dep.starts_with(root) || excluded(&dep) || !seen.insert(dep.clone())
            {
                continue;
            }
            if dep.join("Cargo.toml").is_file() {
                members.insert(dep.clone());
                queue.push(dep);
            }
        }
    }
    members.remove(root);
    members.into_iter().collect()
}

/// The normalised `exclude` directories of a `[workspace]` table.
pub fn excludes(root: &Path, ws: &Table) -> Vec<PathBuf> {
    strings(ws, "exclude")
        .iter()
        .map(|e| crate::model::path::normalize(&root.join(e)))
        .collect()
}

/// The directories of every path dependency a manifest declares, in any dependency table
/// (`workspace = true` entries through the workspace's `[workspace.dependencies]`).
pub fn path_dep_dirs(dir: &Path, doc: &Table, ctx: &WorkspaceCtx) -> Vec<PathBuf> {
    let mut tables: Vec<&Table> = DEP_TABLES
        .iter()
        .filter_map(|k| doc.get(*k).and_then(|t| t.as_table()))
        .collect();
    if let Some(targets) = doc.get("target").and_then(|t| t.as_table()) {
        for spec in targets.values() {
            tables.extend(
                DEP_TABLES
                    .iter()
                    .filter_map(|k| spec.get(*k).and_then(|t| t.as_table())),
            );
        }
    }
    let mut out = Vec::new();
    for table in tables {
        for (key, value) in table {
            if let Some(path) = manifest::dep_path(dir, key, value, ctx) {
                out.push(path);
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

fn strings(table: &Table, key: &str) -> Vec<String> {
    table
        .get(key)
        .and_then(|v| v.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// Expands a cargo member pattern (`crates/*`, `tools/**`, plain paths) to directories that
/// hold a Cargo.toml.
fn expand_glob(root: &Path, pattern: &str) -> Vec<PathBuf> {
    if !pattern.contains(['*', '?', '[']) {
        let dir = root.join(pattern);
        return if dir.join("Cargo.toml").is_file() {
            vec![dir]
        } else {
            vec![]
        };
    }
    let Ok(glob) = globset::GlobBuilder::new(pattern.trim_end_matches('/'))
        .literal_separator(true)
        .build()
        .map(|g| g.compile_matcher())
    else {
        return vec![];
    };
    let depth = if pattern.contains("**") {
        8
    } else {
        pattern.split('/').count()
    };
    walkdir::WalkDir::new(root)
        .min_depth(1)
        .max_depth(depth)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !e.file_type().is_dir() || enter_dir(e.path()))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_dir())
        .filter(|e| {
            let rel = e.path().strip_prefix(root).unwrap_or(e.path());
            let rel = rel.to_string_lossy().replace('\\', "/");
            glob.is_match(rel.as_str()) && e.path().join("Cargo.toml").is_file()
        })
        .map(|e| e.path().to_path_buf())
        .collect()
}
