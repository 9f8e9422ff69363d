//! Rules as data: what each rule declares about itself, the catalogue, renamed ids.

use crate::{Bump, Class};
use serde::Serialize;

/// What every rule declares about itself: the single source for `accord rules`,
/// `accord explain`, the generated `docs/rules/*.md` and SARIF `rules[]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RuleMeta {
    /// Stable identifier, e.g. `registry-bad-status`. Equal to the rule's file name.
    pub id: &'static str,
    /// The family the rule belongs to: `manifest`, `registry`, `conformance`, `contract-change`, …
    pub group: &'static str,
    /// Class given to its findings unless policy overrides it.
    pub class: Class,
    /// Version bump its findings require.
    pub bump: Bump,
    /// One line: what the rule reports.
    pub summary: &'static str,
    /// The full documentation in Markdown (the rule file's doc comment).
    pub docs: &'static str,
}

/// Rule ids that were renamed, old → new. An id is a public name: approvals, policy
/// overrides and dashboards hold it, so a renamed rule keeps answering to its old id, and
/// its findings keep the fingerprints they had (see [`fingerprint_id`]).
pub static REDIRECTS: &[(&str, &str)] = &[];

/// The current id of `id`, following renames in `redirects` (usually [`REDIRECTS`]).
pub fn current_id<'a>(id: &'a str, redirects: &[(&'a str, &'a str)]) -> &'a str {
    let mut id = id;
    // Bounded: a rename chain cannot be longer than the table.
    for _ in 0..=redirects.len() {
        match redirects.iter().find(|(old, _)| *old == id) {
            Some((_, new)) => id = new,
            None => break,
        }
    }
    id
}

/// The id a rule's fingerprints are computed from: its *first* name, so that renaming a
/// rule does not orphan the approvals written for its findings.
pub fn fingerprint_id<'a>(id: &'a str, redirects: &[(&'a str, &'a str)]) -> &'a str {
    let mut id = id;
    for _ in 0..=redirects.len() {
        match redirects.iter().find(|(_, new)| *new == id) {
            Some((old, _)) => id = old,
            None => break,
        }
    }
    id
}

/// A read-only catalogue of rules, searchable by id.
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    rules: Vec<&'static RuleMeta>,
}

impl RuleSet {
    /// Builds a catalogue from several rule groups; ids are kept in the given order.
    pub fn new(groups: &[&[&'static RuleMeta]]) -> RuleSet {
        RuleSet {
            rules: groups.iter().flat_map(|g| g.iter().copied()).collect(),
        }
    }

    /// Every rule, in catalogue order.
    pub fn iter(&self) -> impl Iterator<Item = &'static RuleMeta> + '_ {
        self.rules.iter().copied()
    }

    /// The rule with this id, or the rule it was renamed to.
    pub fn get(&self, id: &str) -> Option<&'static RuleMeta> {
        let id = current_id(id, REDIRECTS);
        self.rules.iter().copied().find(|r| r.id == id)
    }

    /// Number of rules.
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    /// True when the catalogue is empty.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }
}

/// Declares a rule's [`RuleMeta`] from its doc comment, so documentation and data are one value.
///
/// ```
/// accord_model::declare_rule! {
///     /// Reports nothing; exists to show the syntax.
///     ///
///     /// ## Why is this bad?
///     /// It is not.
///     pub static EXAMPLE_RULE = {
///         id: "example-rule",
///         group: "example",
///         class: Safe,
///         bump: None,
///         summary: "an example",
///     }
/// }
/// assert!(EXAMPLE_RULE.docs.contains("Why is this bad?"));
/// assert_eq!(EXAMPLE_RULE.class, accord_model::Class::Safe);
/// ```
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        $vis:vis static $name:ident = {
            id: $id:literal,
            group: $group:literal,
            class: $class:ident,
            bump: $bump:ident,
            summary: $summary:literal $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        $vis static $name: $crate::RuleMeta = $crate::RuleMeta {
            id: $id,
            group: $group,
            class: $crate::Class::$class,
            bump: $crate::Bump::$bump,
            summary: $summary,
            docs: concat!($($doc, "\n"),*),
        };
    };
}

impl RuleMeta {
    /// The documentation as Markdown, with the single space that `///` leaves removed.
    pub fn markdown(&self) -> String {
        let mut out = String::with_capacity(self.docs.len());
        for line in self.docs.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        out.trim_end().to_string() + "\n"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RENAMES: &[(&str, &str)] = &[("old-name", "middle-name"), ("middle-name", "new-name")];

    #[test]
    fn renamed_ids_resolve_to_the_current_one() {
        assert_eq!(current_id("old-name", RENAMES), "new-name");
        assert_eq!(current_id("middle-name", RENAMES), "new-name");
        assert_eq!(current_id("other", RENAMES), "other");
    }

    #[test]
    fn fingerprints_keep_the_first_name() {
        assert_eq!(fingerprint_id("new-name", RENAMES), "old-name");
        assert_eq!(fingerprint_id("other", RENAMES), "other");
    }

    #[test]
    fn a_cycle_in_the_table_does_not_hang() {
        let cycle: &[(&str, &str)] = &[("a", "b"), ("b", "a")];
        let _ = current_id("a", cycle);
        let _ = fingerprint_id("a", cycle);
    }

    #[test]
    fn the_redirect_table_is_sane() {
        for (old, new) in REDIRECTS {
            assert_ne!(old, new);
            assert_eq!(
                current_id(new, REDIRECTS),
                *new,
                "{new} is itself renamed: point {old} at the final id"
            );
        }
    }
}
