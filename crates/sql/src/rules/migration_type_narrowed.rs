//! The `migration-type-narrowed` rule.
use super::StmtCtx;
use crate::effect::{Effect, TypeChange, compare_types};
use accord_model::Finding;

accord_model::declare_rule! {
    /// ## What it does
    /// Reports a column type change that may not hold every existing value, or that changes
    /// the type's family (`TEXT` → `INTEGER`, `VARCHAR(100)` → `VARCHAR(50)`, `BIGINT` → `INTEGER`).
    /// When the migrations do not say the old type, a change to the widest type of a family
    /// (`BIGINT`, `TEXT`, `TIMESTAMPTZ` …) is not reported.
    ///
    /// ## Why is this bad?
    /// The migration fails on existing data or truncates it, and readers get another type.
    ///
    /// ## Example
    /// ```sql
    /// ALTER TABLE minds ALTER COLUMN name TYPE VARCHAR(50);
    /// ```
    ///
    /// ## How to fix
    /// Add a new column of the new type, backfill and validate, move readers, drop the old one.
    pub static RULE = {
        id: "migration-type-narrowed",
        group: "migration",
        class: Breaking,
        bump: Major,
        summary: "column type narrowed or changed",
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
        {
            let old = ctx
                .before
                .table(table)
                .and_then(|t| t.column(column))
                .map(|c| c.data_type.clone());
            let narrowed = match &old {
                Some(old) => compare_types(old, data_type) == TypeChange::Narrowed,
                // Without history, only a type that holds every value of its family
                // (BIGINT, TEXT, unbounded VARCHAR …) is known not to narrow its own.
                None => !crate::effect::widest_of_family(data_type),
            };
            if narrowed {
                let from = old.map(|o| format!(" from {o}")).unwrap_or_default();
                out.push(ctx.finding(&RULE, format!("changes `{table}.{column}`{from} to {data_type}, which may not hold existing values"), format!("{table}.{column}"))
                    .with_help("add a new column, backfill, move readers, then drop the old column"));
            }
        }
    }
}
