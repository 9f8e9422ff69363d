use crate::engine::Cx;
use accord_model::Finding;
use accord_model::contract::Status;

accord_model::declare_rule! {
    /// ## What it does
    /// Reports a contract that becomes `deprecated`, naming its replacement and window.
    ///
    /// ## Why is this bad?
    /// Nothing breaks yet, but every consumer now has a migration to plan before the
    /// window closes (seed 003 §5.2: deprecate with a replacement, allow an overlap
    /// window, remove only after consumers migrated). RISKY, MINOR.
    ///
    /// ## Example
    /// ```yaml
    /// # old                  # new
    /// status: "stable"       status: "deprecated"
    ///                        deprecation:
    ///                          replaced_by: "mmos-creator-os-v2.0.0.yaml"
    ///                          sunset: "2026-03-01"
    /// ```
    ///
    /// ## How to fix
    /// Name the replacement (`replaced_by`) and the window (`sunset` date or `window`),
    /// and tell the consumers.
    pub static CONTRACT_DEPRECATED = {
        id: "contract-deprecated",
        group: "contract-change",
        class: Risky,
        bump: Minor,
        summary: "a contract was deprecated",
    }
}

pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    if cx.new.status == Some(Status::Deprecated) && cx.old.status != Some(Status::Deprecated) {
        let d = &cx.new.deprecation;
        let replacement = d
            .replaced_by
            .as_deref()
            .map_or("no replacement named".to_string(), |r| {
                format!("replaced by `{r}`")
            });
        let window = match (d.sunset.as_deref(), d.window.as_deref()) {
            (Some(s), _) => format!("sunset {s}"),
            (None, Some(w)) => format!("window {w}"),
            (None, None) => "no window given".to_string(),
        };
        let mut f = cx.finding(
            &CONTRACT_DEPRECATED,
            format!(
                "{} was deprecated ({replacement}, {window})",
                cx.new.display()
            ),
            "status",
            cx.new_span("/contract/status"),
        );
        if d.replaced_by.is_none() || (d.sunset.is_none() && d.window.is_none()) {
            f = f
                .with_help("name the replacement and the deprecation window so consumers can plan");
        }
        out.push(f);
    }
}
