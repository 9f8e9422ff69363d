//! `docs/reference/`: one page per file or interface Accord reads or writes, generated from
//! the code (`cargo xtask codegen`, stale-checked like the rule pages). The manifest,
//! contract and approvals pages come from `accord_contract::reference`; the decision record
//! from its JSON Schema; exit codes and environment variables from the tables below, which
//! tests compare with the code.

use accord_contract::reference::{
    self as r, APPROVALS, CONTRACT, CONTRACT_SCHEMA_FILE, MANIFEST, MANIFEST_SCHEMA_FILE,
};
use serde_json::Value;

/// Every exit code of `accord`, with what it means.
pub const EXIT_CODES: &[(u8, &str)] = &[
    (
        crate::EXIT_CLEAN,
        "Nothing to report at error level; with `--base`, the decision is APPROVE or APPROVE_WITH_CONDITIONS.",
    ),
    (
        crate::EXIT_FAILED,
        "Findings at error level, a DENY decision, a failed gate, a stale generated file (`--check`), or an incompatible change (`accord diff`).",
    ),
    (
        crate::EXIT_ERROR,
        "The tool could not run: a bad manifest, contract or approvals file (shown with a snippet), an unreadable file, a bad argument, an unknown revision.",
    ),
];

/// Every environment variable Accord reads (a test greps the sources for others).
pub const ENVIRONMENT: &[(&str, &str)] = &[
    (
        "ACCORD_LEDGER",
        "The ledger `--record` appends to (`postgres://…`, `sqlite:PATH` or a path); over `[ledger]` of accord.toml, under `--ledger`.",
    ),
    (
        "ACCORD_LEDGER_TABLE",
        "The PostgreSQL table of the ledger named by `ACCORD_LEDGER`.",
    ),
    (
        "ACCORD_DATABASE_URL",
        "The database of `accord migrate` and `accord db` (`--database-url`), over `[database] url`.",
    ),
    (
        "ACCORD_CACHE_DIR",
        "The per-file parse cache of code surfaces; it must be outside the repository. Default `$XDG_CACHE_HOME/accord`, else `~/.cache/accord`.",
    ),
    (
        "XDG_CACHE_HOME",
        "Base of the parse cache when `ACCORD_CACHE_DIR` is unset.",
    ),
    (
        "HOME",
        "Base of the parse cache (`~/.cache/accord`) and of `CARGO_HOME` when neither is set.",
    ),
    (
        "CARGO_HOME",
        "Where the dependency audit finds crate sources (default `~/.cargo`).",
    ),
    (
        "CI",
        "`true` or `1`: a ledger chosen by the repository itself (`[ledger]`) is refused when recording; set `ACCORD_LEDGER` or `--ledger`.",
    ),
    (
        "NO_COLOR",
        "Set and non-empty: no colour in human output (`--color auto`).",
    ),
    (
        "ACCORD_APPROVER",
        "Who approves, for `accord approve` (`--approver`).",
    ),
    (
        "USER",
        "Recorded as who applied migrations (`accord migrate apply`); `USERNAME` on Windows.",
    ),
    ("USERNAME", "See `USER`."),
    (
        "(any, by `[database] url` or `[ledger] url_env`)",
        "`[database] url = \"${VAR}\"` and `[ledger] url_env = \"VAR\"` name a variable holding a URL, so that no URL or password is written in the repository.",
    ),
];

/// An example pull-request body; a test checks what the policy reads from it.
pub const PR_BODY_EXAMPLE: &str = "## Summary\n\nDrop the deprecated `mood` field from the voice profile.\n\n## Contract Impact\n\n- [ ] None\n- [ ] SAFE\n- [ ] RISKY\n- [x] BREAKING\n\n## Review notes\n\nCreatorOS reads `tone` since v1.4; the migration plan is in the contract.\n\nReviewed-by: @ana, bo\n";

fn pretty(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

/// The manifest's JSON Schema (`docs/schemas/accord.toml.schema.json`).
pub fn manifest_schema() -> Value {
    r::schema(MANIFEST, MANIFEST_SCHEMA_FILE, "accord.toml", false)
}

/// The contract files' JSON Schema (`docs/schemas/contract.schema.json`).
pub fn contract_schema() -> Value {
    r::schema(CONTRACT, CONTRACT_SCHEMA_FILE, "Accord contract", true)
}

/// Every file of `docs/reference/` and the two editor schemas: path and contents.
pub fn files() -> Vec<(String, String)> {
    let mut files = vec![
        (
            format!("docs/schemas/{MANIFEST_SCHEMA_FILE}"),
            pretty(&manifest_schema()),
        ),
        (
            format!("docs/schemas/{CONTRACT_SCHEMA_FILE}"),
            pretty(&contract_schema()),
        ),
    ];
    let pages = [
        ("accord-toml.md", "`accord.toml`", manifest_page()),
        ("contracts.md", "Contract files", contract_page()),
        ("approvals.md", "The approvals file", approvals_page()),
        ("pr-body.md", "The pull-request body", pr_body_page()),
        (
            "decision-record.md",
            "The decision record",
            decision_record_page(),
        ),
        ("exit-codes.md", "Exit codes", exit_codes_page()),
        (
            "environment.md",
            "Environment variables",
            environment_page(),
        ),
    ];
    let mut index = String::from(
        "# Reference\n\nGenerated by `cargo xtask codegen`; do not edit. Every file Accord reads or writes:\n\n",
    );
    for (file, title, _) in &pages {
        index.push_str(&format!("- [{title}]({file})\n"));
    }
    index.push_str("- [Rules](../rules/README.md)\n");
    files.push(("docs/reference/README.md".to_string(), index));
    for (file, _, text) in pages {
        files.push((format!("docs/reference/{file}"), text));
    }
    files
}

const GENERATED: &str = "Generated by `cargo xtask codegen`; do not edit.";

fn manifest_page() -> String {
    let intro = format!(
        "The manifest at the repository root. Its schema is closed: an unknown key is an error with its line, a snippet and a \"did you mean\". Paths and globs are relative to the directory of `accord.toml` and never leave it.\n\n## Editor support\n\nThe JSON Schema [`{MANIFEST_SCHEMA_FILE}`](../schemas/{MANIFEST_SCHEMA_FILE}) gives completion and validation in editors that use [Taplo](https://taplo.tamasfe.dev/) (VS Code's *Even Better TOML*, Helix, Zed). Put this line first in `accord.toml` (`accord_contract::reference::toml_schema_directive()` returns it):\n\n```toml\n{}\n```\n\nor, with a local copy of the schema, `#:schema ./docs/schemas/{MANIFEST_SCHEMA_FILE}`.\n\n## Example\n\nEvery key with its example value (each example is checked by the parser that owns its section):\n\n```toml\n{}```",
        r::toml_schema_directive(),
        r::example_toml(MANIFEST, None)
    );
    r::markdown("`accord.toml`", &intro, MANIFEST, true)
}

fn contract_page() -> String {
    let intro = format!(
        "One file per contract version under `[contracts] dir`, YAML or JSON, named `{{provider}}-{{consumer}}-v{{version}}.yaml`. A wrong *type* is an error with its line; a wrong *value* (unknown status, bad version, undeclared pack) is a registry finding.\n\n## Editor support\n\nThe JSON Schema [`{CONTRACT_SCHEMA_FILE}`](../schemas/{CONTRACT_SCHEMA_FILE}) is read by [yaml-language-server](https://github.com/redhat-developer/yaml-language-server) (VS Code's *YAML* extension, Helix, Neovim) from this first line (`accord_contract::reference::yaml_schema_directive()`):\n\n```yaml\n{}\n```",
        r::yaml_schema_directive()
    );
    r::markdown("Contract files", &intro, CONTRACT, false)
}

fn approvals_page() -> String {
    let intro = "Reviewed exceptions: a finding that blocks the decision may be approved instead of fixed. The file is named by `[policy] approvals_file` (default `accord-approvals.toml`) and read at the head of the change, so it is committed with the change.\n\n```toml\n[approvals.3f2a9c01d4e5b6a7]\njustification = \"CreatorOS migrates in the same release\"\napprover = \"ana\"\nexpires = \"2026-12-31\"\nconditions = [\"Announce the change in #expansion-packs\"]\n```\n\n## Writing an approval\n\nThe human and Markdown reports of `accord check --base` list each blocking finding's fingerprint with the command that approves it:\n\n```sh\naccord approve 3f2a9c01d4e5b6a7 --justification \"CreatorOS migrates in the same release\" --approver ana [--expires 2026-12-31] [--conditions \"Announce it\"]\n```\n\n`accord approve` appends the entry (existing entries and comments are kept; the file is rewritten atomically), refuses a fingerprint approved already, and takes the full 16-digit fingerprint, not a prefix: a prefix could only be resolved against findings `approve` does not recompute. `--expires` defaults to 90 days from today; `--approver` to `$ACCORD_APPROVER`.\n\n## Who may approve\n\nA database owner (`[roles] database_owners`) for schema findings; for a finding on a contract, an integration owner of that contract (`[roles.integration_owners]`, keyed by the contract's `name` — for code surfaces the pack's code contract `name`, or `<pack> code surface` when the pack has none); otherwise an architect. Architects may also approve system-level changes and anything whose role nobody holds. An approval that matches no finding, has expired, or is given by someone without the role is itself a finding.";
    r::markdown("The approvals file", intro, APPROVALS, true)
}

fn pr_body_page() -> String {
    format!(
        "# The pull-request body\n\n{GENERATED}\n\n`accord check --base REF --pr-body FILE` reads the pull request's own account of itself (seed 003 §6.1):\n\n- **Contract Impact** — exactly one of `None`, `SAFE`, `RISKY`, `BREAKING`: on one line (`Contract Impact: RISKY`, `**Contract Impact:** BREAKING`), or under a heading or label as a task list with one box ticked. A missing, malformed or too low declaration (lower than what Accord detects) is a finding.\n- **Review notes** — a `Review notes` section or label with real content (not an HTML comment, `TODO`, `N/A`, `none` or `-`); meets the `review_notes` condition.\n- **Reviewed-by** — `Reviewed-by: name, @name` lines (git trailer style, also as a bullet or in bold) record reviewers for the required reviews (a full name such as `Ana Silva` is one reviewer; `@ana @bo` are two).\n\n## Example\n\n```markdown\n{PR_BODY_EXAMPLE}```\n\nThis body declares BREAKING, has review notes, and records `ana` and `bo` as reviewers.\n"
    )
}

fn type_of(schema: &Value) -> String {
    if let Some(t) = schema.get("type") {
        return match t {
            Value::String(s) if s == "array" => match schema.get("items") {
                Some(items) => format!("array of {}", type_of(items)),
                None => "array".to_string(),
            },
            Value::String(s) => s.clone(),
            Value::Array(types) => types
                .iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join(" or "),
            _ => String::new(),
        };
    }
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        let name = reference.rsplit('/').next().unwrap_or(reference);
        return format!("[{name}](#{name})");
    }
    for key in ["anyOf", "oneOf"] {
        if let Some(options) = schema.get(key).and_then(Value::as_array) {
            return options.iter().map(type_of).collect::<Vec<_>>().join(" or ");
        }
    }
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        return values
            .iter()
            .map(|v| {
                format!(
                    "`{}`",
                    v.as_str().map_or_else(|| v.to_string(), str::to_string)
                )
            })
            .collect::<Vec<_>>()
            .join(", ");
    }
    if schema.get("const").is_some() {
        return format!("`{}`", schema["const"]);
    }
    "any".to_string()
}

fn properties_table(schema: &Value) -> String {
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut out = String::from("| Field | Type | Required | Description |\n|---|---|---|---|\n");
    if let Some(props) = schema.get("properties").and_then(Value::as_object) {
        for (name, p) in props {
            out.push_str(&format!(
                "| `{name}` | {} | {} | {} |\n",
                type_of(p).replace('|', "\\|"),
                if required.contains(&name.as_str()) {
                    "yes"
                } else {
                    ""
                },
                p.get("description")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .replace('\n', " ")
                    .replace('|', "\\|")
            ));
        }
    }
    out
}

fn decision_record_page() -> String {
    let schema = accord_policy::record::decision_schema();
    let mut out = format!(
        "# The decision record\n\n{GENERATED}\n\n`accord check --base REF --record` writes one JSON file per decision to `[policy] decisions_dir` (named by its `id`) and appends it to the hash-chained ledger; `accord decision verify FILE` recomputes it from the revisions it names. The layout is the JSON Schema [`decision.schema.json`](../schemas/decision.schema.json).\n\n{}\n\n## Record\n\n{}",
        schema
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or(""),
        properties_table(&schema)
    );
    if let Some(defs) = schema.get("$defs").and_then(Value::as_object) {
        for (name, def) in defs {
            out.push_str(&format!("\n## {name}\n\n"));
            if let Some(d) = def.get("description").and_then(Value::as_str) {
                out.push_str(&format!("{d}\n\n"));
            }
            if def.get("properties").is_some() {
                out.push_str(&properties_table(def));
            } else {
                out.push_str(&format!("{}\n", type_of(def)));
            }
        }
    }
    out
}

fn exit_codes_page() -> String {
    let mut out = format!(
        "# Exit codes\n\n{GENERATED}\n\nEvery command of `accord` ends with one of:\n\n| Code | Meaning |\n|---|---|\n"
    );
    for (code, meaning) in EXIT_CODES {
        out.push_str(&format!("| {code} | {meaning} |\n"));
    }
    out
}

fn environment_page() -> String {
    let mut out = format!(
        "# Environment variables\n\n{GENERATED}\n\nAccord reads no other variable. A setting given on the command line wins over the environment, which wins over `accord.toml`.\n\n| Variable | Effect |\n|---|---|\n"
    );
    for (name, effect) in ENVIRONMENT {
        let name = if name.starts_with('(') {
            name.to_string()
        } else {
            format!("`{name}`")
        };
        out.push_str(&format!("| {name} | {effect} |\n"));
    }
    out
}
