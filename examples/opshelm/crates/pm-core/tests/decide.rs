use pm_core::{
    decide, max_severity, Decision, Outcome, RequiredAction, Severity, SignatureChange,
};
use pm_core::decision::Gate;

struct Sentry;

impl Gate for Sentry {
    fn name(&self) -> &str {
        "SecuritySentry"
    }

    fn review(&self, change: &SignatureChange) -> Vec<RequiredAction> {
        vec![RequiredAction { action: format!("review {}", change.symbol), blocking: false }]
    }
}

fn change(severity: Severity) -> SignatureChange {
    SignatureChange { symbol: "agents.triage.triage_email".into(), summary: "x".into(), severity }
}

#[test]
fn a_breaking_change_without_tests_is_denied() {
    let decision: Decision = decide(vec![change(Severity::Breaking)], false, &[]);
    assert_eq!(decision.outcome, Outcome::Deny);
    assert_eq!(max_severity(&decision.changes), Severity::Breaking);
}

#[test]
fn a_gate_adds_its_actions() {
    let decision = decide(vec![change(Severity::Safe)], true, &[&Sentry]);
    assert_eq!(decision.outcome, Outcome::ApproveWithConditions);
}
