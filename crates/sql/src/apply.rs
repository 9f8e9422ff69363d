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

use crate::SqlError;
use crate::config::{DbTarget, Dialect};
use crate::effect::{Effect, effects};
use crate::migration::{Migration, Stmt};
use crate::split::split;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;
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

/// Loads `*.sql` smoke checks from `root/dir` (sorted; a missing directory has none).
pub fn load_smoke_checks(root: &Path, dir: &str) -> Result<Vec<SmokeCheck>, SqlError> {
    let base = root.join(dir);
    let mut out = Vec::new();
    if !base.is_dir() {
        return Ok(out);
    }
    let entries = std::fs::read_dir(&base).map_err(|source| SqlError::Io {
        path: base.display().to_string(),
        source,
    })?;
    let mut files: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "sql"))
        .collect();
    files.sort();
    for file in files {
        let path = format!(
            "{dir}/{}",
            file.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        );
        let text = std::fs::read_to_string(&file).map_err(|source| SqlError::Io {
            path: path.clone(),
            source,
        })?;
        let queries = split(&text)
            .statements
            .iter()
            .map(|s| text[s.span.start..s.span.end].to_string())
            .collect();
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let version = (name.len() >= 15
            && crate::migration::parse_file_name(&format!("{}-x.sql", &name[..15])).is_some())
        .then(|| name[..15].to_string());
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

enum Conn {
    Sqlite(rusqlite::Connection),
    Pg(Box<postgres::Client>),
}

/// A connection to the target database, with Accord's tracking table name.
pub struct Database {
    conn: Conn,
    tracking: String,
    target: DbTarget,
}

fn pg_message(e: &postgres::Error) -> String {
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

fn db_err(m: String) -> SqlError {
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
        })
    }

    /// The dialect of the connection.
    pub fn dialect(&self) -> Dialect {
        self.target.dialect()
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
                 CREATE TABLE IF NOT EXISTS {t}_progress (version TEXT PRIMARY KEY, statements_done INTEGER NOT NULL);"
            ),
            Conn::Pg(_) => format!(
                "CREATE TABLE IF NOT EXISTS {t} (version TEXT PRIMARY KEY, description TEXT NOT NULL DEFAULT '', \
                 checksum TEXT NOT NULL DEFAULT '', applied_at TIMESTAMPTZ NOT NULL DEFAULT now(), \
                 execution_ms BIGINT NOT NULL DEFAULT 0, applied_by TEXT NOT NULL DEFAULT '');\
                 CREATE TABLE IF NOT EXISTS {t}_progress (version TEXT PRIMARY KEY, statements_done INTEGER NOT NULL);"
            ),
        }
    }

    fn tracking_columns(&mut self) -> Result<Option<Vec<String>>, SqlError> {
        let t = self.tracking.clone();
        let cols: Vec<String> = match &mut self.conn {
            Conn::Sqlite(c) => {
                let mut stmt = c
                    .prepare("SELECT name FROM pragma_table_info(?1)")
                    .map_err(|e| db_err(e.to_string()))?;
                let rows = stmt
                    .query_map([&t], |r| r.get::<_, String>(0))
                    .map_err(|e| db_err(e.to_string()))?;
                rows.filter_map(Result::ok).map(|s| s.to_ascii_lowercase()).collect()
            }
            Conn::Pg(c) => c
                .query(
                    "SELECT column_name::text FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1",
                    &[&t],
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
        self.execute_batch(&ddl)
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
        Ok(status_of(migrations, &applied))
    }

    fn lock(&mut self) -> Result<(), SqlError> {
        let key = self.lock_key();
        if let Conn::Pg(c) = &mut self.conn {
            c.execute("SELECT pg_advisory_lock($1)", &[&key])
                .map_err(|e| db_err(pg_message(&e)))?;
        }
        Ok(())
    }

    fn unlock(&mut self) {
        let key = self.lock_key();
        if let Conn::Pg(c) = &mut self.conn {
            // Ending the session releases it too; failure here is harmless.
            let _ = c.execute("SELECT pg_advisory_unlock($1)", &[&key]);
        }
    }

    /// Runs `f` holding the migration lock (PostgreSQL advisory lock; for SQLite the
    /// tracking work runs in `BEGIN IMMEDIATE` transactions, which take the write lock).
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

    /// Applies every pending migration in version order. Each file runs in its own
    /// transaction together with its tracking row and the smoke checks; a failure rolls
    /// that file back and stops (earlier files stay applied). Returns the files applied.
    pub fn apply(
        &mut self,
        migrations: &[Migration],
        opts: &ApplyOptions,
        progress: &mut dyn FnMut(Event),
    ) -> Result<Vec<String>, SqlError> {
        preflight(migrations)?;
        self.locked(|db| {
            let applied = db.sqlite_immediate(|db| {
                db.ensure_tracking()?;
                db.read_applied()
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
                let outcome = if m.header.no_transaction {
                    db.apply_without_transaction(m, opts)?
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
    ) -> Result<Option<i64>, SqlError> {
        let version = m.version.clone().unwrap_or_default();
        if self.is_recorded(&version)? {
            return Ok(None);
        }
        let t = self.tracking.clone();
        let started = Instant::now();
        let done = self.progress_of(&version)?;
        for (i, stmt) in m.statements.iter().enumerate().skip(done) {
            let sql = m.sql(stmt).to_string();
            let result = self.execute_batch(&sql);
            if let Err(e) = result {
                let (line, column) = stmt.span.line_col(&m.text);
                return Err(SqlError::Statement {
                    path: m.path.clone(),
                    index: i + 1,
                    line,
                    column,
                    message: match e {
                        SqlError::Database { message } => message,
                        other => other.to_string(),
                    },
                });
            }
            let n = (i + 1) as i64;
            self.exec_params(
                &format!("INSERT INTO {t}_progress (version, statements_done) VALUES ($1, $2) ON CONFLICT (version) DO UPDATE SET statements_done = excluded.statements_done"),
                &version,
                n,
            )?;
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
        let checksum = m.checksum();
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

    fn progress_of(&mut self, version: &str) -> Result<usize, SqlError> {
        let sql = format!(
            "SELECT statements_done FROM {}_progress WHERE version = $1",
            self.tracking
        );
        let n: Option<i64> = match &mut self.conn {
            Conn::Sqlite(c) => c
                .query_row(&sql.replace('$', "?"), [version], |r| r.get(0))
                .map(Some)
                .or_else(|e| match e {
                    rusqlite::Error::QueryReturnedNoRows => Ok(None),
                    e => Err(db_err(e.to_string())),
                })?,
            Conn::Pg(c) => c
                .query_opt(&sql, &[&version])
                .map_err(|e| db_err(pg_message(&e)))?
                .map(|r| i64::from(r.get::<_, i32>(0))),
        };
        Ok(n.unwrap_or(0).max(0) as usize)
    }

    fn exec_params(&mut self, sql: &str, version: &str, n: i64) -> Result<(), SqlError> {
        match &mut self.conn {
            Conn::Sqlite(c) => c
                .execute(&sql.replace('$', "?"), rusqlite::params![version, n])
                .map(|_| ())
                .map_err(|e| db_err(e.to_string())),
            Conn::Pg(c) => {
                let n = n as i32;
                c.execute(sql, &[&version, &n])
                    .map(|_| ())
                    .map_err(|e| db_err(pg_message(&e)))
            }
        }
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
            Some(m) => {
                let actual = m.checksum();
                if !row.checksum.is_empty() && row.checksum != actual {
                    return Err(SqlError::ChecksumMismatch {
                        version: row.version.clone(),
                        path: m.path.clone(),
                        recorded: row.checksum.clone(),
                        actual,
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

/// Merges files and tracking rows into status entries, by version.
pub fn status_of(migrations: &[Migration], applied: &[AppliedRow]) -> Vec<StatusEntry> {
    let newest_applied = applied
        .iter()
        .map(|r| r.version.as_str())
        .max()
        .unwrap_or("");
    let mut out: Vec<StatusEntry> = Vec::new();
    for m in migrations {
        let Some(v) = &m.version else { continue };
        let row = applied.iter().find(|r| &r.version == v).cloned();
        let state = match &row {
            Some(r) if !r.checksum.is_empty() && r.checksum != m.checksum() => {
                State::ChecksumMismatch
            }
            Some(_) => State::Applied,
            None if v.as_str() < newest_applied => State::PendingOutOfOrder,
            None => State::Pending,
        };
        out.push(StatusEntry {
            version: v.clone(),
            path: Some(m.path.clone()),
            state,
            applied: row,
        });
    }
    for row in applied {
        if !migrations
            .iter()
            .any(|m| m.version.as_deref() == Some(row.version.as_str()))
        {
            out.push(StatusEntry {
                version: row.version.clone(),
                path: None,
                state: State::MissingFile,
                applied: Some(row.clone()),
            });
        }
    }
    out.sort_by(|a, b| a.version.cmp(&b.version));
    out
}
