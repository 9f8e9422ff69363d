//! The `interface-member-added` code change rule.

use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a new required member of a TypeScript interface or Python `Protocol`.
    ///
    /// ## Why is this bad?
    /// Code that implements the interface (classes, object literals) no longer satisfies it; code that only reads it is unaffected.
    ///
    /// ## Example
    /// Old → new: `interface Notifier { send(m: string): void }` → `interface Notifier { send(m: string): void; flush(): void }`
    ///
    /// ## How to fix
    /// Make the member optional (`flush?()`), or add it to a new interface.
    pub static INTERFACE_MEMBER_ADDED = {
        id: "interface-member-added",
        group: "code",
        class: Risky,
        bump: Minor,
        summary: "a required member was added to an interface",
    }
}

/// Pushes the findings of this rule.
pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    for s in &cx.added {
        if let Some((p, _)) = cx.surviving_parent(s) {
            if p.kind == SymbolKind::Interface && cx.addition_breaks(s) {
                out.push(finding(
                    &INTERFACE_MEMBER_ADDED,
                    s,
                    "",
                    format!(
                        "interface `{}` gained required member `{}`; implementers break",
                        p.path,
                        s.name()
                    ),
                ));
            }
        }
    }
}
