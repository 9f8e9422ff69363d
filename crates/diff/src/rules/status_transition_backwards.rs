use crate::engine::Cx;
use accord_model::Finding;

accord_model::declare_rule! {
    /// ## What it does
    /// Reports a lifecycle status that moves backwards. The lifecycle is one-way:
    /// draft → experimental → stable → deprecated → retired. Skipping forward is allowed
    /// (a draft may be published straight as stable: the seed lists an order, not
    /// mandatory stops) except that retiring must go through `deprecated`, which
    /// `retired-without-deprecation` reports.
    ///
    /// ## Why is this bad?
    /// Status tells consumers what they may rely on. `stable` → `experimental` silently
    /// withdraws the semver promise; `retired` → `stable` resurrects something consumers
    /// were told to migrate away from. Nothing breaks at once, hence RISKY; the version
    /// itself needs no bump for it.
    ///
    /// ## Example
    /// ```yaml
    /// # old                  # new
    /// status: "stable"       status: "experimental"
    /// ```
    ///
    /// ## How to fix
    /// Publish the change as a new contract with its own status, or restore the status.
    pub static STATUS_TRANSITION_BACKWARDS = {
        id: "status-transition-backwards",
        group: "contract-change",
        class: Risky,
        bump: None,
        summary: "the lifecycle status moved backwards",
    }
}

pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    if let (Some(o), Some(n)) = (cx.old.status, cx.new.status)
        && n < o
    {
        out.push(
            cx.finding(
                &STATUS_TRANSITION_BACKWARDS,
                format!(
                    "status of {} moved backwards from `{o}` to `{n}`; the lifecycle only moves forward (draft → experimental → stable → deprecated → retired)",
                    cx.new.display()
                ),
                "status",
                cx.new_span("/contract/status"),
            )
            .related(cx.old_location(cx.old.span_of("/contract/status")), "old status"),
        );
    }
}
