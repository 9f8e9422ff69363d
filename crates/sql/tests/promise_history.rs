//! The statement rules `database-contract-{index,foreign-key,constraint}-broken` against a
//! whole real migration history: a contract promising every index, foreign key, UNIQUE and
//! CHECK the history ever creates must be reported broken exactly in the files after which
//! the replayed schema no longer keeps the promise (file-level replay is the reference).
//!
//! Runs on the directory in `ACCORD_PROMISE_HISTORY` (dialect `ACCORD_PROMISE_DIALECT`,
//! default postgres), e.g. one prepared by `bench/live_drift/prepare.py`; without it the test
//! only runs on the example's migrations.

use accord_model::Finding;
use accord_model::contract::{
    ColumnUse, ConstraintKind, ConstraintUse, Contract, ForeignKeyUse, IndexUse, Interface,
    InterfaceKind, TableUse,
};
use accord_sql::effect::{TypeChange, compare_types};
use accord_sql::lint::{LintOptions, lint};
use accord_sql::migration::load_dir;
use accord_sql::promise::Promise;
use accord_sql::schema::check_name;
use accord_sql::{DatabaseConfig, Dialect, Schema};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

/// Every index, foreign key, UNIQUE and named CHECK of `s`, as contract promises.
fn promises_of(s: &Schema, into: &mut Interface) {
    for i in s.indexes.values() {
        into.indexes.push(IndexUse {
            name: Some(i.name.clone()),
            table: i.table.clone(),
            columns: i.columns.clone(),
            unique: i.unique,
            predicate: i.predicate.clone(),
            ..Default::default()
        });
    }
    for t in s.tables.values() {
        for k in &t.foreign_keys {
            into.foreign_keys.push(ForeignKeyUse {
                table: t.name.clone(),
                columns: k.columns.clone(),
                references: k.table.clone(),
                referred: k.referred.clone(),
                ..Default::default()
            });
        }
        for u in &t.unique {
            into.constraints.push(ConstraintUse {
                kind: ConstraintKind::Unique,
                table: t.name.clone(),
                columns: u.columns.clone(),
                ..Default::default()
            });
        }
        let columns: Vec<String> = t.columns.iter().map(|c| c.name.clone()).collect();
        for c in &t.checks {
            into.constraints.push(ConstraintUse {
                kind: ConstraintKind::Check,
                name: Some(
                    c.name
                        .clone()
                        .unwrap_or_else(|| check_name(&t.name, &columns, c)),
                ),
                table: t.name.clone(),
                ..Default::default()
            });
        }
    }
}

/// Every table of `s` with every column, as contract `tables` (merged across versions).
fn tables_of(s: &Schema, into: &mut BTreeMap<String, BTreeSet<String>>) {
    for t in s.tables.values() {
        into.entry(t.name.clone())
            .or_default()
            .extend(t.columns.iter().map(|c| c.name.clone()));
    }
}

fn check_history(dir: PathBuf, dialect: Dialect) -> (usize, usize, usize) {
    let root = dir.parent().unwrap().parent().unwrap().to_path_buf();
    let rel = dir
        .strip_prefix(&root)
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let ms = load_dir(&root, &rel, dialect).unwrap();
    // Every promise the history ever keeps, deduplicated by logical path.
    let mut interface = Interface {
        kind: Some(InterfaceKind::Database),
        ..Default::default()
    };
    let mut schemas = vec![Schema::default()];
    let mut tables = BTreeMap::new();
    for m in &ms {
        let mut s = schemas.last().unwrap().clone();
        s.apply_migration(m);
        promises_of(&s, &mut interface);
        tables_of(&s, &mut tables);
        schemas.push(s);
    }
    interface.tables = tables
        .iter()
        .map(|(name, columns)| TableUse {
            name: name.clone(),
            columns: columns
                .iter()
                .map(|c| ColumnUse {
                    name: c.clone(),
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        })
        .collect();
    let contract = {
        let mut c = Contract {
            path: "contracts/everything-v1.0.0.yaml".into(),
            name: "everything".into(),
            provider: "Database".into(),
            consumers: vec!["App".into()],
            ..Default::default()
        };
        let mut seen = BTreeSet::new();
        interface
            .indexes
            .retain(|p| seen.insert(Promise::Index(p).logical_path()));
        interface
            .foreign_keys
            .retain(|p| seen.insert(Promise::ForeignKey(p).logical_path()));
        interface
            .constraints
            .retain(|p| seen.insert(Promise::Constraint(p).logical_path()));
        c.interface = interface;
        c
    };
    // Reference: per file, the promises kept before it and not after it, and the tables
    // one of whose columns it removes or retypes.
    let mut expected: BTreeSet<(String, String)> = BTreeSet::new();
    let mut expected_tables: BTreeSet<(String, String)> = BTreeSet::new();
    for (i, m) in ms.iter().enumerate() {
        for p in Promise::all(&contract) {
            if p.kept_by(&schemas[i]) && !p.kept_by(&schemas[i + 1]) {
                expected.insert((m.path.clone(), p.logical_path()));
            }
        }
        for (name, old) in &schemas[i].tables {
            let lost = match schemas[i + 1].table(name) {
                None => true,
                Some(new) => old.columns.iter().any(|c| {
                    new.column(&c.name).is_none_or(|n| {
                        compare_types(&c.data_type, &n.data_type) != TypeChange::Same
                    })
                }),
            };
            if lost {
                expected_tables.insert((m.path.clone(), name.clone()));
            }
        }
    }
    let config = DatabaseConfig {
        dialect,
        ..DatabaseConfig::default()
    };
    let texts = BTreeMap::new();
    let found: Vec<Finding> = lint(
        &ms,
        &LintOptions {
            config: &config,
            manifest: None,
            contracts: std::slice::from_ref(&contract),
            contract_texts: &texts,
            only: None,
            baseline: &[],
            project_rules: false,
        },
    );
    let actual: BTreeSet<(String, String)> = found
        .iter()
        .filter(|f| {
            f.rule.starts_with("database-contract-")
                && f.rule.ends_with("-broken")
                && f.rule != "database-contract-column-broken"
        })
        .map(|f| (f.location.path.clone(), f.logical_path.clone()))
        .collect();
    let actual_tables: BTreeSet<(String, String)> = found
        .iter()
        .filter(|f| f.rule == "database-contract-column-broken")
        .map(|f| {
            let table = f.logical_path["interface.tables[".len()..]
                .split(']')
                .next()
                .unwrap_or_default()
                .to_string();
            (f.location.path.clone(), table)
        })
        .collect();
    let missed_tables: Vec<_> = expected_tables.difference(&actual_tables).collect();
    let extra_tables: Vec<_> = actual_tables.difference(&expected_tables).collect();
    assert!(
        missed_tables.is_empty() && extra_tables.is_empty(),
        "column rule: missed {missed_tables:#?}\nextra {extra_tables:#?}"
    );
    let missed: Vec<_> = expected.difference(&actual).collect();
    let extra: Vec<_> = actual.difference(&expected).collect();
    assert!(
        missed.is_empty() && extra.is_empty(),
        "{} promises over {} files; missed {missed:#?}\nextra {extra:#?}",
        Promise::all(&contract).count(),
        ms.len()
    );
    (
        Promise::all(&contract).count(),
        expected.len(),
        expected_tables.len(),
    )
}

#[test]
#[allow(clippy::print_stderr)]
fn statement_rules_agree_with_file_replay_on_a_whole_history() {
    let example = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/expansion-packs/db/migrations");
    let (promises, _, _) = check_history(example, Dialect::Sqlite);
    assert!(promises > 5, "{promises}");
    if let Ok(dir) = std::env::var("ACCORD_PROMISE_HISTORY") {
        let dialect = std::env::var("ACCORD_PROMISE_DIALECT")
            .ok()
            .and_then(|d| Dialect::parse(&d))
            .unwrap_or(Dialect::Postgres);
        let (promises, broken, tables) =
            check_history(PathBuf::from(&dir).join("db/migrations"), dialect);
        eprintln!(
            "{dir}: {promises} key/index/constraint promises, {broken} broken by some file; \
             {tables} (file, table) column losses; all reported where the replay says"
        );
    }
}
