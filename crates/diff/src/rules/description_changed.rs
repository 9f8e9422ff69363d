use crate::delta::{ElemChange, normalize_prose};
use crate::engine::Cx;
use crate::rules::format_changed::detected_format;
use accord_model::Finding;
use accord_model::contract::SchemaSpec;

accord_model::declare_rule! {
    /// ## What it does
    /// Reports a change of prose only: a field's description, a section's content or
    /// format wording (same heading level), the contract's description, the wording of
    /// `interface.format` when it still names the same format, or the schema example.
    ///
    /// ## Why is this bad?
    /// It is not: seed 000 "PATCH: bug fixes, clarifications (fully compatible)". Reported
    /// so that the PATCH bump is checked and reviewers see the clarification.
    ///
    /// ## Example
    /// ```yaml
    /// # old (1.0.0)                           # new (1.0.1)
    /// content: "DNA Mental output"            content: "DNA Mental analysis output"
    /// ```
    ///
    /// ## How to fix
    /// Nothing to fix; bump at least PATCH.
    pub static DESCRIPTION_CHANGED = {
        id: "description-changed",
        group: "contract-change",
        class: Safe,
        bump: Patch,
        summary: "only a description changed",
    }
}

pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    for change in &cx.changes {
        if let ElemChange::Modified { old, new } = change
            && old.text != new.text
        {
            out.push(cx.finding(
                &DESCRIPTION_CHANGED,
                format!(
                    "the description of {} changed in {}",
                    new.describe(),
                    cx.new.display()
                ),
                &format!("{}.description", new.logical_path()),
                new.span,
            ));
        }
    }
    let (oi, ni) = (&cx.old.interface, &cx.new.interface);
    let same_format = oi.kind == ni.kind && detected_format(oi) == detected_format(ni);
    if same_format && prose(oi.format_text.as_deref()) != prose(ni.format_text.as_deref()) {
        out.push(cx.finding(
            &DESCRIPTION_CHANGED,
            format!(
                "the wording of `interface.format` changed in {} (same format)",
                cx.new.display()
            ),
            "interface.format",
            cx.new_span("/contract/interface/format"),
        ));
    }
    let describe = |c: &accord_model::contract::Contract| {
        c.raw
            .pointer("/contract/description")
            .and_then(|v| v.as_str())
            .map(normalize_prose)
    };
    if describe(cx.old) != describe(cx.new) {
        out.push(cx.finding(
            &DESCRIPTION_CHANGED,
            format!("the description of {} changed", cx.new.display()),
            "description",
            cx.new_span("/contract/description"),
        ));
    }
    let example = |c: &accord_model::contract::Contract| match &c.interface.schema {
        Some(SchemaSpec::Example(e)) => Some(normalize_prose(e)),
        _ => None,
    };
    if let (Some(o), Some(n)) = (example(cx.old), example(cx.new))
        && o != n
    {
        out.push(cx.finding(
            &DESCRIPTION_CHANGED,
            format!("the schema example of {} changed", cx.new.display()),
            "interface.schema.example",
            cx.new_span("/contract/interface/schema"),
        ));
    }
}

fn prose(text: Option<&str>) -> Option<String> {
    text.map(normalize_prose)
}
