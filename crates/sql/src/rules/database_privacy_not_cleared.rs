//! The `database-privacy-not-cleared` rule.
use super::ProjectCtx;
use super::database_contract_column_broken::parties;
use accord_model::{Finding, Location};

accord_model::declare_rule! {
    /// ## What it does
    /// Reports a column classified SENSITIVE or CLINICAL (seed 001 "Data Privacy") in a
    /// database contract whose packs are not cleared for that class
    /// (`[packs.NAME] cleared_for = ["SENSITIVE"]`). PUBLIC and PRIVATE need no clearance.
    ///
    /// ## Why is this bad?
    /// The contract hands sensitive personal data to a pack nobody cleared to handle it.
    ///
    /// ## Example
    /// ```yaml
    /// tables:
    ///   - name: big_five_profiles
    ///     columns: [{ name: neuroticism, privacy: CLINICAL }]
    /// ```
    /// with a consumer whose `cleared_for` lacks `CLINICAL`.
    ///
    /// ## How to fix
    /// Clear the pack in `accord.toml` after review, or stop exposing the column to it.
    pub static RULE = {
        id: "database-privacy-not-cleared",
        group: "database",
        class: Breaking,
        bump: None,
        summary: "sensitive column read by a pack not cleared for it",
    }
}

/// Checks every classified column of every database contract.
pub fn check(ctx: &ProjectCtx<'_>, out: &mut Vec<Finding>) {
    let Some(manifest) = ctx.env.manifest else {
        return;
    };
    for contract in ctx.env.contracts {
        let text = ctx
            .env
            .contract_texts
            .get(&contract.path)
            .map(String::as_str)
            .unwrap_or("");
        for table in &contract.interface.tables {
            for column in &table.columns {
                let Some(class) = column
                    .privacy
                    .as_deref()
                    .map(|p| p.trim().to_ascii_uppercase())
                else {
                    continue;
                };
                if class != "SENSITIVE" && class != "CLINICAL" {
                    continue;
                }
                for party in parties(contract) {
                    let Some(pack) = manifest.pack(&party) else {
                        continue;
                    };
                    if pack
                        .cleared_for
                        .iter()
                        .any(|c| c.trim().eq_ignore_ascii_case(&class))
                    {
                        continue;
                    }
                    let location = if text.is_empty() {
                        Location::file(&contract.path)
                    } else {
                        Location::from_span(&contract.path, text, column.span)
                    };
                    out.push(
                        Finding::of(
                            &RULE,
                            format!(
                                "{} reads `{}.{}`, classified {class}, but is not cleared for {class}",
                                pack.display_name, table.name, column.name
                            ),
                        )
                        .at(location)
                        .with_contract(contract.name.clone())
                        .with_logical_path(format!("interface.tables[{}].columns[{}].{}", table.name, column.name, pack.name))
                        .with_impacted([pack.display_name.clone()])
                        .with_help(format!(
                            "add \"{class}\" to [packs.{}] cleared_for after review, or remove the column from the contract",
                            pack.name
                        )),
                    );
                }
            }
        }
    }
}
