use crate::conformance::context::ContractCtx;
use crate::conformance::pattern::Refusal;
use accord_model::{Finding, Location};

accord_model::declare_rule! {
    /// ## What it does
    /// Refuses a contract location, schema file or artifact that leaves the repository: an
    /// absolute path, a `..` segment, or a symlink whose target is outside the repository
    /// root. A symlink that cannot be resolved (a loop, a dangling link) is refused too.
    /// The target is never read.
    ///
    /// ## Why is this bad?
    /// Contracts describe what one pack of *this* repository hands to another. A location
    /// outside the repository cannot be reviewed, versioned or reproduced, and following it
    /// would let a contract make Accord read arbitrary files of the machine (`/etc/passwd`,
    /// another checkout, a secret mounted in CI).
    ///
    /// ## Example
    /// ```yaml
    /// interface:
    ///   location: "../shared/outputs/{slug}/profile.yaml"
    /// ```
    /// or `outputs/minds/naval/analysis` being a symlink to `/home/someone/analysis`.
    ///
    /// ## How to fix
    /// Use a path relative to the repository root without `..`; replace the symlink with the
    /// file itself (or a link to a place inside the repository); break the symlink loop.
    pub static CONFORMANCE_LOCATION_ESCAPES = {
        id: "conformance-location-escapes",
        group: "conformance",
        class: Breaking,
        bump: None,
        summary: "a location, schema or artifact leaves the repository or cannot be resolved",
    }
}

const HELP_LOCATION: &str =
    "use a location relative to the repository root, without `..` or a leading `/`";
const HELP_LINK: &str =
    "replace the symlink by the file itself, or point it at a place inside the repository";
const HELP_LOOP: &str = "break the symlink loop, or replace the link by the file itself";

/// The contract's own `location` leaves the repository.
pub(crate) fn location(ctx: &ContractCtx<'_>, why: &str) -> Finding {
    let span = ctx.location_span();
    ctx.finding(
        &CONFORMANCE_LOCATION_ESCAPES,
        format!(
            "location of contract {} is refused: {why}; nothing outside the repository is read",
            ctx.contract.display()
        ),
        ctx.contract_location(span),
        span,
        format!("location:{}", ctx.location()),
        HELP_LOCATION,
    )
}

/// The contract's schema file leaves the repository.
pub(crate) fn schema(ctx: &ContractCtx<'_>, why: &str) -> Finding {
    let span = ctx.span(&["/contract/interface/schema", "/contract/schema"]);
    ctx.finding(
        &CONFORMANCE_LOCATION_ESCAPES,
        format!(
            "JSON Schema of contract {} is refused: {why}",
            ctx.contract.display()
        ),
        ctx.contract_location(span),
        span,
        "schema",
        HELP_LOCATION,
    )
}

/// A symlink met while expanding the location (or named on the command line).
pub(crate) fn refusal(ctx: &ContractCtx<'_>, refusal: &Refusal) -> Finding {
    let span = ctx.location_span();
    match refusal {
        Refusal::OutsideRoot { rel, target } => ctx.finding(
            &CONFORMANCE_LOCATION_ESCAPES,
            format!(
                "`{rel}` is a symlink to `{}`, which resolves outside the repository; it was not followed",
                target.display()
            ),
            Location::file(rel.clone()),
            span,
            format!("{rel}#symlink"),
            HELP_LINK,
        ),
        Refusal::Unresolvable {
            rel,
            reason,
            is_loop,
        } => {
            let what = if *is_loop {
                "is a symlink loop"
            } else {
                "is a symlink that cannot be resolved"
            };
            ctx.finding(
                &CONFORMANCE_LOCATION_ESCAPES,
                format!("`{rel}` {what} ({reason}); it was not followed"),
                Location::file(rel.clone()),
                span,
                format!("{rel}#symlink"),
                if *is_loop { HELP_LOOP } else { HELP_LINK },
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::conformance::testing::*;
    use accord_model::contract::Format;

    #[test]
    fn fires_on_a_location_climbing_out_through_dot_dot() {
        let repo = Repo::new();
        let report = repo.check(&[contract("../outside/{slug}.md", Some(Format::Markdown))]);
        let found = fired(&report, "conformance-location-escapes");
        assert_eq!(found.len(), 1, "{:#?}", report.findings);
        assert!(found[0].message.contains("`..`"), "{}", found[0].message);
        assert!(fired(&report, "conformance-no-artifacts").is_empty());
    }

    #[test]
    fn fires_on_an_absolute_location() {
        let repo = Repo::new();
        let report = repo.check(&[contract("/etc/{name}", None)]);
        assert_eq!(fired(&report, "conformance-location-escapes").len(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn fires_on_a_symlink_out_of_the_repository_without_reading_it() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.md"), "## Cognitive Patterns\n").unwrap();
        let repo = Repo::new();
        repo.mkdir("outputs/minds/naval");
        std::os::unix::fs::symlink(
            outside.path().join("secret.md"),
            repo.root().join("outputs/minds/naval/prompt.md"),
        )
        .unwrap();
        let mut c = contract("outputs/minds/{slug}/prompt.md", Some(Format::Markdown));
        c.interface.required_sections = vec![section("Missing", Some(2))];
        let report = repo.check(&[c]);
        let found = fired(&report, "conformance-location-escapes");
        assert_eq!(found.len(), 1, "{:#?}", report.findings);
        assert!(found[0].message.contains("outside the repository"));
        assert_eq!(found[0].location.path, "outputs/minds/naval/prompt.md");
        // Not read: no section finding could have been produced from it.
        assert!(fired(&report, "conformance-missing-section").is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn survives_a_symlink_loop() {
        let repo = Repo::new();
        repo.mkdir("outputs/minds");
        let minds = repo.root().join("outputs/minds");
        std::os::unix::fs::symlink(minds.join("b"), minds.join("a")).unwrap();
        std::os::unix::fs::symlink(minds.join("a"), minds.join("b")).unwrap();
        std::os::unix::fs::symlink(minds.join("self"), minds.join("self")).unwrap();
        let report = repo.check(&[contract("outputs/minds/{slug}/prompt.md", None)]);
        let found = fired(&report, "conformance-location-escapes");
        assert_eq!(found.len(), 3, "{:#?}", report.findings);
        assert!(
            found.iter().all(|f| f.message.contains("symlink loop")),
            "{found:#?}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn silent_on_a_symlink_inside_the_repository() {
        let repo = Repo::new();
        repo.write("shared/prompt.md", "# Naval\n");
        repo.mkdir("outputs/minds/naval");
        std::os::unix::fs::symlink(
            repo.root().join("shared/prompt.md"),
            repo.root().join("outputs/minds/naval/prompt.md"),
        )
        .unwrap();
        let report = repo.check(&[contract(
            "outputs/minds/{slug}/prompt.md",
            Some(Format::Markdown),
        )]);
        assert!(report.findings.is_empty(), "{:#?}", report.findings);
        assert_eq!(report.matches[0].artifacts, 1);
    }
}
