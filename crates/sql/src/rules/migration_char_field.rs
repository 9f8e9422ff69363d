//! The `migration-char-field` rule.
use super::{StmtCtx, base_type, declared_types};
use crate::config::Dialect;
use accord_model::Finding;

accord_model::declare_rule! {
    /// ## What it does
    /// Reports PostgreSQL columns declared `CHAR(n)` / `CHARACTER(n)`.
    ///
    /// ## Why is this bad?
    /// `char(n)` pads values with spaces, compares ignoring them and is no faster than
    /// `text`; changing its length later rewrites the table.
    ///
    /// ## Example
    /// ```sql
    /// ALTER TABLE courses ADD COLUMN code CHAR(8);
    /// ```
    ///
    /// ## How to fix
    /// `TEXT`, with a `CHECK (length(code) = 8)` when the length matters.
    pub static RULE = {
        id: "migration-char-field",
        group: "migration",
        class: Safe,
        bump: None,
        summary: "fixed-length CHAR column on PostgreSQL",
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
            "CHAR" | "CHARACTER" | "BPCHAR" | "NCHAR"
        ) {
            out.push(
                ctx.finding(
                    &RULE,
                    format!(
                        "declares `{table}.{column}` as {data_type}, which pads values with spaces"
                    ),
                    format!("{table}.{column}"),
                )
                .with_help("use TEXT with a CHECK on its length"),
            );
        }
    }
}
