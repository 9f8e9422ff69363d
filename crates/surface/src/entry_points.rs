//! The entry files a package resolves to, as the extractors resolve them (Cargo `[lib]`,
//! `package.json` entry fields, the Python build backends' settings), for callers that must
//! name them without extracting: `accord init` writes them into `[packs.NAME.code]`.

use crate::{SurfaceError, detect_language, py_entry, rel_path, ts_entry};
use accord_model::surface::Language;
use std::path::Path;

/// Where a package's public API starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryPoints {
    /// The language the package was read as.
    pub language: Language,
    /// Entry files or package folders relative to the package root, in the form
    /// `[packs.NAME.code] entry` accepts; empty for a pattern-only `exports` map.
    pub entries: Vec<String>,
    /// Where they came from, for people (`Cargo.toml [lib]`, `package.json exports`, …).
    pub source: String,
}

/// Resolves the entry points of the package at `dir` (language detected unless given).
///
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// std::fs::write(dir.path().join("Cargo.toml"), "[package]\nname = \"ops\"\n").unwrap();
/// std::fs::create_dir(dir.path().join("src")).unwrap();
/// std::fs::write(dir.path().join("src/lib.rs"), "pub fn run() {}\n").unwrap();
/// let found = accord_surface::entry_points::resolve(dir.path(), None).unwrap();
/// assert_eq!(found.entries, ["src/lib.rs"]);
/// ```
pub fn resolve(dir: &Path, language: Option<Language>) -> Result<EntryPoints, SurfaceError> {
    let language =
        language
            .or_else(|| detect_language(dir))
            .ok_or_else(|| SurfaceError::UnknownLanguage {
                path: dir.to_path_buf(),
            })?;
    match language {
        Language::Rust => {
            let cargo = crate::rust::read_cargo_toml(dir)?;
            let (lib, source) = match cargo.lib_path {
                Some(p) => (p, "Cargo.toml `[lib] path`"),
                None => ("src/lib.rs".to_string(), "the Cargo default `src/lib.rs`"),
            };
            // Targets come from the package's own manifest: never probe outside the package.
            if !accord_fs::is_confined(lib.trim_start_matches("./")) || !dir.join(&lib).is_file() {
                return Err(SurfaceError::NoEntry {
                    path: dir.to_path_buf(),
                    what: format!("no library target: `{lib}` does not exist"),
                });
            }
            Ok(EntryPoints {
                language,
                entries: vec![lib.trim_start_matches("./").to_string()],
                source: source.to_string(),
            })
        }
        Language::TypeScript | Language::JavaScript => {
            let mut findings = Vec::new();
            let pkg = ts_entry::package(dir, &crate::Options::default(), &mut findings)?;
            let entries = pkg
                .entries
                .iter()
                .filter(|e| !e.is_pattern())
                .filter_map(|e| e.targets.iter().find_map(|t| existing_ts_file(dir, t)))
                .fold(Vec::new(), |mut out: Vec<String>, file| {
                    if !out.contains(&file) {
                        out.push(file);
                    }
                    out
                });
            Ok(EntryPoints {
                language,
                entries,
                source: pkg.source,
            })
        }
        Language::Python => {
            let (roots, tried) = py_entry::resolve(dir, &[]);
            if roots.is_empty() {
                return Err(SurfaceError::NoEntry {
                    path: dir.to_path_buf(),
                    what: format!("no Python package or module; tried {}", tried.join(", ")),
                });
            }
            Ok(EntryPoints {
                language,
                entries: roots.iter().map(|r| rel_path(dir, &r.path)).collect(),
                source: tried.last().cloned().unwrap_or_default(),
            })
        }
    }
}

/// The file a `package.json` target names, found the way the TypeScript extractor finds it
/// (sources and declarations beside a `.js` target, built output mapped back to `src/`).
fn existing_ts_file(dir: &Path, target: &str) -> Option<String> {
    let target = target.trim_start_matches("./");
    // Targets come from the package's own manifest: never probe outside the package.
    if !accord_fs::is_confined(target) {
        return None;
    }
    let base = dir.join(target);
    crate::ts::resolution_candidates(&base)
        .into_iter()
        .find(|c| c.is_file())
        .map(|c| rel_path(dir, &c))
}
