use crate::delta::normalize_prose;
use crate::engine::Cx;
use accord_model::Finding;

accord_model::declare_rule! {
    /// ## What it does
    /// Reports a `backward_compatibility.guarantees` entry that the new version drops
    /// (compared case- and whitespace-insensitively; a reworded guarantee shows as one
    /// removed and one added).
    ///
    /// ## Why is this bad?
    /// Withdrawing a promise breaks nothing by itself, so it is RISKY rather than
    /// BREAKING; but consumers built on it may no longer rely on it, and the changes it
    /// licenses are breaking ones, so it requires a MAJOR version.
    ///
    /// ## Example
    /// ```yaml
    /// # old                                           # new
    /// guarantees:                                      guarantees: []
    ///   - "Required sections will not be removed"
    /// ```
    ///
    /// ## How to fix
    /// Keep the guarantee, or tell the consumers and release a MAJOR version.
    pub static GUARANTEE_REMOVED = {
        id: "guarantee-removed",
        group: "contract-change",
        class: Risky,
        bump: Major,
        summary: "a backward-compatibility guarantee was withdrawn",
    }
}

pub(crate) fn key(g: &str) -> String {
    normalize_prose(g).to_lowercase()
}

pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    let new: Vec<String> = cx
        .new
        .backward_compatibility
        .guarantees
        .iter()
        .map(|g| key(g))
        .collect();
    for g in &cx.old.backward_compatibility.guarantees {
        if !new.contains(&key(g)) {
            out.push(cx.finding(
                &GUARANTEE_REMOVED,
                format!(
                    "guarantee \"{}\" was withdrawn from {}",
                    g.trim(),
                    cx.new.display()
                ),
                &format!("backward_compatibility.guarantees[{}]", key(g)),
                cx.new_span("/contract/backward_compatibility/guarantees"),
            ));
        }
    }
}
