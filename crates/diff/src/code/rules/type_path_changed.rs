//! The `type-path-changed` code change rule.

use super::prelude::*;
use crate::code::TypeDiff;

declare_rule! {
    /// ## What it does
    /// Reports a Rust type in a signature, field, constant or bound that now names an item of the
    /// same name through another path that Accord cannot show to be the same item
    /// (`futures_core::Stream` → `crate::Stream`, with the re-export outside the surface).
    ///
    /// ## Why is this bad?
    /// Most of the time it is a re-export of the same item (a crate re-exporting its core crate's
    /// traits) and nothing changes; when the new path is a different item of the same name,
    /// every user of the signature breaks. Source analysis cannot tell which without the other
    /// crate, so it is RISKY rather than BREAKING. Spellings Accord can follow (`Self`, lifetime
    /// renames, `use` imports vs full paths, re-exports listed in the surface) are not reported.
    ///
    /// ## Example
    /// Old → new: `fn poll(s: futures_core::Stream)` → `fn poll(s: other::Stream)`
    ///
    /// ## How to fix
    /// Check that both paths name one item; if not, this is a type change and needs a major bump.
    pub static TYPE_PATH_CHANGED = {
        id: "type-path-changed",
        group: "code",
        class: Risky,
        bump: Patch,
        summary: "a type is now named through another path (same item unless proven otherwise)",
    }
}

/// Pushes the findings of this rule.
pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    if cx.lang != Language::Rust {
        return;
    }
    for (o, n) in &cx.pairs {
        let mut places: Vec<(String, &str, &str)> = Vec::new();
        if let (Some(t1), Some(t2)) = (&o.ty, &n.ty) {
            places.push(("type".into(), t1, t2));
        }
        if let (Some(t1), Some(t2)) = (&o.returns, &n.returns) {
            places.push(("return".into(), t1, t2));
        }
        if n.kind.is_callable() {
            let (aligned, _) = align(cx.lang, o, n);
            for a in aligned {
                if let (Some(p), Some(q)) = (a.old, a.new) {
                    if let (Some(t1), Some(t2)) = (&p.ty, &q.ty) {
                        places.push((q.name.clone(), t1, t2));
                    }
                }
            }
        }
        for g in &n.generics {
            if let Some(og) = o.generics.iter().find(|x| x.name == g.name) {
                for b in g.bounds.iter().filter(|b| !og.bounds.contains(b)) {
                    // Only a bound whose old counterpart differs by path alone.
                    if let Some(ob) = og
                        .bounds
                        .iter()
                        .find(|ob| matches!(cx.compare_types(n, ob, b), TypeDiff::PathOnly(_)))
                    {
                        places.push((format!("{}: bound", g.name), ob, b));
                    }
                }
            }
        }
        for (what, t1, t2) in places {
            if let TypeDiff::PathOnly(pairs) = cx.compare_types(n, t1, t2) {
                let list: Vec<String> = pairs
                    .iter()
                    .map(|(a, b)| format!("`{a}` → `{b}`"))
                    .collect();
                out.push(finding(
                    &TYPE_PATH_CHANGED,
                    n,
                    &what,
                    format!(
                        "`{}` ({what}) now names {} through another path; same name, so probably a re-export of the same item, which Accord cannot see",
                        n.path,
                        list.join(", ")
                    ),
                ));
            }
        }
    }
}
