//! The `migration-header-packs` rule.
use super::{FileCtx, finding_at};
use accord_model::{Finding, Location};
use std::collections::BTreeSet;

accord_model::declare_rule! {
    /// ## What it does
    /// Checks the `-- Packs affected:` header of seed 000's migration example against the
    /// statements: every pack owning a table the migration changes or writes must be
    /// listed, and every listed pack must exist in `accord.toml`.
    ///
    /// ## Why is this bad?
    /// The header is how reviewers and the notification step learn who is affected; a
    /// header that omits the owner of a changed table hides the change from that pack.
    ///
    /// ## Example
    /// ```sql
    /// -- Packs affected: InnerLens
    /// ALTER TABLE minds ADD COLUMN openness INTEGER;  -- minds is MMOS's
    /// ```
    ///
    /// ## How to fix
    /// List every owner: `-- Packs affected: MMOS, InnerLens`.
    pub static RULE = {
        id: "migration-header-packs",
        group: "migration",
        class: Risky,
        bump: None,
        summary: "`-- Packs affected:` header does not match the tables touched",
    }
}

/// Compares the header with the owners of touched tables.
pub fn check(ctx: &FileCtx<'_>, out: &mut Vec<Finding>) {
    let m = ctx.migration;
    let (Some(span), Some(manifest)) = (m.header.packs_span, ctx.env.manifest) else {
        return;
    };
    for listed in &m.header.packs_affected {
        if manifest.pack(listed).is_none() {
            out.push(
                finding_at(
                    &RULE,
                    m,
                    span,
                    format!(
                        "`Packs affected` names `{listed}`, which is not a pack in accord.toml"
                    ),
                )
                .with_logical_path(format!("header.packs_affected[{listed}]")),
            );
        }
    }
    let mut reported = BTreeSet::new();
    for (stmt, effects) in m.statements.iter().zip(ctx.effects) {
        for effect in effects {
            let Some(table) = effect.table() else {
                continue;
            };
            let Some(owner) = ctx.env.owner(table) else {
                continue;
            };
            let listed = m.header.packs_affected.iter().any(|p| owner.answers_to(p));
            if !listed && reported.insert(owner.name.clone()) {
                out.push(
                    finding_at(
                        &RULE,
                        m,
                        stmt.span,
                        format!(
                            "migration {} `{table}`, owned by {}, but `Packs affected` does not list {}",
                            effect.verb(),
                            owner.display_name,
                            owner.display_name
                        ),
                    )
                    .related(Location::from_span(&m.path, &m.text, span), "header declared here")
                    .with_logical_path(format!("header.packs_affected[{}]", owner.name))
                    .with_help(format!("add {} to `-- Packs affected:`", owner.display_name)),
                );
            }
        }
    }
}
