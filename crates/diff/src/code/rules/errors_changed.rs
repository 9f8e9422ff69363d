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

/// The text with URLs removed: a link moving to a new docs version
/// (`docs.rs/syn/2.0/…` → `docs.rs/syn/3/…`) says nothing about errors.
fn without_links(text: &str) -> String {
    text.split_whitespace()
        .map(|w| match w.find("http") {
            Some(i) => {
                let end = w[i..]
                    .find(['"', ')', '>', '\''])
                    .map_or(w.len(), |e| i + e);
                format!("{}{}", &w[..i], &w[end..])
            }
            None => w.to_string(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Pushes the findings of this rule.
pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    for (o, n) in &cx.pairs {
        if o.errors.as_deref().map(without_links) != n.errors.as_deref().map(without_links) {
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
