use crate::VcsError;
use crate::tree::{RevisionTree, Snapshot, Tree, WorkingTree};
use gix::ObjectId;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// How a file differs between base and head.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FileStatus {
    /// Only in head.
    Added,
    /// In both, with different contents.
    Modified,
    /// Only in base.
    Deleted,
}

impl FileStatus {
    /// `added`, `modified` or `deleted`.
    pub fn as_str(self) -> &'static str {
        match self {
            FileStatus::Added => "added",
            FileStatus::Modified => "modified",
            FileStatus::Deleted => "deleted",
        }
    }
}

impl fmt::Display for FileStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One file that differs between base and head.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct ChangedFile {
    /// Repository-relative path with `/` separators.
    pub path: String,
    /// Added, modified or deleted.
    pub status: FileStatus,
}

impl ChangedFile {
    /// A changed file.
    pub fn new(path: impl Into<String>, status: FileStatus) -> ChangedFile {
        ChangedFile {
            path: path.into(),
            status,
        }
    }
}

/// The most commits [`Repo::change_history`] walks back from its revision.
pub const MAX_HISTORY_COMMITS: usize = 20_000;

/// A git repository, opened once and read at any number of revisions.
#[derive(Clone)]
pub struct Repo {
    repo: gix::Repository,
}

impl fmt::Debug for Repo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Repo")
            .field("git_dir", &self.repo.git_dir())
            .finish()
    }
}

impl Repo {
    /// Opens the repository containing `path` (searching parent directories).
    pub fn open(path: impl AsRef<Path>) -> Result<Repo, VcsError> {
        let path = path.as_ref();
        let repo = gix::discover(path).map_err(|e| VcsError::NotARepo {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
        Ok(Repo { repo })
    }

    /// The root of the working tree, or `None` for a bare repository.
    pub fn workdir(&self) -> Option<&Path> {
        self.repo.workdir()
    }

    /// True when the repository is a shallow clone (`.git/shallow` exists and is not empty).
    pub fn is_shallow(&self) -> bool {
        self.repo.is_shallow().unwrap_or(false)
    }

    fn shallow_file(&self) -> String {
        self.repo
            .shallow_file()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|_| ".git/shallow".to_string())
    }

    fn unresolved(&self, rev: &str, reason: String) -> VcsError {
        // In a shallow clone a missing revision is almost always one that was never
        // fetched; saying so (with the command to fix it) beats "unknown revision".
        if self.is_shallow() {
            VcsError::Shallow {
                rev: rev.to_string(),
                shallow_file: self.shallow_file(),
                reason,
            }
        } else {
            VcsError::UnknownRevision {
                rev: rev.to_string(),
                reason,
            }
        }
    }

    fn commit_and_tree(&self, rev: &str) -> Result<(ObjectId, ObjectId), VcsError> {
        if rev.trim().is_empty() {
            return Err(VcsError::UnknownRevision {
                rev: rev.to_string(),
                reason: "empty revision".to_string(),
            });
        }
        let id = self
            .repo
            .rev_parse_single(rev)
            .map_err(|e| self.unresolved(rev, e.to_string()))?;
        let object = id
            .object()
            .map_err(|e| self.unresolved(rev, e.to_string()))?;
        let commit = object
            .peel_to_commit()
            .map_err(|e| self.unresolved(rev, format!("does not name a commit: {e}")))?;
        let tree = commit
            .tree_id()
            .map_err(|e| self.unresolved(rev, e.to_string()))?;
        Ok((commit.id, tree.detach()))
    }

    /// The full hex id of the commit `rev` names (`main`, `HEAD~2`, a tag, a short hash…).
    pub fn resolve(&self, rev: &str) -> Result<String, VcsError> {
        Ok(self.commit_and_tree(rev)?.0.to_string())
    }

    /// The files of the commit `rev`, read from git objects.
    pub fn at(&self, rev: &str) -> Result<RevisionTree, VcsError> {
        let (commit, tree) = self.commit_and_tree(rev)?;
        Ok(RevisionTree {
            repo: self.repo.clone(),
            rev: rev.to_string(),
            commit,
            tree,
            known: Default::default(),
        })
    }

    /// The files on disk in the working tree.
    pub fn working_tree(&self) -> Result<WorkingTree, VcsError> {
        match self.repo.workdir() {
            Some(dir) => Ok(WorkingTree::new(dir)),
            None => Err(VcsError::NoWorkTree {
                path: self.repo.git_dir().to_path_buf(),
            }),
        }
    }

    /// `Some(rev)`: the commit `rev`; `None`: the working tree.
    pub fn snapshot(&self, rev: Option<&str>) -> Result<Snapshot, VcsError> {
        match rev {
            Some(rev) => self.at(rev).map(|t| Snapshot::Revision(Box::new(t))),
            None => self.working_tree().map(Snapshot::WorkingTree),
        }
    }

    /// Every tag with the commit it points at (annotated tags peeled), sorted by name. Tags
    /// of other objects (a tree, a blob) are left out.
    pub fn tags(&self) -> Result<Vec<(String, String)>, VcsError> {
        let object_error = |e: String| VcsError::Object {
            rev: "refs/tags".to_string(),
            path: String::new(),
            reason: e,
        };
        let platform = self
            .repo
            .references()
            .map_err(|e| object_error(e.to_string()))?;
        let mut out = Vec::new();
        for reference in platform.tags().map_err(|e| object_error(e.to_string()))? {
            let mut reference = reference.map_err(|e| object_error(e.to_string()))?;
            let name = reference.name().shorten().to_string();
            let Ok(id) = reference.peel_to_id() else {
                continue;
            };
            let peeled = id
                .object()
                .ok()
                .and_then(|o| o.peel_to_commit().ok())
                .map(|c| c.id);
            if let Some(commit) = peeled {
                out.push((name, commit.to_string()));
            }
        }
        out.sort();
        Ok(out)
    }

    /// Names of the tags (`v1.2.0`) that point at the commit `rev` names, sorted.
    pub fn tags_at(&self, rev: &str) -> Result<Vec<String>, VcsError> {
        let commit = self.resolve(rev)?;
        Ok(self
            .tags()?
            .into_iter()
            .filter(|(_, c)| *c == commit)
            .map(|(name, _)| name)
            .collect())
    }

    /// For each of `paths`, the commit time (seconds since the epoch) of the last commit at or
    /// before `rev` that changed it; a path never committed is absent. One walk of the history
    /// serves every path: a commit changed a path when its blob differs from the first
    /// parent's (or the parent lacks it).
    pub fn last_change_times(
        &self,
        rev: &str,
        paths: &[String],
    ) -> Result<BTreeMap<String, i64>, VcsError> {
        let (commit, _) = self.commit_and_tree(rev)?;
        let err = |path: &str, e: String| VcsError::Object {
            rev: rev.to_string(),
            path: path.to_string(),
            reason: e,
        };
        let mut parts: Vec<(String, Vec<String>)> = Vec::new();
        for p in paths {
            let c: Vec<String> = p
                .split('/')
                .filter(|s| !s.is_empty() && *s != ".")
                .map(str::to_string)
                .collect();
            parts.push((p.clone(), c));
        }
        let blob_at = |tree: &gix::Tree<'_>, comps: &[String]| -> Option<ObjectId> {
            tree.clone()
                .peel_to_entry_by_path(comps.join("/"))
                .ok()
                .flatten()
                .map(|e| e.object_id())
        };
        let mut out = BTreeMap::new();
        let walk = self
            .repo
            .rev_walk([commit])
            .all()
            .map_err(|e| err("", e.to_string()))?;
        for info in walk {
            if out.len() == parts.len() {
                break;
            }
            let info = info.map_err(|e| err("", e.to_string()))?;
            let commit = info.object().map_err(|e| err("", e.to_string()))?;
            let time = commit.time().map_err(|e| err("", e.to_string()))?.seconds;
            let tree = commit.tree().map_err(|e| err("", e.to_string()))?;
            let parent_tree = match commit.parent_ids().next() {
                Some(parent) => Some(
                    parent
                        .object()
                        .map_err(|e| err("", e.to_string()))?
                        .peel_to_commit()
                        .map_err(|e| err("", e.to_string()))?
                        .tree()
                        .map_err(|e| err("", e.to_string()))?,
                ),
                None => None,
            };
            for (path, comps) in &parts {
                if out.contains_key(path) {
                    continue;
                }
                let here = blob_at(&tree, comps);
                if here.is_none() {
                    continue;
                }
                let before = parent_tree.as_ref().and_then(|t| blob_at(t, comps));
                if here != before {
                    out.insert(path.clone(), time);
                }
            }
        }
        Ok(out)
    }

    /// The commits at or before `rev` that changed `path` (its blob differs from the first
    /// parent's), newest first, as (commit time in seconds, commit id), at most `max` of them:
    /// the versions a file went through, for what one commit time per file cannot say (when
    /// one entry of a shared file last changed). At most [`MAX_HISTORY_COMMITS`] commits are
    /// walked: a file rarely edited in a long history must not make every check walk all of it.
    pub fn change_history(
        &self,
        rev: &str,
        path: &str,
        max: usize,
    ) -> Result<Vec<(i64, String)>, VcsError> {
        let (commit, _) = self.commit_and_tree(rev)?;
        let err = |e: String| VcsError::Object {
            rev: rev.to_string(),
            path: path.to_string(),
            reason: e,
        };
        let blob_at = |tree: &gix::Tree<'_>| -> Option<ObjectId> {
            tree.clone()
                .peel_to_entry_by_path(path)
                .ok()
                .flatten()
                .map(|e| e.object_id())
        };
        let mut out = Vec::new();
        let walk = self
            .repo
            .rev_walk([commit])
            .first_parent_only()
            .all()
            .map_err(|e| err(e.to_string()))?;
        for info in walk.take(MAX_HISTORY_COMMITS) {
            if out.len() >= max {
                break;
            }
            let info = info.map_err(|e| err(e.to_string()))?;
            let commit = info.object().map_err(|e| err(e.to_string()))?;
            let tree = commit.tree().map_err(|e| err(e.to_string()))?;
            let Some(here) = blob_at(&tree) else {
                // Deleted here: older versions belong to an earlier life of the file.
                break;
            };
            let before = match commit.parent_ids().next() {
                Some(parent) => blob_at(
                    &parent
                        .object()
                        .map_err(|e| err(e.to_string()))?
                        .peel_to_commit()
                        .map_err(|e| err(e.to_string()))?
                        .tree()
                        .map_err(|e| err(e.to_string()))?,
                ),
                None => None,
            };
            if Some(here) != before {
                let time = commit.time().map_err(|e| err(e.to_string()))?.seconds;
                out.push((time, commit.id.to_string()));
            }
        }
        Ok(out)
    }

    /// The contents of `path` at `rev`, or `None` when the commit has no such file.
    pub fn read_file(&self, rev: &str, path: &str) -> Result<Option<Vec<u8>>, VcsError> {
        self.at(rev)?.read(path)
    }

    /// Every file under the directory `dir_prefix` at `rev`, sorted.
    pub fn list_files(&self, rev: &str, dir_prefix: &str) -> Result<Vec<String>, VcsError> {
        self.at(rev)?.list(dir_prefix)
    }

    /// Files that differ between `base` and `head` (`None`: the working tree, including
    /// untracked files that `.gitignore` does not ignore), sorted by path.
    pub fn changed_files(
        &self,
        base: &str,
        head: Option<&str>,
    ) -> Result<Vec<ChangedFile>, VcsError> {
        let base_tree = self.at(base)?;
        let before: BTreeMap<String, ObjectId> = base_tree.entries("")?.into_iter().collect();
        let after: BTreeMap<String, ObjectId> = match head {
            Some(head) => self.at(head)?.entries("")?.into_iter().collect(),
            None => self.working_tree_ids(&before)?,
        };
        let mut out = Vec::new();
        for (path, id) in &before {
            match after.get(path) {
                None => out.push(ChangedFile::new(path.clone(), FileStatus::Deleted)),
                Some(other) if other != id => {
                    out.push(ChangedFile::new(path.clone(), FileStatus::Modified));
                }
                Some(_) => {}
            }
        }
        for path in after.keys() {
            if !before.contains_key(path) {
                out.push(ChangedFile::new(path.clone(), FileStatus::Added));
            }
        }
        out.sort();
        Ok(out)
    }

    /// Blob ids of the working-tree files, hashed the way `git hash-object` would.
    /// Files tracked at base are looked up directly so that a tracked file matched by
    /// `.gitignore` is still compared rather than reported deleted.
    fn working_tree_ids(
        &self,
        tracked: &BTreeMap<String, ObjectId>,
    ) -> Result<BTreeMap<String, ObjectId>, VcsError> {
        let tree = self.working_tree()?;
        let mut paths: Vec<String> = tree.list("")?;
        paths.extend(tracked.keys().cloned());
        paths.sort();
        paths.dedup();
        let kind = self.repo.object_hash();
        let mut out = BTreeMap::new();
        for path in paths {
            let full: PathBuf = path
                .split('/')
                .fold(tree.root().to_path_buf(), |p, c| p.join(c));
            let bytes = match std::fs::symlink_metadata(&full) {
                Ok(meta) if meta.file_type().is_symlink() => std::fs::read_link(&full)
                    .map(|target| target.to_string_lossy().into_owned().into_bytes()),
                Ok(meta) if meta.is_file() => std::fs::read(&full),
                Ok(_) => continue,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => Err(e),
            }
            .map_err(|source| VcsError::Io {
                path: full.clone(),
                source,
            })?;
            let id = gix::objs::compute_hash(kind, gix::objs::Kind::Blob, &bytes).map_err(|e| {
                VcsError::Object {
                    rev: "working tree".to_string(),
                    path: path.clone(),
                    reason: e.to_string(),
                }
            })?;
            out.insert(path, id);
        }
        Ok(out)
    }
}
