use super::{Build, DEFAULT_TABLE, LedgerEntry, LedgerError, Tables, entry_hash, next_position};
use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::time::Duration;

const DEFAULT_BUSY: Duration = Duration::from_secs(10);

pub(super) struct SqliteLedger {
    conn: Connection,
    path: PathBuf,
    busy: Duration,
}

impl SqliteLedger {
    pub(super) fn open(path: &Path) -> Result<SqliteLedger, LedgerError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| LedgerError::Io {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        let conn = Connection::open(path).map_err(|e| classify(path, DEFAULT_BUSY, e))?;
        let mut ledger = SqliteLedger {
            conn,
            path: path.to_path_buf(),
            busy: DEFAULT_BUSY,
        };
        ledger.set_busy_timeout(DEFAULT_BUSY)?;
        ledger.create()?;
        Ok(ledger)
    }

    /// Opens an existing ledger read-only, creating nothing: `None` when there is no file.
    pub(super) fn open_existing(
        path: &Path,
    ) -> Result<Option<(SqliteLedger, Tables)>, LedgerError> {
        match path.symlink_metadata() {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => {
                return Err(LedgerError::Io {
                    path: path.to_path_buf(),
                    source,
                });
            }
            Ok(_) => {}
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| classify(path, DEFAULT_BUSY, e))?;
        let mut ledger = SqliteLedger {
            conn,
            path: path.to_path_buf(),
            busy: DEFAULT_BUSY,
        };
        ledger.set_busy_timeout(DEFAULT_BUSY)?;
        let exists = |name: &str| -> Result<bool, LedgerError> {
            ledger
                .conn
                .query_row(
                    "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1",
                    [name],
                    |r| r.get::<_, i64>(0),
                )
                .map(|n| n > 0)
                .map_err(|e| classify(path, DEFAULT_BUSY, e))
        };
        let tables = Tables::of(
            exists(DEFAULT_TABLE)?,
            exists(&format!("{DEFAULT_TABLE}_head"))?,
        );
        Ok(Some((ledger, tables)))
    }

    pub(super) fn describe(&self) -> String {
        self.path.display().to_string()
    }

    fn error(&self, e: rusqlite::Error) -> LedgerError {
        classify(&self.path, self.busy, e)
    }

    pub(super) fn set_busy_timeout(&mut self, timeout: Duration) -> Result<(), LedgerError> {
        self.busy = timeout;
        self.conn.busy_timeout(timeout).map_err(|e| self.error(e))
    }

    fn create(&mut self) -> Result<(), LedgerError> {
        // IMMEDIATE so two first-time writers do not both try to create the tables.
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| classify(&self.path, self.busy, e))?;
        tx.execute_batch(&format!(
            "CREATE TABLE IF NOT EXISTS {DEFAULT_TABLE} (
                 seq INTEGER PRIMARY KEY,
                 prev_hash TEXT NOT NULL,
                 entry_hash TEXT NOT NULL,
                 decision_id TEXT NOT NULL,
                 decision TEXT NOT NULL
             );
             CREATE TABLE IF NOT EXISTS {DEFAULT_TABLE}_head (
                 id INTEGER PRIMARY KEY CHECK (id = 1),
                 seq INTEGER NOT NULL,
                 entry_hash TEXT NOT NULL
             );"
        ))
        .map_err(|e| classify(&self.path, self.busy, e))?;
        tx.commit().map_err(|e| classify(&self.path, self.busy, e))
    }

    pub(super) fn append_with(&mut self, build: Build<'_>) -> Result<LedgerEntry, LedgerError> {
        let (path, busy) = (self.path.clone(), self.busy);
        let err = |e| classify(&path, busy, e);
        // BEGIN IMMEDIATE takes the write lock before reading the chain, so a concurrent
        // writer waits (busy_timeout) instead of forking the chain, and the chain verified
        // is the chain appended to.
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(err)?;
        let entries = read_entries(&tx).map_err(err)?;
        let head = read_head(&tx).map_err(err)?;
        let (seq, prev) = next_position(&entries);
        let next = build(&entries, head, seq, &prev)?;
        let hash = entry_hash(&prev, &next.canonical);
        tx.execute(
            &format!(
                "INSERT INTO {DEFAULT_TABLE} (seq, prev_hash, entry_hash, decision_id, decision) VALUES (?1, ?2, ?3, ?4, ?5)"
            ),
            rusqlite::params![seq, prev, hash, next.decision_id, next.canonical],
        )
        .map_err(err)?;
        tx.execute(
            &format!(
                "INSERT INTO {DEFAULT_TABLE}_head (id, seq, entry_hash) VALUES (1, ?1, ?2)
                 ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, entry_hash = excluded.entry_hash"
            ),
            rusqlite::params![seq, hash],
        )
        .map_err(err)?;
        tx.commit().map_err(err)?;
        Ok(LedgerEntry {
            seq,
            prev_hash: prev,
            entry_hash: hash,
            decision_id: next.decision_id,
            decision: next.canonical,
        })
    }

    pub(super) fn entries(&mut self) -> Result<Vec<LedgerEntry>, LedgerError> {
        read_entries(&self.conn).map_err(|e| classify(&self.path, self.busy, e))
    }

    pub(super) fn head(&mut self) -> Result<Option<(i64, String)>, LedgerError> {
        read_head(&self.conn).map_err(|e| classify(&self.path, self.busy, e))
    }
}

fn read_entries(conn: &Connection) -> rusqlite::Result<Vec<LedgerEntry>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT seq, prev_hash, entry_hash, decision_id, decision FROM {DEFAULT_TABLE} ORDER BY seq"
    ))?;
    let rows = stmt.query_map([], |r| {
        Ok(LedgerEntry {
            seq: r.get(0)?,
            prev_hash: r.get(1)?,
            entry_hash: r.get(2)?,
            decision_id: r.get(3)?,
            decision: r.get(4)?,
        })
    })?;
    rows.collect()
}

fn read_head(conn: &Connection) -> rusqlite::Result<Option<(i64, String)>> {
    conn.query_row(
        &format!("SELECT seq, entry_hash FROM {DEFAULT_TABLE}_head WHERE id = 1"),
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()
}

fn classify(path: &Path, busy: Duration, e: rusqlite::Error) -> LedgerError {
    let target = path.display().to_string();
    match e.sqlite_error_code() {
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => LedgerError::Locked {
            target,
            waited: busy,
        },
        Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => LedgerError::Corrupt {
            target,
            reason: e.to_string(),
        },
        _ => match e {
            // A damaged ledger table (wrong columns or types) reads as corruption too.
            rusqlite::Error::InvalidColumnType(..)
            | rusqlite::Error::InvalidColumnIndex(_)
            | rusqlite::Error::InvalidColumnName(_) => LedgerError::Corrupt {
                target,
                reason: e.to_string(),
            },
            other => LedgerError::Database {
                target,
                reason: other.to_string(),
            },
        },
    }
}
