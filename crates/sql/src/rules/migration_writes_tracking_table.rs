//! The `migration-writes-tracking-table` rule.
use super::StmtCtx;
use crate::effect::Effect;
use accord_model::Finding;

accord_model::declare_rule! {
    /// ## What it does
    /// Reports a migration that writes Accord's tracking table (`migrations` by default),
    /// as seed 000's example does with `INSERT INTO migrations …`.
    ///
    /// ## Why is this bad?
    /// `accord migrate apply` records every migration itself, in the same transaction, with
    /// its checksum. A hand-written row duplicates (or contradicts) that record; Accord
    /// merges it into its own row, but the statement is dead weight that breaks other tools.
    ///
    /// ## Example
    /// ```sql
    /// INSERT INTO migrations (version, description, applied_at)
    /// VALUES ('20251027-143000', 'Add Big Five', datetime('now'));
    /// ```
    ///
    /// ## How to fix
    /// Delete the statement; Accord writes the tracking row.
    pub static RULE = {
        id: "migration-writes-tracking-table",
        group: "migration",
        class: Risky,
        bump: None,
        summary: "migration writes the tracking table itself",
    }
}

/// Reports writes to the tracking table.
pub fn check(ctx: &StmtCtx<'_>, out: &mut Vec<Finding>) {
    let tracking = &ctx.env.config.tracking_table;
    for e in ctx.effects {
        if let Effect::Write { table, kind } = e
            && table.eq_ignore_ascii_case(tracking)
        {
            out.push(ctx.finding(&RULE, format!("{} on the tracking table `{table}`: Accord records applied migrations itself", kind.as_str()), table.clone())
                .with_help("delete this statement; `accord migrate apply` writes the tracking row"));
        }
    }
}
