//! The `registry-added-in-newer` rule.
use crate::rules::Cx;
use accord_model::Finding;
use accord_model::Span;

accord_model::declare_rule! {
    /// ## What it does
    /// Reports a section or field whose `added_in` is a version newer than the contract
    /// itself.
    ///
    /// ## Why is this bad?
    /// `added_in` tells consumers since when they may rely on an element. A future version
    /// is either a typo or an element published before its release, and consumers pinned to
    /// the current version cannot tell whether to expect it.
    ///
    /// ## Example
    /// ```yaml
    /// contract:
    ///   version: "1.0.0"
    ///   interface:
    ///     optional_sections:
    ///       - name: "Big Five Profile"
    ///         added_in: "1.2.0"
    /// ```
    ///
    /// ## How to fix
    /// Set `added_in` to the version that really introduced the element (at most the
    /// contract's version), or bump the contract's version.
    pub static REGISTRY_ADDED_IN_NEWER = {
        id: "registry-added-in-newer",
        group: "registry",
        class: Risky,
        bump: None,
        summary: "an element's added_in is newer than the contract version",
    }
}

pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    for c in cx.contracts {
        let Ok(version) = semver::Version::parse(c.version.trim()) else {
            continue;
        };
        let i = &c.interface;
        let mut elements: Vec<(&str, &str, &Option<String>, Span)> = Vec::new();
        for (list, sections) in [
            ("required_sections", &i.required_sections),
            ("optional_sections", &i.optional_sections),
        ] {
            elements.extend(
                sections
                    .iter()
                    .map(|s| (list, s.name.as_str(), &s.added_in, s.span)),
            );
        }
        for (list, fields) in [
            ("required_fields", &i.required_fields),
            ("optional_fields", &i.optional_fields),
        ] {
            elements.extend(
                fields
                    .iter()
                    .map(|f| (list, f.name.as_str(), &f.added_in, f.span)),
            );
        }
        for (list, name, added_in, span) in elements {
            let Some(added) = added_in else { continue };
            let Ok(added_v) = semver::Version::parse(added.trim()) else {
                continue;
            };
            if added_v > version {
                let name_for = c.name.clone();
                out.push(
                    accord_model::Finding::of(
                        &REGISTRY_ADDED_IN_NEWER,
                        format!("`{name}` is marked added_in {added}, newer than the contract's version {}", c.version),
                    )
                    .at(cx.sources.location(&c.path, span))
                    .with_contract(if name_for.trim().is_empty() { c.path.clone() } else { name_for })
                    .with_logical_path(format!("interface.{list}[{name}].added_in"))
                    .with_help(format!("set added_in to at most {}, or bump the contract version", c.version)),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{PACKS, contract, lint, of};

    #[test]
    fn fires_only_for_future_versions() {
        let base = contract("A", "1.1.0", "stable", "MMOS", "CreatorOS");
        let with = |added: &str| {
            base.replace(
                "    location: out/{slug}.md\n",
                &format!("    location: out/{{slug}}.md\n    optional_sections:\n      - name: X\n        added_in: \"{added}\"\n"),
            )
        };
        for (added, n) in [("1.0.0", 0), ("1.1.0", 0), ("1.2.0", 1), ("2.0.0", 1)] {
            let f = lint(PACKS, &[("mmos-creator-os-v1.1.0.yaml", &with(added))]);
            assert_eq!(of("registry-added-in-newer", &f).len(), n, "{added}");
        }
        let f = of(
            "registry-added-in-newer",
            &lint(PACKS, &[("mmos-creator-os-v1.1.0.yaml", &with("1.2.0"))]),
        );
        assert_eq!(f[0].location.line, 11);
    }
}
