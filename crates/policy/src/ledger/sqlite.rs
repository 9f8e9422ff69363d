use super::{DEFAULT_TABLE, GENESIS, LedgerEntry, LedgerError, entry_hash};
use rusqlite::{Connection, ErrorCode, OptionalExtension, TransactionBehavior};
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

    pub(super) fn append(
        &mut self,
        decision_id: &str,
        canonical: &str,
    ) -> Result<LedgerEntry, LedgerError> {
        let (path, busy) = (self.path.clone(), self.busy);
        let err = |e| classify(&path, busy, e);
        // BEGIN IMMEDIATE takes the write lock before reading the last hash, so a concurrent
        // writer waits (busy_timeout) instead of forking the chain.
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(err)?;
        let last: Option<(i64, String)> = tx
            .query_row(
                &format!("SELECT seq, entry_hash FROM {DEFAULT_TABLE} ORDER BY seq DESC LIMIT 1"),
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(err)?;
        let (seq, prev) = match last {
            Some((seq, hash)) => (seq + 1, hash),
            None => (1, GENESIS.to_string()),
        };
        let hash = entry_hash(&prev, canonical);
        tx.execute(
            &format!(
                "INSERT INTO {DEFAULT_TABLE} (seq, prev_hash, entry_hash, decision_id, decision) VALUES (?1, ?2, ?3, ?4, ?5)"
            ),
            rusqlite::params![seq, prev, hash, decision_id, canonical],
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
            decision_id: decision_id.to_string(),
            decision: canonical.to_string(),
        })
    }

    pub(super) fn entries(&mut self) -> Result<Vec<LedgerEntry>, LedgerError> {
        let mut stmt = self
            .conn
            .prepare(&format!(
                "SELECT seq, prev_hash, entry_hash, decision_id, decision FROM {DEFAULT_TABLE} ORDER BY seq"
            ))
            .map_err(|e| classify(&self.path, self.busy, e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok(LedgerEntry {
                    seq: r.get(0)?,
                    prev_hash: r.get(1)?,
                    entry_hash: r.get(2)?,
                    decision_id: r.get(3)?,
                    decision: r.get(4)?,
                })
            })
            .map_err(|e| classify(&self.path, self.busy, e))?;
        rows.collect::<Result<Vec<_>, _>>()
            .map_err(|e| classify(&self.path, self.busy, e))
    }

    pub(super) fn head(&mut self) -> Result<Option<(i64, String)>, LedgerError> {
        self.conn
            .query_row(
                &format!("SELECT seq, entry_hash FROM {DEFAULT_TABLE}_head WHERE id = 1"),
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(|e| classify(&self.path, self.busy, e))
    }
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
