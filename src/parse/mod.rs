//! Stage `parse`: reads and parses every module file once (in parallel, on large stacks),
//! follows `mod` declarations from each target's root exactly as rustc does (`x.rs`,
//! `x/mod.rs`, non-mod-rs nesting, `#[path]` on file and inline modules, modules declared
//! inside macro bodies), and summarises each file into span-free [`ir::FileFacts`].
//!
//! Takes a [`Workspace`]; returns a [`ModuleTree`]. Problems in the analysed code become
//! diagnostics; nothing here fails the run. No syn type leaves this stage.

pub mod cfg;
pub mod data_facts;
pub mod ir;
pub mod sql;

mod attr_paths;
mod body;
mod data_calls;
mod extract;
mod file;
mod finish;
#[cfg(test)]
mod fuzz;
mod macro_body;
mod macros;
mod migrations;
mod module_path;
mod names;
mod notes;
mod pos;
mod record;
mod scan;
mod shared;
pub mod target;

pub use names::ident_str;
pub(crate) use names::unraw_tail;
pub(crate) use shared::SIBLING_BINARY;
mod items;
pub(crate) mod type_paths;
mod types;
mod use_tree;
pub(crate) mod vocab;
mod walk;

use crate::discover::Workspace;
use crate::model::{CrateInfo, Diagnostic};
use ir::ModuleFacts;
use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

/// Stack size of parsing threads: deep but legal nesting must not overflow.
const STACK_BYTES: usize = 512 * 1024 * 1024;

/// Options of the parse stage.
#[derive(Clone, Debug, Default)]
pub struct ParseOptions {
    /// Worker threads (0: one per core).
    pub jobs: usize,
    /// Include `#[cfg(test)]` code.
    pub include_tests: bool,
    /// Files (relative paths) to leave out, with the modules below them.
    pub exclude: Option<globset::GlobSet>,
    /// Enabled features (`None`: all).
    pub features: Option<BTreeSet<String>>,
    /// Target triple (`None`: 64-bit Linux).
    pub target: Option<String>,
}

/// A module found by following the tree.
#[derive(Clone, Debug)]
pub struct TreeModule {
    /// Module id.
    pub id: String,
    /// Index into [`ModuleTree::crates`].
    pub krate: usize,
    /// File relative to the root.
    pub file: String,
    /// Parent module (index into [`ModuleTree::modules`]).
    pub parent: Option<usize>,
    /// The module's facts.
    pub facts: ModuleFacts,
    /// Where the facts come from: the canonical file and the module's index in it (the facts
    /// stay in the parse cache until the tree is final, so no pass copies them).
    origin: (PathBuf, usize),
}

/// The module tree of every target, with the parse figures.
#[derive(Clone, Debug, Default)]
pub struct ModuleTree {
    /// One per target, sorted by name.
    pub crates: Vec<CrateInfo>,
    /// Package directory of each crate (parallel to `crates`).
    pub crate_dirs: Vec<PathBuf>,
    /// Modules, sorted by id; ids are unique. What switched-off wrapper macros wrap is gone
    /// from their facts.
    pub modules: Vec<TreeModule>,
    /// Problems found.
    pub diagnostics: Vec<Diagnostic>,
    /// Distinct files parsed.
    pub files: usize,
    /// Lines in those files.
    pub lines: u64,
    /// Modules of a binary read as its library's (the same file declared by both).
    pub shared_modules: Vec<shared::SharedModule>,
}

/// A file module to load.
struct Job {
    krate: usize,
    parent: Option<usize>,
    /// Module id.
    id: String,
    /// Absolute path, not yet canonical.
    path: PathBuf,
    /// mod-rs files (crate roots, `mod.rs`, `#[path]` files) own their directory.
    owns_dir: bool,
    /// Where its `mod x;` files are looked for, when not by its own path: a file pasted in by
    /// `include!` declares its modules where its includer does, as rustc reads them.
    dir: Option<PathBuf>,
    /// Where it was declared (file, line), for diagnostics.
    declared_at: Option<(String, u32)>,
}

/// The most worker threads a pool gets: four per core. Each reserves a large stack and more
/// threads than cores only add scheduling (`-j 8000` took 20 s on a 54-module crate).
pub fn max_jobs() -> usize {
    4 * std::thread::available_parallelism().map_or(1, usize::from)
}

/// Builds a rayon pool with large stacks: `jobs` threads (0: one per core), at most
/// [`max_jobs`].
pub fn thread_pool(jobs: usize) -> rayon::ThreadPool {
    let builder = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.min(max_jobs()))
        .stack_size(STACK_BYTES);
    match builder.build() {
        Ok(pool) => pool,
        // Fall back to default settings rather than fail (e.g. a thread limit).
        Err(_) => rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .stack_size(STACK_BYTES)
            .build()
            .unwrap_or_else(|_| {
                rayon::ThreadPoolBuilder::new()
                    .build()
                    .expect("a rayon pool")
            }),
    }
}

/// Follows every target's module tree.
///
/// Two passes: the first follows every declaration and learns which `macro_rules!` wrappers
/// put a false `#[cfg]` on the items they wrap (tokio's `cfg_not_rt! { … }`); when there are
/// any, the second rebuilds the tree from the already parsed files without what those
/// wrappers switch off. No file is parsed twice. The tree comes back finished: sorted, with
/// unique module ids (see `finish.rs`).
pub fn build_tree(ws: &Workspace, opts: &ParseOptions, pool: &rayon::ThreadPool) -> ModuleTree {
    let mut cache = walk::Cache::new();
    let first = walk::walk(ws, opts, pool, &mut cache, &[]);
    let mut disabled: Vec<BTreeSet<String>> = vec![BTreeSet::new(); first.crates.len()];
    for m in &first.modules {
        let Some(facts) = cache
            .get(&m.origin.0)
            .and_then(|lf| lf.facts.modules.get(m.origin.1))
        else {
            continue;
        };
        for (name, enabled) in &facts.wrapper_macros {
            if !enabled {
                disabled[m.krate].insert(name.clone());
            }
        }
    }
    let mut tree = if disabled.iter().all(BTreeSet::is_empty) {
        first
    } else {
        walk::walk(ws, opts, pool, &mut cache, &disabled)
    };
    take_facts(&mut tree, cache);
    finish::finish(&mut tree, &disabled);
    shared::import(&mut tree);
    migrations::add_links(&mut tree);
    tree
}

/// Moves every module's facts out of the parse cache; a file included by several crates is
/// copied for all but its last use.
fn take_facts(tree: &mut ModuleTree, mut cache: walk::Cache) {
    let mut uses: HashMap<(PathBuf, usize), usize> = HashMap::new();
    for m in &tree.modules {
        *uses.entry(m.origin.clone()).or_default() += 1;
    }
    for m in &mut tree.modules {
        let Some(left) = uses.get_mut(&m.origin) else {
            continue;
        };
        *left -= 1;
        let Some(entry) = cache.get_mut(&m.origin.0) else {
            continue;
        };
        let last = *left == 0;
        m.facts = match (last, Arc::get_mut(entry)) {
            (true, Some(lf)) => lf
                .facts
                .modules
                .get_mut(m.origin.1)
                .map(std::mem::take)
                .unwrap_or_default(),
            _ => entry
                .facts
                .modules
                .get(m.origin.1)
                .cloned()
                .unwrap_or_default(),
        };
    }
}
