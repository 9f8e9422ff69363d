//! Runs every rule on its fixture pair: it must fire on `bad/` and stay silent on
//! `clean/`. The findings on `bad/` are snapshotted, one snapshot per rule.

use accord_model::contract::{ColumnUse, Contract, Interface, InterfaceKind, TableUse};
use accord_model::manifest::{Manifest, Pack};
use accord_model::{Class, Finding};
use accord_sql::lint::{LintOptions, lint};
use accord_sql::{DatabaseConfig, Dialect, Migration};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn pack(name: &str, display: &str, tables: &[&str]) -> Pack {
    Pack {
        name: name.into(),
        display_name: display.into(),
        owns_tables: tables.iter().map(|t| t.to_string()).collect(),
        ..Default::default()
    }
}

/// Seed 001's packs and owners.
pub fn seed_manifest(cleared: &[(String, String)]) -> Manifest {
    let mut packs = vec![
        pack(
            "mmos",
            "MMOS",
            &["minds", "cognitive_specs", "mind_fragments"],
        ),
        pack(
            "innerlens",
            "InnerLens",
            &["sources", "fragments", "big_five_profiles"],
        ),
        pack(
            "creator-os",
            "CreatorOS",
            &[
                "courses",
                "lessons",
                "content_pieces",
                "content_projects",
                "audience_profiles",
            ],
        ),
        Pack {
            dba: true,
            ..pack("super-agentes", "SuperAgentes", &[])
        },
    ];
    for p in &mut packs {
        p.cleared_for = cleared
            .iter()
            .filter(|(name, _)| p.answers_to(name))
            .map(|(_, class)| class.clone())
            .collect();
    }
    Manifest {
        path: "accord.toml".into(),
        packs,
        ..Default::default()
    }
}

fn column(name: &str, privacy: Option<&str>) -> ColumnUse {
    ColumnUse {
        name: name.into(),
        privacy: privacy.map(str::to_string),
        ..Default::default()
    }
}

fn contract() -> Contract {
    Contract {
        path: "contracts/database-creator-os-v1.0.0.yaml".into(),
        name: "Database → CreatorOS".into(),
        version: "1.0.0".into(),
        provider: "Database".into(),
        consumers: vec!["CreatorOS".into()],
        interface: Interface {
            kind: Some(InterfaceKind::Database),
            tables: vec![
                TableUse {
                    name: "minds".into(),
                    columns: vec![column("slug", Some("PUBLIC")), column("display_name", None)],
                    ..Default::default()
                },
                TableUse {
                    name: "big_five_profiles".into(),
                    columns: vec![column("neuroticism", Some("CLINICAL"))],
                    ..Default::default()
                },
            ],
            ..Default::default()
        },
        ..Default::default()
    }
}

fn load(dir: &Path, dialect: Dialect) -> Vec<Migration> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "sql"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|f| {
            let name = f.file_name().unwrap().to_string_lossy();
            Migration::parse(
                &format!("db/migrations/{name}"),
                &std::fs::read(f).unwrap(),
                dialect,
            )
        })
        .collect()
}

/// `(path, text)` of the `*.sql` files of `dir`, as they would sit in `db/migrations/`.
fn files(dir: &Path) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "sql"))
        .map(|f| {
            let name = f.file_name().unwrap().to_string_lossy().into_owned();
            (
                format!("db/migrations/{name}"),
                std::fs::read_to_string(&f).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

/// A manifest with seed 001's owners whose `[database]` is `database` (PostgreSQL when
/// `None`).
fn postgres_manifest(
    cleared: &[(String, String)],
    database: Option<serde_json::Value>,
) -> Manifest {
    let mut manifest = seed_manifest(cleared);
    manifest.sections.insert(
        "database".into(),
        accord_model::manifest::RawSection {
            value: database.unwrap_or_else(|| serde_json::json!({ "dialect": "postgres" })),
            spans: BTreeMap::new(),
        },
    );
    manifest
}

/// Runs the case as `check --base` sees it: base = `fixtures/base`, head = base plus the
/// case's files (a case file named like a base file replaces it: an edit of history).
fn run(case: &Path) -> Vec<Finding> {
    let base = files(&fixtures().join("base"));
    let mut head: BTreeMap<String, String> = base.iter().cloned().collect();
    head.extend(files(case));
    let head: Vec<(String, String)> = head.into_iter().collect();
    let cleared: Vec<(String, String)> = match std::fs::read_to_string(case.join("cleared.txt")) {
        Ok(text) => text
            .lines()
            .filter_map(|l| l.split_once(':'))
            .map(|(p, c)| (p.trim().to_string(), c.trim().to_string()))
            .collect(),
        Err(_) => vec![("CreatorOS".into(), "CLINICAL".into())],
    };
    // `database.json` next to `bad/` and `clean/`: the rule's `[database]` section.
    let database = std::fs::read_to_string(case.parent().unwrap().join("database.json"))
        .ok()
        .map(|t| serde_json::from_str(&t).unwrap());
    let manifest = postgres_manifest(&cleared, database);
    accord_sql::check_migration_change(&base, &head, &manifest, &[case_contract(case)]).unwrap()
}

/// The case's `contract.yaml` (a database contract read by the real parser), else the
/// default contract.
fn case_contract(case: &Path) -> Contract {
    match std::fs::read_to_string(case.join("contract.yaml")) {
        Ok(text) => accord_contract::parse_contract("contracts/database-mmos-v1.0.0.yaml", &text)
            .unwrap_or_else(|e| panic!("{}: {e}", case.display())),
        Err(_) => contract(),
    }
}

/// Runs the case as `migrate verify --live` sees it: base and case migrations applied to a
/// real SQLite file, then the case's `by-hand.ddl` run by hand.
fn run_live(case: &Path) -> Vec<Finding> {
    use accord_sql::apply::{ApplyOptions, Database};
    let mut ms = load(&fixtures().join("base"), Dialect::Sqlite);
    ms.extend(load(case, Dialect::Sqlite));
    let dir = tempfile::tempdir().unwrap();
    let target = accord_sql::DbTarget::Sqlite(dir.path().join("live.db"));
    let mut db = Database::connect(&target, "migrations").unwrap();
    db.apply(&ms, &ApplyOptions::default(), &mut |_| {})
        .unwrap();
    db.execute_batch(&std::fs::read_to_string(case.join("by-hand.ddl")).unwrap())
        .unwrap();
    let status = db.status(&ms).unwrap();
    accord_sql::live::verify_live(&mut db, &ms, &status, "db/migrations")
        .unwrap()
        .into_iter()
        // The temporary path changes on every run.
        .map(|mut f| {
            f.message = f.message.replace(&target.redacted(), "sqlite:live.db");
            f
        })
        .collect()
}

/// Lints `sql` as one new PostgreSQL migration on top of the base fixtures.
fn run_sql(sql: &str, database: serde_json::Value) -> Vec<Finding> {
    let base = files(&fixtures().join("base"));
    let mut head = base.clone();
    head.push(("db/migrations/20250301-000000-case.sql".into(), sql.into()));
    let manifest = postgres_manifest(&[], Some(database));
    accord_sql::check_migration_change(&base, &head, &manifest, &[]).unwrap()
}

fn fired(findings: &[Finding]) -> Vec<&str> {
    findings.iter().map(|f| f.rule.as_str()).collect()
}

#[test]
fn now_default_rewrites_only_before_postgres_11() {
    let sql =
        "SET lock_timeout = '2s';\nALTER TABLE minds ADD COLUMN seen_at TIMESTAMPTZ DEFAULT now();";
    let current = run_sql(sql, serde_json::json!({ "dialect": "postgres" }));
    assert!(
        !fired(&current).contains(&"migration-volatile-default"),
        "{}",
        render(&current)
    );
    let old = run_sql(
        sql,
        serde_json::json!({ "dialect": "postgres", "postgres_version": 10 }),
    );
    assert!(
        fired(&old).contains(&"migration-volatile-default"),
        "{}",
        render(&old)
    );
}

#[test]
fn set_not_null_after_a_validated_check_scans_before_postgres_12() {
    let sql = std::fs::read_to_string(
        fixtures().join("rules/migration-set-not-null/clean/20250201-000000-set.sql"),
    )
    .unwrap();
    let pg11 = run_sql(
        &sql,
        serde_json::json!({ "dialect": "postgres", "postgres_version": 11 }),
    );
    assert!(
        fired(&pg11).contains(&"migration-set-not-null"),
        "{}",
        render(&pg11)
    );
    // A check added NOT VALID and never validated proves nothing.
    let unvalidated = sql.replace(
        "ALTER TABLE courses VALIDATE CONSTRAINT courses_title_not_null;",
        "",
    );
    let found = run_sql(&unvalidated, serde_json::json!({ "dialect": "postgres" }));
    assert!(
        fired(&found).contains(&"migration-set-not-null"),
        "{}",
        render(&found)
    );
}

#[test]
fn new_postgres_rules_are_suppressed_by_accord_allow() {
    let sql = "SET lock_timeout = '2s';\n-- accord:allow migration-foreign-key-not-valid reason=\"table holds 10 rows\"\nALTER TABLE big_five_profiles ADD CONSTRAINT f FOREIGN KEY (mind_id) REFERENCES minds (id);\n-- accord:allow migration-drop-index-not-concurrent reason=\"tiny table\"\nDROP INDEX IF EXISTS big_five_idx;";
    let found = run_sql(sql, serde_json::json!({ "dialect": "postgres" }));
    assert!(found.is_empty(), "{}", render(&found));
}

#[test]
fn drop_index_concurrently_is_no_parse_error() {
    let sql = "-- accord:no-transaction\nSET lock_timeout = '2s';\nDROP INDEX CONCURRENTLY IF EXISTS courses_title;";
    let found = run_sql(sql, serde_json::json!({ "dialect": "postgres" }));
    assert!(found.is_empty(), "{}", render(&found));
}

fn render(findings: &[Finding]) -> String {
    findings
        .iter()
        .map(|f| {
            let impacted = if f.impacted.is_empty() {
                String::new()
            } else {
                format!(" impacted={}", f.impacted.join(","))
            };
            format!(
                "{} {} {} {}:{}:{} {}{}",
                f.rule,
                f.class,
                f.required_bump,
                f.location.path,
                f.location.line,
                f.location.column,
                f.message,
                impacted
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_rule_fires_on_its_bad_fixture_and_not_on_its_clean_twin() {
    let mut missing = Vec::new();
    for rule in accord_sql::rules() {
        let dir = fixtures().join("rules").join(rule.id);
        if !dir.is_dir() {
            missing.push(rule.id);
            continue;
        }
        let run = if rule.id == "database-schema-drift" {
            run_live
        } else {
            run
        };
        let bad = run(&dir.join("bad"));
        let fired: Vec<&Finding> = bad.iter().filter(|f| f.rule == rule.id).collect();
        assert!(
            !fired.is_empty(),
            "{} did not fire on bad/:\n{}",
            rule.id,
            render(&bad)
        );
        for f in &fired {
            assert_eq!(
                f.class, rule.class,
                "{}: class differs from the declared one",
                rule.id
            );
        }
        let clean = run(&dir.join("clean"));
        assert!(
            clean.iter().all(|f| f.rule != rule.id),
            "{} fired on clean/:\n{}",
            rule.id,
            render(&clean)
        );
        insta::assert_snapshot!(format!("rule__{}", rule.id), render(&bad));
    }
    assert!(missing.is_empty(), "rules without fixtures: {missing:?}");
}

#[test]
fn seed_000_example_is_reported_as_innerlens_writing_mmos_table() {
    let findings = run(&fixtures().join("rules/migration-ownership/bad"));
    let ownership: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.rule == "migration-ownership")
        .collect();
    assert_eq!(ownership.len(), 5, "{}", render(&findings));
    assert!(
        ownership[0]
            .message
            .contains("`minds`, owned by MMOS, made for InnerLens"),
        "{}",
        ownership[0].message
    );
    assert_eq!(ownership[0].impacted, vec!["MMOS"]);
    assert_eq!(ownership[0].class, Class::Breaking);
    // The hand-written tracking row of the seed's example is flagged too.
    assert!(
        findings
            .iter()
            .any(|f| f.rule == "migration-writes-tracking-table")
    );
}

#[test]
fn unchanged_base_alone_reports_nothing_breaking() {
    let migrations = load(&fixtures().join("base"), Dialect::Postgres);
    let manifest = seed_manifest(&[]);
    let config = DatabaseConfig {
        dialect: Dialect::Postgres,
        ..DatabaseConfig::default()
    };
    let texts = BTreeMap::new();
    let findings = lint(
        &migrations,
        &LintOptions {
            config: &config,
            manifest: Some(&manifest),
            contracts: &[],
            contract_texts: &texts,
            only: None,
            baseline: &[],
            project_rules: false,
        },
    );
    assert!(
        findings.iter().all(|f| f.class == Class::Safe),
        "{}",
        render(&findings)
    );
}

#[test]
fn example_migrations_lint_without_breaking_or_risky_findings() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/expansion-packs");
    for dialect in [Dialect::Sqlite, Dialect::Postgres] {
        let migrations = accord_sql::migration::load_dir(&root, "db/migrations", dialect).unwrap();
        assert_eq!(migrations.len(), 5);
        let manifest = seed_manifest(&[("CreatorOS".into(), "CLINICAL".into())]);
        let config = DatabaseConfig {
            dialect,
            ..DatabaseConfig::default()
        };
        let texts = BTreeMap::new();
        let contracts = [contract()];
        let findings = lint(
            &migrations,
            &LintOptions {
                config: &config,
                manifest: Some(&manifest),
                contracts: &contracts,
                contract_texts: &texts,
                only: None,
                baseline: &[],
                project_rules: true,
            },
        );
        // The example runs on both dialects, so it cannot `SET lock_timeout` (SQLite has no
        // such setting); on PostgreSQL that one finding is right and expected.
        let lock_timeout = |f: &Finding| {
            dialect == Dialect::Postgres && f.rule == "migration-lock-timeout-missing"
        };
        assert!(
            findings
                .iter()
                .all(|f| f.class == Class::Safe || lock_timeout(f)),
            "{}",
            render(&findings)
        );
        let schema = accord_sql::Schema::replay(&migrations);
        assert_eq!(schema.tables.len(), 12);
        assert!(
            schema
                .table("minds")
                .unwrap()
                .column("neuroticism")
                .unwrap()
                .nullable
        );
    }
}

#[test]
fn validate_in_the_transaction_that_added_not_valid_is_reported() {
    let sql = "SET lock_timeout = '2s';\nALTER TABLE big_five_profiles ADD CONSTRAINT f FOREIGN KEY (mind_id) REFERENCES minds (id) NOT VALID;\nALTER TABLE big_five_profiles VALIDATE CONSTRAINT f;";
    let found = run_sql(sql, serde_json::json!({ "dialect": "postgres" }));
    assert_eq!(
        fired(&found),
        vec!["migration-foreign-key-not-valid"],
        "{}",
        render(&found)
    );
    assert_eq!(found[0].location.line, 3);
    let split = format!("-- accord:no-transaction\n{sql}");
    let found = run_sql(&split, serde_json::json!({ "dialect": "postgres" }));
    assert!(found.is_empty(), "{}", render(&found));
}

#[test]
fn sqlite_table_rebuild_is_no_drop_or_rename() {
    let sql = "CREATE TABLE courses_new (id INTEGER PRIMARY KEY, slug TEXT NOT NULL);\nINSERT INTO courses_new (id, slug) SELECT id, slug FROM courses;\nDROP TABLE courses;\nALTER TABLE courses_new RENAME TO courses;";
    let found = run_sql(sql, serde_json::json!({ "dialect": "sqlite" }));
    let rules = fired(&found);
    assert!(
        !rules.contains(&"migration-drop-table") && !rules.contains(&"migration-rename-table"),
        "{}",
        render(&found)
    );
    // Dropping without putting a table back under the name is still reported.
    let found = run_sql(
        "DROP TABLE courses;",
        serde_json::json!({ "dialect": "sqlite" }),
    );
    assert!(
        fired(&found).contains(&"migration-drop-table"),
        "{}",
        render(&found)
    );
}

#[test]
fn dropping_the_helper_check_of_set_not_null_is_not_a_dropped_guarantee() {
    let sql = std::fs::read_to_string(
        fixtures().join("rules/migration-set-not-null/clean/20250201-000000-set.sql"),
    )
    .unwrap()
        + "ALTER TABLE courses DROP CONSTRAINT courses_title_not_null;\n";
    let found = run_sql(&sql, serde_json::json!({ "dialect": "postgres" }));
    assert!(found.is_empty(), "{}", render(&found));
}
