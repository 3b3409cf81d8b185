//! Module scopes: what each name means inside each module, in the type, value and macro
//! namespaces, after every `use` (globs, renames, re-exports, across crates) has been followed
//! to a fixed point. Also the path resolution used both for imports and for references.

use super::Def;
use crate::model::ItemKind;
use rustc_hash::FxHashMap;

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
}

/// The names of one module.
#[derive(Clone, Debug, Default)]
pub struct Scope {
    names: FxHashMap<String, Vec<Binding>>,
}

impl Scope {
    /// Adds a binding; returns true when the scope changed. Explicit bindings hide glob ones.
    pub fn add(&mut self, name: &str, binding: Binding) -> bool {
        // Most adds meet a name already there (globs re-applied): look it up before
        // allocating a key.
        let entry = match self.names.get_mut(name) {
            Some(entry) => entry,
            None => self.names.entry(name.to_string()).or_default(),
        };
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
        if entry
            .iter()
            .any(|b| b.def == binding.def && b.ns & binding.ns == binding.ns)
        {
            return false;
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

    /// Every binding of `name`.
    pub fn all(&self, name: &str) -> &[Binding] {
        self.names.get(name).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Every (name, binding), sorted by name for determinism.
    pub fn entries(&self) -> Vec<(&String, &Binding)> {
        let mut out: Vec<(&String, &Binding)> = self
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
