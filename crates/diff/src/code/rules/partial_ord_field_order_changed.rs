//! The `partial-ord-field-order-changed` code change rule.

use super::prelude::*;
use accord_model::surface::Surface;
use std::collections::{BTreeMap, BTreeSet};

declare_rule! {
    /// ## What it does
    /// Reports a Rust struct deriving `PartialOrd` or `Ord` whose public fields now come in
    /// another order, or such an enum whose variants were reordered.
    ///
    /// ## Why is this bad?
    /// The derived comparison is lexicographic in declaration order: reordering fields (or
    /// variants) silently changes what `<`, `sort()` and `BTreeMap` keys do in users' code,
    /// without a compile error (Cargo SemVer reference: major). Only the public fields and
    /// variants the surface lists are compared: a reorder among private fields changes the
    /// order too, but source analysis of the public API does not see it.
    ///
    /// ## Example
    /// Old → new: `#[derive(PartialOrd)] pub struct V { pub major: u32, pub minor: u32 }` →
    /// `#[derive(PartialOrd)] pub struct V { pub minor: u32, pub major: u32 }`
    ///
    /// ## How to fix
    /// Keep the declaration order, or implement `PartialOrd`/`Ord` by hand with the old order.
    pub static PARTIAL_ORD_FIELD_ORDER_CHANGED = {
        id: "partial-ord-field-order-changed",
        group: "code",
        class: Breaking,
        bump: Major,
        summary: "the field or variant order of a derived `PartialOrd` type changed",
    }
}

fn derives_order(s: &Symbol) -> bool {
    s.attributes
        .iter()
        .any(|a| a == "impl PartialOrd" || a == "impl Ord")
}

/// Names of the public fields/variants of each parent in `parents`, in declaration order.
fn members<'a>(
    surface: &'a Surface,
    parents: &BTreeSet<&str>,
) -> BTreeMap<&'a str, Vec<&'a Symbol>> {
    let mut out: BTreeMap<&str, Vec<&Symbol>> = BTreeMap::new();
    for s in &surface.symbols {
        if !matches!(s.kind, SymbolKind::Field | SymbolKind::Variant) {
            continue;
        }
        let Some(parent) = s.parent_path(Language::Rust) else {
            continue;
        };
        if parents.contains(parent) {
            out.entry(parent).or_default().push(s);
        }
    }
    for list in out.values_mut() {
        // Fields of one type are declared in one file: line and column give their order.
        list.sort_by_key(|s| (s.span.line, s.span.col));
    }
    out
}

/// Pushes the findings of this rule.
pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    if cx.lang != Language::Rust {
        return;
    }
    let candidates: Vec<(&Symbol, &Symbol)> = cx
        .pairs
        .iter()
        .filter(|(o, n)| {
            matches!(n.kind, SymbolKind::Struct | SymbolKind::Enum)
                && o.kind == n.kind
                && derives_order(o)
                && derives_order(n)
        })
        .copied()
        .collect();
    if candidates.is_empty() {
        return;
    }
    let parents: BTreeSet<&str> = candidates.iter().map(|(_, n)| n.path.as_str()).collect();
    let (old, new) = (members(cx.old, &parents), members(cx.new, &parents));
    for (o, n) in candidates {
        let names = |m: &BTreeMap<&str, Vec<&Symbol>>, path: &str| -> Vec<String> {
            m.get(path)
                .map(|l| l.iter().map(|s| s.name().to_string()).collect())
                .unwrap_or_default()
        };
        let (before, after) = (names(&old, &o.path), names(&new, &n.path));
        let kept_before: Vec<&String> = before.iter().filter(|x| after.contains(x)).collect();
        let kept_after: Vec<&String> = after.iter().filter(|x| before.contains(x)).collect();
        if kept_before != kept_after {
            let what = if n.kind == SymbolKind::Enum {
                "variants"
            } else {
                "fields"
            };
            out.push(finding(
                &PARTIAL_ORD_FIELD_ORDER_CHANGED,
                n,
                "order",
                format!(
                    "`{}` derives `PartialOrd`, and its {what} were reordered, changing how \
                     values compare: {} → {}",
                    n.path,
                    before.join(", "),
                    after.join(", ")
                ),
            ));
        }
    }
}
