//! The `struct-kind-changed` code change rule.

use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a Rust struct that changed between unit (`struct S;`), tuple (`struct S(u8);`) and
    /// plain (`struct S { x: u8 }`) form while users could build or match it by that form.
    ///
    /// ## Why is this bad?
    /// `S` as a value, `S(..)` as a constructor function and `S { .. }` literals are spelled by kind;
    /// code using the old form stops compiling (Cargo SemVer reference: major). A struct with private
    /// fields or `#[non_exhaustive]` cannot be built outside the crate, so its kind is not reported.
    ///
    /// ## Example
    /// Old → new: `pub struct Marker;` → `pub struct Marker {}`
    ///
    /// ## How to fix
    /// Keep the kind; add a constructor function if the representation must change.
    pub static STRUCT_KIND_CHANGED = {
        id: "struct-kind-changed",
        group: "code",
        class: Breaking,
        bump: Major,
        summary: "a struct changed between unit, tuple and plain form",
    }
}

fn kind(s: &Symbol) -> &'static str {
    if has(s, "unit") {
        "unit"
    } else if has(s, "tuple") {
        "tuple"
    } else if has(s, "union") {
        "union"
    } else {
        "plain"
    }
}

/// Pushes the findings of this rule.
pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    if cx.lang != Language::Rust {
        return;
    }
    for (o, n) in &cx.pairs {
        if o.kind != SymbolKind::Struct || n.kind != SymbolKind::Struct {
            continue;
        }
        let (a, b) = (kind(o), kind(n));
        if a == b || o.private_fields || o.stability.non_exhaustive {
            continue;
        }
        out.push(finding(
            &STRUCT_KIND_CHANGED,
            n,
            "kind",
            format!("`{}` changed from a {a} struct to a {b} struct", n.path),
        ));
    }
}
