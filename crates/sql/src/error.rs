//! Operational failures. Findings are data; these are the things that stop a run.

use thiserror::Error;

/// Everything that can stop `accord-sql` from doing its job. Each variant names the file
/// (and position, where one exists) and what is wrong.
#[derive(Debug, Error)]
pub enum SqlError {
    /// A mistake in the `[database]` section of `accord.toml`.
    #[error("{path}:{line}:{column}: [database] {message}")]
    Config {
        /// Path of `accord.toml`.
        path: String,
        /// 1-based line (0 when unknown).
        line: u32,
        /// 1-based column (0 when unknown).
        column: u32,
        /// What is wrong.
        message: String,
    },
    /// A file or directory could not be read.
    #[error("{path}: cannot read: {source}")]
    Io {
        /// The path concerned.
        path: String,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// A file was refused or could not be read by the guarded file layer (outside the
    /// repository, not a regular file, over the size limit); the message names it.
    #[error("{0}")]
    File(#[from] accord_fs::FsError),
    /// A path was refused before reading (outside the repository, a name that is not UTF-8).
    #[error("{path}: refused: {reason}")]
    Refused {
        /// The path concerned.
        path: String,
        /// Why.
        reason: String,
    },
    /// A migration file is not UTF-8.
    #[error(
        "{path}: not valid UTF-8 (first invalid byte at offset {offset}); save the file as UTF-8"
    )]
    NotUtf8 {
        /// The migration file.
        path: String,
        /// Byte offset of the first invalid byte.
        offset: usize,
    },
    /// A migration file contains no statement.
    #[error("{path}: empty migration file (no SQL statement); add statements or delete the file")]
    EmptyMigration {
        /// The migration file.
        path: String,
    },
    /// A migration file has statements that do not parse; it cannot be applied safely.
    #[error("{path}:{line}:{column}: cannot parse statement: {message}")]
    Unparsable {
        /// The migration file.
        path: String,
        /// 1-based line.
        line: u32,
        /// 1-based column.
        column: u32,
        /// The parser's message.
        message: String,
    },
    /// A migration file name does not carry a version.
    #[error(
        "{path}: file name is not `YYYYMMDD-HHMMSS-description.sql`; it cannot be ordered or tracked"
    )]
    BadName {
        /// The migration file.
        path: String,
    },
    /// Two files share a version.
    #[error("{first} and {second} share version {version}; rename one")]
    DuplicateVersion {
        /// The version.
        version: String,
        /// First file.
        first: String,
        /// Second file.
        second: String,
    },
    /// The database could not be reached or refused the credentials.
    #[error("cannot connect to {url}: {message}")]
    Connect {
        /// The URL, with any password masked.
        url: String,
        /// The driver's message.
        message: String,
    },
    /// The URL is not one Accord understands.
    #[error(
        "unsupported database URL `{url}`: use `sqlite:PATH`, a `.db`/`.sqlite` path or `postgres://…`"
    )]
    BadUrl {
        /// The URL as given.
        url: String,
    },
    /// A statement of a migration failed; the whole file was rolled back.
    #[error("{path}:{line}:{column}: statement {index} failed, migration rolled back: {message}")]
    Statement {
        /// The migration file.
        path: String,
        /// 1-based statement index within the file.
        index: usize,
        /// 1-based line of the statement.
        line: u32,
        /// 1-based column of the statement.
        column: u32,
        /// The database's message.
        message: String,
    },
    /// A smoke check failed after a migration; the migration was rolled back.
    #[error("smoke check {check} failed after {migration}, migration rolled back: {message}")]
    SmokeCheck {
        /// The smoke check file.
        check: String,
        /// The migration file.
        migration: String,
        /// Why it failed.
        message: String,
    },
    /// The tracking table exists but was made by something else.
    #[error(
        "table `{table}` exists but is not an Accord tracking table (missing columns: {missing}); \
         Accord will not write into another tool's table. Rename it, or set `[database] tracking_table` \
         to another name"
    )]
    ForeignTrackingTable {
        /// The table name.
        table: String,
        /// Columns Accord needs that the table lacks.
        missing: String,
    },
    /// An applied migration's file changed since it was applied.
    #[error(
        "{path}: migration {version} was applied with checksum {recorded} but the file now has {actual}; \
         applied migrations must not be edited (write a new migration instead)"
    )]
    ChecksumMismatch {
        /// Version.
        version: String,
        /// The migration file.
        path: String,
        /// Checksum in the tracking table.
        recorded: String,
        /// Checksum of the file now.
        actual: String,
    },
    /// An applied migration's file is gone.
    #[error("migration {version} is recorded as applied but no file in {dir} has that version")]
    MissingFile {
        /// Version.
        version: String,
        /// Migrations directory.
        dir: String,
    },
    /// An applied migration's tracking row has no checksum, so nothing proves the file is
    /// the one that ran.
    #[error(
        "{path}: migration {version} is recorded as applied with an empty checksum; nothing \
         proves this file is what ran (was the row written by hand or by another tool?)"
    )]
    NoChecksum {
        /// Version.
        version: String,
        /// The migration file.
        path: String,
    },
    /// A `-- accord:no-transaction` migration stopped while a statement that runs outside
    /// any transaction was executing: whether it took effect is unknown, so it is not re-run.
    #[error(
        "{path}:{line}:{column}: migration {version} was interrupted while statement {index} was \
         running outside a transaction; Accord cannot know whether it took effect and will not \
         run it again. Check the database, then run `accord migrate resolve {version} --ran` \
         (it took effect) or `--not-ran` (it did not)"
    )]
    Interrupted {
        /// Version.
        version: String,
        /// The migration file.
        path: String,
        /// 1-based statement index.
        index: usize,
        /// 1-based line of the statement.
        line: u32,
        /// 1-based column of the statement.
        column: u32,
    },
    /// A partly applied `-- accord:no-transaction` migration was edited since it started.
    #[error(
        "{path}: migration {version} is partly applied ({done} statement(s) done) with checksum \
         {recorded}, but the file now has {actual}; restore the file as it was to finish it"
    )]
    EditedWhilePartlyApplied {
        /// Version.
        version: String,
        /// The migration file.
        path: String,
        /// Statements done.
        done: usize,
        /// Checksum recorded when it started.
        recorded: String,
        /// Checksum of the file now.
        actual: String,
    },
    /// `resolve` was asked about a migration that is not waiting on an interrupted statement.
    #[error("migration {version} has no interrupted statement to resolve")]
    NothingToResolve {
        /// Version.
        version: String,
    },
    /// Another `migrate apply` held the migration lock for too long.
    #[error(
        "{path}: another `accord migrate` has held the migration lock for {seconds} s; try again \
         when it has finished"
    )]
    LockTimeout {
        /// The lock file.
        path: String,
        /// How long we waited.
        seconds: u64,
    },
    /// Any other database error.
    #[error("database error: {message}")]
    Database {
        /// The driver's message.
        message: String,
    },
}

impl SqlError {
    /// True when the failure is about reaching the database at all (unreachable, bad
    /// credentials, bad URL): the CLI maps these to exit code 2.
    pub fn is_connection(&self) -> bool {
        matches!(self, SqlError::Connect { .. } | SqlError::BadUrl { .. })
    }
}
