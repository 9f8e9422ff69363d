//! Seed 000's decision tree: pack-level, integration or system-level.

use crate::ChangeEvidence;
use accord_model::EpicClass;
use accord_model::manifest::{Manifest, is_database, normalize_pack_name};
use std::collections::BTreeSet;

/// Classifies the change set and says why, following seed 000 "Decision Tree: Where to Create
/// Epic?": a database schema change or an architectural change is system-level whatever else
/// happens; a new integration is system-level once two or more packs are involved; modifying an
/// existing integration is an integration epic; two or more packs otherwise is system-level; one
/// pack is pack-level; no pack at all is `None`.
pub fn classify_epic(evidence: &ChangeEvidence, manifest: &Manifest) -> (EpicClass, String) {
    if let Some(reason) = &evidence.schema_change {
        return (
            EpicClass::SystemLevel,
            format!("database schema change: {reason}"),
        );
    }
    if let Some(reason) = &evidence.architecture_change {
        return (
            EpicClass::SystemLevel,
            format!("architectural change: {reason}"),
        );
    }

    // Packs involved: those touched, plus both parties of every new integration (a new
    // contract involves its provider and consumers even before their code changes).
    let canonical = |name: &str| -> Option<String> {
        if is_database(name) {
            return None;
        }
        Some(
            manifest
                .pack(name)
                .map(|p| p.name.clone())
                .unwrap_or_else(|| normalize_pack_name(name)),
        )
    };
    let mut involved: BTreeSet<String> = evidence.packs_touched.iter().cloned().collect();
    let new: Vec<_> = evidence.contracts.iter().filter(|c| c.added).collect();
    for contract in &new {
        involved.extend(canonical(&contract.provider));
        involved.extend(contract.consumers.iter().filter_map(|c| canonical(c)));
    }
    let list = |set: &BTreeSet<String>| set.iter().cloned().collect::<Vec<_>>().join(", ");

    if !new.is_empty() && involved.len() >= 2 {
        let names: Vec<_> = new.iter().map(|c| format!("`{}`", c.name)).collect();
        return (
            EpicClass::SystemLevel,
            format!(
                "creates new integration {} across {} packs ({})",
                names.join(", "),
                involved.len(),
                list(&involved)
            ),
        );
    }
    let modified: Vec<_> = evidence
        .contracts
        .iter()
        .filter(|c| !c.added)
        .map(|c| format!("`{}`", c.name))
        .collect();
    if !modified.is_empty() {
        return (
            EpicClass::Integration,
            format!("modifies existing integration {}", modified.join(", ")),
        );
    }
    match involved.len() {
        0 => (
            EpicClass::None,
            "no file of a pack, contract or migration changed".to_string(),
        ),
        1 => (
            EpicClass::PackLevel,
            format!("entirely within pack {}", list(&involved)),
        ),
        n => (
            EpicClass::SystemLevel,
            format!("affects {n} packs ({})", list(&involved)),
        ),
    }
}
