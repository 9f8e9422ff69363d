use crate::conformance::context::ContractCtx;
use accord_model::{Finding, Location};

accord_model::declare_rule! {
    /// ## What it does
    /// Reports an artifact that is empty or holds only whitespace. Nothing else is checked
    /// in it: every required section or field would be missing, and saying so adds nothing.
    ///
    /// ## Why is this bad?
    /// An empty artifact is usually a failed or interrupted run of the provider that still
    /// created the file. The consumer finds the file, so it does not fall back to its
    /// standalone behaviour, and then reads nothing.
    ///
    /// ## Example
    /// A 0-byte `outputs/minds/naval/system_prompts/generalista.md`.
    ///
    /// ## How to fix
    /// Re-run the step of the provider pack that writes the artifact, or delete the file.
    pub static CONFORMANCE_EMPTY_FILE = {
        id: "conformance-empty-file",
        group: "conformance",
        class: Breaking,
        bump: None,
        summary: "an artifact is empty",
    }
}

/// A finding when `bytes` is empty or whitespace only.
pub(crate) fn check(ctx: &ContractCtx<'_>, rel: &str, bytes: &[u8]) -> Option<Finding> {
    if !bytes.iter().all(u8::is_ascii_whitespace) {
        return None;
    }
    let what = if bytes.is_empty() {
        "is empty (0 bytes)".to_string()
    } else {
        format!("holds only whitespace ({} bytes)", bytes.len())
    };
    Some(ctx.finding(
        &CONFORMANCE_EMPTY_FILE,
        format!("`{rel}` {what}"),
        Location::file(rel),
        ctx.location_span(),
        format!("{rel}#empty"),
        "re-run the provider step that writes this artifact, or delete the file",
    ))
}

#[cfg(test)]
mod tests {
    use crate::conformance::testing::*;
    use accord_model::contract::Format;

    #[test]
    fn fires_on_empty_and_blank_files_only() {
        let repo = Repo::new();
        repo.write("out/empty.yaml", "");
        repo.write("out/blank.yaml", " \n\t\n");
        repo.write("out/good.yaml", "a: 1\n");
        let mut c = contract("out/{name}.yaml", Some(Format::Yaml));
        c.interface.required_fields = vec![field("a")];
        let report = repo.check(&[c]);
        let found = fired(&report, "conformance-empty-file");
        assert_eq!(found.len(), 2, "{:#?}", report.findings);
        assert_eq!(found[0].location.path, "out/blank.yaml");
        assert!(found[1].message.contains("is empty (0 bytes)"));
        assert_eq!(
            report.findings.len(),
            2,
            "nothing else is reported for empty files"
        );
    }
}
