//! Source code → API surface, for Rust, TypeScript/JavaScript and Python, without compiling
//! and without ever running code from the analysed tree (no build scripts, no imports).
//!
//! Each language has an [`Extractor`]; files are parsed in parallel (rayon) into per-file
//! summaries, then resolved into one [`Surface`] (the language-neutral model in
//! [`accord_model::surface`]). Problems with the analysed source (syntax errors, oversized or
//! non-UTF-8 files) are [`Finding`]s and never stop extraction of the rest; only failures to
//! read the tree at all are [`SurfaceError`]s.
//!
//! ```
//! use accord_surface::{extract_tree, render_text};
//! use accord_model::surface::Language;
//!
//! let dir = tempfile::tempdir().unwrap();
//! std::fs::write(dir.path().join("Cargo.toml"), "[package]\nname = \"ops\"\n").unwrap();
//! std::fs::create_dir(dir.path().join("src")).unwrap();
//! std::fs::write(dir.path().join("src/lib.rs"), "pub fn run(n: u32) -> bool { n > 0 }\n").unwrap();
//! let (surface, findings) = extract_tree(dir.path(), None).unwrap();
//! assert_eq!(surface.language, Language::Rust);
//! assert!(findings.is_empty());
//! assert_eq!(render_text(&surface), "fn ops::run(n: u32) -> bool\n");
//! ```

pub mod cache;
pub mod capabilities;
pub mod cli_flags;
mod codec;
pub mod entry_points;
pub mod flow;
mod fn_bodies;
pub mod imports;
mod macros;
mod moved;
mod normalize;
mod py_entry;
mod python;
mod render;
pub mod rules;
mod rust;
mod schema;
mod shared;
pub mod snapshot;
pub mod tests_refs;
mod ts;
mod ts_entry;
mod ts_local;

pub use normalize::{doc_hash, normalize_python_type, normalize_rust_type, normalize_ts_type};
pub use py_entry::is_not_api_dir;
pub use render::{render_symbol, render_text};
pub use schema::{surface_schema, surface_schema_text};

pub use cache::Stats;
pub use shared::Shared;

use accord_model::surface::{Language, Surface};
use accord_model::{Finding, Location};
#[doc(hidden)]
pub use fn_bodies::fn_body_scans_agree;
use std::path::{Path, PathBuf};

/// Operational failures: the tree cannot be read at all. Problems inside files are findings.
#[derive(Debug, thiserror::Error)]
pub enum SurfaceError {
    /// A path was refused by the guarded file layer (outside the repository, not a
    /// regular file, too large) or could not be written.
    #[error(transparent)]
    Refused(#[from] accord_fs::FsError),
    /// A file or directory could not be read.
    #[error("{path}: cannot read: {source}")]
    Io {
        /// The path that failed.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// No Cargo.toml, package.json or pyproject.toml/setup.py says what the tree holds.
    #[error(
        "{path}: cannot tell the language (no Cargo.toml, package.json, pyproject.toml or setup.py); pass --lang"
    )]
    UnknownLanguage {
        /// The directory.
        path: PathBuf,
    },
    /// A package manifest is unusable.
    #[error("{path}:{line}:{column}: {message}")]
    Manifest {
        /// The manifest file.
        path: PathBuf,
        /// 1-based line (0 when unknown).
        line: u32,
        /// 1-based column (0 when unknown).
        column: u32,
        /// What is wrong.
        message: String,
    },
    /// The entry points were found but lead to no public symbol: a wrong or unbuilt entry,
    /// never an empty API to compare.
    #[error(
        "{path}: the package resolves to 0 public symbols (tried {tried}); pass --entry or set `entry` in [packs.NAME.code]"
    )]
    NoSymbols {
        /// The package root.
        path: PathBuf,
        /// What was tried, for the user.
        tried: String,
    },
    /// No entry point of the package was found.
    #[error("{path}: no entry point found ({what})")]
    NoEntry {
        /// The package root.
        path: PathBuf,
        /// What was looked for.
        what: String,
    },
}

/// Limits and choices of one extraction.
#[derive(Debug, Clone)]
pub struct Options {
    /// Files larger than this many bytes are skipped with a note (generated code).
    pub max_file_bytes: u64,
    /// Entry files relative to the root, overriding the package manifest (`accord.toml` `entry`).
    pub entries: Vec<String>,
    /// Deepest bracket nesting accepted before a file is refused rather than parsed, so
    /// recursive-descent parsers cannot overflow the stack.
    pub max_nesting: usize,
    /// Directory of the per-file parse cache (see [`cache`]); `None` parses every file.
    /// `accord` uses [`cache::default_dir`], outside the repository; a directory inside the
    /// package root or its git work tree is refused ([`Stats::cache_refused`]).
    pub cache_dir: Option<PathBuf>,
    /// The repository the package lies in: a source file (or module) whose real path
    /// leaves it is not read. `None` reads any path given (two package trees on disk for
    /// `accord diff`, chosen by the user).
    pub confine_to: Option<PathBuf>,
    /// Parses shared with other extractions holding the same handle (two versions of one
    /// package in one run): identical files and macro invocations are parsed once.
    pub shared: Option<Shared>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            max_file_bytes: 4 * 1024 * 1024,
            entries: Vec::new(),
            max_nesting: 256,
            cache_dir: None,
            confine_to: None,
            shared: None,
        }
    }
}

/// One language's extractor.
pub trait Extractor: Sync {
    /// The language it reads.
    fn language(&self) -> Language;
    /// Extracts the surface of the package rooted at `root`.
    fn extract(&self, root: &Path, options: &Options) -> Result<Extraction, SurfaceError>;
}

/// What one extraction produced.
#[derive(Debug, Clone)]
pub struct Extraction {
    /// The surface, sorted.
    pub surface: Surface,
    /// Problems with the analysed source, sorted by place.
    pub findings: Vec<Finding>,
    /// Files parsed versus read from the cache.
    pub stats: Stats,
}

/// The extractor for `language`.
pub fn extractor(language: Language) -> &'static dyn Extractor {
    match language {
        Language::Rust => &rust::RustExtractor,
        Language::TypeScript => &ts::TsExtractor { js: false },
        Language::JavaScript => &ts::TsExtractor { js: true },
        Language::Python => &python::PythonExtractor,
    }
}

/// Tells the language of a package from its manifest: Cargo.toml, package.json (TypeScript
/// when it declares `types`/`typings` or a tsconfig.json sits next to it), pyproject.toml/setup.py.
pub fn detect_language(dir: &Path) -> Option<Language> {
    if dir.join("Cargo.toml").is_file() {
        return Some(Language::Rust);
    }
    if dir.join("package.json").is_file() {
        let text = read_package_manifest(&dir.join("package.json")).unwrap_or_default();
        let ts = dir.join("tsconfig.json").is_file()
            || text.contains("\"types\"")
            || text.contains("\"typings\"");
        return Some(if ts {
            Language::TypeScript
        } else {
            Language::JavaScript
        });
    }
    if dir.join("pyproject.toml").is_file()
        || dir.join("setup.py").is_file()
        || dir.join("setup.cfg").is_file()
    {
        return Some(Language::Python);
    }
    None
}

/// Extracts the surface of the package in `dir`, detecting the language unless given.
pub fn extract_tree(
    dir: &Path,
    lang: Option<Language>,
) -> Result<(Surface, Vec<Finding>), SurfaceError> {
    extract_tree_with(dir, lang, &Options::default())
}

/// [`extract_tree`] with explicit [`Options`].
pub fn extract_tree_with(
    dir: &Path,
    lang: Option<Language>,
    options: &Options,
) -> Result<(Surface, Vec<Finding>), SurfaceError> {
    extract(dir, lang, options).map(|x| (x.surface, x.findings))
}

/// [`extract_tree_with`], also returning how many files were parsed and how many were read
/// from the cache of [`Options::cache_dir`].
///
/// ```
/// use accord_surface::{Options, extract};
///
/// let dir = tempfile::tempdir().unwrap();
/// std::fs::write(dir.path().join("Cargo.toml"), "[package]\nname = \"ops\"\n").unwrap();
/// std::fs::create_dir(dir.path().join("src")).unwrap();
/// std::fs::write(dir.path().join("src/lib.rs"), "pub fn run() {}\n").unwrap();
/// let cache = tempfile::tempdir().unwrap();
/// let options = Options { cache_dir: Some(cache.path().to_path_buf()), ..Options::default() };
/// let cold = extract(dir.path(), None, &options).unwrap();
/// let warm = extract(dir.path(), None, &options).unwrap();
/// assert_eq!((cold.stats.parsed, cold.stats.from_cache), (1, 0));
/// assert_eq!((warm.stats.parsed, warm.stats.from_cache), (0, 1));
/// assert_eq!(cold.surface, warm.surface);
/// ```
pub fn extract(
    dir: &Path,
    lang: Option<Language>,
    options: &Options,
) -> Result<Extraction, SurfaceError> {
    let lang = match lang.or_else(|| detect_language(dir)) {
        Some(l) => l,
        None => {
            return Err(SurfaceError::UnknownLanguage {
                path: dir.to_path_buf(),
            });
        }
    };
    let mut x = extractor(lang).extract(dir, options)?;
    // Both cheap on what an extractor already sorted (a whole-package cache entry).
    x.surface.sort();
    sort_findings(&mut x.findings);
    Ok(x)
}

/// Findings in the order of their places.
pub(crate) fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (&a.location.path, a.location.line, a.location.column).cmp(&(
            &b.location.path,
            b.location.line,
            b.location.column,
        ))
    });
}

/// A file read for parsing, or the finding that explains why it was not.
pub(crate) enum Source {
    /// The text, ready to parse.
    Text(String),
    /// Skipped, with the reason.
    Skipped(Box<Finding>),
}

impl Source {
    fn skipped(finding: Finding) -> Source {
        Source::Skipped(Box::new(finding))
    }
}

/// Largest package manifest read (`Cargo.toml`, `package.json`, `pyproject.toml`).
const PACKAGE_MANIFEST_LIMIT: u64 = 4 * 1024 * 1024;

/// A package manifest's text: a regular file, bounded, UTF-8.
pub(crate) fn read_package_manifest(path: &Path) -> Result<String, SurfaceError> {
    let bytes = accord_fs::read_user_file(path, PACKAGE_MANIFEST_LIMIT)?;
    String::from_utf8(bytes).map_err(|e| SurfaceError::Io {
        path: path.to_path_buf(),
        source: std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!(
                "not valid UTF-8 (first bad byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
        ),
    })
}

/// Reads `path` (shown as `rel`) within the limits of `options`.
pub(crate) fn read_source(path: &Path, rel: &str, options: &Options) -> Source {
    let unreadable = |why: String| {
        Source::skipped(
            Finding::of(
                &rules::surface_file_unreadable::SURFACE_FILE_UNREADABLE,
                format!("cannot read `{rel}`: {why}"),
            )
            .at(Location::file(rel))
            .with_logical_path(rel),
        )
    };
    if let Some(repository) = &options.confine_to {
        match path.canonicalize() {
            Ok(real) if real.starts_with(repository) => {}
            Ok(real) => {
                return unreadable(format!(
                    "it leads outside the repository (to {}); not read",
                    real.display()
                ));
            }
            Err(e) => return unreadable(e.to_string()),
        }
    }
    // Regular files only (a FIFO would block), bounded while reading.
    let bytes = match accord_fs::read_user_file(path, options.max_file_bytes) {
        Ok(bytes) => bytes,
        Err(accord_fs::FsError::TooLarge { .. }) => {
            let size = std::fs::metadata(path).map_or(options.max_file_bytes + 1, |m| m.len());
            return Source::skipped(
                Finding::of(
                    &rules::surface_file_too_large::SURFACE_FILE_TOO_LARGE,
                    format!(
                        "`{rel}` is {size} bytes, over the limit of {}; skipped (generated code?)",
                        options.max_file_bytes
                    ),
                )
                .at(Location::file(rel))
                .with_logical_path(rel),
            );
        }
        Err(accord_fs::FsError::NotRegular { kind, .. }) => {
            return unreadable(format!("it is {kind}, not a regular file"));
        }
        Err(e) => return unreadable(e.to_string()),
    };
    match String::from_utf8(bytes) {
        Ok(text) => {
            if let Some((line, col)) = too_deep(&text, options.max_nesting) {
                return Source::skipped(
                    Finding::of(
                        &rules::surface_syntax_error::SURFACE_SYNTAX_ERROR,
                        format!(
                            "`{rel}` nests brackets deeper than {}; skipped",
                            options.max_nesting
                        ),
                    )
                    .at(Location::new(rel, line, col))
                    .with_logical_path(rel),
                );
            }
            Source::Text(text)
        }
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(&e.into_bytes()[..offset]).into_owned();
            let (line, col) = accord_model::Span::new(offset, offset).line_col(&text);
            Source::skipped(
                Finding::of(
                    &rules::surface_file_unreadable::SURFACE_FILE_UNREADABLE,
                    format!("`{rel}` is not valid UTF-8 (byte {offset}); skipped"),
                )
                .at(Location::new(rel, line, col))
                .with_logical_path(rel),
            )
        }
    }
}

/// The line and column where bracket nesting first exceeds `max`, ignoring nothing clever:
/// brackets inside strings count too, which only makes the guard stricter.
pub(crate) fn too_deep(text: &str, max: usize) -> Option<(u32, u32)> {
    let mut depth = 0usize;
    for (i, b) in text.bytes().enumerate() {
        match b {
            b'(' | b'[' | b'{' => {
                depth += 1;
                if depth > max {
                    return Some(accord_model::Span::new(i, i).line_col(text));
                }
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// `path` relative to `root`, with `/` separators.
pub(crate) fn rel_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Every file under `dir` whose name ends with one of `exts`, sorted, skipping hidden
/// directories, `node_modules`, `target` and symlinked directories (no loops).
pub(crate) fn walk(dir: &Path, exts: &[&str]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(ft) = entry.file_type() else { continue };
            let name = entry.file_name().to_string_lossy().into_owned();
            if ft.is_dir() {
                if name.starts_with('.')
                    || matches!(
                        name.as_str(),
                        "node_modules" | "target" | "__pycache__" | "venv"
                    )
                {
                    continue;
                }
                stack.push(path);
            } else if (ft.is_file() || ft.is_symlink())
                && path.is_file()
                && exts.iter().any(|e| name.ends_with(e))
            {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The first error or missing node under `node`, for a syntax-error finding.
pub(crate) fn first_error(node: tree_sitter::Node<'_>) -> Option<tree_sitter::Node<'_>> {
    if !node.has_error() {
        return None;
    }
    // Iterative, so hostile nesting cannot overflow the stack.
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        if n.is_error() || n.is_missing() {
            return Some(n);
        }
        let mut cursor = n.walk();
        let children: Vec<_> = n.children(&mut cursor).filter(|c| c.has_error()).collect();
        stack.extend(children.into_iter().rev());
    }
    None
}

/// A syntax-error finding at `node` of `rel`.
pub(crate) fn syntax_finding(rel: &str, node: tree_sitter::Node<'_>, text: &str) -> Finding {
    let range = node.byte_range();
    let what = if node.is_missing() {
        format!("missing `{}`", node.kind())
    } else {
        let snippet: String = text
            .get(range.clone())
            .unwrap_or("")
            .chars()
            .take(30)
            .collect();
        format!("unexpected `{}`", snippet.trim())
    };
    Finding::of(
        &rules::surface_syntax_error::SURFACE_SYNTAX_ERROR,
        format!("`{rel}` has a syntax error ({what}); the rest of the file was still read"),
    )
    .at(Location::from_span(
        rel,
        text,
        accord_model::Span::new(range.start, range.end),
    ))
    .with_logical_path(rel)
}

/// Text of `node`, or `""`.
pub(crate) fn node_text<'a>(node: tree_sitter::Node<'_>, src: &'a str) -> &'a str {
    src.get(node.byte_range()).unwrap_or("")
}
