//! The `side-effects-changed` code change rule.

use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a change of the documented side effects (a `# Side effects` section or `@sideEffects` tag).
    ///
    /// ## Why is this bad?
    /// Seed 003 §4.2: consumers relying on what a call touches (files, network, state) may be affected.
    ///
    /// ## Example
    /// Old → new: `# Side effects: writes audit log` → `# Side effects: writes audit log, sends email`
    ///
    /// ## How to fix
    /// Tell consumers; review for security.
    pub static SIDE_EFFECTS_CHANGED = {
        id: "side-effects-changed",
        group: "code",
        class: Risky,
        bump: Minor,
        summary: "the declared side effects changed",
    }
}

/// Pushes the findings of this rule.
pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    for (o, n) in &cx.pairs {
        if o.side_effects != n.side_effects {
            let show = |e: &Option<String>| e.clone().unwrap_or_else(|| "(none)".into());
            out.push(finding(
                &SIDE_EFFECTS_CHANGED,
                n,
                "side-effects",
                format!(
                    "declared side effects of `{}` changed: {} → {}",
                    n.path,
                    show(&o.side_effects),
                    show(&n.side_effects)
                ),
            ));
        }
    }
}
