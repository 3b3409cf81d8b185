//! Files that a package's binary and its library both declare (`src/bin.rs` repeating the
//! `mod config;` lines of `src/lib.rs`): read once, as the library's modules. The walk drops
//! the binary's jobs for them ([`read_once`]); once the tree is final, each dropped
//! declaration becomes an import of the library's module in the binary ([`import`]), so the
//! binary's `config::Opts` still resolves.

use super::ir::{ImportBinding, ImportFact};
use super::{Job, ModuleTree, TreeModule};
use crate::model::CrateInfo;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A `mod x;` of a binary naming a file its package's library already declares as a module
/// (`src/bin.rs` repeating `mod config;` of `src/lib.rs`): the file is read once, as the
/// library's module, and the binary's declaration becomes an import of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SharedModule {
    /// Id of the binary's module holding the declaration.
    pub declared_in: String,
    /// Declared name.
    pub name: String,
    /// The library's module of that file.
    pub library_module: String,
    /// Line of the declaration.
    pub line: u32,
}

/// Splits one round of admitted jobs: a binary's job for a file that its package's library
/// declares in the same round (the same depth of both trees) is dropped and recorded.
pub(super) fn read_once(
    crates: &[CrateInfo],
    modules: &[TreeModule],
    ready: Vec<(Job, PathBuf)>,
) -> (Vec<(Job, PathBuf)>, Vec<SharedModule>) {
    let kind = |j: &Job| crates.get(j.krate).map(|k| k.kind.as_str());
    let package = |j: &Job| crates.get(j.krate).map(|k| k.package.as_str());
    let library: HashMap<(&str, &Path), &str> = ready
        .iter()
        .filter(|(j, _)| kind(j) == Some("lib") && j.parent.is_some())
        .filter_map(|(j, canon)| Some(((package(j)?, canon.as_path()), j.id.as_str())))
        .collect();
    let mut shared = Vec::new();
    let mut keep = vec![true; ready.len()];
    for (i, (job, canon)) in ready.iter().enumerate() {
        if kind(job) != Some("bin") {
            continue;
        }
        let (Some(pkg), Some(parent)) = (package(job), job.parent) else {
            continue;
        };
        let (Some(lib), Some(holder)) = (library.get(&(pkg, canon.as_path())), modules.get(parent))
        else {
            continue;
        };
        keep[i] = false;
        shared.push(SharedModule {
            declared_in: holder.id.clone(),
            name: job.id.rsplit("::").next().unwrap_or_default().to_string(),
            library_module: (*lib).to_string(),
            line: job.declared_at.as_ref().map_or(0, |d| d.1),
        });
    }
    let ready = ready
        .into_iter()
        .zip(keep)
        .filter_map(|(r, k)| k.then_some(r))
        .collect();
    (ready, shared)
}

/// A binary's `mod x;` of a file its library declares binds `x` to the library's module, as
/// if it read `use lib::x;`.
pub(super) fn import(tree: &mut ModuleTree) {
    let shared = std::mem::take(&mut tree.shared_modules);
    for s in &shared {
        let Some(m) = tree.modules.iter_mut().find(|m| m.id == s.declared_in) else {
            continue;
        };
        m.facts.imports.push(ImportFact {
            path: s.library_module.split("::").map(str::to_string).collect(),
            leading_colon: false,
            binding: ImportBinding::Name(s.name.clone()),
            is_pub: false,
            line: s.line,
            column: 0,
            via: Vec::new(),
        });
    }
    tree.shared_modules = shared;
}
