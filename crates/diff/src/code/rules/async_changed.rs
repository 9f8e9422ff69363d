//! The `async-changed` code change rule.

use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a function that became `async` or stopped being `async`.
    ///
    /// ## Why is this bad?
    /// Callers must add or remove `.await`/`await`; the result type changes.
    ///
    /// ## Example
    /// Old → new: `pub fn load()` → `pub async fn load()`
    ///
    /// ## How to fix
    /// Keep both: a sync wrapper and an async variant.
    pub static ASYNC_CHANGED = {
        id: "async-changed",
        group: "code",
        class: Breaking,
        bump: Major,
        summary: "a callable switched between async and sync",
    }
}

/// Pushes the findings of this rule.
pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    for (o, n) in &cx.pairs {
        if n.kind.is_callable() && o.is_async != n.is_async {
            let how = if n.is_async {
                "became async"
            } else {
                "is no longer async"
            };
            out.push(finding(
                &ASYNC_CHANGED,
                n,
                "",
                format!("`{}` {how}", n.path),
            ));
        }
    }
}
