//! The `migration-varchar-field` rule.
use super::{StmtCtx, base_type, declared_types};
use crate::config::Dialect;
use accord_model::Finding;

accord_model::declare_rule! {
    /// ## What it does
    /// Reports PostgreSQL columns declared `VARCHAR(n)` with a length.
    ///
    /// ## Why is this bad?
    /// The length is a constraint that cannot be validated separately: shrinking it
    /// rewrites the table under an `ACCESS EXCLUSIVE` lock, and writers that send longer
    /// values start failing. `text` is stored the same way.
    ///
    /// ## Example
    /// ```sql
    /// CREATE TABLE courses (title VARCHAR(100));
    /// ```
    ///
    /// ## How to fix
    /// `TEXT`, with `CHECK (length(title) <= 100) NOT VALID` when a limit matters.
    pub static RULE = {
        id: "migration-varchar-field",
        group: "migration",
        class: Safe,
        bump: None,
        summary: "length-limited VARCHAR column on PostgreSQL",
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
            "VARCHAR" | "CHARACTER VARYING" | "NVARCHAR"
        ) && data_type.contains('(')
        {
            out.push(
                ctx.finding(
                    &RULE,
                    format!("declares `{table}.{column}` as {data_type}; changing the limit later locks and may rewrite the table"),
                    format!("{table}.{column}"),
                )
                .with_help("use TEXT with a CHECK on its length"),
            );
        }
    }
}
