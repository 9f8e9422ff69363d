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

use accord_model::surface::{Language, Param, ParamKind, Surface, Symbol, SymbolKind, parent_path};
use accord_model::{Finding, Location, RuleMeta};
use std::collections::{BTreeMap, BTreeSet};

pub use rules::rules;

/// Runs every code rule on `old` → `new`; findings are sorted by path and rule.
pub fn diff_surfaces(old: &Surface, new: &Surface) -> Vec<Finding> {
    let cx = Cx::new(old, new);
    let mut out = Vec::new();
    for rule in rules::RULES {
        (rule.check)(&cx, &mut out);
    }
    out.sort_by(|a, b| (&a.logical_path, &a.rule).cmp(&(&b.logical_path, &b.rule)));
    out
}

/// Runs only the rule with this id (used by the fixture harness).
pub fn diff_with_rule(old: &Surface, new: &Surface, id: &str) -> Vec<Finding> {
    let cx = Cx::new(old, new);
    let mut out = Vec::new();
    for rule in rules::RULES.iter().filter(|r| r.meta.id == id) {
        (rule.check)(&cx, &mut out);
    }
    out.sort_by(|a, b| (&a.logical_path, &a.rule).cmp(&(&b.logical_path, &b.rule)));
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
}

impl<'a> Cx<'a> {
    /// Pairs the symbols of `old` and `new`.
    pub fn new(old: &'a Surface, new: &'a Surface) -> Cx<'a> {
        let lang = new.language;
        let old_by_path: BTreeMap<&str, &Symbol> =
            old.symbols.iter().map(|s| (s.path.as_str(), s)).collect();
        let new_by_path: BTreeMap<&str, &Symbol> =
            new.symbols.iter().map(|s| (s.path.as_str(), s)).collect();
        let mut pairs = Vec::new();
        let mut removed_all = Vec::new();
        for (p, s) in &old_by_path {
            match new_by_path.get(p) {
                Some(n) => pairs.push((*s, *n)),
                None => removed_all.push(*s),
            }
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
        let old_children = children_index(old, lang);
        let new_children = children_index(new, lang);
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
            (Language::Rust, SymbolKind::Trait, _) => !s.optional,
            (_, SymbolKind::Interface, _) => !s.optional,
            _ => false,
        }
    }
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
    out
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
