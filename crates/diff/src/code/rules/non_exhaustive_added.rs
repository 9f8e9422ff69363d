//! The `non-exhaustive-added` code change rule.

use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a Rust type or variant that became `#[non_exhaustive]`.
    ///
    /// ## Why is this bad?
    /// Users can no longer build it with a literal or match it exhaustively.
    ///
    /// ## Example
    /// Old → new: `pub enum Kind { A }` → `#[non_exhaustive] pub enum Kind { A }`
    ///
    /// ## How to fix
    /// Do it in a major release.
    pub static NON_EXHAUSTIVE_ADDED = {
        id: "non-exhaustive-added",
        group: "code",
        class: Breaking,
        bump: Major,
        summary: "`#[non_exhaustive]` was added",
    }
}

/// Pushes the findings of this rule.
pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    for (o, n) in &cx.pairs {
        if !o.stability.non_exhaustive && n.stability.non_exhaustive {
            out.push(finding(
                &NON_EXHAUSTIVE_ADDED,
                n,
                "",
                format!("`{}` became #[non_exhaustive]", n.path),
            ));
        }
    }
}
