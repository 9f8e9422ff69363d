//! Where the ledger lives, and who may say so.
//!
//! The repository Accord reads is written by the change under review, so `accord.toml` must
//! not be able to point the ledger at an arbitrary file or database. The rules:
//!
//! 1. `--ledger SPEC` (the CLI flag) or the `ACCORD_LEDGER` environment variable, set by
//!    whoever runs Accord, win and may name any PostgreSQL URL or SQLite path.
//! 2. Otherwise `[ledger]` of `accord.toml` may give an SQLite `path` confined to the
//!    repository (relative, no `..`, no symlink leaving it), or a PostgreSQL URL only
//!    indirectly, as `url_env = "VAR"` naming an environment variable that holds it — a
//!    password never sits in the manifest. `url` is refused.
//! 3. When recording in CI (`require_trusted`), only 1 is accepted: a manifest choosing the
//!    ledger is a manifest the change under review chose.
//!
//! A spec that is neither `postgres://`/`postgresql://` nor `sqlite:PATH`/a plain path is an
//! error: `mysql://u:pw@h/db` must not silently become an SQLite file named after the URL.

use super::{DEFAULT_SQLITE_PATH, DEFAULT_TABLE, LedgerTarget, valid_table};
use crate::{ConfigError, ConfigErrors};
use accord_model::manifest::Manifest;
use accord_model::redact::redact;
use std::path::{Component, Path, PathBuf};

/// The environment variable that names the ledger when recording.
pub const LEDGER_ENV: &str = "ACCORD_LEDGER";

/// The environment variable that names the PostgreSQL table when `ACCORD_LEDGER` or
/// `--ledger` gives the ledger (default `accord_ledger`).
pub const LEDGER_TABLE_ENV: &str = "ACCORD_LEDGER_TABLE";

/// Who chose the ledger's location.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// The `--ledger` flag.
    Flag,
    /// The `ACCORD_LEDGER` environment variable.
    Environment,
    /// `[ledger]` of `accord.toml` (confined to the repository or via `url_env`).
    Manifest,
    /// Nothing was configured: `.accord/ledger.db` in the repository.
    Default,
}

impl Origin {
    /// True when the location was chosen by whoever runs Accord, not by the repository.
    pub fn is_trusted(self) -> bool {
        matches!(self, Origin::Flag | Origin::Environment)
    }
}

/// A ledger location that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LedgerConfigError {
    /// A mistake in `[ledger]` of `accord.toml`.
    #[error("{0}")]
    Manifest(ConfigErrors),
    /// The flag or environment variable holds something that is not a ledger.
    #[error("{origin}: {message}")]
    Spec {
        /// `--ledger` or `ACCORD_LEDGER`.
        origin: String,
        /// What is wrong (any credentials redacted).
        message: String,
    },
    /// Recording in CI, and the ledger would be chosen by the repository.
    #[error(
        "recording a decision needs a ledger chosen outside the repository: set {LEDGER_ENV} (a postgres:// URL or an SQLite path) or pass --ledger; `[ledger]` of accord.toml is part of the change under review"
    )]
    Untrusted,
}

/// Parses a ledger spec: `postgres://…`/`postgresql://…`, `sqlite:PATH` or a plain path
/// (relative to `base`). Anything else that looks like a URL (`scheme:…`) is refused.
pub fn parse_spec(spec: &str, base: &Path) -> Result<LedgerTarget, String> {
    let spec = spec.trim();
    if spec.is_empty() {
        return Err("the ledger location is empty".to_string());
    }
    if spec.contains('\0') {
        return Err("the ledger location contains a NUL byte".to_string());
    }
    let lower = spec.to_ascii_lowercase();
    if lower.starts_with("postgres://") || lower.starts_with("postgresql://") {
        return Ok(LedgerTarget::Postgres {
            url: spec.to_string(),
            table: DEFAULT_TABLE.to_string(),
        });
    }
    let path = match spec.strip_prefix("sqlite:") {
        Some(rest) => rest.strip_prefix("//").unwrap_or(rest),
        None => {
            if let Some(scheme) = url_scheme(spec) {
                return Err(format!(
                    "`{}` is not a ledger: the `{scheme}:` scheme is not supported (use postgres://…, postgresql://…, sqlite:PATH or a file path)",
                    redact(spec)
                ));
            }
            spec
        }
    };
    if path.is_empty() {
        return Err("`sqlite:` names no file".to_string());
    }
    let path = Path::new(path);
    Ok(LedgerTarget::Sqlite(if path.is_absolute() {
        path.to_path_buf()
    } else {
        base.join(path)
    }))
}

/// The scheme of `spec` when it reads as `scheme:…` (two letters at least, so a Windows
/// drive `C:\…` is a path).
fn url_scheme(spec: &str) -> Option<&str> {
    let colon = spec.find(':')?;
    let scheme = &spec[..colon];
    let mut chars = scheme.chars();
    (scheme.len() >= 2
        && chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-')))
    .then_some(scheme)
}

/// `rel` under `root`, refused when it is absolute, climbs with `..`, or resolves (through
/// symlinks of the parts that exist) outside `root`. The file itself need not exist.
pub fn confine(root: &Path, rel: &str) -> Result<PathBuf, String> {
    if rel.trim().is_empty() {
        return Err("is empty".to_string());
    }
    if rel.contains('\0') {
        return Err("contains a NUL byte".to_string());
    }
    let path = Path::new(rel);
    if path.is_absolute() || rel.starts_with('\\') || url_scheme(rel).is_some_and(|s| s.len() == 1)
    {
        return Err(format!(
            "`{rel}` is absolute; give a path relative to the repository root"
        ));
    }
    for component in path.components() {
        match component {
            Component::ParentDir => {
                return Err(format!(
                    "`{rel}` climbs out with `..`; give a path inside the repository"
                ));
            }
            Component::Prefix(_) | Component::RootDir => {
                return Err(format!("`{rel}` is absolute"));
            }
            Component::CurDir | Component::Normal(_) => {}
        }
    }
    let root_real = root.canonicalize().map_err(|e| {
        format!(
            "the repository root {} cannot be resolved: {e}",
            root.display()
        )
    })?;
    let full = root_real.join(path);
    // The deepest part that exists decides where the rest will be created.
    let mut existing = full.as_path();
    loop {
        if existing.symlink_metadata().is_ok() {
            break;
        }
        match existing.parent() {
            Some(parent) => existing = parent,
            None => break,
        }
    }
    let resolved = existing
        .canonicalize()
        .map_err(|e| format!("`{rel}` cannot be resolved: {e}"))?;
    if !resolved.starts_with(&root_real) {
        return Err(format!(
            "`{rel}` leads outside the repository through a symlink (to {})",
            resolved.display()
        ));
    }
    // `join("")` would append a separator, turning an existing file into `file/`.
    match full.strip_prefix(existing) {
        Ok(rest) if !rest.as_os_str().is_empty() => Ok(resolved.join(rest)),
        _ => Ok(resolved),
    }
}

/// What `LedgerTarget::resolve` needs to know beyond the manifest.
#[derive(Clone, Copy)]
pub struct LedgerSettings<'a> {
    /// `--ledger SPEC`, when given.
    pub flag: Option<&'a str>,
    /// Reads an environment variable (`std::env::var(..).ok()` in the CLI; a map in tests).
    pub env: &'a dyn Fn(&str) -> Option<String>,
    /// Recording in CI: refuse any location the repository chose.
    pub require_trusted: bool,
    /// Where a relative path from the flag or the environment is taken from (the current
    /// directory of the process).
    pub cwd: &'a Path,
}

impl std::fmt::Debug for LedgerSettings<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LedgerSettings")
            .field("flag", &self.flag.map(redact))
            .field("require_trusted", &self.require_trusted)
            .field("cwd", &self.cwd)
            .finish_non_exhaustive()
    }
}

impl LedgerTarget {
    /// The ledger to use and who chose it: `--ledger`, then `ACCORD_LEDGER`, then `[ledger]`
    /// of the manifest (confined), then `.accord/ledger.db` (see the module docs).
    pub fn resolve(
        settings: &LedgerSettings<'_>,
        manifest: &Manifest,
        manifest_source: &str,
        repo_root: &Path,
    ) -> Result<(LedgerTarget, Origin), LedgerConfigError> {
        let trusted = [
            (settings.flag.map(str::to_string), Origin::Flag, "--ledger"),
            ((settings.env)(LEDGER_ENV), Origin::Environment, LEDGER_ENV),
        ];
        for (spec, origin, name) in trusted {
            let Some(spec) = spec.filter(|s| !s.trim().is_empty()) else {
                continue;
            };
            let mut target =
                parse_spec(&spec, settings.cwd).map_err(|message| LedgerConfigError::Spec {
                    origin: name.to_string(),
                    message,
                })?;
            // The table is part of the place too: the manifest does not get to pick it (it
            // could name a table of the application's own database).
            if let LedgerTarget::Postgres { table, .. } = &mut target
                && let Some(name) = (settings.env)(LEDGER_TABLE_ENV).filter(|t| !t.is_empty())
            {
                if !valid_table(&name) {
                    return Err(LedgerConfigError::Spec {
                        origin: LEDGER_TABLE_ENV.to_string(),
                        message: format!(
                            "`{}` is not a plain table name ([a-z_][a-z0-9_]*)",
                            redact(&name)
                        ),
                    });
                }
                *table = name;
            }
            return Ok((target, origin));
        }
        if settings.require_trusted {
            return Err(LedgerConfigError::Untrusted);
        }
        let has_section = manifest.sections.contains_key("ledger");
        let target = Self::from_manifest_with(manifest, manifest_source, repo_root, settings.env)
            .map_err(LedgerConfigError::Manifest)?;
        Ok((
            target,
            if has_section {
                Origin::Manifest
            } else {
                Origin::Default
            },
        ))
    }

    /// The target `[ledger]` of `accord.toml` names, or `.accord/ledger.db` under
    /// `repo_root` when there is no such section; `url_env` is read from the process
    /// environment. Prefer [`LedgerTarget::resolve`], which also honours `ACCORD_LEDGER`.
    pub fn from_manifest(
        manifest: &Manifest,
        manifest_source: &str,
        repo_root: &Path,
    ) -> Result<LedgerTarget, ConfigErrors> {
        Self::from_manifest_with(manifest, manifest_source, repo_root, &|name| {
            std::env::var(name).ok()
        })
    }

    /// [`LedgerTarget::from_manifest`] with an injected environment.
    pub fn from_manifest_with(
        manifest: &Manifest,
        manifest_source: &str,
        repo_root: &Path,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<LedgerTarget, ConfigErrors> {
        let Some(section) = manifest.sections.get("ledger") else {
            return confine(repo_root, DEFAULT_SQLITE_PATH)
                .map(LedgerTarget::Sqlite)
                .map_err(|why| {
                    ConfigErrors(vec![ConfigError::at(
                        &manifest.path,
                        manifest_source,
                        accord_model::Span::new(0, 0),
                        format!("the default ledger {DEFAULT_SQLITE_PATH} {why}"),
                    )])
                });
        };
        let err = |ptr: &str, message: String| {
            ConfigError::at(
                &manifest.path,
                manifest_source,
                section.span_of(ptr),
                message,
            )
        };
        let mut errors = Vec::new();
        let mut target: Option<LedgerTarget> = None;
        let mut table = None;
        let mut located = false;
        match section.value.as_object() {
            None => errors.push(err("", "`[ledger]` must be a table".to_string())),
            Some(map) => {
                for (key, value) in map {
                    let ptr = format!("/{key}");
                    let Some(text) = value.as_str() else {
                        errors.push(err(&ptr, format!("`ledger.{key}` must be a string")));
                        continue;
                    };
                    if matches!(key.as_str(), "url" | "path" | "url_env") {
                        if located {
                            errors.push(err(
                                &ptr,
                                "give one of `path` or `url_env`, not several".to_string(),
                            ));
                            continue;
                        }
                        located = true;
                    }
                    match key.as_str() {
                        "url" => errors.push(err(
                            &ptr,
                            format!(
                                "`ledger.url` is not accepted: a URL in accord.toml is chosen by whoever edits the repository and may carry a password. Put the URL in an environment variable and name it with `url_env = \"VAR\"`, or set {LEDGER_ENV} (given: `{}`)",
                                redact(text)
                            ),
                        )),
                        "path" => match confine(repo_root, text.strip_prefix("sqlite:").unwrap_or(text)) {
                            Ok(path) => target = Some(LedgerTarget::Sqlite(path)),
                            Err(why) => errors.push(err(
                                &ptr,
                                format!("`ledger.path` {why}; the ledger file must stay inside the repository (set {LEDGER_ENV} to put it elsewhere)"),
                            )),
                        },
                        "url_env" => match url_from_env(text, env) {
                            Ok(url) => target = Some(url),
                            Err(why) => errors.push(err(&ptr, why)),
                        },
                        "table" => {
                            if !valid_table(text) {
                                errors.push(err(
                                    &ptr,
                                    format!(
                                        "`{text}` is not a plain table name ([a-z_][a-z0-9_]*)"
                                    ),
                                ));
                            }
                            table = Some(text.to_string());
                        }
                        other => errors.push(err(
                            &ptr,
                            format!(
                                "unknown key `ledger.{other}`; expected path, url_env or table"
                            ),
                        )),
                    }
                }
            }
        }
        if !errors.is_empty() {
            return Err(ConfigErrors(errors));
        }
        let mut target = match target {
            Some(t) => t,
            None => confine(repo_root, DEFAULT_SQLITE_PATH)
                .map(LedgerTarget::Sqlite)
                .map_err(|why| ConfigErrors(vec![err("", format!("the default ledger {why}"))]))?,
        };
        if let (LedgerTarget::Postgres { table: t, .. }, Some(name)) = (&mut target, table) {
            *t = name;
        }
        Ok(target)
    }
}

fn url_from_env(var: &str, env: &dyn Fn(&str) -> Option<String>) -> Result<LedgerTarget, String> {
    let plain = !var.is_empty()
        && var.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !var.starts_with(|c: char| c.is_ascii_digit());
    if !plain {
        return Err(format!(
            "`ledger.url_env` must name an environment variable ([A-Za-z_][A-Za-z0-9_]*), not `{}`",
            redact(var)
        ));
    }
    let Some(value) = env(var).filter(|v| !v.trim().is_empty()) else {
        return Err(format!(
            "`ledger.url_env` names `{var}`, which is not set: set it to the ledger's postgres:// URL"
        ));
    };
    let lower = value.trim().to_ascii_lowercase();
    if !(lower.starts_with("postgres://") || lower.starts_with("postgresql://")) {
        // A manifest may point at a variable, not at a file: `url_env = "HOME"` must not
        // turn a directory into a ledger.
        return Err(format!(
            "`{var}` (named by `ledger.url_env`) does not hold a postgres:// URL; an SQLite ledger is given with `path`, or with {LEDGER_ENV}"
        ));
    }
    Ok(LedgerTarget::Postgres {
        url: value.trim().to_string(),
        table: DEFAULT_TABLE.to_string(),
    })
}
