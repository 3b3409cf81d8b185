//! The type of a method call's receiver, evaluated from the path `parse` wrote for it (see
//! `parse::type_paths`): a base (a written type, a const's or static's type, what a called fn
//! returns) followed by steps (named fields, method results, `?`, indexing), through type
//! aliases, struct field types, what project fns and methods return, and the std layers
//! between (`Option`, `Result`, locks and their guards, cells, collections), what a project
//! extension trait's method returns on a dependency type (`ctx.read_view()`), and the `T` of a
//! dependency's `XResult<T>` alias under `?`. Then the module that defines the called method
//! for that type.
//!
//! Knows nothing of how a call is counted or attributed when the type is not known
//! (`methods.rs`).

use super::paths::Resolved;
use super::scope::{NS_TYPE, NS_VALUE};
use super::{Def, Resolver};
use crate::model::ItemKind;
use crate::parse::type_paths::{
    ARG, CALL, CLOSURE, ELEM, FIELD, LAYER, RESULT, TRY, VALUE, is_arg,
};

/// Where a method call goes, from its receiver's type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Target {
    /// The project module that defines the method for the receiver's type, and that type or
    /// trait (an item index) when it is a project item.
    Module(usize, Option<usize>),
    /// A method of a std or dependency type.
    External,
    /// The type, or its method, is not known.
    Unknown,
}

/// Longest chain of aliases followed for one type.
pub(super) const MAX_HOPS: usize = 16;

/// Longest chain of project `Deref` impls followed.
pub(super) const MAX_DEREF: usize = 4;

/// The layer a lock guard or `RefCell` borrow is: it derefs to its content, and `unwrap()` or
/// `?` on it (std's `LockResult`) is the guard itself.
const GUARD: &str = "Guard";

/// The type a receiver holds while its steps are evaluated.
pub(super) struct Value<'r> {
    /// Std layers over the base, outermost first (`Option`, `Result`, `Mutex`, `Vec`…).
    pub(super) layers: Vec<&'r str>,
    pub(super) base: Base<'r>,
    /// The type arguments written on the base type, each with the module it is written in:
    /// what the [`GENERIC`] segments of its fields and method results stand for ("" when
    /// not known).
    pub(super) args: Vec<(usize, &'r str)>,
}

pub(super) enum Base<'r> {
    /// A type path not resolved yet, as written in module `at`. `loaded`: read from a field,
    /// alias or return type, where a path that names nothing is a generic parameter (unknown)
    /// rather than a std or dependency type.
    Path {
        at: usize,
        segs: Vec<&'r str>,
        loaded: bool,
    },
    /// A project type, trait or struct.
    Item(usize),
    /// What a std method that is not modelled returns (`iter().map(..)`): a std value.
    Std,
    /// A std or dependency type.
    External,
    /// Not known.
    Unknown,
}

impl<'r> Value<'r> {
    pub(super) fn of(base: Base<'r>) -> Self {
        Value {
            layers: Vec::new(),
            base,
            args: Vec::new(),
        }
    }

    pub(super) fn drop_guards(&mut self) {
        while self.layers.first() == Some(&GUARD) {
            self.layers.remove(0);
        }
    }
}

/// Whether a segment of a receiver path is a step after its base path.
fn is_step(s: &str) -> bool {
    s == CALL || s == VALUE || s == TRY || s == ELEM || s.starts_with([FIELD, RESULT, CLOSURE])
}

/// Methods of any type that return a value of the same type (or a reference to it).
fn same_type(method: &str) -> bool {
    matches!(
        method,
        "clone"
            | "to_owned"
            | "as_ref"
            | "as_mut"
            | "borrow"
            | "borrow_mut"
            | "deref"
            | "deref_mut"
            | "new"
            | "default"
            | "by_ref"
    )
}

impl<'a> Resolver<'a> {
    /// Where the method call `path` (a receiver path, then the method name) written in module
    /// `m` goes, from its receiver's type.
    pub(crate) fn receiver_target(&self, m: usize, path: &'a str) -> Target {
        let Some((receiver, method)) = path.rsplit_once("::") else {
            return Target::Unknown;
        };
        let segs: Vec<&'a str> = receiver.split("::").collect();
        let mut v = self.eval(m, &segs);
        v.drop_guards();
        if let Some(outer) = v.layers.first() {
            // A method of the layer's own type: a project trait implemented for it
            // (`impl OkOrMessage for Option<T>`), else std's.
            return match self.typed_method(outer, method) {
                Some([only]) => Target::Module(*only as usize, None),
                _ => Target::External,
            };
        }
        self.resolve_base(&mut v, None);
        let mut v = self.through_deref(v, method);
        v.drop_guards();
        if let Some(outer) = v.layers.first() {
            return match self.typed_method(outer, method) {
                Some([only]) => Target::Module(*only as usize, None),
                _ => Target::External,
            };
        }
        match v.base {
            Base::Item(i) => {
                let item = &self.items[i];
                match self.typed_method(&item.name, method) {
                    Some(defs) if defs.contains(&(item.module as u32)) => {
                        Target::Module(item.module, Some(i))
                    }
                    Some([only]) => Target::Module(*only as usize, Some(i)),
                    _ => Target::Unknown,
                }
            }
            Base::External | Base::Std => Target::External,
            Base::Path { .. } | Base::Unknown => Target::Unknown,
        }
    }

    /// The modules that define method `method` of `owner` (a type or trait name).
    pub(super) fn typed_method(&self, owner: &str, method: &str) -> Option<&[u32]> {
        self.typed_methods
            .get(owner)
            .and_then(|m| m.get(method))
            .map(Vec::as_slice)
    }

    /// The value a receiver path holds: its layers, base and steps in turn.
    pub(super) fn eval(&self, m: usize, segs: &[&'a str]) -> Value<'a> {
        let split = segs
            .iter()
            .position(|s| !s.starts_with(LAYER))
            .unwrap_or(segs.len());
        let layers: Vec<&str> = segs[..split]
            .iter()
            .map(|s| &s[LAYER.len_utf8()..])
            .collect();
        let rest = &segs[split..];
        let n = rest.iter().position(|s| is_step(s)).unwrap_or(rest.len());
        let (base, mut steps) = rest.split_at(n);
        let mut v = match steps.first() {
            Some(&s) if s == CALL || s == VALUE => {
                steps = &steps[1..];
                self.value_of_path(m, base, s == CALL)
            }
            _ => Value {
                layers,
                base: Base::Path {
                    at: m,
                    segs: base.iter().copied().filter(|s| !is_arg(s)).collect(),
                    loaded: false,
                },
                args: base
                    .iter()
                    .filter_map(|s| s.strip_prefix(ARG).map(|a| (m, a)))
                    .collect(),
            },
        };
        let mut i = 0;
        while i < steps.len() {
            let step = steps[i];
            i += 1;
            if let Some(field) = step.strip_prefix(FIELD) {
                v.drop_guards();
                if !v.layers.is_empty() {
                    return Value::of(Base::Unknown);
                }
                if self.resolve_base(&mut v, Some(field)) {
                    continue;
                }
                v = self.field_of(v, field);
            } else if let Some(method) = step.strip_prefix(RESULT) {
                v = self.method_result(m, v, method);
            } else if step.starts_with(CLOSURE) {
                v = self.closure_input(v, step);
            } else if step == TRY {
                // An alias's layers first (`DbResult<T>` is a `Result`).
                let mut written = None;
                if v.layers.is_empty() {
                    if let Base::Path { segs, .. } = &v.base {
                        written = segs.last().copied();
                    }
                    self.resolve_base(&mut v, None);
                }
                // A dependency's `XResult<T>` (`StorageResult`, `ApiResult`): an alias of
                // `Result<T, E>` whose definition is not read; `?` gives `T`.
                let dependency_result = v.layers.is_empty()
                    && matches!(v.base, Base::External | Base::Unknown)
                    && written.is_some_and(|w| w.len() > "Result".len() && w.ends_with("Result"));
                if let Some(&arg) = v
                    .args
                    .first()
                    .filter(|a| dependency_result && !a.1.is_empty())
                {
                    v = self.type_argument(arg);
                    continue;
                }
                v.drop_guards();
                match v.layers.first() {
                    Some(&("Option" | "Result")) => {
                        v.layers.remove(0);
                    }
                    Some(_) => return Value::of(Base::Unknown),
                    None => {}
                }
            } else if step == ELEM {
                if v.layers.is_empty() {
                    self.resolve_base(&mut v, None);
                }
                v.drop_guards();
                match v.layers.first() {
                    Some(&("Vec" | "Map" | "Option" | "Result")) => {
                        v.layers.remove(0);
                    }
                    _ => return Value::of(Base::Unknown),
                }
            }
            if v.layers.is_empty() && matches!(v.base, Base::Unknown | Base::External) {
                break;
            }
        }
        v
    }

    /// The value a path names (`VALUE`: a const or static) or returns when called (`CALL`: a
    /// fn, a tuple struct, `Type::function`).
    fn value_of_path(&self, m: usize, segs: &[&'a str], call: bool) -> Value<'a> {
        let Some(&last) = segs.last() else {
            return Value::of(Base::Unknown);
        };
        match self.resolve_path(m, segs, false, NS_VALUE, false) {
            Resolved::Def(Def::External(_)) => Value::of(Base::External),
            Resolved::Def(Def::Item(i)) => {
                let item = &self.items[i as usize];
                if item.name == last {
                    let wanted = match item.kind {
                        ItemKind::Fn => call,
                        ItemKind::Const | ItemKind::Static => !call,
                        ItemKind::Struct => return Value::of(Base::Item(i as usize)),
                        _ => false,
                    };
                    match self
                        .returned("", last, Some(item.module))
                        .filter(|_| wanted)
                    {
                        Some((at, path)) => self.load(at, path, &[]),
                        None => Value::of(Base::Unknown),
                    }
                } else if call {
                    // The path stops at a type: `Type::function(..)`.
                    let ty = Value::of(Base::Path {
                        at: m,
                        segs: segs[..segs.len() - 1].to_vec(),
                        loaded: false,
                    });
                    self.method_result(m, ty, last)
                } else {
                    Value::of(Base::Unknown)
                }
            }
            // `Vec::new()`, `String::from(..)`: a function of a type that is no project path.
            Resolved::None
                if call
                    && segs.len() >= 2
                    && self.resolve_path(m, &segs[..segs.len() - 1], false, NS_TYPE, false)
                        == Resolved::None =>
            {
                Value::of(Base::External)
            }
            _ => Value::of(Base::Unknown),
        }
    }

    /// Resolves the base path of `v` to an item, following aliases (whose layers then come
    /// first). When the next step is a field and an alias is of a one-argument wrapper
    /// (`type DbState = State<Db>`), the field is reached through the argument (`.0` is the
    /// argument itself: returns true, the step is taken).
    pub(super) fn resolve_base(&self, v: &mut Value<'a>, next_field: Option<&str>) -> bool {
        let mut taken = false;
        for _ in 0..MAX_HOPS {
            let Base::Path { at, segs, loaded } = &v.base else {
                return taken;
            };
            let (at, loaded) = (*at, *loaded);
            let (index, item) = match self.resolve_path(at, segs, false, NS_TYPE, false) {
                Resolved::Def(Def::External(_)) => {
                    v.base = Base::External;
                    return taken;
                }
                Resolved::Def(Def::Item(i)) => (i as usize, &self.items[i as usize]),
                // Not a project path (std's prelude, a dependency's glob): not ours. (A stored
                // type may be a generic parameter, which says nothing.)
                Resolved::None if !loaded => {
                    v.base = Base::External;
                    return taken;
                }
                _ => {
                    v.base = Base::Unknown;
                    return taken;
                }
            };
            if item.kind != ItemKind::TypeAlias {
                v.base = Base::Item(index);
                return taken;
            }
            let Some((_, target, inner)) = self.facts[item.module]
                .aliases
                .iter()
                .find(|(a, _, _)| *a == item.name)
            else {
                v.base = Base::Unknown;
                return taken;
            };
            let path = match (inner, next_field) {
                (Some(inner), Some(field)) if !taken => {
                    taken = field == "0";
                    inner
                }
                _ => target,
            };
            // The alias's own parameters are the type arguments written on it.
            let args = std::mem::take(&mut v.args);
            let next = self.load(item.module, path, &args);
            v.layers.extend(next.layers);
            v.base = next.base;
            v.args = next.args;
            if !v.layers.is_empty() {
                return taken;
            }
        }
        v.base = Base::Unknown;
        taken
    }

    /// The value of field `field` of `v` (no layers).
    fn field_of(&self, v: Value<'a>, field: &str) -> Value<'a> {
        self.field_at(v, field, 0)
    }

    fn field_at(&self, v: Value<'a>, field: &str, depth: usize) -> Value<'a> {
        match v.base {
            Base::Item(i) => {
                let item = &self.items[i];
                let facts: &'a [crate::parse::ir::ModuleFacts] = self.facts;
                match facts[item.module]
                    .field_types
                    .iter()
                    .find(|(s, f, _)| *s == item.name && f == field)
                {
                    Some((_, _, ty)) => self.load(item.module, ty, &v.args),
                    // A project type that derefs to another: the field is the target's.
                    None => match self.deref_of(&v) {
                        Some(mut d) if depth < MAX_DEREF => {
                            d.drop_guards();
                            if !d.layers.is_empty() {
                                return Value::of(Base::Unknown);
                            }
                            self.resolve_base(&mut d, None);
                            self.field_at(d, field, depth + 1)
                        }
                        _ => Value::of(Base::Unknown),
                    },
                }
            }
            Base::External => v,
            _ => Value::of(Base::Unknown),
        }
    }

    /// What the fn or method `name` of `owner` returns, written where: the definition in
    /// module `prefer` if there is one, else the only one.
    pub(super) fn returned(
        &self,
        owner: &str,
        name: &str,
        prefer: Option<usize>,
    ) -> Option<(usize, &'a [String])> {
        let defs = self.returns.get(owner)?.get(name)?;
        let pick = match prefer.and_then(|p| defs.iter().find(|(m, _)| *m as usize == p)) {
            Some(d) => d,
            None => match defs.as_slice() {
                [only] => only,
                _ => return None,
            },
        };
        let (m, i) = (pick.0 as usize, pick.1 as usize);
        let facts: &'a [crate::parse::ir::ModuleFacts] = self.facts;
        facts[m].returns.get(i).map(|(_, _, p)| (m, p.as_slice()))
    }

    /// The type of a parameter of a closure passed to a method of `v` (`step` is
    /// `|method/J/K`), from the method's `Fn` bound.
    fn closure_input(&self, mut v: Value<'a>, step: &str) -> Value<'a> {
        self.resolve_base(&mut v, None);
        v.drop_guards();
        match v.base {
            Base::Item(i) if v.layers.is_empty() => {
                let item = &self.items[i];
                match self.returned(&item.name, step, Some(item.module)) {
                    Some((at, path)) => self.load(at, path, &v.args),
                    None => Value::of(Base::Unknown),
                }
            }
            _ => Value::of(Base::Unknown),
        }
    }

    /// What calling `method` on `v` returns.
    fn method_result(&self, m: usize, mut v: Value<'a>, method: &'a str) -> Value<'a> {
        if !v.layers.is_empty() {
            return self.layer_method(m, v, method);
        }
        self.resolve_base(&mut v, None);
        if !v.layers.is_empty() {
            return self.layer_method(m, v, method);
        }
        match v.base {
            Base::Item(i) => {
                let item = &self.items[i];
                if let Some((at, path)) = self.returned(&item.name, method, Some(item.module)) {
                    return self.load(at, path, &v.args);
                }
                // A method the type gets elsewhere that returns its own type, or a variant.
                if same_type(method) || method.starts_with(|c: char| c.is_ascii_uppercase()) {
                    return v;
                }
                // A method of what a project `Deref` impl reaches.
                let d = self.through_deref(v, method);
                match d.base {
                    _ if !d.layers.is_empty() => self.layer_method(m, d, method),
                    Base::Item(j) if j != i => {
                        let target = &self.items[j];
                        match self.returned(&target.name, method, Some(target.module)) {
                            Some((at, path)) => self.load(at, path, &d.args),
                            None => Value::of(Base::Unknown),
                        }
                    }
                    _ => Value::of(Base::Unknown),
                }
            }
            // A project extension trait in scope gives the dependency type this method.
            Base::External => self.extension_result(m, method).unwrap_or(v),
            Base::Std if iterator_adapter(method) => v,
            _ => Value::of(Base::Unknown),
        }
    }

    /// What calling `method` on a value whose outer layer is std's returns.
    fn layer_method(&self, m: usize, mut v: Value<'a>, method: &'a str) -> Value<'a> {
        let Some(&outer) = v.layers.first() else {
            return v;
        };
        let set = |v: &mut Value<'a>, layer: &'a str| v.layers[0] = layer;
        match (outer, method) {
            (GUARD, "unwrap" | "expect") => {
                v.layers.remove(0);
            }
            (GUARD, _) => {
                v.layers.remove(0);
                return self.method_result(m, v, method);
            }
            (
                "Option" | "Result",
                "unwrap" | "expect" | "unwrap_or" | "unwrap_or_else" | "unwrap_or_default"
                | "unwrap_unchecked",
            )
            | (
                "Mutex" | "RefCell" | "Cell",
                "get_mut" | "into_inner" | "get" | "take" | "get_cloned",
            )
            | ("Once", "get_or_init" | "get_or_try_init" | "wait") => {
                v.layers.remove(0);
            }
            (
                "Option" | "Result",
                "as_ref" | "as_mut" | "as_deref" | "as_deref_mut" | "clone" | "cloned" | "copied"
                | "ok" | "ok_or" | "ok_or_else" | "map_err" | "or" | "or_else" | "context"
                | "with_context" | "take" | "inspect" | "inspect_err",
            )
            | (
                "Vec",
                "iter" | "iter_mut" | "into_iter" | "drain" | "as_slice" | "as_mut_slice"
                | "to_vec" | "as_ref" | "clone" | "filter" | "rev" | "skip" | "take" | "cloned"
                | "copied" | "peekable" | "skip_while" | "take_while" | "inspect" | "step_by"
                | "by_ref" | "chain",
            ) => {}
            (
                "Mutex" | "RefCell",
                "lock" | "read" | "write" | "try_lock" | "try_read" | "try_write" | "blocking_lock"
                | "blocking_read" | "blocking_write" | "lock_owned" | "read_owned" | "write_owned"
                | "borrow" | "borrow_mut" | "try_borrow" | "try_borrow_mut",
            ) => set(&mut v, GUARD),
            ("Once", "get")
            | (
                "Vec",
                "get" | "get_mut" | "first" | "last" | "first_mut" | "last_mut" | "pop"
                | "pop_front" | "pop_back" | "front" | "back" | "next" | "find" | "nth" | "max"
                | "min" | "max_by_key" | "min_by_key" | "max_by" | "min_by" | "peek",
            )
            | ("Map", "get" | "get_mut" | "remove") => set(&mut v, "Option"),
            ("Map", "values" | "values_mut" | "into_values") => set(&mut v, "Vec"),
            _ => {
                // A project trait implemented for the std type (`impl Ext for Option<T>`).
                return match self.returned(outer, method, None) {
                    Some((at, path)) => self.load(at, path, &[]),
                    None => Value::of(Base::Std),
                };
            }
        }
        v
    }
}

/// Iterator adapters: a std iterator in, a std iterator out.
fn iterator_adapter(method: &str) -> bool {
    matches!(
        method,
        "map"
            | "filter"
            | "filter_map"
            | "flat_map"
            | "enumerate"
            | "rev"
            | "skip"
            | "take"
            | "chain"
            | "zip"
            | "cloned"
            | "copied"
            | "peekable"
            | "skip_while"
            | "take_while"
            | "inspect"
            | "flatten"
            | "step_by"
            | "by_ref"
            | "iter"
            | "into_iter"
            | "map_while"
            | "scan"
    )
}
