//! Migrations read from a hostile repository: every test builds the repository in a temp
//! directory the way an attacker would commit it, then loads or applies it. Nothing outside
//! the repository may be read or applied, nothing may hang or grow without bound, and every
//! refusal names the file. (Symlinks and FIFOs as Unix makes them.)
#![cfg(unix)]

use accord_sql::apply::{ApplyOptions, Database, load_smoke_checks};
use accord_sql::migration::{load, load_dir, load_dir_limited};
use accord_sql::{DatabaseConfig, DbTarget, Dialect, SqlError};
use std::os::unix::fs::symlink;
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

const SECRET: &str = "OUTSIDE-SECRET-LINE root:x:0:0";

fn write(root: &Path, rel: &str, text: &[u8]) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// Runs `f` on another thread and fails the test if it has not finished in `limit`: a
/// hang must be a failure, not a stuck test run.
fn within<T: Send + 'static>(limit: Duration, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(limit)
        .unwrap_or_else(|_| panic!("did not finish within {limit:?}: a hang"))
}

/// A repository with one good migration, plus a directory outside it holding SQL that
/// must never be read.
struct World {
    repo: tempfile::TempDir,
    outside: tempfile::TempDir,
}

impl World {
    fn new() -> World {
        let w = World {
            repo: tempfile::tempdir().unwrap(),
            outside: tempfile::tempdir().unwrap(),
        };
        write(
            w.root(),
            "db/migrations/20250101-000000-good.sql",
            b"CREATE TABLE good (id INTEGER);\n",
        );
        write(
            w.outside.path(),
            "20250102-000000-evil.sql",
            format!("CREATE TABLE evil (id INTEGER); -- {SECRET}\n").as_bytes(),
        );
        w
    }
    fn root(&self) -> &Path {
        self.repo.path()
    }
}

fn assert_refused(err: &SqlError, file: &str) {
    let text = err.to_string();
    assert!(text.contains(file), "the error names {file}: {text}");
    assert!(!text.contains(SECRET), "an outside line leaked: {text}");
}

#[test]
fn a_migration_symlinked_outside_the_repository_is_refused_and_never_applied() {
    let w = World::new();
    symlink(
        w.outside.path().join("20250102-000000-evil.sql"),
        w.root().join("db/migrations/20250102-000000-evil.sql"),
    )
    .unwrap();
    let err = load_dir(w.root(), "db/migrations", Dialect::Sqlite).unwrap_err();
    assert_refused(&err, "db/migrations/20250102-000000-evil.sql");
    assert!(err.to_string().contains("outside the repository"), "{err}");

    // `check` goes through the same loader, so no snippet can quote the outside file.
    let manifest = accord_model::manifest::Manifest::default();
    let err = accord_sql::check_migrations(w.root(), &manifest, &[], None).unwrap_err();
    assert_refused(&err, "20250102-000000-evil.sql");
}

#[test]
fn a_migrations_directory_symlinked_outside_is_refused() {
    let w = World::new();
    symlink(w.outside.path(), w.root().join("db/elsewhere")).unwrap();
    let err = load_dir(w.root(), "db/elsewhere", Dialect::Sqlite).unwrap_err();
    assert_refused(&err, "db/elsewhere");
    // And a subdirectory of the migrations directory that leads outside.
    symlink(w.outside.path(), w.root().join("db/migrations/more")).unwrap();
    let err = load_dir(w.root(), "db/migrations", Dialect::Sqlite).unwrap_err();
    assert_refused(&err, "db/migrations/more");
}

#[test]
fn a_migrations_setting_outside_the_repository_is_refused() {
    let w = World::new();
    let outside = w.outside.path().display().to_string();
    for dir in ["../x", outside.as_str()] {
        let config = DatabaseConfig {
            migrations: dir.to_string(),
            ..DatabaseConfig::default()
        };
        let err = load(w.root(), &config).unwrap_err();
        assert!(err.to_string().contains("outside the repository"), "{err}");
    }
}

#[test]
fn a_symlink_loop_in_the_migrations_directory_loads_each_migration_once() {
    let w = World::new();
    write(
        w.root(),
        "db/migrations/nested/20250103-000000-nested.sql",
        b"CREATE TABLE nested (id INTEGER);\n",
    );
    symlink(".", w.root().join("db/migrations/loop")).unwrap();
    symlink("..", w.root().join("db/migrations/nested/up")).unwrap();
    symlink("../../db", w.root().join("db/migrations/nested/db")).unwrap();
    // A second name for a file is the same file, loaded once.
    symlink(
        "20250101-000000-good.sql",
        w.root().join("db/migrations/20250101-000000-alias.sql"),
    )
    .unwrap();
    let started = Instant::now();
    let migrations = load_dir(w.root(), "db/migrations", Dialect::Sqlite).unwrap();
    let paths: Vec<&str> = migrations.iter().map(|m| m.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "db/migrations/20250101-000000-good.sql",
            "db/migrations/nested/20250103-000000-nested.sql"
        ]
    );
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[test]
fn a_fifo_migration_is_an_error_not_a_hang() {
    let w = World::new();
    let fifo = w.root().join("db/migrations/20250102-000000-fifo.sql");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let root = w.root().to_path_buf();
    let err = within(Duration::from_secs(10), move || {
        load_dir(&root, "db/migrations", Dialect::Sqlite)
            .unwrap_err()
            .to_string()
    });
    assert!(
        err.contains("db/migrations/20250102-000000-fifo.sql") && err.contains("FIFO"),
        "{err}"
    );
}

#[test]
fn dev_zero_as_a_migration_is_an_error_not_unbounded_memory() {
    let w = World::new();
    symlink(
        "/dev/zero",
        w.root().join("db/migrations/20250102-000000-zero.sql"),
    )
    .unwrap();
    let root = w.root().to_path_buf();
    let err = within(Duration::from_secs(10), move || {
        load_dir(&root, "db/migrations", Dialect::Sqlite)
            .unwrap_err()
            .to_string()
    });
    assert!(
        err.contains("db/migrations/20250102-000000-zero.sql"),
        "{err}"
    );
}

#[test]
fn a_50_mb_migration_fails_fast_at_the_size_limit() {
    let w = World::new();
    let path = w.root().join("db/migrations/20250102-000000-huge.sql");
    // Sparse: 50 MB that the metadata reports honestly, without writing 50 MB.
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(50 * 1024 * 1024).unwrap();
    drop(file);
    let started = Instant::now();
    let err = load(w.root(), &DatabaseConfig::default()).unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "took {:?}",
        started.elapsed()
    );
    let text = err.to_string();
    assert!(
        text.contains("db/migrations/20250102-000000-huge.sql") && text.contains("8388608"),
        "{text}"
    );
    // The limit is configurable, and enforced while reading.
    let small = load_dir_limited(w.root(), "db/migrations", Dialect::Sqlite, 16).unwrap_err();
    assert!(small.to_string().contains("16-byte limit"), "{small}");
}

#[test]
fn a_smoke_check_with_a_multi_byte_name_does_not_panic_apply() {
    let w = World::new();
    // 'é' takes bytes 14 and 15: slicing the name at byte 15 used to panic.
    write(
        w.root(),
        "db/smoke/20250101-00000é-check.sql",
        b"SELECT 1;\n",
    );
    write(
        w.root(),
        "db/smoke/✓✓✓✓✓✓✓✓.sql",
        b"SELECT COUNT(*) >= 0 FROM good;\n",
    );
    let checks = load_smoke_checks(w.root(), "db/smoke").unwrap();
    assert_eq!(checks.len(), 2);
    assert!(checks.iter().all(|c| c.version.is_none()));
    let migrations = load_dir(w.root(), "db/migrations", Dialect::Sqlite).unwrap();
    let target = DbTarget::Sqlite(w.root().join(".accord/accord.db"));
    let mut db = Database::connect(&target, "migrations").unwrap();
    let done = db
        .apply(
            &migrations,
            &ApplyOptions {
                applied_by: "test".into(),
                smoke_checks: checks,
                target: None,
            },
            &mut |_| {},
        )
        .unwrap();
    assert_eq!(done.len(), 1);
}

#[test]
fn a_smoke_check_symlinked_outside_is_refused() {
    let w = World::new();
    std::fs::create_dir_all(w.root().join("db/smoke")).unwrap();
    symlink(
        w.outside.path().join("20250102-000000-evil.sql"),
        w.root().join("db/smoke/evil.sql"),
    )
    .unwrap();
    let err = load_smoke_checks(w.root(), "db/smoke").unwrap_err();
    assert_refused(&err, "db/smoke/evil.sql");
}
