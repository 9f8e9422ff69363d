//! The reference of every file Accord reads, as data: each section and key of `accord.toml`
//! with its type, default, example and meaning, and the keys of contract files and of the
//! approvals file. `cargo xtask codegen` renders it as `docs/reference/*.md` and as the JSON
//! Schemas editors use (`docs/schemas/accord.toml.schema.json`,
//! `docs/schemas/contract.schema.json`); a test in `accord-cli` feeds every example to the
//! parsers that own the sections and checks that every key they name is documented here, so
//! the reference cannot drift from the code.
//!
//! ```
//! use accord_contract::reference::{MANIFEST, toml_schema_directive};
//! assert!(MANIFEST.iter().any(|s| s.path == "packs.<pack>.code"));
//! assert!(toml_schema_directive().starts_with("#:schema "));
//! ```

use serde_json::{Value, json};

/// The type of a key's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    /// Any string.
    String,
    /// A path relative to the repository root, never leaving it.
    Path,
    /// A glob relative to the repository root (`*`, `**`, `?`, `[abc]`, `{a,b}`).
    Glob,
    /// `true` or `false`.
    Bool,
    /// A whole number, 0 or more.
    Integer,
    /// A number.
    Number,
    /// A date, `"YYYY-MM-DD"`.
    Date,
    /// A number of bytes, or a size such as `"64MiB"`, `"500 KB"`, `"1G"`.
    Size,
    /// A list of strings.
    Strings,
    /// A list of globs.
    Globs,
    /// A path or a list of paths.
    PathOrPaths,
    /// One of the listed strings.
    Enum(&'static [&'static str]),
    /// A list of conditions (see `[policy.safe]`).
    Conditions,
    /// `true`, `false` or a list of conditions.
    BoolOrConditions,
    /// A class or a level as a string, or a table `{ class, level }`.
    RuleOverride,
    /// A number, or a path to a JSON report.
    NumberOrPath,
    /// A percentage from 0 to 100, or `"best-effort"`.
    Percentage,
    /// A table whose keys are free.
    Table,
    /// A list of anything (strings or tables).
    List,
    /// A string or a list of strings.
    StringOrStrings,
}

/// Conditions a class of change can require (`accord_policy::Condition`).
pub const CONDITIONS: &[&str] = &[
    "migration_plan",
    "consumers_updated",
    "tests_updated",
    "registry_bumped",
    "deprecation_plan",
    "review_notes",
];
const CLASSES: &[&str] = &["SAFE", "RISKY", "BREAKING"];
const LEVELS: &[&str] = &["note", "warning", "error"];

impl Ty {
    /// How the type reads in the reference.
    pub fn describe(self) -> String {
        match self {
            Ty::String => "string".into(),
            Ty::Path => "path".into(),
            Ty::Glob => "glob".into(),
            Ty::Bool => "boolean".into(),
            Ty::Integer => "integer".into(),
            Ty::Number => "number".into(),
            Ty::Date => "date (\"YYYY-MM-DD\")".into(),
            Ty::Size => "size (bytes, or \"64MiB\", \"500 KB\", \"1G\")".into(),
            Ty::Strings => "list of strings".into(),
            Ty::Globs => "list of globs".into(),
            Ty::PathOrPaths => "path or list of paths".into(),
            Ty::Enum(values) => {
                let quoted: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
                format!("one of {}", quoted.join(", "))
            }
            Ty::Conditions => "list of conditions".into(),
            Ty::BoolOrConditions => "boolean or list of conditions".into(),
            Ty::RuleOverride => "class, level, or { class, level }".into(),
            Ty::NumberOrPath => "number or path".into(),
            Ty::Percentage => "number 0–100 or \"best-effort\"".into(),
            Ty::Table => "table".into(),
            Ty::List => "list".into(),
            Ty::StringOrStrings => "string or list of strings".into(),
        }
    }

    /// The JSON Schema of the type.
    pub fn schema(self) -> Value {
        let string = json!({ "type": "string" });
        let strings = json!({ "type": "array", "items": { "type": "string" } });
        let conditions = json!({ "type": "array", "items": { "enum": CONDITIONS } });
        match self {
            Ty::String | Ty::Path | Ty::Glob => string.clone(),
            Ty::Bool => json!({ "type": "boolean" }),
            Ty::Integer => json!({ "type": "integer", "minimum": 0 }),
            Ty::Number => json!({ "type": "number" }),
            Ty::Date => json!({ "type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" }),
            Ty::Size => json!({ "anyOf": [
                { "type": "integer", "minimum": 0 },
                { "type": "string", "pattern": "^\\s*[0-9]+\\s*([bBkKmMgGtT]|[kKmMgGtT][iI]?[bB])?\\s*$" }
            ] }),
            Ty::Strings | Ty::Globs => strings,
            Ty::PathOrPaths => json!({ "anyOf": [string.clone(), strings] }),
            Ty::Enum(values) => json!({ "enum": values }),
            Ty::Conditions => conditions,
            Ty::BoolOrConditions => json!({ "anyOf": [{ "type": "boolean" }, conditions] }),
            Ty::RuleOverride => {
                let both: Vec<&str> = CLASSES.iter().chain(LEVELS).copied().collect();
                json!({ "anyOf": [
                    { "enum": both },
                    { "type": "object", "additionalProperties": false, "properties": {
                        "class": { "enum": CLASSES },
                        "level": { "enum": LEVELS }
                    } }
                ] })
            }
            Ty::NumberOrPath => json!({ "anyOf": [{ "type": "number" }, string.clone()] }),
            Ty::Percentage => json!({ "anyOf": [
                { "type": "number", "minimum": 0, "maximum": 100 },
                { "const": "best-effort" }
            ] }),
            Ty::Table => json!({ "type": "object" }),
            Ty::List => json!({ "type": "array" }),
            Ty::StringOrStrings => json!({ "anyOf": [string, strings] }),
        }
    }
}

/// One key of a section.
#[derive(Debug, Clone, Copy)]
pub struct Key {
    /// The key; `<name>` when the user names it (`[pipelines]`: `<pipeline> = [...]`).
    pub name: &'static str,
    /// Its type.
    pub ty: Ty,
    /// The default when absent; empty when the key is required or has no default.
    pub default: &'static str,
    /// True when the section is incomplete without it.
    pub required: bool,
    /// A value, as TOML (or YAML for contract files). Every example is checked by the parser.
    pub example: &'static str,
    /// What it does.
    pub doc: &'static str,
    /// Other spellings the parser accepts.
    pub aliases: &'static [&'static str],
    /// A key the example must not be combined with (`[ledger]` takes `path` or `url_env`).
    pub excludes: &'static str,
}

/// One table of a file: `[project]`, `[packs.<pack>]`, `[[governance.duties]]`…
#[derive(Debug, Clone, Copy)]
pub struct Section {
    /// Dotted path; `<name>` segments are named by the user.
    pub path: &'static str,
    /// What it configures, and who reads it.
    pub doc: &'static str,
    /// Its keys.
    pub keys: &'static [Key],
    /// An array of tables (`[[governance.duties]]`).
    pub array: bool,
    /// Keys not listed are kept (contract files); otherwise an unknown key is an error.
    pub open: bool,
}

const fn key(
    name: &'static str,
    ty: Ty,
    default: &'static str,
    example: &'static str,
    doc: &'static str,
) -> Key {
    Key {
        name,
        ty,
        default,
        required: false,
        example,
        doc,
        aliases: &[],
        excludes: "",
    }
}

const fn required(name: &'static str, ty: Ty, example: &'static str, doc: &'static str) -> Key {
    Key {
        required: true,
        ..key(name, ty, "", example, doc)
    }
}

const fn section(path: &'static str, doc: &'static str, keys: &'static [Key]) -> Section {
    Section {
        path,
        doc,
        keys,
        array: false,
        open: false,
    }
}

/// The placeholder of `[policy.safe]`, `[policy.risky]` and `[policy.breaking]`.
const CLASS: &str = "<class>";

const UNITS: &[&str] = &["%", "ms", "s", "MB", "bytes", "count"];
const AGGREGATES: &[&str] = &["count", "sum", "min", "max", "mean", "p50", "p95", "p99"];

/// Every section of `accord.toml`, in the order of the reference.
pub const MANIFEST: &[Section] = &[
    section(
        "project",
        "The project as a whole.",
        &[
            key(
                "name",
                Ty::String,
                "",
                "\"creator-platform\"",
                "Shown in reports.",
            ),
            key(
                "version",
                Ty::String,
                "",
                "\"2.0.0\"",
                "The project's semantic version (MAJOR.MINOR.PATCH).",
            ),
            key(
                "version_follows_contracts",
                Ty::Bool,
                "false",
                "true",
                "The project version must be bumped at least as much as its contracts' changes require.",
            ),
        ],
    ),
    section(
        "packs.<pack>",
        "A pack: a module of the codebase with an owner, whose files, tests and contracts Accord governs. The key is its name; contracts may also name it by `display_name` or an alias, compared ignoring case and punctuation.",
        &[
            key(
                "paths",
                Ty::Globs,
                "[]",
                "[\"packs/mmos/**\"]",
                "The files that belong to the pack.",
            ),
            key(
                "tests",
                Ty::Globs,
                "[]",
                "[\"packs/mmos/tests/**\"]",
                "The pack's test files: a change touching them meets `tests_updated`.",
            ),
            key(
                "maintainers",
                Ty::Strings,
                "[]",
                "[\"ana\"]",
                "People who own the pack (CODEOWNERS, reviews).",
            ),
            key(
                "tier",
                Ty::String,
                "",
                "\"core\"",
                "The pack's tier; `[extensions.tiers]` says what it must meet.",
            ),
            key(
                "owns_tables",
                Ty::Strings,
                "[]",
                "[\"minds\"]",
                "Database tables only this pack's migrations may change.",
            ),
            key(
                "dba",
                Ty::Bool,
                "false",
                "false",
                "The pack may change any table (a database administration pack).",
            ),
            key(
                "display_name",
                Ty::String,
                "the key",
                "\"MMOS\"",
                "The name contracts and reports use.",
            ),
            key(
                "aliases",
                Ty::Strings,
                "[]",
                "[\"Mind Mapper\"]",
                "Other names contracts may use for the pack.",
            ),
            key(
                "cleared_for",
                Ty::Strings,
                "[]",
                "[\"SENSITIVE\"]",
                "Privacy levels of columns the pack may read.",
            ),
            key(
                "allow_imports",
                Ty::Strings,
                "[]",
                "[\"creator-os\"]",
                "Packs this one may import without a contract.",
            ),
            key(
                "stage",
                Ty::String,
                "",
                "\"generation\"",
                "The pipeline stage the pack belongs to (see `[pipelines]`).",
            ),
        ],
    ),
    section(
        "packs.<pack>.code",
        "The pack's code API surface: what `accord surface snapshot` extracts and `check` compares. An approval of a code change names the pack's code contract by its `name` in `[roles.integration_owners]`.",
        &[
            key(
                "language",
                Ty::Enum(&["rust", "typescript", "javascript", "python"]),
                "detected",
                "\"rust\"",
                "The language of the package.",
            ),
            key(
                "root",
                Ty::Path,
                "\".\"",
                "\"packs/mmos\"",
                "The package root (where Cargo.toml, package.json or pyproject.toml is).",
            ),
            key(
                "entry",
                Ty::PathOrPaths,
                "from the package manifest",
                "[\"src/lib.rs\"]",
                "Entry files relative to `root`, overriding what the package manifest says.",
            ),
        ],
    ),
    section(
        "packs.<pack>.cli",
        "The pack's command-line program: the sources declaring its flags, read without compiling (clap derive and builder, argparse, click, commander, yargs). With release tags, a flag removed before it was deprecated for one minor release is `cli-flag-removal-before-deprecation-window`. A flag is named by the program, its subcommands and its spelling (`accord check --base`); it is deprecated by its library's marker (`deprecated=True`, yargs `deprecated`), `#[deprecated]`, or help or doc text holding the word \"deprecated\".",
        &[
            key(
                "files",
                Ty::PathOrPaths,
                "",
                "[\"packs/mmos/cli.py\"]",
                "Required: the source files declaring the flags (`.rs`, `.py`, `.ts`, `.js`…), relative to the repository root; clap types are resolved across them.",
            ),
            key(
                "command",
                Ty::String,
                "the pack's name",
                "\"mmos\"",
                "The program's name, first in every flag's name.",
            ),
        ],
    ),
    section(
        "packs.<pack>.security",
        "SecuritySentry (seed 003): what the pack's code may do and which of its calls carry untrusted text or reach a model. Capability and prompt-injection checks run once any pack has this table.",
        &[
            key(
                "capabilities",
                Ty::Strings,
                "[]",
                "[\"net\", \"env\"]",
                "Capabilities the pack's code may use: `fs-write`, `net`, `exec`, `env` (a use not declared is `capability-undeclared`, a declaration not used `capability-unused`).",
            ),
            key(
                "untrusted_inputs",
                Ty::Strings,
                "[]",
                "[\"read_email\"]",
                "Calls returning text an outsider controls.",
            ),
            key(
                "prompt_sinks",
                Ty::Strings,
                "[]",
                "[\"ask_model\"]",
                "Calls sending text to a model.",
            ),
            key(
                "sanitizers",
                Ty::Strings,
                "[]",
                "[\"quote_untrusted\"]",
                "Calls whose result is safe to send to a model.",
            ),
        ],
    ),
    section(
        "packs.<pack>.lifecycle",
        "The pack's lifecycle (seed 000 \"Evolution Process\"): deprecating a pack gives notice before its removal.",
        &[
            key(
                "status",
                Ty::Enum(&["active", "deprecated", "retired"]),
                "\"active\"",
                "\"active\"",
                "Where the pack is in its life.",
            ),
            key(
                "deprecated_on",
                Ty::Date,
                "",
                "\"2026-01-15\"",
                "The day the deprecation was announced.",
            ),
            key(
                "removal_on",
                Ty::Date,
                "",
                "\"2026-05-01\"",
                "The announced removal, at least `[governance] deprecation_notice_months` after the notice.",
            ),
            key(
                "consumers",
                Ty::Strings,
                "[]",
                "[\"creator-os\"]",
                "Every pack that must migrate away.",
            ),
            key(
                "replacement",
                Ty::String,
                "",
                "\"creator-os\"",
                "The pack that replaces it.",
            ),
        ],
    ),
    section(
        "roles",
        "Who decides what (seed 000 \"Decision Authority\"): approvals are checked against these roles.",
        &[
            key(
                "architects",
                Ty::Strings,
                "[]",
                "[\"ana\"]",
                "Approve system-level changes, and anything whose role nobody holds.",
            ),
            key(
                "database_owners",
                Ty::Strings,
                "[]",
                "[\"bo\"]",
                "Approve database schema changes.",
            ),
        ],
    ),
    section(
        "roles.integration_owners",
        "Who approves changes to a contract, keyed by the contract's `name` (code contracts included), a `provider-consumer` pair, or the contract file's stem with or without its version, compared ignoring case and punctuation.",
        &[key(
            "<contract>",
            Ty::Strings,
            "",
            "[\"ana\", \"bo\"]",
            "The people who may approve changes to that contract.",
        )],
    ),
    section(
        "contracts",
        "The contract registry.",
        &[key(
            "dir",
            Ty::Path,
            "\"contracts\"",
            "\"contracts\"",
            "The directory holding the contract files.",
        )],
    ),
    section(
        "limits",
        "Bounds on what Accord reads from the repository.",
        &[key(
            "max_file_size",
            Ty::Size,
            "\"64MiB\"",
            "\"64MiB\"",
            "Largest file read; a larger artifact is a finding.",
        )],
    ),
    section(
        "pipelines",
        "Ordered stages of data flowing through packs: a change impacts the packs downstream.",
        &[key(
            "<pipeline>",
            Ty::Strings,
            "",
            "[\"mmos\", \"creator-os\"]",
            "Packs (or `stage` names) in flow order.",
        )],
    ),
    section(
        "database",
        "The shared database: migrations, ownership of tables (read by `accord migrate`, `accord schema` and `check`).",
        &[
            key(
                "url",
                Ty::String,
                "\"sqlite:.accord/accord.db\"",
                "\"sqlite:.accord/accord.db\"",
                "Where the database is: `sqlite:PATH` inside the repository, or `${VAR}` naming an environment variable that holds a `postgres://` URL.",
            ),
            key(
                "dialect",
                Ty::Enum(&["sqlite", "postgres"]),
                "from `url`",
                "\"sqlite\"",
                "The SQL dialect of the migrations.",
            ),
            Key {
                aliases: &["migrations_dir"],
                ..key(
                    "migrations",
                    Ty::Path,
                    "\"db/migrations\"",
                    "\"db/migrations\"",
                    "The migrations directory.",
                )
            },
            key(
                "shared_tables",
                Ty::Strings,
                "[\"metadata\", \"migrations\"]",
                "[\"metadata\", \"migrations\"]",
                "Tables every pack may write.",
            ),
            key(
                "smoke_checks",
                Ty::Path,
                "",
                "\"db/smoke\"",
                "SQL files run after applying migrations.",
            ),
            key(
                "tracking_table",
                Ty::String,
                "\"migrations\"",
                "\"migrations\"",
                "The table recording applied migrations.",
            ),
            key(
                "max_migration_bytes",
                Ty::Integer,
                "1048576",
                "1048576",
                "Largest migration or smoke-check file read (at most 64 MiB).",
            ),
            key(
                "postgres_version",
                Ty::Integer,
                "11",
                "14",
                "Oldest PostgreSQL major version the migrations must be safe on.",
            ),
        ],
    ),
    section(
        "policy",
        "What each class of change needs before it may merge (seed 003 §5).",
        &[
            key(
                "decisions_dir",
                Ty::Path,
                "\"decisions\"",
                "\"decisions\"",
                "Where `check --base --record` writes decision records.",
            ),
            Key {
                aliases: &["approvals"],
                ..key(
                    "approvals_file",
                    Ty::Path,
                    "\"accord-approvals.toml\"",
                    "\"accord-approvals.toml\"",
                    "The approvals file (see the approvals reference).",
                )
            },
            key(
                "consider_usage",
                Ty::Bool,
                "false",
                "false",
                "A BREAKING code change whose symbol no other pack uses is treated as RISKY.",
            ),
            key(
                "review",
                Ty::Enum(&["off", "condition", "deny"]),
                "\"condition\"",
                "\"condition\"",
                "What a missing required review does to the decision.",
            ),
            key(
                "review_evidence",
                Ty::Enum(&["pr-or-approvals", "approvals"]),
                "\"pr-or-approvals\"",
                "\"approvals\"",
                "What satisfies a required review: a `Reviewed-by:` line in the PR body (the author's declaration) or an approval, or only an approval in the approvals file.",
            ),
        ],
    ),
    section(
        "policy.<class>",
        "`[policy.safe]`, `[policy.risky]`, `[policy.breaking]`: the conditions a change of that class must meet. Defaults: SAFE nothing; RISKY `tests_updated` and `review_notes`, not blocking; BREAKING `migration_plan`, `consumers_updated`, `tests_updated`, `registry_bumped`, `deprecation_plan`, all blocking.",
        &[
            key(
                "requires",
                Ty::Conditions,
                "per class",
                "[\"tests_updated\", \"review_notes\"]",
                "Conditions the change must meet: `migration_plan`, `consumers_updated`, `tests_updated`, `registry_bumped`, `deprecation_plan`, `review_notes`.",
            ),
            key(
                "blocking",
                Ty::BoolOrConditions,
                "per class",
                "[\"tests_updated\"]",
                "Which unmet conditions deny the change (`true`: all); the others only condition the approval.",
            ),
        ],
    ),
    section(
        "policy.levels",
        "The level (note, warning, error) of each class's findings.",
        &[
            key(
                "SAFE",
                Ty::Enum(LEVELS),
                "\"note\"",
                "\"note\"",
                "Level of SAFE findings.",
            ),
            key(
                "RISKY",
                Ty::Enum(LEVELS),
                "\"warning\"",
                "\"warning\"",
                "Level of RISKY findings.",
            ),
            key(
                "BREAKING",
                Ty::Enum(LEVELS),
                "\"error\"",
                "\"error\"",
                "Level of BREAKING findings.",
            ),
        ],
    ),
    section(
        "policy.rules",
        "Overrides by rule id (`accord rules` lists them): a class (`\"RISKY\"`), a level (`\"error\"`) or `{ class, level }`.",
        &[key(
            "<rule-id>",
            Ty::RuleOverride,
            "",
            "\"RISKY\"",
            "The override of that rule's findings.",
        )],
    ),
    section(
        "ledger",
        "Where `--record` appends decisions. `ACCORD_LEDGER` and `--ledger` take precedence; with `CI=true` a ledger chosen here is refused.",
        &[
            key(
                "path",
                Ty::Path,
                "\".accord/ledger.db\"",
                "\".accord/ledger.db\"",
                "An SQLite ledger inside the repository.",
            ),
            Key {
                excludes: "path",
                ..key(
                    "url_env",
                    Ty::String,
                    "",
                    "\"ACCORD_TEST_LEDGER_URL\"",
                    "The environment variable holding a `postgres://` URL (a URL is never written in the manifest).",
                )
            },
            key(
                "table",
                Ty::String,
                "\"accord_ledger\"",
                "\"accord_ledger\"",
                "The PostgreSQL table.",
            ),
        ],
    ),
    section(
        "gates.<gate>",
        "A metric gate: a number read from a JSON report, compared with a threshold (`accord gate`, and `check`).",
        &[
            required(
                "report",
                Ty::Path,
                "\"target/bench.json\"",
                "The JSON report.",
            ),
            required(
                "selector",
                Ty::String,
                "\"/results/*/p95\"",
                "A JSON pointer with `*` wildcards selecting the values.",
            ),
            key(
                "aggregate",
                Ty::Enum(AGGREGATES),
                "",
                "\"max\"",
                "How several selected values become one.",
            ),
            required(
                "comparison",
                Ty::Enum(&["<", "<=", ">", ">=", "=="]),
                "\"<\"",
                "How the value must compare with `threshold`.",
            ),
            required("threshold", Ty::Number, "200", "The limit."),
            required(
                "unit",
                Ty::Enum(UNITS),
                "\"ms\"",
                "The unit of the value and threshold.",
            ),
            key(
                "severity",
                Ty::Enum(&["error", "warning"]),
                "\"error\"",
                "\"error\"",
                "What a failed gate is.",
            ),
            key(
                "baseline",
                Ty::NumberOrPath,
                "",
                "180",
                "The previous value (or a report to read it from), for regressions.",
            ),
            key(
                "baseline_selector",
                Ty::String,
                "`selector`",
                "",
                "The selector in the baseline report, when it is a path.",
            ),
            key(
                "regression_fail",
                Ty::Number,
                "20",
                "20",
                "Regression (in %) over the baseline that fails the gate.",
            ),
            key(
                "regression_warn",
                Ty::Number,
                "0",
                "5",
                "Regression (in %) that needs a documented justification.",
            ),
            key(
                "description",
                Ty::String,
                "",
                "\"p95 latency of the voice pipeline\"",
                "Shown in reports.",
            ),
        ],
    ),
    section(
        "changelog",
        "The changelog the change must update for BREAKING changes, removals and deprecations.",
        &[
            key(
                "path",
                Ty::Path,
                "\"CHANGELOG.md\"",
                "\"CHANGELOG.md\"",
                "The changelog (Keep a Changelog layout).",
            ),
            key(
                "version_file",
                Ty::Path,
                "",
                "\"Cargo.toml\"",
                "The package manifest whose version the release tags spell.",
            ),
            key(
                "tag_prefix",
                Ty::String,
                "\"v\"",
                "\"v\"",
                "Prefix of release tags.",
            ),
        ],
    ),
    section(
        "traceability",
        "The requirement → tests matrix: every test traces to a requirement, and stale entries are reported.",
        &[
            required(
                "matrix",
                Ty::Path,
                "\"docs/traceability_matrix.json\"",
                "The matrix.",
            ),
            key(
                "tests",
                Ty::Globs,
                "the packs' `tests`",
                "[\"tests/**/*.rs\"]",
                "The test files that must trace to a requirement.",
            ),
        ],
    ),
    section(
        "traceability.suites",
        "Seed 002's suite classification guard: when any suite is declared, every test file must belong to one (`trace-test-unclassified`).",
        &[key(
            "<suite>",
            Ty::Globs,
            "",
            "[\"tests/unit/**\"]",
            "The test files of that suite.",
        )],
    ),
    section(
        "extensions",
        "Extension vetting (`accord vet`): the inclusion list and what each tier must meet.",
        &[
            key(
                "inclusion_list",
                Ty::Path,
                "\"docs/extension-inclusion-list.json\"",
                "\"docs/extension-inclusion-list.json\"",
                "The inclusion list.",
            ),
            key(
                "dir",
                Ty::Path,
                "\"extensions\"",
                "\"extensions\"",
                "One folder per extension's sources.",
            ),
            key(
                "licenses",
                Ty::Strings,
                "[]",
                "[\"MIT\", \"Apache-2.0\"]",
                "SPDX identifiers of the licenses allowed.",
            ),
            key(
                "conformance_summary",
                Ty::Path,
                "",
                "\"reports/conformance_summary.json\"",
                "The conformance summary report (`{\"extensions\": [{\"extension\", \"passed\", \"total\"}]}`) the inclusion list's results must agree with (`extension-conformance-report-mismatch`); not checked when absent.",
            ),
            key(
                "scenario_conformance",
                Ty::Path,
                "",
                "\"reports/scenario_conformance.json\"",
                "The scenario conformance report (`{\"scenarios\": [{\"id\", \"extension\", \"status\"}]}`); not checked when absent.",
            ),
        ],
    ),
    section(
        "extensions.tiers.<tier>",
        "What an extension of a tier must meet.",
        &[
            key(
                "conformance",
                Ty::Percentage,
                "",
                "90",
                "Minimum conformance of its artifacts.",
            ),
            key("review", Ty::Bool, "false", "true", "A review is required."),
            key(
                "profile",
                Ty::String,
                "",
                "\"sandboxed\"",
                "The capability profile (`[extensions.profiles.<profile>]`) it may use.",
            ),
            key(
                "description",
                Ty::String,
                "",
                "\"Extensions shipped with the product\"",
                "Shown in reports.",
            ),
        ],
    ),
    section(
        "extensions.profiles.<profile>",
        "A set of capabilities an extension may use.",
        &[
            key(
                "capabilities",
                Ty::Strings,
                "[]",
                "[\"network\"]",
                "The capabilities.",
            ),
            key(
                "description",
                Ty::String,
                "",
                "\"May call the network\"",
                "Shown in reports.",
            ),
        ],
    ),
    section(
        "dependencies",
        "The dependency audit of `check --base`: new dependencies, advisories, licenses.",
        &[
            key(
                "audit",
                Ty::Bool,
                "true",
                "true",
                "Audit dependencies added or changed when a dependency file changes (seed 002: \"dependency additions must be audited\"); `false` turns it off.",
            ),
            key(
                "advisory_db",
                Ty::Path,
                "",
                "\"advisories\"",
                "A local OSV/RustSec advisory directory.",
            ),
            key(
                "licenses",
                Ty::Strings,
                "`[extensions] licenses`",
                "[\"MIT\", \"Apache-2.0\"]",
                "SPDX identifiers of the licenses allowed.",
            ),
        ],
    ),
    section(
        "governance",
        "Seed 000's governance as files: CODEOWNERS and generated documents, duties of a change.",
        &[
            key(
                "codeowners",
                Ty::Path,
                "\".github/CODEOWNERS\"",
                "\".github/CODEOWNERS\"",
                "Where `accord codeowners` writes; `\"\"` turns it off.",
            ),
            key(
                "codeowners_format",
                Ty::Enum(&["github", "gitlab"]),
                "\"github\"",
                "\"github\"",
                "The CODEOWNERS dialect.",
            ),
            key(
                "registry_table",
                Ty::Path,
                "",
                "\"docs/registry.md\"",
                "The generated registry table (`accord docs`).",
            ),
            key(
                "dependency_graph",
                Ty::Path,
                "",
                "\"docs/dependency-graph.md\"",
                "The generated Mermaid dependency graph.",
            ),
            key(
                "guides_dir",
                Ty::Path,
                "\"docs/expansion-packs/guides\"",
                "\"docs/guides\"",
                "Integration guides.",
            ),
            key(
                "proposals_dir",
                Ty::Path,
                "\"docs/expansion-packs/proposals\"",
                "\"docs/proposals\"",
                "Epic proposals.",
            ),
            key(
                "epics_dir",
                Ty::Path,
                "\"docs/expansion-packs/epics\"",
                "\"docs/epics\"",
                "Epic documents.",
            ),
            key(
                "integration_tests",
                Ty::Path,
                "\"tests/integration\"",
                "\"tests/integration\"",
                "Cross-pack integration tests.",
            ),
            key(
                "deprecation_notice_months",
                Ty::Integer,
                "3",
                "3",
                "Months of notice before a deprecated pack may be removed.",
            ),
        ],
    ),
    Section {
        array: true,
        ..section(
            "governance.duties",
            "`[[governance.duties]]`: files a kind of change must add or update (the seed's duties when absent).",
            &[
                required(
                    "when",
                    Ty::Enum(&[
                        "new_integration",
                        "contract_change",
                        "cross_pack",
                        "schema_change",
                        "pack_added",
                    ]),
                    "\"contract_change\"",
                    "The kind of change.",
                ),
                required(
                    "requires",
                    Ty::Glob,
                    "\"docs/guides/**\"",
                    "A glob of files the change must touch.",
                ),
                key(
                    "help",
                    Ty::String,
                    "",
                    "\"Update the integration guide\"",
                    "Shown with the finding.",
                ),
            ],
        )
    },
];

/// The keys of a contract file (YAML or JSON), under `contract:`.
pub const CONTRACT: &[Section] = &[
    Section {
        open: true,
        ..section(
            "contract",
            "A versioned promise from a provider pack to its consumers. One file per version, named `{provider}-{consumer}-v{version}.yaml`. Keys not listed are kept and ignored.",
            &[
                required(
                    "name",
                    Ty::String,
                    "\"MMOS → CreatorOS Voice Integration\"",
                    "The contract's identity, with provider and consumers; the file name carries the version.",
                ),
                required(
                    "version",
                    Ty::String,
                    "\"1.0.0\"",
                    "The semantic version of this file.",
                ),
                key(
                    "status",
                    Ty::Enum(&["draft", "experimental", "stable", "deprecated", "retired"]),
                    "",
                    "\"stable\"",
                    "Lifecycle state.",
                ),
                required(
                    "provider",
                    Ty::String,
                    "\"MMOS\"",
                    "The pack that keeps the promise (or `Database`).",
                ),
                Key {
                    aliases: &["consumers"],
                    ..key(
                        "consumer",
                        Ty::StringOrStrings,
                        "",
                        "[\"CreatorOS\"]",
                        "Required: the pack or packs relying on it.",
                    )
                },
                key(
                    "compatibility",
                    Ty::Enum(&[
                        "BACKWARD",
                        "FORWARD",
                        "FULL",
                        "NONE",
                        "BACKWARD_TRANSITIVE",
                        "FORWARD_TRANSITIVE",
                        "FULL_TRANSITIVE",
                    ]),
                    "\"BACKWARD\"",
                    "\"BACKWARD\"",
                    "How JSON Schema versions must stay compatible.",
                ),
                key(
                    "migration_plan",
                    Ty::String,
                    "",
                    "\"Consumers switch to v2 by 2026-03\"",
                    "How consumers migrate; required by BREAKING changes.",
                ),
                key(
                    "breaking_changes_history",
                    Ty::List,
                    "",
                    "",
                    "A list of `{ version, date, change }`, one per version (also under `versioning:`).",
                ),
                key(
                    "deprecation",
                    Ty::Table,
                    "",
                    "",
                    "`{ replaced_by, sunset, window }` of a deprecated contract.",
                ),
                key("interface", Ty::Table, "", "", "What is promised (below)."),
            ],
        )
    },
    Section {
        open: true,
        ..section(
            "contract.interface",
            "What the provider promises.",
            &[
                key(
                    "type",
                    Ty::Enum(&["file", "directory", "database", "code"]),
                    "\"file\"",
                    "\"file\"",
                    "The kind of interface.",
                ),
                key(
                    "format",
                    Ty::String,
                    "",
                    "\"Markdown file\"",
                    "Markdown, YAML or JSON, for conformance.",
                ),
                key(
                    "location",
                    Ty::String,
                    "",
                    "\"outputs/minds/{slug}/voice.md\"",
                    "Where the artifacts are; `{slug}` matches one path segment.",
                ),
                key(
                    "encoding",
                    Ty::String,
                    "",
                    "\"UTF-8\"",
                    "The artifacts' encoding.",
                ),
                key(
                    "required_sections",
                    Ty::List,
                    "",
                    "",
                    "Markdown headings every artifact has: `{ name, format, content, added_in }`.",
                ),
                key(
                    "optional_sections",
                    Ty::List,
                    "",
                    "",
                    "Headings an artifact may have.",
                ),
                key(
                    "required_fields",
                    Ty::List,
                    "",
                    "",
                    "YAML/JSON fields every artifact has: `{ name, description, type, added_in }`.",
                ),
                key(
                    "optional_fields",
                    Ty::List,
                    "",
                    "",
                    "Fields an artifact may have.",
                ),
                key(
                    "required_entries",
                    Ty::List,
                    "",
                    "[\"index.md\"]",
                    "Entries a `directory` interface holds.",
                ),
                key(
                    "schema",
                    Ty::Table,
                    "",
                    "",
                    "A JSON Schema, inline or `{ file: PATH }`.",
                ),
                key("examples", Ty::List, "", "", "Examples that must conform."),
                key(
                    "tables",
                    Ty::List,
                    "",
                    "",
                    "Database interface: tables and columns (with `privacy`) the consumer relies on.",
                ),
                key(
                    "foreign_keys",
                    Ty::List,
                    "",
                    "",
                    "Database interface: foreign keys relied on.",
                ),
                key(
                    "indexes",
                    Ty::List,
                    "",
                    "",
                    "Database interface: indexes relied on.",
                ),
                key(
                    "constraints",
                    Ty::List,
                    "",
                    "",
                    "Database interface: `unique`, `check`, `not_null`, `primary_key` constraints relied on.",
                ),
            ],
        )
    },
];

/// The keys of one entry of the approvals file (`[policy] approvals_file`).
pub const APPROVALS: &[Section] = &[section(
    "approvals.<fingerprint>",
    "One reviewed exception, keyed by the finding's 16-hex-digit fingerprint (shown by the human, Markdown, JSON and SARIF reports). `accord approve FINGERPRINT --justification … --approver …` writes it.",
    &[
        required(
            "justification",
            Ty::String,
            "\"CreatorOS migrates in the same release\"",
            "Why the exception is acceptable; recorded in the decision and the ledger.",
        ),
        required(
            "approver",
            Ty::String,
            "\"ana\"",
            "Who approves: a database owner for schema findings, an integration owner of the finding's contract (a code contract by its `name`), else an architect; architects may approve system-level changes.",
        ),
        required(
            "expires",
            Ty::Date,
            "\"2026-12-31\"",
            "The last day the approval counts.",
        ),
        key(
            "conditions",
            Ty::Strings,
            "[]",
            "[\"Announce the change in #expansion-packs\"]",
            "Conditions attached; each becomes a non-blocking required action.",
        ),
    ],
)];

/// Where the published schemas live; editors fetch them from there.
pub const SCHEMA_BASE_URL: &str = "https://example.invalid/accord/schemas";
/// File name of the manifest's schema, under `docs/schemas/` and [`SCHEMA_BASE_URL`].
pub const MANIFEST_SCHEMA_FILE: &str = "accord.toml.schema.json";
/// File name of the contract files' schema.
pub const CONTRACT_SCHEMA_FILE: &str = "contract.schema.json";

/// The first line of an `accord.toml` that Taplo (Even Better TOML) reads to validate and
/// complete the file against the published schema.
pub fn toml_schema_directive() -> String {
    format!("#:schema {SCHEMA_BASE_URL}/{MANIFEST_SCHEMA_FILE}")
}

/// The first line of a contract YAML file that yaml-language-server reads.
pub fn yaml_schema_directive() -> String {
    format!("# yaml-language-server: $schema={SCHEMA_BASE_URL}/{CONTRACT_SCHEMA_FILE}")
}

/// The JSON Schema of `sections` (a whole file), titled `title`; `open` when the file may
/// hold keys no section names.
pub fn schema(sections: &[Section], id: &str, title: &str, open: bool) -> Value {
    let mut root = json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": format!("{SCHEMA_BASE_URL}/{id}"),
        "title": title,
        "type": "object",
        "additionalProperties": open,
        "properties": {}
    });
    let concrete = sections.iter().flat_map(|s| {
        let paths: Vec<String> = if s.path.contains(CLASS) {
            ["safe", "risky", "breaking"]
                .iter()
                .map(|c| s.path.replace(CLASS, c))
                .collect()
        } else {
            vec![s.path.to_string()]
        };
        paths.into_iter().map(move |p| (p, s))
    });
    for (path, s) in concrete {
        let target = node(&mut root, &path, s.array);
        let table = if s.array {
            &mut target["items"]
        } else {
            target
        };
        table["description"] = json!(s.doc);
        table["type"] = json!("object");
        table["additionalProperties"] = json!(s.open);
        let required: Vec<&str> = s
            .keys
            .iter()
            .filter(|k| k.required)
            .map(|k| k.name)
            .collect();
        if !required.is_empty() {
            table["required"] = json!(required);
        }
        for k in s.keys {
            let mut schema = k.ty.schema();
            schema["description"] = json!(k.doc);
            if k.name.starts_with('<') {
                table["additionalProperties"] = schema;
                continue;
            }
            for name in std::iter::once(&k.name).chain(k.aliases) {
                // A table-valued key documented here may have a section of its own.
                if table["properties"][*name].is_object() && k.ty == Ty::Table {
                    continue;
                }
                table["properties"][*name] = schema.clone();
            }
        }
    }
    root
}

/// The schema node of the table at `path`, created as needed; `<name>` segments become
/// `additionalProperties`.
fn node<'v>(root: &'v mut Value, path: &str, array: bool) -> &'v mut Value {
    let segments: Vec<&str> = path.split('.').collect();
    let mut cur = root;
    for (i, seg) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        if seg.starts_with('<') {
            if !cur["additionalProperties"].is_object() {
                cur["additionalProperties"] = json!({ "type": "object", "properties": {} });
            }
            cur = &mut cur["additionalProperties"];
        } else {
            if cur.get("properties").is_none() {
                cur["properties"] = json!({});
            }
            let props = &mut cur["properties"];
            if !props[*seg].is_object() || props[*seg].get("anyOf").is_some() {
                props[*seg] = if last && array {
                    json!({ "type": "array", "items": { "type": "object", "properties": {} } })
                } else {
                    json!({ "type": "object", "properties": {} })
                };
            }
            cur = &mut props[*seg];
        }
    }
    cur
}

/// The names the example gives to the tables the user names.
const EXAMPLE_NAMES: &[(&str, &str)] = &[
    ("<pack>", "mmos"),
    ("<gate>", "latency"),
    ("<tier>", "official"),
    ("<profile>", "sandboxed"),
    ("<class>", "breaking"),
    ("<fingerprint>", "3f2a9c01d4e5b6a7"),
];

/// The example TOML of `sections`: every key with its example, keys that `excludes` another
/// left out unless `with` names them (then the key they exclude is left out instead).
pub fn example_toml(sections: &[Section], with: Option<&str>) -> String {
    let mut out = String::new();
    for s in sections {
        let header = EXAMPLE_NAMES
            .iter()
            .fold(s.path.to_string(), |p, (from, to)| p.replace(from, to));
        let mut lines = Vec::new();
        for k in s.keys.iter().filter(|k| !k.example.is_empty()) {
            let full = format!("{}.{}", s.path, k.name);
            let chosen = with == Some(full.as_str());
            if !k.excludes.is_empty() && !chosen {
                continue;
            }
            if let Some(w) = with
                && s.keys.iter().any(|o| {
                    !o.excludes.is_empty()
                        && w == format!("{}.{}", s.path, o.name)
                        && o.excludes == k.name
                })
            {
                continue;
            }
            let name = match k.name {
                "<contract>" => "\"mmos-creator-os\"",
                "<pipeline>" => "main",
                "<rule-id>" => "contract-removed",
                "<suite>" => "unit",
                other => other,
            };
            lines.push(format!("{name} = {}", k.example));
        }
        if s.array {
            out.push_str(&format!("[[{header}]]\n"));
        } else {
            out.push_str(&format!("[{header}]\n"));
        }
        for l in lines {
            out.push_str(&l);
            out.push('\n');
        }
        out.push('\n');
    }
    if sections.iter().any(|s| s.path.starts_with("packs.")) {
        // The pack the examples name besides `mmos`.
        out.push_str("[packs.creator-os]\n");
    }
    out
}

/// `accord.toml` text as the JSON its schema describes (what Taplo validates), or the
/// TOML syntax error.
pub fn toml_to_json(text: &str) -> Result<Value, String> {
    let root = toml_span::parse(text).map_err(|e| e.to_string())?;
    Ok(crate::manifest::raw_section(&root).value)
}

/// The reference page of `sections`.
pub fn markdown(title: &str, intro: &str, sections: &[Section], toml: bool) -> String {
    let mut out = format!(
        "# {title}\n\nGenerated by `cargo xtask codegen` from `crates/contract/src/reference.rs`; do not edit.\n\n{intro}\n"
    );
    for s in sections {
        let header = if !toml {
            format!("`{}`", s.path)
        } else if s.array {
            format!("`[[{}]]`", s.path)
        } else {
            format!("`[{}]`", s.path)
        };
        out.push_str(&format!("\n## {header}\n\n{}\n\n", s.doc));
        if s.open {
            out.push_str("Other keys are kept and ignored.\n\n");
        }
        out.push_str("| Key | Type | Default | Example | Description |\n|---|---|---|---|---|\n");
        for k in s.keys {
            let mut name = format!("`{}`", k.name);
            for a in k.aliases {
                name.push_str(&format!(" (or `{a}`)"));
            }
            let default = if k.required {
                "required".to_string()
            } else if k.default.is_empty() {
                "—".to_string()
            } else if k.default.starts_with(['"', '['])
                || k.default.parse::<f64>().is_ok()
                || k.default == "true"
                || k.default == "false"
            {
                format!("`{}`", k.default)
            } else {
                k.default.to_string()
            };
            let example = if k.example.is_empty() {
                "—".to_string()
            } else {
                format!("`{}`", k.example)
            };
            out.push_str(&format!(
                "| {name} | {} | {default} | {example} | {} |\n",
                k.ty.describe().replace('|', "\\|"),
                k.doc.replace('|', "\\|")
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_manifest_parses_and_the_schema_accepts_only_documented_keys() {
        let text = example_toml(MANIFEST, None);
        crate::parse_manifest("accord.toml", &text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        let schema = schema(MANIFEST, MANIFEST_SCHEMA_FILE, "accord.toml", false);
        assert_eq!(
            schema["properties"]["packs"]["additionalProperties"]["properties"]["code"]["properties"]
                ["language"]["enum"][0],
            "rust"
        );
        assert_eq!(
            schema["properties"]["governance"]["properties"]["duties"]["type"],
            "array"
        );
        assert_eq!(
            schema["properties"]["policy"]["properties"]["approvals"]["type"],
            "string"
        );
    }

    #[test]
    fn directives_name_the_published_schemas() {
        assert_eq!(
            toml_schema_directive(),
            "#:schema https://example.invalid/accord/schemas/accord.toml.schema.json"
        );
        assert!(yaml_schema_directive().ends_with("/contract.schema.json"));
    }
}
