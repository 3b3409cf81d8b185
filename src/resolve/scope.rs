//! Module scopes: what each name means inside each module, in the type, value and macro
//! namespaces, after every `use` (globs, renames, re-exports, across crates) has been followed
//! to a fixed point. Also the path resolution used both for imports and for references.

use super::Def;
use crate::model::ItemKind;
use rustc_hash::FxHashMap;
use std::sync::Arc;

/// Namespace bit set.
pub type NsMask = u8;
/// Types, traits, modules.
pub const NS_TYPE: NsMask = 1;
/// Functions, consts, statics, constructors.
pub const NS_VALUE: NsMask = 2;
/// Macros.
pub const NS_MACRO: NsMask = 4;
/// Any namespace.
pub const NS_ANY: NsMask = NS_TYPE | NS_VALUE | NS_MACRO;

/// One meaning of a name in a scope.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Binding {
    /// Namespaces the name is bound in.
    pub ns: NsMask,
    /// What it means.
    pub def: Def,
    /// Declared or imported by name (true) or brought in by a glob (false).
    pub explicit: bool,
    /// Visible to modules other than this one's descendants: items and child modules (whose
    /// visibility is not tracked), `pub use` imports. A glob of another module brings only
    /// these.
    pub public: bool,
}

/// The names one module binds itself: its items and child modules, its imports by name, and the
/// variants or columns of an item it globs. Globs of modules are not copied in (see
/// `globs.rs`). Names are shared (`Arc<str>`) with the pools of module sets that glob each
/// other.
#[derive(Clone, Debug, Default)]
pub struct Scope {
    names: FxHashMap<Arc<str>, Bindings>,
}

/// The meanings of one name: almost always one, kept inline (a `Vec` would allocate room for
/// four on the first push, and web-sys's scopes hold twenty million entries). 16 bytes.
#[derive(Clone, Debug, Default)]
enum Bindings {
    /// Not bound yet (an entry just made).
    #[default]
    None,
    /// One meaning.
    One(Binding),
    /// Several (a name in several namespaces, or glob-imported from several modules); boxed,
    /// so that the common case stays small.
    Many(Box<Several>),
}

/// The rare case of [`Bindings`], behind one thin pointer.
#[derive(Clone, Debug)]
struct Several(Vec<Binding>);

impl Bindings {
    fn as_slice(&self) -> &[Binding] {
        match self {
            Bindings::None => &[],
            Bindings::One(b) => std::slice::from_ref(b),
            Bindings::Many(v) => &v.0,
        }
    }

    fn iter(&self) -> std::slice::Iter<'_, Binding> {
        self.as_slice().iter()
    }

    fn iter_mut(&mut self) -> std::slice::IterMut<'_, Binding> {
        match self {
            Bindings::None => Default::default(),
            Bindings::One(b) => std::slice::from_mut(b).iter_mut(),
            Bindings::Many(v) => v.0.iter_mut(),
        }
    }

    fn push(&mut self, binding: Binding) {
        *self = match std::mem::take(self) {
            Bindings::None => Bindings::One(binding),
            Bindings::One(b) => Bindings::Many(Box::new(Several(vec![b, binding]))),
            Bindings::Many(mut v) => {
                v.0.push(binding);
                Bindings::Many(v)
            }
        };
    }

    fn retain(&mut self, keep: impl Fn(&Binding) -> bool) {
        let kept: Vec<Binding> = self.iter().copied().filter(|b| keep(b)).collect();
        *self = match kept.len() {
            0 => Bindings::None,
            1 => Bindings::One(kept[0]),
            _ => Bindings::Many(Box::new(Several(kept))),
        };
    }
}

impl Scope {
    /// Adds a binding; returns true when the scope changed. Explicit bindings hide glob ones.
    pub fn add(&mut self, name: &str, binding: Binding) -> bool {
        // Most adds meet a name already there (globs re-applied): look it up before
        // allocating a key.
        let entry = match self.names.get_mut(name) {
            Some(entry) => entry,
            None => self.names.entry(Arc::from(name)).or_default(),
        };
        Self::add_to(entry, binding)
    }

    /// [`Scope::add`] with a name that is already shared (a glob's): no allocation.
    pub fn add_shared(&mut self, name: &Arc<str>, binding: Binding) -> bool {
        let entry = match self.names.get_mut(&**name) {
            Some(entry) => entry,
            None => self.names.entry(Arc::clone(name)).or_default(),
        };
        Self::add_to(entry, binding)
    }

    fn add_to(entry: &mut Bindings, binding: Binding) -> bool {
        // Shadowing is per namespace: an explicit binding hides a glob's binding of the same
        // name only in the namespaces it has (a local `fn room_servers` leaves the glob-imported
        // `room_servers` table module visible in the type namespace).
        let mut binding = binding;
        if !binding.explicit {
            let taken = entry
                .iter()
                .filter(|b| b.explicit)
                .fold(0, |acc, b| acc | b.ns);
            binding.ns &= !taken;
            if binding.ns == 0 {
                return false;
            }
        }
        if let Some(same) = entry
            .iter_mut()
            .find(|b| b.def == binding.def && b.ns & binding.ns == binding.ns)
        {
            // Imported again publicly: now visible to others.
            let upgraded = binding.public && !same.public;
            same.public |= binding.public;
            return upgraded;
        }
        if binding.explicit {
            for b in entry.iter_mut().filter(|b| !b.explicit) {
                b.ns &= !binding.ns;
            }
            entry.retain(|b| b.ns != 0);
        }
        entry.push(binding);
        true
    }

    /// The first binding of `name` in any of `ns`.
    pub fn get(&self, name: &str, ns: NsMask) -> Option<Def> {
        self.names
            .get(name)?
            .iter()
            .find(|b| b.ns & ns != 0)
            .map(|b| b.def)
    }

    /// The namespaces in which `name` is bound explicitly (declared or imported by name): a
    /// glob brings nothing there.
    pub fn explicit_ns(&self, name: &str) -> NsMask {
        self.all(name)
            .iter()
            .filter(|b| b.explicit)
            .fold(0, |acc, b| acc | b.ns)
    }

    /// Every binding of `name`.
    pub fn all(&self, name: &str) -> &[Binding] {
        self.names.get(name).map(Bindings::as_slice).unwrap_or(&[])
    }

    /// Every (name, binding), sorted by name for determinism.
    pub fn entries(&self) -> Vec<(&Arc<str>, &Binding)> {
        let mut out: Vec<(&Arc<str>, &Binding)> = self
            .names
            .iter()
            .flat_map(|(n, bs)| bs.iter().map(move |b| (n, b)))
            .collect();
        out.sort_by(|a, b| a.0.cmp(b.0));
        out
    }
}

/// Namespaces an item kind is bound in.
pub fn item_ns(kind: ItemKind) -> NsMask {
    match kind {
        // A struct may be a tuple or unit struct, whose constructor lives in the value
        // namespace; a diesel table is both a module-like type and the `dsl` value.
        ItemKind::Struct | ItemKind::Table => NS_TYPE | NS_VALUE,
        ItemKind::Enum | ItemKind::Union | ItemKind::Trait | ItemKind::TypeAlias => NS_TYPE,
        ItemKind::Fn | ItemKind::Const | ItemKind::Static => NS_VALUE,
        ItemKind::Macro => NS_MACRO,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn binding(ns: NsMask, item: u32, explicit: bool) -> Binding {
        Binding {
            ns,
            def: Def::Item(item),
            explicit,
            public: true,
        }
    }

    #[test]
    fn a_meaning_takes_sixteen_bytes() {
        assert!(std::mem::size_of::<Bindings>() <= 16);
    }

    #[test]
    fn explicit_names_hide_glob_ones_and_namespaces_stay_apart() {
        let mut scope = Scope::default();
        let shared: Arc<str> = Arc::from("x");
        assert!(scope.add_shared(&shared, binding(NS_TYPE, 1, false)));
        assert!(
            !scope.add_shared(&shared, binding(NS_TYPE, 1, false)),
            "no change"
        );
        assert!(scope.add("x", binding(NS_VALUE, 2, false)));
        assert_eq!(scope.all("x").len(), 2);
        // An explicit type binding replaces the glob one in the type namespace only.
        assert!(scope.add("x", binding(NS_TYPE, 3, true)));
        assert_eq!(scope.get("x", NS_TYPE), Some(Def::Item(3)));
        assert_eq!(scope.get("x", NS_VALUE), Some(Def::Item(2)));
        assert!(
            !scope.add("x", binding(NS_TYPE, 4, false)),
            "hidden by the explicit one"
        );
        let names: Vec<&str> = scope.entries().iter().map(|(n, _)| &***n).collect();
        assert_eq!(names, ["x", "x"]);
    }
}
