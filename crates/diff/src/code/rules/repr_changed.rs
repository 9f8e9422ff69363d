//! The `repr-changed` code change rule.

use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a Rust struct, enum or union whose `#[repr]` lost a part (`C`, `transparent`, an integer
    /// type, `align`, `packed`) or gained `packed` or `align`.
    ///
    /// ## Why is this bad?
    /// Users rely on a declared layout for FFI, transmutes and `as` casts of enum discriminants; removing
    /// or changing it breaks them, and adding `packed`/`align` changes the layout of every user's type
    /// that embeds it (Cargo SemVer reference: major). Adding `repr(C)`, `repr(transparent)` or an
    /// integer `repr` is not reported. Source analysis cannot see layout changes that come from field
    /// types defined in other crates.
    ///
    /// ## Example
    /// Old → new: `#[repr(C)] pub struct Point { pub x: f32 }` → `pub struct Point { pub x: f32 }`
    ///
    /// ## How to fix
    /// Keep the representation; change it only in a major release.
    pub static REPR_CHANGED = {
        id: "repr-changed",
        group: "code",
        class: Breaking,
        bump: Major,
        summary: "the `#[repr]` of a type lost a part or gained `packed`/`align`",
    }
}

/// Pushes the findings of this rule.
pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    let reprs = |s: &Symbol| -> Vec<String> {
        s.attributes
            .iter()
            .filter(|a| a.starts_with("repr("))
            .cloned()
            .collect()
    };
    for (o, n) in &cx.pairs {
        if !matches!(n.kind, SymbolKind::Struct | SymbolKind::Enum) {
            continue;
        }
        let (before, after) = (reprs(o), reprs(n));
        let lost = before.iter().any(|r| !after.contains(r));
        let gained = after
            .iter()
            .filter(|r| !before.contains(r))
            .any(|r| r.starts_with("repr(packed") || r.starts_with("repr(align"));
        if !lost && !gained {
            continue;
        }
        let show = |l: &[String]| {
            if l.is_empty() {
                "none".to_string()
            } else {
                l.join(", ")
            }
        };
        out.push(finding(
            &REPR_CHANGED,
            n,
            "repr",
            format!(
                "representation of `{}` changed from {} to {}",
                n.path,
                show(&before),
                show(&after)
            ),
        ));
    }
}
