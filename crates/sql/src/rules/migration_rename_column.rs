//! The `migration-rename-column` rule.
use super::StmtCtx;
use crate::effect::Effect;
use accord_model::Finding;

accord_model::declare_rule! {
    /// ## What it does
    /// Reports `ALTER TABLE … RENAME COLUMN`.
    ///
    /// ## Why is this bad?
    /// Queries using the old column name fail as soon as the migration commits.
    ///
    /// ## Example
    /// ```sql
    /// ALTER TABLE minds RENAME COLUMN slug TO handle;
    /// ```
    ///
    /// ## How to fix
    /// Add the new column, write both, move readers, then drop the old column.
    pub static RULE = {
        id: "migration-rename-column",
        group: "migration",
        class: Breaking,
        bump: Major,
        summary: "column renamed",
    }
}

/// Reports each renamed column.
pub fn check(ctx: &StmtCtx<'_>, out: &mut Vec<Finding>) {
    for e in ctx.effects {
        if let Effect::RenameColumn { table, column, to } = e {
            out.push(
                ctx.finding(
                    &RULE,
                    format!("renames column `{table}.{column}` to `{to}`"),
                    format!("{table}.{column}"),
                )
                .with_help("add the new column and migrate readers before removing the old one"),
            );
        }
    }
}
