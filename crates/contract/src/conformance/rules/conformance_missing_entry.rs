use crate::conformance::context::ContractCtx;
use crate::conformance::pattern::{LocationPattern, Resolved, resolve};
use crate::conformance::rules::conformance_location_escapes;
use accord_model::{Finding, Location};
use std::path::Path;

accord_model::declare_rule! {
    /// ## What it does
    /// For a `directory` contract, reports a matched directory that lacks an entry listed in
    /// `interface.required_entries`. An entry ending in `/` must be a directory. Entries are
    /// checked for existence only, with one exception: the first YAML/JSON entry (e.g.
    /// `metadata.yaml`) is the directory's data file, and `required_fields` (and the schema)
    /// are checked in it like in a `file` contract. A directory contract without a data file
    /// may list entries in `required_fields` too.
    ///
    /// ## Why is this bad?
    /// The consumer expects the directory's layout, e.g. ETL → MMOS: `sources/metadata.yaml`
    /// and `sources/downloads/`. A missing entry makes the consumer's run fail halfway.
    ///
    /// ## Example
    /// `outputs/minds/naval/sources/` without `metadata.yaml`.
    ///
    /// ## How to fix
    /// Create the entry (re-run the provider step), or change the contract if it is no
    /// longer produced (a MAJOR bump).
    pub static CONFORMANCE_MISSING_ENTRY = {
        id: "conformance-missing-entry",
        group: "conformance",
        class: Breaking,
        bump: None,
        summary: "a directory artifact lacks a required entry",
    }
}

/// Every required entry of the directory `rel`, as `(name, pointer of its declaration)`.
fn required(ctx: &ContractCtx<'_>) -> Vec<(String, accord_model::Span)> {
    let iface = &ctx.contract.interface;
    let mut out: Vec<(String, accord_model::Span)> = iface
        .required_entries
        .iter()
        .enumerate()
        .map(|(i, e)| {
            (
                e.trim().to_string(),
                ctx.span(&[&format!("/contract/interface/required_entries/{i}")]),
            )
        })
        .collect();
    // Without a data file to hold them, required fields of a directory name entries.
    let fields = if ctx.data_file.is_none() {
        iface.required_fields.as_slice()
    } else {
        &[]
    };
    for (i, field) in fields.iter().enumerate() {
        let span = if field.span == Default::default() {
            ctx.span(&[&format!("/contract/interface/required_fields/{i}")])
        } else {
            field.span
        };
        out.push((field.name.trim().to_string(), span));
    }
    out.retain(|(name, _)| !name.is_empty());
    out
}

/// One finding per missing entry of the directory `rel`.
pub(crate) fn check(ctx: &ContractCtx<'_>, rel: &str, out: &mut Vec<Finding>) {
    let dir = ctx.root.join(rel);
    for (entry, span) in required(ctx) {
        let pattern = match LocationPattern::parse(&entry) {
            Ok(p) => p,
            Err(_) => {
                out.push(conformance_location_escapes::location(
                    ctx,
                    &format!("required entry `{entry}` leaves the directory"),
                ));
                continue;
            }
        };
        let want_dir = pattern.trailing_slash;
        let clean = entry.trim_end_matches(['/', '\\']);
        let entry_rel = format!("{rel}/{clean}");
        let (found, is_file) = match resolve(&ctx.root, &dir.join(clean), &entry_rel, None) {
            Resolved::Refused(refusal) => {
                out.push(conformance_location_escapes::refusal(ctx, &refusal));
                continue;
            }
            Resolved::Dir => (true, false),
            Resolved::File => (!want_dir, true),
            Resolved::Absent => (false, false),
        };
        if found {
            continue;
        }
        let message = if is_file {
            format!("`{rel}/{clean}` must be a directory, but it is a file")
        } else {
            let what = if want_dir { "directory" } else { "entry" };
            format!("directory `{rel}` lacks the required {what} `{entry}`")
        };
        out.push(ctx.finding(
            &CONFORMANCE_MISSING_ENTRY,
            message,
            Location::file(rel),
            span,
            format!("{rel}#entry:{clean}"),
            format!("create `{}`", Path::new(rel).join(&entry).display()),
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::conformance::testing::*;
    use accord_model::contract::InterfaceKind;

    fn sources_contract() -> accord_model::contract::Contract {
        let mut c = contract("outputs/minds/{slug}/sources/", None);
        c.interface.kind = None; // inferred from the trailing slash
        c.interface.required_entries = vec!["downloads/".into()];
        c.interface.required_fields = vec![field("metadata.yaml")];
        c
    }

    #[test]
    fn fires_per_missing_entry() {
        let repo = Repo::new();
        repo.write("outputs/minds/naval/sources/downloads", "not a directory");
        repo.mkdir("outputs/minds/feynman/sources");
        let report = repo.check(&[sources_contract()]);
        let found = fired(&report, "conformance-missing-entry");
        assert_eq!(found.len(), 4, "{:#?}", report.findings);
        assert!(
            found
                .iter()
                .any(|f| f.message.contains("must be a directory, but it is a file"))
        );
        assert!(found.iter().any(|f| f.message == "directory `outputs/minds/feynman/sources` lacks the required entry `metadata.yaml`"));
        assert_eq!(
            report.matches[0].slugs["slug"],
            vec!["feynman".to_string(), "naval".to_string()]
        );
    }

    #[test]
    fn silent_when_the_layout_is_complete() {
        let repo = Repo::new();
        repo.write("outputs/minds/naval/sources/metadata.yaml", "mind: naval\n");
        repo.write("outputs/minds/naval/sources/downloads/a.md", "x\n");
        let mut c = sources_contract();
        c.interface.kind = Some(InterfaceKind::Directory);
        let report = repo.check(&[c]);
        assert!(report.findings.is_empty(), "{:#?}", report.findings);
        assert_eq!(report.matches[0].artifacts, 1);
    }

    #[test]
    fn required_fields_of_a_directory_are_checked_in_its_data_file() {
        let repo = Repo::new();
        repo.write(
            "outputs/minds/naval/sources/metadata.yaml",
            "mind:\n  name: Naval\n",
        );
        repo.mkdir("outputs/minds/naval/sources/downloads");
        let mut c = contract("outputs/minds/{slug}/sources/", None);
        c.interface.kind = Some(InterfaceKind::Directory);
        c.interface.required_entries = vec!["metadata.yaml".into(), "downloads/".into()];
        c.interface.required_fields = vec![field("mind.slug"), field("mind.name")];
        let report = repo.check(&[c]);
        assert!(
            fired(&report, "conformance-missing-entry").is_empty(),
            "{:#?}",
            report.findings
        );
        let missing = fired(&report, "conformance-missing-field");
        assert_eq!(missing.len(), 1, "{:#?}", report.findings);
        assert_eq!(
            missing[0].location.path,
            "outputs/minds/naval/sources/metadata.yaml"
        );
        assert_eq!(missing[0].location.line, 2);
    }
}
