//! The one guarded way Accord touches the repository it judges.
//!
//! Every byte of the repository may come from the change under review, so nothing it
//! contains may make Accord read or write outside it, hang, or exhaust memory:
//!
//! - paths are resolved inside the [`Root`]: `..`, absolute paths and symlinks whose target
//!   leaves the root are refused, on reads and on writes;
//! - only regular files are read (a FIFO would block forever, `/dev/zero` never ends), and
//!   every read is bounded *while reading*, never trusting the length the metadata reports;
//! - writes are atomic (a uniquely named temporary file beside the destination, then a
//!   rename), and a symlink at the destination is replaced, never followed.
//!
//! ```
//! let dir = tempfile::tempdir().unwrap();
//! let root = accord_fs::Root::open(dir.path()).unwrap();
//! root.write_atomic("decisions/a.json", b"{}").unwrap();
//! assert_eq!(root.read("decisions/a.json").unwrap(), b"{}");
//! assert!(root.read("../etc/passwd").is_err());
//! ```

use std::fs::{File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Default ceiling for one file read from the repository: far above any real contract,
/// migration or source file, far below what would hurt the machine.
pub const DEFAULT_READ_LIMIT: u64 = 32 * 1024 * 1024;

/// Why a path was refused or a file could not be read or written. Every variant names the
/// repository-relative path it concerns.
#[derive(Debug, thiserror::Error)]
pub enum FsError {
    /// The path itself leaves the root (`..`, absolute, another drive).
    #[error("{path}: {reason}")]
    OutsidePath {
        /// The path as given.
        path: String,
        /// What makes it leave the root.
        reason: &'static str,
    },
    /// A symlink on the way resolves outside the root.
    #[error("{path}: a symlink leads outside the repository (to {target})")]
    SymlinkEscape {
        /// The path as given.
        path: String,
        /// Where it resolved.
        target: String,
    },
    /// Not a regular file (directory, FIFO, socket, device).
    #[error("{path}: not a regular file ({kind})")]
    NotRegular {
        /// The path as given.
        path: String,
        /// What it is instead.
        kind: &'static str,
    },
    /// Larger than the read limit.
    #[error("{path}: larger than the {limit}-byte limit for one file")]
    TooLarge {
        /// The path as given.
        path: String,
        /// The limit that was exceeded.
        limit: u64,
    },
    /// The file does not exist.
    #[error("{path}: no such file")]
    NotFound {
        /// The path as given.
        path: String,
    },
    /// Any other I/O failure.
    #[error("{path}: {source}")]
    Io {
        /// The path as given.
        path: String,
        /// The underlying error.
        source: io::Error,
    },
}

impl FsError {
    /// The path the error is about, as it was given.
    pub fn path(&self) -> &str {
        match self {
            FsError::OutsidePath { path, .. }
            | FsError::SymlinkEscape { path, .. }
            | FsError::NotRegular { path, .. }
            | FsError::TooLarge { path, .. }
            | FsError::NotFound { path }
            | FsError::Io { path, .. } => path,
        }
    }

    /// True when [`Root::create_new`] found something at the destination.
    pub fn is_already_exists(&self) -> bool {
        matches!(self, FsError::Io { source, .. } if source.kind() == io::ErrorKind::AlreadyExists)
    }

    /// True when the file simply does not exist (so callers can treat it as absent).
    pub fn is_not_found(&self) -> bool {
        matches!(self, FsError::NotFound { .. })
    }

    fn io(path: &str, source: io::Error) -> FsError {
        if source.kind() == io::ErrorKind::NotFound {
            FsError::NotFound {
                path: path.to_string(),
            }
        } else {
            FsError::Io {
                path: path.to_string(),
                source,
            }
        }
    }
}

/// The repository root every path is confined to.
#[derive(Debug, Clone)]
pub struct Root {
    dir: PathBuf,
    limit: u64,
}

impl Root {
    /// The root at `dir` (resolved once, so a symlinked checkout directory is fine).
    pub fn open(dir: impl AsRef<Path>) -> Result<Root, FsError> {
        let given = dir.as_ref();
        let dir = given
            .canonicalize()
            .map_err(|e| FsError::io(&given.display().to_string(), e))?;
        Ok(Root {
            dir,
            limit: DEFAULT_READ_LIMIT,
        })
    }

    /// The same root with another per-file read limit.
    pub fn with_limit(mut self, bytes: u64) -> Root {
        self.limit = bytes;
        self
    }

    /// The resolved directory of the root.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The per-file read limit.
    pub fn limit(&self) -> u64 {
        self.limit
    }

    /// The repository-relative form of an absolute or relative path that lies inside the
    /// root, with `/` separators (`None` when it does not lie inside).
    pub fn relative(&self, path: &Path) -> Option<String> {
        let path = if path.is_absolute() {
            path.strip_prefix(&self.dir).ok()?.to_path_buf()
        } else {
            path.to_path_buf()
        };
        let parts = lexical_parts(&path.to_string_lossy()).ok()?;
        Some(parts.join("/"))
    }

    /// Resolves `rel` to a path that exists inside the root, following symlinks only while
    /// they stay inside. Fails with [`FsError::NotFound`] when nothing is there.
    pub fn resolve(&self, rel: &str) -> Result<PathBuf, FsError> {
        let parts = lexical_parts(rel)?;
        let joined = parts.iter().fold(self.dir.clone(), |p, part| p.join(part));
        let resolved = joined.canonicalize().map_err(|e| FsError::io(rel, e))?;
        self.confine(rel, resolved)
    }

    fn confine(&self, rel: &str, resolved: PathBuf) -> Result<PathBuf, FsError> {
        if resolved.starts_with(&self.dir) {
            Ok(resolved)
        } else {
            Err(FsError::SymlinkEscape {
                path: rel.to_string(),
                target: resolved.display().to_string(),
            })
        }
    }

    /// Where a file at `rel` is, or would be created: inside the root, whatever part of the
    /// path exists already (a committed symlinked directory on the way is followed only
    /// while it stays inside).
    pub fn resolve_new(&self, rel: &str) -> Result<PathBuf, FsError> {
        let parts = lexical_parts(rel)?;
        let mut existing = self.dir.clone();
        let mut rest = parts.as_slice();
        while let Some((first, tail)) = rest.split_first() {
            let next = existing.join(first);
            if std::fs::symlink_metadata(&next).is_err() {
                break;
            }
            existing = self.confine(rel, next.canonicalize().map_err(|e| FsError::io(rel, e))?)?;
            rest = tail;
        }
        Ok(rest.iter().fold(existing, |path, part| path.join(part)))
    }

    /// The bytes of the regular file at `rel`, at most [`Root::limit`] of them.
    pub fn read(&self, rel: &str) -> Result<Vec<u8>, FsError> {
        let path = self.resolve(rel)?;
        read_regular(rel, &path, self.limit)
    }

    /// The regular file at `rel` as a stream, for files too large to hold at once (a
    /// 200 MB benchmark report read by a gate). Reading past [`Root::limit`] fails with an
    /// I/O error naming the limit, so a hostile file cannot
    /// make a streaming reader run forever either.
    pub fn open_read(&self, rel: &str) -> Result<BoundedReader, FsError> {
        let path = self.resolve(rel)?;
        let meta = std::fs::metadata(&path).map_err(|e| FsError::io(rel, e))?;
        if !meta.file_type().is_file() {
            return Err(FsError::NotRegular {
                path: rel.to_string(),
                kind: describe(&meta.file_type()),
            });
        }
        let file = File::open(&path).map_err(|e| FsError::io(rel, e))?;
        Ok(BoundedReader {
            inner: file,
            left: self.limit,
            limit: self.limit,
        })
    }

    /// Like [`Root::read`], `None` when there is no file at `rel`.
    pub fn read_optional(&self, rel: &str) -> Result<Option<Vec<u8>>, FsError> {
        match self.read(rel) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.is_not_found() => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// The file at `rel` as UTF-8 text.
    pub fn read_to_string(&self, rel: &str) -> Result<String, FsError> {
        let bytes = self.read(rel)?;
        String::from_utf8(bytes).map_err(|e| FsError::Io {
            path: rel.to_string(),
            source: io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "not valid UTF-8 (first bad byte at offset {})",
                    e.utf8_error().valid_up_to()
                ),
            ),
        })
    }

    /// Whether a regular file is at `rel` (inside the root).
    pub fn is_file(&self, rel: &str) -> bool {
        self.resolve(rel)
            .and_then(|p| std::fs::metadata(&p).map_err(|e| FsError::io(rel, e)))
            .is_ok_and(|m| m.is_file())
    }

    /// Creates the directory `rel` and its parents inside the root. An existing component
    /// that is a symlink leaving the root is refused.
    pub fn create_dir_all(&self, rel: &str) -> Result<PathBuf, FsError> {
        let parts = lexical_parts(rel)?;
        let mut current = self.dir.clone();
        for part in parts {
            let next = current.join(&part);
            match std::fs::symlink_metadata(&next) {
                Ok(meta) if meta.file_type().is_symlink() || meta.is_dir() => {
                    let resolved = next.canonicalize().map_err(|e| FsError::io(rel, e))?;
                    current = self.confine(rel, resolved)?;
                    if !current.is_dir() {
                        return Err(FsError::NotRegular {
                            path: rel.to_string(),
                            kind: "not a directory",
                        });
                    }
                }
                Ok(_) => {
                    return Err(FsError::NotRegular {
                        path: rel.to_string(),
                        kind: "a file where a directory is needed",
                    });
                }
                Err(e) if e.kind() == io::ErrorKind::NotFound => {
                    match std::fs::create_dir(&next) {
                        Ok(()) => {}
                        // Another process made it meanwhile: check it like any other.
                        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                            let resolved = next.canonicalize().map_err(|e| FsError::io(rel, e))?;
                            self.confine(rel, resolved)?;
                        }
                        Err(e) => return Err(FsError::io(rel, e)),
                    }
                    current = next;
                }
                Err(e) => return Err(FsError::io(rel, e)),
            }
        }
        Ok(current)
    }

    /// Writes `bytes` to `rel` atomically: a reader sees the old file or the new one, never
    /// half of one. The parent directories are created inside the root; a symlink at the
    /// destination is replaced by the file, never written through.
    pub fn write_atomic(&self, rel: &str, bytes: &[u8]) -> Result<PathBuf, FsError> {
        let parts = lexical_parts(rel)?;
        let Some((name, parents)) = parts.split_last() else {
            return Err(FsError::OutsidePath {
                path: rel.to_string(),
                reason: "names the repository root, not a file",
            });
        };
        let dir = self.create_dir_all(&parents.join("/"))?;
        let destination = dir.join(name);
        if let Ok(meta) = std::fs::symlink_metadata(&destination)
            && meta.is_dir()
        {
            return Err(FsError::NotRegular {
                path: rel.to_string(),
                kind: "a directory",
            });
        }
        write_beside(rel, &dir, &destination, bytes)?;
        Ok(destination)
    }

    /// Writes `bytes` to a new file `rel`, never replacing anything: an existing file,
    /// directory or symlink at `rel` is an `AlreadyExists` error (see
    /// [`FsError::is_already_exists`]). The file appears whole: it is written beside the
    /// destination and hard-linked into place, which fails rather than overwrite.
    pub fn create_new(&self, rel: &str, bytes: &[u8]) -> Result<PathBuf, FsError> {
        let parts = lexical_parts(rel)?;
        let Some((name, parents)) = parts.split_last() else {
            return Err(FsError::OutsidePath {
                path: rel.to_string(),
                reason: "names the repository root, not a file",
            });
        };
        let dir = self.create_dir_all(&parents.join("/"))?;
        let destination = dir.join(name);
        let tmp = dir.join(format!(
            ".{name}.{}.{}.new",
            std::process::id(),
            UNIQUE.fetch_add(1, Ordering::Relaxed)
        ));
        let result = (|| {
            let mut file = OpenOptions::new().write(true).create_new(true).open(&tmp)?;
            file.write_all(bytes)?;
            file.sync_all()?;
            std::fs::hard_link(&tmp, &destination)
        })();
        let _ = std::fs::remove_file(&tmp);
        result.map_err(|e| FsError::io(rel, e))?;
        Ok(destination)
    }
}

static UNIQUE: AtomicU64 = AtomicU64::new(0);

/// Writes through a temporary file created exclusively in `dir` (unique per process and
/// call, so concurrent writers never share one), then renames it over `destination`.
fn write_beside(rel: &str, dir: &Path, destination: &Path, bytes: &[u8]) -> Result<(), FsError> {
    let file_name = destination
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(
        ".{file_name}.{}.{}.tmp",
        std::process::id(),
        UNIQUE.fetch_add(1, Ordering::Relaxed)
    ));
    let result = (|| {
        let mut file = OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&tmp, destination)
    })();
    result.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        FsError::io(rel, e)
    })
}

/// Writes `bytes` to `path` atomically, outside any repository root (a cache, a report the
/// user asked for by path). A symlink at the destination is replaced, not followed.
pub fn write_atomic_at(path: &Path, bytes: &[u8]) -> Result<(), FsError> {
    let shown = path.display().to_string();
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir).map_err(|e| FsError::io(&shown, e))?;
    write_beside(&shown, &dir, path, bytes)
}

/// A file opened by [`Root::open_read`]: yields an error instead of a byte past the limit.
#[derive(Debug)]
pub struct BoundedReader {
    inner: File,
    left: u64,
    limit: u64,
}

impl Read for BoundedReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.left == 0 {
            // One probe byte tells "exactly the limit" from "more".
            let mut probe = [0u8; 1];
            return match self.inner.read(&mut probe)? {
                0 => Ok(0),
                _ => Err(io::Error::other(format!(
                    "larger than the {}-byte limit for one file",
                    self.limit
                ))),
            };
        }
        let want = buf
            .len()
            .min(usize::try_from(self.left).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..want])?;
        self.left -= n as u64;
        Ok(n)
    }
}

/// Reads a regular file at an absolute or working-directory path that the *user* chose on
/// the command line (`--pr-body FILE`): no confinement, but still regular files only and
/// bounded by `limit`.
pub fn read_user_file(path: &Path, limit: u64) -> Result<Vec<u8>, FsError> {
    read_regular(&path.display().to_string(), path, limit)
}

fn read_regular(rel: &str, path: &Path, limit: u64) -> Result<Vec<u8>, FsError> {
    let meta = std::fs::metadata(path).map_err(|e| FsError::io(rel, e))?;
    let file_type = meta.file_type();
    if !file_type.is_file() {
        return Err(FsError::NotRegular {
            path: rel.to_string(),
            kind: describe(&file_type),
        });
    }
    let file = File::open(path).map_err(|e| FsError::io(rel, e))?;
    let mut bytes = Vec::with_capacity(meta.len().min(limit) as usize);
    // One byte past the limit tells "exactly the limit" from "more": the metadata length
    // cannot be trusted (procfs, files growing while read).
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| FsError::io(rel, e))?;
    if bytes.len() as u64 > limit {
        return Err(FsError::TooLarge {
            path: rel.to_string(),
            limit,
        });
    }
    Ok(bytes)
}

fn describe(file_type: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return "a device";
        }
    }
    if file_type.is_dir() {
        "a directory"
    } else {
        "not a regular file"
    }
}

/// The components of a repository-relative path, refusing what would leave the root.
fn lexical_parts(rel: &str) -> Result<Vec<String>, FsError> {
    let refuse = |reason| FsError::OutsidePath {
        path: rel.to_string(),
        reason,
    };
    let path = Path::new(rel);
    let mut parts = Vec::new();
    for component in path.components() {
        match component {
            Component::Normal(part) => parts.push(part.to_string_lossy().into_owned()),
            Component::CurDir => {}
            Component::ParentDir => return Err(refuse("`..` would leave the repository")),
            Component::RootDir | Component::Prefix(_) => {
                return Err(refuse("an absolute path is outside the repository"));
            }
        }
    }
    Ok(parts)
}

/// Whether `rel` stays inside a root by its spelling alone (no `..`, not absolute): for
/// settings checked before any file exists (`decisions_dir`, `[database] migrations`).
pub fn is_confined(rel: &str) -> bool {
    lexical_parts(rel).is_ok()
}
