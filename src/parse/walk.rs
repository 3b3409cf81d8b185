//! The tree walk: from each target's root file along `mod` declarations, the way rustc finds
//! module files, parsing each new file once (in parallel, round by round) and placing its
//! modules in the [`ModuleTree`].
//!
//! Each round: admit the queued files (path checks, exclusion, module loops), parse the ones
//! not yet in the cache, then for each admitted file count it, place its modules and queue the
//! files its active `mod` declarations name. Files of switched-off modules are remembered so
//! that they are not reported as orphans.

use super::cfg::CfgEnv;
use super::ir::{ModDecl, ModTarget, ModuleFacts};
use super::module_path::{checked_path, unreadable};
use super::{Job, ModuleTree, ParseOptions, TreeModule, extract, file, notes, shared, target};
use crate::discover::Workspace;
use crate::model::path::{normalize, relative_path};
use crate::model::{CrateInfo, Diagnostic, DiagnosticCode};
use rayon::prelude::*;
use rustc_hash::FxHashSet;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Parsed files by canonical path, kept across both passes of `build_tree`.
pub(super) type Cache = HashMap<PathBuf, Arc<file::LoadedFile>>;

/// Walks every target's module tree; `disabled` lists, per crate, the wrapper macros whose
/// items are switched off (empty on the first pass).
pub(super) fn walk(
    ws: &Workspace,
    opts: &ParseOptions,
    pool: &rayon::ThreadPool,
    cache: &mut Cache,
    disabled: &[BTreeSet<String>],
) -> ModuleTree {
    let mut walk = Walk::new(ws, opts, disabled);
    let mut jobs = walk.root_jobs();
    // Modules a project macro declares are read once every file that could define the macro
    // has been, and then their own children.
    while !jobs.is_empty() {
        while !jobs.is_empty() {
            let ready = walk.admit(std::mem::take(&mut jobs));
            walk.parse_new(&ready, pool, cache);
            for (job, canon) in ready {
                let Some(lf) = cache.get(&canon).cloned() else {
                    continue;
                };
                if lf.facts.cfg_off {
                    // `#![cfg(…)]` at the top of the file is false: no module here.
                    continue;
                }
                let rel = relative_path(walk.root, &canon);
                walk.count_file(&canon, &rel, &lf);
                walk.embedded_dirs(&job, &lf);
                let placed = walk.place_modules(&job, &canon, &lf);
                walk.queue_children(&job, &rel, &lf, &placed, &mut jobs);
            }
        }
        jobs = walk.macro_declared_jobs();
    }
    walk.finish()
}

/// The state of one walk.
struct Walk<'a> {
    ws: &'a Workspace,
    opts: &'a ParseOptions,
    root: &'a Path,
    cfg: CfgEnv,
    disabled: &'a [BTreeSet<String>],
    tree: ModuleTree,
    /// Unknown cfg names and where code under them was kept.
    unknown_cfgs: BTreeMap<String, BTreeSet<(String, u32)>>,
    /// Files referenced anywhere (parsed or switched off by cfg), for orphan detection.
    referenced: FxHashSet<PathBuf>,
    /// Files already counted.
    used_files: FxHashSet<PathBuf>,
    /// Directories of modules switched off by cfg: their files are not orphans either.
    referenced_dirs: BTreeSet<PathBuf>,
    /// Names of the `macro_rules!` of the project that declare modules from their arguments.
    module_macros: BTreeSet<String>,
    /// Invocations that may declare modules, waiting for the walk to know the macros.
    macro_calls: Vec<MacroCall>,
}

/// An item-position invocation of a macro that may declare modules named by its arguments.
struct MacroCall {
    krate: usize,
    /// The invoking module (tree index), and the directory its children's files are in.
    module: usize,
    dir: PathBuf,
    /// The invoking file and line.
    rel: String,
    line: u32,
    name: String,
    idents: Vec<String>,
}

/// Where the modules of one file went.
struct Placed {
    /// The file's directory.
    file_dir: PathBuf,
    /// Directory in which each module of the file looks for its children.
    child_dirs: Vec<PathBuf>,
    /// Tree index of each module of the file; `None` when switched off.
    indices: Vec<Option<usize>>,
}

impl<'a> Walk<'a> {
    fn new(ws: &'a Workspace, opts: &'a ParseOptions, disabled: &'a [BTreeSet<String>]) -> Self {
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
        Walk {
            ws,
            opts,
            root: ws.root.as_path(),
            cfg,
            disabled,
            tree: ModuleTree::default(),
            unknown_cfgs: BTreeMap::new(),
            referenced: FxHashSet::default(),
            used_files: FxHashSet::default(),
            referenced_dirs: BTreeSet::new(),
            module_macros: BTreeSet::new(),
            macro_calls: Vec::new(),
        }
    }

    /// True when a module reached through the wrapper macros `via` is switched off.
    fn is_off(&self, krate: usize, via: &[String]) -> bool {
        self.disabled
            .get(krate)
            .is_some_and(|d| via.iter().any(|v| d.contains(v)))
    }

    /// One crate per target, and the job of its root file.
    fn root_jobs(&mut self) -> Vec<Job> {
        let mut jobs = Vec::new();
        for (pkg, target) in self.ws.targets() {
            let krate = self.tree.crates.len();
            self.tree.crates.push(CrateInfo {
                name: target.crate_id.clone(),
                package: pkg.name.clone(),
                kind: target.kind.as_str().to_string(),
                root_file: relative_path(self.root, &target.root_file),
                edition: pkg.edition.clone(),
            });
            self.tree.crate_dirs.push(pkg.dir.clone());
            jobs.push(Job {
                krate,
                parent: None,
                id: target.crate_id.clone(),
                path: target.root_file.clone(),
                owns_dir: true,
                dir: None,
                declared_at: None,
            });
        }
        jobs
    }

    /// Checks each job's path and decides what to parse: not excluded, and not a file that
    /// includes itself through its own ancestors.
    fn admit(&mut self, jobs: Vec<Job>) -> Vec<(Job, PathBuf)> {
        let root = self.root;
        let mut ready = Vec::new();
        for job in jobs {
            let Some(canon) = checked_path(root, &job, &mut self.tree.diagnostics) else {
                continue;
            };
            let rel = relative_path(root, &canon);
            if self.opts.exclude.as_ref().is_some_and(|g| g.is_match(&rel)) {
                continue;
            }
            // One file may be two modules (rustls: `#[path = "../ring/hash.rs"]`); only a
            // file that includes itself through its own ancestors loops.
            let mut ancestor = job.parent;
            let mut loops = false;
            while let Some(a) = ancestor {
                if self.tree.modules[a].origin.0 == canon {
                    loops = true;
                    break;
                }
                ancestor = self.tree.modules[a].parent;
            }
            if loops {
                let (file, line) = job.declared_at.clone().unwrap_or_default();
                self.tree.diagnostics.push(Diagnostic::warning(
                    DiagnosticCode::DuplicateModule,
                    file,
                    line,
                    0,
                    format!("module `{}` names {rel}, a file that contains this declaration: a module loop; skipped", job.id),
                ));
                continue;
            }
            self.referenced.insert(canon.clone());
            ready.push((job, canon));
        }
        let (ready, shared) = shared::read_once(&self.tree.crates, &self.tree.modules, ready);
        self.tree.shared_modules.extend(shared);
        ready
    }

    /// Parses, in parallel, the admitted files not in the cache yet.
    fn parse_new(&self, ready: &[(Job, PathBuf)], pool: &rayon::ThreadPool, cache: &mut Cache) {
        let to_parse: Vec<(PathBuf, usize)> = {
            let mut unique: BTreeMap<PathBuf, usize> = BTreeMap::new();
            for (job, canon) in ready {
                if !cache.contains_key(canon) {
                    unique.entry(canon.clone()).or_insert(job.krate);
                }
            }
            unique.into_iter().collect()
        };
        let (root, cfg, crate_dirs) = (self.root, &self.cfg, &self.tree.crate_dirs);
        let loaded: Vec<(PathBuf, file::LoadedFile)> = pool.install(|| {
            to_parse
                .par_iter()
                .map(|(canon, krate)| {
                    let rel = relative_path(root, canon);
                    let ctx = extract::FileCtx {
                        cfg,
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
    }

    /// Counts a file once: its lines, its diagnostics and the unknown cfgs it keeps code under.
    fn count_file(&mut self, canon: &Path, rel: &str, lf: &file::LoadedFile) {
        if !self.used_files.insert(canon.to_path_buf()) {
            return;
        }
        self.tree.files += 1;
        self.tree.lines += u64::from(lf.lines);
        self.tree
            .diagnostics
            .extend(lf.facts.diagnostics.iter().cloned());
        for (name, line) in lf.facts.modules.iter().flat_map(|m| &m.unknown_cfgs) {
            self.unknown_cfgs
                .entry(name.clone())
                .or_default()
                .insert((rel.to_string(), *line));
        }
    }

    /// The folders of migrations a macro of the file embeds are part of the crate: no orphans
    /// below them.
    fn embedded_dirs(&mut self, job: &Job, lf: &file::LoadedFile) {
        let Some(crate_dir) = self.tree.crate_dirs.get(job.krate) else {
            return;
        };
        for dir in lf.facts.modules.iter().flat_map(|m| &m.embedded_dirs) {
            let dir = normalize(&crate_dir.join(dir));
            if dir.starts_with(self.root) {
                self.referenced_dirs.insert(dir);
            }
        }
    }

    /// Adds the modules of one file to the tree: the file's own module, then its inline
    /// modules under their parents (none under a module a wrapper macro switches off).
    fn place_modules(&mut self, job: &Job, canon: &Path, lf: &file::LoadedFile) -> Placed {
        let rel = relative_path(self.root, canon);
        let file_dir = canon
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| self.root.to_path_buf());
        let mut child_dirs: Vec<PathBuf> = Vec::with_capacity(lf.facts.modules.len());
        let mut indices: Vec<Option<usize>> = Vec::with_capacity(lf.facts.modules.len());
        for (i, facts) in lf.facts.modules.iter().enumerate() {
            let (id, parent, dir) = if i == 0 {
                let dir = if let Some(dir) = &job.dir {
                    dir.clone()
                } else if job.owns_dir {
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
                let decl = lf.facts.modules[p]
                    .mod_decls
                    .iter()
                    .find(|d| matches!(&d.target, ModTarget::Inline { index, .. } if *index == i));
                let parent_idx = match indices[p] {
                    Some(idx) if !decl.is_some_and(|d| self.is_off(job.krate, &d.via)) => idx,
                    // Switched off by a wrapper macro, or inside a module that is.
                    _ => {
                        indices.push(None);
                        child_dirs.push(PathBuf::new());
                        continue;
                    }
                };
                let parent_id = &self.tree.modules[parent_idx].id;
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
            indices.push(Some(self.tree.modules.len()));
            child_dirs.push(dir);
            self.tree.modules.push(TreeModule {
                id,
                krate: job.krate,
                file: rel.clone(),
                parent,
                facts: ModuleFacts::default(),
                origin: (canon.to_path_buf(), i),
            });
        }
        Placed {
            file_dir,
            child_dirs,
            indices,
        }
    }

    /// Queues the file of every active `mod x;` of the placed modules; remembers the files of
    /// switched-off ones; reports a file that is missing or unreadable.
    fn queue_children(
        &mut self,
        job: &Job,
        rel: &str,
        lf: &file::LoadedFile,
        placed: &Placed,
        jobs: &mut Vec<Job>,
    ) {
        for (i, facts) in lf.facts.modules.iter().enumerate() {
            let Some(module_idx) = placed.indices[i] else {
                continue;
            };
            for decl in facts.mod_decls.iter().chain(facts.cfg_off_mods.iter()) {
                let ModTarget::File { path_attr } = &decl.target else {
                    continue;
                };
                let active = facts.mod_decls.iter().any(|d| std::ptr::eq(d, decl))
                    && !self.is_off(job.krate, &decl.via);
                let base_for_path = if i == 0 {
                    &placed.file_dir
                } else {
                    &placed.child_dirs[i]
                };
                let candidates: Vec<(PathBuf, bool)> = match path_attr {
                    Some(p) => vec![(base_for_path.join(p), true)],
                    None => vec![
                        (
                            placed.child_dirs[i].join(format!("{}.rs", decl.name)),
                            false,
                        ),
                        (placed.child_dirs[i].join(&decl.name).join("mod.rs"), true),
                    ],
                };
                if !active {
                    self.switched_off(&candidates);
                    continue;
                }
                let found = candidates
                    .iter()
                    // A symlink counts as present even when it cannot be followed, so that a
                    // loop is reported as a loop, not as a missing file.
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
                let id = format!("{}::{}", self.tree.modules[module_idx].id, decl.name);
                match found {
                    Some((path, owns_dir)) => jobs.push(Job {
                        krate: job.krate,
                        parent: Some(module_idx),
                        id,
                        path: path.clone(),
                        owns_dir: *owns_dir,
                        dir: None,
                        declared_at: Some((rel.to_string(), decl.line)),
                    }),
                    None => self.report_missing(rel, decl, &candidates),
                }
            }
            self.module_macros
                .extend(facts.module_macros.iter().cloned());
            for (name, line, idents) in &facts.macro_idents {
                self.macro_calls.push(MacroCall {
                    krate: job.krate,
                    module: module_idx,
                    dir: placed.child_dirs[i].clone(),
                    rel: rel.to_string(),
                    line: *line,
                    name: name.clone(),
                    idents: idents.clone(),
                });
            }
            // Rust source pasted in by `include!("x.rs")` (procs's `columns/os_linux.rs`): read
            // as a module of its own named after the file, whose public items its includer
            // re-exports (`extract` adds the `pub use self::x::*;`), and whose `mod` lines
            // resolve where the includer's do. Its facts keep their own file and lines.
            for (path, line) in &facts.includes {
                let Some(name) = super::ir::included_module_name(path) else {
                    self.referenced
                        .insert(normalize(&placed.file_dir.join(path)));
                    self.tree.diagnostics.push(Diagnostic::note(
                        DiagnosticCode::UnfollowedInclude,
                        rel,
                        *line,
                        format!(
                            "`include!(\"{path}\")` is not followed: the file's name is no \
                             module name, so its items and `mod` declarations are not analysed"
                        ),
                    ));
                    continue;
                };
                jobs.push(Job {
                    krate: job.krate,
                    parent: Some(module_idx),
                    id: format!("{}::{name}", self.tree.modules[module_idx].id),
                    path: placed.file_dir.join(path),
                    owns_dir: true,
                    dir: Some(placed.child_dirs[i].clone()),
                    declared_at: Some((rel.to_string(), *line)),
                });
            }
        }
    }

    /// The modules declared by project macros whose `macro_rules!` says `mod $x;`
    /// (aichat's `register_client!((openai, …), (claude, …))`): each argument identifier
    /// naming a file beside the invoking module that no `mod` reached (`client/openai.rs`, or
    /// `client/openai/mod.rs`) is that module. The identifiers that name no file are other
    /// arguments (types, literals' neighbours), and a file a `mod` reached is left alone.
    fn macro_declared_jobs(&mut self) -> Vec<Job> {
        let mut jobs = Vec::new();
        let mut taken: BTreeSet<String> = self.tree.modules.iter().map(|m| m.id.clone()).collect();
        for call in std::mem::take(&mut self.macro_calls) {
            if !self.module_macros.contains(&call.name) {
                continue;
            }
            for ident in &call.idents {
                let id = format!("{}::{ident}", self.tree.modules[call.module].id);
                let candidates = [
                    (call.dir.join(format!("{ident}.rs")), false),
                    (call.dir.join(ident).join("mod.rs"), true),
                ];
                let Some((path, owns_dir)) = candidates
                    .into_iter()
                    .find(|(c, _)| c.is_file() && !self.referenced.contains(&normalize(c)))
                else {
                    continue;
                };
                if !taken.insert(id.clone()) {
                    continue;
                }
                jobs.push(Job {
                    krate: call.krate,
                    parent: Some(call.module),
                    id,
                    path,
                    owns_dir,
                    dir: None,
                    declared_at: Some((call.rel.clone(), call.line)),
                });
            }
        }
        jobs
    }

    /// The module is switched off: neither its file nor anything below its directory is an
    /// orphan.
    fn switched_off(&mut self, candidates: &[(PathBuf, bool)]) {
        for (c, _) in candidates {
            let file = normalize(c);
            let dir = if file.file_name().is_some_and(|n| n == "mod.rs") {
                file.parent().map(Path::to_path_buf)
            } else {
                Some(file.with_extension(""))
            };
            self.referenced_dirs.extend(dir);
            self.referenced.insert(file);
        }
    }

    /// A `mod x;` whose file is missing, or whose candidate cannot be read.
    fn report_missing(&mut self, rel: &str, decl: &ModDecl, candidates: &[(PathBuf, bool)]) {
        let root = self.root;
        let names: Vec<String> = candidates
            .iter()
            .map(|(c, _)| relative_path(root, c))
            .collect();
        // A directory that cannot be read is no missing file.
        if let Some((c, e)) = candidates
            .iter()
            .find_map(|(c, _)| unreadable(c).map(|e| (relative_path(root, c), e)))
        {
            self.tree.diagnostics.push(Diagnostic::warning(
                DiagnosticCode::UnreadableFile,
                rel.to_string(),
                decl.line,
                0,
                format!("cannot read {c} for module `{}`: {e}", decl.name),
            ));
            return;
        }
        self.tree.diagnostics.push(Diagnostic::warning(
            DiagnosticCode::MissingModuleFile,
            rel.to_string(),
            decl.line,
            0,
            format!(
                "file not found for module `{}`: expected {}",
                decl.name,
                names.join(" or ")
            ),
        ));
    }

    /// The orphan files and unknown-cfg notes, diagnostics sorted: the finished tree.
    fn finish(mut self) -> ModuleTree {
        notes::report_orphans(
            self.ws,
            &self.referenced,
            &self.referenced_dirs,
            &mut self.tree.diagnostics,
            self.opts,
        );
        self.tree
            .diagnostics
            .extend(notes::unknown_cfg_notes(self.unknown_cfgs));
        self.tree.diagnostics.sort();
        self.tree.diagnostics.dedup();
        self.tree
    }
}

#[cfg(test)]
mod tests;
