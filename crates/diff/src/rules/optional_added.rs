use crate::delta::ElemChange;
use crate::engine::Cx;
use accord_model::Finding;

accord_model::declare_rule! {
    /// ## What it does
    /// Reports a new optional section or field.
    ///
    /// ## Why is this bad?
    /// It is not: consumers that do not know it ignore it. Seed 000: "MINOR: new optional
    /// fields (backward compatible)". Reported so the bump can be checked.
    ///
    /// ## Example
    /// ```yaml
    /// # old (1.0.0)                        # new (1.1.0)
    /// optional_sections: []                optional_sections:
    ///                                        - name: "Big Five Profile"
    /// ```
    ///
    /// ## How to fix
    /// Nothing to fix; bump at least MINOR and set `added_in`.
    pub static OPTIONAL_ADDED = {
        id: "optional-added",
        group: "contract-change",
        class: Safe,
        bump: Minor,
        summary: "an optional section or field was added",
    }
}

pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    for change in &cx.changes {
        if let ElemChange::Added(new) = change
            && !new.required
        {
            out.push(cx.finding(
                &OPTIONAL_ADDED,
                format!("{} was added to {}", new.describe(), cx.new.display()),
                &new.logical_path(),
                new.span,
            ));
        }
    }
}
