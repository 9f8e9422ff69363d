//! The `migration-primary-key-without-index` rule.
use super::StmtCtx;
use crate::effect::{ConstraintInfo, Effect};
use accord_model::Finding;

accord_model::declare_rule! {
    /// ## What it does
    /// Reports `ADD PRIMARY KEY (…)` (or a column added as `PRIMARY KEY`) on a PostgreSQL
    /// table that existed before this migration, instead of
    /// `ADD CONSTRAINT … PRIMARY KEY USING INDEX` over an index built beforehand.
    ///
    /// ## Why is this bad?
    /// PostgreSQL builds the unique index, and checks the columns for NULLs, while it holds
    /// an `ACCESS EXCLUSIVE` lock: reads and writes stop for the whole build.
    ///
    /// ## Example
    /// ```sql
    /// ALTER TABLE events ADD PRIMARY KEY (id);
    /// ```
    ///
    /// ## How to fix
    /// `CREATE UNIQUE INDEX CONCURRENTLY events_pkey ON events (id);` in a file marked
    /// `-- accord:no-transaction`, then
    /// `ALTER TABLE events ADD CONSTRAINT events_pkey PRIMARY KEY USING INDEX events_pkey;`.
    pub static RULE = {
        id: "migration-primary-key-without-index",
        group: "migration",
        class: Risky,
        bump: None,
        summary: "primary key added to an existing PostgreSQL table without USING INDEX",
    }
}

/// PostgreSQL only.
pub fn check(ctx: &StmtCtx<'_>, out: &mut Vec<Finding>) {
    for e in ctx.effects {
        let (table, columns) = match e {
            Effect::AddConstraint {
                table,
                constraint: ConstraintInfo::PrimaryKey { columns, .. },
                ..
            } => (table, columns.join(", ")),
            Effect::AddColumn { table, column } if column.primary_key => {
                (table, column.name.clone())
            }
            _ => continue,
        };
        if ctx.pg_existing(table) {
            out.push(
                ctx.finding(
                    &RULE,
                    format!("adds a primary key ({columns}) to existing table `{table}`, building its index under an exclusive lock"),
                    format!("{table}.primary_key"),
                )
                .with_help("build a unique index CONCURRENTLY first, then ADD CONSTRAINT … PRIMARY KEY USING INDEX"),
            );
        }
    }
}
