//! Diagnostics about the module tree as a whole rather than one file: `.rs` files that no
//! `mod` reaches, and the cfg names whose code was kept because nothing we read sets them.

use super::ParseOptions;
use super::extract::Extractor;
use super::pos::line_of;
use crate::discover::Workspace;
use crate::model::path::{normalize, relative_path};
use crate::model::{Diagnostic, DiagnosticCode};
use rustc_hash::FxHashSet;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

/// How many places an unknown-cfg note lists before it counts the rest.
const MAX_CFG_PLACES: usize = 5;

/// One note per unknown cfg name, at its first place, listing where code under it was kept.
pub(super) fn unknown_cfg_notes(
    places: BTreeMap<String, BTreeSet<(String, u32)>>,
) -> Vec<Diagnostic> {
    places
        .into_iter()
        .filter_map(|(name, at)| {
            let (file, line) = at.first()?.clone();
            let mut list: Vec<String> = at
                .iter()
                .take(MAX_CFG_PLACES)
                .map(|(f, l)| format!("{f}:{l}"))
                .collect();
            if at.len() > MAX_CFG_PLACES {
                list.push(format!("and {} more", at.len() - MAX_CFG_PLACES));
            }
            Some(Diagnostic::note(
                DiagnosticCode::UnknownCfg,
                file,
                line,
                format!(
                    "cfg `{name}` is set by a build script or RUSTFLAGS, which are not run; the \
                     code under it is kept (all configurations together): {}",
                    list.join(", ")
                ),
            ))
        })
        .collect()
}

/// Notes `.rs` files under each package's `src/` that no `mod` reaches.
pub(super) fn report_orphans(
    ws: &Workspace,
    referenced: &FxHashSet<PathBuf>,
    referenced_dirs: &BTreeSet<PathBuf>,
    diags: &mut Vec<Diagnostic>,
    opts: &ParseOptions,
) {
    for pkg in &ws.packages {
        let src = pkg.dir.join("src");
        if !src.is_dir() {
            continue;
        }
        // Target roots we did not analyse (e.g. src/bin/x.rs disabled) are not orphans.
        let roots: BTreeSet<PathBuf> = pkg
            .targets
            .iter()
            .filter_map(|t| t.root_file.canonicalize().ok())
            .collect();
        for entry in walkdir::WalkDir::new(&src)
            .follow_links(false)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
        {
            let path = entry.path();
            if !entry.file_type().is_file() || path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            // The root is canonical and the walk follows no link: normalising is enough, and
            // spares a system call per file.
            let canon = normalize(path);
            if referenced.contains(&canon)
                || roots.contains(&canon)
                || !canon.starts_with(&ws.root)
                || referenced_dirs.iter().any(|d| canon.starts_with(d))
            {
                continue;
            }
            let rel = relative_path(&ws.root, &canon);
            if opts.exclude.as_ref().is_some_and(|g| g.is_match(&rel)) {
                continue;
            }
            diags.push(Diagnostic::note(
                DiagnosticCode::OrphanFile,
                rel,
                0,
                "no `mod` declaration reaches this file; it is not part of any crate",
            ));
        }
    }
}

impl Extractor<'_> {
    /// Notes, for an item that is kept, the unknown cfg names its `#[cfg]`s depend on.
    pub(super) fn record_unknown_cfgs(&mut self, attrs: &[syn::Attribute]) {
        let Some(first_cfg) = attrs.iter().find(|a| a.path().is_ident("cfg")) else {
            return;
        };
        let names = self.ctx.cfg.unknown_names(attrs);
        if !names.is_empty() {
            let line = line_of(first_cfg);
            let cur = self.cur;
            self.modules[cur]
                .unknown_cfgs
                .extend(names.into_iter().map(|n| (n, line)));
        }
    }
}
