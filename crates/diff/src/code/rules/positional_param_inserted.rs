//! The `positional-param-inserted` code change rule.

use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a Python parameter that can be passed by position and now stands before a positional parameter that existed already (a new parameter inserted in the middle, or a keyword-only one moved in front).
    ///
    /// ## Why is this bad?
    /// Every positional argument after it shifts by one: old calls pass their values to the wrong parameters, silently when the types agree — even when the new parameter has a default.
    ///
    /// ## Example
    /// Old → new: `def copy(src, dst, overwrite=False)` → `def copy(src, mode, dst, overwrite=False)`
    ///
    /// ## How to fix
    /// Add the parameter after the existing positional ones, or make it keyword-only (after `*`).
    pub static POSITIONAL_PARAM_INSERTED = {
        id: "positional-param-inserted",
        group: "code",
        class: Breaking,
        bump: Major,
        summary: "a positional parameter was inserted before existing ones",
    }
}

/// Pushes the findings of this rule.
pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    if cx.lang != Language::Python {
        return;
    }
    for (o, n) in &cx.pairs {
        // An overload another overload still covers changed typing only (annotation-changed).
        if !n.kind.is_callable() || super::annotation_changed::overload_covered(cx, o).is_some() {
            continue;
        }
        let positional = |s: &Symbol| -> Vec<String> {
            s.args()
                .filter(|p| p.kind.takes_position())
                .map(|p| p.name.clone())
                .collect()
        };
        let (before, after) = (positional(o), positional(n));
        // The last old positional parameter that is still positional: a parameter inserted
        // before it moves it (and everything between).
        let Some(last_kept) = after.iter().rposition(|x| before.contains(x)) else {
            continue;
        };
        for name in after[..last_kept].iter().filter(|x| !before.contains(x)) {
            let shifted = &after[last_kept];
            out.push(finding(
                &POSITIONAL_PARAM_INSERTED,
                n,
                name,
                format!(
                    "`{}` takes `{name}` by position before `{shifted}`: old positional calls pass their arguments one place off",
                    n.path
                ),
            ));
        }
    }
}
