//! The `symbol-removed` code change rule.

use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a public symbol (function, type, field, variant, module…) that no longer exists. Children of a removed symbol are reported with it, once.
    ///
    /// ## Why is this bad?
    /// Every caller, importer or implementer of the symbol stops compiling (Rust, TypeScript) or fails at import/call time (Python, JavaScript).
    ///
    /// ## Example
    /// Old → new: `pub fn summarize(t: &Thread)` → (deleted)
    ///
    /// ## How to fix
    /// Keep the symbol, deprecate it first, and remove it in a major release.
    pub static SYMBOL_REMOVED = {
        id: "symbol-removed",
        group: "code",
        class: Breaking,
        bump: Major,
        summary: "a public symbol was removed",
    }
}

/// Pushes the findings of this rule.
pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    for s in &cx.removed {
        if cx.new.restricted.iter().any(|p| p == &s.path) || cx.maybe_generated(s) {
            continue;
        }
        // A function that gained overloads (`f` → `f#1`, `f#2`) or lost them (`f#1` → `f`)
        // is still there; its signatures are compared where they pair up, and callers of a
        // merged overload are not told apart here.
        let base = s.path.split('#').next().unwrap_or(&s.path);
        if cx.new_symbol(&format!("{base}#1")).is_some()
            || (base != s.path && cx.new_symbol(base).is_some())
        {
            continue;
        }
        out.push(finding(
            &SYMBOL_REMOVED,
            s,
            "",
            format!("{} `{}` was removed", s.kind.as_str(), s.path),
        ));
    }
}
