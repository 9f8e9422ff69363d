//! The `struct-field-added` code change rule.

use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a new `pub` field of a Rust struct whose fields were all public and that is not `#[non_exhaustive]`.
    ///
    /// ## Why is this bad?
    /// Struct literals and exhaustive patterns in user code no longer compile (Cargo SemVer: major).
    ///
    /// ## Example
    /// Old → new: `pub struct Opts { pub limit: u32 }` → `pub struct Opts { pub limit: u32, pub cc: bool }`
    ///
    /// ## How to fix
    /// Mark the struct `#[non_exhaustive]` or give it a private field and a constructor.
    pub static STRUCT_FIELD_ADDED = {
        id: "struct-field-added",
        group: "code",
        class: Breaking,
        bump: Major,
        summary: "a public field was added to a struct users can construct",
    }
}

/// Pushes the findings of this rule.
pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    for s in &cx.added {
        if s.kind == SymbolKind::Field && cx.lang == Language::Rust && cx.addition_breaks(s) {
            out.push(finding(
                &STRUCT_FIELD_ADDED,
                s,
                "",
                format!(
                    "public field `{}` was added to a struct users can construct with a literal",
                    s.path
                ),
            ));
        }
    }
}
