//! What the syntax tells of types inside bodies: the type path a written type holds or takes
//! methods from (through references and smart pointers), the local bindings of the fn being
//! walked with their types, the type of a method call's receiver, and the attributes of an
//! expression in statement position (for `#[cfg]` below the item level).

use super::extract::Extractor;
use rustc_hash::FxHashMap;
use syn::Expr;

impl Extractor<'_> {
    /// The type of a method call's receiver, when the syntax tells it: a typed local,
    /// parameter or `self`, a struct literal, `Type::new(..)`/`Type::default()`, a named
    /// field of one of these (as `.field` segments after the type), through references and
    /// parentheses. `None` otherwise. `Self` is the impl's type.
    pub(super) fn receiver_type(&self, e: &Expr) -> Option<Vec<String>> {
        let ty = self.receiver_type_as_written(e)?;
        match ty.split_first() {
            Some((first, rest)) if first == "Self" => {
                let mut own = self.locals.types.get("self").cloned().flatten()?;
                own.extend_from_slice(rest);
                Some(own)
            }
            _ => Some(ty),
        }
    }

    fn receiver_type_as_written(&self, e: &Expr) -> Option<Vec<String>> {
        match e {
            Expr::Path(p) if p.qself.is_none() && p.path.segments.len() == 1 => {
                let name = crate::parse::ident_str(&p.path.segments[0].ident);
                // A generic parameter's methods are its first trait bound's (unbounded: the
                // method's name decides).
                let ty = self.locals.receiver(&name)?;
                match ty.as_slice() {
                    [one] => match self.generic_params.iter().rposition(|g| g == one) {
                        Some(i) => self.generic_bounds.get(i).cloned().flatten(),
                        None => Some(ty),
                    },
                    _ => Some(ty),
                }
            }
            Expr::Reference(r) => self.receiver_type(&r.expr),
            // A clone is of the same type.
            Expr::MethodCall(mc)
                if mc.args.is_empty() && (mc.method == "clone" || mc.method == "to_owned") =>
            {
                self.receiver_type(&mc.receiver)
            }
            // A field of a value of known type: `self.repo`, `state.db.pool` (the resolver
            // follows the field types).
            Expr::Field(f) => match &f.member {
                syn::Member::Named(field) => {
                    let mut ty = self.receiver_type(&f.base)?;
                    ty.push(format!(".{}", crate::parse::ident_str(field)));
                    Some(ty)
                }
                syn::Member::Unnamed(_) => None,
            },
            Expr::Paren(p) => self.receiver_type(&p.expr),
            Expr::Group(g) => self.receiver_type(&g.expr),
            Expr::Struct(es) if es.qself.is_none() => Some(path_segments(&es.path)),
            Expr::Call(c) => match &*c.func {
                Expr::Path(fp) if fp.qself.is_none() && fp.path.segments.len() >= 2 => {
                    let segs = path_segments(&fp.path);
                    let (last, ty) = segs.split_last()?;
                    let constructor = matches!(last.as_str(), "new" | "default")
                        && ty
                            .last()
                            .is_some_and(|t| t.starts_with(|c: char| c.is_ascii_uppercase()));
                    constructor.then(|| ty.to_vec())
                }
                _ => None,
            },
            _ => None,
        }
    }
}

/// A path naming a std type as written: a bare name, or one under `std`, `alloc` or `core`
/// (`std::sync::Arc`).
fn is_std_path(segs: &[String]) -> bool {
    segs.len() == 1
        || segs
            .first()
            .is_some_and(|s| matches!(s.as_str(), "std" | "alloc" | "core"))
}

pub(super) fn path_segments(path: &syn::Path) -> Vec<String> {
    path.segments
        .iter()
        .map(|s| crate::parse::ident_str(&s.ident))
        .collect()
}

pub(super) fn type_path_of(ty: &syn::Type) -> Option<Vec<String>> {
    match ty {
        // `dyn Trait`, `impl Trait`: the methods called are the trait's.
        syn::Type::TraitObject(t) => t.bounds.iter().find_map(|b| match b {
            syn::TypeParamBound::Trait(tb) => Some(path_segments(&tb.path)),
            _ => None,
        }),
        syn::Type::ImplTrait(t) => t.bounds.iter().find_map(|b| match b {
            syn::TypeParamBound::Trait(tb) => Some(path_segments(&tb.path)),
            _ => None,
        }),
        syn::Type::Path(tp) if tp.qself.is_none() => {
            let segs: Vec<String> = tp
                .path
                .segments
                .iter()
                .map(|s| crate::parse::ident_str(&s.ident))
                .collect();
            // Look through one layer of smart pointer or wrapper.
            if is_std_path(&segs)
                && matches!(
                    segs.last().map(String::as_str).unwrap_or(""),
                    "Box" | "Arc" | "Rc" | "Option" | "Vec" | "Mutex" | "RwLock" | "RefCell"
                )
            {
                if let Some(syn::PathArguments::AngleBracketed(a)) =
                    tp.path.segments.last().map(|s| &s.arguments)
                    && let Some(syn::GenericArgument::Type(inner)) = a.args.first()
                {
                    return type_path_of(inner);
                }
                return None;
            }
            Some(segs)
        }
        syn::Type::Reference(r) => type_path_of(&r.elem),
        syn::Type::Paren(p) => type_path_of(&p.elem),
        syn::Type::Group(g) => type_path_of(&g.elem),
        _ => None,
    }
}

/// The type whose methods a value of type `ty` takes: through references and the smart
/// pointers that deref to their content (`Box`, `Arc`, `Rc`), but not through containers
/// (`Vec<T>`, `Option<T>`, `Mutex<T>`: their methods are the container's).
pub(super) fn receiver_path_of(ty: &syn::Type) -> Option<Vec<String>> {
    match ty {
        syn::Type::Path(tp) if tp.qself.is_none() => {
            let segs = path_segments(&tp.path);
            if is_std_path(&segs)
                && matches!(segs.last().map(String::as_str), Some("Box" | "Arc" | "Rc"))
            {
                return match tp.path.segments.last().map(|s| &s.arguments) {
                    Some(syn::PathArguments::AngleBracketed(a)) => match a.args.first() {
                        Some(syn::GenericArgument::Type(inner)) => receiver_path_of(inner),
                        _ => None,
                    },
                    _ => None,
                };
            }
            Some(segs)
        }
        syn::Type::Reference(r) => receiver_path_of(&r.elem),
        syn::Type::Paren(p) => receiver_path_of(&p.elem),
        syn::Type::Group(g) => receiver_path_of(&g.elem),
        syn::Type::TraitObject(_) | syn::Type::ImplTrait(_) => type_path_of(ty),
        _ => None,
    }
}

/// `T` of a one-argument wrapper type `W<T>` (an extractor such as `State<T>` or `Json<T>`).
pub(super) fn wrapped_type(ty: &syn::Type) -> Option<&syn::Type> {
    let syn::Type::Path(tp) = ty else {
        return None;
    };
    let syn::PathArguments::AngleBracketed(a) = &tp.path.segments.last()?.arguments else {
        return None;
    };
    let mut types = a.args.iter().filter_map(|g| match g {
        syn::GenericArgument::Type(t) => Some(t),
        _ => None,
    });
    let first = types.next()?;
    types.next().is_none().then_some(first)
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
}

impl Locals {
    /// Binds `name` with its written type `ty`.
    pub(super) fn typed(&mut self, name: String, ty: &syn::Type) {
        let held = type_path_of(ty);
        match receiver_path_of(ty) {
            Some(r) if held.as_ref() != Some(&r) => {
                self.receivers.insert(name.clone(), r);
            }
            _ => {
                self.receivers.remove(&name);
            }
        }
        self.types.insert(name, held);
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
