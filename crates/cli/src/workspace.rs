//! Finding and loading the repository a command works on.

use accord_contract::Diagnostic;
use accord_model::manifest::Manifest;
use anyhow::{Context, anyhow};
use std::fmt;
use std::path::{Path, PathBuf};

/// A manifest that did not parse, with everything needed to show snippets.
#[derive(Debug)]
pub struct ConfigError {
    /// The path as the user should read it.
    pub display_path: String,
    /// The manifest text.
    pub text: String,
    /// What is wrong, each with a span.
    pub diagnostics: Vec<Diagnostic>,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.diagnostics.first() {
            Some(d) => write!(
                f,
                "{}:{}:{}: {}",
                self.display_path, d.line, d.column, d.message
            ),
            None => write!(f, "{} is not a valid manifest", self.display_path),
        }
    }
}

impl std::error::Error for ConfigError {}

/// A repository with its parsed manifest.
pub struct Workspace {
    /// The directory holding `accord.toml`; every path in the manifest is relative to it.
    pub root: PathBuf,
    /// The parsed manifest.
    pub manifest: Manifest,
}

impl Workspace {
    /// Loads the manifest named by `--manifest`, else `DIR/accord.toml` when a directory is
    /// given, else the nearest `accord.toml` above the current directory.
    pub fn load(manifest: Option<&Path>, dir: Option<&Path>) -> anyhow::Result<Workspace> {
        let path = match (manifest, dir) {
            (Some(path), _) => path.to_path_buf(),
            (None, Some(dir)) => {
                let path = dir.join("accord.toml");
                if !path.is_file() {
                    return Err(anyhow!(
                        "no accord.toml in {} (run `accord init {}` to write one)",
                        dir.display(),
                        dir.display()
                    ));
                }
                path
            }
            (None, None) => {
                let cwd = std::env::current_dir().context("cannot read the current directory")?;
                accord_contract::find_manifest(&cwd).ok_or_else(|| {
                    anyhow!(
                        "no accord.toml found in {} or any parent directory (run `accord init` to write one, or pass --manifest PATH)",
                        cwd.display()
                    )
                })?
            }
        };
        let text = std::fs::read(&path)
            .with_context(|| format!("cannot read manifest {}", path.display()))?;
        let text = String::from_utf8(text).map_err(|e| {
            anyhow!(
                "{}: not valid UTF-8 (first bad byte at offset {})",
                path.display(),
                e.utf8_error().valid_up_to()
            )
        })?;
        let root = path
            .parent()
            .map(|p| {
                if p.as_os_str().is_empty() {
                    PathBuf::from(".")
                } else {
                    p.to_path_buf()
                }
            })
            .unwrap_or_else(|| PathBuf::from("."));
        let display_path = path.display().to_string();
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "accord.toml".to_string());
        let manifest =
            accord_contract::parse_manifest(&file_name, &text).map_err(|e| ConfigError {
                display_path: display_path.clone(),
                text: text.clone(),
                diagnostics: e.diagnostics,
            })?;
        Ok(Workspace { root, manifest })
    }
}
