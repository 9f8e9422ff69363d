use super::{GENESIS, LedgerEntry, LedgerError, entry_hash, redact};
use postgres::{Client, NoTls};

pub(super) struct PgLedger {
    client: Client,
    url: String,
    table: String,
}

impl PgLedger {
    pub(super) fn open(url: &str, table: &str) -> Result<PgLedger, LedgerError> {
        let client = Client::connect(url, NoTls).map_err(|e| LedgerError::Connect {
            target: redact(url),
            reason: e.to_string(),
        })?;
        let mut ledger = PgLedger {
            client,
            url: url.to_string(),
            table: table.to_string(),
        };
        ledger.create()?;
        Ok(ledger)
    }

    pub(super) fn describe(&self) -> String {
        format!("{} (table {})", redact(&self.url), self.table)
    }

    fn error(&self, e: postgres::Error) -> LedgerError {
        LedgerError::Database {
            target: self.describe(),
            reason: e
                .as_db_error()
                .map_or_else(|| e.to_string(), |db| db.to_string()),
        }
    }

    fn create(&mut self) -> Result<(), LedgerError> {
        let t = self.table.clone();
        let mut tx = self
            .client
            .transaction()
            .map_err(|e| LedgerError::Database {
                target: redact(&self.url),
                reason: e.to_string(),
            })?;
        // CREATE TABLE IF NOT EXISTS races in PostgreSQL (two sessions can both miss the table
        // and one fails on the catalog's unique index); serialise creation with an advisory lock.
        let result = tx
            .execute(
                "SELECT pg_advisory_xact_lock(hashtext($1))",
                &[&format!("accord-ledger:{t}")],
            )
            .and_then(|_| {
                tx.batch_execute(&format!(
                    "CREATE TABLE IF NOT EXISTS {t} (
                         seq BIGINT PRIMARY KEY,
                         prev_hash TEXT NOT NULL,
                         entry_hash TEXT NOT NULL,
                         decision_id TEXT NOT NULL,
                         decision TEXT NOT NULL
                     );
                     CREATE TABLE IF NOT EXISTS {t}_head (
                         id INT PRIMARY KEY CHECK (id = 1),
                         seq BIGINT NOT NULL,
                         entry_hash TEXT NOT NULL
                     );"
                ))
            })
            .and_then(|_| tx.commit());
        result.map_err(|e| self.error(e))
    }

    pub(super) fn append(
        &mut self,
        decision_id: &str,
        canonical: &str,
    ) -> Result<LedgerEntry, LedgerError> {
        let t = self.table.clone();
        let result = (|| {
            let mut tx = self.client.transaction()?;
            // EXCLUSIVE blocks other writers (and their LOCK) but not readers: appends are
            // serialised, so each one reads the true last hash.
            tx.batch_execute(&format!("LOCK TABLE {t} IN EXCLUSIVE MODE"))?;
            let last = tx.query_opt(
                &format!("SELECT seq, entry_hash FROM {t} ORDER BY seq DESC LIMIT 1"),
                &[],
            )?;
            let (seq, prev): (i64, String) = match last {
                Some(row) => (row.try_get::<_, i64>(0)? + 1, row.try_get(1)?),
                None => (1, GENESIS.to_string()),
            };
            let hash = entry_hash(&prev, canonical);
            tx.execute(
                &format!(
                    "INSERT INTO {t} (seq, prev_hash, entry_hash, decision_id, decision) VALUES ($1, $2, $3, $4, $5)"
                ),
                &[&seq, &prev, &hash, &decision_id, &canonical],
            )?;
            tx.execute(
                &format!(
                    "INSERT INTO {t}_head (id, seq, entry_hash) VALUES (1, $1, $2)
                     ON CONFLICT (id) DO UPDATE SET seq = EXCLUDED.seq, entry_hash = EXCLUDED.entry_hash"
                ),
                &[&seq, &hash],
            )?;
            tx.commit()?;
            Ok(LedgerEntry {
                seq,
                prev_hash: prev,
                entry_hash: hash,
                decision_id: decision_id.to_string(),
                decision: canonical.to_string(),
            })
        })();
        result.map_err(|e| self.error(e))
    }

    pub(super) fn entries(&mut self) -> Result<Vec<LedgerEntry>, LedgerError> {
        let t = self.table.clone();
        let rows = self
            .client
            .query(
                &format!(
                    "SELECT seq, prev_hash, entry_hash, decision_id, decision FROM {t} ORDER BY seq"
                ),
                &[],
            )
            .map_err(|e| self.error(e))?;
        rows.iter()
            .map(|r| {
                Ok(LedgerEntry {
                    seq: r.try_get(0)?,
                    prev_hash: r.try_get(1)?,
                    entry_hash: r.try_get(2)?,
                    decision_id: r.try_get(3)?,
                    decision: r.try_get(4)?,
                })
            })
            .collect::<Result<Vec<_>, postgres::Error>>()
            .map_err(|e| self.error(e))
    }

    pub(super) fn head(&mut self) -> Result<Option<(i64, String)>, LedgerError> {
        let t = self.table.clone();
        let row = self
            .client
            .query_opt(
                &format!("SELECT seq, entry_hash FROM {t}_head WHERE id = 1"),
                &[],
            )
            .map_err(|e| self.error(e))?;
        match row {
            None => Ok(None),
            Some(r) => Ok(Some((
                r.try_get(0).map_err(|e| self.error(e))?,
                r.try_get(1).map_err(|e| self.error(e))?,
            ))),
        }
    }
}
