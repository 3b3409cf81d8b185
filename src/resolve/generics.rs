//! The type arguments of a receiver's type and what they stand for: a stored field, alias or
//! result type loaded with its [`GENERIC`] segments replaced by the type arguments written on
//! the value it belongs to (`Table<BucketTable, R>::get_local` returns `Option<F::E>`, the `E`
//! of `impl TableSchema for BucketTable`: `Bucket`), or by the parameter's trait bound when
//! they are not known; and project `Deref` impls, through which methods and fields fall.

use super::Resolver;
use super::receiver::{Base, MAX_DEREF, MAX_HOPS, Value};
use crate::parse::type_paths::{ARG, ARG_SEP, GENERIC, LAYER};

impl<'a> Resolver<'a> {
    /// What a project type derefs to (`impl Deref for A { type Target = B; }`).
    pub(super) fn deref_of(&self, v: &Value<'a>) -> Option<Value<'a>> {
        let Base::Item(i) = v.base else {
            return None;
        };
        let item = &self.items[i];
        let (at, path) = self.returned(&item.name, "=Deref", Some(item.module))?;
        Some(self.load(at, path, &v.args))
    }

    /// `v` or, when it is a project type without a method `method` that derefs to another
    /// (a project `Deref` impl), what it derefs to, resolved, followed a few times.
    pub(super) fn through_deref(&self, mut v: Value<'a>, method: &str) -> Value<'a> {
        for _ in 0..MAX_DEREF {
            let Base::Item(i) = v.base else {
                return v;
            };
            if !v.layers.is_empty() || self.typed_method(&self.items[i].name, method).is_some() {
                return v;
            }
            let Some(mut d) = self.deref_of(&v) else {
                return v;
            };
            d.drop_guards();
            if d.layers.is_empty() {
                self.resolve_base(&mut d, None);
            }
            v = d;
        }
        v
    }

    /// A stored layered path written in module `at` (a field's, alias's or result's type),
    /// its [`GENERIC`] segments replaced by `subst`, the type arguments of the value it
    /// belongs to (their trait bound when not known; an associated type `F::E` through the
    /// argument's `impl`).
    pub(super) fn load(
        &self,
        at: usize,
        path: &'a [String],
        subst: &[(usize, &'a str)],
    ) -> Value<'a> {
        self.load_segs(at, path.iter().map(String::as_str), subst, 0)
    }

    /// The value of a type argument written on another value (`T` of `StorageResult<T>`).
    pub(super) fn type_argument(&self, (at, arg): (usize, &'a str)) -> Value<'a> {
        self.load_segs(at, arg.split(ARG_SEP), &[], 0)
    }

    fn load_segs(
        &self,
        at: usize,
        path: impl Iterator<Item = &'a str>,
        subst: &[(usize, &'a str)],
        depth: usize,
    ) -> Value<'a> {
        let mut layers = Vec::new();
        let mut segs: Vec<&'a str> = Vec::new();
        let mut args = Vec::new();
        for s in path {
            if let Some(a) = s.strip_prefix(ARG) {
                args.push(match a.strip_prefix(GENERIC) {
                    Some(n) => n
                        .parse::<usize>()
                        .ok()
                        .and_then(|n| subst.get(n).copied())
                        .unwrap_or((at, "")),
                    None => (at, a),
                });
            } else if segs.is_empty()
                && let Some(layer) = s.strip_prefix(LAYER)
            {
                layers.push(layer);
            } else {
                segs.push(s);
            }
        }
        let Some(&first) = segs.first() else {
            return Value::of(Base::Unknown);
        };
        let Some(marker) = first.strip_prefix(GENERIC) else {
            return Value {
                layers,
                base: Base::Path {
                    at,
                    segs,
                    loaded: true,
                },
                args,
            };
        };
        let mut parts = marker.split(ARG_SEP);
        let arg = parts
            .next()
            .and_then(|n| n.parse::<usize>().ok())
            .and_then(|n| subst.get(n).copied())
            .filter(|(_, a)| !a.is_empty());
        let mut v = match (arg, &segs[1..]) {
            // `T`: the argument itself.
            (Some((aat, a)), []) if depth < MAX_HOPS => {
                self.load_segs(aat, a.split(ARG_SEP), &[], depth + 1)
            }
            // `F::E`: the associated type `E` of the argument's impl.
            (Some((aat, a)), [assoc]) if depth < MAX_HOPS => {
                let mut owner = self.load_segs(aat, a.split(ARG_SEP), &[], depth + 1);
                self.resolve_base(&mut owner, None);
                match owner.base {
                    Base::Item(j) if owner.layers.is_empty() => {
                        let item = &self.items[j];
                        let key = format!("={assoc}");
                        match self.returned(&item.name, &key, Some(item.module)) {
                            Some((at2, p)) => self.load_segs(
                                at2,
                                p.iter().map(String::as_str),
                                &owner.args,
                                depth + 1,
                            ),
                            None => Value::of(Base::Unknown),
                        }
                    }
                    _ => Value::of(Base::Unknown),
                }
            }
            // Not known: the parameter's first trait bound.
            (None, []) => {
                let bound: Vec<&'a str> = parts.collect();
                if bound.is_empty() {
                    Value::of(Base::Unknown)
                } else {
                    Value {
                        layers: Vec::new(),
                        base: Base::Path {
                            at,
                            segs: bound,
                            loaded: true,
                        },
                        args: Vec::new(),
                    }
                }
            }
            _ => Value::of(Base::Unknown),
        };
        layers.append(&mut v.layers);
        v.layers = layers;
        v
    }

    /// The project type a value of receiver path `path` (written in module `m`) holds, inside
    /// any std layers (`Option<user::Model>` holds a `user::Model`).
    pub(crate) fn held_item(&self, m: usize, path: &[&'a str]) -> Option<usize> {
        let mut v = self.eval(m, path);
        for _ in 0..MAX_DEREF {
            v.layers.clear();
            self.resolve_base(&mut v, None);
        }
        match v.base {
            Base::Item(i) => Some(i),
            _ => None,
        }
    }
}
