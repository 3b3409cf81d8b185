//! Walks one file's syn tree and writes its [`FileFacts`]: modules (file and inline), `mod`
//! declarations, item definitions, flattened `use` trees and, through the body visitor in
//! `body.rs`, every path, method call and macro invocation to resolve later.
//!
//! Runs on the thread that parsed the file (span locations are only valid there).

use super::cfg::CfgEnv;
use super::ir::{ItemFact, ModDecl, ModTarget, ModuleFacts};
use super::pos::{line_of, pos_of};
use super::types::Locals;
use super::use_tree::flatten_use;
use crate::model::{DataFact, EdgeKind, ItemKind};
use rustc_hash::FxHashSet;
use std::collections::HashMap;
use std::path::Path;
use syn::visit::Visit;
use syn::{Attribute, Item, Visibility};

mod item_macros;

/// Where a file sits and how cfgs evaluate, for the extractor.
pub struct FileCtx<'a> {
    /// cfg evaluation.
    pub cfg: &'a CfgEnv,
    /// Directory of the package's Cargo.toml (for `query_file!`).
    pub crate_dir: &'a Path,
    /// Analysed root.
    pub root: &'a Path,
    /// File path relative to the root.
    pub rel: &'a str,
    /// The file names an SQL or ORM API at all; when false the data-fact finder is skipped.
    pub may_hold_data: bool,
}

/// Deepest macro-in-macro nesting we expand.
const MAX_MACRO_DEPTH: usize = 8;

/// The walker. Also the body visitor (see `body.rs`), so that items inside fn bodies land in
/// the module being walked.
pub struct Extractor<'a> {
    pub(super) ctx: &'a FileCtx<'a>,
    pub(super) modules: Vec<ModuleFacts>,
    /// Module whose code is being walked.
    pub(super) cur: usize,
    /// Local bindings of the fn being walked, with their type when written.
    pub(super) locals: Locals,
    /// Root paths of expressions being written (assignment targets, `&mut`, ...), by where
    /// they stand in the file (see `record::write_root_key`): never by address, since macro
    /// bodies are parsed into trees that are freed, and a later node could reuse the address.
    pub(super) write_roots: FxHashSet<(usize, usize)>,
    /// Current macro-expansion depth.
    pub(super) macro_depth: usize,
    /// Module end lines (for line counting), parallel to `modules`.
    pub(super) end_lines: Vec<u32>,
    /// Zero-argument `macro_rules!` of this file and their expansions, for `m!();`.
    pub(super) local_macros: HashMap<String, proc_macro2::TokenStream>,
    /// Generic type parameters in scope (`T` names no project item).
    pub(super) generic_params: Vec<String>,
    /// The first trait bound of each of `generic_params`, when it has one.
    pub(super) generic_bounds: Vec<Option<Vec<String>>>,
    /// A reusable buffer for names that are looked at and mostly thrown away.
    pub(super) scratch: String,
    /// Prelude names this file may bind to its own items (`pub type Result<T>`, `use
    /// crate::error::Result`): recorded as paths, the scope decides before the prelude.
    pub(super) shadowed_prelude: Vec<String>,
    /// The receiver path the first parameter of the closure about to be visited takes: an
    /// element of the collection, option or result a std adapter (`map`, `filter`…) runs on.
    pub(super) closure_param: Option<Vec<String>>,
    /// The type parameters written as the type arguments of the impl's self type, in order
    /// (`[F, R]` in `impl<F, R> Table<F, R>`; "" for an argument that is no parameter): what
    /// the results of its methods are in terms of the receiver's type arguments.
    pub(super) self_args: Vec<String>,
    /// The fn being walked, when a parameter has one of its generic types.
    pub(super) cur_fn: Option<super::data_calls::CurFn>,
    /// Where the walk stands in the type of a web framework's shared-state extractor.
    pub(super) in_state: StateWalk,
    /// Walking the type of a struct field or enum variant: the paths in it are
    /// [`EdgeKind::Contain`](crate::model::EdgeKind::Contain) references.
    pub(super) in_field: bool,
}

/// Where the walk stands in the type of a web framework's shared-state extractor
/// (`State<AppState>`): the extractor's own path is a `type` reference, the paths in its type
/// arguments (the state a handler is handed) are [`EdgeKind::State`](crate::model::EdgeKind::State)
/// references.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum StateWalk {
    /// Not in an extractor's type.
    Off,
    /// The next path is the extractor's (`State`, `web::Data`).
    Extractor,
    /// In the extractor's type arguments.
    Handed,
}

/// Summarises a parsed file. `lines` is the number of lines of the file.
pub fn summarize(file: &syn::File, ctx: &FileCtx<'_>, lines: u32) -> (Vec<ModuleFacts>, Vec<u32>) {
    let mut x = Extractor {
        ctx,
        modules: vec![ModuleFacts {
            line: 1,
            ..Default::default()
        }],
        cur: 0,
        locals: Locals::default(),
        scratch: String::new(),
        write_roots: FxHashSet::default(),
        macro_depth: 0,
        end_lines: vec![lines.max(1)],
        local_macros: HashMap::new(),
        generic_params: Vec::new(),
        generic_bounds: Vec::new(),
        shadowed_prelude: super::use_tree::shadowed_prelude(&file.items),
        closure_param: None,
        self_args: Vec::new(),
        cur_fn: None,
        in_state: StateWalk::Off,
        in_field: false,
    };
    x.walk_items(0, &file.items);
    (x.modules, x.end_lines)
}

impl<'a> Extractor<'a> {
    /// Walks the items of module `m` (its own items; inline children get their own entry).
    pub(super) fn walk_items(&mut self, m: usize, items: &[Item]) {
        let saved = self.cur;
        self.cur = m;
        let data_ctx = crate::parse::data_facts::DataCtx {
            crate_dir: self.ctx.crate_dir,
            root: self.ctx.root,
            file: self.ctx.rel,
        };
        if self.ctx.may_hold_data {
            let facts: Vec<DataFact> =
                crate::parse::data_facts::module_data_facts(items, &data_ctx);
            self.modules[m].data.extend(facts);
        }
        for item in items {
            self.item(item);
        }
        self.cur = saved;
    }

    pub(super) fn facts(&mut self) -> &mut ModuleFacts {
        &mut self.modules[self.cur]
    }

    pub(super) fn define(&mut self, name: String, kind: ItemKind, ident: &syn::Ident) {
        let (line, column) = pos_of(ident);
        self.facts().items.push(ItemFact {
            name,
            kind,
            line,
            column,
            macro_export: false,
            members: Vec::new(),
            sql_name: None,
            via: Vec::new(),
        });
    }

    /// Brings an item's generic type parameters into scope; returns the mark to restore.
    pub(super) fn push_generics(&mut self, generics: &syn::Generics) -> usize {
        let mark = self.generic_params.len();
        for p in generics.type_params() {
            let name = crate::parse::ident_str(&p.ident);
            // The first trait bound, inline or in the `where` clause: what a method called on
            // a value of this type is looked up on.
            let bound = super::types::param_bounds(p, generics).find_map(|b| match b {
                syn::TypeParamBound::Trait(tb) => Some(
                    tb.path
                        .segments
                        .iter()
                        .map(|s| crate::parse::ident_str(&s.ident))
                        .collect::<Vec<_>>(),
                ),
                _ => None,
            });
            self.generic_bounds.push(bound);
            self.generic_params.push(name);
        }
        mark
    }

    /// Walks one item of the current module, its generic parameters in scope.
    pub(super) fn item(&mut self, item: &Item) {
        let generics = match item {
            Item::Fn(f) => Some(&f.sig.generics),
            Item::Struct(s) => Some(&s.generics),
            Item::Enum(e) => Some(&e.generics),
            Item::Union(u) => Some(&u.generics),
            Item::Trait(t) => Some(&t.generics),
            Item::Type(t) => Some(&t.generics),
            Item::Impl(i) => Some(&i.generics),
            _ => None,
        };
        let mark = match generics {
            Some(g) => self.push_generics(g),
            None => self.generic_params.len(),
        };
        self.item_in_scope(item);
        self.generic_params.truncate(mark);
        self.generic_bounds.truncate(mark);
    }

    fn item_in_scope(&mut self, item: &Item) {
        let attrs = item_attrs(item);
        if !self.ctx.cfg.is_enabled(attrs) {
            self.record_cfg_off_mods(item, 0);
            return;
        }
        self.record_unknown_cfgs(attrs);
        self.visit_attrs_for_derives(attrs);
        self.visit_attr_paths(attrs);
        match item {
            Item::Mod(im) => self.module_item(im),
            Item::Use(u) => {
                let is_pub = !matches!(u.vis, Visibility::Inherited);
                let mut prefix = Vec::new();
                flatten_use(
                    &u.tree,
                    &mut prefix,
                    u.leading_colon.is_some(),
                    is_pub,
                    &mut self.modules[self.cur].imports,
                );
            }
            Item::ExternCrate(e) => self.extern_crate_item(e),
            Item::Struct(s) => self.struct_item(s),
            Item::Enum(e) => self.enum_item(e),
            Item::Union(u) => {
                self.define(crate::parse::ident_str(&u.ident), ItemKind::Union, &u.ident);
                self.visit_generics(&u.generics);
                self.visit_fields_named(&u.fields);
            }
            Item::Trait(t) => self.trait_item(t),
            Item::TraitAlias(t) => {
                self.define(crate::parse::ident_str(&t.ident), ItemKind::Trait, &t.ident);
                syn::visit::visit_item_trait_alias(self, t);
            }
            Item::Type(t) => self.type_alias_item(t),
            Item::Fn(f) => {
                self.define(
                    crate::parse::ident_str(&f.sig.ident),
                    ItemKind::Fn,
                    &f.sig.ident,
                );
                self.record_fn_span(&f.sig, &f.block, None, None);
                self.record_return(
                    "",
                    crate::parse::ident_str(&f.sig.ident),
                    &f.sig.output,
                    None,
                );
                let cur = super::data_calls::cur_fn_of("", &f.sig);
                let saved = std::mem::replace(&mut self.cur_fn, cur);
                self.with_fresh_locals(|x| {
                    x.visit_signature(&f.sig);
                    x.visit_block(&f.block);
                });
                self.cur_fn = saved;
            }
            Item::Const(c) => {
                if c.ident != "_" {
                    self.define(crate::parse::ident_str(&c.ident), ItemKind::Const, &c.ident);
                    self.record_sql_const(&c.ident, &c.expr);
                    self.record_typed_value("", crate::parse::ident_str(&c.ident), &c.ty, None);
                }
                self.visit_type(&c.ty);
                self.with_fresh_locals(|x| x.visit_expr(&c.expr));
            }
            Item::Static(s) => {
                self.define(
                    crate::parse::ident_str(&s.ident),
                    ItemKind::Static,
                    &s.ident,
                );
                self.record_sql_const(&s.ident, &s.expr);
                self.record_typed_value("", crate::parse::ident_str(&s.ident), &s.ty, None);
                self.visit_type(&s.ty);
                self.with_fresh_locals(|x| x.visit_expr(&s.expr));
            }
            Item::ForeignMod(fm) => self.foreign_items(fm),
            Item::Impl(imp) => self.impl_item(imp),
            Item::Macro(mac) => self.macro_item(mac),
            _ => {}
        }
    }

    fn module_item(&mut self, im: &syn::ItemMod) {
        let name = crate::parse::ident_str(&im.ident);
        let line = line_of(&im.ident);
        let path_attr = path_attribute(&im.attrs, self.ctx.cfg);
        if im.attrs.iter().any(|a| a.path().is_ident("macro_use")) {
            self.facts().macro_use_mods.push(name.clone());
        }
        match &im.content {
            Some((brace, content)) => {
                let index = self.modules.len();
                self.modules.push(ModuleFacts {
                    name: name.clone(),
                    parent: Some(self.cur),
                    line: line_of(&im.mod_token),
                    ..Default::default()
                });
                self.end_lines.push(brace.span.close().start().line as u32);
                self.facts().mod_decls.push(ModDecl {
                    name,
                    line,
                    target: ModTarget::Inline { index, path_attr },
                    via: Vec::new(),
                });
                let saved_locals = std::mem::take(&mut self.locals);
                self.walk_items(index, content);
                self.locals = saved_locals;
            }
            None => {
                // The files other platforms take (`#[cfg_attr(windows, path = "windows.rs")]`)
                // are switched off here: no orphans.
                for alt in off_path_attributes(&im.attrs, self.ctx.cfg) {
                    if path_attr.as_deref() != Some(alt.as_str()) {
                        self.facts().cfg_off_mods.push(ModDecl {
                            name: name.clone(),
                            line,
                            target: ModTarget::File {
                                path_attr: Some(alt),
                            },
                            via: Vec::new(),
                        });
                    }
                }
                self.facts().mod_decls.push(ModDecl {
                    name,
                    line,
                    target: ModTarget::File { path_attr },
                    via: Vec::new(),
                });
            }
        }
    }

    fn impl_item(&mut self, imp: &syn::ItemImpl) {
        if let Some((path, _)) = &imp.trait_ {
            self.record_path(path, EdgeKind::Impl, super::ir::Namespace::Type);
        }
        let self_path = match &*imp.self_ty {
            syn::Type::Path(tp) if tp.qself.is_none() => {
                self.record_path(&tp.path, EdgeKind::Impl, super::ir::Namespace::Type);
                Some(
                    tp.path
                        .segments
                        .iter()
                        .map(|s| crate::parse::ident_str(&s.ident))
                        .collect::<Vec<_>>(),
                )
            }
            other => {
                self.visit_type(other);
                None
            }
        };
        if let Some((path, _)) = &imp.trait_ {
            // The self type, unless it is a generic parameter (a blanket impl).
            let own = self_path
                .clone()
                .filter(|p| !matches!(p.as_slice(), [one] if self.generic_params.contains(one)))
                .unwrap_or_default();
            let trait_path = super::type_paths::path_segments(path);
            // `impl<M: Matcher> Matcher for &M` forwards the trait to references of its own
            // implementors: no extension of std or dependency types (marked `&`).
            let own = if self.forwards_to_implementors(&imp.self_ty, &trait_path) {
                vec!["&".to_string()]
            } else {
                own
            };
            self.facts().trait_impls.push((trait_path, own));
        }
        self.visit_generics(&imp.generics);
        let owner = self_path.as_ref().and_then(|p| p.last()).cloned();
        let of_trait = imp
            .trait_
            .as_ref()
            .and_then(|(path, _)| path.segments.last())
            .map(|s| crate::parse::ident_str(&s.ident));
        let self_args = match &*imp.self_ty {
            syn::Type::Path(tp) if tp.qself.is_none() => super::type_paths::type_param_args(tp),
            _ => Vec::new(),
        };
        let saved_args = std::mem::replace(&mut self.self_args, self_args);
        for ii in &imp.items {
            if let (syn::ImplItem::Type(t), Some(owner), Some(tr)) = (ii, &owner, &of_trait) {
                self.impl_assoc_type(t, owner, tr, self_path.as_deref());
            }
            if let syn::ImplItem::Fn(f) = ii {
                if !self.ctx.cfg.is_enabled(&f.attrs) {
                    continue;
                }
                self.record_fn_span(&f.sig, &f.block, owner.clone(), of_trait.clone());
                if f.sig.receiver().is_some() {
                    let name = crate::parse::ident_str(&f.sig.ident);
                    if let Some(ty) = self_path.as_ref().and_then(|p| p.last()) {
                        let ty = ty.clone();
                        self.facts().typed_methods.push((ty, name.clone()));
                    }
                    self.facts().impl_methods.push(name);
                }
                let mark = self.push_generics(&f.sig.generics);
                if let Some(own) = &self_path
                    && let Some(ty) = own.last()
                {
                    let (ty, name) = (ty.clone(), crate::parse::ident_str(&f.sig.ident));
                    self.record_return(&ty, name, &f.sig.output, Some(own));
                    self.record_closure_inputs(&ty, &f.sig, Some(own));
                }
                let cur = super::data_calls::cur_fn_of(owner.as_deref().unwrap_or(""), &f.sig);
                let saved = std::mem::replace(&mut self.cur_fn, cur);
                self.with_fresh_locals(|x| {
                    x.locals.types.insert("self".to_string(), self_path.clone());
                    x.visit_signature(&f.sig);
                    x.visit_block(&f.block);
                });
                self.cur_fn = saved;
                self.generic_params.truncate(mark);
                self.generic_bounds.truncate(mark);
            } else {
                self.with_fresh_locals(|x| x.visit_impl_item(ii));
            }
        }
        self.self_args = saved_args;
    }

    /// Records the lines a function body spans, for the data stage to tell which function an
    /// access or a call is written in.
    pub(super) fn record_fn_span(
        &mut self,
        sig: &syn::Signature,
        block: &syn::Block,
        owner: Option<String>,
        of_trait: Option<String>,
    ) {
        let start = u32::try_from(sig.fn_token.span.start().line).unwrap_or(u32::MAX);
        let end = u32::try_from(block.brace_token.span.close().end().line).unwrap_or(u32::MAX);
        self.facts().functions.push(crate::model::FnSpan {
            name: crate::parse::ident_str(&sig.ident),
            owner,
            of_trait,
            start,
            end,
        });
    }

    /// Runs `f` with an empty local scope, restoring the enclosing one afterwards.
    pub(super) fn with_fresh_locals(&mut self, f: impl FnOnce(&mut Self)) {
        let saved = std::mem::take(&mut self.locals);
        let saved_roots = std::mem::take(&mut self.write_roots);
        f(self);
        self.locals = saved;
        self.write_roots = saved_roots;
    }
}

/// The attributes of an item.
pub(super) fn item_attrs(item: &Item) -> &[Attribute] {
    match item {
        Item::Const(i) => &i.attrs,
        Item::Enum(i) => &i.attrs,
        Item::ExternCrate(i) => &i.attrs,
        Item::Fn(i) => &i.attrs,
        Item::ForeignMod(i) => &i.attrs,
        Item::Impl(i) => &i.attrs,
        Item::Macro(i) => &i.attrs,
        Item::Mod(i) => &i.attrs,
        Item::Static(i) => &i.attrs,
        Item::Struct(i) => &i.attrs,
        Item::Trait(i) => &i.attrs,
        Item::TraitAlias(i) => &i.attrs,
        Item::Type(i) => &i.attrs,
        Item::Union(i) => &i.attrs,
        Item::Use(i) => &i.attrs,
        _ => &[],
    }
}

/// `#[path = "…"]`, also through an active `#[cfg_attr(…, path = "…")]`.
fn path_attribute(attrs: &[Attribute], cfg: &CfgEnv) -> Option<String> {
    for attr in attrs {
        if let Some(p) = path_value(&attr.meta) {
            return Some(p);
        }
        if attr.path().is_ident("cfg_attr")
            && let Some(p) = cfg.cfg_attr_metas(attr).iter().find_map(path_value)
        {
            return Some(p);
        }
    }
    None
}

/// The `path = "…"` values of the `#[cfg_attr]`s whose predicate is false here.
fn off_path_attributes(attrs: &[Attribute], cfg: &CfgEnv) -> Vec<String> {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("cfg_attr"))
        .flat_map(|a| cfg.cfg_attr_metas_off(a))
        .filter_map(|m| path_value(&m))
        .collect()
}

/// The value of a `path = "…"` attribute.
fn path_value(meta: &syn::Meta) -> Option<String> {
    if let syn::Meta::NameValue(nv) = meta
        && nv.path.is_ident("path")
        && let syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }) = &nv.value
    {
        return Some(s.value());
    }
    None
}
