//! The reference of `accord.toml` (`accord_contract::reference`) against the code that reads
//! it: every documented key, with its example, is accepted by the parser that owns its
//! section; every key a parser names as expected is documented; the editor schemas accept
//! every committed manifest the parser accepts and every example contract, and reject broken
//! ones; the environment page lists every variable the sources read.

mod common;

use accord_contract::reference::{self, MANIFEST, Section};
use common::*;
use serde_json::Value;
use std::path::Path;

/// Every problem the owners of the manifest's sections find in `text`, as "message (help)".
fn problems(text: &str) -> Vec<String> {
    let diag = |d: &accord_contract::Diagnostic| match &d.help {
        Some(h) => format!("{} ({h})", d.message),
        None => d.message.clone(),
    };
    let manifest = match accord_contract::parse_manifest("accord.toml", text) {
        Ok(m) => m,
        Err(e) => return e.diagnostics.iter().map(diag).collect(),
    };
    let mut out = Vec::new();
    if let Err(e) =
        accord_policy::Policy::parse(manifest.sections.get("policy"), "accord.toml", text)
    {
        out.extend(e.0.into_iter().map(|e| e.message));
    }
    let env = |name: &str| {
        (name == "ACCORD_TEST_LEDGER_URL").then(|| "postgres://accord@localhost/ledger".to_string())
    };
    let repo = tempfile::tempdir().expect("tempdir");
    if let Err(e) =
        accord_policy::ledger::LedgerTarget::from_manifest_with(&manifest, text, repo.path(), &env)
    {
        out.extend(e.0.into_iter().map(|e| e.message));
    }
    if let Some(section) = manifest.sections.get("database")
        && let Err(e) = accord_sql::DatabaseConfig::from_section(section, "accord.toml", text)
    {
        out.push(e.to_string());
    }
    let sections = &manifest.sections;
    if let Err(e) = accord_gate::parse_gates(sections.get("gates"), "accord.toml", text) {
        out.extend(e.0.into_iter().map(|e| e.message));
    }
    if let Err(e) = accord_gate::changelog::parse_changelog_config(
        sections.get("changelog"),
        "accord.toml",
        text,
    ) {
        out.extend(e.0.into_iter().map(|e| e.message));
    }
    if let Err(e) = accord_gate::trace::parse_trace_config(
        sections.get("traceability"),
        "accord.toml",
        text,
        &["tests/**".to_string()],
    ) {
        out.extend(e.0.into_iter().map(|e| e.message));
    }
    match accord_vet::config::extensions(&manifest, text) {
        Ok(extensions) => {
            if let Err(e) = accord_vet::config::dependencies(&manifest, text, &extensions) {
                out.extend(e.iter().map(diag));
            }
        }
        Err(e) => out.extend(e.iter().map(diag)),
    }
    if let Err(e) = accord_contract::governance::GovernanceConfig::parse(&manifest, text) {
        out.extend(e.diagnostics.iter().map(diag));
    }
    if let Err(e) = accord_engine::security::parse_config(&manifest, text) {
        out.push(e.to_string());
    }
    for pack in &manifest.packs {
        if let Err(e) = accord_surface::snapshot::code_entry(pack, "accord.toml", text) {
            out.push(e.to_string());
        }
        if let Err(e) = accord_surface::cli_flags::cli_entry(pack, "accord.toml", text) {
            out.push(e.to_string());
        }
    }
    out.extend(
        accord_contract::governance::lifecycle::check_lifecycle(&manifest, text, &[])
            .into_iter()
            .map(|f| f.message),
    );
    out
}

/// The example with each key that excludes another in place of that other.
fn examples() -> Vec<(String, String)> {
    let mut out = vec![(
        "all keys".to_string(),
        reference::example_toml(MANIFEST, None),
    )];
    for s in MANIFEST {
        for k in s.keys.iter().filter(|k| !k.excludes.is_empty()) {
            let with = format!("{}.{}", s.path, k.name);
            out.push((with.clone(), reference::example_toml(MANIFEST, Some(&with))));
        }
    }
    out
}

#[test]
fn every_documented_key_is_accepted_by_the_parser_that_owns_its_section() {
    for (what, text) in examples() {
        let found = problems(&text);
        assert!(found.is_empty(), "{what}: {found:#?}\n{text}");
    }
}

/// The header under which the example writes `section`.
fn header(section: &Section) -> String {
    let example = reference::example_toml(std::slice::from_ref(section), None);
    example.lines().next().unwrap_or_default().to_string()
}

/// Keys listed after "expected" or "did you mean" in `message`.
fn named_keys(message: &str) -> Vec<String> {
    let lower = message.to_string();
    let mut out = Vec::new();
    for marker in [
        "expected one of:",
        "expected one of",
        "expected",
        "did you mean",
    ] {
        if let Some(at) = lower.find(marker) {
            let rest = &message[at + marker.len()..];
            let rest = rest.split(['(', ')', ';']).next().unwrap_or(rest);
            for word in rest.split([',', ' ', '`', '"', '?']) {
                let word = word.trim();
                if !word.is_empty()
                    && word != "or"
                    && word != "and"
                    && word.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                {
                    out.push(word.to_string());
                }
            }
            break;
        }
    }
    out
}

/// The keys of the table at `path` (`""`: the top level): its keys, their aliases, and the
/// tables below it that have sections of their own.
fn documented_in(path: &str) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for s in MANIFEST {
        if s.path == path {
            out.extend(
                s.keys
                    .iter()
                    .flat_map(|k| std::iter::once(k.name).chain(k.aliases.iter().copied())),
            );
        }
        let child = if path.is_empty() {
            Some(s.path)
        } else {
            s.path
                .strip_prefix(path)
                .and_then(|rest| rest.strip_prefix('.'))
        };
        if let Some(first) = child.and_then(|c| c.split('.').next()) {
            out.push(first);
        }
    }
    // `[policy.<class>]` stands for these three tables.
    if path == "policy" {
        out.extend(["safe", "risky", "breaking"]);
    }
    out
}

#[test]
fn the_top_level_is_closed_and_every_section_its_parser_names_is_documented() {
    let text = format!(
        "zz_unknown = 1\n{}",
        reference::example_toml(MANIFEST, None)
    );
    let found = problems(&text);
    let about: Vec<&String> = found.iter().filter(|m| m.contains("zz_unknown")).collect();
    assert!(!about.is_empty(), "{found:#?}");
    let documented = documented_in("");
    for message in about {
        for named in named_keys(message) {
            assert!(
                documented.contains(&named.as_str()),
                "the parser names section `{named}` ({message}), which the reference does not document"
            );
        }
    }
}

#[test]
fn every_table_is_closed_and_every_key_its_parser_names_is_documented() {
    let base = reference::example_toml(MANIFEST, None);
    for s in MANIFEST {
        // A table of user-named entries (`[pipelines]`) takes any key.
        if s.keys.iter().all(|k| k.name.starts_with('<')) {
            continue;
        }
        let head = header(s);
        let text = base.replacen(
            &format!("{head}\n"),
            &format!("{head}\nzz_unknown = 1\n"),
            1,
        );
        assert_ne!(text, base, "{head} not in the example");
        let found = problems(&text);
        let about: Vec<&String> = found.iter().filter(|m| m.contains("zz_unknown")).collect();
        assert!(
            !about.is_empty(),
            "{head}: an unknown key is accepted silently: {found:#?}"
        );
        let documented = documented_in(s.path);
        for message in about {
            for named in named_keys(message) {
                assert!(
                    documented.iter().any(|d| d.eq_ignore_ascii_case(&named)),
                    "{head}: the parser names `{named}` ({message}), which the reference does not document"
                );
            }
        }
    }
}

#[test]
fn the_manifest_schema_accepts_what_the_parser_accepts_and_rejects_mistakes() {
    let schema = accord_cli::reference::manifest_schema();
    let validator = jsonschema::validator_for(&schema).expect("a valid schema");
    for (what, text) in examples() {
        let json = reference::toml_to_json(&text).expect("TOML");
        let errors: Vec<String> = validator
            .iter_errors(&json)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{what}: {errors:#?}");
    }
    let tracked = git(&repo_root(), &["ls-files", "*accord.toml"]);
    let mut checked = 0;
    for rel in tracked.lines() {
        let text = std::fs::read_to_string(repo_root().join(rel)).expect("read");
        if accord_contract::parse_manifest("accord.toml", &text).is_err() {
            continue;
        }
        let json = reference::toml_to_json(&text).expect("TOML");
        let errors: Vec<String> = validator
            .iter_errors(&json)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{rel}: {errors:#?}");
        checked += 1;
    }
    assert!(checked > 20, "only {checked} committed manifests");
    for broken in [
        "[packs.a]\npahts = [\"a/**\"]\n",
        "[packs.a.code]\nlanguage = \"rustt\"\n",
        "[policy]\nreview = \"sometimes\"\n",
        "[limits]\nmax_file_size = \"huge\"\n",
        "[gates.x]\nreport = \"r.json\"\n",
        "[[governance.duties]]\nwhen = \"always\"\nrequires = \"x\"\n",
    ] {
        let json = reference::toml_to_json(broken).expect("TOML");
        assert!(!validator.is_valid(&json), "accepted: {broken}");
        assert!(!problems(broken).is_empty(), "the parser accepts: {broken}");
    }
}

fn yaml_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            yaml_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(path);
        }
    }
}

#[test]
fn the_contract_schema_accepts_every_example_contract_and_rejects_broken_ones() {
    let schema = accord_cli::reference::contract_schema();
    let validator = jsonschema::validator_for(&schema).expect("a valid schema");
    let mut files = Vec::new();
    for example in ["expansion-packs", "extension-platform", "opshelm"] {
        let dir = repo_root().join("examples").join(example);
        let mut all = Vec::new();
        yaml_files(&dir, &mut all);
        files.extend(
            all.into_iter()
                .filter(|p| p.components().any(|c| c.as_os_str() == "contracts")),
        );
    }
    assert!(files.len() > 5, "{files:?}");
    for path in &files {
        let text = std::fs::read_to_string(path).expect("read");
        let doc = accord_contract::doc::parse_yaml(&text).expect("YAML");
        let errors: Vec<String> = validator
            .iter_errors(&doc.value)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
    }
    let good = std::fs::read_to_string(&files[0]).expect("read");
    for (from, to) in [
        ("status: ", "status: 7 #"),
        ("provider: ", "provider:\n    - "),
    ] {
        let broken = good.replacen(from, to, 1);
        assert_ne!(broken, good);
        let doc = accord_contract::doc::parse_yaml(&broken).expect("YAML");
        assert!(!validator.is_valid(&doc.value), "accepted:\n{broken}");
    }
}

#[test]
fn the_pr_body_example_reads_as_the_reference_says() {
    let body = accord_cli::reference::PR_BODY_EXAMPLE;
    match accord_policy::parse_pr_declaration("pr.md", body) {
        accord_policy::PrDeclaration::Declared { impact, .. } => {
            assert_eq!(impact, Some(accord_model::Class::Breaking));
        }
        other => panic!("{other:?}"),
    }
    assert!(accord_policy::has_review_notes(body));
    assert_eq!(accord_policy::reviewed_by(body), ["ana", "bo"]);
}

/// Variables the sources read: `env::var("X")`, `var_os("X")`, `env = "X"` (clap), and
/// `"X"` constants next to `_ENV`.
fn variables_read(dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).expect("dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            if !path.ends_with("tests") {
                variables_read(&path, out);
            }
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("read");
        // Unit tests set variables of their own.
        let text = text.split("#[cfg(test)]").next().unwrap_or_default();
        for marker in [
            "env::var(\"",
            "var_os(\"",
            "env = \"",
            "_ENV: &str = \"",
            "set(\"",
        ] {
            for (at, _) in text.match_indices(marker) {
                // `url_env = "VAR"` in a doc comment is not clap's `env = "VAR"`.
                if marker == "env = \""
                    && text[..at]
                        .chars()
                        .last()
                        .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
                {
                    continue;
                }
                let rest = &text[at + marker.len()..];
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == '_')
                    .collect();
                if !name.is_empty() && !out.contains(&name) {
                    out.push(name);
                }
            }
        }
    }
}

#[test]
fn every_environment_variable_the_sources_read_is_documented() {
    let mut read = Vec::new();
    variables_read(&repo_root().join("crates"), &mut read);
    for must in [
        "ACCORD_LEDGER",
        "ACCORD_CACHE_DIR",
        "CI",
        "ACCORD_DATABASE_URL",
    ] {
        assert!(read.iter().any(|r| r == must), "{must} not found: {read:?}");
    }
    let documented: Vec<&str> = accord_cli::reference::ENVIRONMENT
        .iter()
        .map(|(n, _)| *n)
        .collect();
    for name in &read {
        assert!(
            documented.contains(&name.as_str()),
            "`{name}` is read but not in docs/reference/environment.md"
        );
    }
}

#[test]
fn the_exit_codes_page_lists_every_exit_code() {
    let codes: Vec<u8> = accord_cli::reference::EXIT_CODES
        .iter()
        .map(|(c, _)| *c)
        .collect();
    assert_eq!(
        codes,
        [
            accord_cli::EXIT_CLEAN,
            accord_cli::EXIT_FAILED,
            accord_cli::EXIT_ERROR
        ]
    );
    let _: Value = accord_cli::reference::manifest_schema();
}
