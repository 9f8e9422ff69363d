//! The catalogue of every rule Accord knows, across all rule crates.

pub use accord_engine::catalog;

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn rule_ids_are_unique_and_kebab_case() {
        let mut seen = BTreeSet::new();
        for rule in catalog().iter() {
            assert!(seen.insert(rule.id), "duplicate rule id {}", rule.id);
            assert!(
                rule.id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "rule id {} is not kebab-case",
                rule.id
            );
            assert!(!rule.summary.is_empty(), "{} has no summary", rule.id);
            assert!(
                rule.docs.contains("## What it does"),
                "{} lacks a `## What it does` section",
                rule.id
            );
        }
    }
}
