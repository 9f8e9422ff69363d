use std::fmt;

/// A manifest that did not parse, with everything needed to show snippets.
#[derive(Debug)]
pub struct ConfigError {
    /// The path as the user should read it.
    pub display_path: String,
    /// The manifest text.
    pub text: String,
    /// What is wrong, each with a span.
    pub diagnostics: Vec<accord_contract::Diagnostic>,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.diagnostics.first() {
            Some(d) => write!(
                f,
                "{}:{}:{}: {}",
                self.display_path, d.line, d.column, d.message
            ),
            None => write!(f, "{} is not a valid manifest", self.display_path),
        }
    }
}

impl std::error::Error for ConfigError {}

/// Why the pipeline could not run. Problems *in* the repository that a reviewer should see
/// are findings; these are the failures that stop the run (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// No manifest where one was expected.
    #[error("{0}")]
    NoManifest(String),
    /// The manifest does not parse.
    #[error(transparent)]
    Manifest(#[from] ConfigError),
    /// The manifest at a revision does not parse.
    #[error("{file} at {rev}: {message}")]
    ManifestAtRevision {
        /// The manifest path.
        file: String,
        /// The revision.
        rev: String,
        /// The first problem, with its line and column.
        message: String,
    },
    /// Git could not give what was asked.
    #[error(transparent)]
    Vcs(#[from] accord_vcs::VcsError),
    /// A path was refused or a file could not be read or written.
    #[error(transparent)]
    Fs(#[from] accord_fs::FsError),
    /// The contracts directory could not be read.
    #[error(transparent)]
    Registry(#[from] accord_contract::RegistryError),
    /// Conformance could not run.
    #[error(transparent)]
    Conformance(#[from] accord_contract::conformance::ConformanceError),
    /// Code surfaces could not be extracted or read.
    #[error(transparent)]
    Surface(#[from] accord_surface::SurfaceError),
    /// The inclusion list, a lockfile or the advisory database is malformed or missing.
    #[error(transparent)]
    Vet(#[from] accord_vet::VetError),
    /// Migrations could not be read.
    #[error(transparent)]
    Sql(#[from] accord_sql::SqlError),
    /// `[gates]` of accord.toml is invalid.
    #[error(transparent)]
    Gates(#[from] accord_gate::GateConfigErrors),
    /// A file a gate or the traceability check reads is not what it should be.
    #[error(transparent)]
    Gate(#[from] accord_gate::GateError),
    /// `[policy]`, `[ledger]` or the approvals file is invalid.
    #[error("{0}")]
    Policy(String),
    /// The ledger could not be opened or written.
    #[error(transparent)]
    Ledger(#[from] accord_policy::LedgerError),
    /// The decision could not be recorded (ledger or record file), or the ledger shows
    /// tampering and recording was refused.
    #[error(transparent)]
    Recording(#[from] accord_policy::ledger::RecordingError),
    /// Where the ledger is was configured wrongly, or chosen by the repository while
    /// recording in CI.
    #[error(transparent)]
    LedgerLocation(#[from] accord_policy::ledger::LedgerConfigError),
    /// A decision record is not readable as one.
    #[error("{path}: {message}")]
    Record {
        /// The record file.
        path: String,
        /// What is wrong with it.
        message: String,
    },
    /// A file given on the command line (not from the repository) could not be used.
    #[error("{path}: {message}")]
    Input {
        /// The file.
        path: String,
        /// What is wrong with it.
        message: String,
    },
    /// An I/O failure outside the repository (temporary directories).
    #[error("{context}: {source}")]
    Io {
        /// What was being done.
        context: String,
        /// The underlying error.
        source: std::io::Error,
    },
}

impl EngineError {
    /// True when recording was refused because the ledger (or the committed records) show
    /// tampering: a finding about the repository, not a failure of the tool.
    pub fn is_tampering(&self) -> bool {
        matches!(
            self,
            EngineError::Recording(accord_policy::ledger::RecordingError::Ledger(
                accord_policy::LedgerError::Tampered { .. }
            )) | EngineError::Ledger(accord_policy::LedgerError::Tampered { .. })
        )
    }

    pub(crate) fn policy(e: impl fmt::Display) -> EngineError {
        EngineError::Policy(e.to_string())
    }
}
