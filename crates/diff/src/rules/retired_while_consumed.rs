use crate::engine::Cx;
use accord_model::Finding;
use accord_model::contract::Status;

accord_model::declare_rule! {
    /// ## What it does
    /// Reports a contract that becomes `retired` while a consumer it names is still a
    /// pack declared in the manifest. Needs the manifest; without it nothing is reported.
    ///
    /// ## Why is this bad?
    /// A retired contract "must not be consumed", yet the pack that consumed it is still
    /// part of the system and nothing shows it migrated.
    ///
    /// ## Example
    /// ```yaml
    /// # accord.toml still declares [packs.creator-os]
    /// # old                  # new
    /// status: "deprecated"   status: "retired"
    /// consumer: CreatorOS    consumer: CreatorOS
    /// ```
    ///
    /// ## How to fix
    /// Migrate the consumer to the replacement contract (and drop it from this one), or
    /// retire the consumer pack, before retiring the contract.
    pub static RETIRED_WHILE_CONSUMED = {
        id: "retired-while-consumed",
        group: "contract-change",
        class: Breaking,
        bump: Major,
        summary: "a contract was retired while a pack still consumes it",
    }
}

pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    let Some(manifest) = cx.ctx.manifest else {
        return;
    };
    if cx.new.status != Some(Status::Retired) || cx.old.status == Some(Status::Retired) {
        return;
    }
    let still: Vec<String> = cx
        .new
        .consumers
        .iter()
        .filter_map(|c| manifest.pack(c).map(|p| p.name.clone()))
        .collect();
    if !still.is_empty() {
        out.push(
            cx.finding(
                &RETIRED_WHILE_CONSUMED,
                format!(
                    "{} was retired but pack(s) {} still consume it",
                    cx.new.display(),
                    still.join(", ")
                ),
                "status",
                cx.new_span("/contract/status"),
            )
            .with_impacted(still),
        );
    }
}
