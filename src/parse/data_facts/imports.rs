//! Which names a module imports from the SQL crates: the sqlx and diesel functions it calls
//! without a path (`use sqlx::query as q;`, `use sqlx::*;`), and whether it uses sea-query or
//! SeaORM at all (an import or a path), which makes its `Query::select()…` chains builders.
//! Kept apart from the finder in `data_facts.rs`, which asks these questions of every call.

use super::SQL_FUNCTIONS;
use std::collections::BTreeSet;
use syn::UseTree;
use syn::visit::Visit;

/// Names under which this module calls sqlx or diesel functions without a path.
#[derive(Default)]
pub(super) struct SqlImports {
    /// `use sqlx::query;`, `use sqlx::query_as as qa;`: the bound names.
    pub(super) names: BTreeSet<String>,
    /// `use sqlx::*;` or a glob of a diesel module.
    pub(super) glob: bool,
    /// The module imports from sea-query or SeaORM (or names them in a path), so its
    /// `Query::select()…` chains are statement builders.
    pub(super) sea_query: bool,
}

impl SqlImports {
    pub(super) fn collect(items: &[syn::Item]) -> Self {
        let mut imports = SqlImports::default();
        for item in items {
            imports.visit_item(item);
        }
        imports
    }

    fn add_tree(&mut self, tree: &UseTree, prefix: &mut Vec<String>) {
        let from_sql_crate = prefix.first().is_some_and(|c| c == "sqlx" || c == "diesel");
        if let UseTree::Path(path) = tree
            && prefix.is_empty()
        {
            let root = crate::parse::ident_str(&path.ident);
            self.sea_query |= root.starts_with("sea_query") || root.starts_with("sea_orm");
        }
        match tree {
            UseTree::Path(path) => {
                prefix.push(crate::parse::ident_str(&path.ident));
                self.add_tree(&path.tree, prefix);
                prefix.pop();
            }
            UseTree::Name(name) => {
                if from_sql_crate && SQL_FUNCTIONS.iter().any(|f| name.ident == f) {
                    self.names.insert(crate::parse::ident_str(&name.ident));
                }
            }
            UseTree::Rename(rename) => {
                if from_sql_crate && SQL_FUNCTIONS.iter().any(|f| rename.ident == f) {
                    self.names.insert(crate::parse::ident_str(&rename.rename));
                }
            }
            UseTree::Glob(_) => self.glob |= from_sql_crate,
            UseTree::Group(group) => {
                for tree in &group.items {
                    self.add_tree(tree, prefix);
                }
            }
        }
    }
}

impl<'ast> Visit<'ast> for SqlImports {
    fn visit_item_mod(&mut self, _module: &'ast syn::ItemMod) {}

    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        self.add_tree(&item.tree, &mut Vec::new());
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        // `sea_query::Query::select()` written out in full, without a `use`.
        if let Some(first) = path.segments.first() {
            let root = crate::parse::ident_str(&first.ident);
            self.sea_query |= root.starts_with("sea_query") || root.starts_with("sea_orm");
        }
        syn::visit::visit_path(self, path);
    }
}
