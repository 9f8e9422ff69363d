//! The `extension-provenance-unpinned` rule.
use super::{Cx, removal};
use crate::VetError;
use crate::inclusion::Provenance;
use accord_model::Finding;

accord_model::declare_rule! {
    /// ## What it does
    /// Reports a listed extension whose provenance cannot be pinned: no provenance, a git
    /// source whose `rev` is not a full commit hash (a branch, a tag, an abbreviated hash),
    /// or a registry source whose `version` is not one exact version (`^1.2`, `~1.2.3`,
    /// `>=1`, `1.x`, `*`, `latest`).
    ///
    /// ## Why is this bad?
    /// A branch or a range names different code tomorrow: what was vetted is not what is
    /// shipped, and conformance results stop meaning anything. The extension policy admits
    /// only pinnable sources and removes an extension whose source becomes unavailable.
    ///
    /// ## Example
    /// ```json
    /// { "provenance": { "git": "https://example.invalid/tabs", "rev": "main" } }
    /// ```
    ///
    /// ## How to fix
    /// Pin the full 40-character commit (`"rev": "3f1c…"`) or an exact registry version
    /// (`"version": "1.4.2"`).
    pub static EXTENSION_PROVENANCE_UNPINNED = {
        id: "extension-provenance-unpinned",
        group: "extension",
        class: Breaking,
        bump: None,
        summary: "a listed extension's provenance is a branch, tag, range or missing instead of a commit or exact version",
    }
}

/// Why `rev` does not pin a commit, if it does not: a full SHA-1 (40) or SHA-256 (64) hash.
pub fn commit_problem(rev: &str) -> Option<String> {
    let hex = !rev.is_empty() && rev.chars().all(|c| c.is_ascii_hexdigit());
    if hex && (rev.len() == 40 || rev.len() == 64) {
        None
    } else if rev.is_empty() {
        Some("names no revision".to_string())
    } else if hex && rev.len() < 40 {
        Some(format!(
            "`{rev}` is an abbreviated commit hash, which may become ambiguous"
        ))
    } else {
        Some(format!("`{rev}` is a branch or tag name, which can move"))
    }
}

/// Why `version` is not one exact version, if it is not.
pub fn version_problem(version: &str) -> Option<String> {
    let v = version.trim();
    if v.is_empty() {
        return Some("names no version".to_string());
    }
    if semver::Version::parse(v).is_ok() {
        return None;
    }
    // PEP 440 exact releases (`2.31.0`, `1.0.post1`) that semver does not read.
    let pep440 = v.split('.').count() >= 2
        && v.chars().all(|c| c.is_ascii_alphanumeric() || c == '.')
        && v.starts_with(|c: char| c.is_ascii_digit())
        && !v.contains(['x', 'X', '*']);
    if pep440 {
        return None;
    }
    Some(format!("`{v}` is a range or tag, not one exact version"))
}

pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) -> Result<(), VetError> {
    let name = &cx.ext.name;
    let (field, problem) = match &cx.ext.provenance {
        None => ("", Some("lists no provenance".to_string())),
        Some(Provenance::Git { url, rev }) => (
            "provenance/rev",
            commit_problem(rev).map(|p| format!("git source {url}: {p}")),
        ),
        Some(Provenance::Registry {
            registry,
            package,
            version,
        }) => (
            "provenance/version",
            version_problem(version).map(|p| format!("{registry} package `{package}`: {p}")),
        ),
    };
    if let Some(problem) = problem {
        out.push(
            cx.finding(
                &EXTENSION_PROVENANCE_UNPINNED,
                field,
                format!("extension `{name}` cannot be pinned: {problem}"),
            )
            .with_help(format!(
                "pin a full commit hash or an exact version; {}",
                removal("source unavailable or unpinnable")
            )),
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{clean, of, vet};

    #[test]
    fn branches_ranges_and_latest_fire() {
        for (prov, n) in [
            (
                r#"{"git": "u", "rev": "0123456789abcdef0123456789abcdef01234567"}"#,
                0,
            ),
            (r#"{"npm": "p", "version": "1.2.3"}"#, 0),
            (r#"{"pypi": "p", "version": "2.31.0"}"#, 0),
            (r#"{"git": "u", "rev": "main"}"#, 1),
            (r#"{"git": "u", "rev": "v1.2.3"}"#, 1),
            (r#"{"git": "u", "rev": "0123abc"}"#, 1),
            (r#"{"npm": "p", "version": "^1.2"}"#, 1),
            (r#"{"npm": "p", "version": "latest"}"#, 1),
            (r#"{"npm": "p", "version": "1.x"}"#, 1),
            (r#"{"crates": "p", "version": ">=1, <2"}"#, 1),
            (r#"{"npm": "p"}"#, 1),
        ] {
            let f = vet(
                "[extensions]\n",
                &clean("a", &format!("\"provenance\": {prov}")),
                &[],
            );
            assert_eq!(of("extension-provenance-unpinned", &f).len(), n, "{prov}");
        }
    }

    #[test]
    fn messages_name_the_problem() {
        assert!(commit_problem("main").unwrap().contains("branch or tag"));
        assert!(version_problem("~1.2.3").unwrap().contains("range"));
    }
}
