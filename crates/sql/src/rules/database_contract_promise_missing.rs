//! The `database-contract-promise-missing` rule.
use super::ProjectCtx;
use crate::promise::Promise;
use accord_model::contract::Contract;
use accord_model::{Finding, Location, Span};

accord_model::declare_rule! {
    /// ## What it does
    /// Reports a table, column, foreign key, index or constraint that a database contract
    /// lists (`interface.tables`, `interface.foreign_keys`, `interface.indexes`,
    /// `interface.constraints`) but that the
    /// schema replayed from the migrations does not have, matched as the
    /// `database-contract-*-broken` rules match them. A promise that a migration of the
    /// change removes is reported by those rules instead; a project without migrations is
    /// not checked.
    ///
    /// ## Why is this bad?
    /// The consumers named by the contract rely on something the database never had (or
    /// lost before the contract was written): a typo in the contract or a missing migration.
    ///
    /// ## Example
    /// The contract lists `indexes: [{table: fragments, columns: [mind_slug]}]` and no
    /// migration creates an index on `fragments(mind_slug)`.
    ///
    /// ## How to fix
    /// Add the migration that creates it, or correct the contract.
    pub static RULE = {
        id: "database-contract-promise-missing",
        group: "database",
        class: Risky,
        bump: None,
        summary: "a database contract promises a table, column, key, index or constraint the schema lacks",
    }
}

/// Checks every promise of every database contract against the replayed schema.
pub fn check(ctx: &ProjectCtx<'_>, out: &mut Vec<Finding>) {
    if ctx.schema.tables.is_empty() {
        return;
    }
    let mut found = Vec::new();
    for contract in ctx.env.contracts {
        for promise in Promise::all(contract) {
            let logical = promise.logical_path();
            if reported(out, contract, &logical) || promise.kept_by(ctx.schema) {
                continue;
            }
            let subject = format!("the {}", promise.describe());
            found.push(missing(ctx, contract, &subject, promise.span(), logical));
        }
    }
    found.extend(missing_columns(ctx, out));
    out.extend(found);
}

/// Tables and columns a contract lists that the replayed schema does not have. Reported
/// here, at the contract, unless a migration of the change removed them (then
/// `database-contract-column-broken` already says so, at the migration).
fn missing_columns(ctx: &ProjectCtx<'_>, earlier: &[Finding]) -> Vec<Finding> {
    let mut found = Vec::new();
    for contract in ctx.env.contracts {
        for table_use in &contract.interface.tables {
            let missing_here: Vec<(String, String, Span)> = match ctx.schema.table(&table_use.name)
            {
                None => vec![(
                    format!("interface.tables[{}]", table_use.name),
                    format!("table `{}`", table_use.name),
                    table_use.span,
                )],
                Some(t) => table_use
                    .columns
                    .iter()
                    .filter(|c| {
                        t.column(&c.name.to_ascii_lowercase()).is_none()
                            && t.column(&c.name).is_none()
                    })
                    .map(|c| {
                        (
                            format!("interface.tables[{}].columns[{}]", table_use.name, c.name),
                            format!("column `{}.{}`", table_use.name, c.name),
                            c.span,
                        )
                    })
                    .collect(),
            };
            for (logical, subject, span) in missing_here {
                if reported(earlier, contract, &logical) || reported(&found, contract, &logical) {
                    continue;
                }
                found.push(missing(ctx, contract, &subject, span, logical));
            }
        }
    }
    found
}

/// Whether `findings` already speak of `logical` in `contract`.
fn reported(findings: &[Finding], contract: &Contract, logical: &str) -> bool {
    findings
        .iter()
        .any(|f| f.logical_path == logical && f.contract.as_deref() == Some(contract.name.as_str()))
}

/// The finding for `subject`, promised by `contract` at `span` and absent from the schema.
fn missing(
    ctx: &ProjectCtx<'_>,
    contract: &Contract,
    subject: &str,
    span: Span,
    logical: String,
) -> Finding {
    let at = match ctx.env.contract_texts.get(&contract.path) {
        Some(text) => Location::from_span(&contract.path, text, span),
        None => Location::file(&contract.path),
    };
    Finding::of(
        &RULE,
        format!(
            "contract {} promises {subject}, which the schema replayed from the migrations does \
             not have",
            contract.display()
        ),
    )
    .at(at)
    .with_logical_path(logical)
    .with_contract(contract.name.clone())
    .with_impacted(super::database_contract_column_broken::parties(contract))
    .with_help("add the migration that creates it, or correct the contract")
}
