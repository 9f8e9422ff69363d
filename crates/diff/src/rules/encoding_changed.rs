use crate::engine::Cx;
use accord_model::Finding;

accord_model::declare_rule! {
    /// ## What it does
    /// Reports a change of `interface.encoding`. Spellings of one encoding (`UTF-8`,
    /// `utf8`) are equal, and an unspecified encoding counts as UTF-8, so declaring the
    /// UTF-8 that was implied is no change.
    ///
    /// ## Why is this bad?
    /// Consumers decode bytes with the old encoding; text in another one is garbled or
    /// rejected.
    ///
    /// ## Example
    /// ```yaml
    /// # old                                # new
    /// encoding: "UTF-8"                    encoding: "UTF-16"
    /// ```
    ///
    /// ## How to fix
    /// Keep the encoding, or release a MAJOR version.
    pub static ENCODING_CHANGED = {
        id: "encoding-changed",
        group: "contract-change",
        class: Breaking,
        bump: Major,
        summary: "the artifact encoding changed",
    }
}

fn effective(encoding: Option<&str>) -> String {
    let norm: String = encoding
        .unwrap_or("utf-8")
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if norm.is_empty() {
        "utf8".to_string()
    } else {
        norm
    }
}

pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    let (o, n) = (
        cx.old.interface.encoding.as_deref(),
        cx.new.interface.encoding.as_deref(),
    );
    if effective(o) != effective(n) {
        out.push(cx.finding(
            &ENCODING_CHANGED,
            format!(
                "encoding changed from `{}` to `{}` in {}",
                o.unwrap_or("UTF-8 (implied)"),
                n.unwrap_or("UTF-8 (implied)"),
                cx.new.display()
            ),
            "interface.encoding",
            cx.new_span("/contract/interface/encoding"),
        ));
    }
}
