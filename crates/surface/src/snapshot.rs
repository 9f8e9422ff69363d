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

/// The keys of `[packs.NAME.code]`.
const CODE_KEYS: &[&str] = &["language", "root", "entry"];

/// Reads `[packs.NAME.code]` from a pack; `Ok(None)` when the pack declares no code.
/// Errors carry the line and column of the bad value in `manifest_text` (the manifest's
/// text: the section keeps byte spans, which only the text turns into a position).
pub fn code_entry(
    pack: &Pack,
    manifest_path: &str,
    manifest_text: &str,
) -> Result<Option<CodeEntry>, SurfaceError> {
    let Some(section) = pack.sections.get("code") else {
        return Ok(None);
    };
    let bad = |pointer: &str, message: String| {
        let (line, column) = if manifest_text.is_empty() {
            (0, 0)
        } else {
            section.span_of(pointer).line_col(manifest_text)
        };
        SurfaceError::Manifest {
            path: PathBuf::from(manifest_path),
            line,
            column,
            message,
        }
    };
    let v = &section.value;
    if let Some(unknown) = v
        .as_object()
        .and_then(|t| t.keys().find(|k| !CODE_KEYS.contains(&k.as_str())))
    {
        return Err(bad(
            &format!("/{}", unknown.replace('~', "~0").replace('/', "~1")),
            format!(
                "unknown key `packs.{}.code.{unknown}`; expected one of {}",
                pack.name,
                CODE_KEYS.join(", ")
            ),
        ));
    }
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
    // The manifest is written by the change under review: its code lives in the repository.
    if !accord_fs::is_confined(&root) {
        return Err(bad(
            "/root",
            format!(
                "packs.{}.code.root `{root}` is outside the repository; give a path relative to the repository root without `..`",
                pack.name
            ),
        ));
    }
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
    if let Some(outside) = entry.iter().find(|e| !accord_fs::is_confined(e)) {
        return Err(bad(
            "/entry",
            format!(
                "packs.{}.code.entry `{outside}` is outside the package; give a path relative to `root` without `..`",
                pack.name
            ),
        ));
    }
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
        confine_to: options
            .confine_to
            .clone()
            .or_else(|| repo.canonicalize().ok()),
        ..options.clone()
    };
    extract(&repo.join(&entry.root), entry.language, &options)
}

/// The JSON text of a snapshot: pretty, stable, with a trailing newline.
pub fn to_json(surface: &Surface) -> String {
    let mut s = serde_json::to_string_pretty(surface).unwrap_or_default();
    s.push('\n');
    s
}

/// Writes `<pack>.surface.json` and `<pack>.surface.txt` under `contracts_dir` (relative to
/// `root`); returns the repository-relative paths written. Writes are confined to the root
/// and atomic: a committed symlink in place of a snapshot is replaced, never written through.
pub fn write_snapshot(
    root: &accord_fs::Root,
    contracts_dir: &str,
    pack: &str,
    surface: &Surface,
) -> Result<Vec<String>, SurfaceError> {
    let (json, txt) = snapshot_rel_paths(contracts_dir, pack);
    for (path, text) in [(&json, to_json(surface)), (&txt, render_text(surface))] {
        root.write_atomic(path, text.as_bytes())?;
    }
    Ok(vec![json, txt])
}

/// The repository-relative paths of a pack's snapshot files: (JSON, text).
pub fn snapshot_rel_paths(contracts_dir: &str, pack: &str) -> (String, String) {
    let dir = contracts_dir.trim_end_matches('/');
    let join = |name: String| {
        if dir.is_empty() || dir == "." {
            name
        } else {
            format!("{dir}/{name}")
        }
    };
    (
        join(format!("{pack}.surface.json")),
        join(format!("{pack}.surface.txt")),
    )
}

/// Reads a committed snapshot; `Ok(None)` when absent.
pub fn read_snapshot(root: &accord_fs::Root, rel: &str) -> Result<Option<Surface>, SurfaceError> {
    let Some(bytes) = root.read_optional(rel)? else {
        return Ok(None);
    };
    let path = Path::new(rel);
    let text = String::from_utf8(bytes).map_err(|e| SurfaceError::Manifest {
        path: path.to_path_buf(),
        line: 0,
        column: 0,
        message: format!(
            "not valid UTF-8 (first bad byte at offset {})",
            e.utf8_error().valid_up_to()
        ),
    })?;
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
