//! Finding and loading the repository a command works on.

use crate::{ConfigError, EngineError};
use accord_model::manifest::Manifest;
use std::path::{Path, PathBuf};

/// Largest `accord.toml` Accord reads: manifests are a few kilobytes.
const MANIFEST_LIMIT: u64 = 1024 * 1024;

/// A repository with its parsed manifest.
#[derive(Debug, Clone)]
pub struct Workspace {
    /// The directory holding `accord.toml`; every path in the manifest is relative to it.
    pub root: PathBuf,
    /// The parsed manifest.
    pub manifest: Manifest,
    /// The manifest's text, for spans in policy and ledger settings.
    pub manifest_text: String,
}

impl Workspace {
    /// Loads the manifest named by `manifest`, else `DIR/accord.toml` when a directory is
    /// given, else the nearest `accord.toml` above the current directory.
    pub fn load(manifest: Option<&Path>, dir: Option<&Path>) -> Result<Workspace, EngineError> {
        let path = match (manifest, dir) {
            (Some(path), _) => path.to_path_buf(),
            (None, Some(dir)) => {
                let path = dir.join("accord.toml");
                if !path.is_file() {
                    return Err(EngineError::NoManifest(format!(
                        "no accord.toml in {} (run `accord init {}` to write one)",
                        dir.display(),
                        dir.display()
                    )));
                }
                path
            }
            (None, None) => {
                let cwd = std::env::current_dir().map_err(|source| EngineError::Io {
                    context: "cannot read the current directory".into(),
                    source,
                })?;
                accord_contract::find_manifest(&cwd).ok_or_else(|| {
                    EngineError::NoManifest(format!(
                        "no accord.toml found in {} or any parent directory (run `accord init` to write one, or pass --manifest PATH)",
                        cwd.display()
                    ))
                })?
            }
        };
        Workspace::at(&path)
    }

    /// Loads the manifest at `path` exactly.
    pub fn at(path: &Path) -> Result<Workspace, EngineError> {
        let display_path = path.display().to_string();
        let bytes = accord_fs::read_user_file(path, MANIFEST_LIMIT)?;
        let text = String::from_utf8(bytes).map_err(|e| EngineError::Input {
            path: display_path.clone(),
            message: format!(
                "not valid UTF-8 (first bad byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
        })?;
        let root = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "accord.toml".to_string());
        let manifest =
            accord_contract::parse_manifest(&file_name, &text).map_err(|e| ConfigError {
                display_path,
                text: text.clone(),
                diagnostics: e.diagnostics,
            })?;
        Ok(Workspace {
            root,
            manifest,
            manifest_text: text,
        })
    }

    /// The guarded view of the root every repository file is read and written through.
    pub fn fs(&self) -> Result<accord_fs::Root, EngineError> {
        Ok(accord_fs::Root::open(&self.root)?)
    }
}
