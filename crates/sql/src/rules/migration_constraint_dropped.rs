//! The `migration-constraint-dropped` rule.
use super::StmtCtx;
use crate::effect::Effect;
use accord_model::Finding;

accord_model::declare_rule! {
    /// ## What it does
    /// Reports a dropped constraint: foreign key, unique, primary key or check.
    ///
    /// ## Why is this bad?
    /// Readers rely on the guarantee (a fragment always has its mind; a slug is unique);
    /// once dropped, bad rows can appear and stay.
    ///
    /// ## Example
    /// ```sql
    /// ALTER TABLE mind_fragments DROP CONSTRAINT mind_fragments_mind_id_fkey;
    /// ```
    ///
    /// ## How to fix
    /// Replace the constraint in the same migration, or document why the guarantee goes
    /// with a suppression reason.
    pub static RULE = {
        id: "migration-constraint-dropped",
        group: "migration",
        class: Risky,
        bump: Minor,
        summary: "constraint or foreign key dropped",
    }
}

/// Reports each dropped constraint.
pub fn check(ctx: &StmtCtx<'_>, out: &mut Vec<Finding>) {
    for e in ctx.effects {
        if let Effect::DropConstraint { table, name } = e
            // The helper check of the safe SET NOT NULL recipe, once the column is NOT NULL.
            && !ctx.session.redundant_not_null_check(table, name)
        {
            let is_fk = ctx.before.table(table).is_some_and(|t| {
                t.foreign_keys
                    .iter()
                    .any(|f| f.name.as_deref() == Some(name))
            });
            let what = if is_fk { "foreign key" } else { "constraint" };
            out.push(
                ctx.finding(
                    &RULE,
                    format!("drops {what} `{name}` of `{table}`"),
                    format!("{table}.{name}"),
                )
                .with_help("replace the guarantee or explain in a suppression why it can go"),
            );
        }
    }
}
