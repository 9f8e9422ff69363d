//! The repository a command works on: the engine's workspace, and how its manifest errors
//! are recognised for rendering with snippets.

pub use accord_engine::{ConfigError, Workspace};

/// The manifest error inside `error`, if that is what stopped the command.
pub fn config_error(error: &anyhow::Error) -> Option<&ConfigError> {
    error.downcast_ref::<ConfigError>().or_else(|| {
        match error.downcast_ref::<accord_engine::EngineError>() {
            Some(accord_engine::EngineError::Manifest(config)) => Some(config),
            _ => None,
        }
    })
}

thread_local! {
    /// The manifest the running command loaded, as (shown path, text): errors of the
    /// sections other crates parse carry only `accord.toml:LINE:COLUMN`, and their snippet
    /// must come from this text, not from whichever `accord.toml` the current directory has.
    static LOADED: std::cell::RefCell<Option<(String, String)>> = const { std::cell::RefCell::new(None) };
}

/// [`Workspace::load`], remembering the manifest for error snippets (see [`loaded_manifest`]).
pub fn load(
    manifest: Option<&std::path::Path>,
    dir: Option<&std::path::Path>,
) -> Result<Workspace, accord_engine::EngineError> {
    let ws = Workspace::load(manifest, dir)?;
    let shown = ws.root.join(&ws.manifest.path).display().to_string();
    LOADED.with(|l| *l.borrow_mut() = Some((shown, ws.manifest_text.clone())));
    Ok(ws)
}

/// The manifest loaded last on this thread by [`load`], as (shown path, text).
pub fn loaded_manifest() -> Option<(String, String)> {
    LOADED.with(|l| l.borrow().clone())
}
