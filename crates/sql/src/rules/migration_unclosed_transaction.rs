//! The `migration-unclosed-transaction` rule.
use super::{FileCtx, finding_at};
use crate::effect::Effect;
use accord_model::Finding;

accord_model::declare_rule! {
    /// ## What it does
    /// Reports a `BEGIN` with no `COMMIT` or `ROLLBACK` after it in the same file.
    ///
    /// ## Why is this bad?
    /// Outside Accord (psql, sqlite3) the changes stay uncommitted and are lost or hold
    /// locks until the session ends; the file does not say what its author meant.
    ///
    /// ## Example
    /// ```sql
    /// BEGIN TRANSACTION;
    /// ALTER TABLE minds ADD COLUMN openness INTEGER;
    /// ```
    ///
    /// ## How to fix
    /// Add `COMMIT;`, or drop the `BEGIN`: Accord already runs each file in its own transaction.
    pub static RULE = {
        id: "migration-unclosed-transaction",
        group: "migration",
        class: Breaking,
        bump: None,
        summary: "transaction opened and not closed",
    }
}

/// Tracks BEGIN / COMMIT through the file.
pub fn check(ctx: &FileCtx<'_>, out: &mut Vec<Finding>) {
    let mut open = None;
    for (stmt, effects) in ctx.migration.statements.iter().zip(ctx.effects) {
        for e in effects {
            match e {
                Effect::Begin => open = Some(stmt.span),
                Effect::Commit | Effect::Rollback => open = None,
                _ => {}
            }
        }
    }
    if let Some(span) = open {
        out.push(
            finding_at(
                &RULE,
                ctx.migration,
                span,
                "transaction opened here is never committed or rolled back",
            )
            .with_logical_path("transaction")
            .with_help(
                "add COMMIT at the end, or remove BEGIN (Accord wraps each file in a transaction)",
            ),
        );
    }
}
