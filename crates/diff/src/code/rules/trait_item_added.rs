//! The `trait-item-added` code change rule.

use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a new method, constant or associated type of a Rust trait that has no default.
    ///
    /// ## Why is this bad?
    /// Every implementation of the trait outside the crate stops compiling.
    ///
    /// ## Example
    /// Old → new: `trait Store { fn get(&self); }` → `trait Store { fn get(&self); fn put(&mut self); }`
    ///
    /// ## How to fix
    /// Give the item a default body, or seal the trait.
    pub static TRAIT_ITEM_ADDED = {
        id: "trait-item-added",
        group: "code",
        class: Breaking,
        bump: Major,
        summary: "a trait item without a default was added",
    }
}

/// Pushes the findings of this rule.
pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    for s in &cx.added {
        if cx.lang != Language::Rust || !cx.addition_breaks(s) {
            continue;
        }
        if let Some((p, _)) = cx.surviving_parent(s) {
            if p.kind == SymbolKind::Trait {
                out.push(finding(
                    &TRAIT_ITEM_ADDED,
                    s,
                    "",
                    format!("trait `{}` gained `{}` without a default", p.path, s.name()),
                ));
            }
        }
    }
}
