//! The `migration-ownership` rule.
use super::StmtCtx;
use accord_model::{Finding, Location};

accord_model::declare_rule! {
    /// ## What it does
    /// Reports a statement that creates, alters, drops or writes (INSERT, UPDATE, DELETE,
    /// TRUNCATE) a table owned by another pack than the migration's. The migration's pack
    /// comes from a `-- Pack:` header, else a directory named after a pack, else a pack
    /// whose `paths` cover the file. When none is known, the packs listed in
    /// `-- Packs affected:` other than the owner are taken as the packs the change is made
    /// for. DBA packs (`dba = true`) and shared tables (`[database] shared_tables`) are exempt.
    ///
    /// ## Why is this bad?
    /// Seed 001: "Packs write only to owned tables (except SuperAgentes)". A pack changing
    /// another pack's table breaks that pack's assumptions without its maintainers.
    ///
    /// ## Example
    /// Seed 000's own example: InnerLens's Big Five traits added to MMOS's `minds`:
    /// ```sql
    /// -- Packs affected: MMOS, InnerLens
    /// ALTER TABLE minds ADD COLUMN openness INTEGER;
    /// ```
    ///
    /// ## How to fix
    /// Have the owner (or the DBA pack) author the migration (`-- Pack: SuperAgentes`), or
    /// keep the data in a table the requesting pack owns (`big_five_profiles`).
    pub static RULE = {
        id: "migration-ownership",
        group: "migration",
        class: Breaking,
        bump: None,
        summary: "migration changes a table owned by another pack",
    }
}

/// Checks every table the statement touches against its owner.
pub fn check(ctx: &StmtCtx<'_>, out: &mut Vec<Finding>) {
    let Some(manifest) = ctx.env.manifest else {
        return;
    };
    let author = ctx.env.migration_pack(ctx.migration);
    if author.is_some_and(|a| a.dba) {
        return;
    }
    for effect in ctx.effects {
        let Some(table) = effect.table() else {
            continue;
        };
        let Some(owner) = ctx.env.owner(table) else {
            continue;
        };
        let (who, how) = match author {
            Some(a) if a.name == owner.name => continue,
            Some(a) => (vec![a.display_name.clone()], "authored by".to_string()),
            None => {
                let requesters: Vec<String> = ctx
                    .migration
                    .header
                    .packs_affected
                    .iter()
                    .filter_map(|p| manifest.pack(p))
                    .filter(|p| p.name != owner.name && !p.dba)
                    .map(|p| p.display_name.clone())
                    .collect();
                if requesters.is_empty() {
                    continue;
                }
                (requesters, "made for".to_string())
            }
        };
        let dba = manifest
            .packs
            .iter()
            .find(|p| p.dba)
            .map(|p| p.display_name.clone());
        let mut finding = ctx
            .finding(
                &RULE,
                format!(
                    "migration {} `{table}`, owned by {}, {how} {}; only {}{} may write it",
                    effect.verb(),
                    owner.display_name,
                    who.join(", "),
                    owner.display_name,
                    dba.as_ref().map(|d| format!(" or the DBA pack {d}")).unwrap_or_default()
                ),
                table.to_string(),
            )
            .with_impacted([owner.display_name.clone()])
            .with_help(format!(
                "have {} author this migration (`-- Pack: {}`), or store the data in a table {} owns",
                dba.clone().unwrap_or_else(|| owner.display_name.clone()),
                dba.unwrap_or_else(|| owner.display_name.clone()),
                who.join(", ")
            ));
        if owner.span != accord_model::Span::default() {
            finding = finding.related(
                Location::file(&manifest.path),
                format!("{} owns `{table}` in accord.toml", owner.display_name),
            );
        }
        out.push(finding);
    }
}
