//! The `migration-rename-table` rule.
use super::StmtCtx;
use crate::effect::Effect;
use accord_model::Finding;

accord_model::declare_rule! {
    /// ## What it does
    /// Reports `ALTER TABLE … RENAME TO` of a table this migration did not create.
    ///
    /// ## Why is this bad?
    /// Every query using the old name fails the moment the migration commits.
    ///
    /// ## Example
    /// ```sql
    /// ALTER TABLE minds RENAME TO mind_profiles;
    /// ```
    ///
    /// ## How to fix
    /// Create the new table (or a view with the old name), migrate readers, then drop the old one.
    pub static RULE = {
        id: "migration-rename-table",
        group: "migration",
        class: Breaking,
        bump: Major,
        summary: "table renamed",
    }
}

/// Reports each renamed table.
pub fn check(ctx: &StmtCtx<'_>, out: &mut Vec<Finding>) {
    for e in ctx.effects {
        if let Effect::RenameTable { table, to } = e
            && ctx.existing(table)
        {
            out.push(
                ctx.finding(
                    &RULE,
                    format!("renames table `{table}` to `{to}`"),
                    table.clone(),
                )
                .with_help("keep the old name readable (a view) until every pack has moved"),
            );
        }
    }
}
