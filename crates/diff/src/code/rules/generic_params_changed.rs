//! The `generic-params-changed` code change rule.

use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports Rust generic parameters that were reordered, or a default type or value that was removed.
    ///
    /// ## Why is this bad?
    /// Users who name the type or pass generic arguments explicitly (`Map<K, V>`, `parse::<u8, _>()`)
    /// now give them in the wrong order or must supply an argument that used to default (Cargo SemVer
    /// reference: major). Lifetime parameters are not compared: source cannot tell an elided lifetime
    /// from a renamed one reliably, and callers rarely name them.
    ///
    /// ## Example
    /// Old → new: `pub struct Map<K, V = String>` → `pub struct Map<V, K>`
    ///
    /// ## How to fix
    /// Keep the order and the defaults; add new parameters at the end with defaults.
    pub static GENERIC_PARAMS_CHANGED = {
        id: "generic-params-changed",
        group: "code",
        class: Breaking,
        bump: Major,
        summary: "generic parameters were reordered or lost a default",
    }
}

/// A declared parameter (not a where-clause entry on some other type).
fn declared(name: &str) -> bool {
    name.starts_with("const ") || name.chars().all(|c| c.is_alphanumeric() || c == '_')
}

fn names(s: &Symbol) -> Vec<&str> {
    s.generics
        .iter()
        .map(|g| g.name.as_str())
        .filter(|g| declared(g) && *g != "Self")
        .collect()
}

/// Pushes the findings of this rule.
pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    if cx.lang != Language::Rust {
        return;
    }
    for (o, n) in &cx.pairs {
        let (before, after) = (names(o), names(n));
        let kept_before: Vec<&str> = before
            .iter()
            .filter(|g| after.contains(g))
            .copied()
            .collect();
        let kept_after: Vec<&str> = after
            .iter()
            .filter(|g| before.contains(g))
            .copied()
            .collect();
        if kept_before != kept_after {
            out.push(finding(
                &GENERIC_PARAMS_CHANGED,
                n,
                "order",
                format!(
                    "generic parameters of `{}` were reordered: <{}> → <{}>",
                    n.path,
                    before.join(", "),
                    after.join(", ")
                ),
            ));
        }
        for g in &o.generics {
            let now = n.generics.iter().find(|x| x.name == g.name);
            if let (Some(d), Some(now)) = (&g.default, now) {
                if now.default.is_none() {
                    out.push(finding(
                        &GENERIC_PARAMS_CHANGED,
                        n,
                        &g.name,
                        format!(
                            "generic parameter `{}` of `{}` lost its default `{d}`",
                            g.name, n.path
                        ),
                    ));
                }
            }
        }
    }
}
