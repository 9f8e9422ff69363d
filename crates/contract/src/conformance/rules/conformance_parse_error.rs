use crate::conformance::context::{Artifact, ContractCtx};
use crate::doc::DocError;
use accord_model::{Finding, Location};

accord_model::declare_rule! {
    /// ## What it does
    /// Reports a YAML or JSON artifact that does not parse, at the line and column where the
    /// parser stopped; also an artifact that exists but cannot be read. Markdown always
    /// parses. Required fields and the JSON Schema are not checked in a file that does not
    /// parse.
    ///
    /// ## Why is this bad?
    /// The consumer's parser fails the same way, so the whole artifact is unusable: a
    /// stray tab, an unclosed bracket or a duplicate key loses every field at once.
    ///
    /// ## Example
    /// ```yaml
    /// big_five:
    ///   openness: 82
    ///    conscientiousness: 71   # wrong indentation
    /// ```
    ///
    /// ## How to fix
    /// Fix the syntax at the reported position; run the file through a YAML/JSON linter.
    pub static CONFORMANCE_PARSE_ERROR = {
        id: "conformance-parse-error",
        group: "conformance",
        class: Breaking,
        bump: None,
        summary: "a YAML or JSON artifact does not parse",
    }
}

/// The finding for a parse error.
pub(crate) fn finding(
    ctx: &ContractCtx<'_>,
    artifact: &Artifact<'_>,
    format: &str,
    error: &DocError,
) -> Finding {
    let span = ctx.span(&["/contract/interface/format"]);
    ctx.finding(
        &CONFORMANCE_PARSE_ERROR,
        format!(
            "`{}` is not valid {format}: {} (line {}, column {})",
            artifact.rel, error.message, error.line, error.column
        ),
        artifact.at(error.span()),
        span,
        format!("{}#parse", artifact.rel),
        format!("fix the {format} syntax at the reported position"),
    )
}

/// The finding for an artifact that exists but cannot be read.
pub(crate) fn unreadable(
    ctx: &ContractCtx<'_>,
    rel: &str,
    error: &dyn std::fmt::Display,
) -> Finding {
    ctx.finding(
        &CONFORMANCE_PARSE_ERROR,
        format!("`{rel}` cannot be read: {error}"),
        Location::file(rel),
        ctx.location_span(),
        format!("{rel}#read"),
        "check the file's permissions",
    )
}

#[cfg(test)]
mod tests {
    use crate::conformance::testing::*;
    use accord_model::contract::Format;

    #[test]
    fn fires_on_bad_yaml_and_json_with_line_and_column() {
        let repo = Repo::new();
        repo.write(
            "out/a.yaml",
            "big_five:\n  openness: 82\n   conscientiousness: 71\n",
        );
        repo.write("out/b.json", "{\n  \"a\": 1,\n  \"b\": [1 2]\n}\n");
        let mut y = contract("out/{name}.yaml", Some(Format::Yaml));
        y.interface.required_fields = vec![field("big_five.openness")];
        let j = contract("out/{name}.json", Some(Format::Json));
        let report = repo.check(&[y, j]);
        let found = fired(&report, "conformance-parse-error");
        assert_eq!(found.len(), 2, "{:#?}", report.findings);
        assert_eq!(found[0].location.path, "out/a.yaml");
        assert_eq!(found[0].location.line, 3, "{:#?}", found[0]);
        assert_eq!(found[1].location.line, 3, "{:#?}", found[1]);
        assert!(found[1].message.contains("not valid JSON"));
        assert!(fired(&report, "conformance-missing-field").is_empty());
    }

    #[test]
    fn silent_on_valid_documents() {
        let repo = Repo::new();
        repo.write("out/a.yaml", "big_five:\n  openness: 82\n");
        repo.write("out/b.json", "{\"a\": [1, 2]}");
        let report = repo.check(&[
            contract("out/{name}.yaml", Some(Format::Yaml)),
            contract("out/{name}.json", Some(Format::Json)),
        ]);
        assert!(report.findings.is_empty(), "{:#?}", report.findings);
    }
}
