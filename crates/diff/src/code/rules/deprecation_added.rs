//! The `deprecation-added` code change rule.

use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a symbol newly marked deprecated (`#[deprecated]`, TSDoc `@deprecated`, Python `@deprecated`).
    ///
    /// ## Why is this bad?
    /// It is not bad: it is the polite first step before a removal. Users get warnings.
    ///
    /// ## Example
    /// Old → new: `def summarise()` → `@deprecated('use summarize') def summarise()`
    ///
    /// ## How to fix
    /// Name the replacement in the note.
    pub static DEPRECATION_ADDED = {
        id: "deprecation-added",
        group: "code",
        class: Safe,
        bump: Minor,
        summary: "a symbol was deprecated",
    }
}

/// Pushes the findings of this rule.
pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    for (o, n) in &cx.pairs {
        if o.stability.deprecated.is_none() {
            if let Some(note) = &n.stability.deprecated {
                // A Python body warning under `if <param>` deprecates that parameter.
                let message = if note.starts_with("parameter `") {
                    format!("{note} of `{}` was deprecated (a run-time warning)", n.path)
                } else if note.is_empty() {
                    format!("`{}` was deprecated", n.path)
                } else {
                    format!("`{}` was deprecated: {note}", n.path)
                };
                out.push(finding(&DEPRECATION_ADDED, n, "", message));
            }
        }
    }
}
