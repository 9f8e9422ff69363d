use crate::engine::Cx;
use accord_model::Finding;
use accord_model::contract::{Format, Interface};

accord_model::declare_rule! {
    /// ## What it does
    /// Reports a change of the artifact's format (`interface.format` naming another
    /// format, e.g. Markdown → YAML) or of the interface type (`file` → `directory`).
    /// A change of wording that still names the same format is `description-changed`.
    ///
    /// ## Why is this bad?
    /// Consumers parse the artifact with a parser for the old format; every read fails.
    ///
    /// ## Example
    /// ```yaml
    /// # old                                # new
    /// format: "Markdown file"              format: "YAML document"
    /// ```
    ///
    /// ## How to fix
    /// Publish the new format as a new contract (or a MAJOR version) and deprecate the old.
    pub static FORMAT_CHANGED = {
        id: "format-changed",
        group: "contract-change",
        class: Breaking,
        bump: Major,
        summary: "the artifact format or interface type changed",
    }
}

/// The format an interface names, detected from its text when the parser did not.
pub(crate) fn detected_format(i: &Interface) -> Option<Format> {
    i.format
        .or_else(|| i.format_text.as_deref().and_then(Format::detect))
}

pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    let (oi, ni) = (&cx.old.interface, &cx.new.interface);
    if oi.kind != ni.kind {
        let name = |k: Option<accord_model::contract::InterfaceKind>| {
            k.map_or("(unspecified)", |k| k.as_str())
        };
        out.push(cx.finding(
            &FORMAT_CHANGED,
            format!(
                "interface type changed from `{}` to `{}` in {}",
                name(oi.kind),
                name(ni.kind),
                cx.new.display()
            ),
            "interface.type",
            cx.new_span("/contract/interface/type"),
        ));
    }
    if detected_format(oi) != detected_format(ni) {
        let text = |i: &Interface| {
            i.format_text
                .as_deref()
                .map_or("(unspecified)".to_string(), |t| format!("\"{}\"", t.trim()))
        };
        out.push(
            cx.finding(
                &FORMAT_CHANGED,
                format!(
                    "format changed from {} to {} in {}",
                    text(oi),
                    text(ni),
                    cx.new.display()
                ),
                "interface.format",
                cx.new_span("/contract/interface/format"),
            )
            .related(
                cx.old_location(cx.old.span_of("/contract/interface/format")),
                "old format",
            ),
        );
    }
}
