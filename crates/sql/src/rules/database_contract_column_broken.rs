//! The `database-contract-column-broken` rule.
use super::StmtCtx;
use crate::effect::{Effect, TypeChange, compare_types};
use accord_model::contract::Contract;
use accord_model::manifest::is_database;
use accord_model::{Finding, Location};

accord_model::declare_rule! {
    /// ## What it does
    /// Reports a migration that drops, renames or retypes a table or column that a database
    /// contract (`interface.type: database`, `interface.tables`) lists as read, naming the
    /// packs of that contract as impacted. A table listed without columns counts as read whole.
    ///
    /// ## Why is this bad?
    /// The contract promises those columns to its consumers: their queries fail, or they
    /// receive values of another type.
    ///
    /// ## Example
    /// `contracts/mmos-db-v1.0.0.yaml` lists `minds.slug`;
    /// ```sql
    /// ALTER TABLE minds DROP COLUMN slug;
    /// ```
    ///
    /// ## How to fix
    /// Release a new MAJOR version of the contract with a migration plan, move the
    /// consumers, then change the schema.
    pub static RULE = {
        id: "database-contract-column-broken",
        group: "database",
        class: Breaking,
        bump: Major,
        summary: "migration breaks a column a database contract promises",
    }
}

/// The packs on a contract other than the database itself: they read or write its tables.
pub(crate) fn parties(contract: &Contract) -> Vec<String> {
    std::iter::once(&contract.provider)
        .chain(&contract.consumers)
        .filter(|p| !is_database(p) && !p.trim().is_empty())
        .cloned()
        .collect()
}

/// Checks the statement's effects against every database contract.
pub fn check(ctx: &StmtCtx<'_>, out: &mut Vec<Finding>) {
    for e in ctx.effects {
        let (table, column, what) = match e {
            Effect::DropTable { table } => (table, None, ("drops", String::new())),
            Effect::RenameTable { table, to } => (table, None, ("renames", format!(" to `{to}`"))),
            Effect::DropColumn { table, column } => (table, Some(column), ("drops", String::new())),
            Effect::RenameColumn { table, column, to } => {
                (table, Some(column), ("renames", format!(" to `{to}`")))
            }
            Effect::SetType {
                table,
                column,
                data_type,
            } => {
                let old = ctx.before.table(table).and_then(|t| t.column(column));
                if old.is_some_and(|o| compare_types(&o.data_type, data_type) == TypeChange::Same) {
                    continue;
                }
                (table, Some(column), ("retypes", format!(" to {data_type}")))
            }
            _ => continue,
        };
        for contract in ctx.env.contracts {
            for (ti, use_) in contract.interface.tables.iter().enumerate() {
                if !use_.name.eq_ignore_ascii_case(table) {
                    continue;
                }
                let hit = match column {
                    None => Some((format!("/contract/interface/tables/{ti}"), use_.span)),
                    Some(_) if use_.columns.is_empty() => {
                        Some((format!("/contract/interface/tables/{ti}"), use_.span))
                    }
                    Some(col) => use_
                        .columns
                        .iter()
                        .position(|c| c.name.eq_ignore_ascii_case(col))
                        .map(|ci| {
                            (
                                format!("/contract/interface/tables/{ti}/columns/{ci}"),
                                use_.columns[ci].span,
                            )
                        }),
                };
                let Some((_pointer, span)) = hit else {
                    continue;
                };
                let subject = match column {
                    Some(c) => format!("`{table}.{c}`"),
                    None => format!("table `{table}`"),
                };
                let impacted = parties(contract);
                let text = ctx
                    .env
                    .contract_texts
                    .get(&contract.path)
                    .map(String::as_str)
                    .unwrap_or("");
                let related = if text.is_empty() {
                    Location::file(&contract.path)
                } else {
                    Location::from_span(&contract.path, text, span)
                };
                out.push(
                    ctx.finding(
                        &RULE,
                        format!(
                            "migration {} {subject}{}, which contract {} promises to {}",
                            what.0,
                            what.1,
                            contract.display(),
                            impacted.join(", ")
                        ),
                        match column {
                            Some(c) => format!("interface.tables[{table}].columns[{c}]"),
                            None => format!("interface.tables[{table}]"),
                        },
                    )
                    .with_contract(contract.name.clone())
                    .with_impacted(impacted)
                    .related(related, format!("read through {}", contract.display()))
                    .with_help("publish a new MAJOR contract version with a migration plan before changing the schema"),
                );
            }
        }
    }
}
