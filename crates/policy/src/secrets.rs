//! SecuritySentry's secret scan of a change set (seed 003): a credential that a change adds
//! to any file is a finding, located at the secret, that never prints it.
//!
//! Detection is [`accord_model::redact`]'s, the same that masks every report, so what Accord
//! hides on output and what it reports on input cannot drift apart. Only secrets *added* by
//! the change are reported: one already in the base copy of the file was judged (or allowed)
//! when it arrived, and re-reporting it on every change to the file would teach reviewers to
//! approve without reading.

use crate::rules::{SECRET_COMMITTED, SECRET_SUSPECTED};
use accord_model::redact::{SecretKind, secrets};
use accord_model::{Finding, Location, Span};
use sha2::{Digest, Sha256};
use std::collections::HashSet;

/// Secrets in `new` (the head's copy of `path`) that `old` (the base's copy, `None` for an
/// added file) does not hold, one finding each.
///
/// The fingerprint hashes the secret, not its line, so an approval (the allow-list, with
/// its justification) follows the secret when lines move, and a different secret in the same
/// file needs its own.
pub fn added_secrets(path: &str, old: Option<&str>, new: &str) -> Vec<Finding> {
    scan(path, old, new, "adds")
}

/// Every secret in `text` (the tree check of `accord check` without a base: contracts,
/// artifacts and pack sources), one finding each, with the same rules and fingerprints as
/// [`added_secrets`], so one approval covers a secret in both checks.
pub fn secrets_in(path: &str, text: &str) -> Vec<Finding> {
    scan(path, None, text, "holds")
}

fn scan(path: &str, old: Option<&str>, new: &str, verb: &str) -> Vec<Finding> {
    let before: HashSet<String> = old
        .map(|text| {
            secrets(text)
                .into_iter()
                .map(|s| digest(&text[s.range]))
                .collect()
        })
        .unwrap_or_default();
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for secret in secrets(new) {
        let value = &new[secret.range.clone()];
        if (secret.kind == SecretKind::Assignment && not_a_literal_secret(path, new, &secret.range))
            || (secret.kind == SecretKind::HighEntropy && is_checksum(path, new, &secret.range))
        {
            continue;
        }
        let hash = digest(value);
        if before.contains(&hash) || !seen.insert(hash.clone()) {
            continue;
        }
        let definite = is_definite(secret.kind, value);
        let rule = if definite {
            &SECRET_COMMITTED
        } else {
            &SECRET_SUSPECTED
        };
        let prefix = &value[..secret.public_prefix];
        let shown = if prefix.is_empty() {
            String::new()
        } else {
            format!(" `{prefix}…`")
        };
        let location =
            Location::from_span(path, new, Span::new(secret.range.start, secret.range.end));
        let line = location.line;
        out.push(
            Finding::of(
                rule,
                format!(
                    "`{path}` line {line} {verb} {}{shown} (sha256 {}…); its value is never printed",
                    secret.kind.describe(),
                    &hash[..12],
                ),
            )
            .at(location)
            .with_logical_path(format!("secret:{hash}"))
            .with_help(if definite {
                "remove it from the change, rotate it (it is in the branch's history now), and read it from the environment or a secret store"
            } else {
                "if it is a credential, remove and rotate it; if it is not (test data, a public identifier), approve this fingerprint with a justification"
            }),
        );
    }
    out
}

/// A key in a vendor's format or a private key block is a credential whatever surrounds it,
/// except the vendors' own documentation examples (`AKIAIOSFODNN7EXAMPLE`), which only look
/// like one. Everything else found (a password assignment, a random-looking string, a URL
/// password, a JWT) may be test data, so it is suspected, not asserted.
fn is_definite(kind: SecretKind, value: &str) -> bool {
    matches!(kind, SecretKind::PrivateKey | SecretKind::KnownFormat)
        && !value.to_ascii_uppercase().contains("EXAMPLE")
}

/// Source code spells a literal secret in quotes: an unquoted value after a secret-named
/// key is a type (`token: string`), a reference (`this.token = options.token`) or an
/// expression. And a constant whose value is its own name (`SECRET_LEAK = "secret_leak"`)
/// is an enum label, in any file. Masking on output keeps hiding both; reporting them as
/// findings would only teach reviewers to approve without reading.
fn not_a_literal_secret(path: &str, text: &str, range: &std::ops::Range<usize>) -> bool {
    const CODE: [&str; 12] = [
        "rs", "py", "pyi", "ts", "tsx", "mts", "cts", "js", "jsx", "mjs", "cjs", "go",
    ];
    // `"…"`, `'…'`, raw strings (`r"…"`, `r#"…"#`) and JS/Go template or raw strings (`…`).
    let quoted = range.start > 0 && matches!(text.as_bytes()[range.start - 1], b'"' | b'\'' | b'`');
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
    if !quoted && CODE.contains(&ext) {
        return true;
    }
    let before = text[..range.start].trim_end_matches([' ', '\t', '=', ':', '"', '\'']);
    let key_start = before
        .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .map_or(0, |i| i + 1);
    let norm = |s: &str| -> String {
        s.chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect()
    };
    let key = norm(&before[key_start..]);
    !key.is_empty() && key == norm(&text[range.clone()])
}

/// A random-looking string that is a content hash, not a credential: a subresource-integrity
/// value (`sha512-…`, what npm lockfiles hold), or anything in a package manager's lockfile,
/// which is generated and holds nothing but versions, URLs and checksums.
fn is_checksum(path: &str, text: &str, range: &std::ops::Range<usize>) -> bool {
    const LOCKFILES: [&str; 8] = [
        "package-lock.json",
        "npm-shrinkwrap.json",
        "yarn.lock",
        "pnpm-lock.yaml",
        "Cargo.lock",
        "poetry.lock",
        "uv.lock",
        "Pipfile.lock",
    ];
    // Algorithm prefix and the length of its digest in base64: `sha512-` before anything
    // else is no checksum.
    const INTEGRITY: [(&str, usize); 4] = [
        ("sha1-", 28),
        ("sha256-", 44),
        ("sha384-", 64),
        ("sha512-", 88),
    ];
    let name = path.rsplit('/').next().unwrap_or(path);
    if LOCKFILES.contains(&name) {
        return true;
    }
    let before = &text[..range.start];
    let value = &text[range.clone()];
    INTEGRITY.iter().any(|(prefix, digest_len)| {
        let digest_start = if value.starts_with(prefix) {
            range.start + prefix.len()
        } else if before.ends_with(prefix) {
            range.start
        } else {
            return false;
        };
        let digest_len_found = text[digest_start..]
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
            .count();
        digest_len_found == *digest_len
    })
}

fn digest(value: &str) -> String {
    Sha256::digest(value.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    // Assembled at run time so this file holds no scannable secret.
    fn github_token() -> String {
        format!("ghp_{}", "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3z")
    }

    #[test]
    fn an_added_vendor_token_is_committed_located_and_never_printed() {
        let token = github_token();
        let new = format!("name: ci\n\ntoken: {token}\n");
        let found = added_secrets("ci.yaml", None, &new);
        assert_eq!(found.len(), 1, "{found:#?}");
        let f = &found[0];
        assert_eq!(f.rule, "secret-committed");
        assert_eq!((f.location.line, f.location.column), (3, 8));
        let shown = format!("{f:?}");
        assert!(!shown.contains(&token[4..]), "{shown}");
        assert!(f.message.contains("`ghp_…`"), "{}", f.message);
    }

    #[test]
    fn the_tree_scan_reports_what_is_there_with_the_change_scans_fingerprint() {
        let token = github_token();
        let text = format!("token: {token}\n");
        let tree = secrets_in("ci.yaml", &text);
        let change = added_secrets("ci.yaml", None, &text);
        assert_eq!(tree.len(), 1);
        assert_eq!(tree[0].fingerprint, change[0].fingerprint);
        assert!(
            tree[0].message.contains("line 1 holds"),
            "{}",
            tree[0].message
        );
    }

    #[test]
    fn a_secret_already_in_the_base_is_not_reported_again() {
        let token = github_token();
        let old = format!("token: {token}\n");
        let new = format!("# moved\n\ntoken: {token}\nother: 1\n");
        assert!(added_secrets("a.env", Some(&old), &new).is_empty());
    }

    #[test]
    fn a_documentation_example_or_a_password_assignment_is_only_suspected() {
        let found = added_secrets(
            "docs/setup.md",
            None,
            "aws_access_key_id = AKIAIOSFODNN7EXAMPLE\npassword = hunter2hunter2\n",
        );
        let rules: Vec<&str> = found.iter().map(|f| f.rule.as_str()).collect();
        assert_eq!(
            rules,
            ["secret-suspected", "secret-suspected"],
            "{found:#?}"
        );
    }

    #[test]
    fn the_fingerprint_follows_the_secret_not_its_line() {
        let token = github_token();
        let a = added_secrets("x.txt", None, &format!("t={token}\n"));
        let b = added_secrets("x.txt", None, &format!("\n\n\nt={token}\n"));
        assert_eq!(a[0].fingerprint, b[0].fingerprint);
        let other = added_secrets("x.txt", None, &format!("t={token}9\n"));
        assert_ne!(a[0].fingerprint, other[0].fingerprint);
    }

    #[test]
    fn types_references_and_self_named_constants_in_code_are_no_secret() {
        let ts = "class C {\n  private token: string | undefined;\n  constructor(o: O) { this.token = o.token; }\n  post() { return { token: this.token }; }\n}\n";
        assert!(
            secrets_in("src/index.ts", ts).is_empty(),
            "{:#?}",
            secrets_in("src/index.ts", ts)
        );
        let py = "class Threat(Enum):\n    SECRET_LEAK = \"secret_leak\"\n";
        assert!(secrets_in("sentry.py", py).is_empty());
        // Quoted literals in code, and unquoted values in configuration, still count.
        assert_eq!(
            secrets_in("db.py", "password = \"hunter2hunter2\"\n").len(),
            1
        );
        assert_eq!(secrets_in("dev.env", "PASSWORD=hunter2.hunter2\n").len(), 1);
        // Template literals and raw strings are literals too.
        assert_eq!(
            secrets_in("db.ts", "const password = `hunter2hunter2`;\n").len(),
            1
        );
        assert_eq!(
            secrets_in("db.rs", "let password = r#\"hunter2hunter2\"#;\n").len(),
            1
        );
    }

    #[test]
    fn integrity_hashes_and_lockfiles_are_no_secret() {
        let sri = "\"integrity\": \"sha512-6FlzubTLZG3J2a/NVCAleEhjzq5oxgHyaCU9yYXvcLsvoVaHJq/s5xXI6/XXP6tz7R9xAOtHnSO/tXtF3WRTlA==\"\n";
        assert!(secrets_in("web/package.json", sri).is_empty());
        assert!(
            secrets_in(
                "yarn.lock",
                "checksum 6FlzubTLZG3J2aNVCAleEhjzq5oxgHyaCU9yYXvcLsvo\n"
            )
            .is_empty()
        );
        // `sha512-` in front of something that is no digest of that length hides nothing.
        assert_eq!(
            secrets_in(
                "notes.txt",
                "password_hint sha512-6FlzubTLZG3J2aNVCAleEhjzq5oxgHyaCU9yYXvcLsvo\n"
            )
            .len(),
            1
        );
        // The same random-looking string elsewhere is still suspected.
        assert_eq!(
            secrets_in(
                "notes.txt",
                "6FlzubTLZG3J2aNVCAleEhjzq5oxgHyaCU9yYXvcLsvo\n"
            )
            .len(),
            1
        );
    }

    #[test]
    fn ordinary_text_code_and_hashes_are_clean() {
        let text = "fn main() { let id = \"3f2a9c01d4e5b6a7c8d9e0f1a2b3c4d5e6f7a8b9\"; }\n\
                    version = \"1.2.3\"\nurl = \"https://example.com/docs/getting-started\"\n";
        assert!(added_secrets("src/main.rs", None, text).is_empty());
    }
}
