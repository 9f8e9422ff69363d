//! `[gates]`: each gate evaluated against the tree under the workspace root.

use crate::{EngineError, Workspace};
use accord_gate::{Evaluation, Gate};
use accord_model::Finding;
use rayon::prelude::*;

/// The gates of one tree, evaluated.
#[derive(Debug, Default)]
pub struct GateRun {
    /// The gates, in manifest order (only those asked for).
    pub gates: Vec<Gate>,
    /// One evaluation per gate, same order.
    pub evaluations: Vec<Evaluation>,
    /// Their findings: broken thresholds, regressions, gates that could not be read.
    pub findings: Vec<Finding>,
}

/// Evaluates the gates of `ws` named in `only` (all when empty). A name that is not a
/// declared gate is an error, so a typo never evaluates nothing.
pub fn run_gates(ws: &Workspace, only: &[String]) -> Result<GateRun, EngineError> {
    let gates = accord_gate::parse_gates(
        ws.manifest.sections.get("gates"),
        &ws.manifest.path,
        &ws.manifest_text,
    )?;
    for name in only {
        if !gates.iter().any(|g| g.name == *name) {
            let known: Vec<&str> = gates.iter().map(|g| g.name.as_str()).collect();
            return Err(EngineError::Input {
                path: ws.manifest.path.clone(),
                message: if known.is_empty() {
                    format!("no gate `{name}`: accord.toml declares no [gates.NAME]")
                } else {
                    format!("no gate `{name}`; declared: {}", known.join(", "))
                },
            });
        }
    }
    let gates: Vec<Gate> = gates
        .into_iter()
        .filter(|g| only.is_empty() || only.contains(&g.name))
        .collect();
    let fs = ws.fs()?;
    let evaluations: Vec<Evaluation> = gates
        .par_iter()
        .map(|g| accord_gate::evaluate(&fs, g))
        .collect();
    let findings = gates
        .iter()
        .zip(&evaluations)
        .flat_map(|(g, e)| e.findings(g, &ws.manifest.path, &ws.manifest_text))
        .collect();
    Ok(GateRun {
        gates,
        evaluations,
        findings,
    })
}
