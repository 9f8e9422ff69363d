//! The `migration-set-not-null` rule.
use super::StmtCtx;
use crate::effect::Effect;
use accord_model::Finding;

accord_model::declare_rule! {
    /// ## What it does
    /// Reports `ALTER COLUMN … SET NOT NULL` on a table that existed before this migration,
    /// unless (PostgreSQL 12 or later) a validated `CHECK (column IS NOT NULL)` on the
    /// table ran earlier, which lets PostgreSQL skip the scan.
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
    /// then set NOT NULL (and drop the check).
    pub static RULE = {
        id: "migration-set-not-null",
        group: "migration",
        class: Risky,
        bump: Minor,
        summary: "column set NOT NULL",
    }
}

/// Since PostgreSQL 12, a validated `CHECK (column IS NOT NULL)` lets SET NOT NULL skip
/// the scan.
fn proven(ctx: &StmtCtx<'_>, table: &str, column: &str) -> bool {
    ctx.dialect() == crate::config::Dialect::Postgres
        && ctx.env.config.postgres_version.is_none_or(|v| v >= 12)
        && ctx.session.proves_not_null(table, column)
}

/// Reports SET NOT NULL on existing tables.
pub fn check(ctx: &StmtCtx<'_>, out: &mut Vec<Finding>) {
    for e in ctx.effects {
        if let Effect::SetNotNull { table, column } = e
            && ctx.existing(table)
            && !proven(ctx, table, column)
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
