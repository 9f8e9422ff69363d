//! The `doc-hidden-added` code change rule.

use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a public Rust item that became `#[doc(hidden)]`.
    ///
    /// ## Why is this bad?
    /// Hidden items are outside the promised API: users lose it from docs and its stability is withdrawn.
    ///
    /// ## Example
    /// Old → new: `pub fn raw()` → `#[doc(hidden)] pub fn raw()`
    ///
    /// ## How to fix
    /// Deprecate instead, and hide it in a major release.
    pub static DOC_HIDDEN_ADDED = {
        id: "doc-hidden-added",
        group: "code",
        class: Breaking,
        bump: Major,
        summary: "an item was made `#[doc(hidden)]`",
    }
}

/// Pushes the findings of this rule.
pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    for (o, n) in &cx.pairs {
        if !o.stability.doc_hidden && n.stability.doc_hidden {
            out.push(finding(
                &DOC_HIDDEN_ADDED,
                n,
                "",
                format!("`{}` became #[doc(hidden)]", n.path),
            ));
        }
    }
}
