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
fn dropping_an_index_a_database_contract_promises_is_breaking_for_its_consumer() {
    let tmp = common::example_repo();
    let dir = tmp.path();
    // The example's contracts promise keys, indexes and constraints its migrations keep.
    let out = run(dir, &["check", "--format", "json"]);
    assert_code(&out, 0);
    let report = json(&out);
    assert!(
        findings_of(&report, "database-contract-promise-missing").is_empty(),
        "{report}"
    );

    let path = "db/migrations/20251101-120000-drop-fragment-index.sql";
    write(
        dir,
        path,
        "-- Pack: SuperAgentes\nDROP INDEX mind_fragments_mind_id;\n\
         ALTER TABLE cognitive_specs DROP CONSTRAINT cognitive_specs_mind_id_version_key;\n",
    );
    for args in [
        vec!["check", "--format", "json"],
        vec!["check", "--base", "HEAD", "--format", "json"],
    ] {
        let out = run(dir, &args);
        assert_code(&out, 1);
        let report = json(&out);
        let index = findings_of(&report, "database-contract-index-broken");
        assert_eq!(index.len(), 1, "{args:?}: {report}");
        assert_eq!(index[0]["location"]["path"], path);
        assert_eq!(index[0]["class"], "BREAKING");
        assert_eq!(index[0]["impacted"][0], "MMOS", "{report}");
        let unique = findings_of(&report, "database-contract-constraint-broken");
        assert_eq!(unique.len(), 1, "{args:?}: {report}");
        let message = unique[0]["message"].as_str().unwrap_or_default();
        assert!(
            message.contains("UNIQUE `cognitive_specs(mind_id, version)`"),
            "{message}"
        );
    }

    // Losing it by editing history (the index never created) is caught against base too.
    std::fs::remove_file(dir.join(path)).unwrap();
    let created = "db/migrations/20251001-090000-create-mmos-tables.sql";
    let text = std::fs::read_to_string(dir.join(created)).unwrap();
    write(
        dir,
        created,
        text.replace(
            "CREATE INDEX mind_fragments_mind_id ON mind_fragments (mind_id);",
            "",
        ),
    );
    let out = run(dir, &["check", "--base", "HEAD", "--format", "json"]);
    assert_code(&out, 1);
    let report = json(&out);
    let index = findings_of(&report, "database-contract-index-broken");
    assert_eq!(index.len(), 1, "{report}");
    assert!(
        index[0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("no longer has the index `mind_fragments_mind_id`"),
        "{report}"
    );
    assert!(
        findings_of(&report, "database-contract-promise-missing").is_empty(),
        "{report}"
    );
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

// ---- exactly once, interrupted migrations, hostile repositories ------------------------

/// A repository whose only business is a no-transaction seed migration of 50 inserts.
fn seed_repo() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    write(
        dir,
        "accord.toml",
        "[project]\nname = \"seed\"\n\n[database]\nurl = \"sqlite:.accord/accord.db\"\nmigrations = \"db/migrations\"\nsmoke_checks = \"db/smoke\"\n",
    );
    write(
        dir,
        "db/migrations/20250101-000000-seed-table.sql",
        "CREATE TABLE seed (n INTEGER NOT NULL);\n",
    );
    let mut seed = String::from("-- accord:no-transaction\n");
    for i in 1..=50 {
        seed.push_str(&format!("INSERT INTO seed (n) VALUES ({i});\n"));
    }
    write(dir, "db/migrations/20250102-000000-seed-rows.sql", seed);
    tmp
}

fn sqlite_count(dir: &Path, sql: &str) -> i64 {
    let c = rusqlite::Connection::open(dir.join(".accord/accord.db")).unwrap();
    c.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn no_transaction_seed_runs_once_under_eight_concurrent_migrate_apply() {
    let tmp = seed_repo();
    let dir = tmp.path();
    let bin = assert_cmd::cargo::cargo_bin("accord");
    let children: Vec<_> = (0..8)
        .map(|_| {
            std::process::Command::new(&bin)
                .arg("--manifest")
                .arg(manifest(dir))
                .args(["migrate", "apply"])
                .env("NO_COLOR", "1")
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "a concurrent apply failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(sqlite_count(dir, "SELECT COUNT(*) FROM seed"), 50);
    assert_eq!(sqlite_count(dir, "SELECT COUNT(DISTINCT n) FROM seed"), 50);
    assert_code(&run(dir, &["migrate", "verify"]), 0);
}

#[test]
fn an_interrupted_migration_fails_status_verify_and_apply_until_resolved() {
    let tmp = seed_repo();
    let dir = tmp.path();
    let path = "db/migrations/20250102-000000-seed-rows.sql";
    let seed = std::fs::read_to_string(dir.join(path)).unwrap();
    // Statement 3 becomes one that must run outside a transaction.
    write(
        dir,
        path,
        seed.replacen(
            "INSERT INTO seed (n) VALUES (3);",
            "PRAGMA foreign_keys = OFF;",
            1,
        ),
    );
    assert_code(
        &run(dir, &["migrate", "apply", "--target", "20250101-000000"]),
        0,
    );
    // What a SIGKILL during that PRAGMA leaves behind.
    let migrations =
        accord_sql::migration::load_dir(dir, "db/migrations", accord_sql::Dialect::Sqlite).unwrap();
    let c = rusqlite::Connection::open(dir.join(".accord/accord.db")).unwrap();
    c.execute_batch(&format!(
        "CREATE TABLE IF NOT EXISTS migrations_progress (version TEXT PRIMARY KEY, statements_done INTEGER NOT NULL, in_flight INTEGER, checksum TEXT NOT NULL DEFAULT '');\
         INSERT INTO seed (n) VALUES (1), (2);\
         INSERT INTO migrations_progress VALUES ('20250102-000000', 2, 2, '{}');",
        migrations[1].checksum()
    ))
    .unwrap();
    drop(c);

    let out = run(dir, &["migrate", "status"]);
    assert_code(&out, 1);
    assert!(
        stdout(&out).contains("INTERRUPTED") && stdout(&out).contains("statement 3 was running"),
        "{}",
        stdout(&out)
    );
    let out = run(dir, &["migrate", "status", "--json"]);
    assert_code(&out, 1);
    assert_eq!(json(&out)[1]["state"], "interrupted");
    let out = run(dir, &["migrate", "verify"]);
    assert_code(&out, 1);
    assert!(stdout(&out).contains(path), "{}", stdout(&out));
    let out = run(dir, &["migrate", "apply"]);
    assert_code(&out, 2);
    assert!(
        stderr(&out).contains("migrate resolve 20250102-000000"),
        "{}",
        stderr(&out)
    );
    assert_eq!(sqlite_count(dir, "SELECT COUNT(*) FROM seed"), 2);

    let out = run(dir, &["migrate", "resolve", "20250102-000000", "--ran"]);
    assert_code(&out, 0);
    // Partly applied between statements now: status still says so, apply finishes it.
    assert_code(&run(dir, &["migrate", "status"]), 1);
    let out = run(dir, &["migrate", "apply"]);
    assert_code(&out, 0);
    assert!(
        stdout(&out).contains(
            "resuming db/migrations/20250102-000000-seed-rows.sql after statement 3 of 50"
        ),
        "{}",
        stdout(&out)
    );
    assert_eq!(sqlite_count(dir, "SELECT COUNT(*) FROM seed"), 49);
    assert_code(&run(dir, &["migrate", "status"]), 0);
    assert_code(&run(dir, &["migrate", "verify"]), 0);
}

#[test]
fn an_empty_recorded_checksum_fails_verify() {
    let tmp = seed_repo();
    let dir = tmp.path();
    assert_code(&run(dir, &["migrate", "apply"]), 0);
    let c = rusqlite::Connection::open(dir.join(".accord/accord.db")).unwrap();
    c.execute_batch("UPDATE migrations SET checksum = '' WHERE version = '20250101-000000'")
        .unwrap();
    let out = run(dir, &["migrate", "verify"]);
    assert_code(&out, 1);
    assert!(stdout(&out).contains("empty checksum"), "{}", stdout(&out));
}

#[cfg(unix)]
#[test]
fn hostile_migrations_are_refused_by_name_without_quoting_outside_files() {
    let tmp = seed_repo();
    let dir = tmp.path();
    let outside = tempfile::tempdir().unwrap();
    let secret = "CREATE TABLE stolen (id INTEGER); -- OUTSIDE-SECRET";
    write(outside.path(), "20250103-000000-evil.sql", secret);
    std::os::unix::fs::symlink(
        outside.path().join("20250103-000000-evil.sql"),
        dir.join("db/migrations/20250103-000000-evil.sql"),
    )
    .unwrap();
    for args in [
        &["migrate", "apply"][..],
        &["migrate", "status"],
        &["migrate", "lint"],
        &["check"],
    ] {
        let out = run(dir, args);
        let all = format!("{}{}", stdout(&out), stderr(&out));
        assert!(!all.contains("OUTSIDE-SECRET"), "{args:?} leaked: {all}");
        if args[0] == "migrate" {
            assert_code(&out, 2);
            assert!(
                all.contains("db/migrations/20250103-000000-evil.sql"),
                "{args:?}: {all}"
            );
        }
    }
    assert!(
        !dir.join(".accord/accord.db").exists()
            || sqlite_count(
                dir,
                "SELECT COUNT(*) FROM sqlite_master WHERE name = 'stolen'"
            ) == 0,
        "outside SQL was applied"
    );

    // `[database] migrations` outside the repository: an error pointing into accord.toml.
    write(
        dir,
        "accord.toml",
        format!(
            "[project]\nname = \"seed\"\n\n[database]\nmigrations = \"{}\"\n",
            outside.path().display()
        ),
    );
    let out = run(dir, &["migrate", "status"]);
    assert_code(&out, 2);
    assert!(
        stderr(&out).contains("accord.toml:5:") && stderr(&out).contains("outside the repository"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_multi_byte_smoke_check_name_does_not_panic_migrate_apply() {
    let tmp = seed_repo();
    let dir = tmp.path();
    write(dir, "db/smoke/20250101-00000é-check.sql", "SELECT 1;\n");
    let out = run(dir, &["migrate", "apply"]);
    assert_code(&out, 0);
    assert!(
        stdout(&out).contains("2 migration(s) applied"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_50_mb_migration_fails_fast_with_the_size_limit() {
    let tmp = seed_repo();
    let dir = tmp.path();
    let file = std::fs::File::create(dir.join("db/migrations/20250103-000000-huge.sql")).unwrap();
    file.set_len(50 * 1024 * 1024).unwrap();
    drop(file);
    let started = std::time::Instant::now();
    let out = run(dir, &["migrate", "status"]);
    assert_code(&out, 2);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    assert!(
        stderr(&out).contains("db/migrations/20250103-000000-huge.sql")
            && stderr(&out).contains("limit"),
        "{}",
        stderr(&out)
    );
}

// ---- live drift ------------------------------------------------------------------------

/// Applies the example, checks `verify --live` passes, adds a column by hand with `hand`,
/// and checks `verify --live` names it and exits 1 (JSON output included).
fn column_added_by_hand_is_drift(dir: &Path, url: Option<&str>, hand: impl FnOnce()) {
    let run_db = |args: &[&str]| {
        let mut all: Vec<&str> = args.to_vec();
        if let Some(url) = url {
            all.extend(["--database-url", url]);
        }
        run(dir, &all)
    };
    assert_code(&run_db(&["migrate", "apply"]), 0);
    let out = run_db(&["migrate", "verify", "--live"]);
    assert_code(&out, 0);
    assert!(
        stdout(&out).contains("the live schema equals the schema replayed from them"),
        "{}",
        stdout(&out)
    );
    hand();
    let out = run_db(&["migrate", "verify", "--live"]);
    assert_code(&out, 1);
    let text = stdout(&out);
    assert!(
        text.contains(
            "column `minds.nickname` (TEXT) exists in the database but no migration adds it"
        ),
        "{text}"
    );
    // Without --live only checksums are verified: still clean.
    assert_code(&run_db(&["migrate", "verify"]), 0);
    let out = run_db(&["migrate", "verify", "--live", "--format", "json"]);
    assert_code(&out, 1);
    let report = json(&out);
    let findings = findings_of(&report, "database-schema-drift");
    assert_eq!(findings.len(), 1, "{report}");
    assert_eq!(
        report["findings"].as_array().map(Vec::len),
        Some(1),
        "{report}"
    );
}

#[test]
fn sqlite_verify_live_reports_a_column_added_by_hand() {
    let tmp = example_copy();
    let dir = tmp.path();
    let db = dir.join(".accord/accord.db");
    column_added_by_hand_is_drift(dir, None, || {
        let target = accord_sql::DbTarget::Sqlite(db.clone());
        let mut db = accord_sql::apply::Database::connect(&target, "migrations").unwrap();
        db.execute_batch("ALTER TABLE minds ADD COLUMN nickname TEXT")
            .unwrap();
    });
}

#[test]
fn postgres_verify_live_reports_a_column_added_by_hand() {
    let Some(url) = pg_database("drift") else {
        return;
    };
    let tmp = example_copy();
    column_added_by_hand_is_drift(tmp.path(), Some(&url), || {
        let target = accord_sql::DbTarget::Postgres(url.clone());
        let mut db = accord_sql::apply::Database::connect(&target, "migrations").unwrap();
        db.execute_batch("ALTER TABLE minds ADD COLUMN nickname TEXT")
            .unwrap();
    });
}

#[test]
fn lint_and_check_run_with_a_manifest_and_no_contracts_directory() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    write(
        dir,
        "accord.toml",
        "[project]\nname = \"only-migrations\"\nversion = \"1.0.0\"\n\n[database]\ndialect = \"postgres\"\n",
    );
    write(
        dir,
        "db/migrations/20250101-000000-create.sql",
        "CREATE TABLE events (id BIGINT PRIMARY KEY, title TEXT);\n",
    );
    write(
        dir,
        "db/migrations/20250101-000001-drop-index.sql",
        "-- accord:no-transaction\nSET lock_timeout = '2s';\nDROP INDEX CONCURRENTLY IF EXISTS events_title;\n",
    );
    let out = run(dir, &["migrate", "lint", "--format", "json"]);
    assert_code(&out, 0);
    let report = json(&out);
    assert!(
        findings_of(&report, "migration-parse-error").is_empty(),
        "{report}"
    );
    let out = run(dir, &["check"]);
    assert!(
        matches!(common::code(&out), 0 | 1),
        "check exits 0 or 1, not 2:\n{}\n{}",
        stdout(&out),
        stderr(&out)
    );

    // An unsafe migration is reported by both.
    write(
        dir,
        "db/migrations/20250101-000002-fk.sql",
        "ALTER TABLE events ADD COLUMN owner_id BIGINT REFERENCES users (id);\n",
    );
    let out = run(dir, &["migrate", "lint", "--format", "json"]);
    let report = json(&out);
    assert_eq!(
        findings_of(&report, "migration-column-references").len(),
        1,
        "{report}"
    );
    let out = run(dir, &["check", "--format", "json"]);
    assert!(
        stdout(&out).contains("migration-column-references"),
        "{}\n{}",
        stdout(&out),
        stderr(&out)
    );
    // A contracts directory the manifest names must still exist.
    write(
        dir,
        "accord.toml",
        "[project]\nname = \"only-migrations\"\nversion = \"1.0.0\"\n\n[contracts]\ndir = \"contracts\"\n\n[database]\ndialect = \"postgres\"\n",
    );
    let out = run(dir, &["migrate", "lint"]);
    assert_code(&out, 2);
    assert!(stderr(&out).contains("does not exist"), "{}", stderr(&out));
}
