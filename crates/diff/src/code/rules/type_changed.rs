//! The `type-changed` code change rule.

use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a non-callable symbol whose declared type (field type, constant type, alias target, variant fields, supertraits/base classes) differs.
    ///
    /// ## Why is this bad?
    /// Code reading, writing or matching on it stops type-checking.
    ///
    /// ## Example
    /// Old → new: `pub id: u32` → `pub id: u64`
    ///
    /// ## How to fix
    /// Keep the type, or add a new field.
    pub static TYPE_CHANGED = {
        id: "type-changed",
        group: "code",
        class: Breaking,
        bump: Major,
        summary: "the type of a field, constant, alias or variant changed",
    }
}

/// Pushes the findings of this rule.
pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    // Class name → base lists in the new surface, built once (a framework has thousands).
    let mut class_bases: std::collections::BTreeMap<&str, Vec<&str>> = Default::default();
    if cx.lang == Language::Python {
        for s in &cx.new.symbols {
            if matches!(
                s.kind,
                SymbolKind::Class | SymbolKind::Interface | SymbolKind::Enum
            ) {
                class_bases
                    .entry(s.name())
                    .or_default()
                    .push(s.ty.as_deref().unwrap_or(""));
            }
        }
    }
    for (o, n) in &cx.pairs {
        if n.kind.is_callable() {
            continue;
        }
        if let (Some(t1), Some(t2)) = (&o.ty, &n.ty) {
            if cx.lang == Language::Python
                && matches!(
                    n.kind,
                    SymbolKind::Class | SymbolKind::Interface | SymbolKind::Enum
                )
            {
                if t1 != t2 {
                    python_bases(&class_bases, n, t1, t2, out);
                }
                continue;
            }
            // A Python type alias names what functions accept far more often than what
            // they return: one that only gained members breaks no annotation using it.
            if cx.lang == Language::Python
                && n.kind == SymbolKind::TypeAlias
                && cx.type_change(n, t1, t2) == TypeChange::Widened
            {
                continue;
            }
            if cx.types_differ(n, t1, t2)
                && !super::type_alias_widened::widened(cx, o, n)
                && !cx.ts_not_proven_breaking(n, t1, t2, super::type_rewritten::position(n))
                && !super::annotation_changed::typing_only(
                    cx,
                    o,
                    n,
                    t1,
                    t2,
                    super::annotation_changed::Slot::Value,
                )
            {
                out.push(finding(
                    &TYPE_CHANGED,
                    n,
                    "type",
                    format!(
                        "type of {} `{}` changed {}",
                        n.kind.as_str(),
                        n.path,
                        crate::code::type_diff::describe(t1, t2)
                    ),
                ));
            }
        }
    }
}

/// A Python class's `type` is its list of bases: adding one (or replacing one by a subclass
/// of it) keeps every `isinstance` check and inherited member; losing one does not.
fn python_bases(
    class_bases: &std::collections::BTreeMap<&str, Vec<&str>>,
    n: &Symbol,
    t1: &str,
    t2: &str,
    out: &mut Vec<Finding>,
) {
    let bases = |t: &str| -> Vec<String> {
        crate::code::split_top_commas(t)
            .into_iter()
            .map(|b| b.split('[').next().unwrap_or(&b).trim().to_string())
            .filter(|b| !b.is_empty() && !b.contains('=') && b != "Generic" && b != "object")
            .collect()
    };
    let last = |b: &str| b.rsplit('.').next().unwrap_or(b).to_string();
    let (before, after) = (bases(t1), bases(t2));
    // Every ancestor the new surface shows: bases of bases, by class name.
    let mut ancestors: Vec<String> = after.iter().map(|b| last(b)).collect();
    let mut i = 0;
    while i < ancestors.len() && ancestors.len() < 64 {
        let name = ancestors[i].clone();
        for ty in class_bases.get(name.as_str()).into_iter().flatten() {
            for b in bases(ty) {
                let b = last(&b);
                if !ancestors.contains(&b) {
                    ancestors.push(b);
                }
            }
        }
        i += 1;
    }
    let lost: Vec<&String> = before
        .iter()
        .filter(|b| !ancestors.contains(&last(b)))
        .collect();
    if !lost.is_empty() {
        let lost: Vec<String> = lost.iter().map(|b| format!("`{b}`")).collect();
        out.push(finding(
            &TYPE_CHANGED,
            n,
            "type",
            format!(
                "class `{}` no longer derives from {} (bases `{t1}` → `{t2}`)",
                n.path,
                lost.join(", ")
            ),
        ));
    }
}
