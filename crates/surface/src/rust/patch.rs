//! An API edit confined to one module, applied to a stored extraction without resolving the
//! crate again.
//!
//! Adding, removing or changing a public function, constant or type in one file is the
//! other common edit besides a body edit ([`crate::moved`]). Resolution then usually
//! changes nothing outside that module: its items appear under the module's one public path,
//! and nothing else reads them. The full extraction records which modules are so *closed*
//! ([`Notes`]): loaded from one file, emitted under one public path, never read by a path
//! resolution of any module (a `use`, a re-export, a trait bound that `sealed` looks at).
//! It also records the impl blocks of types their module does not declare, which can attach
//! to a type of another module.
//!
//! An edit of a closed module's file qualifies when, positions aside, only its `decls`,
//! `restricted` and `private` lists differ, no changed item is a trait (sealing, blanket
//! impls), no changed name is an impl target anywhere else or changes between type and
//! value, and the file holds no macro definitions or invocations (expansions are not in the
//! per-file summary). The changed items are emitted alone, with the emitter the full run uses,
//! under the module's recorded path, once from the old summary and once from the new. The
//! old emission must be exactly what the stored extraction holds under those paths (a check
//! that the stored extraction is what this reasoning expects); it is replaced by the new one,
//! and the rest of the file's symbols are moved like a body edit's. A new path that already
//! exists, or a restricted path that would disappear, is doubt. Any doubt runs the full
//! extraction.

use super::{Decl, Emitter, ModSummary, Tree};
use crate::moved::{EntryNotes, FileEdit, Moves, Replace};
use accord_model::surface::{Surface, Symbol, SymbolKind};
use std::collections::{BTreeMap, BTreeSet};

/// What a full extraction learnt about the crate for later edits: its closed modules and the
/// impl blocks of types their module does not declare.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub(super) struct Notes {
    closed: Vec<Closed>,
    /// (module, type name) of each impl block whose module does not declare the type.
    foreign_impls: BTreeSet<(String, String)>,
    /// Paths emitted more than once (the first kept): replacing or removing the kept one
    /// would have to bring another back.
    shadowed: BTreeSet<String>,
}

/// A module whose items nothing but its own mount exports.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct Closed {
    /// Its file, relative to the package root.
    file: String,
    internal: String,
    public: String,
    feature: Option<String>,
    hidden: bool,
}

impl EntryNotes for Notes {}

impl Notes {
    /// The notes of a finished emission.
    pub(super) fn of(tree: &Tree<'_>, out: &Emitter<'_>, proc_macro: bool) -> Notes {
        let mut notes = Notes::default();
        if proc_macro {
            return notes;
        }
        let consulted = tree.consulted.borrow();
        for (file, internals) in &tree.files {
            let [internal] = internals.as_slice() else {
                continue;
            };
            if out.mounts.get(internal) != Some(&1) || consulted.contains(internal) {
                continue;
            }
            if let Some((public, feature, hidden)) = out.mounted_at.get(internal) {
                notes.closed.push(Closed {
                    file: file.clone(),
                    internal: internal.clone(),
                    public: public.clone(),
                    feature: feature.clone(),
                    hidden: *hidden,
                });
            }
        }
        notes.closed.sort_by(|a, b| a.file.cmp(&b.file));
        for (path, m) in &tree.modules {
            for block in &m.impls {
                if !tree.declares_type(path, &block.self_name) {
                    notes
                        .foreign_impls
                        .insert((path.clone(), block.self_name.clone()));
                }
            }
        }
        notes
    }

    pub(super) fn with_shadowed(mut self, paths: Vec<String>) -> Notes {
        self.shadowed = paths.into_iter().collect();
        self
    }

    /// How the edit of `file` from `old` to `new` changes the stored extraction, when it is
    /// confined to a closed module; `None` otherwise.
    pub(super) fn decl_edit(
        &self,
        file: &str,
        old: &ModSummary,
        new: &ModSummary,
    ) -> Option<Replace> {
        let i = self
            .closed
            .binary_search_by(|c| c.file.as_str().cmp(file))
            .ok()?;
        let closed = &self.closed[i];
        let macros = |m: &ModSummary| !m.macro_rules.is_empty() || super::has_invocations(m);
        if macros(old) || macros(new) {
            return None;
        }
        let (old_decls, new_decls) = (by_name(&old.decls)?, by_name(&new.decls)?);
        let names: BTreeSet<&str> = old_decls.keys().chain(new_decls.keys()).copied().collect();
        let mut changed = BTreeSet::new();
        for name in names {
            let (o, n) = (old_decls.get(name), new_decls.get(name));
            let same = match (o, n) {
                (Some(o), Some(n)) => Moves::between(*o, *n, file).is_some(),
                _ => false,
            };
            if same {
                continue;
            }
            let is_trait = |d: Option<&&Decl>| {
                d.and_then(|d| d.symbols.first())
                    .is_some_and(|s| s.kind == SymbolKind::Trait)
            };
            if is_trait(o) || is_trait(n) {
                return None;
            }
            // An impl elsewhere may attach to it; one here attaches elsewhere when the type
            // appears or goes.
            let foreign = self
                .foreign_impls
                .iter()
                .any(|(m, t)| t == name && *m != closed.internal);
            let stays_type = o.is_some_and(|d| d.is_type) && n.is_some_and(|d| d.is_type);
            let impl_here = old
                .impls
                .iter()
                .chain(&new.impls)
                .any(|b| b.self_name == name);
            if foreign || (impl_here && !stays_type) {
                return None;
            }
            changed.insert(name.to_string());
        }
        // Everything else must only have moved.
        let rest = |m: &ModSummary| ModSummary {
            decls: m
                .decls
                .iter()
                .filter(|d| !changed.contains(&d.name))
                .cloned()
                .collect(),
            restricted: Vec::new(),
            private: Vec::new(),
            ..m.clone()
        };
        let moves = Moves::between(&rest(old), &rest(new), file)?;
        let (old_symbols, old_restricted) = emit(closed, old, &changed);
        let (new_symbols, new_restricted) = emit(closed, new, &changed);
        if old_symbols.iter().any(|s| self.shadowed.contains(&s.path)) {
            return None;
        }
        let module_restricted = |m: &ModSummary| -> BTreeSet<String> {
            m.restricted
                .iter()
                .map(|r| format!("{}::{r}", closed.public))
                .collect()
        };
        let before: BTreeSet<String> = old_restricted
            .into_iter()
            .chain(module_restricted(old))
            .collect();
        let after: BTreeSet<String> = new_restricted
            .into_iter()
            .chain(module_restricted(new))
            .collect();
        // A restricted path may also come from elsewhere: never removed here.
        if !before.is_subset(&after) {
            return None;
        }
        Some(Replace {
            moves,
            prefixes: changed
                .iter()
                .map(|name| format!("{}::{name}", closed.public))
                .collect(),
            separators: &["::"],
            old_symbols,
            new_symbols,
            restricted_added: after.difference(&before).cloned().collect(),
            restricted_removed: Vec::new(),
        })
    }
}

/// Declarations by name; `None` when a name is declared twice (which one wins is the full
/// emission's business).
fn by_name(decls: &[Decl]) -> Option<BTreeMap<&str, &Decl>> {
    let mut out = BTreeMap::new();
    for d in decls {
        if out.insert(d.name.as_str(), d).is_some() {
            return None;
        }
    }
    Some(out)
}

/// The symbols and restricted paths the full emitter gives the `changed` declarations of
/// `m` mounted as `closed`, sorted and de-duplicated by path as the surface is.
fn emit(closed: &Closed, m: &ModSummary, changed: &BTreeSet<String>) -> (Vec<Symbol>, Vec<String>) {
    let mut tree = Tree::default();
    tree.modules.insert(closed.internal.clone(), m);
    let impls = tree.index_impls();
    let mut out = Emitter::new(&tree, &impls);
    for d in m.decls.iter().filter(|d| changed.contains(&d.name)) {
        out.decl(
            &closed.internal,
            d,
            &format!("{}::{}", closed.public, d.name),
            closed.feature.as_deref(),
            closed.hidden,
        );
    }
    let mut symbols = out.symbols;
    symbols.sort_by(|a, b| a.path.cmp(&b.path));
    symbols.dedup_by(|a, b| a.path == b.path);
    (symbols, out.restricted)
}

/// How one changed file of a stale package entry is brought up to date.
pub(super) enum Edit {
    /// Only positions changed.
    Moved(Moves),
    /// Items of a closed module changed.
    Decls(Replace),
}

impl FileEdit for Edit {
    fn moves(&self) -> &Moves {
        match self {
            Edit::Moved(m) => m,
            Edit::Decls(d) => d.moves(),
        }
    }

    fn apply(&self, surface: &mut Surface, rel: &str) -> bool {
        match self {
            Edit::Moved(m) => m.apply(surface, rel),
            Edit::Decls(d) => d.apply(surface, rel),
        }
    }
}

impl Notes {
    /// The edit of `file` from summary `old` to `new`, when it can be applied to the stored
    /// extraction.
    pub(super) fn judge(
        &self,
        file: &str,
        old: &Result<ModSummary, Box<accord_model::Finding>>,
        new: &Result<ModSummary, Box<accord_model::Finding>>,
    ) -> Option<Edit> {
        if let Some(m) = Moves::between(old, new, file) {
            return Some(Edit::Moved(m));
        }
        let (Ok(old), Ok(new)) = (old, new) else {
            return None;
        };
        self.decl_edit(file, old, new).map(Edit::Decls)
    }
}
