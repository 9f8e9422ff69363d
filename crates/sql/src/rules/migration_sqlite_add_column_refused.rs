//! The `migration-sqlite-add-column-refused` rule.
use super::StmtCtx;
use crate::config::Dialect;
use crate::effect::Effect;
use accord_model::Finding;

accord_model::declare_rule! {
    /// ## What it does
    /// Reports on SQLite an `ADD COLUMN` that SQLite refuses: a `PRIMARY KEY` or `UNIQUE`
    /// column, a default that is not a constant (`CURRENT_TIMESTAMP`, `CURRENT_DATE`,
    /// `CURRENT_TIME`, a parenthesised expression or a function call), `NOT NULL` without
    /// a non-NULL default, or `REFERENCES` with a non-NULL default.
    ///
    /// ## Why is this bad?
    /// SQLite adds a column by editing the stored `CREATE TABLE` text, never by touching
    /// the rows, so it cannot compute per-row values, fill a required column or build an
    /// index there: the statement fails when applied.
    ///
    /// ## Example
    /// ```sql
    /// ALTER TABLE minds ADD COLUMN created_at TEXT DEFAULT CURRENT_TIMESTAMP;
    /// ```
    ///
    /// ## How to fix
    /// Add the column nullable with a constant default (or none), backfill it with
    /// `UPDATE`, and add a `UNIQUE` index separately; for anything else rebuild the table.
    pub static RULE = {
        id: "migration-sqlite-add-column-refused",
        group: "migration",
        class: Breaking,
        bump: None,
        summary: "ADD COLUMN that SQLite refuses",
    }
}

/// Why SQLite refuses `default` in ADD COLUMN, if it does.
fn non_constant(default: &str) -> bool {
    let d = default.trim();
    let upper = d.to_ascii_uppercase();
    let quoted = d.starts_with('\'') || d.starts_with("X'") || d.starts_with("x'");
    matches!(
        upper.as_str(),
        "CURRENT_TIMESTAMP" | "CURRENT_DATE" | "CURRENT_TIME"
    ) || d.starts_with('(')
        || (!quoted && d.contains('('))
}

/// SQLite only.
pub fn check(ctx: &StmtCtx<'_>, out: &mut Vec<Finding>) {
    if ctx.dialect() != Dialect::Sqlite {
        return;
    }
    for e in ctx.effects {
        let Effect::AddColumn { table, column } = e else {
            continue;
        };
        let default = column
            .default
            .as_deref()
            .filter(|d| !d.eq_ignore_ascii_case("null"));
        let why = if column.primary_key {
            "a PRIMARY KEY column".to_string()
        } else if column.unique {
            "a UNIQUE column".to_string()
        } else if let Some(d) = default.filter(|d| non_constant(d)) {
            format!("a default that is not a constant ({d})")
        } else if !column.nullable && default.is_none() && !column.generated {
            "a NOT NULL column without a non-NULL default".to_string()
        } else if column.references.is_some() && default.is_some() {
            "a REFERENCES column with a non-NULL default".to_string()
        } else {
            continue;
        };
        out.push(
            ctx.finding(
                &RULE,
                format!(
                    "SQLite refuses to add `{table}.{}` as {why}: the migration fails when applied",
                    column.name
                ),
                format!("{table}.{}", column.name),
            )
            .with_help(
                "add it nullable with a constant default and backfill, or rebuild the table",
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::non_constant;

    #[test]
    fn constant_defaults() {
        for d in ["0", "'a(b)'", "-1", "X'00'", "TRUE"] {
            assert!(!non_constant(d), "{d}");
        }
        for d in [
            "CURRENT_TIMESTAMP",
            "(datetime('now'))",
            "random()",
            "current_date",
        ] {
            assert!(non_constant(d), "{d}");
        }
    }
}
