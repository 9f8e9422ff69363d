//! The ledger: every recorded decision, appended to a hash chain in SQLite (default) or
//! PostgreSQL.
//!
//! Entry `n` stores `entry_hash = sha256(prev_hash || canonical JSON of the decision)` and the
//! `prev_hash` of entry `n-1`, so editing, deleting or reordering an entry breaks the chain.
//! A one-row head table holds the last sequence number and hash, so deleting the newest
//! entries is caught too. Someone able to rewrite the whole chain *and* the head can still
//! forge history: publish the head hash (`Ledger::head`) somewhere they cannot write to
//! anchor it.

mod postgres;
mod sqlite;

use crate::record::{canonical_json, sha256_hex};
use crate::{ConfigError, ConfigErrors, DecisionRecord};
use accord_model::manifest::Manifest;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// `prev_hash` of the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Default SQLite ledger, relative to the repository root.
pub const DEFAULT_SQLITE_PATH: &str = ".accord/ledger.db";

/// Default table name (PostgreSQL) — SQLite uses the same name.
pub const DEFAULT_TABLE: &str = "accord_ledger";

/// Where the ledger lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LedgerTarget {
    /// An SQLite file.
    Sqlite(PathBuf),
    /// A PostgreSQL database and the table to use in it.
    Postgres {
        /// `postgres://user:password@host/db`.
        url: String,
        /// Table name (`[a-z_][a-z0-9_]*`); a second table `<table>_head` holds the head.
        table: String,
    },
}

impl LedgerTarget {
    /// A target from a URL or path: `postgres://…`/`postgresql://…` is PostgreSQL,
    /// `sqlite:PATH` or anything else is an SQLite file (relative paths from `repo_root`).
    pub fn parse(spec: &str, repo_root: &Path) -> LedgerTarget {
        let spec = spec.trim();
        if spec.starts_with("postgres://") || spec.starts_with("postgresql://") {
            return LedgerTarget::Postgres {
                url: spec.to_string(),
                table: DEFAULT_TABLE.to_string(),
            };
        }
        let path = spec.strip_prefix("sqlite:").unwrap_or(spec);
        let path = Path::new(path);
        LedgerTarget::Sqlite(if path.is_absolute() {
            path.to_path_buf()
        } else {
            repo_root.join(path)
        })
    }

    /// The target `[ledger]` of `accord.toml` names (`url`, `path`, `table`), or
    /// `.accord/ledger.db` under `repo_root` when there is no such section.
    pub fn from_manifest(
        manifest: &Manifest,
        manifest_source: &str,
        repo_root: &Path,
    ) -> Result<LedgerTarget, ConfigErrors> {
        let Some(section) = manifest.sections.get("ledger") else {
            return Ok(LedgerTarget::Sqlite(repo_root.join(DEFAULT_SQLITE_PATH)));
        };
        let err = |ptr: &str, message: String| {
            ConfigError::at(
                &manifest.path,
                manifest_source,
                section.span_of(ptr),
                message,
            )
        };
        let mut errors = Vec::new();
        let mut spec = None;
        let mut table = None;
        match section.value.as_object() {
            None => errors.push(err("", "`[ledger]` must be a table".to_string())),
            Some(map) => {
                for (key, value) in map {
                    let ptr = format!("/{key}");
                    let Some(text) = value.as_str() else {
                        errors.push(err(&ptr, format!("`ledger.{key}` must be a string")));
                        continue;
                    };
                    match key.as_str() {
                        "url" | "path" => {
                            if spec.is_some() {
                                errors.push(err(
                                    &ptr,
                                    "give either `url` or `path`, not both".to_string(),
                                ));
                            }
                            spec = Some(text.to_string());
                        }
                        "table" => {
                            if !valid_table(text) {
                                errors.push(err(
                                    &ptr,
                                    format!(
                                        "`{text}` is not a plain table name ([a-z_][a-z0-9_]*)"
                                    ),
                                ));
                            }
                            table = Some(text.to_string());
                        }
                        other => errors.push(err(
                            &ptr,
                            format!("unknown key `ledger.{other}`; expected url, path or table"),
                        )),
                    }
                }
            }
        }
        if !errors.is_empty() {
            return Err(ConfigErrors(errors));
        }
        let mut target =
            LedgerTarget::parse(spec.as_deref().unwrap_or(DEFAULT_SQLITE_PATH), repo_root);
        if let (LedgerTarget::Postgres { table: t, .. }, Some(name)) = (&mut target, table) {
            *t = name;
        }
        Ok(target)
    }

    /// A description safe to print: the path, or the URL without its password.
    pub fn describe(&self) -> String {
        match self {
            LedgerTarget::Sqlite(path) => path.display().to_string(),
            LedgerTarget::Postgres { url, table } => format!("{} (table {table})", redact(url)),
        }
    }
}

fn valid_table(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && name.len() <= 48
}

/// The URL with any password replaced by `***`.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let (authority, tail) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo.split(':').next().unwrap_or("");
            let masked = if userinfo.contains(':') {
                format!("{user}:***")
            } else {
                user.to_string()
            };
            format!("{scheme}://{masked}@{host}{tail}")
        }
        None => url.to_string(),
    }
}

/// Why the ledger could not be used. Nothing is written when any of these is returned.
#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    /// Another process holds the ledger longer than the busy timeout.
    #[error(
        "ledger {target} is locked by another process (waited {waited:?}); nothing was written — retry when it finishes"
    )]
    Locked {
        /// The ledger.
        target: String,
        /// How long we waited.
        waited: Duration,
    },
    /// The file is not an SQLite database, or its ledger tables are damaged.
    #[error(
        "ledger {target} is corrupt: {reason}; nothing was written — restore it from a backup or move it aside"
    )]
    Corrupt {
        /// The ledger.
        target: String,
        /// What the database said.
        reason: String,
    },
    /// The ledger's directory or file could not be created.
    #[error("ledger {}: {source}", path.display())]
    Io {
        /// The path.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The PostgreSQL server could not be reached.
    #[error("cannot connect to ledger {target}: {reason}")]
    Connect {
        /// The URL, password redacted.
        target: String,
        /// What the driver said.
        reason: String,
    },
    /// The table name is not a plain identifier.
    #[error("ledger table name `{name}` is not a plain identifier ([a-z_][a-z0-9_]*)")]
    InvalidTable {
        /// The name given.
        name: String,
    },
    /// Any other database failure; the transaction was rolled back.
    #[error("ledger {target}: {reason}; nothing was written")]
    Database {
        /// The ledger.
        target: String,
        /// What the database said.
        reason: String,
    },
}

/// One entry of the ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LedgerEntry {
    /// 1, 2, 3, … in append order.
    pub seq: i64,
    /// `entry_hash` of the previous entry ([`GENESIS`] for the first).
    pub prev_hash: String,
    /// `sha256(prev_hash || decision)`.
    pub entry_hash: String,
    /// `id` of the decision record.
    pub decision_id: String,
    /// The decision record as canonical JSON.
    pub decision: String,
}

/// `sha256(prev_hash || canonical_decision)`, lower-case hex.
pub fn entry_hash(prev_hash: &str, canonical_decision: &str) -> String {
    let mut bytes = Vec::with_capacity(prev_hash.len() + canonical_decision.len());
    bytes.extend_from_slice(prev_hash.as_bytes());
    bytes.extend_from_slice(canonical_decision.as_bytes());
    sha256_hex(&bytes)
}

/// What kind of tampering an entry shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProblemKind {
    /// The content no longer matches its hash.
    Edited,
    /// Sequence numbers skip: entries were deleted.
    Missing,
    /// The entry links to another entry than its predecessor.
    Reordered,
    /// The entry links to a hash no entry has (its predecessor was rewritten or deleted).
    BrokenLink,
    /// The head disagrees with the last entry: the newest entries were deleted or the head edited.
    HeadMismatch,
}

/// One problem `Ledger::verify` found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LedgerProblem {
    /// Sequence number of the entry concerned.
    pub seq: i64,
    /// What kind of problem.
    pub kind: ProblemKind,
    /// In a sentence.
    pub message: String,
}

/// Checks a chain given in sequence order against the head `(seq, hash)` if one is stored.
pub fn verify_chain(entries: &[LedgerEntry], head: Option<(i64, String)>) -> Vec<LedgerProblem> {
    let mut problems = Vec::new();
    let mut expected_seq = 1;
    let mut expected_prev = GENESIS.to_string();
    for entry in entries {
        if entry.seq > expected_seq {
            problems.push(LedgerProblem {
                seq: entry.seq,
                kind: ProblemKind::Missing,
                message: if entry.seq - expected_seq == 1 {
                    format!("entry {expected_seq} is missing (deleted)")
                } else {
                    format!(
                        "entries {expected_seq}..{} are missing (deleted)",
                        entry.seq - 1
                    )
                },
            });
        }
        if entry_hash(&entry.prev_hash, &entry.decision) != entry.entry_hash {
            problems.push(LedgerProblem {
                seq: entry.seq,
                kind: ProblemKind::Edited,
                message: format!(
                    "entry {} was edited: its decision no longer matches its hash",
                    entry.seq
                ),
            });
        }
        if entry.prev_hash != expected_prev {
            let linked = entries.iter().find(|e| e.entry_hash == entry.prev_hash);
            let (kind, message) = match linked {
                Some(other) => (
                    ProblemKind::Reordered,
                    format!(
                        "entry {} follows entry {} in the chain but is stored after entry {}: entries were reordered",
                        entry.seq,
                        other.seq,
                        entry.seq - 1
                    ),
                ),
                None if entry.seq > expected_seq => (
                    ProblemKind::BrokenLink,
                    format!(
                        "entry {} links to a predecessor that is no longer in the ledger",
                        entry.seq
                    ),
                ),
                None => (
                    ProblemKind::BrokenLink,
                    format!(
                        "entry {} does not link to entry {}: an earlier entry was rewritten",
                        entry.seq,
                        entry.seq - 1
                    ),
                ),
            };
            // A gap already explains a broken link to a deleted entry.
            if !(kind == ProblemKind::BrokenLink && entry.seq > expected_seq) {
                problems.push(LedgerProblem {
                    seq: entry.seq,
                    kind,
                    message,
                });
            }
        }
        expected_seq = entry.seq + 1;
        expected_prev = entry.entry_hash.clone();
    }
    let last = entries.last().map(|e| (e.seq, e.entry_hash.clone()));
    match (head, last) {
        (Some((seq, hash)), Some((last_seq, last_hash)))
            if seq != last_seq || hash != last_hash =>
        {
            problems.push(LedgerProblem {
                seq,
                kind: ProblemKind::HeadMismatch,
                message: if seq > last_seq {
                    format!("the ledger ended at entry {seq} but now ends at entry {last_seq}: the newest entries were deleted")
                } else {
                    format!("the head records entry {seq} but the last entry is {last_seq}: the head or the last entry was rewritten")
                },
            });
        }
        (Some((seq, _)), None) => problems.push(LedgerProblem {
            seq,
            kind: ProblemKind::HeadMismatch,
            message: format!(
                "the ledger ended at entry {seq} but now has no entries: they were deleted"
            ),
        }),
        (None, Some((last_seq, _))) => problems.push(LedgerProblem {
            seq: last_seq,
            kind: ProblemKind::HeadMismatch,
            message: "the ledger has entries but its head record was deleted".to_string(),
        }),
        _ => {}
    }
    problems
}

enum Backend {
    Sqlite(sqlite::SqliteLedger),
    Postgres(postgres::PgLedger),
}

/// An open ledger.
pub struct Ledger {
    backend: Backend,
}

impl std::fmt::Debug for Ledger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ledger")
            .field("target", &self.describe())
            .finish()
    }
}

impl Ledger {
    /// Opens (creating when needed) the ledger at `target`.
    pub fn open(target: &LedgerTarget) -> Result<Ledger, LedgerError> {
        let backend = match target {
            LedgerTarget::Sqlite(path) => Backend::Sqlite(sqlite::SqliteLedger::open(path)?),
            LedgerTarget::Postgres { url, table } => {
                if !valid_table(table) {
                    return Err(LedgerError::InvalidTable {
                        name: table.clone(),
                    });
                }
                Backend::Postgres(postgres::PgLedger::open(url, table)?)
            }
        };
        Ok(Ledger { backend })
    }

    /// How long an SQLite append waits for another writer before giving up (default 10 s).
    /// PostgreSQL waits for its lock as long as the server lets it.
    pub fn set_busy_timeout(&mut self, timeout: Duration) -> Result<(), LedgerError> {
        match &mut self.backend {
            Backend::Sqlite(l) => l.set_busy_timeout(timeout),
            Backend::Postgres(_) => Ok(()),
        }
    }

    /// Where the ledger is, password redacted.
    pub fn describe(&self) -> String {
        match &self.backend {
            Backend::Sqlite(l) => l.describe(),
            Backend::Postgres(l) => l.describe(),
        }
    }

    /// Appends a decision record in one transaction and returns the new entry.
    pub fn append(&mut self, record: &DecisionRecord) -> Result<LedgerEntry, LedgerError> {
        let value = serde_json::to_value(record).map_err(|e| LedgerError::Database {
            target: self.describe(),
            reason: e.to_string(),
        })?;
        self.append_json(&record.id, &value)
    }

    /// Appends any JSON decision under `decision_id` in one transaction.
    pub fn append_json(
        &mut self,
        decision_id: &str,
        decision: &serde_json::Value,
    ) -> Result<LedgerEntry, LedgerError> {
        let canonical = canonical_json(decision);
        match &mut self.backend {
            Backend::Sqlite(l) => l.append(decision_id, &canonical),
            Backend::Postgres(l) => l.append(decision_id, &canonical),
        }
    }

    /// Every entry in sequence order.
    pub fn entries(&mut self) -> Result<Vec<LedgerEntry>, LedgerError> {
        match &mut self.backend {
            Backend::Sqlite(l) => l.entries(),
            Backend::Postgres(l) => l.entries(),
        }
    }

    /// The stored head: last sequence number and hash (`None` when empty).
    pub fn head(&mut self) -> Result<Option<(i64, String)>, LedgerError> {
        match &mut self.backend {
            Backend::Sqlite(l) => l.head(),
            Backend::Postgres(l) => l.head(),
        }
    }

    /// Every sign of tampering; empty means the chain is intact.
    pub fn verify(&mut self) -> Result<Vec<LedgerProblem>, LedgerError> {
        let entries = self.entries()?;
        let head = self.head()?;
        Ok(verify_chain(&entries, head))
    }
}
