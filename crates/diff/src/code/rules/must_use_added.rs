//! The `must-use-added` code change rule.

use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a Rust item that became `#[must_use]`.
    ///
    /// ## Why is this bad?
    /// Callers ignoring the result get a new warning, an error under `deny(warnings)`.
    ///
    /// ## Example
    /// Old → new: `pub fn run() -> Report` → `#[must_use] pub fn run() -> Report`
    ///
    /// ## How to fix
    /// Nothing, usually; tell consumers who deny warnings.
    pub static MUST_USE_ADDED = {
        id: "must-use-added",
        group: "code",
        class: Risky,
        bump: Minor,
        summary: "`#[must_use]` was added",
    }
}

/// Pushes the findings of this rule.
pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    for (o, n) in &cx.pairs {
        if !o.stability.must_use && n.stability.must_use {
            out.push(finding(
                &MUST_USE_ADDED,
                n,
                "",
                format!("`{}` became #[must_use]", n.path),
            ));
        }
    }
}
