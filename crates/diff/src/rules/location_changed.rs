use crate::engine::Cx;
use accord_model::Finding;

accord_model::declare_rule! {
    /// ## What it does
    /// Reports a change of `interface.location`, the path pattern where the artifact lives.
    ///
    /// ## Why is this bad?
    /// Consumers look for the artifact where the contract said it would be; after a move
    /// they find nothing (or a stale copy).
    ///
    /// ## Example
    /// ```yaml
    /// # old
    /// location: "outputs/minds/{slug}/system_prompts/generalista.md"
    /// # new
    /// location: "outputs/minds/{slug}/prompts/generalista.md"
    /// ```
    ///
    /// ## How to fix
    /// Write to both locations during a deprecation window, or release a MAJOR version.
    pub static LOCATION_CHANGED = {
        id: "location-changed",
        group: "contract-change",
        class: Breaking,
        bump: Major,
        summary: "the artifact location changed",
    }
}

pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    let norm = |l: Option<&str>| l.map(|l| l.trim().trim_start_matches("./").to_string());
    let (o, n) = (
        norm(cx.old.interface.location.as_deref()),
        norm(cx.new.interface.location.as_deref()),
    );
    if o != n {
        let show = |l: &Option<String>| {
            l.as_deref()
                .map_or("(unspecified)".to_string(), |l| format!("`{l}`"))
        };
        out.push(
            cx.finding(
                &LOCATION_CHANGED,
                format!(
                    "location changed from {} to {} in {}",
                    show(&o),
                    show(&n),
                    cx.new.display()
                ),
                "interface.location",
                cx.new_span("/contract/interface/location"),
            )
            .related(
                cx.old_location(cx.old.span_of("/contract/interface/location")),
                "old location",
            ),
        );
    }
}
