//! The `migration-index-not-concurrent` rule.
use super::StmtCtx;
use crate::config::Dialect;
use crate::effect::Effect;
use accord_model::Finding;

accord_model::declare_rule! {
    /// ## What it does
    /// Reports `CREATE INDEX` without `CONCURRENTLY` on a PostgreSQL table that existed
    /// before this migration.
    ///
    /// ## Why is this bad?
    /// A plain `CREATE INDEX` blocks every write to the table until the index is built,
    /// which on a large table is an outage.
    ///
    /// ## Example
    /// ```sql
    /// CREATE INDEX minds_slug ON minds (slug);
    /// ```
    ///
    /// ## How to fix
    /// `CREATE INDEX CONCURRENTLY`, in a file marked `-- accord:no-transaction`.
    pub static RULE = {
        id: "migration-index-not-concurrent",
        group: "migration",
        class: Risky,
        bump: None,
        summary: "index built without CONCURRENTLY on an existing PostgreSQL table",
    }
}

/// PostgreSQL only.
pub fn check(ctx: &StmtCtx<'_>, out: &mut Vec<Finding>) {
    if ctx.dialect() != Dialect::Postgres {
        return;
    }
    for e in ctx.effects {
        if let Effect::CreateIndex {
            table,
            concurrently: false,
            name,
            ..
        } = e
            && ctx.existing(table)
        {
            let name = name.clone().unwrap_or_default();
            out.push(ctx.finding(&RULE, format!("builds index {name} on existing table `{table}` without CONCURRENTLY, blocking writes"), format!("{table}.{name}"))
                .with_help("use CREATE INDEX CONCURRENTLY in a file marked `-- accord:no-transaction`"));
        }
    }
}
