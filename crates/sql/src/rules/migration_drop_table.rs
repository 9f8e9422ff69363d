//! The `migration-drop-table` rule.
use super::StmtCtx;
use crate::effect::Effect;
use accord_model::Finding;

accord_model::declare_rule! {
    /// ## What it does
    /// Reports `DROP TABLE`, except when a later statement of the same file renames another
    /// table to the dropped name (the table-rebuild recipe SQLite needs to alter a table).
    ///
    /// ## Why is this bad?
    /// Every pack reading the table breaks, and the data is gone for good.
    ///
    /// ## Example
    /// ```sql
    /// DROP TABLE mind_fragments;
    /// ```
    ///
    /// ## How to fix
    /// Deprecate first: stop all readers (check the database contracts), keep a backup,
    /// then drop with `-- accord:allow migration-drop-table reason="…"`.
    pub static RULE = {
        id: "migration-drop-table",
        group: "migration",
        class: Breaking,
        bump: Major,
        summary: "table dropped",
    }
}

/// True when a later statement of the file renames another table to `table`: the
/// rebuild recipe (SQLite's way to alter a table) keeps the name and the rows.
fn replaced_later(ctx: &StmtCtx<'_>, table: &str) -> bool {
    ctx.migration
        .statements
        .iter()
        .filter(|s| s.span.start > ctx.stmt.span.start)
        .flat_map(|s| s.effects())
        .any(|e| matches!(&e, Effect::RenameTable { to, .. } if to == table))
}

/// Reports each dropped table.
pub fn check(ctx: &StmtCtx<'_>, out: &mut Vec<Finding>) {
    for e in ctx.effects {
        if let Effect::DropTable { table } = e
            && !replaced_later(ctx, table)
        {
            out.push(
                ctx.finding(
                    &RULE,
                    format!("drops table `{table}` and all its data"),
                    table.clone(),
                )
                .with_help("make sure no pack reads it any more, then suppress with a reason"),
            );
        }
    }
}
