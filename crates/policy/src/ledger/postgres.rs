use super::{Build, LedgerEntry, LedgerError, Tables, entry_hash, next_position};
use accord_model::redact::{redact, redact_with};
use postgres::{Client, GenericClient, NoTls};

pub(super) struct PgLedger {
    client: Client,
    url: String,
    table: String,
}

impl PgLedger {
    fn connect(url: &str, table: &str) -> Result<PgLedger, LedgerError> {
        let client = Client::connect(url, NoTls).map_err(|e| LedgerError::Connect {
            target: redact(url),
            // The driver's message should not quote the URL, but the password must not
            // reach a log even if a future version does.
            reason: redact_with(&e.to_string(), &[password(url).unwrap_or_default()]),
        })?;
        Ok(PgLedger {
            client,
            url: url.to_string(),
            table: table.to_string(),
        })
    }

    pub(super) fn open(url: &str, table: &str) -> Result<PgLedger, LedgerError> {
        let mut ledger = Self::connect(url, table)?;
        ledger.create()?;
        Ok(ledger)
    }

    /// Connects without creating anything; `None` when neither ledger table exists.
    pub(super) fn open_existing(
        url: &str,
        table: &str,
    ) -> Result<Option<(PgLedger, Tables)>, LedgerError> {
        let mut ledger = Self::connect(url, table)?;
        let row = ledger
            .client
            .query_one(
                "SELECT to_regclass($1) IS NOT NULL, to_regclass($2) IS NOT NULL",
                &[&table, &format!("{table}_head")],
            )
            .map_err(|e| ledger.error(e))?;
        let (entries, head): (bool, bool) = (
            row.try_get(0).map_err(|e| ledger.error(e))?,
            row.try_get(1).map_err(|e| ledger.error(e))?,
        );
        match Tables::of(entries, head) {
            Tables::None => Ok(None),
            tables => Ok(Some((ledger, tables))),
        }
    }

    pub(super) fn describe(&self) -> String {
        format!("{} (table {})", redact(&self.url), self.table)
    }

    fn error(&self, e: postgres::Error) -> LedgerError {
        LedgerError::Database {
            target: self.describe(),
            reason: redact(
                &e.as_db_error()
                    .map_or_else(|| e.to_string(), |db| db.to_string()),
            ),
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

    pub(super) fn append_with(&mut self, build: Build<'_>) -> Result<LedgerEntry, LedgerError> {
        let t = self.table.clone();
        let mut tx = self
            .client
            .transaction()
            .map_err(|e| database(&self.url, &t, e))?;
        // EXCLUSIVE blocks other writers (and their LOCK) but not readers: appends are
        // serialised, so each one verifies and extends the true chain.
        let locked = tx
            .batch_execute(&format!("LOCK TABLE {t} IN EXCLUSIVE MODE"))
            .and_then(|()| Ok((read_entries(&mut tx, &t)?, read_head(&mut tx, &t)?)));
        let (entries, head) = locked.map_err(|e| database(&self.url, &t, e))?;
        let (seq, prev) = next_position(&entries);
        // On error the transaction is dropped, which rolls it back.
        let next = build(&entries, head, seq, &prev)?;
        let hash = entry_hash(&prev, &next.canonical);
        let written = tx
            .execute(
                &format!(
                    "INSERT INTO {t} (seq, prev_hash, entry_hash, decision_id, decision) VALUES ($1, $2, $3, $4, $5)"
                ),
                &[&seq, &prev, &hash, &next.decision_id, &next.canonical],
            )
            .and_then(|_| {
                tx.execute(
                    &format!(
                        "INSERT INTO {t}_head (id, seq, entry_hash) VALUES (1, $1, $2)
                         ON CONFLICT (id) DO UPDATE SET seq = EXCLUDED.seq, entry_hash = EXCLUDED.entry_hash"
                    ),
                    &[&seq, &hash],
                )
            })
            .and_then(|_| tx.commit());
        written.map_err(|e| database(&self.url, &t, e))?;
        Ok(LedgerEntry {
            seq,
            prev_hash: prev,
            entry_hash: hash,
            decision_id: next.decision_id,
            decision: next.canonical,
        })
    }

    pub(super) fn entries(&mut self) -> Result<Vec<LedgerEntry>, LedgerError> {
        let t = self.table.clone();
        read_entries(&mut self.client, &t).map_err(|e| self.error(e))
    }

    pub(super) fn head(&mut self) -> Result<Option<(i64, String)>, LedgerError> {
        let t = self.table.clone();
        read_head(&mut self.client, &t).map_err(|e| self.error(e))
    }
}

fn database(url: &str, table: &str, e: postgres::Error) -> LedgerError {
    LedgerError::Database {
        target: format!("{} (table {table})", redact(url)),
        reason: redact(
            &e.as_db_error()
                .map_or_else(|| e.to_string(), |db| db.to_string()),
        ),
    }
}

/// The password of a `postgres://user:password@…` URL, to keep it out of messages.
fn password(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    let userinfo = rest[..rest.rfind('@')?].split_once(':')?.1;
    Some(userinfo)
}

fn read_entries(
    client: &mut impl GenericClient,
    t: &str,
) -> Result<Vec<LedgerEntry>, postgres::Error> {
    let rows = client.query(
        &format!("SELECT seq, prev_hash, entry_hash, decision_id, decision FROM {t} ORDER BY seq"),
        &[],
    )?;
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
        .collect()
}

fn read_head(
    client: &mut impl GenericClient,
    t: &str,
) -> Result<Option<(i64, String)>, postgres::Error> {
    let row = client.query_opt(
        &format!("SELECT seq, entry_hash FROM {t}_head WHERE id = 1"),
        &[],
    )?;
    match row {
        None => Ok(None),
        Some(r) => Ok(Some((r.try_get(0)?, r.try_get(1)?))),
    }
}
