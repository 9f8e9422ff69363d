//! The `visibility-reduced` code change rule.

use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a symbol that still exists but is no longer public (`pub` → `pub(crate)`, dropped from `__all__`, TS `public` → `protected`).
    ///
    /// ## Why is this bad?
    /// Users outside the package can no longer reach it, exactly as if it was removed.
    ///
    /// ## Example
    /// Old → new: `pub fn parse()` → `pub(crate) fn parse()`
    ///
    /// ## How to fix
    /// Keep it public, or deprecate it first.
    pub static VISIBILITY_REDUCED = {
        id: "visibility-reduced",
        group: "code",
        class: Breaking,
        bump: Major,
        summary: "a public symbol became less visible",
    }
}

/// Pushes the findings of this rule.
pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    for s in &cx.removed {
        if cx.new.restricted.iter().any(|p| p == &s.path) {
            out.push(finding(
                &VISIBILITY_REDUCED,
                s,
                "",
                format!("{} `{}` is no longer public", s.kind.as_str(), s.path),
            ));
        }
    }
    for (o, n) in &cx.pairs {
        if n.visibility < o.visibility {
            out.push(finding(
                &VISIBILITY_REDUCED,
                n,
                "",
                format!(
                    "`{}` went from {} to {}",
                    n.path,
                    format!("{:?}", o.visibility).to_lowercase(),
                    format!("{:?}", n.visibility).to_lowercase()
                ),
            ));
        }
    }
}
