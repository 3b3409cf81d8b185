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

mod body;
mod data_calls;
mod extract;
mod file;
#[cfg(test)]
mod fuzz;
mod macros;
mod module_path;
mod names;
mod notes;
mod pos;
mod scan;
pub mod target;

pub use names::ident_str;
pub(crate) use names::unraw_tail;
mod use_tree;
mod vocab;

use crate::discover::Workspace;
use crate::model::path::{normalize, relative_path};
use crate::model::{CrateInfo, Diagnostic, DiagnosticCode};
use cfg::CfgEnv;
use ir::{ModTarget, ModuleFacts};
use module_path::{checked_path, unreadable};
use rayon::prelude::*;
use rustc_hash::FxHashSet;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
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
    /// One per target, in workspace order.
    pub crates: Vec<CrateInfo>,
    /// Package directory of each crate (parallel to `crates`).
    pub crate_dirs: Vec<PathBuf>,
    /// Modules, parents before children.
    pub modules: Vec<TreeModule>,
    /// Problems found.
    pub diagnostics: Vec<Diagnostic>,
    /// Distinct files parsed.
    pub files: usize,
    /// Lines in those files.
    pub lines: u64,
    /// Per crate: wrapper macros whose `#[cfg]` is off (what they wrap is not compiled).
    pub disabled_macros: Vec<BTreeSet<String>>,
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
/// wrappers switch off. No file is parsed twice.
pub fn build_tree(ws: &Workspace, opts: &ParseOptions, pool: &rayon::ThreadPool) -> ModuleTree {
    let mut cache: HashMap<PathBuf, Arc<file::LoadedFile>> = HashMap::new();
    let first = walk(ws, opts, pool, &mut cache, &[]);
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
        walk(ws, opts, pool, &mut cache, &disabled)
    };
    tree.disabled_macros = disabled;
    take_facts(&mut tree, cache);
    tree
}

/// Moves every module's facts out of the parse cache; a file included by several crates is
/// copied for all but its last use.
fn take_facts(tree: &mut ModuleTree, mut cache: HashMap<PathBuf, Arc<file::LoadedFile>>) {
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

fn walk(
    ws: &Workspace,
    opts: &ParseOptions,
    pool: &rayon::ThreadPool,
    cache: &mut HashMap<PathBuf, Arc<file::LoadedFile>>,
    disabled: &[BTreeSet<String>],
) -> ModuleTree {
    let cfg = CfgEnv {
        test: opts.include_tests,
        features: opts.features.clone(),
        target: opts
            .target
            .as_deref()
            .map(target::TargetCfg::from_triple)
            .unwrap_or_default(),
        off: ws
            .packages
            .iter()
            .flat_map(|p| p.rustflags_cfgs.iter().cloned())
            .collect(),
    };
    let is_off = |krate: usize, via: &[String]| -> bool {
        disabled
            .get(krate)
            .is_some_and(|d| via.iter().any(|v| d.contains(v)))
    };
    let root = ws.root.as_path();
    let mut tree = ModuleTree::default();
    let mut jobs = Vec::new();
    for (pkg, target) in ws.targets() {
        let krate = tree.crates.len();
        tree.crates.push(CrateInfo {
            name: target.crate_id.clone(),
            package: pkg.name.clone(),
            kind: target.kind.as_str().to_string(),
            root_file: relative_path(root, &target.root_file),
            edition: pkg.edition.clone(),
        });
        tree.crate_dirs.push(pkg.dir.clone());
        jobs.push(Job {
            krate,
            parent: None,
            id: target.crate_id.clone(),
            path: target.root_file.clone(),
            owns_dir: true,
            declared_at: None,
        });
    }
    // Unknown cfg names and where code under them was kept.
    let mut unknown_cfgs: BTreeMap<String, BTreeSet<(String, u32)>> = BTreeMap::new();
    // Files referenced anywhere (parsed or switched off by cfg), for orphan detection.
    let mut referenced: FxHashSet<PathBuf> = FxHashSet::default();
    let mut used_files: FxHashSet<PathBuf> = FxHashSet::default();
    // Directories of modules switched off by cfg: their files are not orphans either.
    let mut referenced_dirs: BTreeSet<PathBuf> = BTreeSet::new();

    while !jobs.is_empty() {
        // Check each job's path and decide what to parse.
        let mut ready: Vec<(Job, PathBuf)> = Vec::new();
        for job in jobs.drain(..) {
            match checked_path(root, &job, &mut tree.diagnostics) {
                Some(canon) => {
                    let rel = relative_path(root, &canon);
                    if opts.exclude.as_ref().is_some_and(|g| g.is_match(&rel)) {
                        continue;
                    }
                    // One file may be two modules (rustls: `#[path = "../ring/hash.rs"]`);
                    // only a file that includes itself through its own ancestors loops.
                    let mut ancestor = job.parent;
                    let mut loops = false;
                    while let Some(a) = ancestor {
                        if tree.modules[a].origin.0 == canon {
                            loops = true;
                            break;
                        }
                        ancestor = tree.modules[a].parent;
                    }
                    if loops {
                        let (file, line) = job.declared_at.clone().unwrap_or_default();
                        tree.diagnostics.push(Diagnostic::warning(
                            DiagnosticCode::DuplicateModule,
                            file,
                            line,
                            0,
                            format!("module `{}` names {rel}, a file that contains this declaration: a module loop; skipped", job.id),
                        ));
                        continue;
                    }
                    referenced.insert(canon.clone());
                    ready.push((job, canon));
                }
                None => continue,
            }
        }
        let to_parse: Vec<(PathBuf, usize)> = {
            let mut unique: BTreeMap<PathBuf, usize> = BTreeMap::new();
            for (job, canon) in &ready {
                if !cache.contains_key(canon) {
                    unique.entry(canon.clone()).or_insert(job.krate);
                }
            }
            unique.into_iter().collect()
        };
        let crate_dirs = &tree.crate_dirs;
        let loaded: Vec<(PathBuf, file::LoadedFile)> = pool.install(|| {
            to_parse
                .par_iter()
                .map(|(canon, krate)| {
                    let rel = relative_path(root, canon);
                    let ctx = extract::FileCtx {
                        cfg: &cfg,
                        crate_dir: crate_dirs.get(*krate).map(PathBuf::as_path).unwrap_or(root),
                        root,
                        rel: &rel,
                        may_hold_data: true,
                    };
                    (canon.clone(), file::load(canon, &ctx))
                })
                .collect()
        });
        for (canon, lf) in loaded {
            cache.insert(canon, Arc::new(lf));
        }
        for (job, canon) in ready {
            let Some(lf) = cache.get(&canon).cloned() else {
                continue;
            };
            if lf.facts.cfg_off {
                // `#![cfg(…)]` at the top of the file is false: no module here.
                continue;
            }
            let rel = relative_path(root, &canon);
            if used_files.insert(canon.clone()) {
                tree.files += 1;
                tree.lines += u64::from(lf.lines);
                tree.diagnostics
                    .extend(lf.facts.diagnostics.iter().cloned());
                for (name, line) in lf.facts.modules.iter().flat_map(|m| &m.unknown_cfgs) {
                    unknown_cfgs
                        .entry(name.clone())
                        .or_default()
                        .insert((rel.clone(), *line));
                }
            }
            let file_dir = canon
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_else(|| root.to_path_buf());
            // Directory in which each module of this file looks for its children.
            let mut child_dirs: Vec<PathBuf> = Vec::with_capacity(lf.facts.modules.len());
            // Tree index of each module of this file.
            let mut indices: Vec<Option<usize>> = Vec::with_capacity(lf.facts.modules.len());
            for (i, facts) in lf.facts.modules.iter().enumerate() {
                let (id, parent, dir) = if i == 0 {
                    let dir = if job.owns_dir {
                        file_dir.clone()
                    } else {
                        let stem = canon
                            .file_stem()
                            .map(|s| s.to_os_string())
                            .unwrap_or_default();
                        file_dir.join(stem)
                    };
                    (job.id.clone(), job.parent, dir)
                } else {
                    let p = facts.parent.unwrap_or(0).min(i - 1);
                    let decl = lf.facts.modules[p].mod_decls.iter().find(
                        |d| matches!(&d.target, ModTarget::Inline { index, .. } if *index == i),
                    );
                    let parent_idx = match indices[p] {
                        Some(idx) if !decl.is_some_and(|d| is_off(job.krate, &d.via)) => idx,
                        // Switched off by a wrapper macro, or inside a module that is.
                        _ => {
                            indices.push(None);
                            child_dirs.push(PathBuf::new());
                            continue;
                        }
                    };
                    let parent_id = &tree.modules[parent_idx].id;
                    let path_attr = decl.and_then(|d| match &d.target {
                        ModTarget::Inline { path_attr, .. } => path_attr.clone(),
                        ModTarget::File { .. } => None,
                    });
                    let dir = child_dirs[p].join(path_attr.unwrap_or_else(|| facts.name.clone()));
                    (
                        format!("{parent_id}::{}", facts.name),
                        Some(parent_idx),
                        dir,
                    )
                };
                indices.push(Some(tree.modules.len()));
                child_dirs.push(dir);
                tree.modules.push(TreeModule {
                    id,
                    krate: job.krate,
                    file: rel.clone(),
                    parent,
                    facts: ModuleFacts::default(),
                    origin: (canon.clone(), i),
                });
            }
            for (i, facts) in lf.facts.modules.iter().enumerate() {
                let Some(module_idx) = indices[i] else {
                    continue;
                };
                for decl in facts.mod_decls.iter().chain(facts.cfg_off_mods.iter()) {
                    let ModTarget::File { path_attr } = &decl.target else {
                        continue;
                    };
                    let active = facts.mod_decls.iter().any(|d| std::ptr::eq(d, decl))
                        && !is_off(job.krate, &decl.via);
                    let base_for_path = if i == 0 { &file_dir } else { &child_dirs[i] };
                    let candidates: Vec<(PathBuf, bool)> = match path_attr {
                        Some(p) => vec![(base_for_path.join(p), true)],
                        None => vec![
                            (child_dirs[i].join(format!("{}.rs", decl.name)), false),
                            (child_dirs[i].join(&decl.name).join("mod.rs"), true),
                        ],
                    };
                    if !active {
                        // The module is switched off: neither its file nor anything below its
                        // directory is an orphan.
                        for (c, _) in &candidates {
                            let file = normalize(c);
                            let dir = if file.file_name().is_some_and(|n| n == "mod.rs") {
                                file.parent().map(Path::to_path_buf)
                            } else {
                                Some(file.with_extension(""))
                            };
                            referenced_dirs.extend(dir);
                            referenced.insert(file);
                        }
                        continue;
                    }
                    let found = candidates
                        .iter()
                        // A symlink counts as present even when it cannot be followed, so
                        // that a loop is reported as a loop, not as a missing file.
                        .find(|(c, _)| {
                            c.is_file()
                                || c.symlink_metadata()
                                    .is_ok_and(|m| m.file_type().is_symlink())
                        })
                        .or(if path_attr.is_some() {
                            candidates.first()
                        } else {
                            None
                        });
                    let id = format!("{}::{}", tree.modules[module_idx].id, decl.name);
                    match found {
                        Some((path, owns_dir)) => jobs.push(Job {
                            krate: job.krate,
                            parent: Some(module_idx),
                            id,
                            path: path.clone(),
                            owns_dir: *owns_dir,
                            declared_at: Some((rel.clone(), decl.line)),
                        }),
                        None => {
                            let names: Vec<String> = candidates
                                .iter()
                                .map(|(c, _)| relative_path(root, c))
                                .collect();
                            // A directory that cannot be read is no missing file.
                            if let Some((c, e)) = candidates.iter().find_map(|(c, _)| {
                                unreadable(c).map(|e| (relative_path(root, c), e))
                            }) {
                                tree.diagnostics.push(Diagnostic::warning(
                                    DiagnosticCode::UnreadableFile,
                                    rel.clone(),
                                    decl.line,
                                    0,
                                    format!("cannot read {c} for module `{}`: {e}", decl.name),
                                ));
                                continue;
                            }
                            tree.diagnostics.push(Diagnostic::warning(
                                DiagnosticCode::MissingModuleFile,
                                rel.clone(),
                                decl.line,
                                0,
                                format!(
                                    "file not found for module `{}`: expected {}",
                                    decl.name,
                                    names.join(" or ")
                                ),
                            ));
                        }
                    }
                }
            }
        }
    }
    notes::report_orphans(
        ws,
        &referenced,
        &referenced_dirs,
        &mut tree.diagnostics,
        opts,
    );
    tree.diagnostics
        .extend(notes::unknown_cfg_notes(unknown_cfgs));
    tree.diagnostics.sort();
    tree.diagnostics.dedup();
    tree
}
