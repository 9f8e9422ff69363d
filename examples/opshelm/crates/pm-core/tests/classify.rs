use pm_core::{classify_change, ContractEntry, Severity, Stability};

fn entry(params: &[&str]) -> ContractEntry {
    ContractEntry {
        symbol: "agents.triage.triage_email".into(),
        language: "python".into(),
        params: params.iter().map(|p| p.to_string()).collect(),
        returns: None,
        side_effects: vec![],
        stability: Stability::Stable,
        owners: vec![],
        consumers: vec![],
        tests: vec![],
    }
}

#[test]
fn changed_params_are_risky_unless_strict() {
    let changes = classify_change(&entry(&["a"]), &entry(&["b"]), false).unwrap();
    assert_eq!(changes[0].severity, Severity::Risky);
}
