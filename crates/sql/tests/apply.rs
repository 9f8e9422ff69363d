//! `migrate apply` against real databases: SQLite on temp files, PostgreSQL through
//! `scripts/pg.sh` (ACCORD_TEST_PG_URL). Without that variable the PostgreSQL halves are
//! skipped loudly — except under CI=true, where they fail.

use accord_sql::apply::{ApplyOptions, Database, Event, State, load_smoke_checks, preflight};
use accord_sql::migration::load_dir;
use accord_sql::{DbTarget, Dialect, SqlError};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

#[allow(clippy::print_stderr)]
fn pg_url() -> Option<String> {
    match std::env::var("ACCORD_TEST_PG_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!(
                    "ACCORD_TEST_PG_URL is not set under CI=true: run the tests through scripts/pg.sh"
                );
            }
            eprintln!(
                "SKIPPED (PostgreSQL half): ACCORD_TEST_PG_URL is not set; run `scripts/pg.sh cargo test -p accord-sql`"
            );
            None
        }
    }
}

/// A fresh, empty PostgreSQL database for one test.
fn fresh_pg(base: &str, tag: &str) -> String {
    let name = format!("accord_t_{tag}_{}", std::process::id());
    let mut db = Database::connect(&DbTarget::Postgres(base.to_string()), "migrations").unwrap();
    db.execute_batch(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .unwrap();
    db.execute_batch(&format!("CREATE DATABASE {name}"))
        .unwrap();
    match base.rfind('/') {
        Some(i) => format!("{}/{name}", &base[..i]),
        None => panic!("bad url {base}"),
    }
}

struct Repo {
    dir: tempfile::TempDir,
}

impl Repo {
    fn new() -> Repo {
        Repo {
            dir: tempfile::tempdir().unwrap(),
        }
    }
    fn root(&self) -> &Path {
        self.dir.path()
    }
    fn write(&self, rel: &str, text: &str) -> &Self {
        let p = self.root().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
        self
    }
    fn sqlite(&self) -> DbTarget {
        DbTarget::Sqlite(self.root().join(".accord/accord.db"))
    }
}

fn example_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/expansion-packs")
}

fn apply(target: &DbTarget, root: &Path, dialect: Dialect) -> Result<Vec<String>, SqlError> {
    let migrations = load_dir(root, "db/migrations", dialect)?;
    let smoke = load_smoke_checks(root, "db/smoke")?;
    let mut db = Database::connect(target, "migrations")?;
    db.apply(
        &migrations,
        &ApplyOptions {
            applied_by: "test".into(),
            smoke_checks: smoke,
            target: None,
        },
        &mut |_e: Event| {},
    )
}

fn count(target: &DbTarget, sql: &str) -> i64 {
    match target {
        DbTarget::Sqlite(p) => rusqlite::Connection::open(p)
            .unwrap()
            .query_row(sql, [], |r| r.get(0))
            .unwrap(),
        DbTarget::Postgres(url) => {
            let mut c = postgres::Client::connect(url, postgres::NoTls).unwrap();
            c.query_one(sql, &[]).unwrap().get(0)
        }
    }
}

fn table_exists(target: &DbTarget, table: &str) -> bool {
    if let DbTarget::Sqlite(p) = target
        && !p.exists()
    {
        return false;
    }
    let sql = match target {
        DbTarget::Sqlite(_) => {
            format!("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '{table}'")
        }
        DbTarget::Postgres(_) => format!(
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = '{table}'"
        ),
    };
    count(target, &sql) > 0
}

// ---- the example ---------------------------------------------------------------

fn example_applies_and_second_run_changes_nothing(target: DbTarget, dialect: Dialect) {
    let applied = apply(&target, &example_root(), dialect).unwrap();
    assert_eq!(applied.len(), 5, "{applied:?}");
    for t in [
        "minds",
        "cognitive_specs",
        "mind_fragments",
        "sources",
        "fragments",
        "big_five_profiles",
        "courses",
        "lessons",
        "content_pieces",
        "content_projects",
        "audience_profiles",
        "metadata",
        "migrations",
    ] {
        assert!(table_exists(&target, t), "{t} missing");
    }
    let rows_before = count(&target, "SELECT COUNT(*) FROM migrations");
    let again = apply(&target, &example_root(), dialect).unwrap();
    assert!(again.is_empty(), "second run applied {again:?}");
    assert_eq!(
        count(&target, "SELECT COUNT(*) FROM migrations"),
        rows_before
    );
    let migrations = load_dir(&example_root(), "db/migrations", dialect).unwrap();
    let mut db = Database::connect(&target, "migrations").unwrap();
    assert!(
        db.status(&migrations)
            .unwrap()
            .iter()
            .all(|s| s.state == State::Applied)
    );
    assert_eq!(
        count(
            &target,
            "SELECT COUNT(*) FROM migrations WHERE checksum <> '' AND applied_by = 'test'"
        ),
        5
    );
}

#[test]
fn example_applies_to_sqlite_and_second_run_changes_nothing() {
    let repo = Repo::new();
    example_applies_and_second_run_changes_nothing(repo.sqlite(), Dialect::Sqlite);
}

#[test]
fn example_applies_to_postgres_and_second_run_changes_nothing() {
    let Some(base) = pg_url() else { return };
    example_applies_and_second_run_changes_nothing(
        DbTarget::Postgres(fresh_pg(&base, "example")),
        Dialect::Postgres,
    );
}

// ---- failures roll back the file, earlier files stay ------------------------------

fn failing_file_rolls_back(target: DbTarget, dialect: Dialect) {
    let repo = Repo::new();
    repo.write(
        "db/migrations/20250101-000000-one.sql",
        "CREATE TABLE one (id INTEGER);",
    )
    .write(
        "db/migrations/20250102-000000-two.sql",
        "CREATE TABLE two (id INTEGER);\nINSERT INTO nowhere VALUES (1);\n",
    );
    let err = apply(&target, repo.root(), dialect).unwrap_err();
    match &err {
        SqlError::Statement {
            path, index, line, ..
        } => {
            assert_eq!(path, "db/migrations/20250102-000000-two.sql");
            assert_eq!((*index, *line), (2, 2));
        }
        other => panic!("unexpected {other}"),
    }
    assert!(err.to_string().contains("nowhere"), "{err}");
    assert!(table_exists(&target, "one"));
    assert!(!table_exists(&target, "two"), "partial file left behind");
    assert_eq!(count(&target, "SELECT COUNT(*) FROM migrations"), 1);
}

#[test]
fn failing_statement_rolls_back_its_file_on_sqlite() {
    let repo = Repo::new();
    failing_file_rolls_back(repo.sqlite(), Dialect::Sqlite);
}

#[test]
fn failing_statement_rolls_back_its_file_on_postgres() {
    let Some(base) = pg_url() else { return };
    failing_file_rolls_back(
        DbTarget::Postgres(fresh_pg(&base, "rollback")),
        Dialect::Postgres,
    );
}

// ---- checksums --------------------------------------------------------------------

#[test]
fn edited_applied_migration_stops_apply_but_crlf_does_not() {
    let repo = Repo::new();
    repo.write(
        "db/migrations/20250101-000000-one.sql",
        "CREATE TABLE one (id INTEGER);\n",
    );
    apply(&repo.sqlite(), repo.root(), Dialect::Sqlite).unwrap();
    repo.write(
        "db/migrations/20250101-000000-one.sql",
        "CREATE TABLE one (id INTEGER);  \r\n\r\n",
    );
    assert!(
        apply(&repo.sqlite(), repo.root(), Dialect::Sqlite)
            .unwrap()
            .is_empty()
    );
    repo.write(
        "db/migrations/20250101-000000-one.sql",
        "CREATE TABLE one (id BIGINT);\n",
    );
    let err = apply(&repo.sqlite(), repo.root(), Dialect::Sqlite).unwrap_err();
    assert!(matches!(err, SqlError::ChecksumMismatch { .. }), "{err}");
    let migrations = load_dir(repo.root(), "db/migrations", Dialect::Sqlite).unwrap();
    let mut db = Database::connect(&repo.sqlite(), "migrations").unwrap();
    assert_eq!(
        db.status(&migrations).unwrap()[0].state,
        State::ChecksumMismatch
    );
    std::fs::remove_file(repo.root().join("db/migrations/20250101-000000-one.sql")).unwrap();
    let err = apply(&repo.sqlite(), repo.root(), Dialect::Sqlite).unwrap_err();
    assert!(matches!(err, SqlError::MissingFile { .. }), "{err}");
}

// ---- bad input ----------------------------------------------------------------------

#[test]
fn foreign_tracking_table_is_refused() {
    let repo = Repo::new();
    repo.write(
        "db/migrations/20250101-000000-one.sql",
        "CREATE TABLE one (id INTEGER);\n",
    );
    let target = repo.sqlite();
    let mut db = Database::connect(&target, "migrations").unwrap();
    db.execute_batch("CREATE TABLE migrations (version TEXT, description TEXT, applied_at TEXT)")
        .unwrap();
    let err = apply(&target, repo.root(), Dialect::Sqlite).unwrap_err();
    assert!(
        matches!(&err, SqlError::ForeignTrackingTable { missing, .. } if missing == "checksum, execution_ms, applied_by"),
        "{err}"
    );
    assert!(!table_exists(&target, "one"));
}

#[test]
fn empty_and_non_utf8_files_are_refused_before_anything_runs() {
    let repo = Repo::new();
    repo.write(
        "db/migrations/20250101-000000-one.sql",
        "CREATE TABLE one (id INTEGER);\n",
    )
    .write(
        "db/migrations/20250102-000000-empty.sql",
        "-- nothing yet\n",
    );
    let err = apply(&repo.sqlite(), repo.root(), Dialect::Sqlite).unwrap_err();
    assert!(matches!(err, SqlError::EmptyMigration { .. }), "{err}");
    assert!(!table_exists(&repo.sqlite(), "one"));
    std::fs::write(
        repo.root().join("db/migrations/20250102-000000-empty.sql"),
        b"SELECT '\xff\xfe';",
    )
    .unwrap();
    let migrations = load_dir(repo.root(), "db/migrations", Dialect::Sqlite).unwrap();
    let err = preflight(&migrations).unwrap_err();
    assert_eq!(
        err.to_string(),
        "db/migrations/20250102-000000-empty.sql: not valid UTF-8 (first invalid byte at offset 8); save the file as UTF-8"
    );
}

#[test]
fn unparsable_sql_fails_with_file_statement_and_database_message() {
    let repo = Repo::new();
    repo.write(
        "db/migrations/20250101-000000-one.sql",
        "CREATE TABLE one (id INTEGER);\nCREATE TABLEE two (id INTEGER);\n",
    );
    let err = apply(&repo.sqlite(), repo.root(), Dialect::Sqlite).unwrap_err();
    let text = err.to_string();
    assert!(
        text.starts_with("db/migrations/20250101-000000-one.sql:2:1: statement 2 failed"),
        "{text}"
    );
    assert!(!table_exists(&repo.sqlite(), "one"));
}

#[test]
fn unreachable_database_is_a_connection_error() {
    let err = Database::connect(
        &DbTarget::Postgres("postgres://accord:secret@127.0.0.1:1/none".into()),
        "migrations",
    )
    .err()
    .unwrap();
    assert!(err.is_connection(), "{err}");
    assert!(
        !err.to_string().contains("secret"),
        "password leaked: {err}"
    );
}

#[test]
fn wrong_credentials_are_a_connection_error() {
    let Some(base) = pg_url() else { return };
    let wrong = base.replacen("accord:accord@", "accord:wrong@", 1);
    assert_ne!(
        wrong, base,
        "test expects scripts/pg.sh's user accord:accord"
    );
    let err = Database::connect(&DbTarget::Postgres(wrong), "migrations")
        .err()
        .unwrap();
    assert!(err.is_connection());
    assert!(
        err.to_string().contains("password authentication failed"),
        "{err}"
    );
}

// ---- smoke checks and no-transaction ---------------------------------------------------

#[test]
fn failing_smoke_check_rolls_the_migration_back() {
    let repo = Repo::new();
    repo.write(
        "db/migrations/20250101-000000-one.sql",
        "CREATE TABLE one (id INTEGER);\n",
    )
    .write(
        "db/smoke/20250101-000000-has-row.sql",
        "SELECT COUNT(*) > 0 FROM one;\n",
    );
    let err = apply(&repo.sqlite(), repo.root(), Dialect::Sqlite).unwrap_err();
    assert!(matches!(err, SqlError::SmokeCheck { .. }), "{err}");
    assert!(!table_exists(&repo.sqlite(), "one"));
    repo.write(
        "db/migrations/20250101-000000-one.sql",
        "CREATE TABLE one (id INTEGER);\nINSERT INTO one VALUES (1);\n",
    );
    assert_eq!(
        apply(&repo.sqlite(), repo.root(), Dialect::Sqlite)
            .unwrap()
            .len(),
        1
    );
}

fn no_transaction_resumes(target: DbTarget, dialect: Dialect) {
    let repo = Repo::new();
    repo.write(
        "db/migrations/20250101-000000-nt.sql",
        "-- accord:no-transaction\nCREATE TABLE a (id INTEGER);\nINSERT INTO b VALUES (1);\nCREATE TABLE c (id INTEGER);\n",
    );
    let err = apply(&target, repo.root(), dialect).unwrap_err();
    assert!(matches!(err, SqlError::Statement { index: 2, .. }), "{err}");
    assert!(table_exists(&target, "a"));
    let mut db = Database::connect(&target, "migrations").unwrap();
    db.execute_batch("CREATE TABLE b (id INTEGER)").unwrap();
    // A rerun must not repeat `CREATE TABLE a`, which would fail.
    assert_eq!(apply(&target, repo.root(), dialect).unwrap().len(), 1);
    assert!(table_exists(&target, "c"));
    assert_eq!(
        count(&target, "SELECT COUNT(*) FROM migrations_progress"),
        0
    );
}

#[test]
fn no_transaction_file_resumes_after_the_last_good_statement_on_sqlite() {
    let repo = Repo::new();
    no_transaction_resumes(repo.sqlite(), Dialect::Sqlite);
}

#[test]
fn no_transaction_file_resumes_after_the_last_good_statement_on_postgres() {
    let Some(base) = pg_url() else { return };
    no_transaction_resumes(
        DbTarget::Postgres(fresh_pg(&base, "notx")),
        Dialect::Postgres,
    );
}

#[test]
fn seed_example_with_begin_commit_and_its_own_tracking_insert_applies_on_sqlite() {
    let repo = Repo::new();
    repo.write(
        "db/migrations/20251001-000000-minds.sql",
        "CREATE TABLE minds (id INTEGER PRIMARY KEY);\n",
    );
    let seed = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(
        "tests/fixtures/rules/migration-ownership/bad/20251027-143000-add-big-five-to-minds.sql",
    ))
    .unwrap();
    repo.write(
        "db/migrations/20251027-143000-add-big-five-to-minds.sql",
        &seed,
    );
    assert_eq!(
        apply(&repo.sqlite(), repo.root(), Dialect::Sqlite)
            .unwrap()
            .len(),
        2
    );
    assert_eq!(
        count(
            &repo.sqlite(),
            "SELECT COUNT(*) FROM migrations WHERE version = '20251027-143000' AND checksum <> ''"
        ),
        1
    );
}

#[test]
fn baseline_records_without_running() {
    let repo = Repo::new();
    repo.write(
        "db/migrations/20250101-000000-one.sql",
        "CREATE TABLE one (id INTEGER);\n",
    )
    .write(
        "db/migrations/20250102-000000-two.sql",
        "CREATE TABLE two (id INTEGER);\n",
    );
    let migrations = load_dir(repo.root(), "db/migrations", Dialect::Sqlite).unwrap();
    let mut db = Database::connect(&repo.sqlite(), "migrations").unwrap();
    assert_eq!(
        db.baseline(&migrations, Some("20250101-000000"), "me")
            .unwrap(),
        vec!["20250101-000000"]
    );
    assert!(!table_exists(&repo.sqlite(), "one"));
    assert_eq!(
        apply(&repo.sqlite(), repo.root(), Dialect::Sqlite).unwrap(),
        vec!["db/migrations/20250102-000000-two.sql"]
    );
}

// ---- grants: the server enforces ownership ----------------------------------------------

#[test]
fn pack_role_cannot_insert_into_another_packs_table_on_postgres() {
    let Some(base) = pg_url() else { return };
    let url = fresh_pg(&base, "grants");
    let target = DbTarget::Postgres(url.clone());
    apply(&target, &example_root(), Dialect::Postgres).unwrap();
    let manifest = accord_model::manifest::Manifest {
        packs: vec![
            accord_model::manifest::Pack {
                name: "mmos".into(),
                owns_tables: vec!["minds".into()],
                ..Default::default()
            },
            accord_model::manifest::Pack {
                name: "creator-os".into(),
                owns_tables: vec!["courses".into()],
                ..Default::default()
            },
        ],
        ..Default::default()
    };
    let tables = vec![
        "minds".to_string(),
        "courses".to_string(),
        "metadata".to_string(),
    ];
    let sql =
        accord_sql::grants::grants_sql(&manifest, &accord_sql::DatabaseConfig::default(), &tables);
    let mut c = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    c.batch_execute(&sql).unwrap();
    c.batch_execute(&sql).unwrap(); // idempotent
    c.batch_execute("SET ROLE accord_creator_os").unwrap();
    c.batch_execute("INSERT INTO courses (id, slug, title) VALUES (1, 'c', 'C')")
        .unwrap();
    c.batch_execute("INSERT INTO metadata (key, value) VALUES ('k', 'v')")
        .unwrap();
    let err = c
        .batch_execute("INSERT INTO minds (id, slug, display_name) VALUES (1, 'naval', 'Naval')")
        .unwrap_err();
    assert!(
        err.as_db_error()
            .unwrap()
            .message()
            .contains("permission denied"),
        "{err}"
    );
    assert_eq!(
        c.query_one("SELECT COUNT(*) FROM minds", &[])
            .unwrap()
            .get::<_, i64>(0),
        0
    );
}

// ---- processes: kill and concurrency ------------------------------------------------------

/// Runs `apply` when started as a child by the tests below; a no-op otherwise.
#[test]
fn child_apply() {
    let (Ok(root), Ok(url)) = (
        std::env::var("ACCORD_CHILD_ROOT"),
        std::env::var("ACCORD_CHILD_URL"),
    ) else {
        return;
    };
    let target = DbTarget::parse(&url, Path::new(&root)).unwrap();
    let dialect = target.dialect();
    apply(&target, Path::new(&root), dialect).unwrap();
}

fn spawn_child(root: &Path, url: &str) -> std::process::Child {
    Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "child_apply", "--test-threads=1", "--quiet"])
        .env("ACCORD_CHILD_ROOT", root)
        .env("ACCORD_CHILD_URL", url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap()
}

fn url_of(target: &DbTarget) -> String {
    match target {
        DbTarget::Sqlite(p) => format!("sqlite:{}", p.display()),
        DbTarget::Postgres(u) => u.clone(),
    }
}

fn kill_mid_file(target: DbTarget, slow: &str) {
    let repo = Repo::new();
    repo.write(
        "db/migrations/20250101-000000-one.sql",
        "CREATE TABLE one (id INTEGER);\n",
    )
    .write(
        "db/migrations/20250102-000000-slow.sql",
        &format!("CREATE TABLE partial (id INTEGER);\n{slow};\n"),
    );
    let mut child = spawn_child(repo.root(), &url_of(&target));
    // Wait until the slow file is running: `partial` is visible to us only after commit,
    // so watch for the first file's tracking row instead.
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(30) {
        if table_exists(&target, "migrations")
            && count(&target, "SELECT COUNT(*) FROM migrations") == 1
        {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(300));
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    assert!(
        !table_exists(&target, "partial"),
        "SIGKILL left a partial file applied"
    );
    assert_eq!(count(&target, "SELECT COUNT(*) FROM migrations"), 1);
    let status = spawn_child(repo.root(), &url_of(&target)).wait().unwrap();
    assert!(status.success());
    assert!(table_exists(&target, "partial"));
    assert_eq!(count(&target, "SELECT COUNT(*) FROM migrations"), 2);
}

#[test]
fn sigkill_mid_file_leaves_nothing_partial_on_sqlite() {
    let repo = Repo::new();
    kill_mid_file(
        repo.sqlite(),
        "INSERT INTO partial WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3000000) SELECT x FROM c",
    );
}

#[test]
fn sigkill_mid_file_leaves_nothing_partial_on_postgres() {
    let Some(base) = pg_url() else { return };
    kill_mid_file(
        DbTarget::Postgres(fresh_pg(&base, "kill")),
        "SELECT pg_sleep(2)",
    );
}

fn eight_processes(target: DbTarget) {
    let repo = Repo::new();
    repo.write(
        "db/migrations/20250101-000000-log.sql",
        "CREATE TABLE log (version TEXT);\nINSERT INTO log VALUES ('20250101-000000');\n",
    );
    for i in 1..=6 {
        repo.write(
            &format!("db/migrations/20250102-00000{i}-t{i}.sql"),
            &format!(
                "CREATE TABLE t{i} (id INTEGER);\nINSERT INTO log VALUES ('20250102-00000{i}');\n"
            ),
        );
    }
    let url = url_of(&target);
    let children: Vec<_> = (0..8).map(|_| spawn_child(repo.root(), &url)).collect();
    for mut c in children {
        assert!(c.wait().unwrap().success(), "a concurrent apply failed");
    }
    assert_eq!(
        count(&target, "SELECT COUNT(*) FROM log"),
        7,
        "some migration ran twice or not at all"
    );
    assert_eq!(count(&target, "SELECT COUNT(DISTINCT version) FROM log"), 7);
    assert_eq!(count(&target, "SELECT COUNT(*) FROM migrations"), 7);
}

#[test]
fn eight_concurrent_processes_apply_each_migration_once_on_sqlite() {
    let repo = Repo::new();
    eight_processes(repo.sqlite());
}

#[test]
fn eight_concurrent_processes_apply_each_migration_once_on_postgres() {
    let Some(base) = pg_url() else { return };
    eight_processes(DbTarget::Postgres(fresh_pg(&base, "conc")));
}

// ---- no-transaction migrations exactly once ----------------------------------------------

/// Seed migration of seed 000's kind: marked no-transaction, 50 inserts, each of which would
/// show up twice in `seed` if it ran twice.
const SEED_ROWS: usize = 50;

fn write_seed_repo(repo: &Repo) {
    repo.write(
        "db/migrations/20250101-000000-seed-table.sql",
        "CREATE TABLE seed (n INTEGER NOT NULL);\n",
    );
    let mut seed = String::from("-- accord:no-transaction\n");
    for i in 1..=SEED_ROWS {
        // A little work per statement, so that kills land between and inside statements.
        seed.push_str(&format!(
            "INSERT INTO seed (n) SELECT {i} FROM (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 20000) SELECT MAX(x) FROM c) AS w;\n"
        ));
    }
    repo.write("db/migrations/20250102-000000-seed-rows.sql", &seed);
}

/// Like `count`, but a database busy with a child's write is retried, not a failure.
fn sqlite_count(path: &Path, sql: &str) -> Option<i64> {
    let c = rusqlite::Connection::open(path).ok()?;
    c.busy_timeout(Duration::from_secs(10)).ok()?;
    c.query_row(sql, [], |r| r.get(0)).ok()
}

fn assert_seed_exactly_once(target: &DbTarget) {
    assert_eq!(
        count(target, "SELECT COUNT(*) FROM seed"),
        SEED_ROWS as i64,
        "a no-transaction statement ran twice or not at all"
    );
    assert_eq!(
        count(target, "SELECT COUNT(DISTINCT n) FROM seed"),
        SEED_ROWS as i64
    );
    assert_eq!(count(target, "SELECT COUNT(*) FROM migrations"), 2);
    assert_eq!(count(target, "SELECT COUNT(*) FROM migrations_progress"), 0);
}

fn no_transaction_eight_processes(target: DbTarget) {
    let repo = Repo::new();
    write_seed_repo(&repo);
    let url = url_of(&target);
    let children: Vec<_> = (0..8).map(|_| spawn_child(repo.root(), &url)).collect();
    for mut c in children {
        assert!(c.wait().unwrap().success(), "a concurrent apply failed");
    }
    assert_seed_exactly_once(&target);
}

#[test]
fn no_transaction_migration_runs_once_under_eight_concurrent_processes_on_sqlite() {
    let repo = Repo::new();
    no_transaction_eight_processes(repo.sqlite());
}

#[test]
fn no_transaction_migration_runs_once_under_eight_concurrent_processes_on_postgres() {
    let Some(base) = pg_url() else { return };
    no_transaction_eight_processes(DbTarget::Postgres(fresh_pg(&base, "ntconc")));
}

#[test]
fn sigkill_at_many_points_never_reruns_a_no_transaction_statement_on_sqlite() {
    // Kill after the child has counted `after` statements, plus a varying few
    // milliseconds so the kill also lands inside statements and inside the commit.
    let points: [(i64, u64); 8] = [
        (0, 0),
        (1, 1),
        (3, 4),
        (8, 2),
        (17, 7),
        (29, 3),
        (41, 9),
        (49, 5),
    ];
    let mut killed_mid_migration = 0;
    for (after, extra_ms) in points {
        let repo = Repo::new();
        write_seed_repo(&repo);
        let target = repo.sqlite();
        let DbTarget::Sqlite(db) = &target else {
            unreachable!()
        };
        let url = url_of(&target);
        let mut child = spawn_child(repo.root(), &url);
        let started = Instant::now();
        let mut watch: Option<rusqlite::Connection> = None;
        while started.elapsed() < Duration::from_secs(60) {
            if watch.is_none() && db.exists() {
                watch = rusqlite::Connection::open(db).ok();
                if let Some(c) = &watch {
                    c.busy_timeout(Duration::from_secs(10)).unwrap();
                }
            }
            let done = watch.as_ref().and_then(|c| {
                c.query_row(
                    "SELECT COALESCE(MAX(statements_done), -1) FROM migrations_progress",
                    [],
                    |r| r.get::<_, i64>(0),
                )
                .ok()
            });
            if done.is_some_and(|d| d >= after) || child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(Duration::from_micros(200));
        }
        drop(watch);
        std::thread::sleep(Duration::from_millis(extra_ms));
        let _ = child.kill(); // SIGKILL
        child.wait().unwrap();

        // What the killed run left: every counted statement took effect exactly once,
        // nothing else did (an insert killed before its commit is rolled back with its
        // progress row).
        let rows = count(&target, "SELECT COUNT(*) FROM seed");
        let recorded = count(
            &target,
            "SELECT COUNT(*) FROM migrations WHERE version = '20250102-000000'",
        );
        if recorded == 0 {
            let done = sqlite_count(
                db,
                "SELECT COALESCE(MAX(statements_done), 0) FROM migrations_progress",
            )
            .unwrap();
            assert_eq!(rows, done, "kill point {after}+{extra_ms} ms");
            if done > 0 && (done as usize) < SEED_ROWS {
                killed_mid_migration += 1;
            }
        } else {
            assert_eq!(rows, SEED_ROWS as i64);
        }
        assert_eq!(
            rows,
            count(&target, "SELECT COUNT(DISTINCT n) FROM seed"),
            "kill point {after}+{extra_ms} ms: a statement ran twice"
        );

        let status = spawn_child(repo.root(), &url).wait().unwrap();
        assert!(
            status.success(),
            "the rerun after kill point {after} failed"
        );
        assert_seed_exactly_once(&target);
    }
    assert!(
        killed_mid_migration >= 3,
        "only {killed_mid_migration} kills landed inside the migration: the test proves little"
    );
}

fn migrations_of(repo: &Repo) -> Vec<accord_sql::Migration> {
    load_dir(repo.root(), "db/migrations", Dialect::Sqlite).unwrap()
}

#[test]
fn statement_interrupted_outside_a_transaction_is_reported_and_never_rerun_on_sqlite() {
    let repo = Repo::new();
    repo.write(
        "db/migrations/20250101-000000-first.sql",
        "CREATE TABLE first (id INTEGER);\n",
    )
    .write(
        "db/migrations/20250102-000000-rebuild.sql",
        "-- accord:no-transaction\nCREATE TABLE a (id INTEGER);\nPRAGMA foreign_keys = OFF;\nCREATE TABLE b (id INTEGER);\n",
    );
    let target = repo.sqlite();
    let migrations = migrations_of(&repo);
    let rebuild = &migrations[1];
    let opts = ApplyOptions {
        applied_by: "test".into(),
        ..ApplyOptions::default()
    };
    // The state a SIGKILL during the PRAGMA leaves: the first statement counted, the
    // second marked in flight (only the first migration is applied for real).
    let mut db = Database::connect(&target, "migrations").unwrap();
    db.apply(
        &migrations[..1],
        &ApplyOptions {
            target: Some("20250101-000000".into()),
            ..opts.clone()
        },
        &mut |_| {},
    )
    .unwrap();
    db.execute_batch("CREATE TABLE a (id INTEGER)").unwrap();
    db.execute_batch(&format!(
        "INSERT INTO migrations_progress (version, statements_done, in_flight, checksum) \
         VALUES ('20250102-000000', 1, 1, '{}')",
        rebuild.checksum()
    ))
    .unwrap();

    let status = db.status(&migrations).unwrap();
    assert_eq!(status[1].state, State::Interrupted);
    assert!(status[1].state.needs_attention());
    let progress = status[1].progress.clone().unwrap();
    assert_eq!(
        (
            progress.statements_done,
            progress.statements,
            progress.in_flight
        ),
        (1, 3, Some(2))
    );

    let err = db.apply(&migrations, &opts, &mut |_| {}).unwrap_err();
    assert!(
        matches!(&err, SqlError::Interrupted { index: 2, line: 3, path, .. } if path == &rebuild.path),
        "{err}"
    );
    assert!(err.to_string().contains("migrate resolve 20250102-000000"));
    assert!(
        !table_exists(&target, "b"),
        "apply went past an unknown statement"
    );
    // Asking again changes nothing.
    assert!(db.apply(&migrations, &opts, &mut |_| {}).is_err());

    assert!(matches!(
        db.resolve("20250101-000000", true),
        Err(SqlError::NothingToResolve { .. })
    ));
    assert_eq!(db.resolve("20250102-000000", true).unwrap(), 2);
    let status = db.status(&migrations).unwrap();
    assert_eq!(status[1].state, State::PartlyApplied);

    let mut events = Vec::new();
    let done = db
        .apply(&migrations, &opts, &mut |e| events.push(e))
        .unwrap();
    assert_eq!(done, vec![rebuild.path.clone()]);
    assert!(
        events.contains(&Event::Resuming {
            path: rebuild.path.clone(),
            done: 2,
            statements: 3
        }),
        "{events:?}"
    );
    assert!(table_exists(&target, "b"));
    assert_eq!(db.status(&migrations).unwrap()[1].state, State::Applied);
}

#[test]
fn failed_statement_outside_a_transaction_is_not_left_in_flight() {
    let repo = Repo::new();
    repo.write(
        "db/migrations/20250101-000000-attach.sql",
        "-- accord:no-transaction\nCREATE TABLE a (id INTEGER);\nDETACH DATABASE nowhere;\n",
    );
    let target = repo.sqlite();
    let err = apply(&target, repo.root(), Dialect::Sqlite).unwrap_err();
    assert!(matches!(err, SqlError::Statement { index: 2, .. }), "{err}");
    let mut db = Database::connect(&target, "migrations").unwrap();
    let status = db.status(&migrations_of(&repo)).unwrap();
    assert_eq!(status[0].state, State::PartlyApplied, "{status:?}");
    assert_eq!(status[0].progress.as_ref().unwrap().in_flight, None);
}

#[test]
fn begin_commit_groups_of_a_no_transaction_file_run_as_one_unit_on_sqlite() {
    let repo = Repo::new();
    repo.write(
        "db/migrations/20250101-000000-groups.sql",
        "-- accord:no-transaction\nCREATE TABLE t (id INTEGER);\nBEGIN;\nINSERT INTO t VALUES (1);\nINSERT INTO missing VALUES (2);\nCOMMIT;\n",
    );
    let target = repo.sqlite();
    let err = apply(&target, repo.root(), Dialect::Sqlite).unwrap_err();
    assert!(matches!(err, SqlError::Statement { index: 4, .. }), "{err}");
    // The group rolled back whole: its first insert is gone too.
    assert_eq!(count(&target, "SELECT COUNT(*) FROM t"), 0);
    let mut db = Database::connect(&target, "migrations").unwrap();
    db.execute_batch("CREATE TABLE missing (id INTEGER)")
        .unwrap();
    assert_eq!(
        apply(&target, repo.root(), Dialect::Sqlite).unwrap().len(),
        1
    );
    assert_eq!(count(&target, "SELECT COUNT(*) FROM t"), 1);
    assert_eq!(count(&target, "SELECT COUNT(*) FROM missing"), 1);
}

#[cfg(unix)]
#[test]
fn a_symlinked_lock_file_is_refused() {
    let repo = Repo::new();
    repo.write(
        "db/migrations/20250101-000000-one.sql",
        "CREATE TABLE one (id INTEGER);\n",
    );
    let outside = tempfile::tempdir().unwrap();
    let victim = outside.path().join("victim");
    std::fs::create_dir_all(repo.root().join(".accord")).unwrap();
    std::os::unix::fs::symlink(&victim, repo.root().join(".accord/accord.db.accord-lock")).unwrap();
    let err = apply(&repo.sqlite(), repo.root(), Dialect::Sqlite).unwrap_err();
    assert!(
        err.to_string().contains("accord.db.accord-lock") && err.to_string().contains("symlink"),
        "{err}"
    );
    assert!(!victim.exists(), "the lock was created through the symlink");
}

// ---- checksums ---------------------------------------------------------------------

#[test]
fn drift_inside_a_string_literal_is_a_checksum_mismatch() {
    let repo = Repo::new();
    let path = "db/migrations/20250101-000000-seed.sql";
    let text = "CREATE TABLE t (v TEXT);\nINSERT INTO t VALUES ('line one\nline two');\n";
    repo.write(path, text);
    let target = repo.sqlite();
    apply(&target, repo.root(), Dialect::Sqlite).unwrap();
    let mut db = Database::connect(&target, "migrations").unwrap();
    // CRLF outside the literal: no edit.
    repo.write(
        path,
        "CREATE TABLE t (v TEXT);\r\nINSERT INTO t VALUES ('line one\nline two');\r\n",
    );
    assert_eq!(
        db.status(&migrations_of(&repo)).unwrap()[0].state,
        State::Applied
    );
    for edited in [
        "CREATE TABLE t (v TEXT);\nINSERT INTO t VALUES ('line one \nline two');\n",
        "CREATE TABLE t (v TEXT);\nINSERT INTO t VALUES ('line one\r\nline two');\n",
    ] {
        repo.write(path, edited);
        let migrations = migrations_of(&repo);
        assert_eq!(
            db.status(&migrations).unwrap()[0].state,
            State::ChecksumMismatch,
            "{edited:?}"
        );
        assert!(matches!(
            apply(&target, repo.root(), Dialect::Sqlite),
            Err(SqlError::ChecksumMismatch { .. })
        ));
    }
}

#[test]
fn an_empty_recorded_checksum_fails_status_and_apply() {
    let repo = Repo::new();
    repo.write(
        "db/migrations/20250101-000000-one.sql",
        "CREATE TABLE one (id INTEGER);\n",
    );
    let target = repo.sqlite();
    apply(&target, repo.root(), Dialect::Sqlite).unwrap();
    let mut db = Database::connect(&target, "migrations").unwrap();
    db.execute_batch("UPDATE migrations SET checksum = ''")
        .unwrap();
    let status = db.status(&migrations_of(&repo)).unwrap();
    assert_eq!(status[0].state, State::NoChecksum);
    assert!(status[0].state.needs_attention());
    let err = apply(&target, repo.root(), Dialect::Sqlite).unwrap_err();
    assert!(matches!(err, SqlError::NoChecksum { .. }), "{err}");
}

#[test]
fn rows_recorded_with_the_legacy_checksum_still_verify() {
    let repo = Repo::new();
    let text = "CREATE TABLE one (id INTEGER);\n";
    repo.write("db/migrations/20250101-000000-one.sql", text);
    let target = repo.sqlite();
    apply(&target, repo.root(), Dialect::Sqlite).unwrap();
    let mut db = Database::connect(&target, "migrations").unwrap();
    db.execute_batch(&format!(
        "UPDATE migrations SET checksum = '{}'",
        accord_sql::migration::legacy_checksum(text)
    ))
    .unwrap();
    assert_eq!(
        db.status(&migrations_of(&repo)).unwrap()[0].state,
        State::Applied
    );
    assert_eq!(
        apply(&target, repo.root(), Dialect::Sqlite).unwrap().len(),
        0
    );
}

#[test]
fn sigkill_during_a_statement_outside_a_transaction_is_reported_not_rerun_on_postgres() {
    let Some(base) = pg_url() else { return };
    let target = DbTarget::Postgres(fresh_pg(&base, "inflight"));
    let repo = Repo::new();
    repo.write(
        "db/migrations/20250101-000000-concurrently.sql",
        "-- accord:no-transaction\nCREATE TABLE t (id INTEGER);\nSELECT pg_sleep(4);\nCREATE TABLE u (id INTEGER);\n",
    );
    let mut child = spawn_child(repo.root(), &url_of(&target));
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(30) {
        if table_exists(&target, "migrations_progress")
            && count(
                &target,
                "SELECT COUNT(*) FROM migrations_progress WHERE in_flight IS NOT NULL",
            ) == 1
        {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap(); // SIGKILL: the server sees the connection drop mid-statement
    child.wait().unwrap();
    let migrations = load_dir(repo.root(), "db/migrations", Dialect::Postgres).unwrap();
    let mut db = Database::connect(&target, "migrations").unwrap();
    let status = db.status(&migrations).unwrap();
    assert_eq!(status[0].state, State::Interrupted, "{status:?}");
    let err = apply(&target, repo.root(), Dialect::Postgres).unwrap_err();
    assert!(
        matches!(err, SqlError::Interrupted { index: 2, .. }),
        "{err}"
    );
    assert!(!table_exists(&target, "u"));
    // An operator checked: the sleep is over and done with.
    assert_eq!(db.resolve("20250101-000000", true).unwrap(), 2);
    assert!(matches!(
        db.resolve("20250101-000000", true),
        Err(SqlError::NothingToResolve { .. })
    ));
    // Going on runs the third statement only (re-running `CREATE TABLE t` would fail).
    assert_eq!(
        apply(&target, repo.root(), Dialect::Postgres)
            .unwrap()
            .len(),
        1
    );
    assert!(table_exists(&target, "u"));
}

#[test]
fn a_progress_table_from_an_earlier_accord_is_upgraded_and_resumed() {
    let repo = Repo::new();
    repo.write(
        "db/migrations/20250101-000000-nt.sql",
        "-- accord:no-transaction\nCREATE TABLE a (id INTEGER);\nCREATE TABLE b (id INTEGER);\n",
    );
    let target = repo.sqlite();
    let mut db = Database::connect(&target, "migrations").unwrap();
    db.execute_batch(
        "CREATE TABLE migrations (version TEXT PRIMARY KEY, description TEXT NOT NULL DEFAULT '', \
         checksum TEXT NOT NULL DEFAULT '', applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP, \
         execution_ms INTEGER NOT NULL DEFAULT 0, applied_by TEXT NOT NULL DEFAULT '');\
         CREATE TABLE migrations_progress (version TEXT PRIMARY KEY, statements_done INTEGER NOT NULL);\
         CREATE TABLE a (id INTEGER);\
         INSERT INTO migrations_progress VALUES ('20250101-000000', 1);",
    )
    .unwrap();
    let migrations = load_dir(repo.root(), "db/migrations", Dialect::Sqlite).unwrap();
    assert_eq!(
        db.status(&migrations).unwrap()[0].state,
        State::PartlyApplied
    );
    assert_eq!(
        apply(&target, repo.root(), Dialect::Sqlite).unwrap().len(),
        1
    );
    assert!(table_exists(&target, "b"));
}
