//! The `property-now-required` code change rule.

use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a TypeScript property (or a field with a default) that was optional and is now required.
    ///
    /// ## Why is this bad?
    /// Object literals that omit it no longer type-check.
    ///
    /// ## Example
    /// Old → new: `interface Opts { cc?: string }` → `interface Opts { cc: string }`
    ///
    /// ## How to fix
    /// Keep it optional.
    pub static PROPERTY_NOW_REQUIRED = {
        id: "property-now-required",
        group: "code",
        class: Breaking,
        bump: Major,
        summary: "an optional property became required",
    }
}

/// Pushes the findings of this rule.
pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    for (o, n) in &cx.pairs {
        // Python's `optional` says an attribute has a value in the class body, which callers
        // reading it cannot tell from a property: nothing became required of them.
        if n.kind == SymbolKind::Field
            && o.optional
            && !n.optional
            && !matches!(cx.lang, Language::Rust | Language::Python)
        {
            out.push(finding(
                &PROPERTY_NOW_REQUIRED,
                n,
                "",
                format!("property `{}` is now required", n.path),
            ));
        }
    }
}
