//! The `migration-lock-timeout-missing` rule.
use super::{StmtCtx, blocks};
use accord_model::Finding;

accord_model::declare_rule! {
    /// ## What it does
    /// Reports the first statement of a PostgreSQL migration that takes a lock blocking
    /// reads or writes of an existing table (`ALTER TABLE`, `CREATE INDEX` without
    /// `CONCURRENTLY`, `DROP INDEX`, `DROP TABLE`, `TRUNCATE`) when no
    /// `SET lock_timeout` ran earlier in the file. Once per file.
    ///
    /// ## Why is this bad?
    /// A statement waiting for its lock (behind a long query or an idle transaction) sits
    /// in the lock queue, and every later query on the table queues behind it: even an
    /// instant `ADD COLUMN` becomes an outage. A `lock_timeout` makes it give up instead.
    ///
    /// ## Example
    /// ```sql
    /// ALTER TABLE minds ADD COLUMN bio TEXT;
    /// ```
    ///
    /// ## How to fix
    /// Start the file with `SET lock_timeout = '2s';` (and retry the migration when it
    /// times out).
    pub static RULE = {
        id: "migration-lock-timeout-missing",
        group: "migration",
        class: Risky,
        bump: None,
        summary: "lock-taking PostgreSQL statement without a lock_timeout before it",
    }
}

/// PostgreSQL only; once per file.
pub fn check(ctx: &StmtCtx<'_>, out: &mut Vec<Finding>) {
    if ctx.dialect() != crate::config::Dialect::Postgres
        || ctx.session.lock_timeout
        || ctx.session.locked
    {
        return;
    }
    if let Some(e) = ctx.effects.iter().find(|e| blocks(e, ctx.created_in_file)) {
        let on = e.table().map(|t| format!(" on `{t}`")).unwrap_or_default();
        out.push(
            ctx.finding(
                &RULE,
                format!("takes a lock{on} that blocks reads or writes with no `SET lock_timeout` before it: queued behind a long transaction it stalls every query on the table"),
                format!("lock_timeout{}", e.table().map(|t| format!(".{t}")).unwrap_or_default()),
            )
            .with_help("start the file with SET lock_timeout = '2s'"),
        );
    }
}
