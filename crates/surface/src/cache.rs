//! Content-addressed cache of per-file parse results, so a re-run after editing one file of
//! a large tree re-parses that one file.
//!
//! The key is the SHA-256 of everything a per-file summary depends on: the cache format, a
//! fingerprint of this crate's extractor source code (any change to the extractors or their
//! types invalidates every entry, so a stale summary can never be served), the language, the
//! per-file parameters (path relative to the package root, which spans and findings quote;
//! the Python module name), and the file's bytes. The value is the summary as JSON, preceded
//! by a line with the SHA-256 of that JSON so in-place corruption is detected.
//!
//! Layout: `<dir>/<first two hex digits>/<key>.json`. Entries are written to a temporary
//! file in the same directory and renamed into place, so concurrent runs and a crash never
//! leave a half-written entry under a real name. An entry that is missing, unreadable,
//! corrupt or of another shape is a miss: the file is parsed again and the entry rewritten.
//! Failing to write is never an error either; the run just goes uncached.
//!
//! Growth: entries are never read unless their key is asked for, and nothing is pruned;
//! every edit of a file adds one entry. An entry is the file's declarations as JSON: on a
//! generated 1 M-line tree it measured about twice the source size (88 MB for 40 MB of Rust,
//! 72 MB for 24 MB of Python), dense public API being the worst case. Deleting the directory
//! at any time is safe; the next run re-parses what it needs.

use serde::Serialize;
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Bumped by hand when the entry layout changes (the source fingerprint covers the rest).
const FORMAT: &str = "accord-surface-cache/1";

/// Counts of one extraction: how many files were parsed and how many came from the cache.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Stats {
    /// Source files found under the package.
    pub files: usize,
    /// Files parsed (cache disabled, cold, or the file changed).
    pub parsed: usize,
    /// Files whose summary was read from the cache.
    pub from_cache: usize,
    /// Files not parsed at all: unreadable, too large, not UTF-8, nested too deep.
    pub skipped: usize,
    /// Cache entries found but unusable (corrupt, truncated, other shape); each was re-parsed.
    pub corrupt: usize,
    /// Cache entries that could not be written (read-only or full disk); extraction went on.
    pub write_errors: usize,
}

impl std::ops::AddAssign for Stats {
    fn add_assign(&mut self, o: Stats) {
        self.files += o.files;
        self.parsed += o.parsed;
        self.from_cache += o.from_cache;
        self.skipped += o.skipped;
        self.corrupt += o.corrupt;
        self.write_errors += o.write_errors;
    }
}

/// The cache of one extraction, shared by the parallel per-file workers.
pub(crate) struct Cache {
    dir: Option<PathBuf>,
    language: &'static str,
    parsed: AtomicUsize,
    from_cache: AtomicUsize,
    skipped: AtomicUsize,
    corrupt: AtomicUsize,
    write_errors: AtomicUsize,
    tmp_seq: AtomicUsize,
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
            include_str!("normalize.rs"),
            include_str!("rust.rs"),
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

impl Cache {
    /// A cache under `dir`, or a pass-through that only counts when `dir` is `None`.
    pub(crate) fn new(dir: Option<&Path>, language: &'static str) -> Cache {
        Cache {
            dir: dir.map(Path::to_path_buf),
            language,
            parsed: AtomicUsize::new(0),
            from_cache: AtomicUsize::new(0),
            skipped: AtomicUsize::new(0),
            corrupt: AtomicUsize::new(0),
            write_errors: AtomicUsize::new(0),
            tmp_seq: AtomicUsize::new(0),
        }
    }

    /// Counts a file that was not parsed (see [`crate::Source::Skipped`]).
    pub(crate) fn skipped(&self) {
        self.skipped.fetch_add(1, Ordering::Relaxed);
    }

    /// The counters so far; `files` is the number of files offered.
    pub(crate) fn stats(&self, files: usize) -> Stats {
        Stats {
            files,
            parsed: self.parsed.load(Ordering::Relaxed),
            from_cache: self.from_cache.load(Ordering::Relaxed),
            skipped: self.skipped.load(Ordering::Relaxed),
            corrupt: self.corrupt.load(Ordering::Relaxed),
            write_errors: self.write_errors.load(Ordering::Relaxed),
        }
    }

    /// The summary of `text`: from the cache when an entry for exactly these inputs exists,
    /// otherwise from `parse`, then stored. `params` are the per-file inputs besides the text.
    pub(crate) fn get_or_parse<T: Serialize + DeserializeOwned>(
        &self,
        params: &[&str],
        text: &str,
        parse: impl FnOnce() -> T,
    ) -> T {
        let Some(dir) = &self.dir else {
            self.parsed.fetch_add(1, Ordering::Relaxed);
            return parse();
        };
        let key = self.key(params, text);
        let path = dir.join(&key[..2]).join(format!("{key}.json"));
        match read_entry::<T>(&path) {
            Entry::Hit(v) => {
                self.from_cache.fetch_add(1, Ordering::Relaxed);
                return v;
            }
            Entry::Corrupt => {
                self.corrupt.fetch_add(1, Ordering::Relaxed);
            }
            Entry::Missing => {}
        }
        let value = parse();
        self.parsed.fetch_add(1, Ordering::Relaxed);
        if self.write(&path, &value).is_err() {
            self.write_errors.fetch_add(1, Ordering::Relaxed);
        }
        value
    }

    fn key(&self, params: &[&str], text: &str) -> String {
        let mut h = Sha256::new();
        field(&mut h, FORMAT.as_bytes());
        field(&mut h, code_fingerprint());
        field(&mut h, self.language.as_bytes());
        field(&mut h, &(params.len() as u64).to_le_bytes());
        for p in params {
            field(&mut h, p.as_bytes());
        }
        field(&mut h, text.as_bytes());
        hex(&h.finalize())
    }

    fn write<T: Serialize>(&self, path: &Path, value: &T) -> std::io::Result<()> {
        let json = serde_json::to_vec(value).map_err(std::io::Error::other)?;
        let sum = hex(&Sha256::digest(&json));
        let parent = path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent)?;
        // Unique per process and call, so two runs writing the same entry never share a
        // temporary file; the rename is atomic and both would write the same bytes anyway.
        let tmp = parent.join(format!(
            ".tmp-{}-{}",
            std::process::id(),
            self.tmp_seq.fetch_add(1, Ordering::Relaxed)
        ));
        let result = (|| {
            let mut f = std::fs::File::create(&tmp)?;
            f.write_all(sum.as_bytes())?;
            f.write_all(b"\n")?;
            f.write_all(&json)?;
            drop(f);
            std::fs::rename(&tmp, path)
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        result
    }
}

enum Entry<T> {
    Hit(T),
    Missing,
    Corrupt,
}

fn read_entry<T: DeserializeOwned>(path: &Path) -> Entry<T> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Entry::Missing,
        Err(_) => return Entry::Corrupt,
    };
    let Some(nl) = bytes.iter().position(|&b| b == b'\n') else {
        return Entry::Corrupt;
    };
    let (sum, json) = (&bytes[..nl], &bytes[nl + 1..]);
    if sum != hex(&Sha256::digest(json)).as_bytes() {
        return Entry::Corrupt;
    }
    match serde_json::from_slice(json) {
        Ok(v) => Entry::Hit(v),
        Err(_) => Entry::Corrupt,
    }
}

/// Where `accord` keeps the surface cache of the repository at `repo`:
/// `<repo>/.accord/cache/surface`.
pub fn default_dir(repo: &Path) -> PathBuf {
    repo.join(".accord").join("cache").join("surface")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hit_after_miss_and_corruption_is_a_miss() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(Some(dir.path()), "rust");
        let v: Vec<String> = cache.get_or_parse(&["a.rs"], "fn a() {}", || vec!["a".into()]);
        assert_eq!(v, vec!["a".to_string()]);
        let again: Vec<String> = cache.get_or_parse(&["a.rs"], "fn a() {}", || vec!["x".into()]);
        assert_eq!(again, vec!["a".to_string()], "second call reads the entry");
        // Another path with the same bytes is another entry: spans quote the path.
        let other: Vec<String> = cache.get_or_parse(&["b.rs"], "fn a() {}", || vec!["b".into()]);
        assert_eq!(other, vec!["b".to_string()]);
        let s = cache.stats(3);
        assert_eq!((s.parsed, s.from_cache, s.corrupt), (2, 1, 0));

        // Flip a byte inside every entry: still valid JSON, but the checksum catches it.
        for sub in std::fs::read_dir(dir.path()).unwrap().flatten() {
            for e in std::fs::read_dir(sub.path()).unwrap().flatten() {
                let mut b = std::fs::read(e.path()).unwrap();
                let last = b.len() - 3;
                b[last] ^= 0x01;
                std::fs::write(e.path(), b).unwrap();
            }
        }
        let cache = Cache::new(Some(dir.path()), "rust");
        let v: Vec<String> = cache.get_or_parse(&["a.rs"], "fn a() {}", || vec!["fresh".into()]);
        assert_eq!(v, vec!["fresh".to_string()]);
        assert_eq!(cache.stats(1).corrupt, 1);
        // The rewritten entry is good again.
        let v: Vec<String> = cache.get_or_parse(&["a.rs"], "fn a() {}", || vec!["no".into()]);
        assert_eq!(v, vec!["fresh".to_string()]);
    }

    #[test]
    fn wrong_shape_is_a_miss_and_unwritable_dir_is_not_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(Some(dir.path()), "python");
        let _: Vec<u32> = cache.get_or_parse(&["m.py"], "x = 1", || vec![1]);
        let n: String = cache.get_or_parse(&["m.py"], "x = 1", || "parsed".into());
        assert_eq!(n, "parsed");
        assert_eq!(cache.stats(2).corrupt, 1);

        let file = dir.path().join("not-a-dir");
        std::fs::write(&file, "").unwrap();
        let cache = Cache::new(Some(&file), "python");
        let n: u32 = cache.get_or_parse(&["m.py"], "x = 1", || 7);
        assert_eq!(n, 7);
        assert_eq!(cache.stats(1).write_errors, 1);
    }
}
