//! The `migration-type-widened` rule.
use super::StmtCtx;
use crate::effect::{Effect, TypeChange, compare_types};
use accord_model::Finding;

accord_model::declare_rule! {
    /// ## What it does
    /// Reports a column type change that holds every existing value (`INTEGER` → `BIGINT`,
    /// `VARCHAR(50)` → `TEXT`).
    ///
    /// ## Why is this bad?
    /// Existing data survives, but readers may receive values they cannot hold (a 64-bit
    /// id into a 32-bit field), and PostgreSQL may rewrite the table under a lock.
    ///
    /// ## Example
    /// ```sql
    /// ALTER TABLE minds ALTER COLUMN id TYPE BIGINT;
    /// ```
    ///
    /// ## How to fix
    /// Check every reader of the column (the database contracts list them) and run it in a quiet window.
    pub static RULE = {
        id: "migration-type-widened",
        group: "migration",
        class: Risky,
        bump: Minor,
        summary: "column type widened",
    }
}

/// Compares the new type with the replayed one.
pub fn check(ctx: &StmtCtx<'_>, out: &mut Vec<Finding>) {
    for e in ctx.effects {
        if let Effect::SetType {
            table,
            column,
            data_type,
        } = e
            && let Some(old) = ctx.before.table(table).and_then(|t| t.column(column))
            && compare_types(&old.data_type, data_type) == TypeChange::Widened
        {
            out.push(
                ctx.finding(
                    &RULE,
                    format!(
                        "widens `{table}.{column}` from {} to {data_type}",
                        old.data_type
                    ),
                    format!("{table}.{column}"),
                )
                .with_help("check that every reader accepts the wider type"),
            );
        }
    }
}
