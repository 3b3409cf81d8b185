//! What the syntax tells of types inside bodies: the type path a written type holds or takes
//! methods from (through references and smart pointers), the local bindings of the fn being
//! walked with their types, the type of a method call's receiver, and the attributes of an
//! expression in statement position (for `#[cfg]` below the item level).

use super::extract::Extractor;
use super::type_paths::{
    ARG, ARG_SEP, CALL, CLOSURE, ELEM, FIELD, GENERIC, LAYER, RESULT, TRY, VALUE, base_start,
    is_arg, layered_path_of, path_segments, type_path_of,
};
use rustc_hash::{FxHashMap, FxHashSet};
use syn::Expr;

/// Longest receiver chain followed (`a.b().c()?.d` is four steps).
const MAX_CHAIN: usize = 24;

/// What a one-argument call of path `segs` wraps its argument in: `Some(None)` for a pointer
/// that derefs to it (`Arc::new`, `Box::new`), `Some(Some(layer))` for a layer (`Some`,
/// `Ok`, `Mutex::new`), `None` for any other call.
fn wrapper_constructor(segs: &[String]) -> Option<Option<&'static str>> {
    let names: Vec<&str> = segs.iter().map(String::as_str).collect();
    match names.as_slice() {
        ["Some"] => Some(Some("Option")),
        ["Ok"] => Some(Some("Result")),
        [.., "Arc" | "Rc" | "Box", "new" | "from"] => Some(None),
        [.., "Mutex" | "RwLock", "new"] => Some(Some("Mutex")),
        [.., "RefCell", "new"] => Some(Some("RefCell")),
        _ => None,
    }
}

/// Whether a segment of a receiver path is a step after the base path.
fn is_step(s: &str) -> bool {
    s == CALL || s == VALUE || s == TRY || s == ELEM || s.starts_with([FIELD, RESULT, CLOSURE])
}

/// Every bound of the type parameter `param` of `generics`: inline (`F: Fn()`), then in the
/// `where` clause.
pub(super) fn param_bounds<'g>(
    param: &'g syn::TypeParam,
    generics: &'g syn::Generics,
) -> impl Iterator<Item = &'g syn::TypeParamBound> {
    let in_where = generics
        .where_clause
        .iter()
        .flat_map(|w| &w.predicates)
        .filter_map(|pred| match pred {
            syn::WherePredicate::Type(t) => Some(t),
            _ => None,
        })
        .filter(
            move |t| matches!(&t.bounded_ty, syn::Type::Path(b) if b.path.is_ident(&param.ident)),
        )
        .flat_map(|t| &t.bounds);
    param.bounds.iter().chain(in_where)
}

/// The parameter types of the `Fn`/`FnMut`/`FnOnce` bound a parameter of type `ty` has in a
/// fn with `generics`: `impl Fn(A)`, or a generic `F` bounded so inline or in `where`.
fn fn_bound_inputs<'t>(
    ty: &'t syn::Type,
    generics: &'t syn::Generics,
) -> Option<&'t syn::punctuated::Punctuated<syn::NamedArg, syn::Token![,]>> {
    let fn_inputs = |b: &'t syn::TypeParamBound| match b {
        syn::TypeParamBound::Trait(tb) => {
            let last = tb.path.segments.last()?;
            match &last.arguments {
                syn::PathArguments::Parenthesized(p)
                    if matches!(last.ident.to_string().as_str(), "Fn" | "FnMut" | "FnOnce") =>
                {
                    Some(&p.inputs)
                }
                _ => None,
            }
        }
        _ => None,
    };
    match ty {
        syn::Type::ImplTrait(t) => t.bounds.iter().find_map(fn_inputs),
        syn::Type::Path(tp) if tp.qself.is_none() => {
            let name = tp.path.get_ident()?;
            let param = generics.type_params().find(|p| p.ident == *name)?;
            param_bounds(param, generics).find_map(fn_inputs)
        }
        _ => None,
    }
}

impl Extractor<'_> {
    /// The type of a method call's receiver, when the syntax tells it, as a path the resolver
    /// evaluates: the layered type of a typed local, parameter or `self`, a struct literal, a
    /// const or static (`NAME::@`), a call's result (`path::()`), then steps: named fields
    /// (`.field`), method results (`(name`), `?`/`unwrap()` (`?`), indexing (`[`), through
    /// references, parentheses, `.await` and `clone()`. `None` otherwise. `Self` is the
    /// impl's type; a generic parameter is its first trait bound.
    pub(super) fn receiver_type(&self, e: &Expr) -> Option<Vec<String>> {
        let ty = self.receiver_type_as_written(e, 0)?;
        self.own_types(ty)
    }

    /// `ty` with a `Self` base replaced by the impl's type and a generic parameter by its
    /// first trait bound (`None` when it has none: the method's name decides).
    pub(super) fn own_types(&self, mut ty: Vec<String>) -> Option<Vec<String>> {
        let b = base_start(&ty);
        let single = ty[b.min(ty.len())..]
            .iter()
            .skip(1)
            .find(|s| !is_arg(s))
            .is_none_or(|s| is_step(s));
        let base = ty.get(b)?.as_str();
        if base == "Self" {
            let own = self.locals.types.get("self").cloned().flatten()?;
            ty.splice(b..=b, own);
        } else if single && let Some(i) = self.generic_params.iter().rposition(|g| g == base) {
            let bound = self.generic_bounds.get(i).cloned().flatten()?;
            ty.splice(b..=b, bound);
        }
        Some(ty)
    }

    fn receiver_type_as_written(&self, e: &Expr, depth: usize) -> Option<Vec<String>> {
        if depth > MAX_CHAIN {
            return None;
        }
        let inner = |e: &Expr| self.receiver_type_as_written(e, depth + 1);
        let step = |e: &Expr, step: String| {
            let mut ty = self.receiver_type_as_written(e, depth + 1)?;
            ty.push(step);
            Some(ty)
        };
        match e {
            Expr::Path(p) if p.qself.is_none() && p.path.leading_colon.is_none() => {
                if p.path.segments.len() == 1 {
                    let name = crate::parse::ident_str(&p.path.segments[0].ident);
                    if self.locals.types.contains_key(&name) {
                        return self.locals.receiver(&name);
                    }
                }
                // A const or static (the resolver reads its declared type).
                let mut segs = path_segments(&p.path);
                segs.push(VALUE.to_string());
                Some(segs)
            }
            Expr::Reference(r) => inner(&r.expr),
            Expr::Paren(p) => inner(&p.expr),
            Expr::Group(g) => inner(&g.expr),
            Expr::Await(a) => inner(&a.base),
            Expr::Unary(u) if matches!(u.op, syn::UnOp::Deref(_)) => inner(&u.expr),
            Expr::Try(t) => step(&t.expr, TRY.to_string()),
            Expr::Index(i) => step(&i.expr, ELEM.to_string()),
            // A clone is of the same type.
            Expr::MethodCall(mc)
                if mc.args.is_empty() && (mc.method == "clone" || mc.method == "to_owned") =>
            {
                inner(&mc.receiver)
            }
            Expr::MethodCall(mc) => step(
                &mc.receiver,
                format!("{RESULT}{}", crate::parse::ident_str(&mc.method)),
            ),
            // A field of a value of known type: `self.repo`, `state.db.pool` (the resolver
            // follows the field types).
            Expr::Field(f) => match &f.member {
                syn::Member::Named(field) => step(
                    &f.base,
                    format!("{FIELD}{}", crate::parse::ident_str(field)),
                ),
                syn::Member::Unnamed(i) => step(&f.base, format!("{FIELD}{}", i.index)),
            },
            Expr::Struct(es) if es.qself.is_none() => Some(path_segments(&es.path)),
            // `Arc::new(db) as Arc<dyn DbProvider>`: the type cast to.
            Expr::Cast(c) => layered_path_of(&c.ty),
            Expr::Call(c) => match &*c.func {
                Expr::Path(fp) if fp.qself.is_none() && fp.path.leading_colon.is_none() => {
                    let mut segs = path_segments(&fp.path);
                    // A std wrapper built around a value: `Arc::new(x)` derefs to `x`,
                    // `Mutex::new(x)` and `Some(x)` are layers over it.
                    if let [arg] = c.args.iter().collect::<Vec<_>>().as_slice()
                        && let Some(layer) = wrapper_constructor(&segs)
                    {
                        let mut ty = inner(arg)?;
                        if let Some(layer) = layer {
                            ty.insert(0, format!("{LAYER}{layer}"));
                        }
                        return Some(ty);
                    }
                    // A local closure called: its result is unknown.
                    if let [one] = segs.as_slice()
                        && self.locals.types.contains_key(one)
                    {
                        return None;
                    }
                    segs.push(CALL.to_string());
                    Some(segs)
                }
                _ => None,
            },
            _ => None,
        }
    }

    /// Binds the names of pattern `pat`, matched against a value whose receiver path is
    /// `ty`: a name takes it, `Some(x)`/`Ok(x)` the value inside, `&x` and `(x)` the same.
    pub(super) fn bind_pattern(&mut self, pat: &syn::Pat, ty: Vec<String>) {
        match pat {
            syn::Pat::Ident(pi) if pi.subpat.is_none() => {
                self.locals
                    .receiver_only(crate::parse::ident_str(&pi.ident), ty);
            }
            syn::Pat::TupleStruct(ts) if ts.qself.is_none() && ts.elems.len() == 1 => {
                let variant = ts.path.segments.last().map(|s| s.ident.to_string());
                if matches!(variant.as_deref(), Some("Some" | "Ok"))
                    && let Some(elem) = ts.elems.first()
                {
                    let mut ty = ty;
                    ty.push(TRY.to_string());
                    self.bind_pattern(elem, ty);
                }
            }
            syn::Pat::Reference(r) => self.bind_pattern(&r.pat, ty),
            syn::Pat::Paren(p) => self.bind_pattern(&p.pat, ty),
            syn::Pat::Guard(g) => self.bind_pattern(&g.pat, ty),
            // `let ReqCtx { bucket_params, .. } = ctx`: each field's pattern takes the field.
            syn::Pat::Struct(ps) if ps.qself.is_none() => {
                for f in &ps.fields {
                    if let syn::Member::Named(field) = &f.member {
                        let mut ty = ty.clone();
                        ty.push(format!("{FIELD}{}", crate::parse::ident_str(field)));
                        self.bind_pattern(&f.pat, ty);
                    }
                }
            }
            _ => {}
        }
    }

    /// Records what the fn or method `name` of `owner` (a type's or trait's last segment, ""
    /// for a free fn) returns, as a layered path; `Self` is `self_path` (dropped without one).
    pub(super) fn record_return(
        &mut self,
        owner: &str,
        name: String,
        output: &syn::ReturnType,
        self_path: Option<&[String]>,
    ) {
        if let syn::ReturnType::Type(_, ty) = output {
            self.record_typed_value(owner, name, ty, self_path);
        }
    }

    /// Records the parameter types of the closures the fn or method `sig` of `owner` takes
    /// (`F: Fn(&mut Transaction)`), as `|name/J/K` values of `owner`.
    pub(super) fn record_closure_inputs(
        &mut self,
        owner: &str,
        sig: &syn::Signature,
        self_path: Option<&[String]>,
    ) {
        let typed = sig.inputs.iter().filter_map(|i| match i {
            syn::FnArg::Typed(pt) => Some(pt),
            syn::FnArg::Receiver(_) => None,
        });
        let name = crate::parse::ident_str(&sig.ident);
        for (j, pt) in typed.enumerate() {
            let Some(inputs) = fn_bound_inputs(&pt.ty, &sig.generics) else {
                continue;
            };
            for (k, arg) in inputs.iter().enumerate() {
                let key = format!("{CLOSURE}{name}/{j}/{k}");
                self.record_typed_value(owner, key, &arg.ty, self_path);
            }
        }
    }

    /// Records the layered type of a value `name` of `owner` (a fn's result, a const's or
    /// static's type): `(owner, name, path)` in the module's `returns`.
    pub(super) fn record_typed_value(
        &mut self,
        owner: &str,
        name: String,
        ty: &syn::Type,
        self_path: Option<&[String]>,
    ) {
        let Some(mut path) = layered_path_of(ty) else {
            return;
        };
        let b = base_start(&path);
        if path.get(b).is_some_and(|s| s == "Self") {
            let Some(own) = self_path.filter(|_| path.len() == b + 1) else {
                return;
            };
            path.splice(b..=b, own.iter().cloned());
        } else {
            let params = self.self_args.clone();
            match self.mark_generics(path, &params) {
                Some(p) => path = p,
                None => return,
            }
        }
        self.facts().returns.push((owner.to_string(), name, path));
    }
}

impl Extractor<'_> {
    /// A layered path of a field's or a method result's type, with the type parameters of
    /// the type it belongs to (`params`, in the order its type arguments are written) as
    /// [`GENERIC`] segments: the base (`T` is `#0 Bound`, `F::E` is `#0 Bound::E`) and the
    /// type arguments that are one (`%#0`), so that the receiver's type arguments replace
    /// them. Another generic base alone is its first trait bound (`None` without one).
    pub(super) fn mark_generics(
        &self,
        mut path: Vec<String>,
        params: &[String],
    ) -> Option<Vec<String>> {
        let b = base_start(&path);
        let bound_of = |name: &str| {
            self.generic_params
                .iter()
                .rposition(|g| g == name)
                .and_then(|i| self.generic_bounds.get(i).cloned().flatten())
        };
        for s in path.iter_mut().skip(b + 1) {
            if let Some(a) = s.strip_prefix(ARG)
                && let Some(i) = params.iter().position(|p| !p.is_empty() && p == a)
            {
                *s = format!("{ARG}{GENERIC}{i}");
            }
        }
        let base = path.get(b)?;
        match params.iter().position(|p| !p.is_empty() && p == base) {
            Some(i) => {
                let mut marker = format!("{GENERIC}{i}");
                for seg in bound_of(base).unwrap_or_default() {
                    marker.push(ARG_SEP);
                    marker.push_str(&seg);
                }
                path[b] = marker;
                Some(path)
            }
            None if path[b + 1..].iter().all(|s| is_arg(s))
                && self.generic_params.iter().any(|g| g == base) =>
            {
                self.own_types(path)
            }
            None => Some(path),
        }
    }
}

impl Extractor<'_> {
    /// The receiver path of a `match` whose first arm that yields a binding yields one of
    /// known type (`Ok(Some(u)) => u`; the arms' bindings are bound when they were walked).
    pub(super) fn match_yield(&self, em: &syn::ExprMatch) -> Option<Vec<String>> {
        em.arms
            .iter()
            .filter(|arm| self.ctx.cfg.is_enabled(&arm.attrs))
            .find_map(|arm| self.locals.receiver(&yielded_name(&arm.body)?))
    }
}
/// The local an arm's body yields: `u` or `{ ..; u }`.
fn yielded_name(e: &Expr) -> Option<String> {
    match e {
        Expr::Path(p) if p.qself.is_none() => p.path.get_ident().map(crate::parse::ident_str),
        Expr::Block(b) if b.label.is_none() => match b.block.stmts.last() {
            Some(syn::Stmt::Expr(e, None)) => yielded_name(e),
            _ => None,
        },
        Expr::Paren(p) => yielded_name(&p.expr),
        _ => None,
    }
}

/// The local bindings of the fn being walked.
#[derive(Debug, Default)]
pub(super) struct Locals {
    /// Every binding, with the type it holds when written, looked through references and
    /// one-argument wrappers (`Option<Order>` holds an `Order`): what a write or a diesel call
    /// through it touches.
    pub(super) types: FxHashMap<String, Option<Vec<String>>>,
    /// Where it differs from `types`, the type whose methods the binding takes (`Vec` for a
    /// `Vec<Order>`): what a method call on it is looked up on.
    receivers: FxHashMap<String, Vec<String>>,
    /// Bindings of a web framework's shared application state (`st: State<App>`,
    /// `State(st)`, or a value read from one: `let users = st.users.clone()`): method calls
    /// through them are [`EdgeKind::State`](crate::model::EdgeKind::State).
    state: FxHashSet<String>,
}

impl Locals {
    /// Binds `name` with its written type `ty`.
    pub(super) fn typed(&mut self, name: String, ty: &syn::Type) {
        let held = type_path_of(ty);
        match layered_path_of(ty) {
            Some(r) if held.as_ref() != Some(&r) => {
                self.receivers.insert(name.clone(), r);
            }
            _ => {
                self.receivers.remove(&name);
            }
        }
        self.state.remove(&name);
        self.types.insert(name, held);
    }

    /// Marks `name` as a binding of the application state (after it was bound).
    pub(super) fn mark_state(&mut self, name: String) {
        self.state.insert(name);
    }

    /// Whether `e` is reached from a binding of the application state (`st.users`,
    /// `st.db.clone()`).
    pub(super) fn through_state(&self, e: &Expr) -> bool {
        super::record::root_path(e)
            .and_then(|p| p.path.get_ident())
            .is_some_and(|id| self.state.contains(&crate::parse::ident_str(id)))
    }

    /// Forgets what an earlier binding of `name` held: a new binding of unknown type.
    pub(super) fn unbind(&mut self, name: &str) {
        self.receivers.remove(name);
        self.state.remove(name);
        match self.types.get_mut(name) {
            Some(held) => *held = None,
            None => {
                self.types.insert(name.to_string(), None);
            }
        }
    }

    /// Binds `name` to what a method call on it is looked up on, without a held type.
    pub(super) fn receiver_only(&mut self, name: String, receiver: Vec<String>) {
        self.types.entry(name.clone()).or_insert(None);
        self.receivers.insert(name, receiver);
    }

    /// The type a method called on `name` is looked up on, when known.
    pub(super) fn receiver(&self, name: &str) -> Option<Vec<String>> {
        match self.receivers.get(name) {
            Some(r) => Some(r.clone()),
            None => self.types.get(name).cloned().flatten(),
        }
    }
}

/// The outer attributes of an expression in statement position (`#[cfg(x)] call();`).
pub(super) fn expr_attrs(e: &Expr) -> &[syn::Attribute] {
    match e {
        Expr::Array(x) => &x.attrs,
        Expr::Assign(x) => &x.attrs,
        Expr::Async(x) => &x.attrs,
        Expr::Await(x) => &x.attrs,
        Expr::Binary(x) => &x.attrs,
        Expr::Block(x) => &x.attrs,
        Expr::Break(x) => &x.attrs,
        Expr::Call(x) => &x.attrs,
        Expr::Cast(x) => &x.attrs,
        Expr::Closure(x) => &x.attrs,
        Expr::Const(x) => &x.attrs,
        Expr::Continue(x) => &x.attrs,
        Expr::Field(x) => &x.attrs,
        Expr::ForLoop(x) => &x.attrs,
        Expr::Group(x) => &x.attrs,
        Expr::If(x) => &x.attrs,
        Expr::Index(x) => &x.attrs,
        Expr::Let(x) => &x.attrs,
        Expr::Lit(x) => &x.attrs,
        Expr::Loop(x) => &x.attrs,
        Expr::Macro(x) => &x.attrs,
        Expr::Match(x) => &x.attrs,
        Expr::MethodCall(x) => &x.attrs,
        Expr::Paren(x) => &x.attrs,
        Expr::Path(x) => &x.attrs,
        Expr::Range(x) => &x.attrs,
        Expr::Reference(x) => &x.attrs,
        Expr::Repeat(x) => &x.attrs,
        Expr::Return(x) => &x.attrs,
        Expr::Struct(x) => &x.attrs,
        Expr::Try(x) => &x.attrs,
        Expr::TryBlock(x) => &x.attrs,
        Expr::Tuple(x) => &x.attrs,
        Expr::Unary(x) => &x.attrs,
        Expr::Unsafe(x) => &x.attrs,
        Expr::While(x) => &x.attrs,
        Expr::Yield(x) => &x.attrs,
        _ => &[],
    }
}
