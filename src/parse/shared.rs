//! Files that a package's binary and its library both declare (`src/bin.rs` repeating the
//! `mod config;` lines of `src/lib.rs`), or that several binaries of a package without a library
//! declare: read once, as the library's modules (else as the first binary's, by name). The walk
//! drops the other binaries' jobs for them ([`read_once`]); once the tree is final, each dropped
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
    /// The module of that file that is read: the library's, or the first binary's by name.
    pub library_module: String,
    /// Line of the declaration.
    pub line: u32,
}

/// Splits one round of admitted jobs: a binary's job for a file that its package's library
/// declares in the same round (the same depth of both trees) is dropped and recorded; so is the
/// job of a binary for a file another binary of a package without a library declares in that
/// round, the file then read as the module of the binary first by name (qsv's `qsv`, `qsvdp`
/// and `qsvlite` are one program built three ways, from the same `src/cmd/` files).
pub(super) fn read_once(
    crates: &[CrateInfo],
    modules: &[TreeModule],
    ready: Vec<(Job, PathBuf)>,
) -> (Vec<(Job, PathBuf)>, Vec<SharedModule>) {
    let kind = |j: &Job| crates.get(j.krate).map(|k| k.kind.as_str());
    let package = |j: &Job| crates.get(j.krate).map(|k| k.package.as_str());
    let name = |j: &Job| crates.get(j.krate).map_or("", |k| k.name.as_str());
    // The job that reads each file of a package: the library's, else the binary's first by
    // name (the crate index breaks ties, so that the choice never depends on file order).
    let mut owner: HashMap<(&str, &Path), usize> = HashMap::new();
    for (i, (j, canon)) in ready.iter().enumerate() {
        let (Some(pkg), Some(k), Some(_)) = (package(j), kind(j), j.parent) else {
            continue;
        };
        if k != "lib" && k != "bin" {
            continue;
        }
        let rank = |x: &Job| (kind(x) != Some("lib"), name(x), x.krate);
        owner
            .entry((pkg, canon.as_path()))
            .and_modify(|o| {
                if rank(j) < rank(&ready[*o].0) {
                    *o = i;
                }
            })
            .or_insert(i);
    }
    let mut shared = Vec::new();
    let mut keep = vec![true; ready.len()];
    for (i, (job, canon)) in ready.iter().enumerate() {
        if kind(job) != Some("bin") {
            continue;
        }
        let (Some(pkg), Some(parent)) = (package(job), job.parent) else {
            continue;
        };
        let (Some(&o), Some(holder)) = (owner.get(&(pkg, canon.as_path())), modules.get(parent))
        else {
            continue;
        };
        if o == i || ready[o].0.krate == job.krate {
            continue;
        }
        keep[i] = false;
        shared.push(SharedModule {
            declared_in: holder.id.clone(),
            name: job.id.rsplit("::").next().unwrap_or_default().to_string(),
            library_module: ready[o].0.id.clone(),
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

/// How an import names the root of another binary of its package (`<bin>alpha`): no Rust
/// source can spell it, and the resolver puts it in the extern prelude of that package's
/// crates only.
pub(crate) const SIBLING_BINARY: &str = "<bin>";

/// A binary's `mod x;` of a file its library declares binds `x` to the library's module, as
/// if it read `use lib::x;`; of a file another binary reads, to that binary's module.
pub(super) fn import(tree: &mut ModuleTree) {
    let shared = std::mem::take(&mut tree.shared_modules);
    for s in &shared {
        let mut path: Vec<String> = s.library_module.split("::").map(str::to_string).collect();
        let owner_is_binary = tree
            .modules
            .iter()
            .find(|m| m.id == s.library_module)
            .and_then(|m| tree.crates.get(m.krate))
            .is_some_and(|c| c.kind == "bin");
        if owner_is_binary && let Some(first) = path.first_mut() {
            *first = format!("{SIBLING_BINARY}{first}");
        }
        let Some(m) = tree.modules.iter_mut().find(|m| m.id == s.declared_in) else {
            continue;
        };
        m.facts.imports.push(ImportFact {
            path,
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
