//! An API edit confined to one module, applied to a stored extraction without resolving the
//! package again (the Python side of [`crate::moved::Replace`]; the Rust one is
//! `rust::patch`).
//!
//! The full extraction records the *closed* modules ([`Notes`]): a `.py` file without a stub,
//! the only file of its module name, that no other module read while being emitted (an
//! import, a star import, a base class) and whose definitions were not rewritten from
//! another module's data (imported type aliases, a stub's run-time keywords).
//!
//! An edit of a closed module qualifies when, positions aside, only its definitions differ,
//! it has no star import, and no changed name is imported or re-exported there, is
//! `__getattr__`, is a class with base classes, or is the base of a class of the module
//! (whose inherited members would change). The changed names are emitted alone with the
//! emitter of the full run, from the old summary and from the new one; the old emission must
//! be exactly what the stored extraction holds under those names. Any doubt runs the full
//! extraction.

use super::{Pkg, PyModule, base_names, emit_module, is_class};
use crate::moved::{EntryNotes, FileEdit, Moves, Replace};
use accord_model::Finding;
use accord_model::surface::{Surface, Symbol};
use std::collections::{BTreeMap, BTreeSet};

/// What a full extraction learnt about the package for later edits.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub(super) struct Notes {
    /// (file relative to the package root, module name) of each closed module, by file.
    closed: Vec<(String, String)>,
    top_names: Vec<String>,
    /// Paths emitted more than once (the first kept).
    shadowed: BTreeSet<String>,
}

impl EntryNotes for Notes {}

impl Notes {
    /// The notes of a finished emission: `files` are the `.py` module files without a stub
    /// (path, module name), `entangled` the modules read for another or rewritten from one.
    pub(super) fn of(
        files: &[(String, &str)],
        modules: &BTreeMap<String, PyModule>,
        entangled: &BTreeSet<String>,
        top_names: &[String],
    ) -> Notes {
        let mut per_name: BTreeMap<&str, usize> = BTreeMap::new();
        for (_, name) in files {
            *per_name.entry(name).or_default() += 1;
        }
        let mut closed: Vec<(String, String)> = files
            .iter()
            .filter(|(_, name)| {
                per_name.get(name) == Some(&1)
                    && !entangled.contains(*name)
                    && modules.contains_key(*name)
            })
            .map(|(file, name)| (file.clone(), name.to_string()))
            .collect();
        closed.sort();
        Notes {
            closed,
            top_names: top_names.to_vec(),
            shadowed: BTreeSet::new(),
        }
    }

    pub(super) fn with_shadowed(mut self, paths: Vec<String>) -> Notes {
        self.shadowed = paths.into_iter().collect();
        self
    }

    /// The edit of `file` from summary `old` to `new`, when it can be applied to the stored
    /// extraction.
    pub(super) fn judge(
        &self,
        file: &str,
        old: &(PyModule, Option<Finding>),
        new: &(PyModule, Option<Finding>),
    ) -> Option<Edit> {
        if let Some(m) = Moves::between(old, new, file) {
            return Some(Edit::Moved(m));
        }
        if old.1.is_some() || new.1.is_some() {
            return None;
        }
        self.defs_edit(file, &old.0, &new.0).map(Edit::Defs)
    }

    fn defs_edit(&self, file: &str, old: &PyModule, new: &PyModule) -> Option<Replace> {
        let i = self
            .closed
            .binary_search_by(|(f, _)| f.as_str().cmp(file))
            .ok()?;
        let name = &self.closed[i].1;
        if old.name != *name || new.name != *name || !old.stars.is_empty() || !new.stars.is_empty()
        {
            return None;
        }
        let names: BTreeSet<&String> = old.defs.keys().chain(new.defs.keys()).collect();
        let mut changed = BTreeSet::new();
        for n in names {
            let same = match (old.defs.get(n), new.defs.get(n)) {
                (Some(o), Some(x)) => Moves::between(o, x, file).is_some(),
                _ => false,
            };
            if !same {
                changed.insert(n.clone());
            }
        }
        let doubtful = |m: &PyModule| {
            changed
                .iter()
                .any(|n| n == "__getattr__" || m.imports.contains_key(n) || m.reexports.contains(n))
                || m.defs.iter().any(|(n, syms)| {
                    let Some(class) = syms.first().filter(|c| is_class(c.kind)) else {
                        return false;
                    };
                    let bases = base_names(class);
                    (changed.contains(n) && !bases.is_empty())
                        || bases.iter().any(|b| {
                            changed
                                .iter()
                                .any(|c| b == c || b.ends_with(&format!(".{c}")))
                        })
                })
        };
        if doubtful(old) || doubtful(new) {
            return None;
        }
        // Everything else must only have moved.
        let rest = |m: &PyModule| PyModule {
            defs: m
                .defs
                .iter()
                .filter(|(n, _)| !changed.contains(*n))
                .map(|(n, v)| (n.clone(), v.clone()))
                .collect(),
            ..m.clone()
        };
        let moves = Moves::between(&rest(old), &rest(new), file)?;
        let (old_symbols, old_restricted) = self.emit(old, &changed);
        let (new_symbols, new_restricted) = self.emit(new, &changed);
        if old_symbols.iter().any(|s| self.shadowed.contains(&s.path)) {
            return None;
        }
        Some(Replace {
            moves,
            prefixes: changed.iter().map(|n| format!("{name}.{n}")).collect(),
            separators: &[".", "#"],
            old_symbols,
            new_symbols,
            restricted_added: new_restricted
                .difference(&old_restricted)
                .cloned()
                .collect(),
            restricted_removed: old_restricted
                .difference(&new_restricted)
                .cloned()
                .collect(),
        })
    }

    /// What the full emitter gives the `changed` names of module `m` alone, sorted and
    /// de-duplicated by path as the surface is.
    fn emit(&self, m: &PyModule, changed: &BTreeSet<String>) -> (Vec<Symbol>, BTreeSet<String>) {
        let modules = BTreeMap::from([(m.name.clone(), m.clone())]);
        let pkg = Pkg::new(&modules);
        pkg.emitting.set(Some(&m.name));
        let (mut symbols, mut restricted) = (Vec::new(), Vec::new());
        emit_module(
            &pkg,
            m,
            &self.top_names,
            Some(changed),
            &mut symbols,
            &mut restricted,
        );
        symbols.sort_by(|a, b| a.path.cmp(&b.path));
        symbols.dedup_by(|a, b| a.path == b.path);
        (symbols, restricted.into_iter().collect())
    }
}

/// How one changed file of a stale package entry is brought up to date.
pub(super) enum Edit {
    /// Only positions changed.
    Moved(Moves),
    /// Definitions of a closed module changed.
    Defs(Replace),
}

impl FileEdit for Edit {
    fn moves(&self) -> &Moves {
        match self {
            Edit::Moved(m) => m,
            Edit::Defs(d) => d.moves(),
        }
    }

    fn apply(&self, surface: &mut Surface, rel: &str) -> bool {
        match self {
            Edit::Moved(m) => m.apply(surface, rel),
            Edit::Defs(d) => d.apply(surface, rel),
        }
    }
}
