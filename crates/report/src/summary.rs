use accord_model::{Bump, Class, Finding};
use serde::{Deserialize, Serialize};

/// Number of findings of each class. Serialized with the upper-case class names as keys,
/// always all three, so consumers never have to treat a missing key as zero.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ByClass {
    /// SAFE findings.
    #[serde(rename = "SAFE")]
    pub safe: usize,
    /// RISKY findings.
    #[serde(rename = "RISKY")]
    pub risky: usize,
    /// BREAKING findings.
    #[serde(rename = "BREAKING")]
    pub breaking: usize,
}

impl ByClass {
    /// The count for `class`.
    pub fn get(&self, class: Class) -> usize {
        match class {
            Class::Safe => self.safe,
            Class::Risky => self.risky,
            Class::Breaking => self.breaking,
        }
    }

    fn bump(&mut self, class: Class) {
        match class {
            Class::Safe => self.safe += 1,
            Class::Risky => self.risky += 1,
            Class::Breaking => self.breaking += 1,
        }
    }
}

/// The `summary` object of the JSON report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// Number of findings.
    pub findings: usize,
    /// Findings per class.
    pub by_class: ByClass,
    /// The largest bump any finding requires.
    pub required_bump: Bump,
}

/// Counts `findings` per class and takes the largest required bump.
pub fn summary(findings: &[Finding]) -> Summary {
    let mut by_class = ByClass::default();
    let mut required_bump = Bump::None;
    for finding in findings {
        by_class.bump(finding.class);
        required_bump = required_bump.max(finding.required_bump);
    }
    Summary {
        findings: findings.len(),
        by_class,
        required_bump,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_bump_is_the_largest() {
        let findings = vec![
            Finding::new("a", Class::Safe, Bump::Minor, "m"),
            Finding::new("b", Class::Breaking, Bump::Major, "m"),
            Finding::new("c", Class::Risky, Bump::Patch, "m"),
            Finding::new("d", Class::Breaking, Bump::None, "m"),
        ];
        let s = summary(&findings);
        assert_eq!(s.findings, 4);
        assert_eq!(s.required_bump, Bump::Major);
        assert_eq!(
            (s.by_class.safe, s.by_class.risky, s.by_class.breaking),
            (1, 1, 2)
        );
        assert_eq!(s.by_class.get(Class::Breaking), 2);
    }

    #[test]
    fn empty_summary_requires_nothing() {
        let s = summary(&[]);
        assert_eq!(s, Summary::default());
        assert_eq!(
            serde_json::to_value(s).unwrap(),
            serde_json::json!({"findings": 0, "by_class": {"SAFE": 0, "RISKY": 0, "BREAKING": 0}, "required_bump": "none"})
        );
    }
}
