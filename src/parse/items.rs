//! The items of a module, one method per kind that needs more than a line: what each defines
//! (names, members, field and alias types, the methods a trait declares) and what its
//! signature and body name.

use super::extract::Extractor;
use super::ir::{ImportBinding, ImportFact};
use super::macros;
use super::pos::pos_of;
use crate::model::{DataFact, ItemKind};
use crate::parse::data_facts::macro_writes::written_positions;
use syn::Visibility;
use syn::visit::Visit;

impl Extractor<'_> {
    /// `extern crate x (as y);`: an import of the crate. `extern crate self as y;` names the
    /// crate itself (stalwart's `trc`, diesel's `diesel`): `y` is the crate root.
    pub(super) fn extern_crate_item(&mut self, e: &syn::ItemExternCrate) {
        let name = crate::parse::ident_str(&e.ident);
        if name == "self" {
            if let Some((_, alias)) = &e.rename {
                let alias = crate::parse::ident_str(alias);
                if alias != "_" {
                    let (line, column) = pos_of(&e.ident);
                    self.facts().imports.push(ImportFact {
                        path: vec!["crate".to_string()],
                        leading_colon: false,
                        binding: ImportBinding::Name(alias.clone()),
                        is_pub: !matches!(e.vis, Visibility::Inherited),
                        line,
                        column,
                        via: Vec::new(),
                    });
                    self.facts().self_aliases.push(alias);
                }
            }
        } else {
            let binding = e
                .rename
                .as_ref()
                .map(|(_, r)| r.to_string())
                .unwrap_or_else(|| name.clone());
            let (line, column) = pos_of(&e.ident);
            self.facts().imports.push(ImportFact {
                path: vec![name],
                leading_colon: true,
                binding: if binding == "_" {
                    ImportBinding::Underscore
                } else {
                    ImportBinding::Name(binding)
                },
                is_pub: !matches!(e.vis, Visibility::Inherited),
                line,
                column,
                via: Vec::new(),
            });
        }
    }

    /// A struct, with the types of its named fields (for method calls on them).
    pub(super) fn struct_item(&mut self, s: &syn::ItemStruct) {
        self.define(
            crate::parse::ident_str(&s.ident),
            ItemKind::Struct,
            &s.ident,
        );
        self.visit_generics(&s.generics);
        self.visit_fields(&s.fields);
        let name = crate::parse::ident_str(&s.ident);
        let params: Vec<String> = s
            .generics
            .type_params()
            .map(|p| crate::parse::ident_str(&p.ident))
            .collect();
        for (i, f) in s.fields.iter().enumerate() {
            if self.ctx.cfg.is_enabled(&f.attrs)
                && let Some(ty) = super::type_paths::layered_path_of(&f.ty)
                    .and_then(|t| self.mark_generics(t, &params))
            {
                // A tuple struct's fields are named by their index (`self.0`).
                let field = match &f.ident {
                    Some(ident) => crate::parse::ident_str(ident),
                    None => i.to_string(),
                };
                self.facts().field_types.push((name.clone(), field, ty));
            }
        }
    }

    /// An enum and its variants (the names a glob of it brings).
    pub(super) fn enum_item(&mut self, e: &syn::ItemEnum) {
        self.define(crate::parse::ident_str(&e.ident), ItemKind::Enum, &e.ident);
        let members = e
            .variants
            .iter()
            .map(|v| crate::parse::ident_str(&v.ident))
            .collect();
        if let Some(last) = self.facts().items.last_mut() {
            last.members = members;
        }
        self.visit_generics(&e.generics);
        for v in &e.variants {
            if self.ctx.cfg.is_enabled(&v.attrs) {
                self.visit_attr_paths(&v.attrs);
                self.visit_fields(&v.fields);
                if let Some((_, d)) = &v.discriminant {
                    self.visit_expr(d);
                }
            }
        }
    }

    /// A trait and the methods it declares (for calls through `dyn` and bounds).
    pub(super) fn trait_item(&mut self, t: &syn::ItemTrait) {
        self.define(crate::parse::ident_str(&t.ident), ItemKind::Trait, &t.ident);
        self.visit_generics(&t.generics);
        for b in &t.supertraits {
            self.visit_type_param_bound(b);
        }
        let trait_name = crate::parse::ident_str(&t.ident);
        for ti in &t.items {
            if let syn::TraitItem::Fn(f) = ti
                && let Some(block) = &f.default
                && self.ctx.cfg.is_enabled(&f.attrs)
            {
                self.record_fn_span(&f.sig, block, Some(trait_name.clone()), None);
            }
            if let syn::TraitItem::Fn(f) = ti
                && self.ctx.cfg.is_enabled(&f.attrs)
            {
                let method = crate::parse::ident_str(&f.sig.ident);
                let mark = self.push_generics(&f.sig.generics);
                self.record_return(&trait_name, method.clone(), &f.sig.output, None);
                self.record_closure_inputs(&trait_name, &f.sig, None);
                self.generic_params.truncate(mark);
                self.generic_bounds.truncate(mark);
                if f.sig.receiver().is_some() {
                    self.facts()
                        .typed_methods
                        .push((trait_name.clone(), method));
                }
            }
            self.with_fresh_locals(|x| {
                x.locals
                    .types
                    .insert("self".to_string(), Some(vec![trait_name.clone()]));
                x.visit_trait_item(ti)
            });
        }
    }

    /// Whether `self_ty` is a reference or smart pointer to a generic parameter whose first
    /// bound is `trait_path`'s trait (`&'a M` with `M: Matcher` for `Matcher`).
    pub(super) fn forwards_to_implementors(
        &self,
        self_ty: &syn::Type,
        trait_path: &[String],
    ) -> bool {
        let inner = match self_ty {
            syn::Type::Reference(r) => &*r.elem,
            syn::Type::Path(tp)
                if tp.qself.is_none()
                    && tp.path.segments.last().is_some_and(|s| {
                        matches!(s.ident.to_string().as_str(), "Box" | "Arc" | "Rc")
                    }) =>
            {
                match super::type_paths::wrapped_type(self_ty) {
                    Some(t) => t,
                    None => return false,
                }
            }
            _ => return false,
        };
        let syn::Type::Path(tp) = inner else {
            return false;
        };
        let Some(name) = tp.path.get_ident().map(crate::parse::ident_str) else {
            return false;
        };
        let Some(i) = self.generic_params.iter().rposition(|g| *g == name) else {
            return false;
        };
        let bound = self.generic_bounds.get(i).cloned().flatten();
        bound.as_ref().and_then(|b| b.last()) == trait_path.last()
    }

    /// An associated type of a trait impl, recorded like a result of the self type:
    /// `type E = Bucket;` of `impl TableSchema for BucketTable` as `=E` (what `F::E` is when
    /// `F` is that type), `type Target = B;` of `impl Deref` as `=Deref` (where its methods
    /// and fields fall through).
    pub(super) fn impl_assoc_type(
        &mut self,
        t: &syn::ImplItemType,
        owner: &str,
        of_trait: &str,
        self_path: Option<&[String]>,
    ) {
        if !self.ctx.cfg.is_enabled(&t.attrs) {
            return;
        }
        let name = crate::parse::ident_str(&t.ident);
        let key = if of_trait == "Deref" && name == "Target" {
            "=Deref".to_string()
        } else {
            format!("={name}")
        };
        self.record_typed_value(owner, key, &t.ty, self_path);
    }

    /// A type alias, with its target when the syntax tells it.
    pub(super) fn type_alias_item(&mut self, t: &syn::ItemType) {
        self.define(
            crate::parse::ident_str(&t.ident),
            ItemKind::TypeAlias,
            &t.ident,
        );
        self.visit_generics(&t.generics);
        self.visit_type(&t.ty);
        let params: Vec<String> = t
            .generics
            .type_params()
            .map(|p| crate::parse::ident_str(&p.ident))
            .collect();
        // `type DbResult<T> = Result<T, DbError>`: `T` is the alias's first type argument.
        if let Some(target) =
            super::type_paths::layered_path_of(&t.ty).and_then(|p| self.mark_generics(p, &params))
        {
            let alias = crate::parse::ident_str(&t.ident);
            let inner =
                super::type_paths::wrapped_type(&t.ty).and_then(super::type_paths::layered_path_of);
            self.facts().aliases.push((alias, target, inner));
        }
    }

    /// The fns, statics and types of an `extern` block.
    pub(super) fn foreign_items(&mut self, fm: &syn::ItemForeignMod) {
        for fi in &fm.items {
            match fi {
                syn::ForeignItem::Fn(f) => {
                    self.define(
                        crate::parse::ident_str(&f.sig.ident),
                        ItemKind::Fn,
                        &f.sig.ident,
                    );
                    self.visit_signature(&f.sig);
                }
                syn::ForeignItem::Static(s) => {
                    self.define(
                        crate::parse::ident_str(&s.ident),
                        ItemKind::Static,
                        &s.ident,
                    );
                    self.visit_type(&s.ty);
                }
                syn::ForeignItem::Type(t) => {
                    self.define(
                        crate::parse::ident_str(&t.ident),
                        ItemKind::TypeAlias,
                        &t.ident,
                    );
                }
                _ => {}
            }
        }
    }

    /// A `macro_rules!` definition (its table writes, zero-argument expansion, `cfg` wrapping), or an item-position macro invocation.
    pub(super) fn macro_item(&mut self, mac: &syn::ItemMacro) {
        if let Some(ident) = &mac.ident {
            self.define(crate::parse::ident_str(&ident), ItemKind::Macro, ident);
            let positions = written_positions(&mac.mac.tokens);
            if !positions.is_empty() {
                self.facts().data.push(DataFact::TableMacro {
                    name: crate::parse::ident_str(&ident),
                    positions,
                });
            }
            let exported = mac.attrs.iter().any(|a| a.path().is_ident("macro_export"));
            if let Some(expansion) = macros::zero_arg_expansion(&mac.mac.tokens) {
                self.local_macros
                    .insert(crate::parse::ident_str(&ident), expansion);
            }
            if macros::declares_modules(&mac.mac.tokens) {
                let name = crate::parse::ident_str(&ident);
                self.facts().module_macros.push(name);
            }
            if let Some(enabled) = macros::wrapper_cfg(&mac.mac.tokens, self.ctx.cfg) {
                let name = crate::parse::ident_str(&ident);
                self.facts().wrapper_macros.push((name, enabled));
            }
            if let Some(last) = self.facts().items.last_mut() {
                last.macro_export = exported;
            }
        } else {
            self.item_macro(&mac.mac);
        }
    }
}
