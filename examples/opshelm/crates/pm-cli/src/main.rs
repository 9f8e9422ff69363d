//! `pm-cli`: reads `symbol<TAB>severity<TAB>summary` lines on stdin and prints the decision
//! the governance core takes. Consumes the PM Core API contract.

use pm_core::{decide, Severity, SignatureChange};
use std::io::BufRead;

fn severity(text: &str) -> Severity {
    match text {
        "BREAKING" => Severity::Breaking,
        "RISKY" => Severity::Risky,
        _ => Severity::Safe,
    }
}

fn main() {
    let changes: Vec<SignatureChange> = std::io::stdin()
        .lock()
        .lines()
        .map_while(Result::ok)
        .filter_map(|line| {
            let mut parts = line.splitn(3, '\t');
            Some(SignatureChange {
                symbol: parts.next()?.to_string(),
                severity: severity(parts.next()?),
                summary: parts.next().unwrap_or("").to_string(),
            })
        })
        .collect();
    let decision = decide(changes, std::env::args().any(|a| a == "--tests-touched"), &[]);
    println!("{:?}: {}", decision.outcome, decision.reasons.join("; "));
}
