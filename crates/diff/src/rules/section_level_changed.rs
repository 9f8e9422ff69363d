use crate::delta::{ElemChange, Kind};
use crate::engine::Cx;
use crate::rules::field_type_changed::shown;
use accord_model::Finding;

accord_model::declare_rule! {
    /// ## What it does
    /// Reports a Markdown section whose heading level changed (`format: "Markdown heading
    /// level 2"` → `level 3`).
    ///
    /// ## Why is this bad?
    /// Consumers find sections by heading level; a level-3 heading is a sub-section of
    /// whatever precedes it, and a level-2 lookup misses it.
    ///
    /// ## Example
    /// ```yaml
    /// # old                                       # new
    /// - name: "Cognitive Patterns"                - name: "Cognitive Patterns"
    ///   format: "Markdown heading level 2"          format: "Markdown heading level 3"
    /// ```
    ///
    /// ## How to fix
    /// Keep the level, or release a MAJOR version.
    pub static SECTION_LEVEL_CHANGED = {
        id: "section-level-changed",
        group: "contract-change",
        class: Breaking,
        bump: Major,
        summary: "a section's heading level changed",
    }
}

pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    for change in &cx.changes {
        if let ElemChange::Modified { old, new } = change
            && new.kind == Kind::Section
            && old.shape != new.shape
        {
            out.push(
                cx.finding(
                    &SECTION_LEVEL_CHANGED,
                    format!(
                        "section `{}` changed from {} to {} in {}",
                        new.name,
                        shown(old.shape.as_deref()),
                        shown(new.shape.as_deref()),
                        cx.new.display()
                    ),
                    &new.logical_path(),
                    new.span,
                )
                .related(cx.old_location(old.span), "old format declared here"),
            );
        }
    }
}
