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
    /// A break undone later in the same file — SQLite's copy, drop and rename back with every
    /// listed column of the same type, a rename reverted — is not reported.
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

/// The schema after this statement, then after each later statement of the file.
fn later_schemas(ctx: &StmtCtx<'_>) -> Vec<crate::schema::Schema> {
    let mut s = ctx.before.clone();
    for e in ctx.effects {
        s.apply(e, &ctx.migration.path);
    }
    let statements = &ctx.migration.statements;
    let at = statements
        .iter()
        .position(|x| std::ptr::eq(x, ctx.stmt))
        .map_or(statements.len(), |i| i + 1);
    let mut out = Vec::new();
    for stmt in &statements[at..] {
        for e in stmt
            .ast
            .as_ref()
            .map(crate::effect::effects)
            .unwrap_or_default()
        {
            s.apply(&e, &ctx.migration.path);
        }
        out.push(s.clone());
    }
    out
}

/// True when a later statement of the same file brings the table and `columns` back, each
/// with the type it had: SQLite's copy-drop-rename of a table, a rename undone.
fn restored(
    ctx: &StmtCtx<'_>,
    later: &[crate::schema::Schema],
    table: &str,
    columns: &[&str],
) -> bool {
    let before = ctx.before.table(table);
    later.iter().any(|s| {
        let Some(t) = s.table(table) else {
            return false;
        };
        // Only what the table had can be lost; a listed column it never had is not news here.
        columns.iter().all(|c| {
            let c = c.to_ascii_lowercase();
            match before.and_then(|b| b.column(&c)) {
                None => true,
                Some(old) => t.column(&c).is_some_and(|now| {
                    compare_types(&old.data_type, &now.data_type) == TypeChange::Same
                }),
            }
        })
    })
}

/// Checks the statement's effects against every database contract.
pub fn check(ctx: &StmtCtx<'_>, out: &mut Vec<Finding>) {
    let mut restored_cache: Option<Vec<crate::schema::Schema>> = None;
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
                let later = restored_cache.get_or_insert_with(|| later_schemas(ctx));
                // A whole-table hit is undone only if every promised column comes back.
                let needed: Vec<&str> = match column {
                    Some(c) => vec![c.as_str()],
                    None => use_.columns.iter().map(|c| c.name.as_str()).collect(),
                };
                if restored(ctx, later, table, &needed) {
                    continue;
                }
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
