//! The `migration-drop-index-not-concurrent` rule.
use super::StmtCtx;
use crate::config::Dialect;
use crate::effect::Effect;
use accord_model::Finding;

accord_model::declare_rule! {
    /// ## What it does
    /// Reports `DROP INDEX` without `CONCURRENTLY` on PostgreSQL, unless the index belongs
    /// to a table this migration created.
    ///
    /// ## Why is this bad?
    /// A plain `DROP INDEX` takes an `ACCESS EXCLUSIVE` lock on the index's table; queued
    /// behind a long transaction it blocks every read and write of the table.
    ///
    /// ## Example
    /// ```sql
    /// DROP INDEX courses_title;
    /// ```
    ///
    /// ## How to fix
    /// `DROP INDEX CONCURRENTLY IF EXISTS courses_title;` in a file marked
    /// `-- accord:no-transaction`.
    pub static RULE = {
        id: "migration-drop-index-not-concurrent",
        group: "migration",
        class: Risky,
        bump: None,
        summary: "index dropped without CONCURRENTLY on PostgreSQL",
    }
}

/// PostgreSQL only.
pub fn check(ctx: &StmtCtx<'_>, out: &mut Vec<Finding>) {
    if ctx.dialect() != Dialect::Postgres {
        return;
    }
    for e in ctx.effects {
        if let Effect::DropIndex {
            name,
            concurrently: false,
        } = e
        {
            let table = ctx.before.indexes.get(name).map(|i| i.table.as_str());
            if table.is_some_and(|t| !ctx.existing(t)) {
                continue;
            }
            let on = table.map(|t| format!(" on `{t}`")).unwrap_or_default();
            out.push(
                ctx.finding(
                    &RULE,
                    format!("drops index {name}{on} without CONCURRENTLY, blocking reads and writes of the table"),
                    name.clone(),
                )
                .with_help("use DROP INDEX CONCURRENTLY in a file marked `-- accord:no-transaction`"),
            );
        }
    }
}
