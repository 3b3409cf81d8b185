//! Recording the paths the body visitor meets: a path with the access its position tells,
//! the generic arguments inside it, project derives, and the write roots (the local or
//! path an assignment, `&mut` or writing call changes). Used by the visitor in `body.rs`.

use super::extract::Extractor;
use super::ir::{Namespace, RawRef};
use super::pos::{StartPos, pos_of};
use super::vocab::{PRELUDE_SET, WRITE_VERBS};
use crate::model::{Access, EdgeKind};
use std::fmt::Write as _;
use syn::punctuated::Punctuated;
use syn::visit::Visit;
use syn::{Expr, ExprPath, Token};

impl Extractor<'_> {
    /// Records a path, unless it is a local variable or a prelude name.
    pub(super) fn record_path_access(
        &mut self,
        path: &syn::Path,
        kind: EdgeKind,
        ns: Namespace,
        access: Access,
    ) {
        let segs = &path.segments;
        if segs.is_empty() {
            return;
        }
        // The path is joined in the reusable buffer; a `String` is made only when the path
        // is recorded (locals, prelude names and `Self` paths are not).
        let mut joined = std::mem::take(&mut self.scratch);
        joined.clear();
        let mut last_start = 0;
        for (i, seg) in segs.iter().enumerate() {
            if i > 0 {
                joined.push_str("::");
            }
            last_start = joined.len();
            let _ = write!(joined, "{}", seg.ident);
            crate::parse::unraw_tail(&mut joined, last_start);
        }
        let local_name = segs.len() == 1 && path.leading_colon.is_none() && {
            let name = joined.as_str();
            (PRELUDE_SET.contains(name) && !self.shadowed_prelude.iter().any(|s| s == name))
                || (ns == Namespace::Value && self.locals.types.contains_key(name))
                || (ns == Namespace::Type && self.generic_params.iter().any(|g| g == name))
        };
        let self_path = segs.first().is_some_and(|s| s.ident == "Self");
        if local_name || self_path {
            self.scratch = joined;
            self.visit_path_generics(path);
            return;
        }
        let mut access = access;
        if segs.len() > 1 && WRITE_VERBS.contains(&&joined[last_start..]) {
            access = Access::Write;
        }
        let (line, column) = pos_of(path);
        let recorded = joined.as_str().to_owned();
        self.scratch = joined;
        let facts = &mut self.modules[self.cur];
        facts.refs.push(RawRef {
            path: recorded,
            leading_colon: path.leading_colon.is_some(),
            kind,
            ns,
            access,
            line,
            column,
        });
        self.visit_path_generics(path);
    }

    /// Records a path as read.
    pub(super) fn record_path(&mut self, path: &syn::Path, kind: EdgeKind, ns: Namespace) {
        self.record_path_access(path, kind, ns, Access::Read);
    }

    pub(super) fn visit_path_generics(&mut self, path: &syn::Path) {
        for seg in &path.segments {
            self.visit_path_arguments(&seg.arguments);
        }
    }

    /// Derives of project traits (`#[derive(LocalTrait)]`) count as impls.
    pub(super) fn visit_attrs_for_derives(&mut self, attrs: &[syn::Attribute]) {
        for attr in attrs {
            if attr.path().is_ident("derive")
                && let Ok(paths) =
                    attr.parse_args_with(Punctuated::<syn::Path, Token![,]>::parse_terminated)
            {
                for p in &paths {
                    self.record_path(p, EdgeKind::Impl, Namespace::Type);
                }
            }
        }
    }

    /// Records a write of the type whose path is `ty`: `kind` is `Field` for a field of a typed
    /// local written in place, `Type` for the `ActiveModel` a write statement takes.
    pub(super) fn push_type_write(
        &mut self,
        ty: &[String],
        kind: EdgeKind,
        line: u32,
        column: u32,
    ) {
        self.modules[self.cur].refs.push(RawRef {
            path: ty.join("::"),
            leading_colon: false,
            kind,
            ns: Namespace::Type,
            access: Access::Write,
            line,
            column,
        });
    }

    pub(super) fn mark_write_root(&mut self, expr: &Expr) {
        if let Some(p) = root_path(expr) {
            self.write_roots.insert(write_root_key(p));
            // A field assignment through a typed local writes the local's type.
            if p.path.segments.len() == 1 && !matches!(expr, Expr::Path(_)) {
                let name = crate::parse::ident_str(&p.path.segments[0].ident);
                if let Some(Some(ty)) = self.locals.types.get(&name).cloned() {
                    let (line, column) = pos_of(expr);
                    self.push_type_write(&ty, EdgeKind::Field, line, column);
                }
            }
        }
    }
}

/// The path at the root of a place expression: `A` in `A.b[c].d`, `*A.lock().unwrap()`.
/// A path's identity in its file: the byte offset of its first token and its length in
/// segments. Two paths with the same key are the same source text (a macro body read twice).
pub(super) fn write_root_key(p: &ExprPath) -> (usize, usize) {
    (
        p.path.start_span().byte_range().start,
        p.path.segments.len(),
    )
}

pub(super) fn root_path(mut e: &Expr) -> Option<&ExprPath> {
    loop {
        e = match e {
            Expr::Path(p) => return Some(p),
            Expr::Field(f) => &f.base,
            Expr::Index(i) => &i.expr,
            Expr::Paren(p) => &p.expr,
            Expr::Group(g) => &g.expr,
            Expr::Unary(u) => &u.expr,
            Expr::Reference(r) => &r.expr,
            Expr::MethodCall(m) => &m.receiver,
            Expr::Try(t) => &t.expr,
            Expr::Await(a) => &a.base,
            _ => return None,
        };
    }
}

pub(super) fn starts_upper(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_uppercase())
}
