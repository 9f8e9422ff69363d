//! The `migration-set-not-null` rule.
use super::StmtCtx;
use crate::effect::Effect;
use accord_model::Finding;

accord_model::declare_rule! {
    /// ## What it does
    /// Reports `ALTER COLUMN … SET NOT NULL` on a table that existed before this migration.
    ///
    /// ## Why is this bad?
    /// It fails if any row holds NULL, scans the whole table under an exclusive lock in
    /// PostgreSQL, and breaks writers that leave the column out.
    ///
    /// ## Example
    /// ```sql
    /// ALTER TABLE minds ALTER COLUMN slug SET NOT NULL;
    /// ```
    ///
    /// ## How to fix
    /// Backfill first; in PostgreSQL add `CHECK (slug IS NOT NULL) NOT VALID`, `VALIDATE` it,
    /// then set NOT NULL.
    pub static RULE = {
        id: "migration-set-not-null",
        group: "migration",
        class: Risky,
        bump: Minor,
        summary: "column set NOT NULL",
    }
}

/// Reports SET NOT NULL on existing tables.
pub fn check(ctx: &StmtCtx<'_>, out: &mut Vec<Finding>) {
    for e in ctx.effects {
        if let Effect::SetNotNull { table, column } = e
            && ctx.existing(table)
        {
            out.push(
                ctx.finding(
                    &RULE,
                    format!("sets `{table}.{column}` NOT NULL on an existing table"),
                    format!("{table}.{column}"),
                )
                .with_help("backfill NULLs first and make sure every writer sets the column"),
            );
        }
    }
}
