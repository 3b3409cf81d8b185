//! Written types as the method lookup reads them: the type path a type holds (through
//! references and wrappers, for writes), and the *layered* path a method call on a value of
//! that type starts from (`Option<Arc<Order>>` is the `Option` layer over `Order`), in the
//! encoding the resolver evaluates (see [`LAYER`]).

/// Prefix of a layer segment: `<Option` before the path of what the option holds. Layers come
/// first, outermost first; the resolver peels them off with `?`, `unwrap()`, `lock()`….
pub(crate) const LAYER: char = '<';

/// After a base path: the path is called and the value is what it returns (`foo()`,
/// `Type::new(..)`).
pub(crate) const CALL: &str = "()";
/// After a base path: the path names a value (a `const` or `static`), of its declared type.
pub(crate) const VALUE: &str = "@";
/// A step: the value inside an `Option`/`Result` (`?`, `unwrap()`, a `Some(x)` pattern).
pub(crate) const TRY: &str = "?";
/// A step: an element of a collection (`v[i]`, `for x in v`).
pub(crate) const ELEM: &str = "[";
/// Prefix of a step: the named field (`.db`).
pub(crate) const FIELD: char = '.';
/// Prefix of a step: what the named method returns (`(inner`).
pub(crate) const RESULT: char = '(';
/// Prefix of a step: the type of parameter `K` of the closure passed as argument `J` to the
/// named method (`|transaction/0/0`), from the method's `F: Fn(&mut Tx)` bound (recorded with
/// the method's results under that name).
pub(crate) const CLOSURE: char = '|';
/// Prefix of a type argument written on the base type, after the base path (`Table<F, R>` is
/// `Table::%F::%R`): the argument's layered path, its segments joined by [`ARG_SEP`], its own
/// arguments dropped.
pub(crate) const ARG: char = '%';
/// Joins the segments of one type argument inside its [`ARG`] segment.
pub(crate) const ARG_SEP: char = ' ';
/// Prefix of a base segment that stands for the `N`th type argument of the type a field or a
/// method's result belongs to (`#0` for `T` in `impl<T> Deletable<T>`), then [`ARG_SEP`] and
/// the parameter's first trait bound when it has one (`#0 Crdt`): the bound is what the
/// value is when the argument is not known. Associated types follow (`#0 TableSchema::E`).
pub(crate) const GENERIC: char = '#';

/// Deepest nesting of layers kept (`Option<Vec<Mutex<T>>>` has three).
const MAX_LAYERS: usize = 4;

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

/// The type path `ty` holds: through references, one layer of smart pointer or container
/// (`Option<Order>` holds an `Order`), to the trait of `dyn Trait`/`impl Trait`.
pub(super) fn type_path_of(ty: &syn::Type) -> Option<Vec<String>> {
    match ty {
        // `dyn Trait`, `impl Trait`: the methods called are the trait's.
        syn::Type::TraitObject(t) => first_trait(&t.bounds),
        syn::Type::ImplTrait(t) => first_trait(&t.bounds),
        syn::Type::Path(tp) if tp.qself.is_none() => {
            let segs = path_segments(&tp.path);
            // Look through one layer of smart pointer or wrapper.
            if is_std_path(&segs)
                && matches!(
                    segs.last().map(String::as_str).unwrap_or(""),
                    "Box" | "Arc" | "Rc" | "Option" | "Vec" | "Mutex" | "RwLock" | "RefCell"
                )
            {
                return first_type_arg(tp).and_then(type_path_of);
            }
            Some(segs)
        }
        syn::Type::Reference(r) => type_path_of(&r.elem),
        syn::Type::Paren(p) => type_path_of(&p.elem),
        syn::Type::Group(g) => type_path_of(&g.elem),
        _ => None,
    }
}

fn first_trait(
    bounds: &syn::punctuated::Punctuated<syn::TypeParamBound, syn::Token![+]>,
) -> Option<Vec<String>> {
    bounds.iter().find_map(|b| match b {
        syn::TypeParamBound::Trait(tb) => Some(path_segments(&tb.path)),
        _ => None,
    })
}

/// The `n`th type argument of the last segment (lifetimes and consts skipped).
fn type_arg(tp: &syn::TypePath, n: usize) -> Option<&syn::Type> {
    let syn::PathArguments::AngleBracketed(a) = &tp.path.segments.last()?.arguments else {
        return None;
    };
    a.args
        .iter()
        .filter_map(|g| match g {
            syn::GenericArgument::Type(t) => Some(t),
            _ => None,
        })
        .nth(n)
}

fn first_type_arg(tp: &syn::TypePath) -> Option<&syn::Type> {
    type_arg(tp, 0)
}

/// What a std wrapper named `last` is to a method call on it: a pointer or guard whose
/// `Deref` reaches its content (looked through), or a layer whose own methods come first.
enum Wrapper {
    Deref,
    Layer(&'static str, usize),
}

fn wrapper(segs: &[String]) -> Option<Wrapper> {
    let last = segs.last()?.as_str();
    // Names that projects rarely reuse are taken from any path (`tokio::sync::Mutex`,
    // `parking_lot::RwLock`, `anyhow::Result`, a project's own `Result` alias); the generic
    // container names only from std.
    let any = match last {
        "Box" | "Arc" | "Rc" | "Cow" | "MutexGuard" | "RwLockReadGuard" | "RwLockWriteGuard"
        | "RefMut" | "OwnedMutexGuard" => Some(Wrapper::Deref),
        "Option" => Some(Wrapper::Layer("Option", 0)),
        "Result" => Some(Wrapper::Layer("Result", 0)),
        "Mutex" | "RwLock" => Some(Wrapper::Layer("Mutex", 0)),
        "RefCell" => Some(Wrapper::Layer("RefCell", 0)),
        "OnceCell" | "OnceLock" => Some(Wrapper::Layer("Once", 0)),
        _ => None,
    };
    if any.is_some() {
        return any;
    }
    if !is_std_path(segs) && segs.first().is_none_or(|s| s != "collections") {
        return None;
    }
    match last {
        "Ref" => Some(Wrapper::Deref),
        "Cell" => Some(Wrapper::Layer("Cell", 0)),
        "Vec" | "VecDeque" | "HashSet" | "BTreeSet" | "BinaryHeap" => {
            Some(Wrapper::Layer("Vec", 0))
        }
        "HashMap" | "BTreeMap" => Some(Wrapper::Layer("Map", 1)),
        _ => None,
    }
}

/// The layered path a method call on a value of type `ty` starts from: layers (`<Option`,
/// `<Result`, `<Mutex`, `<Vec`, `<Map`…) outermost first, then the path of the innermost
/// type; pointers and guards that deref to their content (`Box`, `Arc`, `Rc`, `Cow`, lock
/// guards) and references are looked through, `dyn Trait`/`impl Trait` is the trait, a slice
/// or array is a `<Vec` layer. `None` when the innermost type is no path (a tuple, a fn).
pub(crate) fn layered_path_of(ty: &syn::Type) -> Option<Vec<String>> {
    let mut out = Vec::new();
    let mut ty = ty;
    loop {
        match ty {
            syn::Type::Path(tp) if tp.qself.is_none() => {
                let segs = path_segments(&tp.path);
                match wrapper(&segs) {
                    Some(Wrapper::Deref) => ty = first_type_arg(tp)?,
                    Some(Wrapper::Layer(name, arg)) if out.len() < MAX_LAYERS => {
                        out.push(format!("{LAYER}{name}"));
                        ty = type_arg(tp, arg)?;
                    }
                    Some(Wrapper::Layer(..)) => return None,
                    None => {
                        out.extend(segs);
                        push_args(&mut out, tp);
                        return Some(out);
                    }
                }
            }
            syn::Type::Slice(s) if out.len() < MAX_LAYERS => {
                out.push(format!("{LAYER}Vec"));
                ty = &s.elem;
            }
            syn::Type::Array(a) if out.len() < MAX_LAYERS => {
                out.push(format!("{LAYER}Vec"));
                ty = &a.elem;
            }
            syn::Type::Reference(r) => ty = &r.elem,
            syn::Type::Paren(p) => ty = &p.elem,
            syn::Type::Group(g) => ty = &g.elem,
            syn::Type::TraitObject(t) => {
                out.extend(first_trait(&t.bounds)?);
                return Some(out);
            }
            syn::Type::ImplTrait(t) => {
                // What a returned `impl Future<Output = T>` gives when awaited.
                if let Some(output) = future_output(&t.bounds) {
                    ty = output;
                    continue;
                }
                out.extend(first_trait(&t.bounds)?);
                return Some(out);
            }
            _ => return None,
        }
    }
}

/// Appends the type arguments of the last segment of `tp` as [`ARG`] segments (those whose
/// layered path is known; nested arguments dropped).
fn push_args(out: &mut Vec<String>, tp: &syn::TypePath) {
    let Some(syn::PathArguments::AngleBracketed(a)) = tp.path.segments.last().map(|s| &s.arguments)
    else {
        return;
    };
    for g in &a.args {
        if let syn::GenericArgument::Type(t) = g {
            let arg = layered_path_of(t)
                .map(|p| {
                    p.iter()
                        .filter(|s| !s.starts_with(ARG))
                        .map(String::as_str)
                        .collect::<Vec<_>>()
                        .join(&ARG_SEP.to_string())
                })
                .unwrap_or_default();
            out.push(format!("{ARG}{arg}"));
        }
    }
}

/// Whether a segment of a layered path is a type argument of its base.
pub(crate) fn is_arg(s: &str) -> bool {
    s.starts_with(ARG)
}

/// `T` of an `impl Future<Output = T>` bound.
fn future_output(
    bounds: &syn::punctuated::Punctuated<syn::TypeParamBound, syn::Token![+]>,
) -> Option<&syn::Type> {
    bounds.iter().find_map(|b| {
        let syn::TypeParamBound::Trait(tb) = b else {
            return None;
        };
        let last = tb.path.segments.last().filter(|s| s.ident == "Future")?;
        let syn::PathArguments::AngleBracketed(a) = &last.arguments else {
            return None;
        };
        a.args.iter().find_map(|g| match g {
            syn::GenericArgument::AssocType(at) if at.ident == "Output" => Some(&at.ty),
            _ => None,
        })
    })
}

/// Where the base path starts in a layered path (after its layers).
pub(crate) fn base_start(segs: &[String]) -> usize {
    segs.iter()
        .position(|s| !s.starts_with(LAYER))
        .unwrap_or(segs.len())
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

/// The names of the web frameworks' shared-state extractors: axum's and rocket's `State`,
/// actix's `Data`, axum's `Extension`.
pub(super) const STATE_EXTRACTORS: &[&str] = &["State", "Data", "Extension"];

/// `T` of a web framework's shared-state extractor, which derefs to the state it holds:
/// axum's and rocket's `State<T>` (rocket's behind `&`), actix's `web::Data<T>`, axum's
/// `Extension<T>`; written bare or under the framework's module path.
pub(super) fn state_extractor(ty: &syn::Type) -> Option<&syn::Type> {
    let ty = match ty {
        syn::Type::Reference(r) => &*r.elem,
        t => t,
    };
    let syn::Type::Path(tp) = ty else {
        return None;
    };
    let segs = path_segments(&tp.path);
    let framework = match segs.as_slice() {
        [_] => true,
        [first, ..] => matches!(
            first.as_str(),
            "web" | "axum" | "actix_web" | "rocket" | "extract" | "extension" | "state"
        ),
        [] => false,
    };
    let extractor = segs
        .last()
        .is_some_and(|last| STATE_EXTRACTORS.contains(&last.as_str()));
    (tp.qself.is_none() && framework && extractor)
        .then(|| wrapped_type(ty))
        .flatten()
}

/// The type arguments of a path type's last segment that are single names (generic
/// parameters, when the caller knows them), in order; "" for any other argument.
pub(super) fn type_param_args(tp: &syn::TypePath) -> Vec<String> {
    let Some(syn::PathArguments::AngleBracketed(a)) = tp.path.segments.last().map(|s| &s.arguments)
    else {
        return Vec::new();
    };
    a.args
        .iter()
        .filter_map(|g| match g {
            syn::GenericArgument::Type(syn::Type::Path(p)) if p.qself.is_none() => Some(
                p.path
                    .get_ident()
                    .map(crate::parse::ident_str)
                    .unwrap_or_default(),
            ),
            syn::GenericArgument::Type(_) => Some(String::new()),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::layered_path_of;

    fn layered(ty: &str) -> Option<String> {
        let ty: syn::Type = syn::parse_str(ty).expect("type");
        layered_path_of(&ty).map(|s| s.join("::"))
    }

    #[test]
    fn pointers_are_looked_through_and_containers_are_layers() {
        assert_eq!(layered("&Arc<dyn a::Db>").as_deref(), Some("a::Db"));
        assert_eq!(
            layered("Option<Box<Order>>").as_deref(),
            Some("<Option::Order")
        );
        assert_eq!(
            layered("io::Result<RwLock<Layout>>").as_deref(),
            Some("<Result::<Mutex::Layout")
        );
        assert_eq!(
            layered("HashMap<String, Vec<Item>>").as_deref(),
            Some("<Map::<Vec::Item")
        );
        assert_eq!(layered("&[Match]").as_deref(), Some("<Vec::Match"));
        assert_eq!(layered("(A, B)"), None);
        assert_eq!(
            layered("impl Future<Output = Result<Option<Self>, E>> + Send").as_deref(),
            Some("<Result::<Option::Self")
        );
        // Type arguments of the base follow it, each as one segment.
        assert_eq!(
            layered("crdt::Map<K, V>").as_deref(),
            Some("crdt::Map::%K::%V")
        );
        assert_eq!(
            layered("Arc<Table<Option<Bucket>, (u8, u8)>>").as_deref(),
            Some("Table::%<Option Bucket::%")
        );
    }
}
