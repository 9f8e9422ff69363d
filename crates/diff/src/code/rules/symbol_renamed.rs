//! The `symbol-renamed` code change rule.

use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a removal and an addition under the same parent, of the same kind and signature, as one rename.
    ///
    /// ## Why is this bad?
    /// Callers still use the old name; a rename breaks them exactly like a removal, but the fix is mechanical.
    ///
    /// ## Example
    /// Old → new: `def summarise(thread)` → `def summarize(thread)`
    ///
    /// ## How to fix
    /// Keep the old name as a deprecated alias for a release.
    pub static SYMBOL_RENAMED = {
        id: "symbol-renamed",
        group: "code",
        class: Breaking,
        bump: Major,
        summary: "a public symbol was renamed (removed and re-added with the same signature)",
    }
}

/// Pushes the findings of this rule.
pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    for (o, n) in &cx.renamed {
        // `f#2` → `f`: overloads collapsed into one signature, not a new name.
        if o.path.split('#').next() == n.path.split('#').next() {
            continue;
        }
        out.push(
            finding(
                &SYMBOL_RENAMED,
                n,
                "",
                format!(
                    "{} `{}` was renamed to `{}`",
                    o.kind.as_str(),
                    o.path,
                    n.name()
                ),
            )
            .with_help(format!(
                "keep `{}` as a deprecated alias of `{}`",
                o.name(),
                n.name()
            )),
        );
    }
}
