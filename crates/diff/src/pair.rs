//! Pairing contracts across two revisions by identity, never by file name: the file
//! name carries the version, so a bumped contract would otherwise look removed and re-added.

use accord_model::contract::Contract;
use std::collections::BTreeMap;

/// One contract identity seen across two revisions.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Pair<'a> {
    /// Only in the new revision.
    Added(&'a Contract),
    /// Only in the old revision.
    Removed(&'a Contract),
    /// In both revisions (possibly unchanged).
    Changed {
        /// The contract at the old revision.
        old: &'a Contract,
        /// The contract at the new revision.
        new: &'a Contract,
    },
}

impl<'a> Pair<'a> {
    /// The contract at the new revision, or at the old one when it was removed.
    pub fn latest(&self) -> &'a Contract {
        match self {
            Pair::Added(c) | Pair::Removed(c) => c,
            Pair::Changed { new, .. } => new,
        }
    }
}

/// Pairs the contracts of two revisions by [`Contract::identity`].
///
/// When a revision holds several files of one identity (`a-b-v1.0.0.yaml` kept next to
/// `a-b-v2.0.0.yaml`), equal versions pair first, then the highest remaining versions pair
/// with each other, and the rest are added or removed. The result is ordered by identity.
pub fn pair_contracts<'a>(
    old: impl IntoIterator<Item = &'a Contract>,
    new: impl IntoIterator<Item = &'a Contract>,
) -> Vec<Pair<'a>> {
    type Groups<'a> = BTreeMap<String, (Vec<&'a Contract>, Vec<&'a Contract>)>;
    let mut groups: Groups<'a> = BTreeMap::new();
    for c in old {
        groups.entry(c.identity()).or_default().0.push(c);
    }
    for c in new {
        groups.entry(c.identity()).or_default().1.push(c);
    }
    let mut pairs = Vec::new();
    for (_, (mut olds, mut news)) in groups {
        let mut group = Vec::new();
        // Exact versions first: an unchanged file of a kept version pairs with itself.
        let mut i = 0;
        while i < news.len() {
            let version = news[i].version.trim();
            if let Some(j) = olds.iter().position(|o| o.version.trim() == version) {
                group.push(Pair::Changed {
                    old: olds.remove(j),
                    new: news.remove(i),
                });
            } else {
                i += 1;
            }
        }
        olds.sort_by(|a, b| version_order(&a.version, &b.version));
        news.sort_by(|a, b| version_order(&a.version, &b.version));
        while !olds.is_empty() && !news.is_empty() {
            if let (Some(old), Some(new)) = (olds.pop(), news.pop()) {
                group.push(Pair::Changed { old, new });
            }
        }
        group.extend(olds.into_iter().map(Pair::Removed));
        group.extend(news.into_iter().map(Pair::Added));
        pairs.extend(group);
    }
    pairs
}

fn version_order(a: &str, b: &str) -> std::cmp::Ordering {
    match (
        semver::Version::parse(a.trim()),
        semver::Version::parse(b.trim()),
    ) {
        (Ok(a), Ok(b)) => a.cmp(&b),
        (Ok(_), Err(_)) => std::cmp::Ordering::Greater,
        (Err(_), Ok(_)) => std::cmp::Ordering::Less,
        (Err(_), Err(_)) => a.cmp(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contract(name: &str, version: &str) -> Contract {
        Contract {
            path: format!("contracts/{name}-v{version}.yaml"),
            name: name.into(),
            version: version.into(),
            provider: "MMOS".into(),
            consumers: vec!["CreatorOS".into()],
            ..Contract::default()
        }
    }

    #[test]
    fn a_bumped_contract_pairs_with_its_predecessor_not_by_file_name() {
        let old = [contract("Voice", "1.0.0"), contract("Gone", "1.0.0")];
        let new = [contract("Voice", "2.0.0"), contract("Fresh", "0.1.0")];
        let pairs = pair_contracts(&old, &new);
        assert_eq!(pairs.len(), 3);
        assert!(pairs.iter().any(|p| matches!(p, Pair::Changed { old, new }
            if old.version == "1.0.0" && new.version == "2.0.0")));
        assert!(
            pairs
                .iter()
                .any(|p| matches!(p, Pair::Removed(c) if c.name == "Gone"))
        );
        assert!(
            pairs
                .iter()
                .any(|p| matches!(p, Pair::Added(c) if c.name == "Fresh"))
        );
    }

    #[test]
    fn kept_old_versions_pair_with_themselves() {
        let old = [contract("Voice", "1.0.0")];
        let new = [contract("Voice", "1.0.0"), contract("Voice", "2.0.0")];
        let pairs = pair_contracts(&old, &new);
        assert_eq!(pairs.len(), 2);
        assert!(pairs.iter().any(|p| matches!(p, Pair::Changed { old, new }
            if old.version == "1.0.0" && new.version == "1.0.0")));
        assert!(
            pairs
                .iter()
                .any(|p| matches!(p, Pair::Added(c) if c.version == "2.0.0"))
        );
    }

    #[test]
    fn a_lone_contract_is_not_lost_when_the_other_side_is_empty() {
        let old = [contract("Voice", "1.0.0")];
        assert!(matches!(pair_contracts(&old, &[])[..], [Pair::Removed(_)]));
        assert!(matches!(pair_contracts(&[], &old)[..], [Pair::Added(_)]));
    }
}
