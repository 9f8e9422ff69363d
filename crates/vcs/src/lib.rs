//! Reading a repository at a git revision straight from git objects, and the working tree
//! the same way.
//!
//! `accord check --base REF --head REF` must see the manifest and contracts exactly as they
//! were committed, without a checkout and without touching the index, so both sides go
//! through one [`Tree`] interface: a [`RevisionTree`] reads blobs out of the object database,
//! a [`WorkingTree`] reads files from disk. [`Repo::changed_files`] lists what differs between
//! a base revision and a head revision (or the working tree).
//!
//! ```no_run
//! use accord_vcs::{Repo, Tree};
//!
//! let repo = Repo::open(".")?;
//! let base = repo.snapshot(Some("origin/main"))?;
//! let head = repo.snapshot(None)?; // the working tree
//! let before = base.read("accord.toml")?;
//! let after = head.read("accord.toml")?;
//! for change in repo.changed_files("origin/main", None)? {
//!     println!("{} {}", change.status, change.path);
//! }
//! # let _ = (before, after);
//! # Ok::<(), accord_vcs::VcsError>(())
//! ```

mod error;
mod repo;
mod tree;

pub use error::VcsError;
pub use repo::{ChangedFile, FileStatus, Repo};
pub use tree::{RevisionTree, Snapshot, Tree, WorkingTree};
