//! The `doc-changed` code change rule.

use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a symbol whose documentation text changed while its declared errors and side effects did not.
    ///
    /// ## Why is this bad?
    /// It is not bad; documentation fixes are a patch release.
    ///
    /// ## Example
    /// Old → new: `/// Sumarise.` → `/// Summarise.`
    ///
    /// ## How to fix
    /// Nothing to fix.
    pub static DOC_CHANGED = {
        id: "doc-changed",
        group: "code",
        class: Safe,
        bump: Patch,
        summary: "only the documentation of a symbol changed",
    }
}

/// Pushes the findings of this rule.
pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    for (o, n) in &cx.pairs {
        if o.doc_hash != n.doc_hash && o.errors == n.errors && o.side_effects == n.side_effects {
            out.push(finding(
                &DOC_CHANGED,
                n,
                "doc",
                format!("documentation of `{}` changed", n.path),
            ));
        }
    }
}
