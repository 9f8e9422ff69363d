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
use accord_model::surface::Surface;
use serde::Serialize;
use serde_json::Value;
use std::collections::HashMap;

/// A package's surface and findings.
type Extracted = (Surface, Vec<Finding>);

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
        for (o, n) in from.into_iter().zip(to) {
            if *map.entry(o).or_insert(n) != n {
                return None;
            }
        }
        Some(Moves(map))
    }

    /// Moves the symbols of `rel` in `surface` to their new positions; `false` (and the
    /// surface half-moved: drop it) when one of them is at a position the summary did not
    /// record, or a finding or test reference names the file.
    fn apply(&self, surface: &mut Surface, findings: &[Finding], rel: &str) -> bool {
        if !surface.test_refs.is_empty() {
            return false;
        }
        let named = serde_json::to_string(findings).map_or(true, |json| json.contains(rel));
        if named {
            return false;
        }
        for s in surface.symbols.iter_mut().filter(|s| s.span.path == rel) {
            match self.0.get(&(s.span.line, s.span.col)) {
                Some(&(line, col)) => (s.span.line, s.span.col) = (line, col),
                None => return false,
            }
        }
        true
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

/// The stored extraction of `stale`, brought up to date when every changed file only moved
/// code: `stored` gives the summary of a changed file the entry was computed from, `current`
/// its summary now (`None` when unavailable). `Err` sends the caller down the full
/// extraction, with the current summaries already made (so no file is read twice).
pub(crate) fn up_to_date<T: Serialize + Send>(
    cache: &Cache,
    stale: Stale,
    stored: impl Fn(&Changed) -> Option<T> + Sync,
    current: impl Fn(&Changed) -> Option<T> + Sync,
) -> Result<Extracted, Vec<(String, T)>> {
    use rayon::prelude::*;
    let pairs: Vec<(&Changed, Option<T>, Option<Moves>)> = stale
        .changed
        .par_iter()
        .map(|file| {
            let new = current(file);
            let moves = new.as_ref().and_then(|new| {
                let old = stored(file)?;
                Moves::between(&old, new, &file.rel)
            });
            (file, new, moves)
        })
        .collect();
    let fail = |pairs: Vec<(&Changed, Option<T>, Option<Moves>)>| {
        pairs
            .into_iter()
            .filter_map(|(file, new, _)| Some((file.rel.clone(), new?)))
            .collect()
    };
    if pairs.iter().any(|(_, _, moves)| moves.is_none()) {
        return Err(fail(pairs));
    }
    let Some((mut surface, findings)) = stale.decode() else {
        return Err(fail(pairs));
    };
    for (file, _, moves) in &pairs {
        let moved = moves
            .as_ref()
            .is_some_and(|m| m.apply(&mut surface, &findings, &file.rel));
        if !moved {
            return Err(fail(pairs));
        }
    }
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
        assert!(m.apply(&mut surface, &[], "f.rs"));
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
        assert!(!m.apply(&mut surface, &[], "f.rs"));
    }

    #[test]
    fn a_finding_naming_the_file_is_doubt() {
        let m = Moves::between(
            &vec![sym("a", "f.rs", 3)],
            &vec![sym("a", "f.rs", 4)],
            "f.rs",
        )
        .expect("moved");
        let mut surface = Surface::new(accord_model::surface::Language::Rust, "p");
        let finding = Finding::new(
            "x",
            accord_model::Class::Safe,
            accord_model::Bump::None,
            "in f.rs",
        );
        assert!(!m.apply(&mut surface, &[finding], "f.rs"));
    }
}
