//! The `migration-column-references` rule.
use super::StmtCtx;
use crate::effect::Effect;
use accord_model::Finding;

accord_model::declare_rule! {
    /// ## What it does
    /// Reports `ADD COLUMN … REFERENCES other (…)` on a PostgreSQL table that existed
    /// before this migration.
    ///
    /// ## Why is this bad?
    /// The inline foreign key cannot be `NOT VALID`: PostgreSQL takes a
    /// `SHARE ROW EXCLUSIVE` lock on the referenced table too, and with a default it checks
    /// every row, so writes to both tables wait.
    ///
    /// ## Example
    /// ```sql
    /// ALTER TABLE lessons ADD COLUMN course_id BIGINT REFERENCES courses (id);
    /// ```
    ///
    /// ## How to fix
    /// Add the column without `REFERENCES`, then
    /// `ADD CONSTRAINT … FOREIGN KEY (course_id) REFERENCES courses (id) NOT VALID` and
    /// `VALIDATE CONSTRAINT` it separately.
    pub static RULE = {
        id: "migration-column-references",
        group: "migration",
        class: Risky,
        bump: None,
        summary: "column with an inline foreign key added to an existing PostgreSQL table",
    }
}

/// PostgreSQL only.
pub fn check(ctx: &StmtCtx<'_>, out: &mut Vec<Finding>) {
    for e in ctx.effects {
        if let Effect::AddColumn { table, column } = e
            && let Some((referred, _)) = &column.references
            && ctx.pg_existing(table)
        {
            out.push(
                ctx.finding(
                    &RULE,
                    format!(
                        "adds `{table}.{}` with REFERENCES `{referred}`: the foreign key cannot be NOT VALID and locks both tables",
                        column.name
                    ),
                    format!("{table}.{}", column.name),
                )
                .with_help("add the column plain, then ADD CONSTRAINT … FOREIGN KEY … NOT VALID and VALIDATE it"),
            );
        }
    }
}
