//! The `migration-drop-table` rule.
use super::StmtCtx;
use crate::effect::Effect;
use accord_model::Finding;

accord_model::declare_rule! {
    /// ## What it does
    /// Reports `DROP TABLE`.
    ///
    /// ## Why is this bad?
    /// Every pack reading the table breaks, and the data is gone for good.
    ///
    /// ## Example
    /// ```sql
    /// DROP TABLE mind_fragments;
    /// ```
    ///
    /// ## How to fix
    /// Deprecate first: stop all readers (check the database contracts), keep a backup,
    /// then drop with `-- accord:allow migration-drop-table reason="…"`.
    pub static RULE = {
        id: "migration-drop-table",
        group: "migration",
        class: Breaking,
        bump: Major,
        summary: "table dropped",
    }
}

/// Reports each dropped table.
pub fn check(ctx: &StmtCtx<'_>, out: &mut Vec<Finding>) {
    for e in ctx.effects {
        if let Effect::DropTable { table } = e {
            out.push(
                ctx.finding(
                    &RULE,
                    format!("drops table `{table}` and all its data"),
                    table.clone(),
                )
                .with_help("make sure no pack reads it any more, then suppress with a reason"),
            );
        }
    }
}
