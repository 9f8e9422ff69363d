//! The `migration-prefer-bigint` rule.
use super::{StmtCtx, base_type, declared_types};
use crate::config::Dialect;
use accord_model::Finding;

accord_model::declare_rule! {
    /// ## What it does
    /// Reports PostgreSQL columns declared `SMALLINT`, `INTEGER` or `SERIAL` (2 or 4 bytes).
    ///
    /// ## Why is this bad?
    /// Ids and counters outgrow 2³¹ sooner than expected, and widening the column later
    /// rewrites the table under an exclusive lock (see `migration-type-change-rewrites`).
    /// `BIGINT` costs 4 more bytes a row.
    ///
    /// ## Example
    /// ```sql
    /// CREATE TABLE events (id SERIAL PRIMARY KEY, hits INTEGER);
    /// ```
    ///
    /// ## How to fix
    /// `BIGINT` / `BIGINT GENERATED ALWAYS AS IDENTITY`.
    pub static RULE = {
        id: "migration-prefer-bigint",
        group: "migration",
        class: Safe,
        bump: None,
        summary: "32-bit or 16-bit integer column on PostgreSQL",
    }
}

/// PostgreSQL only.
pub fn check(ctx: &StmtCtx<'_>, out: &mut Vec<Finding>) {
    if ctx.dialect() != Dialect::Postgres {
        return;
    }
    for (table, column, data_type) in declared_types(ctx.effects) {
        if matches!(
            base_type(data_type).as_str(),
            "SMALLINT"
                | "INT2"
                | "INT"
                | "INTEGER"
                | "INT4"
                | "SERIAL"
                | "SERIAL4"
                | "SMALLSERIAL"
                | "SERIAL2"
        ) {
            out.push(
                ctx.finding(
                    &RULE,
                    format!("declares `{table}.{column}` as {data_type}, which can run out; widening it later rewrites the table"),
                    format!("{table}.{column}"),
                )
                .with_help("use BIGINT"),
            );
        }
    }
}
