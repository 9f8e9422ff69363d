use crate::VcsError;
use gix::ObjectId;
use std::path::{Path, PathBuf};

/// A read-only view of the repository's files at one point: a commit or the working tree.
///
/// Paths are repository-relative with `/` separators, as in findings.
pub trait Tree {
    /// The contents of the file at `path`, or `None` when there is no file there.
    fn read(&self, path: &str) -> Result<Option<Vec<u8>>, VcsError>;

    /// Every file under the directory `prefix` (recursively, sorted). `""` lists everything.
    fn list(&self, prefix: &str) -> Result<Vec<String>, VcsError>;

    /// A short name for messages: the revision as given, or `working tree`.
    fn label(&self) -> String;
}

/// Splits a repository-relative path into components, refusing anything that could escape
/// the repository: the same check guards both the object database and the disk.
pub(crate) fn components(path: &str) -> Result<Vec<&str>, VcsError> {
    let invalid = |reason| VcsError::InvalidPath {
        path: path.to_string(),
        reason,
    };
    if path.starts_with('/') || path.contains('\\') || path.contains(':') {
        return Err(invalid(
            "expected a repository-relative path with `/` separators",
        ));
    }
    let mut out = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => return Err(invalid("`..` would leave the repository")),
            ".git" => return Err(invalid("`.git` is not part of the tree")),
            other => out.push(other),
        }
    }
    Ok(out)
}

/// The files of one commit, read from git objects.
#[derive(Clone)]
pub struct RevisionTree {
    pub(crate) repo: gix::Repository,
    pub(crate) rev: String,
    pub(crate) commit: ObjectId,
    pub(crate) tree: ObjectId,
    /// Blob ids of every file `list` has walked past. Reading a file by path otherwise
    /// decompresses every tree on the way, and a registry of thousands of contracts in one
    /// directory made that quadratic.
    pub(crate) known: std::sync::Arc<std::sync::Mutex<std::collections::HashMap<String, ObjectId>>>,
}

impl std::fmt::Debug for RevisionTree {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RevisionTree")
            .field("rev", &self.rev)
            .field("commit", &self.commit.to_string())
            .finish()
    }
}

impl RevisionTree {
    /// The full hex id of the commit.
    pub fn commit(&self) -> String {
        self.commit.to_string()
    }

    /// The revision as it was given (`main`, `HEAD~1`, …).
    pub fn rev(&self) -> &str {
        &self.rev
    }

    fn object_error(&self, path: &str, reason: impl std::fmt::Display) -> VcsError {
        VcsError::Object {
            rev: self.rev.clone(),
            path: path.to_string(),
            reason: reason.to_string(),
        }
    }

    fn root(&self) -> Result<gix::Tree<'_>, VcsError> {
        self.repo
            .find_tree(self.tree)
            .map_err(|e| self.object_error("", e))
    }

    /// Every file of the commit with the id of its blob, sorted by path.
    pub(crate) fn entries(&self, prefix: &str) -> Result<Vec<(String, ObjectId)>, VcsError> {
        let parts = components(prefix)?;
        let root = self.root()?;
        let tree = if parts.is_empty() {
            root
        } else {
            let entry = root
                .lookup_entry(parts.iter().map(|p| p.as_bytes()))
                .map_err(|e| self.object_error(prefix, e))?;
            match entry {
                Some(entry) if entry.mode().is_tree() => self
                    .repo
                    .find_tree(entry.object_id())
                    .map_err(|e| self.object_error(prefix, e))?,
                _ => return Ok(Vec::new()),
            }
        };
        let records = tree
            .traverse()
            .breadthfirst
            .files()
            .map_err(|e| self.object_error(prefix, e))?;
        let base = parts.join("/");
        let mut out: Vec<(String, ObjectId)> = records
            .into_iter()
            // Submodules are commits of another repository: nothing to read here.
            .filter(|e| e.mode.is_blob_or_symlink())
            .map(|e| {
                let path = String::from_utf8_lossy(&e.filepath).into_owned();
                let path = if base.is_empty() {
                    path
                } else {
                    format!("{base}/{path}")
                };
                (path, e.oid)
            })
            .collect();
        out.sort();
        Ok(out)
    }
}

impl RevisionTree {
    /// A blob's bytes, refused before decompression when its header says it is larger than
    /// the read limit (a committed multi-gigabyte file must not exhaust memory).
    fn blob(&self, path: &str, id: ObjectId) -> Result<Vec<u8>, VcsError> {
        let header = self
            .repo
            .find_header(id)
            .map_err(|e| self.object_error(path, e))?;
        let limit = accord_fs::DEFAULT_READ_LIMIT;
        if header.size() > limit {
            return Err(VcsError::TooLarge {
                rev: self.rev.clone(),
                path: path.to_string(),
                size: header.size(),
                limit,
            });
        }
        let mut blob = self
            .repo
            .find_blob(id)
            .map_err(|e| self.object_error(path, e))?;
        Ok(blob.take_data())
    }

    /// Writes every file under `prefix` at this revision into `dest`, paths relative to
    /// `prefix`, so tools that read a directory see the revision exactly as committed.
    /// Symlinks are recreated as symlinks (the guarded reader refuses those that leave the
    /// root, as it would in a checkout); submodules are skipped. Returns the file count.
    pub fn materialize(&self, prefix: &str, dest: &accord_fs::Root) -> Result<usize, VcsError> {
        let parts = components(prefix)?;
        let base = parts.join("/");
        let root = self.root()?;
        let tree = if parts.is_empty() {
            root
        } else {
            match root
                .lookup_entry(parts.iter().map(|p| p.as_bytes()))
                .map_err(|e| self.object_error(prefix, e))?
            {
                Some(entry) if entry.mode().is_tree() => self
                    .repo
                    .find_tree(entry.object_id())
                    .map_err(|e| self.object_error(prefix, e))?,
                _ => return Ok(0),
            }
        };
        let records = tree
            .traverse()
            .breadthfirst
            .files()
            .map_err(|e| self.object_error(prefix, e))?;
        let mut written = 0;
        for record in records {
            if !record.mode.is_blob_or_symlink() {
                continue;
            }
            let relative = String::from_utf8_lossy(&record.filepath).into_owned();
            let shown = if base.is_empty() {
                relative.clone()
            } else {
                format!("{base}/{relative}")
            };
            components(&relative)?;
            let bytes = self.blob(&shown, record.oid)?;
            if record.mode.is_link() {
                let (dir, name) = match relative.rsplit_once('/') {
                    Some((dir, name)) => (dest.create_dir_all(dir)?, name),
                    None => (dest.dir().to_path_buf(), relative.as_str()),
                };
                let target = String::from_utf8_lossy(&bytes).into_owned();
                link(&target, &dir.join(name)).map_err(|source| VcsError::Io {
                    path: dir.join(name),
                    source,
                })?;
            } else {
                dest.write_atomic(&relative, &bytes)?;
            }
            written += 1;
        }
        Ok(written)
    }
}

#[cfg(unix)]
fn link(target: &str, at: &Path) -> std::io::Result<()> {
    std::os::unix::fs::symlink(target, at)
}

#[cfg(not(unix))]
fn link(_target: &str, _at: &Path) -> std::io::Result<()> {
    // Without symlinks the link is simply absent, as in a checkout with core.symlinks=false.
    Ok(())
}

impl Tree for RevisionTree {
    fn read(&self, path: &str) -> Result<Option<Vec<u8>>, VcsError> {
        let parts = components(path)?;
        if parts.is_empty() {
            return Ok(None);
        }
        let known = self
            .known
            .lock()
            .ok()
            .and_then(|k| k.get(&parts.join("/")).copied());
        if let Some(id) = known {
            return self.blob(path, id).map(Some);
        }
        let root = self.root()?;
        let entry = root
            .lookup_entry(parts.iter().map(|p| p.as_bytes()))
            .map_err(|e| self.object_error(path, e))?;
        match entry {
            Some(entry) if entry.mode().is_blob_or_symlink() => {
                self.blob(path, entry.object_id()).map(Some)
            }
            _ => Ok(None),
        }
    }

    fn list(&self, prefix: &str) -> Result<Vec<String>, VcsError> {
        let entries = self.entries(prefix)?;
        if let Ok(mut known) = self.known.lock() {
            known.extend(entries.iter().cloned());
        }
        Ok(entries.into_iter().map(|(p, _)| p).collect())
    }

    fn label(&self) -> String {
        self.rev.clone()
    }
}

/// The files on disk under a directory, skipping what `.gitignore` ignores and `.git` itself.
#[derive(Debug, Clone)]
pub struct WorkingTree {
    root: PathBuf,
    guarded: Option<accord_fs::Root>,
}

impl WorkingTree {
    /// The working tree rooted at `root` (the repository root). Works outside git too.
    pub fn new(root: impl Into<PathBuf>) -> WorkingTree {
        let root = root.into();
        let guarded = accord_fs::Root::open(&root).ok();
        WorkingTree { root, guarded }
    }

    /// The directory the paths are relative to.
    pub fn root(&self) -> &Path {
        &self.root
    }

    fn io(&self, path: PathBuf, source: std::io::Error) -> VcsError {
        VcsError::Io { path, source }
    }
}

impl Tree for WorkingTree {
    fn read(&self, path: &str) -> Result<Option<Vec<u8>>, VcsError> {
        let parts = components(path)?;
        if parts.is_empty() {
            return Ok(None);
        }
        let Some(guarded) = &self.guarded else {
            return Ok(None);
        };
        let relative = parts.join("/");
        match guarded.read(&relative) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.is_not_found() => Ok(None),
            // A directory where a file was expected is no file, as in git.
            Err(accord_fs::FsError::NotRegular {
                kind: "a directory",
                ..
            }) => Ok(None),
            Err(accord_fs::FsError::Io { source, .. })
                if source.kind() == std::io::ErrorKind::NotADirectory =>
            {
                Ok(None)
            }
            Err(e) => Err(e.into()),
        }
    }

    fn list(&self, prefix: &str) -> Result<Vec<String>, VcsError> {
        let parts = components(prefix)?;
        // Like git, a symlinked folder is one entry, never a way in: walking `vendor -> /`
        // from a pack's `vendor/**` would list the whole filesystem.
        let mut start = self.root.clone();
        for part in &parts {
            start.push(part);
            if !std::fs::symlink_metadata(&start).is_ok_and(|m| m.is_dir()) {
                return Ok(Vec::new());
            }
        }
        if !start.is_dir() {
            return Ok(Vec::new());
        }
        let walker = ignore::WalkBuilder::new(&start)
            .hidden(false)
            // `.ignore` files are ripgrep's, not git's: the tree must match what git would see.
            .ignore(false)
            .parents(true)
            .filter_entry(|e| e.file_name() != ".git")
            .build();
        let mut out = Vec::new();
        for entry in walker {
            let entry =
                entry.map_err(|e| self.io(start.clone(), std::io::Error::other(e.to_string())))?;
            if !entry
                .file_type()
                .is_some_and(|t| t.is_file() || t.is_symlink())
            {
                continue;
            }
            let Ok(relative) = entry.path().strip_prefix(&self.root) else {
                continue;
            };
            let path = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            out.push(path);
        }
        out.sort();
        Ok(out)
    }

    fn label(&self) -> String {
        "working tree".to_string()
    }
}

/// Either side of a comparison: a commit or the working tree.
#[derive(Debug, Clone)]
pub enum Snapshot {
    /// Files of a commit.
    Revision(Box<RevisionTree>),
    /// Files on disk.
    WorkingTree(WorkingTree),
}

impl Snapshot {
    /// The commit id, or `None` for the working tree.
    pub fn commit(&self) -> Option<String> {
        match self {
            Snapshot::Revision(r) => Some(r.commit()),
            Snapshot::WorkingTree(_) => None,
        }
    }
}

impl Tree for Snapshot {
    fn read(&self, path: &str) -> Result<Option<Vec<u8>>, VcsError> {
        match self {
            Snapshot::Revision(t) => t.read(path),
            Snapshot::WorkingTree(t) => t.read(path),
        }
    }

    fn list(&self, prefix: &str) -> Result<Vec<String>, VcsError> {
        match self {
            Snapshot::Revision(t) => t.list(prefix),
            Snapshot::WorkingTree(t) => t.list(prefix),
        }
    }

    fn label(&self) -> String {
        match self {
            Snapshot::Revision(t) => t.label(),
            Snapshot::WorkingTree(t) => t.label(),
        }
    }
}
