//! The `migration-table-created` rule.
use super::StmtCtx;
use crate::effect::Effect;
use accord_model::Finding;

accord_model::declare_rule! {
    /// ## What it does
    /// Notes a new table.
    ///
    /// ## Why is this bad?
    /// It is not; it is reported as SAFE so the change is visible (and so its owner is
    /// declared in `accord.toml`).
    ///
    /// ## Example
    /// ```sql
    /// CREATE TABLE big_five_profiles (id INTEGER PRIMARY KEY);
    /// ```
    ///
    /// ## How to fix
    /// Nothing to fix; list the table under its pack's `owns_tables`.
    pub static RULE = {
        id: "migration-table-created",
        group: "migration",
        class: Safe,
        bump: Minor,
        summary: "table created",
    }
}

/// Notes each created table.
pub fn check(ctx: &StmtCtx<'_>, out: &mut Vec<Finding>) {
    for e in ctx.effects {
        if let Effect::CreateTable { table, .. } = e {
            let owner = ctx
                .env
                .owner(table)
                .map(|p| format!(" (owned by {})", p.display_name))
                .unwrap_or_default();
            out.push(ctx.finding(
                &RULE,
                format!("creates table `{table}`{owner}"),
                table.clone(),
            ));
        }
    }
}
