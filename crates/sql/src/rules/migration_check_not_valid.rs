//! The `migration-check-not-valid` rule.
use super::StmtCtx;
use crate::effect::{ConstraintInfo, Effect};
use accord_model::Finding;

accord_model::declare_rule! {
    /// ## What it does
    /// Reports `ADD CONSTRAINT … CHECK (…)` without `NOT VALID` on a PostgreSQL table that
    /// existed before this migration.
    ///
    /// Also reports `VALIDATE CONSTRAINT` run in the same transaction as the
    /// `ADD … NOT VALID`, which keeps the ADD's lock during the scan and so gains nothing.
    ///
    /// ## Why is this bad?
    /// PostgreSQL scans every row to prove the condition while it holds an
    /// `ACCESS EXCLUSIVE` lock: no read or write of the table gets through until it is done.
    ///
    /// ## Example
    /// ```sql
    /// ALTER TABLE courses ADD CONSTRAINT price_positive CHECK (price > 0);
    /// ```
    ///
    /// ## How to fix
    /// Add it `NOT VALID` (the lock is brief, new rows are checked), then
    /// `ALTER TABLE courses VALIDATE CONSTRAINT price_positive`, which scans under a lock
    /// that lets reads and writes go on.
    pub static RULE = {
        id: "migration-check-not-valid",
        group: "migration",
        class: Risky,
        bump: None,
        summary: "CHECK constraint added to an existing PostgreSQL table without NOT VALID",
    }
}

/// PostgreSQL only.
pub fn check(ctx: &StmtCtx<'_>, out: &mut Vec<Finding>) {
    for e in ctx.effects {
        if let Effect::ValidateConstraint { table, name } = e
            && ctx.in_transaction
            && ctx.session.added_in_transaction(table, name) == Some(false)
            && ctx.pg_existing(table)
        {
            out.push(
                ctx.finding(
                    &RULE,
                    format!("validates CHECK constraint {name} of `{table}` in the transaction that added it NOT VALID: the scan runs under the lock the ADD took"),
                    format!("{table}.{name}"),
                )
                .with_help("validate it after the transaction that adds it commits (a later migration, or a file marked `-- accord:no-transaction`)"),
            );
        }
        if let Effect::AddConstraint {
            table,
            constraint: ConstraintInfo::Check { name, expression },
            not_valid: false,
        } = e
            && ctx.pg_existing(table)
        {
            let name = name.as_deref().unwrap_or("check");
            out.push(
                ctx.finding(
                    &RULE,
                    format!("adds CHECK ({expression}) to existing table `{table}` without NOT VALID: every row is scanned under an exclusive lock"),
                    format!("{table}.{name}"),
                )
                .with_help("add the constraint NOT VALID, then VALIDATE CONSTRAINT it separately"),
            );
        }
    }
}
