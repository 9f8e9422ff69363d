use crate::conformance::Tree;
use crate::conformance::context::{Artifact, ContractCtx};
use accord_model::Finding;

accord_model::declare_rule! {
    /// ## What it does
    /// Validates a YAML or JSON artifact against the JSON Schema of its contract
    /// (`schema` inline, or a path to a schema file relative to the contract file) and
    /// reports every violation at the artifact node it concerns. The contract's own
    /// examples are checked by `conformance-example-invalid`. A schema that cannot be
    /// loaded or compiled is reported once, at the contract.
    ///
    /// ## Why is this bad?
    /// The schema is the precise form of the contract: types, ranges, enumerations. An
    /// `openness: "high"` where the consumer computes with an integer breaks it just like a
    /// missing field.
    ///
    /// ## Example
    /// Schema `{"properties": {"openness": {"type": "integer", "maximum": 100}}}` and an
    /// artifact with `openness: 130`.
    ///
    /// ## How to fix
    /// Correct the value at the reported position; if the schema is wrong, fix the schema
    /// (tightening it is a MAJOR change of the contract).
    pub static CONFORMANCE_SCHEMA_VIOLATION = {
        id: "conformance-schema-violation",
        group: "conformance",
        class: Breaking,
        bump: None,
        summary: "a YAML/JSON artifact violates its contract's JSON Schema",
    }
}

fn schema_span(ctx: &ContractCtx<'_>) -> accord_model::Span {
    ctx.span(&["/contract/interface/schema", "/contract/schema"])
}

/// One finding per schema error.
pub(crate) fn check(
    ctx: &ContractCtx<'_>,
    artifact: &Artifact<'_>,
    tree: &Tree<'_>,
    out: &mut Vec<Finding>,
) {
    let Some(validator) = &ctx.schema else {
        return;
    };
    // The fast path: most artifacts are valid, and is_valid allocates no errors.
    if validator.is_valid(&tree.value) {
        return;
    }
    let span = schema_span(ctx);
    for error in validator.iter_errors(&tree.value) {
        let pointer = error.instance_path().as_str();
        let shown = if pointer.is_empty() { "/" } else { pointer };
        out.push(ctx.finding(
            &CONFORMANCE_SCHEMA_VIOLATION,
            format!(
                "`{}` violates the JSON Schema at `{shown}`: {}",
                artifact.rel,
                describe(&error)
            ),
            artifact.at(tree.span_of(pointer)),
            span,
            format!(
                "{}#schema:{pointer}:{}",
                artifact.rel,
                error.schema_path().as_str()
            ),
            "correct the value so that it matches the contract's JSON Schema",
        ));
    }
}

/// Longest quote of artifact data in a message: enough to recognise the value, too short to
/// publish it (the finding lands in CI logs, PR comments, decision records and the ledger).
const QUOTE_CHARS: usize = accord_model::redact::QUOTE_CHARS;

/// The validator's sentence with the offending value reduced to a short redacted prefix. The
/// validator quotes the whole instance (a string, or an entire object for `required` and
/// `additionalProperties`), verbatim; that is artifact data.
pub(crate) fn describe(error: &jsonschema::ValidationError<'_>) -> String {
    let text = error.to_string();
    let instance = error.instance().to_string();
    let text = if instance.len() > 2 && text.contains(&instance) {
        text.replacen(
            &instance,
            &accord_model::redact::quote(&instance, QUOTE_CHARS),
            1,
        )
    } else {
        text
    };
    // Whatever else the sentence quotes (property names, enum members) is cut too.
    accord_model::redact::quote(&text, 4 * QUOTE_CHARS + 80)
}

/// The contract's schema cannot be used; reported once per contract, at the contract.
pub(crate) fn unusable(ctx: &ContractCtx<'_>, why: &str) -> Finding {
    let span = schema_span(ctx);
    ctx.finding(
        &CONFORMANCE_SCHEMA_VIOLATION,
        format!(
            "JSON Schema of contract {} cannot be used, so no artifact was validated against it: {why}",
            ctx.contract.display()
        ),
        ctx.contract_location(span),
        span,
        "schema",
        "fix the schema (or the path to it, relative to the contract file)",
    )
}

#[cfg(test)]
mod tests {
    use crate::conformance::testing::*;
    use accord_model::contract::{Format, SchemaSpec};
    use serde_json::json;

    fn schema() -> serde_json::Value {
        json!({
            "type": "object",
            "required": ["mind"],
            "properties": {
                "mind": {"type": "string"},
                "big_five": {
                    "type": "object",
                    "properties": {"openness": {"type": "integer", "minimum": 0, "maximum": 100}}
                }
            }
        })
    }

    #[test]
    fn fires_at_the_offending_node_with_an_inline_schema() {
        let repo = Repo::new();
        repo.write(
            "out/naval.yaml",
            "mind: naval\nbig_five:\n  openness: 130\n",
        );
        repo.write("out/feynman.json", "{\"mind\": 7}");
        let mut c = contract("out/{slug}.yaml", Some(Format::Yaml));
        c.interface.schema = Some(SchemaSpec::Inline(schema()));
        let mut j = contract("out/{slug}.json", Some(Format::Json));
        j.interface.schema = Some(SchemaSpec::Inline(schema()));
        let report = repo.check(&[c, j]);
        let found = fired(&report, "conformance-schema-violation");
        assert_eq!(found.len(), 2, "{:#?}", report.findings);
        let yaml = found
            .iter()
            .find(|f| f.location.path == "out/naval.yaml")
            .unwrap();
        assert_eq!((yaml.location.line, yaml.location.column), (3, 13));
        assert!(
            yaml.message.contains("/big_five/openness"),
            "{}",
            yaml.message
        );
        let json = found
            .iter()
            .find(|f| f.location.path == "out/feynman.json")
            .unwrap();
        assert_eq!((json.location.line, json.location.column), (1, 10));
    }

    #[test]
    fn values_are_quoted_as_a_short_redacted_prefix() {
        let repo = Repo::new();
        let long = "x".repeat(500);
        repo.write(
            "out/naval.yaml",
            format!(
                "mind: naval\nbig_five:\n  openness: \"AKIAIOSFODNN7EXAMPLE\"\nnotes: {long}\n"
            ),
        );
        let mut c = contract("out/{slug}.yaml", Some(Format::Yaml));
        let mut s = schema();
        s["properties"]["notes"] = json!({"type": "string", "maxLength": 10});
        c.interface.schema = Some(SchemaSpec::Inline(s));
        let report = repo.check(&[c]);
        let found = fired(&report, "conformance-schema-violation");
        assert_eq!(found.len(), 2, "{:#?}", report.findings);
        for f in &found {
            assert!(!f.message.contains("IOSFODNN7EXAMPLE"), "{}", f.message);
            assert!(f.message.len() < 300, "{}", f.message);
            assert!(!f.message.contains(&"x".repeat(30)), "{}", f.message);
        }
        let openness = found
            .iter()
            .find(|f| f.message.contains("/big_five/openness"))
            .unwrap();
        assert!(
            openness
                .message
                .contains("\"AKIA***\" is not of type \"integer\""),
            "{}",
            openness.message
        );
    }

    #[test]
    fn schema_files_resolve_next_to_the_contract_and_are_compiled_once() {
        let repo = Repo::new();
        repo.write("contracts/schemas/profile.json", schema().to_string());
        for i in 0..20 {
            repo.write(&format!("out/m{i}.yaml"), format!("mind: m{i}\n"));
        }
        repo.write("out/bad.yaml", "big_five: {openness: -1}\n");
        let mut c = contract("out/{slug}.yaml", Some(Format::Yaml));
        c.interface.schema = Some(SchemaSpec::File("schemas/profile.json".into()));
        let report = repo.check(&[c]);
        let found = fired(&report, "conformance-schema-violation");
        assert_eq!(found.len(), 2, "{:#?}", report.findings);
        assert!(found.iter().all(|f| f.location.path == "out/bad.yaml"));
    }

    #[test]
    fn an_unusable_schema_is_reported_once_at_the_contract() {
        let repo = Repo::new();
        repo.write("out/a.yaml", "mind: a\n");
        repo.write("out/b.yaml", "mind: b\n");
        let mut c = contract("out/{slug}.yaml", Some(Format::Yaml));
        c.interface.schema = Some(SchemaSpec::File("schemas/missing.json".into()));
        let report = repo.check(&[c]);
        let found = fired(&report, "conformance-schema-violation");
        assert_eq!(found.len(), 1, "{:#?}", report.findings);
        assert_eq!(
            found[0].location.path,
            "contracts/mmos-creator-os-v1.0.0.yaml"
        );
        assert!(
            found[0].message.contains("cannot be opened"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn a_schema_file_outside_the_repository_is_refused() {
        let repo = Repo::new();
        repo.write("out/a.yaml", "mind: a\n");
        let mut c = contract("out/{slug}.yaml", Some(Format::Yaml));
        c.interface.schema = Some(SchemaSpec::File("/etc/hostname".into()));
        let report = repo.check(&[c]);
        assert_eq!(
            fired(&report, "conformance-location-escapes").len(),
            1,
            "{:#?}",
            report.findings
        );
    }

    #[test]
    fn silent_on_valid_artifacts_and_examples() {
        let repo = Repo::new();
        repo.write("out/naval.yaml", "mind: naval\nbig_five:\n  openness: 80\n");
        let mut c = contract("out/{slug}.yaml", Some(Format::Yaml));
        c.interface.schema = Some(SchemaSpec::Inline(schema()));
        let mut e = contract("out/{slug}.yaml", Some(Format::Yaml));
        e.interface.schema = Some(SchemaSpec::Example("mind: 7\n".into()));
        let report = repo.check(&[c, e]);
        assert!(report.findings.is_empty(), "{:#?}", report.findings);
    }
}
