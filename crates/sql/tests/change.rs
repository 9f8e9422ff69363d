//! `check_migration_change`: the migrations of two revisions, in memory, compared as
//! `accord check --base` does.

use accord_model::contract::{ColumnUse, Contract, Interface, InterfaceKind, TableUse};
use accord_model::manifest::{Manifest, Pack, RawSection};
use accord_model::{Class, Finding};
use accord_sql::check_migration_change;
use std::path::Path;

fn example_files() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/expansion-packs");
    let mut out: Vec<(String, String)> = std::fs::read_dir(root.join("db/migrations"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            (
                format!("db/migrations/{}", p.file_name().unwrap().to_string_lossy()),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

fn manifest() -> Manifest {
    let pack = |name: &str, display: &str, tables: &[&str], dba: bool| Pack {
        name: name.into(),
        display_name: display.into(),
        owns_tables: tables.iter().map(|t| t.to_string()).collect(),
        dba,
        ..Default::default()
    };
    let mut m = Manifest {
        path: "accord.toml".into(),
        packs: vec![
            pack(
                "mmos",
                "MMOS",
                &["minds", "cognitive_specs", "mind_fragments"],
                false,
            ),
            pack(
                "innerlens",
                "InnerLens",
                &["sources", "fragments", "big_five_profiles"],
                false,
            ),
            pack("creator-os", "CreatorOS", &["courses"], false),
            pack("super-agentes", "SuperAgentes", &[], true),
        ],
        ..Default::default()
    };
    m.sections.insert(
        "database".into(),
        RawSection {
            value: serde_json::json!({"migrations": "db/migrations"}),
            spans: Default::default(),
        },
    );
    m
}

/// CreatorOS reads the Big Five columns of `minds` through this contract.
fn contract() -> Contract {
    Contract {
        path: "contracts/minds-for-creator-os-v1.0.0.yaml".into(),
        name: "Minds → CreatorOS".into(),
        version: "1.0.0".into(),
        provider: "Database".into(),
        consumers: vec!["CreatorOS".into()],
        interface: Interface {
            kind: Some(InterfaceKind::Database),
            tables: vec![TableUse {
                name: "minds".into(),
                columns: ["slug", "openness"]
                    .iter()
                    .map(|c| ColumnUse {
                        name: c.to_string(),
                        ..Default::default()
                    })
                    .collect(),
                ..Default::default()
            }],
            ..Default::default()
        },
        ..Default::default()
    }
}

fn with(mut files: Vec<(String, String)>, path: &str, text: &str) -> Vec<(String, String)> {
    files.retain(|(p, _)| p != path);
    files.push((path.to_string(), text.to_string()));
    files
}

fn rules_of(findings: &[Finding]) -> Vec<&str> {
    findings.iter().map(|f| f.rule.as_str()).collect()
}

#[test]
fn dropping_a_column_a_contract_lists_is_breaking_for_its_consumer() {
    let base = example_files();
    let path = "db/migrations/20251101-120000-drop-openness.sql";
    let head = with(
        base.clone(),
        path,
        "-- Pack: SuperAgentes\nALTER TABLE minds DROP COLUMN openness;\n",
    );
    let findings = check_migration_change(&base, &head, &manifest(), &[contract()]).unwrap();
    let broken: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.rule == "database-contract-column-broken")
        .collect();
    assert_eq!(broken.len(), 1, "{findings:#?}");
    let f = broken[0];
    assert_eq!(f.class, Class::Breaking);
    assert_eq!(f.impacted, vec!["CreatorOS"]);
    assert_eq!(f.contract.as_deref(), Some("Minds → CreatorOS"));
    assert_eq!((f.location.path.as_str(), f.location.line), (path, 2));
    assert!(f.message.contains("`minds.openness`"), "{}", f.message);
    // The plain safety rule fires too, and only the new file is reported on.
    assert!(rules_of(&findings).contains(&"migration-drop-column"));
    assert!(findings.iter().all(|f| f.location.path == path));
}

#[test]
fn unchanged_migrations_report_nothing_and_other_files_are_ignored() {
    let base = example_files();
    let mut head = base.clone();
    // Line endings and trailing blanks are not an edit.
    for (_, text) in &mut head {
        *text = text.replace('\n', "  \r\n");
    }
    head.push(("README.md".into(), "DROP TABLE minds;".into()));
    head.push(("db/other/x.sql".into(), "DROP TABLE minds;".into()));
    let findings = check_migration_change(&base, &head, &manifest(), &[contract()]).unwrap();
    assert!(findings.is_empty(), "{findings:#?}");
}

#[test]
fn editing_a_committed_migration_is_reported_with_its_schema_effect() {
    let base = example_files();
    let path = "db/migrations/20251027-143000-add-big-five-to-minds.sql";
    let old = &base.iter().find(|(p, _)| p == path).unwrap().1;
    let edited = old.replace("ALTER TABLE minds ADD COLUMN openness INTEGER;\n", "");
    assert_ne!(&edited, old);
    let head = with(base.clone(), path, &edited);
    let findings = check_migration_change(&base, &head, &manifest(), &[contract()]).unwrap();
    let edit = findings
        .iter()
        .find(|f| f.rule == "migration-history-edited")
        .unwrap_or_else(|| panic!("{findings:#?}"));
    assert_eq!(edit.class, Class::Breaking);
    assert!(
        edit.message.contains("column `minds.openness` removed"),
        "{}",
        edit.message
    );
    assert_eq!(edit.location.line, 10, "first differing line");
    // No statement drops the column, yet the promised column is gone: the schema diff says so.
    let broken = findings
        .iter()
        .find(|f| f.rule == "database-contract-column-broken")
        .unwrap_or_else(|| panic!("{findings:#?}"));
    assert_eq!(broken.impacted, vec!["CreatorOS"]);
    // What the file already did at base (nullable columns added) is not reported again.
    assert!(
        !rules_of(&findings).contains(&"migration-nullable-column-added"),
        "{findings:#?}"
    );
}

#[test]
fn deleting_a_committed_migration_is_reported() {
    let base = example_files();
    let path = "db/migrations/20251027-143000-add-big-five-to-minds.sql";
    let head: Vec<(String, String)> = base.iter().filter(|(p, _)| p != path).cloned().collect();
    let findings = check_migration_change(&base, &head, &manifest(), &[contract()]).unwrap();
    let edit = findings
        .iter()
        .find(|f| f.rule == "migration-history-edited")
        .unwrap_or_else(|| panic!("{findings:#?}"));
    assert!(edit.message.starts_with("change deletes migration"));
    assert_eq!(edit.location.path, path);
    let broken = findings
        .iter()
        .find(|f| f.rule == "database-contract-column-broken")
        .unwrap_or_else(|| panic!("{findings:#?}"));
    assert_eq!(broken.location.path, path, "located at the deleted file");
}

#[test]
fn a_new_file_older_than_a_committed_one_is_non_linear() {
    let base = example_files();
    let head = with(
        base.clone(),
        "db/migrations/20250101-000000-late.sql",
        "-- Pack: SuperAgentes\nCREATE TABLE late (id INTEGER);\n",
    );
    let findings = check_migration_change(&base, &head, &manifest(), &[]).unwrap();
    assert!(
        rules_of(&findings).contains(&"migration-non-linear"),
        "{findings:#?}"
    );
}

#[test]
fn a_bad_database_section_is_an_error() {
    let mut m = manifest();
    m.sections.insert(
        "database".into(),
        RawSection {
            value: serde_json::json!({"dialect": "oracle"}),
            spans: Default::default(),
        },
    );
    let err = check_migration_change(&[], &[], &m, &[]).unwrap_err();
    assert!(
        err.to_string().contains("unknown dialect `oracle`"),
        "{err}"
    );
}

#[test]
fn a_trailing_space_inside_a_committed_string_literal_is_an_edit() {
    let path = "db/migrations/20250101-000000-seed.sql";
    let base = vec![(
        path.to_string(),
        "CREATE TABLE notes (body TEXT);\nINSERT INTO notes VALUES ('first\nsecond');\n"
            .to_string(),
    )];
    let head = with(
        base.clone(),
        path,
        "CREATE TABLE notes (body TEXT);\nINSERT INTO notes VALUES ('first \nsecond');\n",
    );
    let findings = check_migration_change(&base, &head, &manifest(), &[]).unwrap();
    let edit = findings
        .iter()
        .find(|f| f.rule == "migration-history-edited")
        .unwrap_or_else(|| panic!("{findings:#?}"));
    assert_eq!(edit.location.line, 2, "the line of the literal");
}
