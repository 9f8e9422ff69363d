//! The `default-changed` code change rule.

use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a parameter whose default value differs.
    ///
    /// ## Why is this bad?
    /// Calls that omit the argument silently get different behaviour.
    ///
    /// ## Example
    /// Old → new: `def fetch(limit=50)` → `def fetch(limit=10)`
    ///
    /// ## How to fix
    /// Keep the default, or document the change and tell consumers.
    pub static DEFAULT_CHANGED = {
        id: "default-changed",
        group: "code",
        class: Risky,
        bump: Minor,
        summary: "a parameter's default value changed",
    }
}

/// Pushes the findings of this rule.
pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    for (o, n) in &cx.pairs {
        if !n.kind.is_callable() {
            continue;
        }
        let (aligned, _reordered) = align(cx.lang, o, n);
        for a in &aligned {
            if let (Some(p), Some(q)) = (a.old, a.new) {
                if let (Some(d1), Some(d2)) = (&p.default, &q.default) {
                    if d1 != d2 {
                        out.push(finding(
                            &DEFAULT_CHANGED,
                            n,
                            &q.name,
                            format!(
                                "default of `{}` in `{}` changed from `{d1}` to `{d2}`",
                                q.name, n.path
                            ),
                        ));
                    }
                }
            }
        }
    }
}
