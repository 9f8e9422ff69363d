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
    ConstraintKind, ConstraintUse, Contract, ForeignKeyUse, IndexUse, Interface, InterfaceKind,
};
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

fn check_history(dir: PathBuf, dialect: Dialect) -> (usize, usize) {
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
    for m in &ms {
        let mut s = schemas.last().unwrap().clone();
        s.apply_migration(m);
        promises_of(&s, &mut interface);
        schemas.push(s);
    }
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
    // Reference: per file, the promises kept before it and not after it.
    let mut expected: BTreeSet<(String, String)> = BTreeSet::new();
    for (i, m) in ms.iter().enumerate() {
        for p in Promise::all(&contract) {
            if p.kept_by(&schemas[i]) && !p.kept_by(&schemas[i + 1]) {
                expected.insert((m.path.clone(), p.logical_path()));
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
        .filter(|f| f.rule.starts_with("database-contract-") && f.rule.ends_with("-broken"))
        .map(|f| (f.location.path.clone(), f.logical_path.clone()))
        .collect();
    let missed: Vec<_> = expected.difference(&actual).collect();
    let extra: Vec<_> = actual.difference(&expected).collect();
    assert!(
        missed.is_empty() && extra.is_empty(),
        "{} promises over {} files; missed {missed:#?}\nextra {extra:#?}",
        Promise::all(&contract).count(),
        ms.len()
    );
    (Promise::all(&contract).count(), expected.len())
}

#[test]
#[allow(clippy::print_stderr)]
fn statement_rules_agree_with_file_replay_on_a_whole_history() {
    let example = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/expansion-packs/db/migrations");
    let (promises, _) = check_history(example, Dialect::Sqlite);
    assert!(promises > 5, "{promises}");
    if let Ok(dir) = std::env::var("ACCORD_PROMISE_HISTORY") {
        let dialect = std::env::var("ACCORD_PROMISE_DIALECT")
            .ok()
            .and_then(|d| Dialect::parse(&d))
            .unwrap_or(Dialect::Postgres);
        let (promises, broken) = check_history(PathBuf::from(&dir).join("db/migrations"), dialect);
        eprintln!(
            "{dir}: {promises} promises, {broken} broken by some file, all reported where the replay says"
        );
    }
}
