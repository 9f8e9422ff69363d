//! The `migration-foreign-key-not-valid` rule.
use super::StmtCtx;
use crate::effect::{ConstraintInfo, Effect};
use accord_model::Finding;

accord_model::declare_rule! {
    /// ## What it does
    /// Reports `ADD CONSTRAINT … FOREIGN KEY` without `NOT VALID` on a PostgreSQL table
    /// that existed before this migration.
    ///
    /// Also reports `VALIDATE CONSTRAINT` run in the same transaction as the
    /// `ADD … NOT VALID`, which keeps the ADD's lock during the scan and so gains nothing.
    ///
    /// ## Why is this bad?
    /// PostgreSQL checks every existing row while it holds a `SHARE ROW EXCLUSIVE` lock on
    /// both the table and the referenced table: writes to both stop for the whole scan.
    ///
    /// ## Example
    /// ```sql
    /// ALTER TABLE lessons ADD CONSTRAINT lessons_course_fk
    ///     FOREIGN KEY (course_id) REFERENCES courses (id);
    /// ```
    ///
    /// ## How to fix
    /// Add it `NOT VALID` (only new rows are checked, the lock is brief), then
    /// `ALTER TABLE lessons VALIDATE CONSTRAINT lessons_course_fk` in a later statement or
    /// migration: validation takes a lock that lets reads and writes go on.
    pub static RULE = {
        id: "migration-foreign-key-not-valid",
        group: "migration",
        class: Risky,
        bump: None,
        summary: "foreign key added to an existing PostgreSQL table without NOT VALID",
    }
}

/// PostgreSQL only.
pub fn check(ctx: &StmtCtx<'_>, out: &mut Vec<Finding>) {
    for e in ctx.effects {
        if let Effect::ValidateConstraint { table, name } = e
            && ctx.in_transaction
            && ctx.session.added_in_transaction(table, name) == Some(true)
            && ctx.pg_existing(table)
        {
            out.push(
                ctx.finding(
                    &RULE,
                    format!("validates foreign key {name} of `{table}` in the transaction that added it NOT VALID: the scan runs under the lock the ADD took"),
                    format!("{table}.{name}"),
                )
                .with_help("validate it after the transaction that adds it commits (a later migration, or a file marked `-- accord:no-transaction`)"),
            );
        }
        if let Effect::AddConstraint {
            table,
            constraint:
                ConstraintInfo::ForeignKey {
                    name,
                    table: referred,
                    ..
                },
            not_valid: false,
        } = e
            && ctx.pg_existing(table)
        {
            let name = name.as_deref().unwrap_or("foreign key");
            out.push(
                ctx.finding(
                    &RULE,
                    format!("adds {name} to existing table `{table}` without NOT VALID: every row is checked while writes to `{table}` and `{referred}` wait"),
                    format!("{table}.{name}"),
                )
                .with_help("add the constraint NOT VALID, then VALIDATE CONSTRAINT it separately"),
            );
        }
    }
}
