//! Item-position macro invocations: what a macro body declares (`cfg_if!`, `lazy_static!`,
//! diesel's `table!`, project wrappers like `cfg_rt! { mod x; }`), Rust source pasted in by
//! `include!`, the migrations `embed_migrations!` compiles in, and the `mod` declarations and
//! includes a false `#[cfg]` switches off (their files are no orphans).

use super::{Extractor, MAX_MACRO_DEPTH, path_attribute};
use crate::model::EdgeKind;
use crate::parse::ir::{self, ModDecl, ModTarget};
use crate::parse::macros;
use crate::parse::pos::{line_of, pos_of};
use syn::Item;

impl Extractor<'_> {
    /// Remembers the `mod x;` declarations a switched-off item holds (itself, or the items of
    /// a switched-off macro invocation such as `#[cfg(windows)] cfg_os_poll! { mod windows; }`).
    pub(super) fn record_cfg_off_mods(&mut self, item: &Item, depth: usize) {
        match item {
            Item::Mod(im) if im.content.is_none() => self.record_cfg_off_mod(im),
            // A switched-off `include!("./columns/os_macos.rs")`: its file is no orphan either.
            Item::Macro(mac) if mac.mac.path.is_ident("include") => {
                if let Some(path) = included_source(&mac.mac.tokens)
                    && let Some(name) = ir::included_module_name(&path)
                {
                    self.facts().cfg_off_mods.push(ModDecl {
                        name,
                        line: line_of(&mac.mac.path),
                        target: ModTarget::File {
                            path_attr: Some(path),
                        },
                        via: Vec::new(),
                    });
                }
            }
            Item::Macro(mac) if mac.ident.is_none() && depth < MAX_MACRO_DEPTH => {
                let name = mac
                    .mac
                    .path
                    .segments
                    .last()
                    .map(|s| crate::parse::ident_str(&s.ident))
                    .unwrap_or_default();
                for inner in macros::items_in_macro(&name, &mac.mac.tokens, self.ctx.cfg) {
                    self.record_cfg_off_mods(&inner, depth + 1);
                }
            }
            _ => {}
        }
    }

    /// Remembers a `mod x;` that a cfg switches off: its file is not an orphan.
    fn record_cfg_off_mod(&mut self, im: &syn::ItemMod) {
        let path_attr = path_attribute(&im.attrs, self.ctx.cfg);
        let decl = ModDecl {
            name: crate::parse::ident_str(&im.ident),
            line: line_of(&im.ident),
            target: ModTarget::File { path_attr },
            via: Vec::new(),
        };
        self.facts().cfg_off_mods.push(decl);
    }

    /// An item-position macro invocation: records the macro, then reads its body as items
    /// (`cfg_if!`, `lazy_static!`, `diesel::table!`, project wrappers like `cfg_rt! { mod x; }`).
    pub(in crate::parse) fn item_macro(&mut self, mac: &syn::Macro) {
        self.record_path(&mac.path, EdgeKind::Macro, ir::Namespace::Macro);
        self.record_macro_call(mac);
        if self.macro_depth >= MAX_MACRO_DEPTH {
            return;
        }
        self.macro_depth += 1;
        let name = mac
            .path
            .segments
            .last()
            .map(|s| crate::parse::ident_str(&s.ident))
            .unwrap_or_default();
        match name.as_str() {
            "table" => {
                for table in macros::diesel_tables(&mac.tokens) {
                    self.facts().items.push(table);
                }
            }
            // Rust source pasted in at this place (procs's `include!("./columns/os_linux.rs")`):
            // the walk reads the file as a child module, whose public items come into this one.
            "include" => {
                if let Some(path) = included_source(&mac.tokens) {
                    let (line, column) = pos_of(&mac.path);
                    let name = ir::included_module_name(&path);
                    self.facts().includes.push((path, line));
                    // What the file declares is declared here: `pub use self::x::*;`.
                    if let Some(name) = name {
                        self.modules[self.cur].imports.push(ir::ImportFact {
                            path: vec!["self".to_string(), name],
                            leading_colon: false,
                            binding: ir::ImportBinding::Glob,
                            is_pub: true,
                            line,
                            column,
                            via: Vec::new(),
                        });
                    }
                }
            }
            // refinery and diesel_migrations compile a folder of migrations into the crate;
            // refinery's may be `.rs` files (barrel), which no `mod` names. The path is the
            // package's (`CARGO_MANIFEST_DIR`); without one, both read `migrations`.
            "embed_migrations" => {
                let dir = syn::parse2::<syn::LitStr>(mac.tokens.clone())
                    .map(|lit| lit.value())
                    .unwrap_or_else(|_| "migrations".to_string());
                self.facts().embedded_dirs.push(dir);
            }
            "joinable" => {
                let link = macros::diesel_joinable(&mac.tokens, line_of(&mac.path));
                self.modules[self.cur].data.extend(link);
            }
            "allow_tables_to_appear_in_same_query" => {}
            _ => {
                let local = mac
                    .tokens
                    .is_empty()
                    .then(|| self.local_macros.get(&name).cloned())
                    .flatten();
                let items = match local {
                    Some(expansion) => macros::expansion_items(expansion),
                    None => macros::items_in_macro(&name, &mac.tokens, self.ctx.cfg),
                };
                if name == "cfg_if" {
                    for m in macros::cfg_if_untaken_mods(&mac.tokens, self.ctx.cfg) {
                        self.record_cfg_off_mod(&m);
                    }
                }
                if items.is_empty() {
                    let idents = macros::argument_idents(&mac.tokens);
                    if !idents.is_empty() {
                        let line = line_of(&mac.path);
                        self.modules[self.cur]
                            .macro_idents
                            .push((name.clone(), line, idents));
                    }
                    self.macro_body_paths(&mac.tokens);
                } else {
                    // Items that come out of a macro belong to the current module.
                    let m = self.cur;
                    let data_ctx = crate::parse::data_facts::DataCtx {
                        crate_dir: self.ctx.crate_dir,
                        root: self.ctx.root,
                        file: self.ctx.rel,
                    };
                    if self.ctx.may_hold_data {
                        let facts = crate::parse::data_facts::module_data_facts(&items, &data_ctx);
                        self.modules[m].data.extend(facts);
                    }
                    let before = (
                        self.modules[m].mod_decls.len(),
                        self.modules[m].items.len(),
                        self.modules[m].imports.len(),
                    );
                    for item in &items {
                        self.item(item);
                    }
                    // Tag what the body declared with the macro's name, so that a wrapper
                    // macro whose `#[cfg]` is off can switch it off later.
                    if !matches!(name.as_str(), "cfg_if" | "lazy_static") {
                        let f = &mut self.modules[m];
                        for d in &mut f.mod_decls[before.0..] {
                            d.via.insert(0, name.clone());
                        }
                        for i in &mut f.items[before.1..] {
                            i.via.insert(0, name.clone());
                        }
                        for i in &mut f.imports[before.2..] {
                            i.via.insert(0, name.clone());
                        }
                    }
                }
            }
        }
        self.macro_depth -= 1;
    }
}

/// The path of an `include!("x.rs")` of Rust source: a literal ending in `.rs` (a generated
/// file, `concat!(env!("OUT_DIR"), …)`, is none).
fn included_source(tokens: &proc_macro2::TokenStream) -> Option<String> {
    let path = syn::parse2::<syn::LitStr>(tokens.clone()).ok()?.value();
    path.ends_with(".rs").then_some(path)
}
