//! The `enum-variant-added` code change rule.

use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a new variant of a Rust enum that is not `#[non_exhaustive]`.
    ///
    /// ## Why is this bad?
    /// Exhaustive `match`es in user code no longer compile (Cargo SemVer: major).
    ///
    /// ## Example
    /// Old → new: `enum Priority { Low, High }` → `enum Priority { Low, High, Urgent }`
    ///
    /// ## How to fix
    /// Mark the enum `#[non_exhaustive]` (itself a breaking change, once) before adding variants.
    pub static ENUM_VARIANT_ADDED = {
        id: "enum-variant-added",
        group: "code",
        class: Breaking,
        bump: Major,
        summary: "a variant was added to an exhaustive enum",
    }
}

/// Pushes the findings of this rule.
pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    for s in &cx.added {
        if s.kind == SymbolKind::Variant && cx.lang == Language::Rust && cx.addition_breaks(s) {
            out.push(finding(
                &ENUM_VARIANT_ADDED,
                s,
                "",
                format!("variant `{}` was added to an exhaustive enum", s.path),
            ));
        }
    }
}
