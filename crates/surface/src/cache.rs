//! Cache of per-file parse results, so a re-run after editing one file of a large tree
//! re-parses that one file and does not even read the others.
//!
//! # Trust
//!
//! The tree under analysis is written by the change being judged, so the cache must not be
//! forgeable by it: a forged summary would hide a breaking change. Hence:
//!
//! - **Outside the repository.** [`default_dir`] is `$ACCORD_CACHE_DIR`, else
//!   `$XDG_CACHE_HOME/accord`, else `~/.cache/accord` (plus `/surface`), and a location that
//!   resolves (symlinks included) inside the repository is refused. The extraction refuses it
//!   again on its own (a directory inside the package root or its enclosing git repository):
//!   every file is then parsed and [`Stats::cache_refused`] is set.
//! - **Authenticated entries.** The directory holds a 32-byte secret `key` (created once from
//!   the OS random source, mode 0600). Every entry and stat index carries an HMAC-SHA256 under
//!   that key, over its own name and its content, so an entry cannot be forged, edited or
//!   copied under another name by anyone who cannot read the key. An entry that fails the
//!   check is never used: the file is parsed again, the entry rewritten, and the event counted
//!   in [`Stats::untrusted`].
//! - **Keyed by content and tool.** An entry's name is the SHA-256 of the cache format, a
//!   fingerprint of this crate's extractor sources and version (any change to the extractors
//!   invalidates every entry), the language, the per-file parameters (path relative to the
//!   package root, which spans and findings quote; the Python module name) and the SHA-256 of
//!   the file's bytes.
//! - **No symlink is followed** inside the directory: sub-directories must be real
//!   directories, entries are read only when they are regular files, temporary files are
//!   created exclusively and renamed over the destination (which replaces a symlink instead of
//!   writing through it). Reads are bounded.
//!
//! # The stat index
//!
//! To tell that a file is unchanged without reading it, the directory keeps one index per
//! package root: relative path → (size, mtime, ctime, inode, device, SHA-256 of the bytes),
//! like git's index. A file whose stat matches its index row costs one `stat`; its entry name
//! is computed from the recorded hash. A row is only recorded when the file's mtime is older
//! than the start of the run by [`RACY_SLACK_NS`], so a file modified during or just after the
//! run that read it (within the file system's timestamp granularity) is "racily clean" and is
//! read and hashed again next time. Any doubt (no row, another stat, an index that fails its
//! HMAC) falls back to reading and hashing.
//!
//! # The package entry
//!
//! Loading 2001 file summaries and resolving 336 000 symbols again costs seconds even when no
//! file changed, so each package (each stat index) also keeps its last whole extraction: the
//! sorted surface and findings, named by the code, the package, every file's path and content
//! hash and the extractor's other inputs (the manifest's text, the entry, the options). When
//! every file is stat-clean and those inputs are the same, that entry is the whole answer; any
//! doubt falls back to the per-file entries. It is authenticated like the others, under a
//! name fixed per package (so it is replaced, not accumulated: a surface is large), and it is
//! written only when every file's hash went into the stat index (not for a racily-clean file).
//! Symbols are stored in the compact encoding of [`crate::codec`].
//!
//! The entry also lists each file's content hash. When a few files differ from it, it is
//! offered as stale ([`Package::Stale`]): if each of them only moved code (the summary the
//! entry was computed from and the current one differ in positions alone, see
//! [`crate::moved`]), the entry with their symbols moved is the answer, counted in
//! [`Stats::moved_only`]; otherwise the package is extracted in full and the entry replaced.
//!
//! # Layout and growth
//!
//! `<dir>/key`, `<dir>/index/<id>.json`, `<dir>/package/<id>.bin` (`<frame>\n<u64 length><JSON
//! [[path, sha256]…]><extraction>`),
//! `<dir>/<first two hex digits>/<name>.entry` (JSON, or binary for Rust). Writes go to a temporary file in the same
//! directory renamed into place, so concurrent runs and a crash never leave a half-written
//! entry under a real name. Failing to write is never an error; the run just goes uncached.
//! File entries are not pruned: every edit adds one (about twice the source size for dense
//! public API); a package keeps one package entry. Deleting the directory is always safe.

use crate::{Options, Source, read_source, rel_path};
use accord_model::Finding;
use accord_model::surface::Surface;
use serde::Serialize;
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

/// Bumped by hand when the entry layout changes (the source fingerprint covers the rest).
const FORMAT: &str = "accord-surface-cache/4";

/// How much older than the start of a run a file's mtime must be for its stat to be
/// recorded: more than the coarsest timestamp granularity of common file systems (1 s on
/// ext3/HFS+), so a write racing with the run is never mistaken for the content read.
pub const RACY_SLACK_NS: i128 = 2_000_000_000;

/// Counts of one extraction: how many files were parsed and how many came from the cache.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Stats {
    /// Source files found under the package.
    pub files: usize,
    /// Files parsed (cache disabled, cold, or the file changed).
    pub parsed: usize,
    /// Files whose summary was read from the cache (or that the package entry stood for).
    pub from_cache: usize,
    /// Of `from_cache`, files known unchanged from the stat index alone: neither read nor hashed.
    pub stat_clean: usize,
    /// Files not parsed at all: unreadable, too large, not UTF-8, nested too deep.
    pub skipped: usize,
    /// Cache entries found but unusable (truncated, malformed, other shape); each was re-parsed.
    pub corrupt: usize,
    /// Entries or stat indexes that failed authentication (forged, edited, renamed, or not
    /// regular files); never used, the files were read and parsed again.
    pub untrusted: usize,
    /// Cache entries that could not be written (read-only or full disk, a symlink in the
    /// way); extraction went on.
    pub write_errors: usize,
    /// The cache directory was refused (inside the analysed repository, or its key unusable);
    /// every file was parsed.
    pub cache_refused: bool,
    /// Packages whose whole extraction came from their package entry: every file stat-clean
    /// and the manifest unchanged, so no summary was loaded and nothing resolved (0 or 1 for
    /// one extraction).
    pub whole_packages: usize,
    /// Changed files whose new summary differs from the one the package entry was computed
    /// from only in positions (an edited function body, a comment): the entry was brought up
    /// to date by moving their symbols' lines, with nothing resolved.
    pub moved_only: usize,
}

impl std::ops::AddAssign for Stats {
    fn add_assign(&mut self, o: Stats) {
        self.files += o.files;
        self.parsed += o.parsed;
        self.from_cache += o.from_cache;
        self.stat_clean += o.stat_clean;
        self.skipped += o.skipped;
        self.corrupt += o.corrupt;
        self.untrusted += o.untrusted;
        self.write_errors += o.write_errors;
        self.cache_refused |= o.cache_refused;
        self.whole_packages += o.whole_packages;
        self.moved_only += o.moved_only;
    }
}

/// Why no cache directory can be used for a repository.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CacheDirError {
    /// None of `ACCORD_CACHE_DIR`, `XDG_CACHE_HOME`, `HOME` is set.
    #[error("no cache directory: set ACCORD_CACHE_DIR, XDG_CACHE_HOME or HOME")]
    NoHome,
    /// The variable holds a relative path, which would be resolved against the repository.
    #[error("{var}={path}: the cache directory must be an absolute path")]
    Relative {
        /// The environment variable.
        var: &'static str,
        /// Its value.
        path: PathBuf,
    },
    /// The location resolves inside the repository under analysis, which the change can write.
    #[error(
        "{dir}: the cache directory is inside the repository {repo}, which the change under review can write; refused"
    )]
    InsideRepository {
        /// The cache directory as configured.
        dir: PathBuf,
        /// The repository root.
        repo: PathBuf,
    },
}

/// Where `accord` keeps the surface cache when analysing the repository at `repo`, from the
/// process environment (see [`dir_from_env`]).
pub fn default_dir(repo: &Path) -> Result<PathBuf, CacheDirError> {
    dir_from_env(repo, |v| std::env::var_os(v))
}

/// `$ACCORD_CACHE_DIR/surface`, else `$XDG_CACHE_HOME/accord/surface`, else
/// `$HOME/.cache/accord/surface`, read through `env`; refused when it is relative or resolves
/// (following symlinks of its existing part) inside `repo`.
pub fn dir_from_env(
    repo: &Path,
    env: impl Fn(&str) -> Option<OsString>,
) -> Result<PathBuf, CacheDirError> {
    let set = |v: &str| env(v).filter(|s| !s.is_empty()).map(PathBuf::from);
    let (var, base) = if let Some(d) = set("ACCORD_CACHE_DIR") {
        ("ACCORD_CACHE_DIR", d)
    } else if let Some(d) = set("XDG_CACHE_HOME") {
        ("XDG_CACHE_HOME", d.join("accord"))
    } else if let Some(h) = set("HOME") {
        ("HOME", h.join(".cache").join("accord"))
    } else {
        return Err(CacheDirError::NoHome);
    };
    if !base.is_absolute() {
        return Err(CacheDirError::Relative { var, path: base });
    }
    let dir = base.join("surface");
    if is_inside(&dir, repo) {
        return Err(CacheDirError::InsideRepository {
            dir,
            repo: repo.to_path_buf(),
        });
    }
    Ok(dir)
}

/// `path` with its longest existing prefix canonicalized (symlinks and `..` resolved there);
/// a dangling symlink is followed to where it points, since creating the directory would.
fn resolve(path: &Path) -> PathBuf {
    resolve_at(path, 0)
}

fn resolve_at(path: &Path, depth: usize) -> PathBuf {
    let mut rest = Vec::new();
    let mut cur = path.to_path_buf();
    loop {
        let found = if let Ok(c) = cur.canonicalize() {
            Some(c)
        } else if depth < 40
            && cur
                .symlink_metadata()
                .is_ok_and(|m| m.file_type().is_symlink())
            && let Ok(target) = std::fs::read_link(&cur)
        {
            let target = match cur.parent() {
                Some(parent) if target.is_relative() => parent.join(target),
                _ => target,
            };
            Some(resolve_at(&target, depth + 1))
        } else {
            None
        };
        if let Some(c) = found {
            return rest.iter().rev().fold(c, |p, n: &OsString| p.join(n));
        }
        match (cur.parent(), cur.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                cur = parent.to_path_buf();
            }
            _ => return path.to_path_buf(),
        }
    }
}

/// Whether `path` resolves to `root` or below it.
fn is_inside(path: &Path, root: &Path) -> bool {
    resolve(path).starts_with(resolve(root))
}

/// The git work tree holding `root`: the nearest ancestor with a `.git` entry.
fn enclosing_repo(root: &Path) -> Option<PathBuf> {
    let root = resolve(root);
    root.ancestors()
        .find(|a| a.join(".git").symlink_metadata().is_ok())
        .map(Path::to_path_buf)
}

/// Hash of the extractor sources compiled into this binary: a summary produced by other code
/// must not be served, and version numbers do not change between development builds.
fn code_fingerprint() -> &'static [u8; 32] {
    static FP: OnceLock<[u8; 32]> = OnceLock::new();
    FP.get_or_init(|| {
        let mut h = Sha256::new();
        for src in [
            include_str!("lib.rs"),
            include_str!("cache.rs"),
            include_str!("codec.rs"),
            include_str!("normalize.rs"),
            include_str!("rust.rs"),
            include_str!("macros.rs"),
            include_str!("ts.rs"),
            include_str!("python.rs"),
        ] {
            field(&mut h, src.as_bytes());
        }
        field(&mut h, env!("CARGO_PKG_VERSION").as_bytes());
        field(
            &mut h,
            &accord_model::surface::SURFACE_SCHEMA_VERSION.to_le_bytes(),
        );
        h.finalize().into()
    })
}

/// Length-prefixed, so no two different field lists hash the same byte stream.
fn field(h: &mut Sha256, bytes: &[u8]) {
    h.update((bytes.len() as u64).to_le_bytes());
    h.update(bytes);
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::with_capacity(64), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// HMAC-SHA256 (RFC 2104) of the length-prefixed `parts`.
fn hmac(key: &[u8; 32], parts: &[&[u8]]) -> [u8; 32] {
    hmac_with(key, |h| {
        for p in parts {
            field(h, p);
        }
    })
}

/// HMAC-SHA256 of whatever `feed` hashes.
fn hmac_with(key: &[u8; 32], feed: impl FnOnce(&mut Sha256)) -> [u8; 32] {
    let mut ipad = [0x36u8; 64];
    let mut opad = [0x5cu8; 64];
    for (i, k) in key.iter().enumerate() {
        ipad[i] ^= k;
        opad[i] ^= k;
    }
    let mut inner = Sha256::new();
    inner.update(ipad);
    feed(&mut inner);
    let mut outer = Sha256::new();
    outer.update(opad);
    outer.update(inner.finalize());
    outer.finalize().into()
}

/// Equality that does not stop at the first difference.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// What the stat index remembers of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
struct Stamp {
    size: u64,
    mtime_ns: i128,
    ctime_ns: i128,
    ino: u64,
    dev: u64,
}

impl Stamp {
    #[cfg(unix)]
    fn of(meta: &std::fs::Metadata) -> Option<Stamp> {
        use std::os::unix::fs::MetadataExt;
        Some(Stamp {
            size: meta.len(),
            mtime_ns: i128::from(meta.mtime()) * 1_000_000_000 + i128::from(meta.mtime_nsec()),
            ctime_ns: i128::from(meta.ctime()) * 1_000_000_000 + i128::from(meta.ctime_nsec()),
            ino: meta.ino(),
            dev: meta.dev(),
        })
    }

    /// Without inode and change time a stat cannot vouch for content: always read.
    #[cfg(not(unix))]
    fn of(_: &std::fs::Metadata) -> Option<Stamp> {
        None
    }
}

/// One row of the stat index.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct Row {
    stamp: Stamp,
    sha256: String,
}

fn now_ns() -> i128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as i128)
        .unwrap_or(0)
}

/// The cache of one extraction, shared by the parallel per-file workers.
pub(crate) struct Cache {
    store: Option<Store>,
    language: &'static str,
    refused: bool,
    /// Start of this run, for the racily-clean rule.
    started_ns: i128,
    /// The stat index read at the start, and the one this run builds.
    old_index: BTreeMap<String, Row>,
    new_index: Mutex<BTreeMap<String, Row>>,
    index_dirty: AtomicBool,
    parsed: AtomicUsize,
    from_cache: AtomicUsize,
    stat_clean: AtomicUsize,
    skipped: AtomicUsize,
    corrupt: AtomicUsize,
    untrusted: AtomicUsize,
    write_errors: AtomicUsize,
    whole_package: AtomicBool,
    moved_only: AtomicUsize,
}

/// What [`Cache::package`] found for a package.
pub(crate) enum Package {
    /// The stored extraction is the answer: every file stat-clean, nothing else changed.
    Whole(Surface, Vec<Finding>),
    /// The stored extraction was made from other contents of a few files; the file list and
    /// the other inputs are the same. The extractor decides whether it can be brought up to
    /// date ([`crate::moved`]).
    Stale(Stale),
    /// Nothing usable: the per-file path.
    Miss,
}

/// A package entry made from other contents of [`Stale::changed`].
pub(crate) struct Stale {
    bytes: Vec<u8>,
    /// Where the extractor's own notes ([`Cache::store_package`]'s `extra`) are in `bytes`.
    extra: std::ops::Range<usize>,
    /// Offset of the extraction in `bytes`.
    body: usize,
    /// Files whose content is not known to be the one the entry was computed from.
    pub(crate) changed: Vec<Changed>,
    /// The stat-clean files whose content the entry was computed from.
    clean: Vec<(String, Row)>,
}

/// A file of a [`Stale`] entry.
pub(crate) struct Changed {
    pub(crate) path: PathBuf,
    pub(crate) rel: String,
    /// Content hash of the file the entry was computed from.
    stored_sha256: String,
}

/// At most this many changed files are brought up to date in a package entry; beyond, a
/// full extraction (which stores a fresh entry) is as cheap.
const MAX_STALE_FILES: usize = 16;

/// An opened, trusted cache directory.
struct Store {
    dir: PathBuf,
    secret: [u8; 32],
    /// Name of this package's stat index.
    index_id: String,
    /// Largest entry read, so a huge file in the directory cannot exhaust memory.
    max_entry: u64,
}

/// How a summary is written into its entry: JSON (the TypeScript and Python summaries), or
/// the compact encoding of [`crate::codec`] (the Rust ones, loaded by the thousand).
pub(crate) struct Codec<T> {
    encode: fn(&T) -> Option<Vec<u8>>,
    decode: fn(&[u8]) -> Option<T>,
}

impl<T: Serialize + DeserializeOwned> Codec<T> {
    pub(crate) fn json() -> Codec<T> {
        Codec {
            encode: |v| serde_json::to_vec(v).ok(),
            decode: |b| serde_json::from_slice(b).ok(),
        }
    }
}

impl<T: crate::codec::Bin> Codec<T> {
    pub(crate) fn binary() -> Codec<T> {
        Codec {
            encode: |v| Some(crate::codec::to_bytes(v)),
            decode: crate::codec::from_bytes,
        }
    }
}

enum Entry<T> {
    Hit(T),
    Missing,
    Corrupt,
    Untrusted,
}

impl Cache {
    /// The cache for extracting the package at `root` in `language` under `options`: the
    /// directory of [`Options::cache_dir`] unless it lies inside `root` or its git work tree,
    /// or its key is unusable; a pass-through that only counts otherwise.
    pub(crate) fn open(options: &Options, root: &Path, language: &'static str) -> Cache {
        let started_ns = now_ns();
        let mut refused = false;
        let store = options.cache_dir.as_deref().and_then(|dir| {
            let repo = enclosing_repo(root);
            if is_inside(dir, root) || repo.is_some_and(|r| is_inside(dir, &r)) {
                refused = true;
                return None;
            }
            match Store::open(dir, root, language, options) {
                Some(s) => Some(s),
                None => {
                    refused = true;
                    None
                }
            }
        });
        let mut cache = Cache {
            store: None,
            language,
            refused,
            started_ns,
            old_index: BTreeMap::new(),
            new_index: Mutex::new(BTreeMap::new()),
            index_dirty: AtomicBool::new(false),
            parsed: AtomicUsize::new(0),
            from_cache: AtomicUsize::new(0),
            stat_clean: AtomicUsize::new(0),
            skipped: AtomicUsize::new(0),
            corrupt: AtomicUsize::new(0),
            untrusted: AtomicUsize::new(0),
            write_errors: AtomicUsize::new(0),
            whole_package: AtomicBool::new(false),
            moved_only: AtomicUsize::new(0),
        };
        if let Some(store) = &store {
            match store.read_index() {
                Entry::Hit(rows) => cache.old_index = rows,
                Entry::Untrusted => {
                    cache.untrusted.fetch_add(1, Ordering::Relaxed);
                }
                Entry::Corrupt => {
                    cache.corrupt.fetch_add(1, Ordering::Relaxed);
                }
                Entry::Missing => {}
            }
        }
        cache.store = store;
        cache
    }

    /// The summary of the source file at `path` (shown as `rel`): from the cache when the file
    /// is unchanged, otherwise read and parsed with `parse`, then stored. `params` are the
    /// per-file inputs of `parse` besides the text. `Err` is the finding of a skipped file.
    pub(crate) fn summary<T: Serialize + DeserializeOwned>(
        &self,
        path: &Path,
        rel: &str,
        params: &[&str],
        options: &Options,
        parse: impl FnOnce(&str) -> T,
    ) -> Result<T, Box<Finding>> {
        self.summary_with(path, rel, params, options, Codec::json(), parse)
    }

    /// [`Cache::summary`], the entry written with `codec`.
    pub(crate) fn summary_with<T>(
        &self,
        path: &Path,
        rel: &str,
        params: &[&str],
        options: &Options,
        codec: Codec<T>,
        parse: impl FnOnce(&str) -> T,
    ) -> Result<T, Box<Finding>> {
        let Some(store) = &self.store else {
            return match read_source(path, rel, options) {
                Source::Text(text) => {
                    self.parsed.fetch_add(1, Ordering::Relaxed);
                    Ok(parse(&text))
                }
                Source::Skipped(f) => {
                    self.skipped.fetch_add(1, Ordering::Relaxed);
                    Err(f)
                }
            };
        };
        // Taken before reading, so a write after this point changes the stamp next time.
        let stamp = std::fs::metadata(path)
            .ok()
            .filter(|m| m.is_file())
            .and_then(|m| Stamp::of(&m));
        let mut tried = None;
        if let (Some(stamp), Some(row)) = (stamp, self.old_index.get(rel))
            && row.stamp == stamp
            && stamp.size <= options.max_file_bytes
        {
            let name = self.name(params, &row.sha256);
            let entry = store.read(&name, &codec);
            tried = Some(name);
            match entry {
                Entry::Hit(v) => {
                    self.from_cache.fetch_add(1, Ordering::Relaxed);
                    self.stat_clean.fetch_add(1, Ordering::Relaxed);
                    self.remember(rel, row.clone());
                    return Ok(v);
                }
                other => self.count(&other),
            }
        }
        let text = match read_source(path, rel, options) {
            Source::Text(text) => text,
            Source::Skipped(f) => {
                self.skipped.fetch_add(1, Ordering::Relaxed);
                self.index_dirty.store(true, Ordering::Relaxed);
                return Err(f);
            }
        };
        let sha256 = hex(&Sha256::digest(text.as_bytes()));
        let name = self.name(params, &sha256);
        if let Some(stamp) = stamp
            && stamp.size == text.len() as u64
            && stamp.mtime_ns + RACY_SLACK_NS < self.started_ns
        {
            self.remember(rel, Row { stamp, sha256 });
        }
        self.index_dirty.store(true, Ordering::Relaxed);
        // The same entry already failed above: parse, do not count it twice.
        if tried.as_deref() != Some(name.as_str()) {
            match store.read(&name, &codec) {
                Entry::Hit(v) => {
                    self.from_cache.fetch_add(1, Ordering::Relaxed);
                    return Ok(v);
                }
                other => self.count(&other),
            }
        }
        let value = parse(&text);
        self.parsed.fetch_add(1, Ordering::Relaxed);
        if store.write(&name, &value, &codec).is_err() {
            self.write_errors.fetch_add(1, Ordering::Relaxed);
        }
        Ok(value)
    }

    fn count<T>(&self, e: &Entry<T>) {
        match e {
            Entry::Corrupt => self.corrupt.fetch_add(1, Ordering::Relaxed),
            Entry::Untrusted => self.untrusted.fetch_add(1, Ordering::Relaxed),
            Entry::Hit(_) | Entry::Missing => 0,
        };
    }

    fn remember(&self, rel: &str, row: Row) {
        if let Ok(mut idx) = self.new_index.lock() {
            idx.insert(rel.to_string(), row);
        }
    }

    /// Saves the stat index when it changed, and returns the counters; `files` is the number of
    /// files offered.
    pub(crate) fn finish(&self, files: usize) -> Stats {
        if let Some(store) = &self.store {
            let rows = self.new_index.lock().map(|g| g.clone()).unwrap_or_default();
            // Files that disappeared make the index shrink: rewrite then too.
            let changed =
                self.index_dirty.load(Ordering::Relaxed) || rows.len() != self.old_index.len();
            if changed && store.write_index(&rows).is_err() {
                self.write_errors.fetch_add(1, Ordering::Relaxed);
            }
        }
        Stats {
            files,
            parsed: self.parsed.load(Ordering::Relaxed),
            from_cache: self.from_cache.load(Ordering::Relaxed),
            stat_clean: self.stat_clean.load(Ordering::Relaxed),
            skipped: self.skipped.load(Ordering::Relaxed),
            corrupt: self.corrupt.load(Ordering::Relaxed),
            untrusted: self.untrusted.load(Ordering::Relaxed),
            write_errors: self.write_errors.load(Ordering::Relaxed),
            cache_refused: self.refused,
            whole_packages: usize::from(self.whole_package.load(Ordering::Relaxed)),
            moved_only: self.moved_only.load(Ordering::Relaxed),
        }
    }

    /// The extraction an earlier run stored for this package ([`Cache::store_package`]):
    /// [`Package::Whole`] when every one of `files` (as walked under `root`) is stat-clean
    /// with the content it was computed from and the extractor's other `inputs` (manifest
    /// text, options) are the same: then nothing but the entry is read, no summary loaded and
    /// nothing resolved. [`Package::Stale`] when only a few files differ (or are not
    /// stat-clean). A damaged or forged entry is counted and never used.
    pub(crate) fn package(
        &self,
        root: &Path,
        files: &[PathBuf],
        inputs: &[&[u8]],
        options: &Options,
    ) -> Package {
        let Some(store) = self.store.as_ref() else {
            return Package::Miss;
        };
        // Each file: its stat index row when the stat matches it (the same test as a
        // stat-clean summary), else `None`: any doubt and the file counts as changed.
        let mut rows = Vec::with_capacity(files.len());
        let mut total = 0u64;
        for path in files {
            let rel = rel_path(root, path);
            let stamp = std::fs::metadata(path)
                .ok()
                .filter(|m| m.is_file())
                .and_then(|m| Stamp::of(&m));
            let row = self.old_index.get(&rel).filter(|row| {
                stamp.as_ref() == Some(&row.stamp) && row.stamp.size <= options.max_file_bytes
            });
            total += stamp.map_or(0, |s| s.size);
            rows.push((rel, row));
        }
        // A surface is a few times the size of its source at most; the bound keeps a huge
        // file in the directory from exhausting memory.
        let limit = total.saturating_mul(16).max(store.max_entry);
        let (bytes, start) =
            match store.read_authenticated(&store.package_path(), &store.package_label(), limit) {
                Entry::Hit(read) => read,
                other => {
                    self.count(&other);
                    return Package::Miss;
                }
            };
        let frame = self.package_frame(rows.iter().map(|(rel, _)| rel.as_str()), inputs);
        let Some(stored) = read_package_frame(&bytes[start..], &frame) else {
            // Another file list, other inputs or another code: a miss, not damage.
            return Package::Miss;
        };
        let Some((stored_rows, extra, body)) = stored else {
            self.corrupt.fetch_add(1, Ordering::Relaxed);
            return Package::Miss;
        };
        if stored_rows.len() != rows.len() {
            self.corrupt.fetch_add(1, Ordering::Relaxed);
            return Package::Miss;
        }
        let body = start + body;
        let extra = start + extra.start..start + extra.end;
        let mut changed = Vec::new();
        let mut clean = Vec::with_capacity(rows.len());
        for ((path, (rel, row)), (stored_rel, stored_sha256)) in
            files.iter().zip(rows).zip(stored_rows)
        {
            if rel != stored_rel {
                self.corrupt.fetch_add(1, Ordering::Relaxed);
                return Package::Miss;
            }
            match row {
                Some(row) if row.sha256 == stored_sha256 => clean.push((rel, row.clone())),
                _ => {
                    changed.push(Changed {
                        path: path.clone(),
                        rel,
                        stored_sha256,
                    });
                    if changed.len() > MAX_STALE_FILES {
                        return Package::Miss;
                    }
                }
            }
        }
        let stale = Stale {
            bytes,
            extra,
            body,
            changed,
            clean,
        };
        if !stale.changed.is_empty() {
            return Package::Stale(stale);
        }
        match stale.decode() {
            Some((surface, findings)) => {
                self.whole_package.store(true, Ordering::Relaxed);
                self.accept(stale.clean);
                Package::Whole(surface, findings)
            }
            None => {
                self.corrupt.fetch_add(1, Ordering::Relaxed);
                Package::Miss
            }
        }
    }

    /// The summary a [`Stale`] entry was computed from for `file` (stored under the same
    /// `params` and `codec` as [`Cache::summary_with`]); `None` when it is no longer there.
    pub(crate) fn stored_summary<T>(
        &self,
        file: &Changed,
        params: &[&str],
        codec: Codec<T>,
    ) -> Option<T> {
        let store = self.store.as_ref()?;
        match store.read(&self.name(params, &file.stored_sha256), &codec) {
            Entry::Hit(v) => Some(v),
            other => {
                self.count(&other);
                None
            }
        }
    }

    /// The stored extraction of a [`Stale`] entry the caller brought up to date with
    /// `moved` changed files; its stat-clean files are counted and kept in the stat index.
    pub(crate) fn accept_stale(&self, stale: Stale, moved: usize) {
        self.moved_only.fetch_add(moved, Ordering::Relaxed);
        self.accept(stale.clean);
    }

    fn accept(&self, clean: Vec<(String, Row)>) {
        self.from_cache.fetch_add(clean.len(), Ordering::Relaxed);
        self.stat_clean.fetch_add(clean.len(), Ordering::Relaxed);
        if let Ok(mut idx) = self.new_index.lock() {
            for (rel, row) in clean {
                idx.insert(rel, row);
            }
        }
    }

    /// Stores this run's extraction of the package for [`Cache::package`], when the content
    /// hash of every one of `files` was recorded in this run's stat index (a racily-clean or
    /// skipped file has none: the next run recomputes and stores then). One entry per package
    /// (per stat index), replaced each time: surfaces are large.
    pub(crate) fn store_package(
        &self,
        root: &Path,
        files: &[PathBuf],
        inputs: &[&[u8]],
        surface: &Surface,
        findings: &[Finding],
        extra: &[u8],
    ) {
        let Some(store) = &self.store else { return };
        let rows = {
            let Ok(idx) = self.new_index.lock() else {
                return;
            };
            let mut rows = Vec::with_capacity(files.len());
            for path in files {
                let rel = rel_path(root, path);
                let Some(row) = idx.get(&rel) else { return };
                rows.push((rel, row.sha256.clone()));
            }
            rows
        };
        let frame = self.package_frame(rows.iter().map(|(rel, _)| rel.as_str()), inputs);
        let Ok(rows_json) = serde_json::to_vec(&rows) else {
            return;
        };
        let Some(parts) = encode_package(surface, findings) else {
            return;
        };
        let mut first = format!("{frame}\n").into_bytes();
        first.extend_from_slice(&(rows_json.len() as u64).to_le_bytes());
        first.extend_from_slice(&rows_json);
        first.extend_from_slice(&(extra.len() as u64).to_le_bytes());
        first.extend_from_slice(extra);
        let all: Vec<&[u8]> = std::iter::once(first.as_slice())
            .chain(parts.iter().map(Vec::as_slice))
            .collect();
        let sub = store.dir.join("package");
        let written = real_dir(&sub).and_then(|()| {
            store.write_signed(&sub, &store.package_path(), &store.package_label(), &all)
        });
        if written.is_err() {
            self.write_errors.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// What a package entry is for, but for the files' contents: the code, the package (the
    /// stat index id covers the root and the limits), each file's path in walk order, and
    /// the extractor's other inputs. The content hash of each file is stored beside it.
    fn package_frame<'a>(
        &self,
        rels: impl ExactSizeIterator<Item = &'a str>,
        inputs: &[&[u8]],
    ) -> String {
        let mut h = Sha256::new();
        field(&mut h, FORMAT.as_bytes());
        field(&mut h, b"package");
        field(&mut h, code_fingerprint());
        field(&mut h, self.language.as_bytes());
        if let Some(store) = &self.store {
            field(&mut h, store.index_id.as_bytes());
        }
        field(&mut h, &(rels.len() as u64).to_le_bytes());
        for rel in rels {
            field(&mut h, rel.as_bytes());
        }
        field(&mut h, &(inputs.len() as u64).to_le_bytes());
        for i in inputs {
            field(&mut h, i);
        }
        hex(&h.finalize())
    }

    /// The entry name for these inputs.
    fn name(&self, params: &[&str], sha256: &str) -> String {
        let mut h = Sha256::new();
        field(&mut h, FORMAT.as_bytes());
        field(&mut h, code_fingerprint());
        field(&mut h, self.language.as_bytes());
        field(&mut h, &(params.len() as u64).to_le_bytes());
        for p in params {
            field(&mut h, p.as_bytes());
        }
        field(&mut h, sha256.as_bytes());
        hex(&h.finalize())
    }
}

impl Store {
    /// Opens (creating) the directory and its key; `None` when the key cannot be trusted.
    fn open(dir: &Path, root: &Path, language: &str, options: &Options) -> Option<Store> {
        // Created private: summaries of private code are nobody else's to read.
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(dir).ok()?;
        let dir = dir.canonicalize().ok()?;
        let secret = load_or_create_key(&dir)?;
        let mut h = Sha256::new();
        field(&mut h, FORMAT.as_bytes());
        field(&mut h, code_fingerprint());
        field(&mut h, language.as_bytes());
        field(&mut h, resolve(root).as_os_str().as_encoded_bytes());
        field(&mut h, &options.max_file_bytes.to_le_bytes());
        field(&mut h, &(options.max_nesting as u64).to_le_bytes());
        Some(Store {
            dir,
            secret,
            index_id: hex(&h.finalize()),
            max_entry: (options.max_file_bytes.saturating_mul(16)).max(64 << 20),
        })
    }

    /// Where this package's whole-extraction entry lives, and the name its HMAC covers.
    fn package_path(&self) -> PathBuf {
        self.dir
            .join("package")
            .join(format!("{}.bin", self.index_id))
    }

    fn package_label(&self) -> String {
        format!("package/{}", self.index_id)
    }

    fn entry_path(&self, name: &str) -> (PathBuf, PathBuf) {
        let sub = self.dir.join(&name[..2]);
        let file = sub.join(format!("{name}.entry"));
        (sub, file)
    }

    fn read<T>(&self, name: &str, codec: &Codec<T>) -> Entry<T> {
        let (_, path) = self.entry_path(name);
        match self.read_authenticated(&path, name, self.max_entry) {
            Entry::Hit((bytes, start)) => match (codec.decode)(&bytes[start..]) {
                Some(v) => Entry::Hit(v),
                None => Entry::Corrupt,
            },
            Entry::Missing => Entry::Missing,
            Entry::Corrupt => Entry::Corrupt,
            Entry::Untrusted => Entry::Untrusted,
        }
    }

    fn write<T>(&self, name: &str, value: &T, codec: &Codec<T>) -> std::io::Result<()> {
        let bytes = (codec.encode)(value).ok_or_else(|| std::io::Error::other("not encodable"))?;
        let (sub, path) = self.entry_path(name);
        real_dir(&sub)?;
        self.write_signed(&sub, &path, name, &[&bytes])
    }

    fn read_index(&self) -> Entry<BTreeMap<String, Row>> {
        let path = self
            .dir
            .join("index")
            .join(format!("{}.json", self.index_id));
        self.read_signed(&path, &format!("index/{}", self.index_id))
    }

    fn write_index(&self, rows: &BTreeMap<String, Row>) -> std::io::Result<()> {
        let json = serde_json::to_vec(rows).map_err(std::io::Error::other)?;
        let sub = self.dir.join("index");
        real_dir(&sub)?;
        let path = sub.join(format!("{}.json", self.index_id));
        self.write_signed(&sub, &path, &format!("index/{}", self.index_id), &[&json])
    }

    /// Reads `<hex HMAC>\n<json>` at `path`, a regular file that is not a symlink, and checks
    /// the HMAC over `name` and the JSON before parsing.
    fn read_signed<T: DeserializeOwned>(&self, path: &Path, name: &str) -> Entry<T> {
        match self.read_authenticated(path, name, self.max_entry) {
            Entry::Hit((bytes, start)) => match serde_json::from_slice(&bytes[start..]) {
                Ok(v) => Entry::Hit(v),
                Err(_) => Entry::Corrupt,
            },
            Entry::Missing => Entry::Missing,
            Entry::Corrupt => Entry::Corrupt,
            Entry::Untrusted => Entry::Untrusted,
        }
    }

    /// The bytes of `<hex HMAC>\n<content>` at `path` (at most `limit`), a regular file that
    /// is not a symlink, with the offset of the content, once the HMAC over `name` and the
    /// content checks.
    fn read_authenticated(&self, path: &Path, name: &str, limit: u64) -> Entry<(Vec<u8>, usize)> {
        let bytes = match read_regular(path, limit) {
            Ok(Some(b)) => b,
            Ok(None) => return Entry::Untrusted,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Entry::Missing,
            Err(_) => return Entry::Corrupt,
        };
        let Some(nl) = bytes.iter().position(|&b| b == b'\n') else {
            return Entry::Corrupt;
        };
        let (mac, content) = (&bytes[..nl], &bytes[nl + 1..]);
        let want = hex(&hmac(&self.secret, &[name.as_bytes(), content]));
        if !same(mac, want.as_bytes()) {
            return Entry::Untrusted;
        }
        Entry::Hit((bytes, nl + 1))
    }

    fn write_signed(
        &self,
        sub: &Path,
        path: &Path,
        name: &str,
        parts: &[&[u8]],
    ) -> std::io::Result<()> {
        // The MAC of `name` and the parts' concatenation, without concatenating them (a
        // package entry's parts are tens of megabytes).
        let total: usize = parts.iter().map(|p| p.len()).sum();
        let mac = hex(&hmac_with(&self.secret, |h| {
            field(h, name.as_bytes());
            h.update((total as u64).to_le_bytes());
            for p in parts {
                h.update(p);
            }
        }));
        // Unique per process and call, so two runs writing the same entry never share a
        // temporary file; the rename is atomic and both would write the same bytes anyway.
        // A counter per run was not enough: runs in one process (threads of an editor
        // integration, the tests) each counted from 0, and two of them sharing a temporary
        // name could rename one entry's bytes under another's name.
        static PROCESS_SEQ: AtomicUsize = AtomicUsize::new(0);
        let tmp = sub.join(format!(
            ".tmp-{}-{}",
            std::process::id(),
            PROCESS_SEQ.fetch_add(1, Ordering::Relaxed)
        ));
        let result = (|| {
            let mut f = create_new(&tmp)?;
            f.write_all(mac.as_bytes())?;
            f.write_all(b"\n")?;
            for p in parts {
                f.write_all(p)?;
            }
            drop(f);
            // rename replaces a symlink at `path` itself, never the file it points to.
            std::fs::rename(&tmp, path)
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        result
    }
}

/// The files a package entry was computed from: (path, content hash), in walk order.
type StoredFiles = Vec<(String, String)>;

impl Stale {
    /// What the extractor stored beside the extraction ([`Cache::store_package`]'s `extra`).
    pub(crate) fn extra(&self) -> &[u8] {
        self.bytes.get(self.extra.clone()).unwrap_or_default()
    }

    /// The stored extraction; `None` when it does not decode.
    pub(crate) fn decode(&self) -> Option<(Surface, Vec<Finding>)> {
        decode_package(self.bytes.get(self.body..)?)
    }
}

/// What a package entry's content `<frame>\n<u64 length><JSON [[path, sha256]…]><u64
/// length><extra><extraction>` holds before the extraction: the stored files, where the
/// extractor's notes are and the offset of the extraction. `None` when the entry is for
/// another frame, `Some(None)` when it is damaged.
fn read_package_frame(content: &[u8], frame: &str) -> Option<Option<Framed>> {
    let stored = content.get(..frame.len() + 1)?;
    if !same(&stored[..frame.len()], frame.as_bytes()) || stored[frame.len()] != b'\n' {
        return None;
    }
    // Two length-prefixed blocks, then the extraction; offsets are into `content`.
    let block = |at: usize| -> Option<std::ops::Range<usize>> {
        let n = content.get(at..at.checked_add(8)?)?;
        let n = usize::try_from(u64::from_le_bytes(n.try_into().ok()?)).ok()?;
        let range = at + 8..(at + 8).checked_add(n)?;
        content.get(range.clone())?;
        Some(range)
    };
    let framed = (|| {
        let rows = block(frame.len() + 1)?;
        let extra = block(rows.end)?;
        let body = extra.end;
        let rows: StoredFiles = serde_json::from_slice(&content[rows]).ok()?;
        Some((rows, extra, body))
    })();
    Some(framed)
}

/// The stored files, the range of the extractor's notes and the offset of the extraction.
type Framed = (StoredFiles, std::ops::Range<usize>, usize);

/// The surface without its symbols and the findings, as JSON (small), then the symbols in
/// the compact encoding of [`crate::codec`]: `<u64 JSON length><JSON><symbols>`, in parts to
/// be written one after the other; `None` when the JSON cannot be written.
fn encode_package(surface: &Surface, findings: &[Finding]) -> Option<Vec<Vec<u8>>> {
    // Exhaustive, so a field added to the surface cannot be left out of the entry.
    let Surface {
        schema_version,
        language,
        package,
        version,
        features,
        always_enabled,
        opaque_modules,
        restricted,
        symbols,
        test_refs,
    } = surface;
    let head = (
        schema_version,
        language,
        package,
        version,
        features,
        always_enabled,
        opaque_modules,
        restricted,
        findings,
        test_refs,
    );
    let json = serde_json::to_vec(&head).ok()?;
    let mut first = Vec::with_capacity(8 + json.len());
    first.extend_from_slice(&(json.len() as u64).to_le_bytes());
    first.extend_from_slice(&json);
    let mut parts = vec![first];
    parts.extend(crate::codec::encode_symbols(symbols));
    Some(parts)
}

/// The package [`encode_package`] wrote; `None` when it does not decode.
fn decode_package(bytes: &[u8]) -> Option<(Surface, Vec<Finding>)> {
    type Head = (
        u32,
        accord_model::surface::Language,
        String,
        Option<String>,
        BTreeMap<String, Vec<String>>,
        Vec<String>,
        Vec<String>,
        Vec<String>,
        Vec<Finding>,
        Vec<accord_model::surface::TestRef>,
    );
    let (n, rest) = bytes.split_at_checked(8)?;
    let n = usize::try_from(u64::from_le_bytes(n.try_into().ok()?)).ok()?;
    let (json, symbols) = rest.split_at_checked(n)?;
    let head: Head = serde_json::from_slice(json).ok()?;
    let (
        schema_version,
        language,
        package,
        version,
        features,
        always_enabled,
        opaque_modules,
        restricted,
        findings,
        test_refs,
    ) = head;
    let symbols = crate::codec::decode_symbols(symbols)?;
    Some((
        Surface {
            schema_version,
            language,
            package,
            version,
            features,
            always_enabled,
            opaque_modules,
            restricted,
            symbols,
            test_refs,
        },
        findings,
    ))
}

/// Creates `path` exclusively (fails on anything already there, a symlink included), 0600.
fn create_new(path: &Path) -> std::io::Result<std::fs::File> {
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
    o.open(path)
}

/// Makes sure `path` is a real directory (creating it), never a symlink to one elsewhere.
fn real_dir(path: &Path) -> std::io::Result<()> {
    match std::fs::create_dir(path) {
        Ok(()) => return Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
        Err(e) => return Err(e),
    }
    let meta = std::fs::symlink_metadata(path)?;
    if meta.is_dir() {
        Ok(())
    } else {
        Err(std::io::Error::other(format!(
            "{}: not a directory (a symlink?); not written through",
            path.display()
        )))
    }
}

/// The bytes of `path` when it is a regular file (not a symlink) of at most `limit` bytes,
/// `Ok(None)` when it is something else; `NotFound` passes through.
fn read_regular(path: &Path, limit: u64) -> std::io::Result<Option<Vec<u8>>> {
    let before = std::fs::symlink_metadata(path)?;
    if !before.file_type().is_file() {
        return Ok(None);
    }
    let f = std::fs::File::open(path)?;
    // The file opened must be the one inspected, not something swapped in between.
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let after = f.metadata()?;
        if (after.dev(), after.ino()) != (before.dev(), before.ino()) {
            return Ok(None);
        }
    }
    let mut bytes = Vec::with_capacity(before.len().min(limit) as usize);
    f.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Ok(None);
    }
    Ok(Some(bytes))
}

/// The directory's secret: `<dir>/key`, 32 bytes, a regular file readable by its owner only,
/// created from the OS random source when absent. `None` when it exists but is not that.
fn load_or_create_key(dir: &Path) -> Option<[u8; 32]> {
    let path = dir.join("key");
    for _ in 0..2 {
        match std::fs::symlink_metadata(&path) {
            Ok(meta) => {
                #[cfg(unix)]
                {
                    use std::os::unix::fs::PermissionsExt;
                    if meta.permissions().mode() & 0o077 != 0 {
                        return None;
                    }
                }
                if !meta.file_type().is_file() || meta.len() != 32 {
                    return None;
                }
                let bytes = read_regular(&path, 32).ok()??;
                return bytes.try_into().ok();
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let key = random_key()?;
                // Written aside then linked into place: linking fails when another run got
                // there first, and then its key is read.
                let tmp = dir.join(format!(".key-{}-{}", std::process::id(), now_ns()));
                let linked = (|| {
                    let mut f = create_new(&tmp)?;
                    f.write_all(&key)?;
                    f.sync_all()?;
                    drop(f);
                    std::fs::hard_link(&tmp, &path)
                })();
                let _ = std::fs::remove_file(&tmp);
                if linked.is_ok() {
                    return Some(key);
                }
            }
            Err(_) => return None,
        }
    }
    None
}

#[cfg(unix)]
fn random_key() -> Option<[u8; 32]> {
    let mut key = [0u8; 32];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut key))
        .ok()?;
    Some(key)
}

/// No portable random source without a dependency: no key, no cache.
#[cfg(not(unix))]
fn random_key() -> Option<[u8; 32]> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(dir: &Path) -> Options {
        Options {
            cache_dir: Some(dir.to_path_buf()),
            ..Options::default()
        }
    }

    #[test]
    fn hmac_matches_rfc_4231() {
        // Test case 2 of RFC 4231; a short key zero-padded to 32 bytes is the same key.
        let mut key = [0u8; 32];
        key[..4].copy_from_slice(b"Jefe");
        let mac = hmac_with(&key, |h| h.update(b"what do ya want for nothing?"));
        assert_eq!(
            hex(&mac),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        // Fields are length-prefixed: moving a byte from the name to the JSON changes the MAC.
        assert_ne!(hmac(&key, &[b"ab", b"c"]), hmac(&key, &[b"a", b"bc"]));
    }

    fn source(dir: &Path, name: &str, text: &str) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    #[test]
    fn hit_after_miss_and_tampering_is_untrusted() {
        let tmp = tempfile::tempdir().unwrap();
        let (src, dir) = (tmp.path().join("src"), tmp.path().join("cache"));
        std::fs::create_dir(&src).unwrap();
        let a = source(&src, "a.rs", "fn a() {}");
        let b = source(&src, "b.rs", "fn a() {}");
        let o = options(&dir);
        let cache = Cache::open(&o, &src, "rust");
        let v: Vec<String> = cache
            .summary(&a, "a.rs", &["a.rs"], &o, |_| vec!["a".into()])
            .unwrap();
        assert_eq!(v, vec!["a".to_string()]);
        let again: Vec<String> = cache
            .summary(&a, "a.rs", &["a.rs"], &o, |_| vec!["x".into()])
            .unwrap();
        assert_eq!(again, vec!["a".to_string()], "second call reads the entry");
        // Another path with the same bytes is another entry: spans quote the path.
        let other: Vec<String> = cache
            .summary(&b, "b.rs", &["b.rs"], &o, |_| vec!["b".into()])
            .unwrap();
        assert_eq!(other, vec!["b".to_string()]);
        let s = cache.finish(3);
        assert_eq!(
            (s.parsed, s.from_cache, s.corrupt, s.untrusted),
            (2, 1, 0, 0)
        );

        // Flip a byte inside every entry: still valid JSON, but the HMAC catches it.
        for sub in std::fs::read_dir(&dir).unwrap().flatten() {
            if sub.file_name().len() != 2 {
                continue;
            }
            for e in std::fs::read_dir(sub.path()).unwrap().flatten() {
                let mut b = std::fs::read(e.path()).unwrap();
                let last = b.len() - 3;
                b[last] = if b[last] == b'a' { b'b' } else { b'a' };
                std::fs::write(e.path(), b).unwrap();
            }
        }
        let cache = Cache::open(&o, &src, "rust");
        let v: Vec<String> = cache
            .summary(&a, "a.rs", &["a.rs"], &o, |_| vec!["a".into()])
            .unwrap();
        assert_eq!(v, vec!["a".to_string()]);
        let s = cache.finish(1);
        assert_eq!((s.parsed, s.untrusted), (1, 1));
    }

    #[test]
    fn unwritable_directory_counts_write_errors() {
        let tmp = tempfile::tempdir().unwrap();
        let (src, dir) = (tmp.path().join("src"), tmp.path().join("cache"));
        std::fs::create_dir(&src).unwrap();
        std::fs::create_dir(&dir).unwrap();
        let m = source(&src, "m.py", "x = 1");
        let o = options(&dir);
        let cache = Cache::open(&o, &src, "python");
        // Every entry sub-directory name is taken by a plain file.
        for i in 0..=255u8 {
            std::fs::write(dir.join(format!("{i:02x}")), "").unwrap();
        }
        let n: u32 = cache.summary(&m, "m.py", &["m.py"], &o, |_| 7).unwrap();
        assert_eq!(n, 7);
        assert_eq!(cache.finish(1).write_errors, 1);
    }

    #[test]
    fn location_comes_from_the_environment_and_never_inside_the_repository() {
        let tmp = tempfile::tempdir().unwrap();
        let repo = tmp.path().join("repo");
        std::fs::create_dir_all(repo.join(".accord")).unwrap();
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |v: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == v)
                    .map(|(_, x)| OsString::from(*x))
            }
        };
        assert_eq!(
            dir_from_env(&repo, env(&[("HOME", "/home/u")])),
            Ok(PathBuf::from("/home/u/.cache/accord/surface"))
        );
        assert_eq!(
            dir_from_env(&repo, env(&[("HOME", "/home/u"), ("XDG_CACHE_HOME", "/x")])),
            Ok(PathBuf::from("/x/accord/surface"))
        );
        assert_eq!(
            dir_from_env(
                &repo,
                env(&[("XDG_CACHE_HOME", "/x"), ("ACCORD_CACHE_DIR", "/a")])
            ),
            Ok(PathBuf::from("/a/surface"))
        );
        assert_eq!(dir_from_env(&repo, env(&[])), Err(CacheDirError::NoHome));
        assert!(matches!(
            dir_from_env(&repo, env(&[("ACCORD_CACHE_DIR", "rel/dir")])),
            Err(CacheDirError::Relative { .. })
        ));
        // Inside the repository, directly, through `..`, or through a symlink.
        let inside = repo.join(".accord");
        let sneaky = tmp.path().join("repo/../repo/.accord");
        let link = tmp.path().join("link");
        #[cfg(unix)]
        std::os::unix::fs::symlink(&inside, &link).unwrap();
        for d in [inside, sneaky, link] {
            let r = dir_from_env(&repo, |v| {
                (v == "ACCORD_CACHE_DIR").then(|| d.clone().into_os_string())
            });
            assert!(
                matches!(r, Err(CacheDirError::InsideRepository { .. })),
                "{}: {r:?}",
                d.display()
            );
        }
    }
}
