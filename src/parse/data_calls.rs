//! What the item and body walkers record for the `data` stage beyond SQL strings: a diesel
//! write on a value of a model type, a SeaORM `ActiveModel` write, a `const` holding SQL, and
//! the plain-path arguments of macro invocations (for the project's table-writing macros).

use super::body::root_path;
use super::extract::Extractor;
use super::pos::{line_of, pos_of};
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
