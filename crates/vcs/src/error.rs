use std::path::PathBuf;

/// Why a repository, a revision or a file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum VcsError {
    /// The directory is not inside a git repository.
    #[error("{}: not a git repository (or any parent directory): {reason}", path.display())]
    NotARepo {
        /// The directory that was searched from.
        path: PathBuf,
        /// What gix said.
        reason: String,
    },
    /// The revision does not name a commit in this repository.
    #[error("unknown revision `{rev}`: {reason}")]
    UnknownRevision {
        /// The revision as given.
        rev: String,
        /// What went wrong resolving it.
        reason: String,
    },
    /// The revision is missing from a shallow clone, most likely because it was never fetched.
    #[error(
        "revision `{rev}` is not in this shallow clone ({shallow_file} exists): {reason}\n\
         help: fetch the history with `git fetch --unshallow`, or just the base with `git fetch origin {rev}` \
         (in CI: `actions/checkout` with `fetch-depth: 0`)"
    )]
    Shallow {
        /// The revision as given.
        rev: String,
        /// Path of the `shallow` file that marks the clone.
        shallow_file: String,
        /// What went wrong resolving it.
        reason: String,
    },
    /// An object of the repository could not be read (corrupt or missing object).
    #[error("cannot read `{path}` at `{rev}`: {reason}")]
    Object {
        /// The revision being read.
        rev: String,
        /// The repository path being read (`""` for the root tree).
        path: String,
        /// What gix said.
        reason: String,
    },
    /// A path given to read or list is not a plain repository-relative path.
    #[error("invalid repository path `{path}`: {reason}")]
    InvalidPath {
        /// The path as given.
        path: String,
        /// Why it was refused.
        reason: &'static str,
    },
    /// The repository is bare, so there is no working tree to read.
    #[error("{}: bare repository, there is no working tree to compare against", path.display())]
    NoWorkTree {
        /// The git directory.
        path: PathBuf,
    },
    /// A file of the working tree could not be read.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A working-tree file was refused: outside the repository, not a regular file, or
    /// larger than the read limit.
    #[error(transparent)]
    Refused(#[from] accord_fs::FsError),
    /// A blob is larger than the read limit.
    #[error("`{path}` at `{rev}` is {size} bytes, over the {limit}-byte limit for one file")]
    TooLarge {
        /// The revision being read.
        rev: String,
        /// The repository path.
        path: String,
        /// The blob's size.
        size: u64,
        /// The limit.
        limit: u64,
    },
}
