//! The last step of the tree: what the walk leaves in discovery order becomes the tree the
//! later stages index. Crates are sorted by name, modules by id (ids made unique when two
//! declarations of one module are both compiled in, `#[cfg(a)] mod x;` and `#[cfg(b)] mod
//! x;` with both cfgs unknown), parents re-indexed, and the items and imports that switched-off
//! wrapper macros (`cfg_not_rt! { … }`) wrap are dropped.

use super::{ModuleTree, TreeModule};
use std::collections::BTreeSet;

/// Finishes `tree`; `disabled` lists, per crate in walk order, the wrapper macros whose items
/// are switched off.
pub(super) fn finish(tree: &mut ModuleTree, disabled: &[BTreeSet<String>]) {
    for module in &mut tree.modules {
        if let Some(off) = disabled.get(module.krate).filter(|d| !d.is_empty()) {
            let on = |via: &[String]| !via.iter().any(|v| off.contains(v));
            module.facts.items.retain(|i| on(&i.via));
            module.facts.imports.retain(|i| on(&i.via));
        }
    }
    sort_crates(tree);
    sort_modules(tree);
}

/// Sorts the crates by name (walk order between equal names) and re-indexes the modules'
/// crates.
fn sort_crates(tree: &mut ModuleTree) {
    let crates = std::mem::take(&mut tree.crates);
    let mut order: Vec<usize> = (0..crates.len()).collect();
    order.sort_by(|&a, &b| crates[a].name.cmp(&crates[b].name).then(a.cmp(&b)));
    let mut new_index = vec![0usize; crates.len()];
    for (new, &old) in order.iter().enumerate() {
        new_index[old] = new;
    }
    tree.crate_dirs = order
        .iter()
        .map(|&c| tree.crate_dirs.get(c).cloned().unwrap_or_default())
        .collect();
    tree.crates = order.iter().map(|&c| crates[c].clone()).collect();
    for module in &mut tree.modules {
        module.krate = new_index.get(module.krate).copied().unwrap_or(module.krate);
    }
}

/// Sorts the modules by id (walk order between equal ids), makes every id unique (the second
/// and later of one id become `ID[INDEX]`, INDEX their place in that order) and sorts again by
/// the unique ids, re-indexing the parents.
fn sort_modules(tree: &mut ModuleTree) {
    let modules = &tree.modules;
    let mut order: Vec<usize> = (0..modules.len()).collect();
    order.sort_by(|&a, &b| modules[a].id.cmp(&modules[b].id).then(a.cmp(&b)));
    let mut ids: Vec<String> = modules.iter().map(|m| m.id.clone()).collect();
    for (place, pair) in order.windows(2).enumerate() {
        if modules[pair[0]].id == modules[pair[1]].id {
            ids[pair[1]] = format!("{}[{}]", modules[pair[1]].id, place + 1);
        }
    }
    order.sort_by(|&a, &b| ids[a].cmp(&ids[b]).then(a.cmp(&b)));
    let mut new_index = vec![0usize; modules.len()];
    for (new, &old) in order.iter().enumerate() {
        new_index[old] = new;
    }
    let mut slots: Vec<Option<TreeModule>> = std::mem::take(&mut tree.modules)
        .into_iter()
        .map(Some)
        .collect();
    for &old in &order {
        let Some(mut module) = slots[old].take() else {
            continue;
        };
        module.id = std::mem::take(&mut ids[old]);
        module.parent = module.parent.and_then(|p| new_index.get(p).copied());
        tree.modules.push(module);
    }
}
