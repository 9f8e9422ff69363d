//! The `constant-value-changed` code change rule.

use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a public Python module attribute (a module-level name bound to a value) whose value changed.
    ///
    /// ## Why is this bad?
    /// Code that reads it (a default timeout, a limit, a URL, a registry) behaves differently without any change to its call sites; code that compared against the old value silently stops matching.
    ///
    /// ## Example
    /// Old → new: `DEFAULT_TIMEOUT = 5.0` → `DEFAULT_TIMEOUT = 30.0`
    ///
    /// ## How to fix
    /// Say so in the changelog; keep the old value under the old name if users depend on it.
    pub static CONSTANT_VALUE_CHANGED = {
        id: "constant-value-changed",
        group: "code",
        class: Risky,
        bump: Patch,
        summary: "a module attribute's value changed",
    }
}

/// Pushes the findings of this rule.
pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    for (o, n) in &cx.pairs {
        if n.kind != SymbolKind::Constant {
            continue;
        }
        if let (Some(v1), Some(v2)) = (&o.value, &n.value) {
            if v1 != v2 {
                out.push(finding(
                    &CONSTANT_VALUE_CHANGED,
                    n,
                    "value",
                    format!("value of `{}` changed from `{v1}` to `{v2}`", n.path),
                ));
            }
        }
    }
}
