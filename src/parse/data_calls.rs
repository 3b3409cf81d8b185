//! What the item and body walkers record for the `data` stage beyond SQL strings: a diesel
//! write on a value of a model type, a SeaORM `ActiveModel` write, a `const` holding SQL, the
//! plain-path arguments of macro invocations (for the project's table-writing macros), the
//! fns that write a model they receive as a parameter of generic type, and the calls whose
//! arguments are locals of known type (for those fns).

use super::extract::Extractor;
use super::pos::{line_of, pos_of};
use super::record::root_path;
use crate::model::{DataFact, LinkEnd};
use crate::parse::data_facts::macro_writes::call_args;
use syn::Expr;

/// SeaORM `ActiveModelTrait` methods that write the entity's table.
pub(super) const ACTIVE_MODEL_WRITES: &[&str] = &["insert", "update", "delete", "save"];

impl Extractor<'_> {
    /// The model type a diesel write function's argument is a value of: `self` in an impl and
    /// typed locals give their type; a bare `table` (from `use schema::users::dsl::*`) in an
    /// impl stands for the impl type's table.
    pub(super) fn model_written(&self, arg: &Expr) -> Option<Vec<String>> {
        let p = root_path(arg)?;
        if p.qself.is_some() || p.path.segments.len() != 1 {
            return None;
        }
        let name = crate::parse::ident_str(&p.path.segments[0].ident);
        match self.locals.types.get(&name) {
            Some(ty) => ty.clone(),
            None if name == "table" => self.locals.types.get("self").cloned().flatten(),
            None => None,
        }
    }

    /// The `…::ActiveModel` type of a method receiver that is a typed local.
    pub(super) fn active_model_of(&self, receiver: &Expr) -> Option<Vec<String>> {
        let mut e = receiver;
        while let Expr::Paren(syn::ExprParen { expr, .. })
        | Expr::Reference(syn::ExprReference { expr, .. })
        | Expr::Group(syn::ExprGroup { expr, .. }) = e
        {
            e = expr;
        }
        let Expr::Path(p) = e else {
            return None;
        };
        let name = crate::parse::ident_str(&p.path.get_ident()?);
        let ty = self.locals.types.get(&name)?.as_ref()?;
        (ty.last().map(String::as_str) == Some("ActiveModel")).then(|| ty.clone())
    }

    /// A `const` or `static` whose value is SQL text: its tables, for the modules that name it.
    pub(super) fn record_sql_const(&mut self, ident: &syn::Ident, expr: &syn::Expr) {
        if let Some(found) = crate::parse::data_facts::sql_const_tables(expr) {
            let data = &mut self.modules[self.cur].data;
            data.push(DataFact::SqlConst {
                name: crate::parse::ident_str(ident),
                accesses: found.accesses,
            });
            let line = line_of(ident);
            data.extend(found.links.into_iter().map(|(a, b)| DataFact::TableLink {
                a: LinkEnd::Table(a),
                b: LinkEnd::Table(b),
                line,
            }));
        }
    }

    /// Keeps the plain-path arguments of a macro invocation, for the project's table-writing
    /// macros (paired by name in the `data` stage).
    pub(super) fn record_macro_call(&mut self, mac: &syn::Macro) {
        let Some(last) = mac.path.segments.last() else {
            return;
        };
        let name = crate::parse::ident_str(&last.ident);
        if let Some(args) = call_args(&name, &mac.tokens) {
            let (line, column) = pos_of(&mac.path);
            self.modules[self.cur].data.push(DataFact::MacroCall {
                name,
                args,
                line,
                column,
            });
        }
    }
}

/// The fn being walked, when it has parameters of one of its own generic types: a model
/// write applied to one of them writes what each caller passes.
#[derive(Debug)]
pub(super) struct CurFn {
    owner: String,
    name: String,
    /// Name and position (`self` not counted) of each parameter of a generic type
    /// (`model: M`, `model: Option<M>`).
    params: Vec<(String, u32)>,
}

/// The [`CurFn`] of a fn of `owner` ("" for a free fn) with signature `sig`; `None` when no
/// parameter has a type of its generic parameters.
pub(super) fn cur_fn_of(owner: &str, sig: &syn::Signature) -> Option<CurFn> {
    let generics: Vec<String> = sig
        .generics
        .type_params()
        .map(|p| crate::parse::ident_str(&p.ident))
        .collect();
    if generics.is_empty() {
        return None;
    }
    let params: Vec<(String, u32)> = sig
        .inputs
        .iter()
        .filter_map(|i| match i {
            syn::FnArg::Typed(pt) => Some(pt),
            syn::FnArg::Receiver(_) => None,
        })
        .enumerate()
        .filter_map(|(k, pt)| {
            let syn::Pat::Ident(pi) = &*pt.pat else {
                return None;
            };
            let ty = super::type_paths::type_path_of(&pt.ty)?;
            let [one] = ty.as_slice() else {
                return None;
            };
            generics
                .contains(one)
                .then(|| (crate::parse::ident_str(&pi.ident), k as u32))
        })
        .collect();
    (!params.is_empty()).then(|| CurFn {
        owner: owner.to_string(),
        name: crate::parse::ident_str(&sig.ident),
        params,
    })
}

/// The local a written value comes from: `model` in `model.ok_or(err)?`, `&model`,
/// `model.unwrap()`.
fn written_root(e: &Expr) -> Option<&syn::Ident> {
    match e {
        Expr::Path(p) if p.qself.is_none() => p.path.get_ident(),
        Expr::Try(t) => written_root(&t.expr),
        Expr::Await(a) => written_root(&a.base),
        Expr::Paren(p) => written_root(&p.expr),
        Expr::Reference(r) => written_root(&r.expr),
        Expr::MethodCall(mc) => written_root(&mc.receiver),
        _ => None,
    }
}

impl Extractor<'_> {
    /// A model write (`delete`, `update`…) on `receiver`: when it is a parameter of the fn's
    /// generic type, the fn writes that parameter.
    pub(super) fn record_param_write(&mut self, receiver: &Expr) {
        let Some(f) = &self.cur_fn else {
            return;
        };
        let Some(root) = written_root(receiver).map(crate::parse::ident_str) else {
            return;
        };
        let Some(&(_, param)) = f.params.iter().find(|(n, _)| *n == root) else {
            return;
        };
        let fact = DataFact::ParamWrite {
            owner: f.owner.clone(),
            name: f.name.clone(),
            param,
        };
        let data = &mut self.modules[self.cur].data;
        if !data.contains(&fact) {
            data.push(fact);
        }
    }

    /// A call of `callee` (a method reference's path when `method`, else the fn's path)
    /// with `args`: recorded when some argument is a local of known type.
    pub(super) fn record_arg_call<'e>(
        &mut self,
        callee: String,
        method: bool,
        args: impl Iterator<Item = &'e Expr>,
        (line, column): (u32, u32),
    ) {
        let mut typed = Vec::new();
        for (k, a) in args.enumerate() {
            let mut e = a;
            while let Expr::Reference(syn::ExprReference { expr, .. })
            | Expr::Paren(syn::ExprParen { expr, .. }) = e
            {
                e = expr;
            }
            if let Expr::Path(p) = e
                && p.qself.is_none()
                && let Some(ident) = p.path.get_ident()
                && let Some(ty) = self
                    .locals
                    .receiver(&crate::parse::ident_str(ident))
                    .and_then(|t| self.own_types(t))
            {
                typed.push((k as u32, ty));
            }
        }
        if !typed.is_empty() {
            self.modules[self.cur].data.push(DataFact::ArgCall {
                callee,
                method,
                args: typed,
                line,
                column,
            });
        }
    }
}
