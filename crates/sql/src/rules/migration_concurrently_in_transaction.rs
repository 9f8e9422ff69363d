//! The `migration-concurrently-in-transaction` rule.
use super::StmtCtx;
use crate::effect::Effect;
use accord_model::Finding;

accord_model::declare_rule! {
    /// ## What it does
    /// Reports `CREATE INDEX CONCURRENTLY` or `DROP INDEX CONCURRENTLY` that would run
    /// inside a transaction: Accord runs
    /// each file in one unless it is marked `-- accord:no-transaction`, and an explicit
    /// `BEGIN` opens one too.
    ///
    /// ## Why is this bad?
    /// PostgreSQL refuses `CONCURRENTLY` inside a transaction block: the migration fails.
    ///
    /// ## Example
    /// ```sql
    /// CREATE INDEX CONCURRENTLY minds_slug ON minds (slug);
    /// ```
    ///
    /// ## How to fix
    /// Put it in its own file with the header `-- accord:no-transaction` and no `BEGIN`.
    pub static RULE = {
        id: "migration-concurrently-in-transaction",
        group: "migration",
        class: Breaking,
        bump: None,
        summary: "CONCURRENTLY inside a transaction",
    }
}

/// Reports concurrent index builds inside a transaction.
pub fn check(ctx: &StmtCtx<'_>, out: &mut Vec<Finding>) {
    if !ctx.in_transaction {
        return;
    }
    for e in ctx.effects {
        if let Effect::CreateIndex {
            table,
            concurrently: true,
            name,
            ..
        } = e
        {
            let name = name.clone().unwrap_or_default();
            out.push(ctx.finding(&RULE, format!("CREATE INDEX CONCURRENTLY {name} on `{table}` runs inside a transaction and will fail"), format!("{table}.{name}"))
                .with_help("move it to a file marked `-- accord:no-transaction`"));
        }
        if let Effect::DropIndex {
            name,
            concurrently: true,
        } = e
        {
            out.push(
                ctx.finding(
                    &RULE,
                    format!(
                        "DROP INDEX CONCURRENTLY {name} runs inside a transaction and will fail"
                    ),
                    name.clone(),
                )
                .with_help("move it to a file marked `-- accord:no-transaction`"),
            );
        }
    }
}
