//! Classification of one signature change (seed 003 §4).

use crate::registry::ContractEntry;

/// Severity of a contract change, ordered from harmless to breaking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Identical signature and behaviour, docs, new optional parameters.
    Safe,
    /// Default values, error behaviour, ordering or side effects changed.
    Risky,
    /// Removed or renamed symbols, required parameters, incompatible types.
    Breaking,
}

impl Severity {
    /// The upper-case label used in policy decisions.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Safe => "SAFE",
            Severity::Risky => "RISKY",
            Severity::Breaking => "BREAKING",
        }
    }
}

/// One detected difference between two versions of a contract entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureChange {
    /// Symbol with its module path, e.g. `agents.triage.triage_email`.
    pub symbol: String,
    /// What changed, in one sentence.
    pub summary: String,
    /// How severe the change is.
    pub severity: Severity,
}

/// Compares two versions of a contract entry and lists the changes, most severe first.
///
/// `strict` treats every change of a default value as BREAKING instead of RISKY.
///
/// # Errors
///
/// Returns an error naming the symbol when the two entries describe different symbols.
pub fn classify_change(
    old: &ContractEntry,
    new: &ContractEntry,
    strict: bool,
) -> Result<Vec<SignatureChange>, String> {
    if old.symbol != new.symbol {
        return Err(format!("{} is not {}", old.symbol, new.symbol));
    }
    let mut out = Vec::new();
    if old.params != new.params {
        out.push(SignatureChange {
            symbol: new.symbol.clone(),
            summary: "parameters changed".to_string(),
            severity: if strict { Severity::Breaking } else { Severity::Risky },
        });
    }
    out.sort_by(|a, b| b.severity.cmp(&a.severity));
    Ok(out)
}

/// The most severe class among `changes`, or `Severity::Safe` when there is none.
pub fn max_severity(changes: &[SignatureChange]) -> Severity {
    changes.iter().map(|c| c.severity).max().unwrap_or(Severity::Safe)
}
