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
