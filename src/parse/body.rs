//! The body visitor: records every path in type, expression, pattern and bound position,
//! method calls and macro invocations as [`RawRef`]s, with the read/write access the syntax
//! around them tells.
//!
//! Access rules (syntax only, no types): the root path of an assignment target, of a `&mut`
//! operand, of the receiver of a mutating method (`lock`, `store`, `set`, `get_or_init`, ...)
//! and of the arguments of a writing function (`insert_into`, `update`, `delete`, ...) is a
//! write; so is a struct literal, a tuple-struct constructor call, and a path whose last
//! segment is a write verb (`Entity::insert`, `Entity::delete_many`); assigning a field of a
//! local whose type is written (`fn f(o: &mut Order) { o.total = 1 }`) writes that type.

use super::extract::{Extractor, StateWalk};
use super::ir::{Namespace, RawRef};
use super::pos::pos_of;
use super::record::{starts_upper, write_root_key};
use super::type_paths::{
    CLOSURE, ELEM, STATE_EXTRACTORS, path_segments, state_extractor, wrapped_type,
};
use super::types::expr_attrs;
use super::vocab::{COMMON_METHOD_SET, PRELUDE_SET, WRITE_FNS, WRITE_METHOD_SET};
use crate::model::{Access, DataFact, EdgeKind};
use std::fmt::Write as _;
use syn::Expr;
use syn::visit::{self, Visit};

impl<'ast> Visit<'ast> for Extractor<'_> {
    fn visit_item(&mut self, i: &'ast syn::Item) {
        // Items inside bodies belong to the module being walked; keep the fn's locals apart.
        let saved = std::mem::take(&mut self.locals);
        self.item(i);
        self.locals = saved;
    }

    fn visit_type_path(&mut self, tp: &'ast syn::TypePath) {
        if let Some(q) = &tp.qself {
            self.visit_type(&q.ty);
            if q.position > 0 {
                let mut trait_path = tp.path.clone();
                while trait_path.segments.len() > q.position {
                    trait_path.segments.pop();
                }
                self.record_path(&trait_path, EdgeKind::Type, Namespace::Type);
            }
            return;
        }
        let kind = match self.in_state {
            StateWalk::Off => self.type_kind(),
            StateWalk::Extractor => {
                self.in_state = StateWalk::Handed;
                EdgeKind::Type
            }
            StateWalk::Handed => EdgeKind::State,
        };
        self.record_path(&tp.path, kind, Namespace::Type);
    }

    fn visit_trait_bound(&mut self, b: &'ast syn::TraitBound) {
        if let Some(lt) = &b.lifetimes {
            self.visit_bound_lifetimes(lt);
        }
        // `State<Arc<dyn Store>>` hands the handler a `Store`; `Box<dyn Store>` in a field
        // holds one.
        let kind = if self.in_state == StateWalk::Handed {
            EdgeKind::State
        } else {
            self.type_kind()
        };
        self.record_path(&b.path, kind, Namespace::Type);
    }

    fn visit_expr_path(&mut self, ep: &'ast syn::ExprPath) {
        if let Some(q) = &ep.qself {
            self.visit_type(&q.ty);
            if q.position > 0 {
                let mut trait_path = ep.path.clone();
                while trait_path.segments.len() > q.position {
                    trait_path.segments.pop();
                }
                self.record_path(&trait_path, EdgeKind::Call, Namespace::Type);
            }
            return;
        }
        let is_write = self.write_roots.contains(&write_root_key(ep));
        let access = if is_write {
            Access::Write
        } else {
            Access::Read
        };
        self.record_path_access(&ep.path, EdgeKind::Call, Namespace::Value, access);
    }

    fn visit_expr_struct(&mut self, es: &'ast syn::ExprStruct) {
        self.record_path_access(&es.path, EdgeKind::Call, Namespace::Type, Access::Write);
        for f in &es.fields {
            if self.ctx.cfg.is_enabled(&f.attrs) {
                self.visit_expr(&f.expr);
            }
        }
        if let Some(rest) = &es.rest {
            self.visit_expr(rest);
        }
    }

    fn visit_expr_call(&mut self, ec: &'ast syn::ExprCall) {
        if let Expr::Path(fp) = &*ec.func {
            let mut last = std::mem::take(&mut self.scratch);
            last.clear();
            if let Some(seg) = fp.path.segments.last() {
                let _ = write!(last, "{}", seg.ident);
                crate::parse::unraw_tail(&mut last, 0);
            }
            let writes_args = WRITE_FNS.contains(&last.as_str());
            let constructor =
                fp.qself.is_none() && starts_upper(&last) && !PRELUDE_SET.contains(&last);
            self.scratch = last;
            if writes_args {
                for a in &ec.args {
                    self.mark_write_root(a);
                    if let Some(type_path) = self.model_written(a) {
                        let (line, column) = pos_of(a);
                        self.modules[self.cur].data.push(DataFact::ModelWrite {
                            type_path,
                            line,
                            column,
                        });
                    }
                }
            }
            if !constructor && fp.qself.is_none() && !ec.args.is_empty() {
                let callee = path_segments(&fp.path).join("::");
                self.record_arg_call(callee, false, ec.args.iter(), pos_of(&fp.path));
            }
            if constructor {
                // A tuple-struct or variant constructor builds a value: a write.
                self.record_path_access(&fp.path, EdgeKind::Call, Namespace::Value, Access::Write);
            } else {
                self.visit_expr_path(fp);
            }
        } else {
            self.visit_expr(&ec.func);
        }
        for a in &ec.args {
            self.visit_expr(a);
        }
    }

    fn visit_expr_method_call(&mut self, mc: &'ast syn::ExprMethodCall) {
        let mut name = std::mem::take(&mut self.scratch);
        name.clear();
        let _ = write!(name, "{}", mc.method);
        crate::parse::unraw_tail(&mut name, 0);
        let writes = WRITE_METHOD_SET.contains(&name);
        let active_write = super::data_calls::ACTIVE_MODEL_WRITES.contains(&name.as_str());
        // A receiver whose type the syntax tells is looked up on that type, whatever the
        // method's name; otherwise only a name that std and common crates do not use too.
        let receiver = self.receiver_type(&mc.receiver);
        let recorded = match &receiver {
            Some(ty) => Some((format!("{}::{name}", ty.join("::")), Namespace::TypedMethod)),
            None => (!COMMON_METHOD_SET.contains(&name))
                .then(|| (name.as_str().to_owned(), Namespace::Method)),
        };
        self.scratch = name;
        if writes {
            self.mark_write_root(&mc.receiver);
        }
        if active_write {
            self.record_param_write(&mc.receiver);
        }
        if let Some((path, Namespace::TypedMethod)) = &recorded
            && !mc.args.is_empty()
        {
            self.record_arg_call(path.clone(), true, mc.args.iter(), pos_of(&mc.method));
        }
        if active_write && let Some(ty) = self.active_model_of(&mc.receiver) {
            // SeaORM `active.insert(db)`: the entity's table is written (the resolver takes
            // the derive-generated `ActiveModel` to its entity module).
            let (line, column) = pos_of(&mc.method);
            self.push_type_write(&ty, EdgeKind::Type, line, column);
        }
        if let Some((path, ns)) = recorded {
            let (line, column) = pos_of(&mc.method);
            self.modules[self.cur].refs.push(RawRef {
                path,
                leading_colon: false,
                kind: if self.locals.through_state(&mc.receiver) {
                    EdgeKind::State
                } else {
                    EdgeKind::Method
                },
                ns,
                access: Access::Read,
                line,
                column,
            });
        }
        self.visit_expr(&mc.receiver);
        if let Some(t) = &mc.turbofish {
            self.visit_angle_bracketed_generic_arguments(t);
        }
        // `opt.map(|o| o.total())`, `orders.iter().filter(|o| ..)`: the closure's parameter
        // is an element of the receiver.
        let receiver_ty = receiver.clone();
        let element = receiver
            .filter(|_| super::vocab::ELEMENT_ADAPTERS.contains(&mc.method.to_string().as_str()));
        for (i, a) in mc.args.iter().enumerate() {
            if i == 0
                && let (Some(ty), Expr::Closure(_)) = (&element, a)
            {
                let mut ty = ty.clone();
                ty.push(ELEM.to_string());
                self.closure_param = Some(ty);
            } else if let (None, Some(ty), Expr::Closure(_)) = (&element, &receiver_ty, a) {
                // `db.transaction(|tx| ..)`: the parameters the method's `Fn` bound gives.
                let mut ty = ty.clone();
                ty.push(format!("{CLOSURE}{}/{i}", mc.method));
                self.closure_param = Some(ty);
            }
            self.visit_expr(a);
            self.closure_param = None;
        }
    }

    fn visit_expr_assign(&mut self, ea: &'ast syn::ExprAssign) {
        self.mark_write_root(&ea.left);
        self.visit_expr(&ea.left);
        self.visit_expr(&ea.right);
    }

    fn visit_expr_binary(&mut self, eb: &'ast syn::ExprBinary) {
        use syn::BinOp::*;
        if matches!(
            eb.op,
            AddAssign(_)
                | SubAssign(_)
                | MulAssign(_)
                | DivAssign(_)
                | RemAssign(_)
                | BitXorAssign(_)
                | BitAndAssign(_)
                | BitOrAssign(_)
                | ShlAssign(_)
                | ShrAssign(_)
        ) {
            self.mark_write_root(&eb.left);
        }
        self.visit_expr(&eb.left);
        self.visit_expr(&eb.right);
    }

    fn visit_expr_reference(&mut self, er: &'ast syn::ExprReference) {
        if er.mutability.is_some() {
            self.mark_write_root(&er.expr);
        }
        self.visit_expr(&er.expr);
    }

    fn visit_expr_raw_addr(&mut self, er: &'ast syn::ExprRawAddr) {
        if matches!(er.mutability, syn::PointerMutability::Mut(_)) {
            self.mark_write_root(&er.expr);
        }
        self.visit_expr(&er.expr);
    }

    fn visit_pat_ident(&mut self, pi: &'ast syn::PatIdent) {
        let name = crate::parse::ident_str(&pi.ident);
        if pi.subpat.is_none()
            && pi.by_ref.is_none()
            && pi.mutability.is_none()
            && starts_upper(&name)
        {
            // `MAX` or `Empty` in a pattern names a const or unit struct, not a binding.
            let path: syn::Path = pi.ident.clone().into();
            self.record_path(&path, EdgeKind::Call, Namespace::Value);
            return;
        }
        // A new binding: whatever an earlier one of that name held is gone.
        self.locals.unbind(&name);
        if let Some((_, sub)) = &pi.subpat {
            self.visit_pat(sub);
        }
    }

    fn visit_pat_type(&mut self, pt: &'ast syn::PatType) {
        // The state a handler is handed is named in the extractor's type: a `state`
        // reference, whichever pattern binds it.
        let handed = state_extractor(&pt.ty).is_some()
            || matches!(&*pt.pat, syn::Pat::TupleStruct(ts) if state_pattern(ts));
        if let syn::Pat::Ident(pi) = &*pt.pat {
            let name = crate::parse::ident_str(&pi.ident);
            // A web framework's shared-state extractor derefs to the state: `st: State<App>`,
            // actix `data: web::Data<App>`, rocket `st: &State<App>`.
            match state_extractor(&pt.ty) {
                Some(state) => {
                    self.locals.typed(name.clone(), state);
                    self.locals.mark_state(name);
                }
                None => self.locals.typed(name, &pt.ty),
            }
        } else if let syn::Pat::TupleStruct(ts) = &*pt.pat
            && let [syn::Pat::Ident(pi)] = ts.elems.iter().collect::<Vec<_>>().as_slice()
            && let Some(inner) = wrapped_type(&pt.ty)
        {
            // An extractor: `State(db): State<Db>` binds `db: Db`.
            self.visit_pat(&pt.pat);
            let name = crate::parse::ident_str(&pi.ident);
            self.locals.typed(name.clone(), inner);
            if state_pattern(ts) {
                self.locals.mark_state(name);
            }
        } else if let syn::Pat::TupleStruct(ts) = &*pt.pat
            && let [syn::Pat::Ident(pi)] = ts.elems.iter().collect::<Vec<_>>().as_slice()
            && let syn::Type::Path(tp) = &*pt.ty
            && tp.qself.is_none()
        {
            // Through an alias (`State(db): DbState`): the first field of that type, which the
            // resolver reads from the alias (`type DbState = State<Db>`).
            self.visit_pat(&pt.pat);
            let mut ty = path_segments(&tp.path);
            ty.push(".0".to_string());
            let name = crate::parse::ident_str(&pi.ident);
            self.locals.receiver_only(name.clone(), ty);
            if state_pattern(ts) {
                self.locals.mark_state(name);
            }
        } else {
            self.visit_pat(&pt.pat);
        }
        let walk = if handed {
            StateWalk::Extractor
        } else {
            StateWalk::Off
        };
        let outer = std::mem::replace(&mut self.in_state, walk);
        self.visit_type(&pt.ty);
        self.in_state = outer;
    }

    fn visit_receiver(&mut self, r: &'ast syn::Receiver) {
        if let syn::ReceiverKind::Typed(_, ty) = &r.kind {
            self.visit_type(ty);
        }
    }

    fn visit_local(&mut self, l: &'ast syn::Local) {
        // What a method called on the new binding is looked up on: the initializer's type
        // when the syntax tells it (`let db = state.db;`, `let db = db.clone();`), read
        // before the pattern shadows anything.
        let init_receiver = match (&l.pat, &l.init) {
            (syn::Pat::Type(_), _) => None,
            (_, Some(init)) if !matches!(&*init.expr, Expr::Struct(_)) => {
                self.receiver_type(&init.expr)
            }
            _ => None,
        };
        // The initializer is evaluated before the pattern binds.
        let mut init_receiver = init_receiver;
        if let Some(init) = &l.init {
            self.visit_expr(&init.expr);
            if let Some((_, e)) = &init.diverge {
                self.visit_expr(e);
            }
            // `let u = match x { Ok(Some(u)) => u, _ => return }`: the type of the first arm
            // that yields a binding of known type (bound while the arms were walked).
            if init_receiver.is_none()
                && let Expr::Match(em) = &*init.expr
            {
                init_receiver = self.match_yield(em);
            }
        }
        self.visit_pat(&l.pat);
        if let (syn::Pat::Ident(pi), Some(init)) = (&l.pat, &l.init)
            && let Expr::Struct(es) = &*init.expr
        {
            let ty = es
                .path
                .segments
                .iter()
                .map(|s| crate::parse::ident_str(&s.ident))
                .collect();
            self.locals
                .types
                .insert(crate::parse::ident_str(&pi.ident), Some(ty));
        }
        if let Some(ty) = init_receiver {
            self.bind_pattern(&l.pat, ty);
        }
        // `let users = st.users.clone();`: a value read from the application state.
        if let (syn::Pat::Ident(pi), Some(init)) = (&l.pat, &l.init)
            && self.locals.through_state(&init.expr)
        {
            self.locals.mark_state(crate::parse::ident_str(&pi.ident));
        }
    }

    // Names bound by `if let`/`while let`, match arms and `for` take the type of the value
    // they match (`if let Some(d) = dispute`, `Ok(ref mut rdr) => …`, `for m in matches`).
    fn visit_expr_let(&mut self, el: &'ast syn::ExprLet) {
        let ty = self.receiver_type(&el.expr);
        self.visit_expr(&el.expr);
        self.visit_pat(&el.pat);
        if let Some(ty) = ty {
            self.bind_pattern(&el.pat, ty);
        }
    }

    fn visit_expr_match(&mut self, em: &'ast syn::ExprMatch) {
        let ty = self.receiver_type(&em.expr);
        self.visit_expr(&em.expr);
        for arm in &em.arms {
            if !self.ctx.cfg.is_enabled(&arm.attrs) {
                continue;
            }
            self.visit_pat(&arm.pat);
            if let Some(ty) = &ty {
                self.bind_pattern(&arm.pat, ty.clone());
            }
            self.visit_expr(&arm.body);
        }
    }

    fn visit_expr_for_loop(&mut self, ef: &'ast syn::ExprForLoop) {
        let ty = self.receiver_type(&ef.expr);
        self.visit_expr(&ef.expr);
        self.visit_pat(&ef.pat);
        if let Some(mut ty) = ty {
            ty.push(ELEM.to_string());
            self.bind_pattern(&ef.pat, ty);
        }
        self.visit_block(&ef.body);
    }

    fn visit_pat_struct(&mut self, ps: &'ast syn::PatStruct) {
        self.record_path(&ps.path, EdgeKind::Call, Namespace::Type);
        for f in &ps.fields {
            self.visit_pat(&f.pat);
        }
    }

    fn visit_pat_tuple_struct(&mut self, pt: &'ast syn::PatTupleStruct) {
        self.record_path(&pt.path, EdgeKind::Call, Namespace::Value);
        for p in &pt.elems {
            self.visit_pat(p);
        }
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        self.record_path(&mac.path, EdgeKind::Macro, Namespace::Macro);
        self.record_macro_call(mac);
        if self.macro_depth < 8 {
            self.macro_depth += 1;
            self.macro_body_paths(&mac.tokens);
            self.macro_depth -= 1;
        }
    }

    fn visit_attribute(&mut self, _attr: &'ast syn::Attribute) {
        // Attributes are read where they matter (cfg, path, derive); their tokens are not code.
    }

    fn visit_expr_closure(&mut self, c: &'ast syn::ExprClosure) {
        let param = self.closure_param.take();
        for p in &c.inputs {
            self.visit_pat(p);
        }
        match param {
            // Each parameter of a project method's `Fn` bound: `|name/J` then `/K`.
            Some(ty) if ty.last().is_some_and(|s| s.starts_with(CLOSURE)) => {
                for (k, p) in c.inputs.iter().enumerate() {
                    let mut ty = ty.clone();
                    if let Some(last) = ty.last_mut() {
                        let _ = write!(last, "/{k}");
                    }
                    self.bind_pattern(p, ty);
                }
            }
            Some(ty) => {
                if let Some(first) = c.inputs.first() {
                    self.bind_pattern(first, ty);
                }
            }
            None => {}
        }
        if let syn::ReturnType::Type(_, t) = &c.output {
            self.visit_type(t);
        }
        self.visit_expr(&c.body);
    }

    fn visit_stmt_macro(&mut self, sm: &'ast syn::StmtMacro) {
        visit::visit_stmt_macro(self, sm);
    }

    // `#[cfg]` below the item level: statements, match arms, struct fields and field values,
    // enum variants. Code the chosen configuration switches off names nothing.
    fn visit_stmt(&mut self, st: &'ast syn::Stmt) {
        let attrs: &[syn::Attribute] = match st {
            syn::Stmt::Local(l) => &l.attrs,
            syn::Stmt::Macro(m) => &m.attrs,
            syn::Stmt::Expr(e, _) => expr_attrs(e),
            syn::Stmt::Item(_) => &[],
        };
        if self.ctx.cfg.is_enabled(attrs) {
            visit::visit_stmt(self, st);
        }
    }

    fn visit_arm(&mut self, arm: &'ast syn::Arm) {
        if self.ctx.cfg.is_enabled(&arm.attrs) {
            visit::visit_arm(self, arm);
        }
    }

    fn visit_field(&mut self, field: &'ast syn::Field) {
        if self.ctx.cfg.is_enabled(&field.attrs) {
            self.visit_attr_paths(&field.attrs);
            // A field's type is what the struct or variant holds.
            let outer = std::mem::replace(&mut self.in_field, true);
            visit::visit_field(self, field);
            self.in_field = outer;
        }
    }

    fn visit_field_value(&mut self, fv: &'ast syn::FieldValue) {
        if self.ctx.cfg.is_enabled(&fv.attrs) {
            visit::visit_field_value(self, fv);
        }
    }

    fn visit_variant(&mut self, v: &'ast syn::Variant) {
        if self.ctx.cfg.is_enabled(&v.attrs) {
            self.visit_attr_paths(&v.attrs);
            visit::visit_variant(self, v);
        }
    }
}

impl Extractor<'_> {
    /// The kind of a path in type position: [`EdgeKind::Contain`] in a field's type, else
    /// [`EdgeKind::Type`].
    fn type_kind(&self) -> EdgeKind {
        if self.in_field {
            EdgeKind::Contain
        } else {
            EdgeKind::Type
        }
    }
}

/// Whether an extractor pattern names a web framework's shared-state extractor (`State(st)`,
/// `Data(st)`, `Extension(st)`, bare or under a module path).
fn state_pattern(ts: &syn::PatTupleStruct) -> bool {
    ts.qself.is_none()
        && ts
            .path
            .segments
            .last()
            .is_some_and(|s| STATE_EXTRACTORS.contains(&crate::parse::ident_str(&s.ident).as_str()))
}
