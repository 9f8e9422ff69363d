//! The `migration-check-not-valid` rule.
use super::StmtCtx;
use crate::effect::{ConstraintInfo, Effect};
use accord_model::Finding;

accord_model::declare_rule! {
    /// ## What it does
    /// Reports `ADD CONSTRAINT … CHECK (…)` without `NOT VALID` on a PostgreSQL table that
    /// existed before this migration.
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
