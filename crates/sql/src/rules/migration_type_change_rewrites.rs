//! The `migration-type-change-rewrites` rule.
use super::StmtCtx;
use crate::effect::{Effect, pg_type_change_rewrites};
use accord_model::Finding;

accord_model::declare_rule! {
    /// ## What it does
    /// Reports `ALTER COLUMN … TYPE` on an existing PostgreSQL table when the change is not
    /// binary-coercible (`int` → `bigint`, `varchar(100)` → `varchar(50)`, `text` → `int`,
    /// `timestamp` → `timestamptz`), or when the column's current type is unknown.
    ///
    /// ## Why is this bad?
    /// PostgreSQL rewrites every row and rebuilds every index of the table while it holds
    /// an `ACCESS EXCLUSIVE` lock: reads and writes stop until it is done. Only a longer or
    /// unbounded `varchar`, `varchar` ↔ `text` and more `numeric` precision are free.
    ///
    /// ## Example
    /// ```sql
    /// ALTER TABLE events ALTER COLUMN id TYPE BIGINT;
    /// ```
    ///
    /// ## How to fix
    /// Add a new column of the new type, fill it with a trigger and batched backfill,
    /// then swap the columns in a short transaction.
    pub static RULE = {
        id: "migration-type-change-rewrites",
        group: "migration",
        class: Risky,
        bump: None,
        summary: "column type change that rewrites an existing PostgreSQL table",
    }
}

/// PostgreSQL only.
pub fn check(ctx: &StmtCtx<'_>, out: &mut Vec<Finding>) {
    for e in ctx.effects {
        let Effect::SetType {
            table,
            column,
            data_type,
        } = e
        else {
            continue;
        };
        if !ctx.pg_existing(table) {
            continue;
        }
        let old = ctx
            .before
            .table(table)
            .and_then(|t| t.column(column))
            .map(|c| c.data_type.as_str())
            .filter(|t| !t.is_empty());
        let message = match old {
            Some(old) if !pg_type_change_rewrites(old, data_type) => continue,
            Some(old) => format!(
                "changes `{table}.{column}` from {old} to {data_type}, rewriting the table under an exclusive lock"
            ),
            None => format!(
                "changes `{table}.{column}` to {data_type}; its current type is unknown, so the table may be rewritten under an exclusive lock"
            ),
        };
        out.push(
            ctx.finding(&RULE, message, format!("{table}.{column}"))
                .with_help("add a column of the new type, backfill it in batches and swap"),
        );
    }
}
