//! Code change rules: two [`Surface`]s of one package → classified findings.
//!
//! Symbols are paired by path. Unpaired symbols are removals and additions; a removal and an
//! addition with the same parent and signature are one rename. A removal whose path the new
//! surface lists as restricted is a visibility reduction. Children of a removed or added
//! symbol are reported with their parent, once. Each rule lives in its own file under
//! `rules/` and looks at the pairing through [`Cx`].
//!
//! ```
//! use accord_model::surface::{Language, SourceSpan, Surface, Symbol, SymbolKind};
//!
//! let mut old = Surface::new(Language::Rust, "ops");
//! old.symbols.push(Symbol::new("ops::run", SymbolKind::Function, SourceSpan::default()));
//! let new = Surface::new(Language::Rust, "ops");
//! let findings = accord_diff::code::diff_surfaces(&old, &new);
//! assert_eq!(findings[0].rule, "symbol-removed");
//! ```

pub mod rules;
mod ts_relation;
mod ts_types;
pub(crate) mod type_diff;

use accord_model::surface::{Language, Param, ParamKind, Surface, Symbol, SymbolKind, parent_path};
use accord_model::{Finding, Location, RuleMeta};
use std::collections::{BTreeMap, BTreeSet};

pub use rules::rules;
pub use ts_relation::{Position, Relation};

/// Runs every code rule on `old` → `new`; findings are sorted by path and rule.
///
/// An item reachable under several public paths (re-exports) gives one finding per change,
/// naming every path; a finding about something only the old surface has (a removal) is
/// located in the base revision (`Location::revision` = `"base"`).
pub fn diff_surfaces(old: &Surface, new: &Surface) -> Vec<Finding> {
    run(old, new, |_| true)
}

/// Runs only the rule with this id (used by the fixture harness).
pub fn diff_with_rule(old: &Surface, new: &Surface, id: &str) -> Vec<Finding> {
    run(old, new, |r| r.meta.id == id)
}

pub use accord_model::surface::BASE_REVISION;

fn run(old: &Surface, new: &Surface, select: impl Fn(&CodeRule) -> bool) -> Vec<Finding> {
    use rayon::prelude::*;
    let cx = Cx::new(old, new);
    // Rules are independent reads of one context; run them side by side (the diff is the
    // serial tail of `accord diff` once both surfaces are extracted) and keep rule order.
    let selected: Vec<&CodeRule> = rules::RULES.iter().filter(|r| select(r)).collect();
    let out: Vec<Finding> = selected
        .par_iter()
        .map(|rule| {
            let mut found = Vec::new();
            (rule.check)(&cx, &mut found);
            found
        })
        .collect::<Vec<_>>()
        .concat();
    let mut out = merge_aliases(&cx, out);
    out.sort_by(|a, b| (&a.logical_path, &a.rule).cmp(&(&b.logical_path, &b.rule)));
    out
}

/// The symbol path a finding is about: the longest prefix of its logical path (ending at a
/// `/` detail separator or at the end) that is a symbol of either surface.
fn subject<'f>(cx: &Cx<'_>, f: &'f Finding) -> Option<&'f str> {
    let lp = f.logical_path.as_str();
    let is_symbol = |p: &str| cx.old_symbol(p).is_some() || cx.new_symbol(p).is_some();
    if is_symbol(lp) {
        return Some(lp);
    }
    lp.rmatch_indices('/')
        .map(|(i, _)| &lp[..i])
        .find(|p| is_symbol(p))
}

/// One finding per changed item: findings of one rule about the same declaration (same
/// site, same item name, same detail, same message up to the path) are merged into the one
/// with the shortest path, listing the others. Removals are located in the base revision.
fn merge_aliases(cx: &Cx<'_>, findings: Vec<Finding>) -> Vec<Finding> {
    type Key = (String, String, u32, u32, String, String, String);
    let mut groups: BTreeMap<Key, Vec<(String, Finding)>> = BTreeMap::new();
    let mut loose = Vec::new();
    for mut f in findings {
        let Some(path) = subject(cx, &f).map(str::to_string) else {
            loose.push(f);
            continue;
        };
        if cx.new_symbol(&path).is_none() && cx.old_symbol(&path).is_some() {
            f.location = f.location.in_revision(BASE_REVISION);
        }
        let name = path.rsplit([':', '.']).next().unwrap_or(&path).to_string();
        let detail = f.logical_path[path.len()..].to_string();
        let key = (
            f.rule.clone(),
            f.location.path.clone(),
            f.location.line,
            f.location.column,
            name,
            detail,
            f.message.replace(&path, "\u{0}"),
        );
        groups.entry(key).or_default().push((path, f));
    }
    let mut out = loose;
    for (_, mut group) in groups {
        // Shortest path first: the crate-root re-export is what users import.
        group.sort_by(|(a, _), (b, _)| {
            (a.matches("::").count(), a.len(), a).cmp(&(b.matches("::").count(), b.len(), b))
        });
        let mut iter = group.into_iter();
        let Some((_, mut first)) = iter.next() else {
            continue;
        };
        let others: Vec<String> = iter.map(|(p, _)| p).collect();
        if !others.is_empty() {
            let list: Vec<String> = others.iter().map(|p| format!("`{p}`")).collect();
            first.message = format!("{} (also public as {})", first.message, list.join(", "));
            for p in others {
                let loc = first.location.clone();
                first = first.related(loc, format!("the same item, public as `{p}`"));
            }
        }
        out.push(first);
    }
    out
}

/// A code rule: its metadata and its check.
pub struct CodeRule {
    /// What the rule declares about itself.
    pub meta: &'static RuleMeta,
    /// Pushes the rule's findings for one pair of surfaces.
    pub check: fn(&Cx<'_>, &mut Vec<Finding>),
}

/// The pairing of two surfaces that every rule reads.
pub struct Cx<'a> {
    /// The surface before the change.
    pub old: &'a Surface,
    /// The surface after the change.
    pub new: &'a Surface,
    /// The language (of the new surface).
    pub lang: Language,
    /// Symbols present at the same path in both.
    pub pairs: Vec<(&'a Symbol, &'a Symbol)>,
    /// Old symbols with no new counterpart, minus renames, minus children of removed parents.
    pub removed: Vec<&'a Symbol>,
    /// New symbols with no old counterpart, minus renames, minus children of added parents.
    pub added: Vec<&'a Symbol>,
    /// (old, new) symbols judged to be one renamed symbol.
    pub renamed: Vec<(&'a Symbol, &'a Symbol)>,
    old_by_path: BTreeMap<&'a str, &'a Symbol>,
    new_by_path: BTreeMap<&'a str, &'a Symbol>,
    /// Python class name → base lists in the new surface, built on first use: subclass
    /// checks run for every compared annotation and must not scan every symbol each time.
    py_classes: std::sync::OnceLock<BTreeMap<String, Vec<String>>>,
    /// Names bound to `TypeVar(…)`/`ParamSpec(…)`/`TypeVarTuple(…)` on each side (old, new),
    /// built on first use for the same reason (owned: a cell of borrows would make `Cx`
    /// invariant in `'a`).
    type_vars: std::sync::OnceLock<(BTreeSet<String>, BTreeSet<String>)>,
    /// Python type changes judged so far: several rules ask about the same annotation.
    /// Keyed by what the judgement reads of the owner (its path and type parameters).
    py_changes: std::sync::Mutex<PyChanges>,
}

/// (owner path, owner's type parameters, old text, new text) → change.
type PyChanges = std::collections::HashMap<(String, Vec<String>, String, String), TypeChange>;

impl<'a> Cx<'a> {
    /// Pairs the symbols of `old` and `new`.
    pub fn new(old: &'a Surface, new: &'a Surface) -> Cx<'a> {
        let lang = new.language;
        let all_old: BTreeMap<&str, &Symbol> =
            old.symbols.iter().map(|s| (s.path.as_str(), s)).collect();
        let all_new: BTreeMap<&str, &Symbol> =
            new.symbols.iter().map(|s| (s.path.as_str(), s)).collect();
        // Hidden items are not API: a hidden item (or anything under one) that changes, goes
        // or comes says nothing to users. An item that *becomes* hidden stays paired, so the
        // rule about that can see it.
        let old_by_path: BTreeMap<&str, &Symbol> = all_old
            .iter()
            .filter(|(_, s)| !is_hidden(s, &all_old, lang))
            .map(|(p, s)| (*p, *s))
            .collect();
        let new_by_path: BTreeMap<&str, &Symbol> = all_new
            .iter()
            .filter(|(p, s)| !is_hidden(s, &all_new, lang) || old_by_path.contains_key(*p))
            .map(|(p, s)| (*p, *s))
            .collect();
        let mut pairs = Vec::new();
        let mut removed_all = Vec::new();
        for (p, s) in &old_by_path {
            match new_by_path.get(p) {
                Some(n) => pairs.push((*s, *n)),
                None => removed_all.push(*s),
            }
        }
        // TypeScript overloads are numbered (`f#1`…`f#N`): when a release changes how many
        // there are, equal numbers no longer name corresponding signatures, so they are not
        // compared one by one (removed and added overloads still are reported).
        if matches!(lang, Language::TypeScript | Language::JavaScript) {
            let count = |m: &BTreeMap<&str, &Symbol>, base: &str| {
                m.keys()
                    .filter(|p| {
                        p.strip_prefix(base)
                            .and_then(|r| r.strip_prefix('#'))
                            .is_some_and(|n| n.chars().all(|c| c.is_ascii_digit()))
                    })
                    .count()
            };
            pairs.retain(|(o, _)| {
                let Some((base, n)) = o.path.rsplit_once('#') else {
                    return true;
                };
                !n.chars().all(|c| c.is_ascii_digit())
                    || count(&old_by_path, base) == count(&new_by_path, base)
            });
        }
        let added_all: Vec<&Symbol> = new_by_path
            .iter()
            .filter(|(p, _)| !old_by_path.contains_key(*p))
            .map(|(_, s)| *s)
            .collect();
        let removed_set: BTreeSet<&str> = removed_all.iter().map(|s| s.path.as_str()).collect();
        let added_set: BTreeSet<&str> = added_all.iter().map(|s| s.path.as_str()).collect();
        let top = |s: &&Symbol, set: &BTreeSet<&str>| {
            let mut p = parent_path(&s.path, lang);
            while let Some(pp) = p {
                if set.contains(pp) {
                    return false;
                }
                p = parent_path(pp, lang);
            }
            true
        };
        let mut removed: Vec<&Symbol> = removed_all
            .iter()
            .filter(|s| top(s, &removed_set))
            .copied()
            .collect();
        let mut added: Vec<&Symbol> = added_all
            .iter()
            .filter(|s| top(s, &added_set))
            .copied()
            .collect();
        // A rename: one removal and one addition with the same parent, kind and signature,
        // and no other candidate on either side.
        let mut renamed = Vec::new();
        // Indexing every symbol's children is most of this function's cost on a big surface;
        // without a removal and an addition there is nothing to pair.
        let (old_children, new_children) = if removed.is_empty() || added.is_empty() {
            (BTreeMap::new(), BTreeMap::new())
        } else {
            (children_index(old, lang), children_index(new, lang))
        };
        let sig = |s: &Symbol, idx: &BTreeMap<String, Vec<String>>, prefix_len: usize| {
            signature(
                s,
                idx.get(&s.path)
                    .map(|c| {
                        c.iter()
                            .map(|x| x[prefix_len.min(x.len())..].to_string())
                            .collect()
                    })
                    .unwrap_or_default(),
            )
        };
        let mut used_added: BTreeSet<usize> = BTreeSet::new();
        let mut used_removed: BTreeSet<usize> = BTreeSet::new();
        for (ri, r) in removed.iter().enumerate() {
            if new.restricted.iter().any(|p| p == &r.path) {
                continue;
            }
            let rsig = sig(r, &old_children, r.path.len());
            let candidates: Vec<usize> = added
                .iter()
                .enumerate()
                .filter(|(_, a)| {
                    a.kind == r.kind
                        && parent_path(&a.path, lang) == parent_path(&r.path, lang)
                        && sig(a, &new_children, a.path.len()) == rsig
                })
                .map(|(i, _)| i)
                .collect();
            if let [only] = candidates.as_slice() {
                let back = removed
                    .iter()
                    .filter(|o| {
                        o.kind == r.kind
                            && parent_path(&o.path, lang) == parent_path(&r.path, lang)
                            && sig(o, &old_children, o.path.len()) == rsig
                    })
                    .count();
                if back == 1 && !used_added.contains(only) {
                    used_added.insert(*only);
                    used_removed.insert(ri);
                    if let Some(a) = added.get(*only) {
                        renamed.push((*r, *a));
                    }
                }
            }
        }
        let mut i = 0;
        removed.retain(|_| {
            i += 1;
            !used_removed.contains(&(i - 1))
        });
        let mut j = 0;
        added.retain(|_| {
            j += 1;
            !used_added.contains(&(j - 1))
        });
        Cx {
            old,
            new,
            lang,
            pairs,
            removed,
            added,
            renamed,
            old_by_path,
            new_by_path,
            py_classes: std::sync::OnceLock::new(),
            type_vars: std::sync::OnceLock::new(),
            py_changes: std::sync::Mutex::default(),
        }
    }

    /// The old symbol at `path`.
    pub fn old_symbol(&self, path: &str) -> Option<&'a Symbol> {
        self.old_by_path.get(path).copied()
    }

    /// The new symbol at `path`.
    pub fn new_symbol(&self, path: &str) -> Option<&'a Symbol> {
        self.new_by_path.get(path).copied()
    }

    /// The parent of `s` in the old surface, when both surfaces have it.
    pub fn surviving_parent(&self, s: &Symbol) -> Option<(&'a Symbol, &'a Symbol)> {
        let p = parent_path(&s.path, self.lang)?;
        Some((self.old_symbol(p)?, self.new_symbol(p)?))
    }

    /// How `t1` (old) and `t2` (new), types written in the signature of `owner`, relate.
    ///
    /// Rust spellings of one type compare equal: `Self` and the implementing type's name,
    /// renamed or elided lifetimes, a name imported with `use` and its full path, and a path
    /// through a re-export the surfaces show. A change of path to an item of the same name
    /// that Accord cannot follow is [`TypeDiff::PathOnly`].
    pub fn compare_types(&self, owner: &Symbol, t1: &str, t2: &str) -> TypeDiff {
        // TypeScript first: equal texts under reordered type parameters are different types.
        if matches!(self.lang, Language::TypeScript | Language::JavaScript) {
            return ts_types::compare(self, owner, t1, t2);
        }
        // Python first: equal texts differ when the alias's parameters were reordered.
        if self.lang == Language::Python {
            return if self.type_change(owner, t1, t2) == TypeChange::Same {
                TypeDiff::Same
            } else {
                TypeDiff::Different
            };
        }
        if t1 == t2 {
            return TypeDiff::Same;
        }
        if self.lang != Language::Rust {
            return TypeDiff::Different;
        }
        let a = self.canonical_type(owner, t1, true);
        let mut b = self.canonical_type(owner, t2, false);
        let renames = self.generic_renames(owner);
        if !renames.is_empty() {
            b = replace_words(&b, &renames);
        }
        if a == b {
            return TypeDiff::Same;
        }
        let (pa, sa) = paths_and_shape(&a);
        let (pb, sb) = paths_and_shape(&b);
        if sa != sb || pa.len() != pb.len() {
            return TypeDiff::Different;
        }
        let mut unresolved = Vec::new();
        for (x, y) in pa.iter().zip(&pb) {
            if ends_with_segments(x, y) || ends_with_segments(y, x) || self.reexported(x, y) {
                continue;
            }
            unresolved.push((x.clone(), y.clone()));
        }
        if unresolved.is_empty() {
            TypeDiff::Same
        } else {
            TypeDiff::PathOnly(unresolved)
        }
    }

    /// True when a parameter typed `t2` (new) accepts strictly more than `t1` (old) did, in
    /// ways plain union membership cannot see (TypeScript: an alias of the package expanded,
    /// `readonly` arrays, object literals gaining optional properties).
    pub fn param_accepts_more(&self, t1: &str, t2: &str) -> bool {
        matches!(self.lang, Language::TypeScript | Language::JavaScript)
            && ts_types::accepts_more(self, t1, t2)
    }

    /// TypeScript: how the type `t1` (old) → `t2` (new) in the signature of `owner` relates
    /// where it is used (see `ts_relation`); `None` for other languages.
    pub fn ts_relation(
        &self,
        owner: &Symbol,
        t1: &str,
        t2: &str,
        pos: Position,
    ) -> Option<Relation> {
        matches!(self.lang, Language::TypeScript | Language::JavaScript)
            .then(|| ts_relation::relation(self, owner, t1, t2, pos))
    }

    /// True when the TypeScript change `t1` → `t2` is not proven to break a use at `pos`:
    /// still compatible, or a rewrite Accord cannot decide (reported as `type-rewritten`).
    pub fn ts_not_proven_breaking(
        &self,
        owner: &Symbol,
        t1: &str,
        t2: &str,
        pos: Position,
    ) -> bool {
        self.ts_relation(owner, t1, t2, pos)
            .is_some_and(|r| r != Relation::Incompatible)
    }

    /// True when `compare_types` says the types differ (not merely in spelling).
    pub fn types_differ(&self, owner: &Symbol, t1: &str, t2: &str) -> bool {
        self.compare_types(owner, t1, t2) == TypeDiff::Different
    }

    /// Generic parameters of `owner` renamed between the versions (new name → old name):
    /// the declared parameters, paired by position when both versions declare as many.
    /// Callers never name a function's parameters, and a type's only by position.
    pub fn generic_renames(&self, owner: &'a Symbol) -> Vec<(String, String)> {
        let Some(old) = self.old_symbol(&owner.path) else {
            return Vec::new();
        };
        let declared = |s: &'a Symbol| -> Vec<&'a str> {
            s.generics
                .iter()
                .map(|g| g.name.as_str())
                .filter(|g| g.chars().all(|c| c.is_alphanumeric() || c == '_') && *g != "Self")
                .collect()
        };
        let (a, b) = (declared(old), declared(owner));
        if a.len() != b.len() {
            return Vec::new();
        }
        b.iter()
            .zip(&a)
            .filter(|(n, o)| n != o)
            .map(|(n, o)| (n.to_string(), o.to_string()))
            .collect()
    }

    /// How the type `t1` (old) became `t2` (new) in the signature of `owner`: the same,
    /// wider (accepts every old value), narrower, or otherwise different. Python types are
    /// compared member by member with the subtyping callers rely on (`list` is a
    /// `Sequence`, everything is an `object`, a bare generic is the generic of `Any`); other
    /// languages compare union members as written.
    pub fn type_change(&self, owner: &'a Symbol, t1: &str, t2: &str) -> TypeChange {
        if self.lang != Language::Python {
            // A type predicate is its type to every caller that narrows with it: `x is A | B`
            // → `x is A` narrows what a `true` result promises.
            let (t1, t2) = match (ts_types::predicate(t1), ts_types::predicate(t2)) {
                (Some((x, a)), Some((y, b))) if x == y => (a, b),
                _ => (t1, t2),
            };
            return match union_change(t1, t2) {
                UnionChange::Widened => TypeChange::Widened,
                UnionChange::Narrowed => TypeChange::Narrowed,
                UnionChange::Other if t1 == t2 => TypeChange::Same,
                UnionChange::Other => TypeChange::Other,
            };
        }
        let key = (
            owner.path.clone(),
            owner.generics.iter().map(|g| g.name.clone()).collect(),
            t1.to_string(),
            t2.to_string(),
        );
        if let Some(known) = self
            .py_changes
            .lock()
            .ok()
            .and_then(|m| m.get(&key).copied())
        {
            return known;
        }
        let change = self.python_change(owner, t1, t2);
        if let Ok(mut m) = self.py_changes.lock() {
            m.insert(key, change);
        }
        change
    }

    /// [`Cx::type_change`] of two Python types, not remembered.
    fn python_change(&self, owner: &'a Symbol, t1: &str, t2: &str) -> TypeChange {
        let a = self.python_type(owner, t1, true);
        let b = self.python_type(owner, t2, false);
        let classes = |a: &str, b: &str| self.py_subclass(a, b);
        let within = |xs: &BTreeSet<String>, ys: &BTreeSet<String>| {
            xs.iter()
                .all(|x| ys.iter().any(|y| py_subtype(x, y, &classes)))
        };
        match (within(&a, &b), within(&b, &a)) {
            (true, true) => TypeChange::Same,
            (true, false) => TypeChange::Widened,
            (false, true) => TypeChange::Narrowed,
            (false, false) => TypeChange::Other,
        }
    }

    /// True when the class named `a` derives (through base classes the new surface lists)
    /// from a class named `b`: a parameter typed `Flask` that becomes `App`, its base, accepts
    /// every old argument.
    fn py_subclass(&self, a: &str, b: &str) -> bool {
        let mut todo = vec![a.to_string()];
        let mut seen = BTreeSet::new();
        while let Some(name) = todo.pop() {
            if name == b {
                return true;
            }
            if !seen.insert(name.clone()) || seen.len() > 64 {
                continue;
            }
            let classes = self.py_classes.get_or_init(|| {
                let mut m: BTreeMap<String, Vec<String>> = BTreeMap::new();
                for s in self.new.symbols.iter().filter(|s| {
                    matches!(
                        s.kind,
                        SymbolKind::Class | SymbolKind::Interface | SymbolKind::Enum
                    )
                }) {
                    m.entry(s.name().to_string())
                        .or_default()
                        .push(s.ty.clone().unwrap_or_default());
                }
                m
            });
            for ty in classes.get(&name).into_iter().flatten() {
                for base in split_top_commas(ty) {
                    let head = base.split('[').next().unwrap_or(&base).trim();
                    todo.push(head.rsplit('.').next().unwrap_or(head).to_string());
                }
            }
        }
        false
    }

    /// True when `name` is bound at module level to `TypeVar(…)` (or `ParamSpec`/`TypeVarTuple`)
    /// on the old side (`old_side`) or the new one, as recorded values show it.
    pub fn is_type_var(&self, name: &str, old_side: bool) -> bool {
        let (old, new) = self.type_vars.get_or_init(|| {
            let index = |s: &Surface| -> BTreeSet<String> {
                s.symbols
                    .iter()
                    .filter(|x| {
                        x.value.as_deref().is_some_and(|v| {
                            let head = v.split('(').next().unwrap_or("");
                            matches!(
                                head.rsplit('.').next(),
                                Some("TypeVar" | "ParamSpec" | "TypeVarTuple")
                            )
                        })
                    })
                    .map(|x| x.name().to_string())
                    .collect()
            };
            (index(self.old), index(self.new))
        });
        if old_side { old } else { new }.contains(name)
    }

    /// A Python type as a set of union members: quotes unified, `Self` replaced by the
    /// enclosing class, renamed type parameters of the alias or class mapped back (new side),
    /// `Literal[a, b]` / `Optional[X]` / `Union[…]` spread into members.
    fn python_type(&self, owner: &'a Symbol, text: &str, old_side: bool) -> BTreeSet<String> {
        let mut t = text.replace('\'', "\"");
        let lookup = |p: &str| {
            if old_side {
                self.old_symbol(p)
            } else {
                self.new_symbol(p)
            }
        };
        let class = std::iter::successors(Some(owner.path.as_str()), |p| parent_path(p, self.lang))
            .filter_map(lookup)
            .find(|s| {
                matches!(
                    s.kind,
                    SymbolKind::Class | SymbolKind::Interface | SymbolKind::Enum
                )
            });
        if let Some(c) = class {
            t = replace_words(&t, &[("Self".to_string(), c.name().to_string())]);
        }
        if !old_side {
            let renames = self.generic_renames(owner);
            if !renames.is_empty() {
                t = replace_words(&t, &renames);
            }
        }
        // `a.b.Name` and `Name` are one type in spelling: modules re-export freely and
        // Accord cannot resolve imports of other packages.
        let t = strip_qualifiers(&unquote(&t)).replace(['(', ')'], "");
        let builtins: Vec<(String, String)> = [
            ("List", "list"),
            ("Dict", "dict"),
            ("Tuple", "tuple"),
            ("Type", "type"),
            ("Set", "set"),
            ("FrozenSet", "frozenset"),
            ("Text", "str"),
        ]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
        let t = replace_words(&t, &builtins);
        union_members(&unwrap_qualifiers(&t))
            .into_iter()
            .map(|m| {
                // A type guard is a `bool` to every caller.
                if m.starts_with("TypeGuard[") || m.starts_with("TypeIs[") {
                    "bool".to_string()
                } else {
                    without_any_args(&m)
                }
            })
            .collect()
    }

    /// `Self` replaced by the implementing type, lifetimes dropped, `+` bounds sorted.
    fn canonical_type(&self, owner: &Symbol, text: &str, old_side: bool) -> String {
        let mut t = without_lifetimes(text).replace(",>", ">");
        let parent = parent_path(&owner.path, self.lang).and_then(|p| {
            if old_side {
                self.old_symbol(p)
            } else {
                self.new_symbol(p)
            }
        });
        if let Some(p) = parent.filter(|p| matches!(p.kind, SymbolKind::Struct | SymbolKind::Enum))
            && t.contains("Self")
        {
            let args: Vec<&str> = p
                .generics
                .iter()
                .map(|g| {
                    g.name
                        .strip_prefix("const ")
                        .and_then(|c| c.split(':').next())
                        .unwrap_or(&g.name)
                })
                .filter(|n| *n != "Self")
                .collect();
            let named = if args.is_empty() {
                p.name().to_string()
            } else {
                format!("{}<{}>", p.name(), args.join(", "))
            };
            t = replace_self(&t, &named);
        }
        if t.contains(" + ") && !t.contains(['<', '(']) {
            let mut parts: Vec<&str> = t.split(" + ").collect();
            parts.sort_unstable();
            t = parts.join(" + ");
        }
        t
    }

    /// True when one of the surfaces shows `x` and `y` to be one item: a re-export whose
    /// target is one and whose public path is the other.
    fn reexported(&self, x: &str, y: &str) -> bool {
        let link = |s: &Surface, a: &str, b: &str| {
            let prefix = format!("{}::", s.package.replace('-', "_"));
            s.symbols.iter().any(|r| {
                if r.kind != SymbolKind::ReExport {
                    return false;
                }
                let Some(target) = r.ty.as_deref() else {
                    return false;
                };
                let public = r.path.strip_prefix(&prefix).unwrap_or(&r.path);
                (ends_with_segments(target, a) || ends_with_segments(a, target))
                    && (ends_with_segments(public, b)
                        || ends_with_segments(b, public)
                        || ends_with_segments(&r.path, b))
            })
        };
        [self.old, self.new]
            .iter()
            .any(|s| link(s, x, y) || link(s, y, x))
    }

    /// True when the absence of `s` (an old symbol) from the new surface proves nothing: it
    /// was generated by a macro of the crate (expanded best effort), or it sits in a module
    /// whose new source invokes macros Accord cannot expand.
    pub fn maybe_generated(&self, s: &Symbol) -> bool {
        // Items of the crate's own macros, expanded best effort: a new expansion without
        // them may be the expander's limit rather than a removal.
        let generated = |x: &Symbol| x.attributes.iter().any(|a| a == "macro-generated");
        if generated(s) {
            return true;
        }
        let mut p = parent_path(&s.path, self.lang);
        while let Some(pp) = p {
            if self.old_symbol(pp).is_some_and(generated) {
                return true;
            }
            p = parent_path(pp, self.lang);
        }
        if self.new.opaque_modules.is_empty() {
            return false;
        }
        let mut p = parent_path(&s.path, self.lang);
        while let Some(pp) = p {
            if self.new.opaque_modules.iter().any(|m| m == pp) {
                return true;
            }
            p = parent_path(pp, self.lang);
        }
        false
    }

    /// True when the bound `bound` names a trait of the new surface that every type
    /// implements (a blanket `impl<T> Trait for T`), so requiring it excludes nobody.
    pub fn implemented_by_all(&self, bound: &str) -> bool {
        let name = bound
            .split('<')
            .next()
            .unwrap_or(bound)
            .rsplit("::")
            .next()
            .unwrap_or(bound);
        self.new.symbols.iter().any(|s| {
            s.kind == SymbolKind::Trait
                && s.name() == name
                && s.attributes.iter().any(|a| a == "blanket impl")
        })
    }

    /// True when adding `s` breaks users by itself (reported by a dedicated rule rather
    /// than as a plain addition).
    pub fn addition_breaks(&self, s: &Symbol) -> bool {
        let Some((old_parent, _)) = self.surviving_parent(s) else {
            return false;
        };
        match (self.lang, old_parent.kind, s.kind) {
            (Language::Rust, SymbolKind::Enum, SymbolKind::Variant) => {
                !old_parent.stability.non_exhaustive
            }
            (Language::Rust, SymbolKind::Struct, SymbolKind::Field) => {
                !old_parent.private_fields && !old_parent.stability.non_exhaustive
            }
            // A sealed trait has no implementations outside the crate to break.
            (Language::Rust, SymbolKind::Trait, _) => {
                !s.optional && !old_parent.attributes.iter().any(|a| a == "sealed")
            }
            (_, SymbolKind::Interface, _) => !s.optional,
            _ => false,
        }
    }
}

/// How two spellings of a type relate (see [`Cx::compare_types`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeDiff {
    /// The same type.
    Same,
    /// The same shape with the same item names, but some paths differ and Accord cannot see
    /// that they name the same item (e.g. a re-export of another crate's item): the pairs of
    /// differing paths, old then new.
    PathOnly(Vec<(String, String)>),
    /// Different types.
    Different,
}

/// The paths in a type text, and the text with each path reduced to its last segment.
fn paths_and_shape(text: &str) -> (Vec<String>, String) {
    let mut paths = Vec::new();
    let mut shape = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    let word = |c: char| c.is_alphanumeric() || c == '_';
    while i < chars.len() {
        let c = chars[i];
        let starts_path = (word(c) && !(i > 0 && (chars[i - 1] == '\'' || word(chars[i - 1]))))
            || (c == ':' && chars.get(i + 1) == Some(&':') && (i == 0 || !word(chars[i - 1])));
        if !starts_path {
            shape.push(c);
            i += 1;
            continue;
        }
        let start = i;
        loop {
            while i < chars.len() && word(chars[i]) {
                i += 1;
            }
            if chars.get(i) == Some(&':')
                && chars.get(i + 1) == Some(&':')
                && chars.get(i + 2).is_some_and(|c| word(*c))
            {
                i += 2;
                continue;
            }
            break;
        }
        if i == start {
            shape.push(c);
            i += 1;
            continue;
        }
        let path: String = chars[start..i].iter().collect();
        let path = path.trim_start_matches("::").to_string();
        shape.push_str(path.rsplit("::").next().unwrap_or(&path));
        paths.push(path);
    }
    (paths, shape)
}

/// True when `a`'s segments end with all of `b`'s (`std::io::Result` ends with `io::Result`).
fn ends_with_segments(a: &str, b: &str) -> bool {
    a == b || a.ends_with(&format!("::{b}"))
}

/// Non-`'static` lifetimes removed: `&'a T` → `&T`, `Foo<'a, T>` → `Foo<T>`, `+ 'a` dropped.
/// Renamed or elided lifetimes in a signature are the same API to callers.
fn without_lifetimes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '\'' {
            let mut j = i + 1;
            while j < chars.len() && (chars[j].is_alphanumeric() || chars[j] == '_') {
                j += 1;
            }
            let name: String = chars[i + 1..j].iter().collect();
            if name != "static" && j > i + 1 {
                // Swallow the separator that followed it.
                while j < chars.len() && (chars[j] == ' ' || chars[j] == ',') {
                    j += 1;
                }
                // `+ 'a` as a bound: drop the `+ ` written before it.
                let trimmed = out.trim_end();
                if trimmed.ends_with('+') {
                    let cut = trimmed.len() - 1;
                    out.truncate(cut);
                    let keep = out.trim_end().len();
                    out.truncate(keep);
                }
                i = j;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out.replace("<>", "").replace("< >", "").replace(", >", ">")
}

/// Whole words (not after `::`, `.` or `'`) renamed by `map` (from, to), in one pass so that
/// swapped names stay swapped.
pub(crate) fn replace_words(text: &str, map: &[(String, String)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let mut prev_sep = false;
    let mut after_sep = false;
    let flush = |word: &mut String, out: &mut String, after_sep: bool| {
        match map.iter().find(|(f, _)| f == word) {
            Some((_, to)) if !after_sep => out.push_str(to),
            _ => out.push_str(word),
        }
        word.clear();
    };
    for c in text.chars() {
        if c.is_alphanumeric() || c == '_' {
            if word.is_empty() {
                after_sep = prev_sep;
            }
            word.push(c);
        } else {
            flush(&mut word, &mut out, after_sep);
            out.push(c);
        }
        prev_sep = c == ':' || c == '.' || c == '\'';
    }
    flush(&mut word, &mut out, after_sep);
    out
}

/// `Self` (not `Self::…`) replaced by `named`.
fn replace_self(text: &str, named: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("Self") {
        let before = rest[..i].chars().last();
        let after = &rest[i + 4..];
        let word = |c: char| c.is_alphanumeric() || c == '_';
        out.push_str(&rest[..i]);
        if before.is_some_and(|c| word(c) || c == ':')
            || after.chars().next().is_some_and(word)
            || after.starts_with("::")
        {
            out.push_str("Self");
        } else {
            out.push_str(named);
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// True when users cannot rely on `s`: `#[doc(hidden)]`, under a `__`-prefixed module,
/// gated on a feature whose name starts with `_` (Cargo's convention for private features),
/// or inside a hidden item.
fn is_hidden(s: &Symbol, by_path: &BTreeMap<&str, &Symbol>, lang: Language) -> bool {
    let own = |s: &Symbol| {
        s.stability.doc_hidden
            || (lang == Language::Rust
                && (s.name().starts_with("__")
                    || s.feature
                        .as_deref()
                        .is_some_and(|f| f.starts_with("feature = \"_"))))
    };
    if own(s) {
        return true;
    }
    let mut p = parent_path(&s.path, lang);
    while let Some(pp) = p {
        if by_path.get(pp).is_some_and(|x| own(x)) {
            return true;
        }
        p = parent_path(pp, lang);
    }
    false
}

fn children_index(s: &Surface, lang: Language) -> BTreeMap<String, Vec<String>> {
    let mut idx: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for sym in &s.symbols {
        if let Some(p) = parent_path(&sym.path, lang) {
            idx.entry(p.to_string()).or_default().push(format!(
                "{} {}",
                sym.path,
                signature(sym, Vec::new())
            ));
        }
    }
    idx
}

/// What must be equal for a removal + addition to count as a rename.
fn signature(s: &Symbol, children: Vec<String>) -> String {
    let params: Vec<String> = s
        .params
        .iter()
        .map(|p| {
            format!(
                "{:?}:{}:{}",
                p.kind,
                p.ty.as_deref().unwrap_or("_"),
                p.required
            )
        })
        .collect();
    format!(
        "{:?}({})->{}|{}|{}|{}",
        s.kind,
        params.join(","),
        s.returns.as_deref().unwrap_or(""),
        s.ty.as_deref().unwrap_or(""),
        s.generics.len(),
        children.join(";")
    )
}

/// A finding of `rule` about `symbol`, located at its declaration; `detail` (a parameter
/// name, a feature) keeps fingerprints of several findings on one symbol apart.
pub(crate) fn finding(rule: &RuleMeta, symbol: &Symbol, detail: &str, message: String) -> Finding {
    let logical = if detail.is_empty() {
        symbol.path.clone()
    } else {
        format!("{}/{detail}", symbol.path)
    };
    Finding::of(rule, message)
        .at(Location::new(
            symbol.span.path.clone(),
            symbol.span.line,
            symbol.span.col,
        ))
        .with_logical_path(logical)
}

/// One parameter position across two versions.
pub struct Aligned<'a> {
    /// The parameter before.
    pub old: Option<&'a Param>,
    /// The parameter after.
    pub new: Option<&'a Param>,
}

impl Aligned<'_> {
    /// A name to show for the parameter.
    pub fn name(&self) -> &str {
        self.new.or(self.old).map_or("?", |p| p.name.as_str())
    }
}

fn is_variadic(p: &Param) -> bool {
    matches!(p.kind, ParamKind::Variadic | ParamKind::VariadicKeyword)
}

/// Aligns the non-receiver parameters of two versions of a callable. Python matches by name
/// (keywords are part of the contract); the others by position unless the same names were
/// only reordered. The flag says whether positional parameters changed order.
pub fn align<'a>(lang: Language, old: &'a Symbol, new: &'a Symbol) -> (Vec<Aligned<'a>>, bool) {
    // A name that was not callable before (`f = other.f`) has no parameters to compare.
    if !old.kind.is_callable() && lang == Language::Python {
        return (Vec::new(), false);
    }
    let o: Vec<&Param> = old.args().filter(|p| !is_variadic(p)).collect();
    let n: Vec<&Param> = new.args().filter(|p| !is_variadic(p)).collect();
    let mut out = Vec::new();
    let mut reordered = false;
    let mut sorted_o: Vec<&str> = o.iter().map(|p| p.name.as_str()).collect();
    let mut sorted_n: Vec<&str> = n.iter().map(|p| p.name.as_str()).collect();
    sorted_o.sort_unstable();
    sorted_n.sort_unstable();
    let same_names = sorted_o == sorted_n && !sorted_o.contains(&"_");
    if lang == Language::Python || same_names {
        for p in &o {
            out.push(Aligned {
                old: Some(*p),
                new: n.iter().find(|q| q.name == p.name).copied(),
            });
        }
        for q in &n {
            if !o.iter().any(|p| p.name == q.name) {
                out.push(Aligned {
                    old: None,
                    new: Some(*q),
                });
            }
        }
        let op: Vec<&str> = o
            .iter()
            .filter(|p| p.kind.takes_position())
            .map(|p| p.name.as_str())
            .filter(|x| n.iter().any(|q| q.name == *x && q.kind.takes_position()))
            .collect();
        let np: Vec<&str> = n
            .iter()
            .filter(|p| p.kind.takes_position())
            .map(|p| p.name.as_str())
            .filter(|x| o.iter().any(|q| q.name == *x && q.kind.takes_position()))
            .collect();
        reordered = op != np;
    } else {
        for i in 0..o.len().max(n.len()) {
            out.push(Aligned {
                old: o.get(i).copied(),
                new: n.get(i).copied(),
            });
        }
    }
    for kind in [ParamKind::Variadic, ParamKind::VariadicKeyword] {
        let a = old.params.iter().find(|p| p.kind == kind);
        let b = new.params.iter().find(|p| p.kind == kind);
        if a.is_some() || b.is_some() {
            out.push(Aligned { old: a, new: b });
        }
    }
    (out, reordered)
}

/// Members of a top-level union type (`A | B`), sorted; a single type when not a union.
pub fn union_members(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut depth = 0i32;
    let mut cur = String::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '(' | '[' | '{' | '<' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            '>' if i > 0 && chars[i - 1] != '=' && chars[i - 1] != '-' => depth -= 1,
            _ => {}
        }
        if c == '|' && depth == 0 {
            out.insert(cur.trim().to_string());
            cur.clear();
        } else {
            cur.push(c);
        }
        i += 1;
    }
    out.insert(cur.trim().to_string());
    // Python spellings of a union: `Literal["a", "b"]` is `Literal["a"] | Literal["b"]`,
    // `Optional[X]` is `X | None`, `Union[A, B]` is `A | B`.
    let spread: Vec<String> = out
        .iter()
        .filter(|m| {
            ["Literal[", "Optional[", "Union["]
                .iter()
                .any(|p| m.starts_with(p) && m.ends_with(']'))
        })
        .cloned()
        .collect();
    for m in spread {
        out.remove(&m);
        let (head, inner) = m.split_once('[').unwrap_or((&m, ""));
        let inner = &inner[..inner.len().saturating_sub(1)];
        let parts = split_top_commas(inner);
        match head {
            "Literal" => out.extend(parts.into_iter().map(|p| format!("Literal[{p}]"))),
            "Optional" => {
                out.extend(parts.iter().flat_map(|p| union_members(p)));
                out.insert("None".into());
            }
            _ => out.extend(parts.iter().flat_map(|p| union_members(p))),
        }
    }
    out
}

/// How a type changed (see [`Cx::type_change`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypeChange {
    /// The same type, however spelled.
    Same,
    /// Accepts every value the old type accepted, and more.
    Widened,
    /// Accepts only some of the values the old type accepted.
    Narrowed,
    /// Neither.
    Other,
}

/// Python heads whose values are all values of another head (`list` ⊂ `Sequence`).
const PY_SUBTYPES: &[(&str, &str)] = &[
    ("bool", "int"),
    ("int", "float"),
    ("float", "complex"),
    ("BinaryIO", "IO"),
    ("TextIO", "IO"),
    ("list", "MutableSequence"),
    ("MutableSequence", "Sequence"),
    ("tuple", "Sequence"),
    ("str", "Sequence"),
    ("Sequence", "Collection"),
    ("Collection", "Iterable"),
    ("Iterator", "Iterable"),
    ("Generator", "Iterator"),
    ("dict", "MutableMapping"),
    ("MutableMapping", "Mapping"),
    ("Mapping", "Collection"),
    ("set", "MutableSet"),
    ("MutableSet", "AbstractSet"),
    ("frozenset", "AbstractSet"),
    ("AbstractSet", "Collection"),
];

fn head_and_args(t: &str) -> (&str, Option<&str>) {
    match t.split_once('[') {
        Some((h, rest)) if t.ends_with(']') => (h.trim(), Some(&rest[..rest.len() - 1])),
        _ => (t.trim(), None),
    }
}

/// `ClassVar[X]`, `Final[X]`, `Annotated[X, …]`, `Required[X]`… → `X`: qualifiers of a
/// declaration, not part of the type callers see.
fn unwrap_qualifiers(t: &str) -> String {
    for q in [
        "ClassVar[",
        "Final[",
        "Annotated[",
        "Required[",
        "NotRequired[",
        "ReadOnly[",
    ] {
        if let Some(inner) = t.strip_prefix(q).and_then(|r| r.strip_suffix(']')) {
            let first = split_top_commas(inner)
                .into_iter()
                .next()
                .unwrap_or_default();
            return unwrap_qualifiers(&first);
        }
    }
    t.to_string()
}

/// True when the Python types `a` and `b` (unions allowed) accept the same values.
fn py_same(a: &str, b: &str, classes: &dyn Fn(&str, &str) -> bool) -> bool {
    let ma: Vec<String> = union_members(a)
        .iter()
        .map(|m| without_any_args(m))
        .collect();
    let mb: Vec<String> = union_members(b)
        .iter()
        .map(|m| without_any_args(m))
        .collect();
    ma.iter()
        .all(|x| mb.iter().any(|y| py_subtype(x, y, classes)))
        && mb
            .iter()
            .all(|y| ma.iter().any(|x| py_subtype(y, x, classes)))
}

/// True when every value of the Python type member `a` is a value of `b`. `Any` is
/// consistent with every type both ways (gradual typing): typing an untyped parameter, or
/// loosening one to `Any`, rejects no call that ran before.
fn py_subtype(a: &str, b: &str, classes: &dyn Fn(&str, &str) -> bool) -> bool {
    if a == b || matches!(b, "Any" | "object") || a == "Any" {
        return true;
    }
    let (ha, aa) = head_and_args(a);
    let (hb, ab) = head_and_args(b);
    // A bare generic is the generic of `Any`: `IO` and `IO[bytes]` are one annotation,
    // refined, as far as any caller can tell at run time.
    let args_fit = match (aa, ab) {
        (Some(x), Some(y)) => {
            let (xs, ys) = (split_top_commas(x), split_top_commas(y));
            xs.len() == ys.len() && xs.iter().zip(&ys).all(|(p, q)| py_same(p, q, classes))
        }
        _ => true,
    };
    if !args_fit {
        return false;
    }
    if classes(ha, hb) {
        return true;
    }
    let mut head = ha.to_string();
    for _ in 0..8 {
        if head == hb {
            return true;
        }
        match PY_SUBTYPES.iter().find(|(s, _)| *s == head) {
            Some((_, sup)) if *sup != head => head = sup.to_string(),
            _ => return false,
        }
    }
    false
}

/// `Iterable[Any]`, `tuple[Any, ...]`, `Callable[..., Any]` → the bare generic they equal.
fn without_any_args(member: &str) -> String {
    match head_and_args(member) {
        (h, Some(args))
            if split_top_commas(args)
                .iter()
                .all(|a| matches!(a.as_str(), "Any" | "..." | "[...]")) =>
        {
            h.to_string()
        }
        _ => member.to_string(),
    }
}

/// Quotes of forward references dropped (`"os.PathLike[str]"` → `os.PathLike[str]`), those of
/// `Literal` values kept and unified.
fn unquote(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("Literal[") {
        out.push_str(&rest[..i].replace('"', ""));
        let tail = &rest[i..];
        let end = tail.find(']').map_or(tail.len(), |e| e + 1);
        out.push_str(&tail[..end]);
        rest = &tail[end..];
    }
    out.push_str(&rest.replace('"', ""));
    out
}

/// `x.y.Name[a.B]` → `Name[B]`: every dotted name reduced to its last segment, outside
/// string literals.
fn strip_qualifiers(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let mut quote: Option<char> = None;
    for c in text.chars() {
        if let Some(q) = quote {
            out.push(c);
            if c == q {
                quote = None;
            }
            continue;
        }
        if c.is_alphanumeric() || c == '_' || c == '.' {
            word.push(c);
            continue;
        }
        out.push_str(word.rsplit('.').next().unwrap_or(&word));
        word.clear();
        if c == '"' || c == '\'' {
            quote = Some(c);
        }
        out.push(c);
    }
    out.push_str(word.rsplit('.').next().unwrap_or(&word));
    out
}

/// `a, b[c, d], e` → `a`, `b[c, d]`, `e`.
pub(crate) fn split_top_commas(text: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut cur = String::new();
    for c in text.chars() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            _ => {}
        }
        if c == ',' && depth == 0 {
            parts.push(cur.trim().to_string());
            cur.clear();
        } else {
            cur.push(c);
        }
    }
    if !cur.trim().is_empty() {
        parts.push(cur.trim().to_string());
    }
    parts
}

/// How a type changed when both versions are unions (or single types).
#[derive(Debug, PartialEq, Eq)]
pub enum UnionChange {
    /// The new type accepts strictly more members.
    Widened,
    /// The new type accepts strictly fewer members.
    Narrowed,
    /// Anything else.
    Other,
}

/// Compares two type texts as unions.
pub fn union_change(old: &str, new: &str) -> UnionChange {
    let (a, b) = (union_members(old), union_members(new));
    // TypeScript's top types accept every value: a parameter that becomes `unknown` or `any`
    // widened, a return that stops being one narrowed.
    let top = |s: &BTreeSet<String>| s.iter().any(|m| m == "unknown" || m == "any");
    if top(&b) && !top(&a) {
        return UnionChange::Widened;
    }
    if top(&a) && !top(&b) {
        return UnionChange::Narrowed;
    }
    if a.len() == 1 && b.len() == 1 {
        return UnionChange::Other;
    }
    if a.is_subset(&b) && a != b {
        UnionChange::Widened
    } else if b.is_subset(&a) && a != b {
        UnionChange::Narrowed
    } else {
        UnionChange::Other
    }
}
