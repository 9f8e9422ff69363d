//! Helpers shared by the gate tests: a repository directory → its gates' findings.

#![allow(dead_code)]

use accord_gate::{Evaluation, Gate};
use accord_model::Finding;
use std::path::Path;

/// Parses `dir/accord.toml` the way the CLI does and evaluates every gate.
pub fn run(dir: &Path) -> (Vec<Gate>, Vec<Evaluation>, Vec<Finding>) {
    let text = std::fs::read_to_string(dir.join("accord.toml")).expect("accord.toml");
    let manifest = accord_contract::parse_manifest("accord.toml", &text).expect("manifest parses");
    let gates = accord_gate::parse_gates(manifest.sections.get("gates"), "accord.toml", &text)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let root = accord_fs::Root::open(dir).unwrap();
    let evals: Vec<Evaluation> = gates
        .iter()
        .map(|g| accord_gate::evaluate(&root, g))
        .collect();
    let findings = gates
        .iter()
        .zip(&evals)
        .flat_map(|(g, e)| e.findings(g, "accord.toml", &text))
        .collect();
    (gates, evals, findings)
}

/// The `[gates]` errors of a manifest text.
pub fn config_errors(text: &str) -> Vec<String> {
    let manifest = accord_contract::parse_manifest("accord.toml", text).expect("manifest parses");
    accord_gate::parse_gates(manifest.sections.get("gates"), "accord.toml", text)
        .expect_err("the gates should be refused")
        .0
        .iter()
        .map(ToString::to_string)
        .collect()
}
