//! Bringing a package entry up to date when the edited files only moved code.
//!
//! Most edits change a function body, a comment or a private helper's internals: the file's
//! summary is then the one the package entry was computed from, except for the lines and
//! columns it records. Resolution never reads positions (it copies them into spans and
//! finding locations), so the package's extraction is the stored one with the symbols of
//! those files moved to their new positions: nothing to load, resolve or sort (paths do not
//! change, so neither does the order).
//!
//! The test is made on the summaries themselves, whatever their shape: both are serialised,
//! every object with numeric `line` and `col` (a [`SourceSpan`], a macro invocation) has them
//! taken out, and what is left must be equal. A position the summary records in any other
//! form stays in the comparison, so it can only make the test fail, never make a stale
//! extraction pass. When anything is in doubt (a symbol of the file at a position the map
//! does not know, a finding naming the file, two new positions for one old one) the caller
//! runs the full extraction.
//!
//! [`SourceSpan`]: accord_model::surface::SourceSpan

use crate::cache::{Cache, Changed, Stale};
use accord_model::Finding;
use accord_model::surface::{Surface, Symbol};
use serde::Serialize;
use serde_json::Value;
use std::collections::HashMap;

/// A package's surface and findings.
type Extracted = (Surface, Vec<Finding>);

/// What an extractor keeps beside its package entry for later edits (its closed modules, the
/// paths emitted twice), as JSON; unreadable notes are empty ones: only edits that move code
/// are then brought up to date.
pub(crate) trait EntryNotes: Serialize + serde::de::DeserializeOwned + Default {
    fn to_bytes(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_default()
    }

    fn from_bytes(bytes: &[u8]) -> Self {
        serde_json::from_slice(bytes).unwrap_or_default()
    }
}

/// Where each (line, column) of a file's old summary is in its new one.
#[derive(Debug, Default)]
pub(crate) struct Moves(HashMap<(u32, u32), (u32, u32)>);

impl Moves {
    /// The moves from `old` to `new`, two summaries of the file at `rel`; `None` when they
    /// differ in anything but positions.
    pub(crate) fn between<T: Serialize>(old: &T, new: &T, rel: &str) -> Option<Moves> {
        let (mut a, mut b) = (
            serde_json::to_value(old).ok()?,
            serde_json::to_value(new).ok()?,
        );
        let (mut from, mut to) = (Vec::new(), Vec::new());
        if !take_positions(&mut a, rel, &mut from) || !take_positions(&mut b, rel, &mut to) {
            return None;
        }
        // Equal values have the same shape, so positions were taken in the same order.
        if a != b || from.len() != to.len() {
            return None;
        }
        let mut map = HashMap::with_capacity(from.len());
        let mut taken = std::collections::HashSet::with_capacity(from.len());
        for (o, n) in from.into_iter().zip(to) {
            match map.get(&o) {
                Some(&m) if m != n => return None,
                Some(_) => {}
                // Two places moved onto one would reorder what sorted them apart.
                None if !taken.insert(n) => return None,
                None => {
                    map.insert(o, n);
                }
            }
        }
        Some(Moves(map))
    }
}

/// How the symbols of one changed file are brought up to date in a stored extraction.
pub(crate) trait FileEdit: Send {
    /// Applies the edit of the file at `rel`; `false` (and the surface half-edited: drop it)
    /// when the stored extraction is not what the edit expects.
    fn apply(&self, surface: &mut Surface, rel: &str) -> bool;

    /// Where the file's unchanged parts moved (findings located there move with them).
    fn moves(&self) -> &Moves;
}

impl FileEdit for Moves {
    /// Moves the symbols of `rel` to their new positions; `false` when one of them is at a
    /// position the summary did not record.
    fn apply(&self, surface: &mut Surface, rel: &str) -> bool {
        self.apply_to(&mut surface.symbols, rel)
    }

    fn moves(&self) -> &Moves {
        self
    }
}

impl Moves {
    /// [`FileEdit::apply`] on a list of symbols.
    fn apply_to(&self, symbols: &mut [Symbol], rel: &str) -> bool {
        for s in symbols.iter_mut().filter(|s| s.span.path == rel) {
            match self.position(s.span.line, s.span.col) {
                Some((line, col)) => (s.span.line, s.span.col) = (line, col),
                None => return false,
            }
        }
        true
    }

    /// Where the old position (`line`, `col`) is now.
    pub(crate) fn position(&self, line: u32, col: u32) -> Option<(u32, u32)> {
        self.0.get(&(line, col)).copied()
    }
}

/// Takes every position out of `v` into `out` (and zeroes it); `false` when a span names
/// another file than `rel` (its moves would be read as this file's).
fn take_positions(v: &mut Value, rel: &str, out: &mut Vec<(u32, u32)>) -> bool {
    match v {
        Value::Object(map) => {
            let position = (
                map.get("line").and_then(Value::as_u64),
                map.get("col").and_then(Value::as_u64),
            );
            if let (Some(line), Some(col)) = position {
                if map.get("path").is_some_and(|p| p.as_str() != Some(rel)) {
                    return false;
                }
                let (Ok(line), Ok(col)) = (u32::try_from(line), u32::try_from(col)) else {
                    return false;
                };
                out.push((line, col));
                map.insert("line".into(), Value::from(0));
                map.insert("col".into(), Value::from(0));
            }
            map.values_mut().all(|v| take_positions(v, rel, out))
        }
        Value::Array(items) => items.iter_mut().all(|v| take_positions(v, rel, out)),
        _ => true,
    }
}

/// An edit that changed some items of a module nothing else reads (see the extractors'
/// notes on closed modules): their symbols, all under `prefixes`, are replaced by the new
/// ones, and the file's other symbols are moved.
pub(crate) struct Replace {
    pub(crate) moves: Moves,
    /// Public path of each changed item.
    pub(crate) prefixes: Vec<String>,
    /// What separates an item's path from its members' (`::`; `.` and `#` in Python).
    pub(crate) separators: &'static [&'static str],
    /// What the extractor emits for the changed items from the summary the entry was
    /// computed from: the entry must hold exactly these under `prefixes`.
    pub(crate) old_symbols: Vec<Symbol>,
    /// What it emits for them now. Both sorted and de-duplicated by path.
    pub(crate) new_symbols: Vec<Symbol>,
    pub(crate) restricted_added: Vec<String>,
    pub(crate) restricted_removed: Vec<String>,
}

impl Replace {
    fn under(&self, path: &str) -> bool {
        self.prefixes.iter().any(|p| {
            path.strip_prefix(p.as_str()).is_some_and(|rest| {
                rest.is_empty() || self.separators.iter().any(|sep| rest.starts_with(sep))
            })
        })
    }
}

impl FileEdit for Replace {
    fn moves(&self) -> &Moves {
        &self.moves
    }

    fn apply(&self, surface: &mut Surface, rel: &str) -> bool {
        // The symbols are sorted by path: the changed items and the places of the new ones
        // lie in one stretch (everything under the module's path sorts together), which is
        // taken out, edited and put back, so the other few hundred thousand are not copied.
        let symbols = &mut surface.symbols;
        let at = |path: &str| symbols.partition_point(|s| s.path.as_str() < path);
        let (mut lo, mut hi) = (symbols.len(), 0);
        for prefix in &self.prefixes {
            let start = at(prefix);
            let end = start
                + symbols[start..]
                    .iter()
                    .take_while(|s| s.path.starts_with(prefix.as_str()))
                    .count();
            (lo, hi) = (lo.min(start), hi.max(end));
        }
        for n in &self.new_symbols {
            let i = at(&n.path);
            (lo, hi) = (lo.min(i), hi.max(i));
        }
        // Nothing to take out or put in is an empty stretch.
        let (lo, hi) = if lo > hi { (0, 0) } else { (lo, hi) };
        let (replaced, kept): (Vec<Symbol>, Vec<Symbol>) = symbols[lo..hi]
            .iter()
            .cloned()
            .partition(|s| self.under(&s.path));
        if replaced != self.old_symbols {
            return false;
        }
        // Both sorted by path: merge, refusing a path the new items would share.
        let mut merged = Vec::with_capacity(kept.len() + self.new_symbols.len());
        let mut new = self.new_symbols.iter().cloned().peekable();
        for s in kept {
            while let Some(n) = new.next_if(|n| n.path < s.path) {
                merged.push(n);
            }
            if new.peek().is_some_and(|n| n.path == s.path) {
                return false;
            }
            merged.push(s);
        }
        merged.extend(new);
        let outside_sorted = merged
            .first()
            .is_some_and(|s| lo > 0 && symbols[lo - 1].path >= s.path)
            || merged
                .last()
                .is_some_and(|s| hi < symbols.len() && symbols[hi].path <= s.path);
        if outside_sorted {
            return false;
        }
        symbols.splice(lo..hi, merged);
        // The file's other symbols moved like a body edit's; the new ones are where the new
        // summary puts them already.
        let fresh: std::collections::BTreeSet<&str> =
            self.new_symbols.iter().map(|s| s.path.as_str()).collect();
        for s in symbols
            .iter_mut()
            .filter(|s| s.span.path == rel && !fresh.contains(s.path.as_str()))
        {
            match self.moves.position(s.span.line, s.span.col) {
                Some((line, col)) => (s.span.line, s.span.col) = (line, col),
                None => return false,
            }
        }
        let restricted = &mut surface.restricted;
        for r in &self.restricted_removed {
            match restricted.binary_search(r) {
                Ok(i) => {
                    restricted.remove(i);
                }
                Err(_) => return false,
            }
        }
        restricted.extend(self.restricted_added.iter().cloned());
        restricted.sort();
        restricted.dedup();
        true
    }
}

/// Moves the findings located in the file at `rel` (and their related locations) with its
/// code; `false` when one is at a position the summary did not record, carries a byte range,
/// or names the file anywhere else (a message quoting a line, say).
fn move_findings(findings: &mut [Finding], rel: &str, moves: &Moves) -> bool {
    fn locations(f: &mut Finding) -> impl Iterator<Item = &mut accord_model::Location> {
        std::iter::once(&mut f.location).chain(f.related.iter_mut().map(|r| &mut r.location))
    }
    for f in findings.iter_mut() {
        // With the file's own locations blanked, the file must not be named anywhere.
        let mut blanked = f.clone();
        locations(&mut blanked)
            .filter(|loc| loc.path == rel)
            .for_each(|loc| loc.path.clear());
        if serde_json::to_string(&blanked).map_or(true, |json| json.contains(rel)) {
            return false;
        }
        for loc in locations(f).filter(|loc| loc.path == rel && loc.line != 0) {
            match (&loc.span, moves.position(loc.line, loc.column)) {
                (None, Some((line, column))) => (loc.line, loc.column) = (line, column),
                _ => return false,
            }
        }
    }
    true
}

/// The stored extraction of `stale`, brought up to date when `judge` can tell how each
/// changed file's symbols move from the summary the entry was computed from (`stored`) to
/// its summary now (`current`; either is `None` when unavailable). `Err` sends the caller
/// down the full extraction, with the current summaries already made (so no file is read
/// twice).
pub(crate) fn up_to_date<T: Send, E: FileEdit>(
    cache: &Cache,
    stale: Stale,
    stored: impl Fn(&Changed) -> Option<T> + Sync,
    current: impl Fn(&Changed) -> Option<T> + Sync,
    judge: impl Fn(&Changed, &T, &T) -> Option<E> + Sync,
) -> Result<Extracted, Vec<(String, T)>> {
    use rayon::prelude::*;
    let pairs: Vec<(&Changed, Option<T>, Option<E>)> = stale
        .changed
        .par_iter()
        .map(|file| {
            let new = current(file);
            let edit = new.as_ref().and_then(|new| {
                let old = stored(file)?;
                judge(file, &old, new)
            });
            (file, new, edit)
        })
        .collect();
    let fail = |pairs: Vec<(&Changed, Option<T>, Option<E>)>| {
        pairs
            .into_iter()
            .filter_map(|(file, new, _)| Some((file.rel.clone(), new?)))
            .collect()
    };
    if pairs.iter().any(|(_, _, edit)| edit.is_none()) {
        return Err(fail(pairs));
    }
    let Some((mut surface, mut findings)) = stale.decode() else {
        return Err(fail(pairs));
    };
    for (file, _, edit) in &pairs {
        let applied = surface.test_refs.is_empty()
            && edit.as_ref().is_some_and(|e| {
                move_findings(&mut findings, &file.rel, e.moves())
                    && e.apply(&mut surface, &file.rel)
            });
        if !applied {
            return Err(fail(pairs));
        }
    }
    crate::sort_findings(&mut findings);
    let moved = pairs.len();
    drop(pairs);
    cache.accept_stale(stale, moved);
    Ok((surface, findings))
}

#[cfg(test)]
mod tests {
    use super::*;
    use accord_model::surface::{SourceSpan, Symbol, SymbolKind};

    fn sym(path: &str, file: &str, line: u32) -> Symbol {
        let span = SourceSpan {
            path: file.into(),
            line,
            col: 1,
        };
        Symbol::new(path, SymbolKind::Function, span)
    }

    #[test]
    fn positions_only_differences_are_moves() {
        let old = vec![sym("a", "f.rs", 3), sym("b", "f.rs", 9)];
        let new = vec![sym("a", "f.rs", 3), sym("b", "f.rs", 12)];
        let m = Moves::between(&old, &new, "f.rs").expect("only moved");
        assert_eq!(m.0.get(&(9, 1)), Some(&(12, 1)));
        let mut surface = Surface::new(accord_model::surface::Language::Rust, "p");
        surface.symbols = vec![sym("p::b", "f.rs", 9), sym("p::c", "g.rs", 9)];
        assert!(m.apply(&mut surface, "f.rs"));
        assert_eq!(surface.symbols[0].span.line, 12);
        assert_eq!(
            surface.symbols[1].span.line, 9,
            "another file's symbol is left alone"
        );
    }

    #[test]
    fn any_other_difference_is_not_a_move() {
        let old = vec![sym("a", "f.rs", 3)];
        let renamed = vec![sym("b", "f.rs", 3)];
        assert!(Moves::between(&old, &renamed, "f.rs").is_none());
        let added = vec![sym("a", "f.rs", 3), sym("b", "f.rs", 4)];
        assert!(Moves::between(&old, &added, "f.rs").is_none());
        let mut other_kind = sym("a", "f.rs", 5);
        other_kind.kind = SymbolKind::Constant;
        assert!(Moves::between(&old, &vec![other_kind], "f.rs").is_none());
    }

    #[test]
    fn one_old_position_cannot_move_to_two_places() {
        let old = vec![sym("a", "f.rs", 3), sym("b", "f.rs", 3)];
        let new = vec![sym("a", "f.rs", 3), sym("b", "f.rs", 4)];
        assert!(Moves::between(&old, &new, "f.rs").is_none());
    }

    #[test]
    fn a_span_into_another_file_or_an_unknown_position_is_doubt() {
        let old = vec![sym("a", "g.rs", 3)];
        assert!(Moves::between(&old, &old, "f.rs").is_none());
        let m = Moves::between(
            &vec![sym("a", "f.rs", 3)],
            &vec![sym("a", "f.rs", 4)],
            "f.rs",
        )
        .expect("moved");
        let mut surface = Surface::new(accord_model::surface::Language::Rust, "p");
        surface.symbols = vec![sym("p::x", "f.rs", 7)];
        assert!(!m.apply(&mut surface, "f.rs"));
    }
}
