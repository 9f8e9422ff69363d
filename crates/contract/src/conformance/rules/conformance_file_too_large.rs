use crate::conformance::context::ContractCtx;
use accord_model::{Finding, Location};

accord_model::declare_rule! {
    /// ## What it does
    /// Reports an artifact larger than `[limits] max_file_size` of `accord.toml` (64 MiB by
    /// default). The size is taken from the file's metadata: the file is not read, so its
    /// content is not checked either.
    ///
    /// ## Why is this bad?
    /// Contract artifacts are prompts, profiles and curricula: small text files a consumer
    /// loads whole. A file of hundreds of megabytes is almost always a mistake (a dump, a
    /// model, a video committed in the wrong place), and reading it would make every check
    /// slow or run out of memory.
    ///
    /// ## Example
    /// `outputs/minds/naval/analysis/psychometric-profile.yaml` of 2 GiB.
    ///
    /// ## How to fix
    /// Shrink the artifact, move the bulk elsewhere, or raise `max_file_size` under `[limits]`
    /// in `accord.toml` if such sizes are intended.
    pub static CONFORMANCE_FILE_TOO_LARGE = {
        id: "conformance-file-too-large",
        group: "conformance",
        class: Risky,
        bump: None,
        summary: "an artifact exceeds the size limit and was not checked",
    }
}

/// A finding when `size` exceeds the limit.
pub(crate) fn check(ctx: &ContractCtx<'_>, rel: &str, size: u64) -> Option<Finding> {
    if size <= ctx.max_file_size {
        return None;
    }
    let span = ctx.location_span();
    Some(ctx.finding(
        &CONFORMANCE_FILE_TOO_LARGE,
        format!(
            "`{rel}` is {size} bytes, over the {}-byte limit; it was not read or checked",
            ctx.max_file_size
        ),
        Location::file(rel),
        span,
        format!("{rel}#size"),
        "shrink the file, or raise `max_file_size` under `[limits]` in accord.toml",
    ))
}

#[cfg(test)]
mod tests {
    use crate::conformance::testing::*;
    use accord_model::contract::Format;

    #[test]
    fn fires_over_the_limit_and_reports_nothing_else() {
        let repo = Repo::new();
        repo.write("out/a.md", "# Big\n".repeat(100));
        let mut c = contract("out/{name}.md", Some(Format::Markdown));
        c.interface.required_sections = vec![section("Missing", Some(2))];
        let report = repo.check_with_limit(&[c], 64);
        let found = fired(&report, "conformance-file-too-large");
        assert_eq!(found.len(), 1, "{:#?}", report.findings);
        assert!(
            found[0]
                .message
                .contains("600 bytes, over the 64-byte limit")
        );
        assert_eq!(report.findings.len(), 1, "the file must not be read");
    }

    #[test]
    fn silent_at_the_limit() {
        let repo = Repo::new();
        repo.write("out/a.md", "# Small\n");
        let report = repo.check_with_limit(&[contract("out/{name}.md", Some(Format::Markdown))], 8);
        assert!(report.findings.is_empty(), "{:#?}", report.findings);
    }
}
