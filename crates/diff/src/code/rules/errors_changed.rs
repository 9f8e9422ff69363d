//! The `errors-changed` code change rule.

use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a change of the documented errors (Rust `# Errors`/`# Panics`, TSDoc `@throws`, Python `Raises:`).
    ///
    /// ## Why is this bad?
    /// Callers' error handling may no longer match what is raised or returned.
    ///
    /// ## Example
    /// Old → new: `Raises: ValueError` → `Raises: KeyError`
    ///
    /// ## How to fix
    /// Tell consumers; add tests for the new error paths.
    pub static ERRORS_CHANGED = {
        id: "errors-changed",
        group: "code",
        class: Risky,
        bump: Minor,
        summary: "the declared error behaviour changed",
    }
}

/// Pushes the findings of this rule.
pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    for (o, n) in &cx.pairs {
        if o.errors != n.errors {
            let show = |e: &Option<String>| e.clone().unwrap_or_else(|| "(none)".into());
            out.push(finding(
                &ERRORS_CHANGED,
                n,
                "errors",
                format!(
                    "declared errors of `{}` changed: {} → {}",
                    n.path,
                    show(&o.errors),
                    show(&n.errors)
                ),
            ));
        }
    }
}
