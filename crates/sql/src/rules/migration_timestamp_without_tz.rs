//! The `migration-timestamp-without-tz` rule.
use super::{StmtCtx, declared_types};
use crate::config::Dialect;
use accord_model::Finding;

accord_model::declare_rule! {
    /// ## What it does
    /// Reports PostgreSQL columns declared `TIMESTAMP` (without time zone).
    ///
    /// ## Why is this bad?
    /// The offset of the value written is dropped: `21:00+02` and `21:00-06` are stored as
    /// the same instant, so readers in other zones see wrong times, and converting the
    /// column later rewrites the table.
    ///
    /// ## Example
    /// ```sql
    /// ALTER TABLE lessons ADD COLUMN published_at TIMESTAMP;
    /// ```
    ///
    /// ## How to fix
    /// `TIMESTAMPTZ`.
    pub static RULE = {
        id: "migration-timestamp-without-tz",
        group: "migration",
        class: Safe,
        bump: None,
        summary: "TIMESTAMP without time zone on PostgreSQL",
    }
}

/// PostgreSQL only.
pub fn check(ctx: &StmtCtx<'_>, out: &mut Vec<Finding>) {
    if ctx.dialect() != Dialect::Postgres {
        return;
    }
    for (table, column, data_type) in declared_types(ctx.effects) {
        let t = data_type.to_ascii_uppercase();
        if (t.starts_with("TIMESTAMP")
            && !t.contains("WITH TIME ZONE")
            && !t.starts_with("TIMESTAMPTZ"))
            || t.contains("WITHOUT TIME ZONE") && t.starts_with("TIMESTAMP")
        {
            out.push(
                ctx.finding(
                    &RULE,
                    format!("declares `{table}.{column}` as {data_type}, which drops the time zone of what is written"),
                    format!("{table}.{column}"),
                )
                .with_help("use TIMESTAMPTZ"),
            );
        }
    }
}
