//! Committed surface snapshots (`<pack>.surface.json` + `<pack>.surface.txt`, written next to
//! the contracts) and drift between the code and its snapshot.
//!
//! A pack declares its code in `accord.toml`:
//!
//! ```toml
//! [packs.inbox.code]
//! language = "rust"          # rust | typescript | javascript | python; detected when absent
//! root = "crates/inbox"      # package root, relative to the repository
//! entry = ["src/lib.rs"]     # optional: entry files overriding the package manifest
//! ```

use crate::{Extraction, Options, SurfaceError, extract, render_text};
use accord_model::manifest::Pack;
use accord_model::surface::{Language, SURFACE_SCHEMA_VERSION, Surface};
use accord_model::{Finding, Location};
use std::path::{Path, PathBuf};

/// A pack's `[packs.NAME.code]` table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeEntry {
    /// The pack name.
    pub pack: String,
    /// Declared language, if any.
    pub language: Option<Language>,
    /// Package root relative to the repository.
    pub root: String,
    /// Entry files relative to `root`.
    pub entry: Vec<String>,
}

/// Reads `[packs.NAME.code]` from a pack; `Ok(None)` when the pack declares no code.
/// Errors carry the manifest position of the bad value.
pub fn code_entry(pack: &Pack, manifest_path: &str) -> Result<Option<CodeEntry>, SurfaceError> {
    let Some(section) = pack.sections.get("code") else {
        return Ok(None);
    };
    let bad = |pointer: &str, message: String| SurfaceError::Manifest {
        path: PathBuf::from(manifest_path),
        line: 0,
        column: section.span_of(pointer).start as u32,
        message,
    };
    let v = &section.value;
    let language = match v.get("language") {
        None => None,
        Some(l) => match l.as_str().and_then(Language::parse) {
            Some(l) => Some(l),
            None => {
                return Err(bad(
                    "/language",
                    format!(
                        "packs.{}.code.language must be rust, typescript, javascript or python, not {l}",
                        pack.name
                    ),
                ));
            }
        },
    };
    let root = v
        .get("root")
        .and_then(|r| r.as_str())
        .unwrap_or(".")
        .to_string();
    let entry = match v.get("entry") {
        None => Vec::new(),
        Some(serde_json::Value::String(s)) => vec![s.clone()],
        Some(serde_json::Value::Array(a)) => a
            .iter()
            .filter_map(|x| x.as_str().map(str::to_string))
            .collect(),
        Some(other) => {
            return Err(bad(
                "/entry",
                format!(
                    "packs.{}.code.entry must be a path or a list of paths, not {other}",
                    pack.name
                ),
            ));
        }
    };
    Ok(Some(CodeEntry {
        pack: pack.name.clone(),
        language,
        root,
        entry,
    }))
}

/// Extracts the surface of a pack's code, relative to the repository root `repo`.
///
/// Symbol spans and findings stay relative to the package root (as [`SourceSpan`] documents),
/// so a committed snapshot does not change when the package moves, and every caller prefixes
/// the root exactly once when it reports (the CLI's `under_root`).
///
/// [`SourceSpan`]: accord_model::surface::SourceSpan
pub fn extract_pack(
    repo: &Path,
    entry: &CodeEntry,
) -> Result<(Surface, Vec<Finding>), SurfaceError> {
    extract_pack_with(repo, entry, &Options::default()).map(|x| (x.surface, x.findings))
}

/// [`extract_pack`] with explicit [`Options`] (their `entries` are replaced by the pack's),
/// returning parse/cache counts too. `accord check` and `accord surface` pass
/// `cache_dir: accord_surface::cache::default_dir(repo).ok()`.
pub fn extract_pack_with(
    repo: &Path,
    entry: &CodeEntry,
    options: &Options,
) -> Result<Extraction, SurfaceError> {
    let options = Options {
        entries: entry.entry.clone(),
        ..options.clone()
    };
    extract(&repo.join(&entry.root), entry.language, &options)
}

/// Paths of the snapshot pair of `pack` inside `contracts_dir`.
pub fn snapshot_paths(contracts_dir: &Path, pack: &str) -> (PathBuf, PathBuf) {
    (
        contracts_dir.join(format!("{pack}.surface.json")),
        contracts_dir.join(format!("{pack}.surface.txt")),
    )
}

/// The JSON text of a snapshot: pretty, stable, with a trailing newline.
pub fn to_json(surface: &Surface) -> String {
    let mut s = serde_json::to_string_pretty(surface).unwrap_or_default();
    s.push('\n');
    s
}

/// Writes `<pack>.surface.json` and `<pack>.surface.txt`; returns the paths written.
pub fn write_snapshot(
    contracts_dir: &Path,
    pack: &str,
    surface: &Surface,
) -> Result<Vec<PathBuf>, SurfaceError> {
    let (json, txt) = snapshot_paths(contracts_dir, pack);
    std::fs::create_dir_all(contracts_dir).map_err(|source| SurfaceError::Io {
        path: contracts_dir.to_path_buf(),
        source,
    })?;
    for (path, text) in [(&json, to_json(surface)), (&txt, render_text(surface))] {
        std::fs::write(path, text).map_err(|source| SurfaceError::Io {
            path: path.clone(),
            source,
        })?;
    }
    Ok(vec![json, txt])
}

/// Reads a committed snapshot; `Ok(None)` when absent.
pub fn read_snapshot(path: &Path) -> Result<Option<Surface>, SurfaceError> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(SurfaceError::Io {
                path: path.to_path_buf(),
                source,
            });
        }
    };
    let surface: Surface = serde_json::from_str(&text).map_err(|e| SurfaceError::Manifest {
        path: path.to_path_buf(),
        line: e.line() as u32,
        column: e.column() as u32,
        message: format!("not a surface snapshot: {e}"),
    })?;
    if surface.schema_version > SURFACE_SCHEMA_VERSION {
        return Err(SurfaceError::Manifest {
            path: path.to_path_buf(),
            line: 0,
            column: 0,
            message: format!(
                "snapshot schema_version {} is newer than this accord ({SURFACE_SCHEMA_VERSION})",
                surface.schema_version
            ),
        });
    }
    Ok(Some(surface))
}

/// Drift between code and its committed snapshot: the caller passes the code-change diff
/// function (`accord_diff::code::diff_surfaces`) so this crate stays independent of the rule
/// engine. Every finding names the pack as its contract and points back at the snapshot.
pub fn drift(
    committed: &Surface,
    current: &Surface,
    pack: &str,
    snapshot_rel: &str,
    diff: impl Fn(&Surface, &Surface) -> Vec<Finding>,
) -> Vec<Finding> {
    diff(committed, current)
        .into_iter()
        .map(|f| {
            f.with_contract(format!("{pack} code surface"))
                .related(
                    Location::file(snapshot_rel),
                    "committed surface; run `accord surface snapshot` to accept the change",
                )
                .with_impacted(Vec::<String>::new())
        })
        .collect()
}
