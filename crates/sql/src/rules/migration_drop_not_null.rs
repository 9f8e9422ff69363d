//! The `migration-drop-not-null` rule.
use super::StmtCtx;
use crate::effect::Effect;
use accord_model::Finding;

accord_model::declare_rule! {
    /// ## What it does
    /// Reports `ALTER COLUMN … DROP NOT NULL` on a table that existed before this
    /// migration.
    ///
    /// ## Why is this bad?
    /// Readers were promised a value in every row; once NULLs are written, code that
    /// reads the column without a NULL check breaks.
    ///
    /// ## Example
    /// ```sql
    /// ALTER TABLE minds ALTER COLUMN slug DROP NOT NULL;
    /// ```
    ///
    /// ## How to fix
    /// Make every reader accept NULL first (the database contracts list them), then drop
    /// the constraint.
    pub static RULE = {
        id: "migration-drop-not-null",
        group: "migration",
        class: Risky,
        bump: Minor,
        summary: "NOT NULL dropped from an existing column",
    }
}

/// Reports DROP NOT NULL on existing tables.
pub fn check(ctx: &StmtCtx<'_>, out: &mut Vec<Finding>) {
    for e in ctx.effects {
        if let Effect::DropNotNull { table, column } = e
            && ctx.existing(table)
        {
            out.push(
                ctx.finding(
                    &RULE,
                    format!("lets `{table}.{column}` hold NULL; readers that expect a value break"),
                    format!("{table}.{column}"),
                )
                .with_help("make every reader accept NULL before dropping the constraint"),
            );
        }
    }
}
