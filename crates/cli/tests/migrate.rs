//! `accord migrate`, `accord schema` and `accord db` as a user runs them: the real binary on
//! a copy of `examples/expansion-packs`, SQLite on temp files and PostgreSQL on the server
//! `scripts/pg.sh` provides (ACCORD_TEST_PG_URL; missing under CI=true is a failure).

mod common;

use common::{accord, assert_code, copy_tree, example, findings_of, json, stderr, stdout, write};
use std::path::Path;

fn example_copy() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    copy_tree(&example("expansion-packs"), tmp.path());
    tmp
}

fn manifest(dir: &Path) -> String {
    dir.join("accord.toml").display().to_string()
}

fn run(dir: &Path, args: &[&str]) -> std::process::Output {
    accord()
        .arg("--manifest")
        .arg(manifest(dir))
        .args(args)
        .output()
        .expect("accord runs")
}

#[test]
fn sqlite_apply_twice_changes_nothing_and_status_follows() {
    let tmp = example_copy();
    let dir = tmp.path();

    let out = run(dir, &["migrate", "status"]);
    assert_code(&out, 0);
    assert!(
        stdout(&out).contains("5 migrations, 5 pending"),
        "{}",
        stdout(&out)
    );

    let out = run(dir, &["migrate", "apply", "--dry-run"]);
    assert_code(&out, 0);
    assert!(stdout(&out).contains("would apply 5 migration(s)"));
    assert!(
        !dir.join(".accord/accord.db").exists() || {
            let out = run(dir, &["migrate", "status"]);
            stdout(&out).contains("5 pending")
        },
        "--dry-run applied something"
    );

    let out = run(dir, &["migrate", "apply"]);
    assert_code(&out, 0);
    let text = stdout(&out);
    assert!(text.contains("5 migration(s) applied"), "{text}");
    assert!(
        text.contains("applied  db/migrations/20251027-143000-add-big-five-to-minds.sql"),
        "{text}"
    );
    assert!(dir.join(".accord/accord.db").is_file());

    let out = run(dir, &["migrate", "apply"]);
    assert_code(&out, 0);
    assert!(
        stdout(&out).contains("0 migration(s) applied"),
        "{}",
        stdout(&out)
    );

    let out = run(dir, &["migrate", "status"]);
    assert_code(&out, 0);
    assert!(
        stdout(&out).contains("5 migrations, 0 pending"),
        "{}",
        stdout(&out)
    );
    let out = run(dir, &["migrate", "status", "--json"]);
    assert_code(&out, 0);
    let status = json(&out);
    assert_eq!(status.as_array().map(Vec::len), Some(5), "{status}");

    let out = run(dir, &["migrate", "verify"]);
    assert_code(&out, 0);
    assert!(stdout(&out).contains("5 migration(s) verified"));

    // The replayed model knows the same tables the database now has.
    let out = run(dir, &["schema", "--json"]);
    assert_code(&out, 0);
    let schema = json(&out);
    assert!(schema["tables"]["minds"]["columns"].is_array(), "{schema}");
}

#[test]
fn editing_an_applied_migration_fails_verify_and_stops_apply() {
    let tmp = example_copy();
    let dir = tmp.path();
    assert_code(&run(dir, &["migrate", "apply"]), 0);
    let path = "db/migrations/20251027-143000-add-big-five-to-minds.sql";
    let text = std::fs::read_to_string(dir.join(path)).unwrap();
    // Line endings alone are no edit.
    write(dir, path, text.replace('\n', "\r\n"));
    assert_code(&run(dir, &["migrate", "verify"]), 0);

    write(
        dir,
        path,
        text.replace("openness INTEGER", "openness BIGINT"),
    );
    let out = run(dir, &["migrate", "verify"]);
    assert_code(&out, 1);
    let text_out = stdout(&out);
    assert!(
        text_out.contains(path) && text_out.contains("was edited after it was applied"),
        "{text_out}"
    );

    let out = run(dir, &["migrate", "apply"]);
    assert_code(&out, 2);
    assert!(
        stderr(&out).contains("20251027-143000"),
        "the error names the migration: {}",
        stderr(&out)
    );
}

#[test]
fn lint_without_manifest_fails_on_drop_column_and_passes_a_safe_file() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    write(
        dir,
        "20250101-000000-drop.sql",
        "CREATE TABLE t (id INTEGER, b TEXT);\nALTER TABLE t DROP COLUMN b;\n",
    );
    write(
        dir,
        "20250101-000001-add.sql",
        "CREATE TABLE u (id INTEGER);\nALTER TABLE u ADD COLUMN note TEXT;\n",
    );
    let lint = |file: &str, extra: &[&str]| {
        accord()
            .current_dir(dir)
            .args(["migrate", "lint", "--dialect", "postgres"])
            .args(extra)
            .arg(file)
            .output()
            .unwrap()
    };
    let out = lint("20250101-000000-drop.sql", &[]);
    assert_code(&out, 1);
    assert!(
        stdout(&out).contains("migration-drop-column"),
        "{}",
        stdout(&out)
    );
    let out = lint("20250101-000000-drop.sql", &["--format", "json"]);
    assert_code(&out, 1);
    let report = json(&out);
    let drops = findings_of(&report, "migration-drop-column");
    assert_eq!(drops.len(), 1, "{report}");
    assert_eq!(drops[0]["location"]["line"], 2);
    assert_eq!(drops[0]["class"], "BREAKING");

    let out = lint("20250101-000000-drop.sql", &["--format", "sarif"]);
    assert_code(&out, 1);
    assert_eq!(json(&out)["version"], "2.1.0");

    let out = lint("20250101-000001-add.sql", &[]);
    assert_code(&out, 0);
}

#[test]
fn lint_with_manifest_checks_the_registry_database_contracts() {
    let tmp = example_copy();
    let dir = tmp.path();
    let path = "db/migrations/20251101-120000-drop-course-status.sql";
    write(
        dir,
        path,
        "-- Pack: SuperAgentes\nALTER TABLE courses DROP COLUMN status;\n",
    );
    let file = dir.join(path).display().to_string();
    let out = run(dir, &["migrate", "lint", "--format", "json", &file]);
    assert_code(&out, 1);
    let report = json(&out);
    let broken = findings_of(&report, "database-contract-column-broken");
    assert_eq!(broken.len(), 1, "{report}");
    assert_eq!(broken[0]["location"]["path"], path);
    let message = broken[0]["message"].as_str().unwrap_or_default();
    assert!(message.contains("`courses.status`"), "{message}");
    // Only the named file is reported on; the others are context for the schema.
    assert!(
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["location"]["path"] == path),
        "{report}"
    );

    // The whole directory of the example is clean of BREAKING findings.
    std::fs::remove_file(dir.join(path)).unwrap();
    assert_code(&run(dir, &["migrate", "lint"]), 0);
}

#[test]
fn unreachable_postgres_is_exit_2_with_a_clear_error() {
    let tmp = example_copy();
    let out = run(
        tmp.path(),
        &[
            "migrate",
            "status",
            "--database-url",
            "postgres://accord:secret@127.0.0.1:1/accord",
        ],
    );
    assert_code(&out, 2);
    let err = stderr(&out);
    assert!(err.contains("127.0.0.1"), "{err}");
    assert!(!err.contains("secret"), "password leaked: {err}");
}

/// A fresh database on the test server, or None (skipped loudly) without one.
fn pg_database(tag: &str) -> Option<String> {
    let base = match std::env::var("ACCORD_TEST_PG_URL") {
        Ok(url) if !url.is_empty() => url,
        _ => {
            assert!(
                std::env::var("CI").map_or(true, |v| v != "true"),
                "ACCORD_TEST_PG_URL is not set under CI=true: run the tests through scripts/pg.sh"
            );
            // A skip must be visible in the test log: that is what the test output is for.
            #[allow(clippy::print_stderr)]
            {
                eprintln!(
                    "SKIPPED (PostgreSQL): ACCORD_TEST_PG_URL is not set; run `scripts/pg.sh cargo test -p accord-cli --test migrate`"
                );
            }
            return None;
        }
    };
    let name = format!("accord_cli_{tag}_{}", std::process::id());
    let target = accord_sql::DbTarget::Postgres(base.clone());
    let mut db = accord_sql::apply::Database::connect(&target, "migrations").unwrap();
    db.execute_batch(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .unwrap();
    db.execute_batch(&format!("CREATE DATABASE {name}"))
        .unwrap();
    let at = base.rfind('/').expect("URL has a database part");
    Some(format!("{}/{name}", &base[..at]))
}

#[test]
fn postgres_apply_then_grants_make_the_server_enforce_ownership() {
    let Some(url) = pg_database("grants") else {
        return;
    };
    let tmp = example_copy();
    let dir = tmp.path();
    let with_url = |args: &[&str]| {
        let mut all: Vec<&str> = args.to_vec();
        all.extend(["--database-url", url.as_str()]);
        run(dir, &all)
    };
    let out = with_url(&["migrate", "apply"]);
    assert_code(&out, 0);
    assert!(
        stdout(&out).contains("5 migration(s) applied"),
        "{}",
        stdout(&out)
    );
    let out = with_url(&["migrate", "apply"]);
    assert_code(&out, 0);
    assert!(stdout(&out).contains("0 migration(s) applied"));
    assert_code(&with_url(&["migrate", "verify"]), 0);

    let out = with_url(&["db", "grants"]);
    assert_code(&out, 0);
    assert!(
        stdout(&out).contains("accord_creator_os"),
        "{}",
        stdout(&out)
    );
    let out = with_url(&["db", "grants", "--apply"]);
    assert_code(&out, 0);
    assert!(stdout(&out).contains("granted"), "{}", stdout(&out));
    // Idempotent.
    assert_code(&with_url(&["db", "grants", "--apply"]), 0);

    let target = accord_sql::DbTarget::Postgres(url.clone());
    let mut db = accord_sql::apply::Database::connect(&target, "migrations").unwrap();
    db.execute_batch(
        "SET ROLE accord_creator_os; \
         INSERT INTO courses (id, slug, title) VALUES (1, 'c', 'C'); \
         RESET ROLE",
    )
    .expect("CreatorOS writes its own table");
    let refused = db
        .execute_batch(
            "SET ROLE accord_creator_os; \
             INSERT INTO minds (id, slug, display_name) VALUES (1, 'naval', 'Naval')",
        )
        .expect_err("CreatorOS must not write MMOS's table");
    assert!(
        refused.to_string().contains("permission denied"),
        "{refused}"
    );
}
