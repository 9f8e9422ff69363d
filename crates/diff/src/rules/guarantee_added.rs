use crate::engine::Cx;
use crate::rules::guarantee_removed::key;
use accord_model::Finding;

accord_model::declare_rule! {
    /// ## What it does
    /// Reports a new `backward_compatibility.guarantees` entry.
    ///
    /// ## Why is this bad?
    /// It is not: a new promise strengthens the contract. Reported because it is a new
    /// commitment of the provider and needs a MINOR version.
    ///
    /// ## Example
    /// ```yaml
    /// # old                # new
    /// guarantees: []       guarantees:
    ///                        - "Section order can change"
    /// ```
    ///
    /// ## How to fix
    /// Nothing to fix; bump at least MINOR.
    pub static GUARANTEE_ADDED = {
        id: "guarantee-added",
        group: "contract-change",
        class: Safe,
        bump: Minor,
        summary: "a backward-compatibility guarantee was added",
    }
}

pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    let old: Vec<String> = cx
        .old
        .backward_compatibility
        .guarantees
        .iter()
        .map(|g| key(g))
        .collect();
    for g in &cx.new.backward_compatibility.guarantees {
        if !old.contains(&key(g)) {
            out.push(cx.finding(
                &GUARANTEE_ADDED,
                format!(
                    "guarantee \"{}\" was added to {}",
                    g.trim(),
                    cx.new.display()
                ),
                &format!("backward_compatibility.guarantees[{}]", key(g)),
                cx.new_span("/contract/backward_compatibility/guarantees"),
            ));
        }
    }
}
