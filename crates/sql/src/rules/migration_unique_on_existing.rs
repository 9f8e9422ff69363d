//! The `migration-unique-on-existing` rule.
use super::StmtCtx;
use crate::effect::{ConstraintInfo, Effect};
use accord_model::Finding;

accord_model::declare_rule! {
    /// ## What it does
    /// Reports a unique constraint or unique index added over columns of a table that
    /// existed before this migration.
    ///
    /// ## Why is this bad?
    /// It fails when existing rows hold duplicates, and writers that used to insert
    /// duplicates start failing.
    ///
    /// ## Example
    /// ```sql
    /// CREATE UNIQUE INDEX minds_slug ON minds (slug);
    /// ```
    ///
    /// ## How to fix
    /// Check for duplicates first; in PostgreSQL build the index `CONCURRENTLY` and attach
    /// it with `ADD CONSTRAINT … UNIQUE USING INDEX`.
    pub static RULE = {
        id: "migration-unique-on-existing",
        group: "migration",
        class: Risky,
        bump: Minor,
        summary: "unique constraint or index on existing columns",
    }
}

/// Reports UNIQUE added to existing tables.
pub fn check(ctx: &StmtCtx<'_>, out: &mut Vec<Finding>) {
    for e in ctx.effects {
        let (table, columns) = match e {
            Effect::CreateIndex {
                table,
                columns,
                unique: true,
                ..
            } => (table, columns.clone()),
            Effect::AddConstraint {
                table,
                constraint: ConstraintInfo::Unique { columns, .. },
                ..
            } => (table, columns.clone()),
            Effect::AddColumn { table, column } if column.unique => {
                (table, vec![column.name.clone()])
            }
            _ => continue,
        };
        if !ctx.existing(table) {
            continue;
        }
        // Columns of a table the history does not know are taken to hold data.
        let existing_cols: Vec<&String> = columns
            .iter()
            .filter(|c| {
                ctx.before
                    .table(table)
                    .is_none_or(|t| t.column(c).is_some())
            })
            .collect();
        if existing_cols.is_empty() && !matches!(e, Effect::AddColumn { .. }) {
            continue;
        }
        out.push(ctx.finding(&RULE, format!("adds a unique constraint on `{table}` ({}), which fails if existing rows hold duplicates", columns.join(", ")), format!("{table}({})", columns.join(",")))
            .with_help("check for duplicates first; build the index CONCURRENTLY on PostgreSQL"));
    }
}
