//! The `migration-drop-column` rule.
use super::StmtCtx;
use crate::effect::Effect;
use accord_model::Finding;

accord_model::declare_rule! {
    /// ## What it does
    /// Reports `ALTER TABLE … DROP COLUMN`.
    ///
    /// ## Why is this bad?
    /// Queries that select or insert the column fail, and its data is lost.
    ///
    /// ## Example
    /// ```sql
    /// ALTER TABLE minds DROP COLUMN display_name;
    /// ```
    ///
    /// ## How to fix
    /// Stop reading and writing the column in every pack first (expand/contract), then drop
    /// it with a suppression that gives the reason.
    pub static RULE = {
        id: "migration-drop-column",
        group: "migration",
        class: Breaking,
        bump: Major,
        summary: "column dropped",
    }
}

/// Reports each dropped column.
pub fn check(ctx: &StmtCtx<'_>, out: &mut Vec<Finding>) {
    for e in ctx.effects {
        if let Effect::DropColumn { table, column } = e {
            out.push(
                ctx.finding(
                    &RULE,
                    format!("drops column `{table}.{column}`"),
                    format!("{table}.{column}"),
                )
                .with_help("remove every reader and writer first, then suppress with a reason"),
            );
        }
    }
}
