//! `use` trees flattened into one import fact per leaf (groups, renames, globs, `self`), kept
//! apart from the item walker because the flattening is its own small recursion.

use super::ir::{ImportBinding, ImportFact};
use super::pos::pos_of;
use syn::UseTree;

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
