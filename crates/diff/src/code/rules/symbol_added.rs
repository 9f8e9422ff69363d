//! The `symbol-added` code change rule.

use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a new public symbol. Additions that break users on their own (a variant of an exhaustive enum, a field of a constructible struct, a required trait or interface member) are reported by their own rules instead.
    ///
    /// ## Why is this bad?
    /// It is not bad: new API needs a minor release so users can depend on it.
    ///
    /// ## Example
    /// Old → new: (nothing) → `pub fn triage(t: &Thread)`
    ///
    /// ## How to fix
    /// Release it in a minor version.
    pub static SYMBOL_ADDED = {
        id: "symbol-added",
        group: "code",
        class: Safe,
        bump: Minor,
        summary: "a public symbol was added",
    }
}

/// Pushes the findings of this rule.
pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    for s in &cx.added {
        if cx.addition_breaks(s) {
            continue;
        }
        out.push(finding(
            &SYMBOL_ADDED,
            s,
            "",
            format!("{} `{}` was added", s.kind.as_str(), s.path),
        ));
    }
}
