//! Migrations under `accord check --base`: the migration files of two revisions, held in
//! memory (the caller reads them from git objects, not from the disk), compared.
//!
//! Three kinds of finding come out of [`check_migration_change`]:
//! - the lint of every file that is new or modified at head (all rules of this crate,
//!   with the schema replayed from every head file so each statement sees the right
//!   tables), plus the project-wide rules (contract privacy);
//! - `migration-history-edited` for each file committed at base that head edits or
//!   deletes, saying how the edit changes the replayed schema;
//! - `database-contract-column-broken` for each table or column a database contract
//!   lists that exists in the schema replayed at base and is gone or retyped in the schema
//!   replayed at head, when no statement of a new or modified file already reported it
//!   (so an edit of history or a deleted file that loses a promised column is caught).

use crate::SqlError;
use crate::config::DatabaseConfig;
use crate::effect::{Effect, effects};
use crate::lint::{LintOptions, lint};
use crate::migration::Migration;
use crate::rules::{database_contract_column_broken, migration_history_edited};
use crate::schema::{Schema, SchemaChange, diff};
use accord_model::contract::Contract;
use accord_model::manifest::Manifest;
use accord_model::{Finding, Location};
use std::collections::{BTreeMap, BTreeSet};

/// Findings for the change of the migration files from `base` to `head`.
///
/// `base` and `head` are `(path, text)` pairs, paths relative to the directory of
/// `accord.toml` and `/`-separated (a leading `./` is ignored). Any file may be passed:
/// only `*.sql` files under `[database] migrations` of `manifest` count, so the caller can
/// hand over every changed file or a whole tree listing. Files are ordered as
/// `accord migrate apply` orders them (file name, then path).
///
/// `manifest` is the head manifest (owners, DBA packs, clearances, `[database]`);
/// `contracts` are the head contracts (database contracts name consumers).
///
/// A file is *modified* when its checksum differs (line endings and trailing whitespace
/// outside string literals and quoted names do not count, every byte inside them does), *new* when its path is absent at base, *deleted*
/// when absent at head. Lint findings are reported only for new and modified files; the
/// versions of every base file count as committed for `migration-non-linear`. See the
/// module documentation for the other findings.
///
/// Errors: only a bad `[database]` section ([`SqlError::Config`], without line and column
/// since the manifest text is not at hand). Bad SQL is a `migration-parse-error` finding.
///
/// ```
/// use accord_model::manifest::Manifest;
/// let base = vec![(
///     "db/migrations/20250101-000000-a.sql".to_string(),
///     "CREATE TABLE t (id INTEGER, b TEXT);".to_string(),
/// )];
/// let mut head = base.clone();
/// head.push((
///     "db/migrations/20250102-000000-b.sql".to_string(),
///     "ALTER TABLE t DROP COLUMN b;".to_string(),
/// ));
/// let findings = accord_sql::check_migration_change(&base, &head, &Manifest::default(), &[])
///     .unwrap();
/// assert!(findings.iter().any(|f| f.rule == "migration-drop-column"));
/// ```
pub fn check_migration_change(
    base: &[(String, String)],
    head: &[(String, String)],
    manifest: &Manifest,
    contracts: &[Contract],
) -> Result<Vec<Finding>, SqlError> {
    let config = match manifest.sections.get("database") {
        Some(section) => DatabaseConfig::from_section(section, &manifest.path, "")?,
        None => DatabaseConfig::default(),
    };
    let base_ms = parse_side(base, &config);
    let head_ms = parse_side(head, &config);
    let base_by_path: BTreeMap<&str, &Migration> =
        base_ms.iter().map(|m| (m.path.as_str(), m)).collect();
    let head_paths: BTreeSet<&str> = head_ms.iter().map(|m| m.path.as_str()).collect();

    let mut changed: BTreeSet<String> = BTreeSet::new();
    let mut edited: Vec<(&Migration, bool)> = Vec::new();
    for m in &head_ms {
        match base_by_path.get(m.path.as_str()) {
            None => {
                changed.insert(m.path.clone());
            }
            Some(old) if old.checksum() != m.checksum() => {
                changed.insert(m.path.clone());
                edited.push((old, false));
            }
            Some(_) => {}
        }
    }
    for old in base_ms
        .iter()
        .filter(|m| !head_paths.contains(m.path.as_str()))
    {
        edited.push((old, true));
    }

    let baseline: Vec<String> = base_ms.iter().filter_map(|m| m.version.clone()).collect();
    let texts = BTreeMap::new();
    // Findings a modified file already had at base are not news: only what the edit
    // introduces is reported (compared by rule, subject and message, since lines move).
    let modified: BTreeSet<String> = edited
        .iter()
        .filter(|(_, deleted)| !deleted)
        .map(|(m, _)| m.path.clone())
        .collect();
    let known: BTreeSet<(String, String, String)> = if modified.is_empty() {
        BTreeSet::new()
    } else {
        lint(
            &base_ms,
            &LintOptions {
                config: &config,
                manifest: Some(manifest),
                contracts,
                contract_texts: &texts,
                only: Some(&modified),
                baseline: &[],
                project_rules: false,
            },
        )
        .into_iter()
        .map(|f| (f.rule, f.logical_path, f.message))
        .collect()
    };
    let mut out = lint(
        &head_ms,
        &LintOptions {
            config: &config,
            manifest: Some(manifest),
            contracts,
            contract_texts: &texts,
            only: Some(&changed),
            baseline: &baseline,
            project_rules: true,
        },
    );
    out.retain(|f| {
        !(modified.contains(&f.location.path)
            && known.contains(&(f.rule.clone(), f.logical_path.clone(), f.message.clone())))
    });
    if edited.is_empty() && changed.is_empty() {
        return Ok(out);
    }

    let head_schema = Schema::replay(&head_ms);
    for (old, deleted) in &edited {
        // What head would be without this one edit: the edit's own effect on the schema.
        let mut without: Vec<&Migration> = head_ms.iter().filter(|m| m.path != old.path).collect();
        without.push(old);
        sort_refs(&mut without);
        let effect: Vec<String> = diff(&Schema::replay(without), &head_schema)
            .iter()
            .map(describe)
            .collect();
        let line = if *deleted {
            None
        } else {
            head_ms
                .iter()
                .find(|m| m.path == old.path)
                .map(|new| first_difference(&old.text, &new.text))
        };
        out.push(migration_history_edited::finding(&old.path, line, &effect));
    }

    let base_schema = Schema::replay(&base_ms);
    let reported: BTreeSet<(String, String)> = out
        .iter()
        .filter(|f| f.rule == database_contract_column_broken::RULE.id)
        .map(|f| {
            (
                f.contract.clone().unwrap_or_default(),
                f.logical_path.clone(),
            )
        })
        .collect();
    let located: Vec<&Migration> = head_ms
        .iter()
        .filter(|m| changed.contains(&m.path))
        .collect();
    let deleted_paths: Vec<&str> = edited
        .iter()
        .filter(|(_, d)| *d)
        .map(|(m, _)| m.path.as_str())
        .collect();
    for change in diff(&base_schema, &head_schema) {
        let (table, column, what) = match &change {
            SchemaChange::TableRemoved { table } => (table, None, "no longer has".to_string()),
            SchemaChange::ColumnRemoved { table, column } => {
                (table, Some(column), "no longer has".to_string())
            }
            SchemaChange::ColumnTypeChanged {
                table,
                column,
                from,
                to,
            } => (table, Some(column), format!("retypes ({from} → {to})")),
            _ => continue,
        };
        for contract in contracts {
            if !contract_lists(contract, table, column.map(String::as_str)) {
                continue;
            }
            let logical = match column {
                Some(c) => format!("interface.tables[{table}].columns[{c}]"),
                None => format!("interface.tables[{table}]"),
            };
            // The lint of the head saw the column missing without knowing a migration of
            // this change removed it: the break, located at the migration, replaces that.
            out.retain(|f| {
                !(f.rule == crate::rules::database_contract_promise_missing::RULE.id
                    && f.logical_path == logical
                    && f.contract.as_deref() == Some(contract.name.as_str()))
            });
            if reported.contains(&(contract.name.clone(), logical.clone())) {
                continue;
            }
            let subject = match column {
                Some(c) => format!("`{table}.{c}`"),
                None => format!("table `{table}`"),
            };
            let impacted = database_contract_column_broken::parties(contract);
            let at = locate(&located, table)
                .or_else(|| deleted_paths.first().map(|p| Location::file(*p)))
                .unwrap_or_else(|| Location::file(&contract.path));
            out.push(
                Finding::of(
                    &database_contract_column_broken::RULE,
                    format!(
                        "the schema replayed at head {what} {subject}, present at base, which \
                         contract {} promises to {}",
                        contract.display(),
                        impacted.join(", ")
                    ),
                )
                .at(at)
                .with_logical_path(logical)
                .with_contract(contract.name.clone())
                .with_impacted(impacted)
                .related(
                    Location::file(&contract.path),
                    format!("read through {}", contract.display()),
                )
                .with_help(
                    "publish a new MAJOR contract version with a migration plan before \
                     changing the schema",
                ),
            );
        }
    }
    promises_lost(
        &base_schema,
        &head_schema,
        contracts,
        &located,
        &deleted_paths,
        &mut out,
    );
    Ok(out)
}

/// `database-contract-{foreign-key,index,constraint}-broken` for each promise of a database
/// contract that the schema replayed at base keeps and the one replayed at head does not,
/// when no statement already reported it (an edit of history, a deleted file). It replaces
/// the `database-contract-promise-missing` finding the lint gave the same promise: losing a
/// promise in this change is a break, not a standing mismatch.
fn promises_lost(
    base: &Schema,
    head: &Schema,
    contracts: &[Contract],
    located: &[&Migration],
    deleted_paths: &[&str],
    out: &mut Vec<Finding>,
) {
    use crate::promise::{Promise, Section};
    use crate::rules::{
        database_contract_constraint_broken, database_contract_foreign_key_broken,
        database_contract_index_broken, database_contract_promise_missing,
    };
    for contract in contracts {
        for promise in Promise::all(contract) {
            if !promise.kept_by(base) || promise.kept_by(head) {
                continue;
            }
            let logical = promise.logical_path();
            let same = |f: &Finding| {
                f.logical_path == logical && f.contract.as_deref() == Some(contract.name.as_str())
            };
            out.retain(|f| !(f.rule == database_contract_promise_missing::RULE.id && same(f)));
            let rule = match promise.section() {
                Section::ForeignKeys => &database_contract_foreign_key_broken::RULE,
                Section::Indexes => &database_contract_index_broken::RULE,
                Section::Constraints => &database_contract_constraint_broken::RULE,
            };
            if out.iter().any(|f| f.rule == rule.id && same(f)) {
                continue;
            }
            let impacted = database_contract_column_broken::parties(contract);
            let at = locate(located, promise.table())
                .or_else(|| deleted_paths.first().map(|p| Location::file(*p)))
                .unwrap_or_else(|| Location::file(&contract.path));
            out.push(
                Finding::of(
                    rule,
                    format!(
                        "the schema replayed at head no longer has the {}, present at base, \
                         which contract {} promises to {}",
                        promise.describe(),
                        contract.display(),
                        impacted.join(", ")
                    ),
                )
                .at(at)
                .with_logical_path(logical)
                .with_contract(contract.name.clone())
                .with_impacted(impacted)
                .related(
                    Location::file(&contract.path),
                    format!("relied on through {}", contract.display()),
                )
                .with_help(
                    "keep it (or create its replacement first), or publish a new MAJOR \
                     contract version with a migration plan before changing the schema",
                ),
            );
        }
    }
}

/// Parses the migration files among `files`, in apply order.
fn parse_side(files: &[(String, String)], config: &DatabaseConfig) -> Vec<Migration> {
    let dir = config
        .migrations
        .trim_start_matches("./")
        .trim_end_matches('/');
    let prefix = format!("{dir}/");
    let mut out: Vec<Migration> = files
        .iter()
        .filter_map(|(path, text)| {
            let path = path.replace('\\', "/");
            let path = path.trim_start_matches("./");
            (path.starts_with(&prefix) && path.ends_with(".sql"))
                .then(|| Migration::parse(path, text.as_bytes(), config.dialect))
        })
        .collect();
    out.sort_by(|a, b| {
        a.file_name()
            .cmp(b.file_name())
            .then_with(|| a.path.cmp(&b.path))
    });
    out
}

/// The 1-based number of the first line where the texts differ as checksummed (literal
/// bytes verbatim, line endings and trailing whitespace outside them normalised).
fn first_difference(old: &str, new: &str) -> u32 {
    let (old, new) = (
        crate::migration::normalise_outside_literals(old),
        crate::migration::normalise_outside_literals(new),
    );
    let (old, new): (Vec<&str>, Vec<&str>) = (old.split('\n').collect(), new.split('\n').collect());
    let at = old
        .iter()
        .zip(&new)
        .position(|(a, b)| a != b)
        .unwrap_or(old.len().min(new.len()));
    u32::try_from(at + 1).unwrap_or(u32::MAX)
}

fn sort_refs(ms: &mut [&Migration]) {
    ms.sort_by(|a, b| {
        a.file_name()
            .cmp(b.file_name())
            .then_with(|| a.path.cmp(&b.path))
    });
}

/// True when `contract` lists `table` (whole, or with `column`); a table listed without
/// columns counts as read whole, as in the statement rule.
fn contract_lists(contract: &Contract, table: &str, column: Option<&str>) -> bool {
    contract
        .interface
        .tables
        .iter()
        .filter(|t| t.name.eq_ignore_ascii_case(table))
        .any(|t| match column {
            None => true,
            Some(c) => {
                t.columns.is_empty() || t.columns.iter().any(|u| u.name.eq_ignore_ascii_case(c))
            }
        })
}

/// The first statement of a changed file that touches `table`.
fn locate(ms: &[&Migration], table: &str) -> Option<Location> {
    ms.iter().find_map(|m| {
        m.statements.iter().find_map(|s| {
            let touches = s.ast.as_ref().is_some_and(|ast| {
                effects(ast).iter().any(|e| {
                    e.table().is_some_and(|t| t.eq_ignore_ascii_case(table))
                        || matches!(e, Effect::RenameTable { to, .. } if to.eq_ignore_ascii_case(table))
                })
            });
            touches.then(|| Location::from_span(&m.path, &m.text, s.span))
        })
    })
}

/// A short phrase for a schema change, for messages.
pub fn describe(change: &SchemaChange) -> String {
    match change {
        SchemaChange::TableAdded { table } => format!("table `{table}` added"),
        SchemaChange::TableRemoved { table } => format!("table `{table}` removed"),
        SchemaChange::ColumnAdded { table, column, .. } => {
            format!("column `{table}.{column}` added")
        }
        SchemaChange::ColumnRemoved { table, column } => {
            format!("column `{table}.{column}` removed")
        }
        SchemaChange::ColumnTypeChanged {
            table,
            column,
            from,
            to,
        } => format!("`{table}.{column}` retyped {from} → {to}"),
        SchemaChange::ColumnNullabilityChanged {
            table,
            column,
            nullable,
        } => format!(
            "`{table}.{column}` now {}",
            if *nullable { "nullable" } else { "NOT NULL" }
        ),
        SchemaChange::ColumnDefaultChanged { table, column } => {
            format!("default of `{table}.{column}` changed")
        }
        SchemaChange::IndexAdded { index } => format!("index `{index}` added"),
        SchemaChange::IndexRemoved { index } => format!("index `{index}` removed"),
        SchemaChange::IndexChanged { index } => format!("index `{index}` changed"),
        SchemaChange::ConstraintAdded { table, constraint } => {
            format!("`{table}` gains {constraint}")
        }
        SchemaChange::ConstraintRemoved { table, constraint } => {
            format!("`{table}` loses {constraint}")
        }
    }
}
