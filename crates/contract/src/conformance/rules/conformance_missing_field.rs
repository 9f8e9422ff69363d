use crate::conformance::Tree;
use crate::conformance::context::{Artifact, ContractCtx};
use crate::conformance::fields;
use accord_model::Finding;

accord_model::declare_rule! {
    /// ## What it does
    /// Reports a YAML or JSON artifact that lacks a field listed in the contract's
    /// `required_fields`. Names are dotted paths (`big_five.openness`); a numeric segment
    /// indexes a list (`modules.0.title`, also written `modules[0].title`), and a name
    /// applied to a list is required of every item. The finding points at the mapping where
    /// the field should be.
    ///
    /// ## Why is this bad?
    /// The consumer reads the field unconditionally; without it the consumer crashes or
    /// silently falls back to a default, losing the integration's value.
    ///
    /// ## Example
    /// The InnerLens → MMOS contract requires `big_five.neuroticism`; the profile has
    /// `big_five: {openness: 82, conscientiousness: 71}`.
    ///
    /// ## How to fix
    /// Add the field, or, if it is no longer produced, change the contract (a MAJOR bump).
    pub static CONFORMANCE_MISSING_FIELD = {
        id: "conformance-missing-field",
        group: "conformance",
        class: Breaking,
        bump: None,
        summary: "a YAML/JSON artifact lacks a required field",
    }
}

/// One finding per missing occurrence of each required field.
pub(crate) fn check(
    ctx: &ContractCtx<'_>,
    artifact: &Artifact<'_>,
    tree: &Tree<'_>,
    out: &mut Vec<Finding>,
) {
    for (i, field) in ctx.contract.interface.required_fields.iter().enumerate() {
        if field.name.trim().is_empty() {
            continue;
        }
        for missing in fields::missing(&tree.value, field.name.trim()) {
            let where_ = if missing.parent.is_empty() {
                "at the top level".to_string()
            } else {
                format!(
                    "under `{}`",
                    missing.parent.trim_start_matches('/').replace('/', ".")
                )
            };
            let span = if field.span == Default::default() {
                ctx.span(&[&format!("/contract/interface/required_fields/{i}")])
            } else {
                field.span
            };
            out.push(ctx.finding(
                &CONFORMANCE_MISSING_FIELD,
                format!(
                    "`{}` lacks the required field `{}` ({where_})",
                    artifact.rel, missing.path
                ),
                artifact.at(tree.span_of(&missing.parent)),
                span,
                format!("{}#field:{}", artifact.rel, missing.path),
                format!("add `{}` to the document", missing.path),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::conformance::testing::*;
    use accord_model::contract::Format;

    fn profile_contract(ext: &str, format: Format) -> accord_model::contract::Contract {
        let mut c = contract(&format!("out/{{slug}}/profile.{ext}"), Some(format));
        c.interface.required_fields = vec![
            field("mind"),
            field("big_five.openness"),
            field("big_five.neuroticism"),
        ];
        c
    }

    #[test]
    fn fires_at_the_parent_mapping_in_yaml_and_json() {
        let repo = Repo::new();
        repo.write(
            "out/naval/profile.yaml",
            "mind: naval\nbig_five:\n  openness: 82\n",
        );
        repo.write(
            "out/naval/profile.json",
            "{\n  \"big_five\": {\"openness\": 82}\n}\n",
        );
        let report = repo.check(&[
            profile_contract("yaml", Format::Yaml),
            profile_contract("json", Format::Json),
        ]);
        let found = fired(&report, "conformance-missing-field");
        assert_eq!(found.len(), 3, "{:#?}", report.findings);
        // JSON first (sorted by path): `mind` at the root, neuroticism inside big_five.
        assert_eq!(found[0].location.path, "out/naval/profile.json");
        assert!(found.iter().any(|f| {
            f.message
                .contains("`big_five.neuroticism` (under `big_five`)")
        }));
        let yaml = found
            .iter()
            .find(|f| f.location.path.ends_with(".yaml"))
            .unwrap();
        assert_eq!(
            yaml.location.line, 3,
            "points at the big_five mapping: {yaml:#?}"
        );
        assert_eq!(
            yaml.logical_path,
            "out/naval/profile.yaml#field:big_five.neuroticism"
        );
    }

    #[test]
    fn silent_when_every_field_is_there() {
        let repo = Repo::new();
        repo.write(
            "out/naval/profile.yaml",
            "mind: naval\nbig_five:\n  openness: 82\n  neuroticism: 20\n",
        );
        let report = repo.check(&[profile_contract("yaml", Format::Yaml)]);
        assert!(report.findings.is_empty(), "{:#?}", report.findings);
    }
}
