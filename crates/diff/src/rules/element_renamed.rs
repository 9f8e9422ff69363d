use crate::delta::ElemChange;
use crate::engine::Cx;
use accord_model::Finding;

accord_model::declare_rule! {
    /// ## What it does
    /// Reports a section, field or entry that was removed while another of the same shape
    /// (same kind, requiredness, type or heading level, and description when it has one)
    /// was added: one finding "renamed X → Y" instead of a removal plus an addition.
    /// When the shapes match but the descriptions differ, a rename is only inferred when
    /// exactly one element of that shape was removed and exactly one added.
    ///
    /// ## Why is this bad?
    /// Consumers look elements up by name. After a rename the data is still produced,
    /// but under a name nobody reads (seed 003 §4.1: "renamed" is BREAKING).
    ///
    /// ## Example
    /// ```yaml
    /// # old                                 # new
    /// required_fields:                      required_fields:
    ///   - name: mind.slug                     - name: mind.id
    ///     type: string                          type: string
    /// ```
    ///
    /// ## How to fix
    /// Keep the old name (add the new one as optional and deprecate the old), or release a
    /// MAJOR version with a migration plan.
    pub static ELEMENT_RENAMED = {
        id: "element-renamed",
        group: "contract-change",
        class: Breaking,
        bump: Major,
        summary: "a section, field or entry was renamed",
    }
}

pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    for change in &cx.changes {
        if let ElemChange::Renamed { old, new } = change {
            out.push(
                cx.finding(
                    &ELEMENT_RENAMED,
                    format!(
                        "{} renamed `{}` → `{}` in {}",
                        old.describe(),
                        old.name,
                        new.name,
                        cx.new.display()
                    ),
                    &old.logical_path(),
                    new.span,
                )
                .related(cx.old_location(old.span), "old name declared here")
                .with_help("keep the old name alongside the new one until consumers migrate"),
            );
        }
    }
}
