//! `use` trees flattened into one import fact per leaf (groups, renames, globs, `self`), kept
//! apart from the item walker because the flattening is its own small recursion.

use super::ir::{ImportBinding, ImportFact};
use super::pos::pos_of;
use syn::{Item, UseTree};

/// Prelude type names a project commonly redefines (`pub type Result<T> = …`).
const ALIASED_PRELUDE: &[&str] = &["Result", "Option", "String", "Vec", "Box"];

/// The prelude type names that items of the file (outside fn bodies) define or import by
/// name, plus `Result` when any `use` is a glob (a project prelude often brings its alias).
/// Paths with these names are recorded so that the scope is searched before the prelude.
pub(super) fn shadowed_prelude(items: &[Item]) -> Vec<String> {
    let mut out = Vec::new();
    let mut glob = false;
    collect_shadowed(items, &mut out, &mut glob, 0);
    if glob && !out.iter().any(|s| s == "Result") {
        out.push("Result".to_string());
    }
    out.sort();
    out.dedup();
    out
}

fn collect_shadowed(items: &[Item], out: &mut Vec<String>, glob: &mut bool, depth: usize) {
    for item in items {
        match item {
            Item::Type(t) => keep(out, crate::parse::ident_str(&t.ident)),
            Item::Struct(t) => keep(out, crate::parse::ident_str(&t.ident)),
            Item::Enum(t) => keep(out, crate::parse::ident_str(&t.ident)),
            Item::Use(u) => use_leaves(&u.tree, out, glob),
            Item::Mod(m) if depth < 16 => {
                if let Some((_, inner)) = &m.content {
                    collect_shadowed(inner, out, glob, depth + 1);
                }
            }
            _ => {}
        }
    }
}

fn keep(out: &mut Vec<String>, name: String) {
    if ALIASED_PRELUDE.contains(&name.as_str()) {
        out.push(name);
    }
}

fn use_leaves(tree: &UseTree, out: &mut Vec<String>, glob: &mut bool) {
    match tree {
        UseTree::Path(p) => use_leaves(&p.tree, out, glob),
        UseTree::Name(n) => keep(out, crate::parse::ident_str(&n.ident)),
        UseTree::Rename(r) => keep(out, crate::parse::ident_str(&r.rename)),
        UseTree::Glob(_) => *glob = true,
        UseTree::Group(g) => {
            for t in &g.items {
                use_leaves(t, out, glob);
            }
        }
    }
}

/// Flattens a `use` tree into one [`ImportFact`] per leaf.
pub(super) fn flatten_use(
    tree: &UseTree,
    prefix: &mut Vec<String>,
    leading_colon: bool,
    is_pub: bool,
    out: &mut Vec<ImportFact>,
) {
    // One leaf of the tree: the same fact whatever kind of leaf it is.
    let leaf = |path: Vec<String>, binding: ImportBinding, (line, column): (u32, u32)| ImportFact {
        path,
        leading_colon,
        binding,
        is_pub,
        line,
        column,
        via: Vec::new(),
    };
    match tree {
        UseTree::Path(p) => {
            prefix.push(crate::parse::ident_str(&p.ident));
            flatten_use(&p.tree, prefix, leading_colon, is_pub, out);
            prefix.pop();
        }
        UseTree::Name(n) => {
            let name = crate::parse::ident_str(&n.ident);
            let (path, binding) = if name == "self" {
                let Some(last) = prefix.last().cloned() else {
                    return;
                };
                (prefix.clone(), ImportBinding::Name(last))
            } else {
                let mut path = prefix.clone();
                path.push(name.clone());
                (path, ImportBinding::Name(name))
            };
            out.push(leaf(path, binding, pos_of(&n.ident)));
        }
        UseTree::Rename(r) => {
            let name = crate::parse::ident_str(&r.ident);
            let mut path = prefix.clone();
            if name != "self" {
                path.push(name);
            }
            let rename = crate::parse::ident_str(&r.rename);
            let binding = if rename == "_" {
                ImportBinding::Underscore
            } else {
                ImportBinding::Name(rename)
            };
            out.push(leaf(path, binding, pos_of(&r.ident)));
        }
        UseTree::Glob(g) => {
            out.push(leaf(
                prefix.clone(),
                ImportBinding::Glob,
                pos_of(&g.star_token),
            ));
        }
        UseTree::Group(g) => {
            for t in &g.items {
                flatten_use(t, prefix, leading_colon, is_pub, out);
            }
        }
    }
}
