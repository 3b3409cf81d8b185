//! Extern preludes: the names each crate reaches without a path (`use serde::…`): declared
//! dependencies that are workspace libraries resolve into them, other dependencies and std are
//! external, any workspace library is reachable by name, the binaries of a package reach each
//! other's shared files, and `extern crate self as x;` names the crate itself.

use super::Def;
use crate::discover::{TargetKind, Workspace};
use crate::parse::ir::ModuleFacts;
use std::collections::HashMap;
use std::path::PathBuf;

/// Per crate, the names of its extern prelude; and the names of the external crates, indexed
/// by `Def::External`.
pub(super) fn extern_preludes(
    ws: &Workspace,
    crates: &[crate::model::CrateInfo],
    crate_dirs: &[PathBuf],
    root_of_crate: &[Option<u32>],
    facts: &[ModuleFacts],
) -> (Vec<HashMap<String, Def>>, Vec<String>) {
    // Extern preludes: declared dependencies that are workspace libs resolve into them;
    // other dependencies and std are external; any workspace lib is reachable by name.
    let mut external_names: Vec<String> = Vec::new();
    let mut external_index: HashMap<String, u32> = HashMap::new();
    let mut ext = |name: &str| -> Def {
        if let Some(i) = external_index.get(name) {
            return Def::External(*i);
        }
        let i = external_names.len() as u32;
        external_names.push(name.to_string());
        external_index.insert(name.to_string(), i);
        Def::External(i)
    };
    // The package of each crate (by directory: packages are unique by directory), and
    // the lib root of each package.
    let package_of_crate: Vec<Option<usize>> = crate_dirs
        .iter()
        .map(|d| ws.packages.iter().position(|p| &p.dir == d))
        .collect();
    let mut lib_of_package: HashMap<usize, (String, u32)> = HashMap::new();
    for (ci, c) in crates.iter().enumerate() {
        if c.kind == TargetKind::Lib.as_str()
            && let (Some(root), Some(Some(p))) = (root_of_crate[ci], package_of_crate.get(ci))
        {
            let name = ws.packages[*p]
                .targets
                .iter()
                .find(|t| t.kind == TargetKind::Lib)
                .map(|t| t.crate_name.clone())
                .unwrap_or_else(|| c.name.clone());
            lib_of_package.insert(*p, (name, root));
        }
    }
    // Any analysed lib is reachable by name; the first package (by name, then directory)
    // wins when several libs share one.
    let mut any_lib: Vec<(&String, u32)> = Vec::new();
    for p in 0..ws.packages.len() {
        if let Some((name, root)) = lib_of_package.get(&p)
            && !any_lib.iter().any(|(n, _)| *n == name)
        {
            any_lib.push((name, *root));
        }
    }
    let mut extern_prelude: Vec<HashMap<String, Def>> = Vec::with_capacity(crates.len());
    for ci in 0..crates.len() {
        let mut map = HashMap::new();
        for (lib_name, root) in &any_lib {
            map.insert((*lib_name).clone(), Def::Module(*root));
        }
        for name in ["std", "core", "alloc", "proc_macro", "test"] {
            map.insert(name.to_string(), ext(name));
        }
        if let Some(Some(p)) = package_of_crate.get(ci) {
            // The binaries of the package, for the files they share (`parse::shared`).
            for (cj, other) in crates.iter().enumerate() {
                if cj != ci
                    && other.kind == TargetKind::Bin.as_str()
                    && package_of_crate.get(cj) == Some(&Some(*p))
                    && let Some(root) = root_of_crate[cj]
                {
                    let key = format!("{}{}", crate::parse::SIBLING_BINARY, other.name);
                    map.insert(key, Def::Module(root));
                }
            }
            let pkg = &ws.packages[*p];
            for dep_name in pkg.deps.keys() {
                let def = match pkg.links.get(dep_name).and_then(|l| lib_of_package.get(l)) {
                    Some((_, root)) => Def::Module(*root),
                    None => ext(dep_name),
                };
                map.insert(dep_name.clone(), def);
            }
        }
        // `extern crate self as x;` at the root puts the crate itself in its prelude.
        if let Some(root) = root_of_crate[ci] {
            for alias in facts
                .get(root as usize)
                .map_or(&[][..], |f| &f.self_aliases)
            {
                map.insert(alias.clone(), Def::Module(root));
            }
        }
        // A crate's own lib is not in its own prelude under its name for the lib itself,
        // but bins and tests name it; keep it: `crate` is the usual spelling anyway.
        extern_prelude.push(map);
    }
    (extern_prelude, external_names)
}
