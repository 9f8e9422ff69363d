use crate::engine::Cx;
use accord_model::Finding;
use accord_model::contract::Status;

accord_model::declare_rule! {
    /// ## What it does
    /// Reports a contract retired without having been `deprecated` first (e.g. `stable`
    /// → `retired` in one step).
    ///
    /// ## Why is this bad?
    /// Deprecation is the consumers' notice period (seed 000: "Deprecation Notice (3
    /// months before)"). Retiring without it ends support with no warning.
    ///
    /// ## Example
    /// ```yaml
    /// # old                  # new
    /// status: "stable"       status: "retired"
    /// ```
    ///
    /// ## How to fix
    /// Release a version with `status: deprecated`, a replacement and a window first.
    pub static RETIRED_WITHOUT_DEPRECATION = {
        id: "retired-without-deprecation",
        group: "contract-change",
        class: Breaking,
        bump: Major,
        summary: "a contract was retired without being deprecated first",
    }
}

pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    if cx.new.status == Some(Status::Retired)
        && let Some(old) = cx.old.status
        && old < Status::Deprecated
    {
        out.push(cx.finding(
            &RETIRED_WITHOUT_DEPRECATION,
            format!(
                "{} went from `{old}` to `retired` without being deprecated first",
                cx.new.display()
            ),
            "status",
            cx.new_span("/contract/status"),
        ));
    }
}
