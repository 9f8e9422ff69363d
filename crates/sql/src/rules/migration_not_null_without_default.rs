//! The `migration-not-null-without-default` rule.
use super::StmtCtx;
use crate::effect::Effect;
use accord_model::Finding;

accord_model::declare_rule! {
    /// ## What it does
    /// Reports a `NOT NULL` column without a default added to a table that existed before
    /// this migration.
    ///
    /// ## Why is this bad?
    /// Existing rows have no value for it: the migration fails on any non-empty table
    /// (SQLite refuses it outright), and every writer that does not know the column breaks.
    ///
    /// ## Example
    /// ```sql
    /// ALTER TABLE minds ADD COLUMN openness INTEGER NOT NULL;
    /// ```
    ///
    /// ## How to fix
    /// Add it nullable, backfill, then set NOT NULL; or give it a `DEFAULT`.
    pub static RULE = {
        id: "migration-not-null-without-default",
        group: "migration",
        class: Breaking,
        bump: Major,
        summary: "NOT NULL column without default added to an existing table",
    }
}

/// Checks each added column.
pub fn check(ctx: &StmtCtx<'_>, out: &mut Vec<Finding>) {
    for e in ctx.effects {
        if let Effect::AddColumn { table, column } = e
            && !column.nullable
            && column.default.is_none()
            && !column.generated
            && ctx.existing(table)
        {
            out.push(
                ctx.finding(
                    &RULE,
                    format!(
                        "adds NOT NULL column `{table}.{}` without a default to an existing table",
                        column.name
                    ),
                    format!("{table}.{}", column.name),
                )
                .with_help("add it nullable and backfill, or give it a DEFAULT"),
            );
        }
    }
}
