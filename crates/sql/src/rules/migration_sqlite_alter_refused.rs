//! The `migration-sqlite-alter-refused` rule.
use super::StmtCtx;
use crate::config::Dialect;
use crate::effect::Effect;
use accord_model::Finding;

accord_model::declare_rule! {
    /// ## What it does
    /// Reports on SQLite the `ALTER TABLE` forms SQLite refuses: `ALTER COLUMN` (type,
    /// `SET`/`DROP NOT NULL`, defaults), `ADD CONSTRAINT`, `DROP CONSTRAINT`, and
    /// `DROP COLUMN` of a column that is part of the primary key, a `UNIQUE` constraint,
    /// an index or a foreign key.
    ///
    /// ## Why is this bad?
    /// SQLite's `ALTER TABLE` only renames tables and columns, adds columns and drops
    /// unconstrained ones: the migration fails when applied, after the statements before
    /// it ran.
    ///
    /// ## Example
    /// ```sql
    /// ALTER TABLE minds ALTER COLUMN slug SET NOT NULL;
    /// ```
    ///
    /// ## How to fix
    /// Rebuild the table: `CREATE TABLE minds_new (…)` with the new definition,
    /// `INSERT INTO minds_new SELECT … FROM minds`, `DROP TABLE minds`,
    /// `ALTER TABLE minds_new RENAME TO minds`, then recreate its indexes.
    pub static RULE = {
        id: "migration-sqlite-alter-refused",
        group: "migration",
        class: Breaking,
        bump: None,
        summary: "ALTER TABLE form that SQLite refuses",
    }
}

/// SQLite only.
pub fn check(ctx: &StmtCtx<'_>, out: &mut Vec<Finding>) {
    if ctx.dialect() != Dialect::Sqlite {
        return;
    }
    for e in ctx.effects {
        let (table, what, logical) = match e {
            Effect::SetType { table, column, .. } => (
                table,
                format!("changing the type of `{column}`"),
                column.clone(),
            ),
            Effect::SetNotNull { table, column } | Effect::DropNotNull { table, column } => (
                table,
                format!("changing NOT NULL of `{column}`"),
                column.clone(),
            ),
            Effect::SetDefault { table, column, .. } => (
                table,
                format!("changing the default of `{column}`"),
                column.clone(),
            ),
            Effect::AddConstraint { table, .. } => (
                table,
                "adding a constraint".to_string(),
                "constraint".to_string(),
            ),
            Effect::DropConstraint { table, name } => {
                (table, format!("dropping constraint {name}"), name.clone())
            }
            Effect::DropColumn { table, column } => match constrained(ctx, table, column) {
                Some(why) => (
                    table,
                    format!("dropping `{column}`, which is {why}"),
                    column.clone(),
                ),
                None => continue,
            },
            _ => continue,
        };
        out.push(
            ctx.finding(
                &RULE,
                format!("SQLite refuses {what} in ALTER TABLE `{table}`: the migration fails when applied"),
                format!("{table}.{logical}"),
            )
            .with_help("rebuild the table: create the new one, copy the rows, drop the old one and rename"),
        );
    }
}

/// Why SQLite cannot drop `column`, from the replayed schema.
fn constrained(ctx: &StmtCtx<'_>, table: &str, column: &str) -> Option<&'static str> {
    let t = ctx.before.table(table)?;
    let has = |cols: &[String]| cols.iter().any(|c| c == column);
    if has(&t.primary_key) {
        Some("part of the primary key")
    } else if t.unique.iter().any(|u| has(&u.columns)) {
        Some("under a UNIQUE constraint")
    } else if ctx
        .before
        .indexes
        .values()
        .any(|i| i.table == table && has(&i.columns))
    {
        Some("indexed")
    } else if t.foreign_keys.iter().any(|f| has(&f.columns)) {
        Some("part of a foreign key")
    } else {
        None
    }
}
