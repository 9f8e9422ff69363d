//! The `migration-nullable-column-added` rule.
use super::StmtCtx;
use crate::effect::Effect;
use accord_model::Finding;

accord_model::declare_rule! {
    /// ## What it does
    /// Notes a nullable (or defaulted) column added to an existing table.
    ///
    /// ## Why is this bad?
    /// It is not: existing readers and writers keep working. It is reported as SAFE so the
    /// change is visible and bumps the database contract's minor version.
    ///
    /// ## Example
    /// ```sql
    /// ALTER TABLE big_five_profiles ADD COLUMN confidence REAL;
    /// ```
    ///
    /// ## How to fix
    /// Nothing to fix; document the column in the database contract.
    pub static RULE = {
        id: "migration-nullable-column-added",
        group: "migration",
        class: Safe,
        bump: Minor,
        summary: "nullable column added",
    }
}

/// Notes optional columns added to existing tables.
pub fn check(ctx: &StmtCtx<'_>, out: &mut Vec<Finding>) {
    for e in ctx.effects {
        if let Effect::AddColumn { table, column } = e
            && (column.nullable || column.default.is_some() || column.generated)
        {
            out.push(ctx.finding(
                &RULE,
                format!("adds optional column `{table}.{}`", column.name),
                format!("{table}.{}", column.name),
            ));
        }
    }
}
