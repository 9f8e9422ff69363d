//! `[governance]` in the pipeline: the generated files (CODEOWNERS, registry table,
//! dependency graph) rendered fresh and compared with the committed copies.

use crate::{ConfigError, EngineError, Workspace};
use accord_contract::governance::{Generated, GovernanceConfig, generated_files};
use accord_model::contract::Contract;

/// `[governance]` of the workspace's manifest; a mistake in it is a manifest error.
pub fn governance_config(ws: &Workspace) -> Result<GovernanceConfig, EngineError> {
    GovernanceConfig::parse(&ws.manifest, &ws.manifest_text).map_err(|e| {
        EngineError::Manifest(ConfigError {
            display_path: ws.manifest.path.clone(),
            text: ws.manifest_text.clone(),
            diagnostics: e.diagnostics,
        })
    })
}

/// Every file Accord generates for this workspace, rendered from its manifest and `contracts`.
pub fn generated(ws: &Workspace, contracts: &[Contract]) -> Result<Vec<Generated>, EngineError> {
    Ok(generated_files(
        &governance_config(ws)?,
        &ws.manifest,
        contracts,
    ))
}

/// Findings for generated files that are stale or missing.
pub fn check_generated(
    ws: &Workspace,
    contracts: &[Contract],
) -> Result<Vec<accord_model::Finding>, EngineError> {
    let files = generated(ws, contracts)?;
    Ok(accord_contract::governance::check_generated(
        &ws.root, &files,
    )?)
}
