//! Applying migrations: tracking table, checksums, lock, one transaction per file with
//! its tracking row, smoke checks, status, verify and baseline — on SQLite and PostgreSQL.
//!
//! The tracking table is Accord's: it is created on first use with the columns
//! `version, description, checksum, applied_at, execution_ms, applied_by`, and Accord
//! writes its row in the same transaction as the migration. Migrations should not insert
//! into it themselves (rule `migration-writes-tracking-table`); when one does (seed 000's
//! example), the column defaults let the insert succeed and Accord's row overwrites it.
//! `BEGIN`/`COMMIT` statements inside a file are skipped, since the file already runs in
//! its own transaction; `-- accord:no-transaction` files run statement by statement, with
//! progress kept in `<tracking>_progress` so that a rerun resumes after the last statement
//! that succeeded.
//!
//! # Exactly once
//!
//! `apply` (and `baseline`, `resolve`) run under one lock that holds across processes and
//! is released by the kernel when a process dies: a PostgreSQL advisory lock, and for SQLite
//! an exclusive lock on the file `<database>.accord-lock` beside the database (SQLite's own
//! write lock cannot be held across a no-transaction migration, whose statements must each
//! commit). Each statement of a no-transaction migration that can run in a transaction runs
//! in one together with its progress row (and a `BEGIN … COMMIT` group in the file as one
//! unit), so a kill leaves it either done and counted or undone. A statement that cannot
//! (SQLite `VACUUM`, `PRAGMA`, `ATTACH`, `DETACH`; on PostgreSQL every statement outside such
//! a group, since `CREATE INDEX CONCURRENTLY` and its kind refuse a transaction) is marked
//! *in flight* before it runs: if the run dies there, nobody can know whether it took effect,
//! so the migration is reported as interrupted and never re-run until an operator says what
//! happened (`accord migrate resolve VERSION --ran | --not-ran`).

use crate::SqlError;
use crate::config::{DbTarget, Dialect};
use crate::effect::{Effect, effects};
use crate::migration::{DEFAULT_MAX_MIGRATION_BYTES, Migration, Stmt, sql_files};
use crate::split::split;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Columns Accord needs in its tracking table.
pub const TRACKING_COLUMNS: [&str; 6] = [
    "version",
    "description",
    "checksum",
    "applied_at",
    "execution_ms",
    "applied_by",
];

/// A row of the tracking table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AppliedRow {
    /// `YYYYMMDD-HHMMSS`.
    pub version: String,
    /// Description from the file name.
    pub description: String,
    /// Normalised checksum of the file when applied.
    pub checksum: String,
    /// When, as the database wrote it.
    pub applied_at: String,
    /// How long it took.
    pub execution_ms: i64,
    /// Who applied it.
    pub applied_by: String,
}

/// State of one migration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    /// Applied with the same checksum.
    Applied,
    /// Not applied yet.
    Pending,
    /// Not applied, and older than the newest applied one.
    PendingOutOfOrder,
    /// Applied, but the file changed since.
    ChecksumMismatch,
    /// Applied, but no file has that version any more.
    MissingFile,
    /// Recorded as applied with an empty checksum: nothing proves the file is what ran.
    NoChecksum,
    /// A no-transaction migration stopped between two statements: `apply` resumes it.
    PartlyApplied,
    /// A no-transaction migration stopped while a statement ran outside any transaction:
    /// whether it took effect is unknown; `accord migrate resolve` must say before `apply`
    /// goes on.
    Interrupted,
}

impl State {
    /// True for the states `migrate verify` (and `status`) report as needing attention.
    pub fn needs_attention(self) -> bool {
        !matches!(self, State::Applied | State::Pending)
    }
}

/// The progress of a no-transaction migration that has started but is not recorded yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Progress {
    /// Statements done (they took effect and are counted).
    pub statements_done: usize,
    /// Statements in the file (0 when the file is gone).
    pub statements: usize,
    /// 1-based index of the statement that was running outside a transaction when the run
    /// stopped, when one was.
    pub in_flight: Option<usize>,
}

/// A row of `<tracking>_progress`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgressRow {
    /// Statements done.
    pub done: usize,
    /// 0-based index of the statement marked as running outside a transaction.
    pub in_flight: Option<usize>,
    /// Checksum of the file when the migration started (empty when written by an older
    /// Accord).
    pub checksum: String,
}

/// One line of `accord migrate status`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusEntry {
    /// Version.
    pub version: String,
    /// The file, when there is one.
    pub path: Option<String>,
    /// Where it stands.
    pub state: State,
    /// The tracking row, when applied.
    pub applied: Option<AppliedRow>,
    /// How far it got, when it is partly applied or interrupted.
    pub progress: Option<Progress>,
}

/// A smoke check: queries that must each return a row whose first value is true.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmokeCheck {
    /// Repository-relative path.
    pub path: String,
    /// Its queries.
    pub queries: Vec<String>,
    /// When the file name starts with a version, it runs after that migration only;
    /// otherwise after every migration.
    pub version: Option<String>,
}

/// Loads `*.sql` smoke checks from `root/dir` (sorted; a missing directory has none),
/// through the guarded file layer: files outside the repository or not regular are refused,
/// each read is bounded by [`DEFAULT_MAX_MIGRATION_BYTES`].
pub fn load_smoke_checks(root: &Path, dir: &str) -> Result<Vec<SmokeCheck>, SqlError> {
    let fs = accord_fs::Root::open(root)?.with_limit(DEFAULT_MAX_MIGRATION_BYTES);
    let mut files = sql_files(&fs, dir, false)?;
    files.sort();
    let mut out = Vec::new();
    for path in files {
        let text = fs.read_to_string(&path)?;
        let queries = split(&text)
            .statements
            .iter()
            .map(|s| text[s.span.start..s.span.end].to_string())
            .collect();
        let name = path.rsplit('/').next().unwrap_or(&path);
        // `get`, not slicing: the name is the repository's and may put a multi-byte
        // character across byte 15.
        let version = name
            .get(..15)
            .filter(|v| crate::migration::parse_file_name(&format!("{v}-x.sql")).is_some())
            .map(str::to_string);
        out.push(SmokeCheck {
            path,
            queries,
            version,
        });
    }
    Ok(out)
}

/// What happened to a migration during `apply`; the CLI turns these into progress output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// About to run a file.
    Start {
        /// The file.
        path: String,
        /// Number of statements.
        statements: usize,
    },
    /// A file was applied.
    Applied {
        /// The file.
        path: String,
        /// Duration.
        ms: i64,
    },
    /// Another process applied it while we waited for the lock.
    AlreadyApplied {
        /// The file.
        path: String,
    },
    /// A no-transaction migration that an earlier run left partly applied goes on after
    /// the statements already done (which are not run again).
    Resuming {
        /// The file.
        path: String,
        /// Statements already done.
        done: usize,
        /// Statements in the file.
        statements: usize,
    },
}

/// Options of [`Database::apply`].
#[derive(Debug, Clone, Default)]
pub struct ApplyOptions {
    /// Recorded in `applied_by`.
    pub applied_by: String,
    /// Smoke checks run before each commit.
    pub smoke_checks: Vec<SmokeCheck>,
    /// Stop after this version (inclusive).
    pub target: Option<String>,
}

pub(crate) enum Conn {
    Sqlite(rusqlite::Connection),
    Pg(Box<postgres::Client>),
}

/// A connection to the target database, with Accord's tracking table name.
pub struct Database {
    pub(crate) conn: Conn,
    pub(crate) tracking: String,
    target: DbTarget,
    /// The SQLite migration lock, while held (dropping the file releases it).
    lock_file: Option<std::fs::File>,
}

/// How long `apply` waits for another run's migration lock before giving up.
const LOCK_WAIT: Duration = Duration::from_secs(120);

/// The file whose exclusive lock serialises `apply` runs on one SQLite database.
pub fn sqlite_lock_path(database: &Path) -> PathBuf {
    let mut name = database.as_os_str().to_owned();
    name.push(".accord-lock");
    PathBuf::from(name)
}

/// Opens the lock file without following a symlink and without writing to it: it is
/// created exclusively when missing, and an existing one must be a regular file.
fn open_lock_file(path: &Path) -> Result<std::fs::File, SqlError> {
    let refuse = |reason: &str| SqlError::Refused {
        path: path.display().to_string(),
        reason: reason.to_string(),
    };
    let io = |source| SqlError::Io {
        path: path.display().to_string(),
        source,
    };
    loop {
        match std::fs::symlink_metadata(path) {
            Ok(meta) if meta.file_type().is_symlink() => {
                return Err(refuse("the migration lock file is a symlink"));
            }
            Ok(meta) if !meta.is_file() => {
                return Err(refuse("the migration lock file is not a regular file"));
            }
            Ok(_) => return std::fs::File::open(path).map_err(io),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                // `create_new` (O_EXCL) never follows a symlink, even a dangling one.
                match std::fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .open(path)
                {
                    Ok(file) => return Ok(file),
                    Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                    Err(e) => return Err(io(e)),
                }
            }
            Err(e) => return Err(io(e)),
        }
    }
}

/// How a statement of a no-transaction migration delimits an explicit transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TxControl {
    Begin,
    Commit,
    Rollback,
}

fn tx_control(m: &Migration, stmt: &Stmt) -> Option<TxControl> {
    let words: Vec<String> = m
        .sql(stmt)
        .split_whitespace()
        .take(3)
        .map(str::to_ascii_uppercase)
        .collect();
    let word = |i: usize| words.get(i).map_or("", String::as_str);
    match word(0) {
        "BEGIN" => Some(TxControl::Begin),
        "START" if word(1) == "TRANSACTION" => Some(TxControl::Begin),
        "COMMIT" | "END" => Some(TxControl::Commit),
        // `ROLLBACK [TRANSACTION] TO sp` undoes to a savepoint and ends nothing.
        "ROLLBACK" if word(1) != "TO" && word(2) != "TO" => Some(TxControl::Rollback),
        _ => None,
    }
}

/// Statements that must not run inside a transaction: on SQLite `VACUUM` and `ATTACH`/
/// `DETACH` fail there and `PRAGMA foreign_keys` silently does nothing; on PostgreSQL
/// every statement of a no-transaction file outside an explicit `BEGIN … COMMIT` (the file
/// is marked because some of them, `CREATE INDEX CONCURRENTLY` and the like, refuse one).
fn runs_outside_transaction(m: &Migration, stmt: &Stmt, dialect: Dialect) -> bool {
    match dialect {
        Dialect::Postgres => true,
        Dialect::Sqlite => {
            let first = m
                .sql(stmt)
                .split(|c: char| !c.is_ascii_alphabetic())
                .next()
                .unwrap_or("")
                .to_ascii_uppercase();
            matches!(first.as_str(), "VACUUM" | "PRAGMA" | "ATTACH" | "DETACH")
        }
    }
}

/// One step of a no-transaction migration, after which progress is recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Unit {
    /// Statements `run` executed in one transaction with the progress row; progress
    /// becomes `end`. An explicit `BEGIN … COMMIT` group is one unit (its control
    /// statements are replaced by Accord's own); a group ended by `ROLLBACK` runs nothing.
    Atomic {
        start: usize,
        end: usize,
        run: Vec<usize>,
    },
    /// One statement run outside any transaction, marked in flight while it runs.
    Outside(usize),
}

impl Unit {
    fn start(&self) -> usize {
        match self {
            Unit::Atomic { start, .. } => *start,
            Unit::Outside(i) => *i,
        }
    }
}

fn units_of(m: &Migration, dialect: Dialect) -> Vec<Unit> {
    let stmts = &m.statements;
    let n = stmts.len();
    let mut out = Vec::new();
    let mut i = 0;
    while i < n {
        match tx_control(m, &stmts[i]) {
            Some(TxControl::Begin) => {
                let mut run = Vec::new();
                let mut j = i + 1;
                let mut rolled_back = false;
                while j < n {
                    match tx_control(m, &stmts[j]) {
                        Some(TxControl::Commit) => break,
                        Some(TxControl::Rollback) => {
                            rolled_back = true;
                            break;
                        }
                        // A nested BEGIN is an error in both databases; the group
                        // already runs in Accord's transaction.
                        Some(TxControl::Begin) => {}
                        None => run.push(j),
                    }
                    j += 1;
                }
                let end = (j + 1).min(n);
                if rolled_back {
                    run.clear();
                }
                out.push(Unit::Atomic { start: i, end, run });
                i = end;
            }
            Some(TxControl::Commit | TxControl::Rollback) => {
                out.push(Unit::Atomic {
                    start: i,
                    end: i + 1,
                    run: Vec::new(),
                });
                i += 1;
            }
            None if runs_outside_transaction(m, &stmts[i], dialect) => {
                out.push(Unit::Outside(i));
                i += 1;
            }
            None => {
                out.push(Unit::Atomic {
                    start: i,
                    end: i + 1,
                    run: vec![i],
                });
                i += 1;
            }
        }
    }
    out
}

pub(crate) fn pg_message(e: &postgres::Error) -> String {
    if let Some(db) = e.as_db_error() {
        let mut m = format!("{}: {}", db.severity(), db.message());
        if let Some(detail) = db.detail() {
            m.push_str(&format!(" ({detail})"));
        }
        return m;
    }
    let mut m = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        m.push_str(&format!(": {s}"));
        source = s.source();
    }
    m
}

pub(crate) fn db_err(m: String) -> SqlError {
    SqlError::Database { message: m }
}

/// True for BEGIN / COMMIT / ROLLBACK, which Accord's own transaction replaces.
fn is_transaction_control(m: &Migration, stmt: &Stmt) -> bool {
    match &stmt.ast {
        Some(ast) => {
            let e = effects(ast);
            !e.is_empty()
                && e.iter()
                    .all(|e| matches!(e, Effect::Begin | Effect::Commit | Effect::Rollback))
        }
        None => {
            let first = m
                .sql(stmt)
                .split_whitespace()
                .next()
                .unwrap_or("")
                .to_ascii_uppercase();
            matches!(first.as_str(), "BEGIN" | "COMMIT" | "END" | "ROLLBACK")
        }
    }
}

fn truthy(value: Option<&str>) -> bool {
    match value {
        None => false,
        Some(v) => !matches!(
            v.trim().to_ascii_lowercase().as_str(),
            "" | "0" | "f" | "false" | "0.0"
        ),
    }
}

impl Database {
    /// Connects. An SQLite file (and its directory) is created when missing. Failures to
    /// reach the server or to authenticate are [`SqlError::Connect`].
    pub fn connect(target: &DbTarget, tracking_table: &str) -> Result<Database, SqlError> {
        let conn = match target {
            DbTarget::Sqlite(path) => {
                if let Some(parent) = path.parent()
                    && !parent.as_os_str().is_empty()
                {
                    std::fs::create_dir_all(parent).map_err(|e| SqlError::Connect {
                        url: target.redacted(),
                        message: format!("cannot create {}: {e}", parent.display()),
                    })?;
                }
                let c = rusqlite::Connection::open(path).map_err(|e| SqlError::Connect {
                    url: target.redacted(),
                    message: e.to_string(),
                })?;
                c.busy_timeout(Duration::from_secs(120))
                    .map_err(|e| db_err(e.to_string()))?;
                Conn::Sqlite(c)
            }
            DbTarget::Postgres(url) => {
                let mut config: postgres::Config =
                    url.parse()
                        .map_err(|e: postgres::Error| SqlError::Connect {
                            url: target.redacted(),
                            message: pg_message(&e),
                        })?;
                if config.get_connect_timeout().is_none() {
                    config.connect_timeout(Duration::from_secs(10));
                }
                let client = config
                    .connect(postgres::NoTls)
                    .map_err(|e| SqlError::Connect {
                        url: target.redacted(),
                        message: pg_message(&e),
                    })?;
                Conn::Pg(Box::new(client))
            }
        };
        Ok(Database {
            conn,
            tracking: tracking_table.to_string(),
            target: target.clone(),
            lock_file: None,
        })
    }

    /// The dialect of the connection.
    pub fn dialect(&self) -> Dialect {
        self.target.dialect()
    }

    /// The database connected to.
    pub fn target(&self) -> &DbTarget {
        &self.target
    }

    /// Runs SQL outside of migrations (grants, tests).
    pub fn execute_batch(&mut self, sql: &str) -> Result<(), SqlError> {
        match &mut self.conn {
            Conn::Sqlite(c) => c.execute_batch(sql).map_err(|e| db_err(e.to_string())),
            Conn::Pg(c) => c.batch_execute(sql).map_err(|e| db_err(pg_message(&e))),
        }
    }

    fn lock_key(&self) -> i64 {
        // A fixed key per tracking table, so two tools with different tables do not block each other.
        let digest = crate::migration::checksum(&format!("accord-migrate:{}", self.tracking));
        i64::from_str_radix(&digest[..15], 16).unwrap_or(0x000a_cc0d)
    }

    fn tracking_ddl(&self) -> String {
        let t = &self.tracking;
        match self.conn {
            Conn::Sqlite(_) => format!(
                "CREATE TABLE IF NOT EXISTS {t} (version TEXT PRIMARY KEY, description TEXT NOT NULL DEFAULT '', \
                 checksum TEXT NOT NULL DEFAULT '', applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP, \
                 execution_ms INTEGER NOT NULL DEFAULT 0, applied_by TEXT NOT NULL DEFAULT '');\
                 CREATE TABLE IF NOT EXISTS {t}_progress (version TEXT PRIMARY KEY, statements_done INTEGER NOT NULL, \
                 in_flight INTEGER, checksum TEXT NOT NULL DEFAULT '');"
            ),
            Conn::Pg(_) => format!(
                "CREATE TABLE IF NOT EXISTS {t} (version TEXT PRIMARY KEY, description TEXT NOT NULL DEFAULT '', \
                 checksum TEXT NOT NULL DEFAULT '', applied_at TIMESTAMPTZ NOT NULL DEFAULT now(), \
                 execution_ms BIGINT NOT NULL DEFAULT 0, applied_by TEXT NOT NULL DEFAULT '');\
                 CREATE TABLE IF NOT EXISTS {t}_progress (version TEXT PRIMARY KEY, statements_done INTEGER NOT NULL, \
                 in_flight INTEGER, checksum TEXT NOT NULL DEFAULT '');"
            ),
        }
    }

    fn tracking_columns(&mut self) -> Result<Option<Vec<String>>, SqlError> {
        let t = self.tracking.clone();
        self.columns_of(&t)
    }

    /// The lower-case column names of `t`, `None` when there is no such table.
    fn columns_of(&mut self, t: &str) -> Result<Option<Vec<String>>, SqlError> {
        let cols: Vec<String> = match &mut self.conn {
            Conn::Sqlite(c) => {
                let mut stmt = c
                    .prepare("SELECT name FROM pragma_table_info(?1)")
                    .map_err(|e| db_err(e.to_string()))?;
                let rows = stmt
                    .query_map([t], |r| r.get::<_, String>(0))
                    .map_err(|e| db_err(e.to_string()))?;
                rows.filter_map(Result::ok).map(|s| s.to_ascii_lowercase()).collect()
            }
            Conn::Pg(c) => c
                .query(
                    "SELECT column_name::text FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1",
                    &[&t.to_string()],
                )
                .map_err(|e| db_err(pg_message(&e)))?
                .iter()
                .map(|r| r.get::<_, String>(0))
                .collect(),
        };
        Ok((!cols.is_empty()).then_some(cols))
    }

    /// Creates the tracking table when missing; refuses one made by another tool.
    fn ensure_tracking(&mut self) -> Result<(), SqlError> {
        if let Some(cols) = self.tracking_columns()? {
            let missing: Vec<&str> = TRACKING_COLUMNS
                .iter()
                .copied()
                .filter(|c| !cols.iter().any(|x| x == c))
                .collect();
            if !missing.is_empty() {
                return Err(SqlError::ForeignTrackingTable {
                    table: self.tracking.clone(),
                    missing: missing.join(", "),
                });
            }
        }
        let ddl = self.tracking_ddl();
        self.execute_batch(&ddl)?;
        // Progress tables made by an earlier Accord lack the columns exactly-once needs.
        let progress = format!("{}_progress", self.tracking);
        let cols = self.columns_of(&progress)?.unwrap_or_default();
        if !cols.iter().any(|c| c == "in_flight") {
            self.execute_batch(&format!(
                "ALTER TABLE {progress} ADD COLUMN in_flight INTEGER"
            ))?;
        }
        if !cols.iter().any(|c| c == "checksum") {
            self.execute_batch(&format!(
                "ALTER TABLE {progress} ADD COLUMN checksum TEXT NOT NULL DEFAULT ''"
            ))?;
        }
        Ok(())
    }

    /// The rows of `<tracking>_progress` by version (none when the table does not exist;
    /// columns an older Accord did not make read as absent). Does not create anything.
    pub fn progress(&mut self) -> Result<BTreeMap<String, ProgressRow>, SqlError> {
        let table = format!("{}_progress", self.tracking);
        let Some(cols) = self.columns_of(&table)? else {
            return Ok(BTreeMap::new());
        };
        let has = |c: &str| cols.iter().any(|x| x == c);
        let sql = format!(
            "SELECT version, CAST(statements_done AS BIGINT), {}, {} FROM {table}",
            if has("in_flight") {
                "CAST(in_flight AS BIGINT)"
            } else {
                "CAST(NULL AS BIGINT)"
            },
            if has("checksum") { "checksum" } else { "''" },
        );
        let to_row = |done: i64, in_flight: Option<i64>, checksum: String| ProgressRow {
            done: usize::try_from(done).unwrap_or(0),
            in_flight: in_flight.and_then(|i| usize::try_from(i).ok()),
            checksum,
        };
        let mut out = BTreeMap::new();
        match &mut self.conn {
            Conn::Sqlite(c) => {
                let mut stmt = c.prepare(&sql).map_err(|e| db_err(e.to_string()))?;
                let rows = stmt
                    .query_map([], |r| {
                        Ok((
                            r.get::<_, String>(0)?,
                            r.get::<_, i64>(1)?,
                            r.get::<_, Option<i64>>(2)?,
                            r.get::<_, String>(3)?,
                        ))
                    })
                    .map_err(|e| db_err(e.to_string()))?;
                for row in rows {
                    let (v, d, f, c) = row.map_err(|e| db_err(e.to_string()))?;
                    out.insert(v, to_row(d, f, c));
                }
            }
            Conn::Pg(c) => {
                for r in c.query(&sql, &[]).map_err(|e| db_err(pg_message(&e)))? {
                    out.insert(r.get(0), to_row(r.get(1), r.get(2), r.get(3)));
                }
            }
        }
        Ok(out)
    }

    fn set_progress(
        &mut self,
        version: &str,
        done: usize,
        in_flight: Option<usize>,
        checksum: &str,
    ) -> Result<(), SqlError> {
        let sql = format!(
            "INSERT INTO {}_progress (version, statements_done, in_flight, checksum) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (version) DO UPDATE SET statements_done = excluded.statements_done, \
             in_flight = excluded.in_flight, checksum = excluded.checksum",
            self.tracking
        );
        let done = i32::try_from(done).unwrap_or(i32::MAX);
        let in_flight = in_flight.map(|i| i32::try_from(i).unwrap_or(i32::MAX));
        match &mut self.conn {
            Conn::Sqlite(c) => c
                .execute(
                    &sql.replace('$', "?"),
                    rusqlite::params![version, done, in_flight, checksum],
                )
                .map(|_| ())
                .map_err(|e| db_err(e.to_string())),
            Conn::Pg(c) => c
                .execute(&sql, &[&version, &done, &in_flight, &checksum])
                .map(|_| ())
                .map_err(|e| db_err(pg_message(&e))),
        }
    }

    fn read_applied(&mut self) -> Result<Vec<AppliedRow>, SqlError> {
        let sql = format!(
            "SELECT version, description, checksum, CAST(applied_at AS TEXT), CAST(execution_ms AS BIGINT), applied_by FROM {} ORDER BY version",
            self.tracking
        );
        match &mut self.conn {
            Conn::Sqlite(c) => {
                let mut stmt = c.prepare(&sql).map_err(|e| db_err(e.to_string()))?;
                let rows = stmt
                    .query_map([], |r| {
                        Ok(AppliedRow {
                            version: r.get(0)?,
                            description: r.get(1)?,
                            checksum: r.get(2)?,
                            applied_at: r.get(3)?,
                            execution_ms: r.get(4)?,
                            applied_by: r.get(5)?,
                        })
                    })
                    .map_err(|e| db_err(e.to_string()))?;
                rows.collect::<Result<_, _>>()
                    .map_err(|e| db_err(e.to_string()))
            }
            Conn::Pg(c) => Ok(c
                .query(&sql, &[])
                .map_err(|e| db_err(pg_message(&e)))?
                .iter()
                .map(|r| AppliedRow {
                    version: r.get(0),
                    description: r.get(1),
                    checksum: r.get(2),
                    applied_at: r.get(3),
                    execution_ms: r.get(4),
                    applied_by: r.get(5),
                })
                .collect()),
        }
    }

    /// The tracking rows (empty when the table does not exist yet). Does not create anything.
    pub fn applied(&mut self) -> Result<Vec<AppliedRow>, SqlError> {
        match self.tracking_columns()? {
            None => Ok(Vec::new()),
            Some(cols) => {
                let missing: Vec<&str> = TRACKING_COLUMNS
                    .iter()
                    .copied()
                    .filter(|c| !cols.iter().any(|x| x == c))
                    .collect();
                if !missing.is_empty() {
                    return Err(SqlError::ForeignTrackingTable {
                        table: self.tracking.clone(),
                        missing: missing.join(", "),
                    });
                }
                self.read_applied()
            }
        }
    }

    /// Where every migration stands (files and tracking rows merged, by version).
    pub fn status(&mut self, migrations: &[Migration]) -> Result<Vec<StatusEntry>, SqlError> {
        let applied = self.applied()?;
        let progress = self.progress()?;
        Ok(status_of(migrations, &applied, &progress))
    }

    fn lock(&mut self) -> Result<(), SqlError> {
        let key = self.lock_key();
        match (&mut self.conn, &self.target) {
            (Conn::Pg(c), _) => {
                c.execute("SELECT pg_advisory_lock($1)", &[&key])
                    .map_err(|e| db_err(pg_message(&e)))?;
            }
            (Conn::Sqlite(_), DbTarget::Sqlite(path)) => {
                let lock_path = sqlite_lock_path(path);
                let file = open_lock_file(&lock_path)?;
                let started = Instant::now();
                loop {
                    match file.try_lock() {
                        Ok(()) => break,
                        Err(std::fs::TryLockError::WouldBlock) if started.elapsed() < LOCK_WAIT => {
                            std::thread::sleep(Duration::from_millis(25));
                        }
                        Err(std::fs::TryLockError::WouldBlock) => {
                            return Err(SqlError::LockTimeout {
                                path: lock_path.display().to_string(),
                                seconds: LOCK_WAIT.as_secs(),
                            });
                        }
                        Err(std::fs::TryLockError::Error(source)) => {
                            return Err(SqlError::Io {
                                path: lock_path.display().to_string(),
                                source,
                            });
                        }
                    }
                }
                self.lock_file = Some(file);
            }
            (Conn::Sqlite(_), DbTarget::Postgres(_)) => {}
        }
        Ok(())
    }

    fn unlock(&mut self) {
        let key = self.lock_key();
        if let Conn::Pg(c) = &mut self.conn {
            // Ending the session releases it too; failure here is harmless.
            let _ = c.execute("SELECT pg_advisory_unlock($1)", &[&key]);
        }
        // Closing the file releases the SQLite lock (so does the process dying).
        self.lock_file = None;
    }

    /// Runs `f` holding the migration lock, which holds across processes: a PostgreSQL
    /// advisory lock, or for SQLite an exclusive lock on [`sqlite_lock_path`].
    fn locked<T>(
        &mut self,
        f: impl FnOnce(&mut Self) -> Result<T, SqlError>,
    ) -> Result<T, SqlError> {
        self.lock()?;
        let result = f(self);
        self.unlock();
        result
    }

    fn sqlite_immediate<T>(
        &mut self,
        f: impl FnOnce(&mut Self) -> Result<T, SqlError>,
    ) -> Result<T, SqlError> {
        let is_sqlite = matches!(self.conn, Conn::Sqlite(_));
        if is_sqlite {
            self.execute_batch("BEGIN IMMEDIATE")?;
        }
        match f(self) {
            Ok(v) => {
                if is_sqlite {
                    self.execute_batch("COMMIT")?;
                }
                Ok(v)
            }
            Err(e) => {
                if is_sqlite {
                    let _ = self.execute_batch("ROLLBACK");
                }
                Err(e)
            }
        }
    }

    /// The migrations `apply` would run, in order, after checking applied checksums.
    pub fn pending<'m>(
        &mut self,
        migrations: &'m [Migration],
    ) -> Result<Vec<&'m Migration>, SqlError> {
        let applied = self.applied()?;
        check_applied(migrations, &applied)?;
        Ok(pending_of(migrations, &applied))
    }

    /// Applies every pending migration in version order, holding the migration lock. Each
    /// file runs in its own transaction together with its tracking row and the smoke
    /// checks; a failure rolls that file back and stops (earlier files stay applied).
    /// A `-- accord:no-transaction` file runs unit by unit with its progress (see the
    /// module documentation): one left partly applied by an earlier run resumes after the
    /// statements it counted ([`Event::Resuming`]); one interrupted during a statement
    /// outside a transaction stops the run with [`SqlError::Interrupted`] until
    /// [`Database::resolve`] says what became of that statement. Returns the files applied.
    pub fn apply(
        &mut self,
        migrations: &[Migration],
        opts: &ApplyOptions,
        progress: &mut dyn FnMut(Event),
    ) -> Result<Vec<String>, SqlError> {
        preflight(migrations)?;
        self.locked(|db| {
            let (applied, started) = db.sqlite_immediate(|db| {
                db.ensure_tracking()?;
                Ok((db.read_applied()?, db.progress()?))
            })?;
            check_applied(migrations, &applied)?;
            let mut done = Vec::new();
            for m in pending_of(migrations, &applied) {
                if let (Some(target), Some(v)) = (&opts.target, &m.version)
                    && v > target
                {
                    break;
                }
                progress(Event::Start {
                    path: m.path.clone(),
                    statements: m.statements.len(),
                });
                let prior = m.version.as_ref().and_then(|v| started.get(v));
                let outcome = if m.header.no_transaction {
                    db.apply_without_transaction(m, opts, prior, progress)?
                } else if let Some(row) = prior {
                    // Progress for a file that runs in one transaction: the file was
                    // no-transaction when that run started and has been edited since.
                    return Err(SqlError::EditedWhilePartlyApplied {
                        version: m.version.clone().unwrap_or_default(),
                        path: m.path.clone(),
                        done: row.done,
                        recorded: row.checksum.clone(),
                        actual: m.checksum(),
                    });
                } else {
                    db.apply_in_transaction(m, opts)?
                };
                match outcome {
                    Some(ms) => {
                        progress(Event::Applied {
                            path: m.path.clone(),
                            ms,
                        });
                        done.push(m.path.clone());
                    }
                    None => progress(Event::AlreadyApplied {
                        path: m.path.clone(),
                    }),
                }
            }
            Ok(done)
        })
    }

    fn is_recorded(&mut self, version: &str) -> Result<bool, SqlError> {
        let sql = format!("SELECT COUNT(*) FROM {} WHERE version = $1", self.tracking);
        match &mut self.conn {
            Conn::Sqlite(c) => c
                .query_row(&sql.replace("$1", "?1"), [version], |r| r.get::<_, i64>(0))
                .map(|n| n > 0)
                .map_err(|e| db_err(e.to_string())),
            Conn::Pg(c) => c
                .query_one(&sql, &[&version])
                .map(|r| r.get::<_, i64>(0) > 0)
                .map_err(|e| db_err(pg_message(&e))),
        }
    }

    fn record_sql(&self) -> String {
        let now = match self.conn {
            Conn::Sqlite(_) => "CURRENT_TIMESTAMP",
            Conn::Pg(_) => "now()",
        };
        format!(
            "INSERT INTO {t} (version, description, checksum, execution_ms, applied_by) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (version) DO UPDATE SET description = excluded.description, checksum = excluded.checksum, \
             execution_ms = excluded.execution_ms, applied_by = excluded.applied_by, applied_at = {now}",
            t = self.tracking
        )
    }

    fn apply_in_transaction(
        &mut self,
        m: &Migration,
        opts: &ApplyOptions,
    ) -> Result<Option<i64>, SqlError> {
        let version = m.version.clone().unwrap_or_default();
        let record = self.record_sql();
        let checksum = m.checksum();
        let tracking = self.tracking.clone();
        let started = Instant::now();
        let stmts: Vec<(usize, &Stmt)> = m
            .statements
            .iter()
            .enumerate()
            .filter(|(_, s)| !is_transaction_control(m, s))
            .collect();
        let fail = |i: usize, stmt: &Stmt, message: String| {
            let (line, column) = stmt.span.line_col(&m.text);
            SqlError::Statement {
                path: m.path.clone(),
                index: i + 1,
                line,
                column,
                message,
            }
        };
        match &mut self.conn {
            Conn::Sqlite(c) => {
                let tx = c
                    .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                    .map_err(|e| db_err(e.to_string()))?;
                let recorded: i64 = tx
                    .query_row(
                        &format!("SELECT COUNT(*) FROM {tracking} WHERE version = ?1"),
                        [&version],
                        |r| r.get(0),
                    )
                    .map_err(|e| db_err(e.to_string()))?;
                if recorded > 0 {
                    return Ok(None);
                }
                for (i, stmt) in &stmts {
                    tx.execute_batch(m.sql(stmt))
                        .map_err(|e| fail(*i, stmt, e.to_string()))?;
                }
                for check in smoke_for(&opts.smoke_checks, &version) {
                    for q in &check.queries {
                        let value: Option<String> = tx
                            .query_row(q, [], |r| {
                                Ok(match r.get_ref(0)? {
                                    rusqlite::types::ValueRef::Null => None,
                                    rusqlite::types::ValueRef::Integer(i) => Some(i.to_string()),
                                    rusqlite::types::ValueRef::Real(f) => Some(f.to_string()),
                                    rusqlite::types::ValueRef::Text(t) => {
                                        Some(String::from_utf8_lossy(t).into_owned())
                                    }
                                    rusqlite::types::ValueRef::Blob(_) => Some("1".into()),
                                })
                            })
                            .or_else(|e| match e {
                                rusqlite::Error::QueryReturnedNoRows => Ok(None),
                                e => Err(e),
                            })
                            .map_err(|e| smoke_err(check, m, e.to_string()))?;
                        if !truthy(value.as_deref()) {
                            return Err(smoke_err(
                                check,
                                m,
                                format!("`{q}` returned no row or a false value"),
                            ));
                        }
                    }
                }
                let ms = started.elapsed().as_millis() as i64;
                tx.execute(
                    &record.replace('$', "?"),
                    rusqlite::params![version, m.description, checksum, ms, opts.applied_by],
                )
                .map_err(|e| db_err(e.to_string()))?;
                tx.commit().map_err(|e| db_err(e.to_string()))?;
                Ok(Some(ms))
            }
            Conn::Pg(c) => {
                let mut tx = c.transaction().map_err(|e| db_err(pg_message(&e)))?;
                let recorded: i64 = tx
                    .query_one(
                        &format!("SELECT COUNT(*) FROM {tracking} WHERE version = $1"),
                        &[&version],
                    )
                    .map_err(|e| db_err(pg_message(&e)))?
                    .get(0);
                if recorded > 0 {
                    return Ok(None);
                }
                for (i, stmt) in &stmts {
                    tx.batch_execute(m.sql(stmt))
                        .map_err(|e| fail(*i, stmt, pg_message(&e)))?;
                }
                for check in smoke_for(&opts.smoke_checks, &version) {
                    for q in &check.queries {
                        let messages = tx
                            .simple_query(q)
                            .map_err(|e| smoke_err(check, m, pg_message(&e)))?;
                        let first = messages.iter().find_map(|msg| match msg {
                            postgres::SimpleQueryMessage::Row(row) => {
                                Some(row.get(0).map(str::to_string))
                            }
                            _ => None,
                        });
                        if !truthy(first.flatten().as_deref()) {
                            return Err(smoke_err(
                                check,
                                m,
                                format!("`{q}` returned no row or a false value"),
                            ));
                        }
                    }
                }
                let ms = started.elapsed().as_millis() as i64;
                tx.execute(
                    &record,
                    &[&version, &m.description, &checksum, &ms, &opts.applied_by],
                )
                .map_err(|e| db_err(pg_message(&e)))?;
                tx.commit().map_err(|e| db_err(pg_message(&e)))?;
                Ok(Some(ms))
            }
        }
    }

    fn apply_without_transaction(
        &mut self,
        m: &Migration,
        opts: &ApplyOptions,
        prior: Option<&ProgressRow>,
        progress: &mut dyn FnMut(Event),
    ) -> Result<Option<i64>, SqlError> {
        let version = m.version.clone().unwrap_or_default();
        if self.is_recorded(&version)? {
            return Ok(None);
        }
        let checksum = m.checksum();
        let t = self.tracking.clone();
        let started = Instant::now();
        let mut done = 0;
        if let Some(row) = prior {
            if !row.checksum.is_empty() && !m.checksum_matches(&row.checksum) {
                return Err(SqlError::EditedWhilePartlyApplied {
                    version,
                    path: m.path.clone(),
                    done: row.done,
                    recorded: row.checksum.clone(),
                    actual: checksum,
                });
            }
            if let Some(i) = row.in_flight {
                let (line, column) = m
                    .statements
                    .get(i)
                    .map_or((0, 0), |s| s.span.line_col(&m.text));
                return Err(SqlError::Interrupted {
                    version,
                    path: m.path.clone(),
                    index: i + 1,
                    line,
                    column,
                });
            }
            done = row.done;
            if done > 0 {
                progress(Event::Resuming {
                    path: m.path.clone(),
                    done,
                    statements: m.statements.len(),
                });
            }
        }
        // Pins the checksum the statements are counted against.
        self.set_progress(&version, done, None, &checksum)?;
        let fail = |i: usize, e: SqlError| {
            let stmt = &m.statements[i];
            let (line, column) = stmt.span.line_col(&m.text);
            SqlError::Statement {
                path: m.path.clone(),
                index: i + 1,
                line,
                column,
                message: match e {
                    SqlError::Database { message } => message,
                    other => other.to_string(),
                },
            }
        };
        let begin = match self.conn {
            Conn::Sqlite(_) => "BEGIN IMMEDIATE",
            Conn::Pg(_) => "BEGIN",
        };
        for unit in units_of(m, self.dialect()) {
            if unit.start() < done {
                continue;
            }
            match unit {
                Unit::Atomic { end, run, .. } => {
                    self.execute_batch(begin)?;
                    let result = run
                        .iter()
                        .try_for_each(|&i| {
                            let sql = m.sql(&m.statements[i]).to_string();
                            self.execute_batch(&sql).map_err(|e| fail(i, e))
                        })
                        .and_then(|()| self.set_progress(&version, end, None, &checksum));
                    match result {
                        Ok(()) => self.execute_batch("COMMIT")?,
                        Err(e) => {
                            let _ = self.execute_batch("ROLLBACK");
                            return Err(e);
                        }
                    }
                }
                Unit::Outside(i) => {
                    self.set_progress(&version, i, Some(i), &checksum)?;
                    let sql = m.sql(&m.statements[i]).to_string();
                    match self.execute_batch(&sql) {
                        Ok(()) => self.set_progress(&version, i + 1, None, &checksum)?,
                        Err(e) => {
                            // The database answered: a failed statement took no effect
                            // (statement-level atomicity), so it is not in flight any more.
                            // If even this update fails, the mark stays and the next run
                            // asks an operator instead of guessing.
                            self.set_progress(&version, i, None, &checksum)?;
                            return Err(fail(i, e));
                        }
                    }
                }
            }
        }
        for check in smoke_for(&opts.smoke_checks, &version) {
            for q in &check.queries {
                if !self.query_truthy(q).map_err(|e| smoke_err(check, m, e))? {
                    return Err(smoke_err(
                        check,
                        m,
                        format!("`{q}` returned no row or a false value"),
                    ));
                }
            }
        }
        let ms = started.elapsed().as_millis() as i64;
        let record = self.record_sql();
        match &mut self.conn {
            Conn::Sqlite(c) => {
                let tx = c.transaction().map_err(|e| db_err(e.to_string()))?;
                tx.execute(
                    &record.replace('$', "?"),
                    rusqlite::params![version, m.description, checksum, ms, opts.applied_by],
                )
                .map_err(|e| db_err(e.to_string()))?;
                tx.execute(
                    &format!("DELETE FROM {t}_progress WHERE version = ?1"),
                    [&version],
                )
                .map_err(|e| db_err(e.to_string()))?;
                tx.commit().map_err(|e| db_err(e.to_string()))?;
            }
            Conn::Pg(c) => {
                let mut tx = c.transaction().map_err(|e| db_err(pg_message(&e)))?;
                tx.execute(
                    &record,
                    &[&version, &m.description, &checksum, &ms, &opts.applied_by],
                )
                .map_err(|e| db_err(pg_message(&e)))?;
                tx.execute(
                    &format!("DELETE FROM {t}_progress WHERE version = $1"),
                    &[&version],
                )
                .map_err(|e| db_err(pg_message(&e)))?;
                tx.commit().map_err(|e| db_err(pg_message(&e)))?;
            }
        }
        Ok(Some(ms))
    }

    fn query_truthy(&mut self, q: &str) -> Result<bool, String> {
        match &mut self.conn {
            Conn::Sqlite(c) => {
                let v: Option<String> = c
                    .query_row(q, [], |r| {
                        Ok(match r.get_ref(0)? {
                            rusqlite::types::ValueRef::Null => None,
                            rusqlite::types::ValueRef::Integer(i) => Some(i.to_string()),
                            rusqlite::types::ValueRef::Real(f) => Some(f.to_string()),
                            rusqlite::types::ValueRef::Text(t) => {
                                Some(String::from_utf8_lossy(t).into_owned())
                            }
                            rusqlite::types::ValueRef::Blob(_) => Some("1".into()),
                        })
                    })
                    .or_else(|e| match e {
                        rusqlite::Error::QueryReturnedNoRows => Ok(None),
                        e => Err(e.to_string()),
                    })?;
                Ok(truthy(v.as_deref()))
            }
            Conn::Pg(c) => {
                let messages = c.simple_query(q).map_err(|e| pg_message(&e))?;
                let first = messages.iter().find_map(|msg| match msg {
                    postgres::SimpleQueryMessage::Row(row) => Some(row.get(0).map(str::to_string)),
                    _ => None,
                });
                Ok(truthy(first.flatten().as_deref()))
            }
        }
    }

    /// Says what became of the statement an interrupted no-transaction migration was
    /// running outside a transaction, after an operator checked the database: `ran` counts
    /// it as done (the next `apply` goes on after it), otherwise as not done (the next
    /// `apply` runs it). Returns the statements now counted as done.
    pub fn resolve(&mut self, version: &str, ran: bool) -> Result<usize, SqlError> {
        self.locked(|db| {
            let row = db.progress()?.remove(version);
            let Some((row, i)) = row.and_then(|r| r.in_flight.map(|i| (r, i))) else {
                return Err(SqlError::NothingToResolve {
                    version: version.to_string(),
                });
            };
            let done = if ran { i + 1 } else { i };
            db.set_progress(version, done, None, &row.checksum)?;
            Ok(done)
        })
    }

    /// Records migrations as applied without running them (an existing database adopting
    /// Accord): every file up to and including `up_to` (all when `None`). Returns the
    /// versions recorded.
    pub fn baseline(
        &mut self,
        migrations: &[Migration],
        up_to: Option<&str>,
        applied_by: &str,
    ) -> Result<Vec<String>, SqlError> {
        preflight(migrations)?;
        self.locked(|db| {
            db.sqlite_immediate(|db| {
                db.ensure_tracking()?;
                let applied = db.read_applied()?;
                let record = db.record_sql();
                let mut done = Vec::new();
                for m in pending_of(migrations, &applied) {
                    let Some(v) = &m.version else { continue };
                    if up_to.is_some_and(|u| v.as_str() > u) {
                        break;
                    }
                    let checksum = m.checksum();
                    let by = format!("{applied_by} (baseline)");
                    match &mut db.conn {
                        Conn::Sqlite(c) => c
                            .execute(
                                &record.replace('$', "?"),
                                rusqlite::params![v, m.description, checksum, 0i64, by],
                            )
                            .map(|_| ())
                            .map_err(|e| db_err(e.to_string()))?,
                        Conn::Pg(c) => c
                            .execute(&record, &[v, &m.description, &checksum, &0i64, &by])
                            .map(|_| ())
                            .map_err(|e| db_err(pg_message(&e)))?,
                    }
                    done.push(v.clone());
                }
                Ok(done)
            })
        })
    }
}

fn smoke_err(check: &SmokeCheck, m: &Migration, message: String) -> SqlError {
    SqlError::SmokeCheck {
        check: check.path.clone(),
        migration: m.path.clone(),
        message,
    }
}

fn smoke_for<'a>(
    checks: &'a [SmokeCheck],
    version: &'a str,
) -> impl Iterator<Item = &'a SmokeCheck> {
    checks
        .iter()
        .filter(move |c| c.version.as_deref().is_none_or(|v| v == version))
}

/// Refuses files that cannot be applied: bad names, duplicate versions, non-UTF-8, empty.
/// Unparsable statements are left to the database, which has the last word on SQL.
pub fn preflight(migrations: &[Migration]) -> Result<(), SqlError> {
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    for m in migrations {
        let Some(v) = &m.version else {
            return Err(SqlError::BadName {
                path: m.path.clone(),
            });
        };
        if let Some(first) = seen.insert(v, &m.path) {
            return Err(SqlError::DuplicateVersion {
                version: v.clone(),
                first: first.to_string(),
                second: m.path.clone(),
            });
        }
        if let Some(offset) = m.not_utf8 {
            return Err(SqlError::NotUtf8 {
                path: m.path.clone(),
                offset,
            });
        }
        if m.statements.is_empty() {
            return Err(SqlError::EmptyMigration {
                path: m.path.clone(),
            });
        }
    }
    Ok(())
}

/// Fails on the first applied migration whose file changed or vanished.
pub fn check_applied(migrations: &[Migration], applied: &[AppliedRow]) -> Result<(), SqlError> {
    for row in applied {
        match migrations
            .iter()
            .find(|m| m.version.as_deref() == Some(row.version.as_str()))
        {
            None => {
                let dir = migrations
                    .first()
                    .and_then(|m| m.path.rsplit_once('/').map(|(d, _)| d.to_string()))
                    .unwrap_or_else(|| "the migrations directory".to_string());
                return Err(SqlError::MissingFile {
                    version: row.version.clone(),
                    dir,
                });
            }
            Some(m) if row.checksum.is_empty() => {
                return Err(SqlError::NoChecksum {
                    version: row.version.clone(),
                    path: m.path.clone(),
                });
            }
            Some(m) => {
                if !m.checksum_matches(&row.checksum) {
                    return Err(SqlError::ChecksumMismatch {
                        version: row.version.clone(),
                        path: m.path.clone(),
                        recorded: row.checksum.clone(),
                        actual: m.checksum(),
                    });
                }
            }
        }
    }
    Ok(())
}

fn pending_of<'m>(migrations: &'m [Migration], applied: &[AppliedRow]) -> Vec<&'m Migration> {
    let mut out: Vec<&Migration> = migrations
        .iter()
        .filter(|m| {
            m.version
                .as_ref()
                .is_some_and(|v| !applied.iter().any(|r| &r.version == v))
        })
        .collect();
    out.sort_by(|a, b| a.version.cmp(&b.version));
    out
}

/// Merges files, tracking rows and progress rows into status entries, by version.
pub fn status_of(
    migrations: &[Migration],
    applied: &[AppliedRow],
    progress: &BTreeMap<String, ProgressRow>,
) -> Vec<StatusEntry> {
    let newest_applied = applied
        .iter()
        .map(|r| r.version.as_str())
        .max()
        .unwrap_or("");
    let progress_of = |v: &str, statements: usize| {
        progress.get(v).map(|p| Progress {
            statements_done: p.done,
            statements,
            in_flight: p.in_flight.map(|i| i + 1),
        })
    };
    let mut out: Vec<StatusEntry> = Vec::new();
    for m in migrations {
        let Some(v) = &m.version else { continue };
        let row = applied.iter().find(|r| &r.version == v).cloned();
        let started = progress_of(v, m.statements.len());
        let state = match (&row, &started) {
            (Some(r), _) if r.checksum.is_empty() => State::NoChecksum,
            (Some(r), _) if !m.checksum_matches(&r.checksum) => State::ChecksumMismatch,
            (Some(_), _) => State::Applied,
            (None, Some(p)) if p.in_flight.is_some() => State::Interrupted,
            (None, Some(_)) => State::PartlyApplied,
            (None, None) if v.as_str() < newest_applied => State::PendingOutOfOrder,
            (None, None) => State::Pending,
        };
        out.push(StatusEntry {
            version: v.clone(),
            path: Some(m.path.clone()),
            state,
            applied: row,
            progress: started,
        });
    }
    let has_file = |v: &str| migrations.iter().any(|m| m.version.as_deref() == Some(v));
    for row in applied {
        if !has_file(&row.version) {
            out.push(StatusEntry {
                version: row.version.clone(),
                path: None,
                state: State::MissingFile,
                applied: Some(row.clone()),
                progress: None,
            });
        }
    }
    for (v, p) in progress {
        if !has_file(v) && !applied.iter().any(|r| &r.version == v) {
            out.push(StatusEntry {
                version: v.clone(),
                path: None,
                state: if p.in_flight.is_some() {
                    State::Interrupted
                } else {
                    State::PartlyApplied
                },
                applied: None,
                progress: progress_of(v, 0),
            });
        }
    }
    out.sort_by(|a, b| a.version.cmp(&b.version));
    out
}
