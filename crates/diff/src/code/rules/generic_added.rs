//! The `generic-added` code change rule.

use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a new generic parameter without a default, or a new bound on an existing one.
    ///
    /// ## Why is this bad?
    /// Callers' turbofish or explicit type arguments no longer fit, and types that met the old bounds may not meet the new ones.
    ///
    /// ## Example
    /// Old → new: `fn store<T: Clone>(t: T)` → `fn store<T: Clone + Send>(t: T)`
    ///
    /// ## How to fix
    /// Drop the new bound, or give the new parameter a default.
    pub static GENERIC_ADDED = {
        id: "generic-added",
        group: "code",
        class: Breaking,
        bump: Major,
        summary: "a generic parameter or bound was added",
    }
}

/// Pushes the findings of this rule.
pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    for (o, n) in &cx.pairs {
        let renames = cx.generic_renames(n);
        let old_name = |name: &str| {
            renames
                .iter()
                .find(|(new, _)| new == name)
                .map_or(name.to_string(), |(_, old)| old.clone())
        };
        for g in &n.generics {
            match o.generics.iter().find(|x| x.name == old_name(&g.name)) {
                // A TypeScript function that had no type parameters was never called with
                // type arguments: the ones it gains are inferred at every existing call.
                None if n.kind.is_callable()
                    && o.generics.is_empty()
                    && matches!(cx.lang, Language::TypeScript | Language::JavaScript) => {}
                None if g.default.is_none() => {
                    out.push(finding(
                        &GENERIC_ADDED,
                        n,
                        &g.name,
                        format!("`{}` gained generic parameter `{}`", n.path, g.name),
                    ));
                }
                Some(old) => {
                    let added: Vec<&String> = g
                        .bounds
                        .iter()
                        .filter(|b| b.as_str() != "?Sized" && !cx.implemented_by_all(b))
                        .filter(|b| {
                            old.bounds.iter().all(|ob| {
                                // A TypeScript bound that every type meeting the old one
                                // meets (`Date` → `Date | number | string`) only widened.
                                cx.types_differ(n, ob, b)
                                    && cx.ts_relation(n, ob, b, crate::code::Position::Input)
                                        != Some(crate::code::Relation::Compatible)
                            })
                        })
                        .collect();
                    if !added.is_empty() {
                        let list: Vec<&str> = added.iter().map(|s| s.as_str()).collect();
                        out.push(finding(
                            &GENERIC_ADDED,
                            n,
                            &g.name,
                            format!(
                                "generic `{}` of `{}` gained bound `{}`",
                                g.name,
                                n.path,
                                list.join(" + ")
                            ),
                        ));
                    }
                }
                None => {}
            }
        }
    }
}
