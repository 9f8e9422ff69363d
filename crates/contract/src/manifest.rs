//! `accord.toml` → [`Manifest`], with every mistake reported as a [`Diagnostic`].
//!
//! The schema is closed (an unknown key is an error, with a "did you mean" when it looks
//! like a typo) but built to grow: the sections listed in [`RAW_SECTIONS`] belong to later
//! capabilities and are kept raw, with spans, for their owners to read.

use crate::diagnostic::{Diagnostic, did_you_mean, summarize};
use accord_model::Span;
use accord_model::manifest::{
    ContractsConfig, Limits, Manifest, Pack, Project, RawSection, Roles, normalize_pack_name,
};
use serde_json::Value as Json;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml_span::value::{Key, Table, ValueInner};

/// File name of the manifest.
pub const MANIFEST_FILE: &str = "accord.toml";

/// Top-level sections kept raw for the capability that owns them.
pub const RAW_SECTIONS: &[&str] = &[
    "database",
    "policy",
    "ledger",
    "gates",
    "changelog",
    "traceability",
    // Extension vetting and the dependency audit (accord-vet owns their schema).
    "extensions",
    "dependencies",
    // Governance documents, duties and lifecycle (accord-contract::governance).
    "governance",
];

/// Sections the product brief names that Accord does not read yet. Accepting them would
/// let a user believe a gate is enforced when nothing reads it, so they are refused.
const PLANNED_SECTIONS: &[(&str, &str)] = &[
    (
        "decisions",
        "decision records are configured by `decisions_dir` in [policy]",
    ),
    (
        "approvals",
        "approvals live in the file named by `approvals_file` in [policy] (default `approvals.toml`)",
    ),
];

const TOP_KEYS: &[&str] = &[
    "project",
    "packs",
    "roles",
    "contracts",
    "limits",
    "pipelines",
    "database",
    "policy",
    "ledger",
    "gates",
    "changelog",
    "traceability",
    "extensions",
    "dependencies",
    "governance",
];
const PROJECT_KEYS: &[&str] = &["name", "version", "version_follows_contracts"];
const PACK_KEYS: &[&str] = &[
    "paths",
    "tests",
    "maintainers",
    "tier",
    "owns_tables",
    "dba",
    "display_name",
    "aliases",
    "cleared_for",
    "code",
    "cli",
    "allow_imports",
    "stage",
    "lifecycle",
    "security",
];
/// Pack sub-tables owned by later capabilities (`security`: accord-engine's SecuritySentry;
/// `cli`: accord-surface's `cli_flags`).
const PACK_RAW_SECTIONS: &[&str] = &["code", "cli", "lifecycle", "security"];
const ROLES_KEYS: &[&str] = &["architects", "database_owners", "integration_owners"];
const CONTRACTS_KEYS: &[&str] = &["dir"];
const LIMITS_KEYS: &[&str] = &["max_file_size"];

/// `accord.toml` could not be understood. Holds every problem found, not just the first.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid manifest {path}: {}", summarize(.diagnostics))]
pub struct ManifestError {
    /// Path of the manifest as given to [`parse_manifest`].
    pub path: String,
    /// Every problem, in file order.
    pub diagnostics: Vec<Diagnostic>,
}

/// Walks up from `start` (a directory or a file inside one) to the nearest `accord.toml`.
pub fn find_manifest(start: &Path) -> Option<PathBuf> {
    let mut dir = if start.is_file() {
        start.parent()?
    } else {
        start
    };
    loop {
        let candidate = dir.join(MANIFEST_FILE);
        if candidate.is_file() {
            return Some(candidate);
        }
        dir = dir.parent()?;
    }
}

/// Parses the text of `accord.toml`. `path` is used in diagnostics and stored in
/// [`Manifest::path`].
///
/// ```
/// let m = accord_contract::parse_manifest("accord.toml", r#"
/// [project]
/// name = "demo"
/// [packs.creator-os]
/// display_name = "CreatorOS"
/// paths = ["packs/creator-os/**"]
/// "#).unwrap();
/// assert_eq!(m.packs[0].display_name, "CreatorOS");
/// assert!(m.pack("Creator OS").is_some());
///
/// let err = accord_contract::parse_manifest("accord.toml", "[packs.a]\npahts = []\n").unwrap_err();
/// assert_eq!(err.diagnostics[0].line, 2);
/// assert_eq!(err.diagnostics[0].help.as_deref(), Some("did you mean `paths`?"));
/// ```
pub fn parse_manifest(path: &str, text: &str) -> Result<Manifest, ManifestError> {
    let root = match toml_span::parse(text) {
        Ok(root) => root,
        Err(e) => {
            let mut d = Diagnostic::new(
                path,
                text,
                Span::new(e.span.start, e.span.end),
                format!("invalid TOML: {e}"),
                "here",
            );
            if let toml_span::ErrorKind::DuplicateKey { first, .. }
            | toml_span::ErrorKind::DuplicateTable { first, .. } = &e.kind
            {
                let (line, col) = Span::new(first.start, first.end).line_col(text);
                d = d.with_help(format!("first defined at line {line}, column {col}"));
            }
            return Err(ManifestError {
                path: path.to_string(),
                diagnostics: vec![d],
            });
        }
    };
    let mut cx = Cx {
        path,
        text,
        diags: Vec::new(),
        allowed_imports: Vec::new(),
    };
    let mut manifest = Manifest {
        path: path.to_string(),
        ..Manifest::default()
    };
    let mut pipeline_spans: Vec<(String, Span)> = Vec::new();
    if let Some(table) = cx.table(&root, "the manifest") {
        for (key, value) in ordered(table) {
            match key.name.as_ref() {
                "project" => manifest.project = cx.project(value),
                "packs" => manifest.packs = cx.packs(value),
                "roles" => manifest.roles = cx.roles(value),
                "contracts" => manifest.contracts = cx.contracts(value),
                "limits" => manifest.limits = cx.limits(value),
                "pipelines" => {
                    if let Some(t) = cx.table(value, "[pipelines]") {
                        for (name, stages) in ordered(t) {
                            let list = cx.strings_spanned(stages, "a pipeline");
                            pipeline_spans.extend(list.iter().cloned());
                            manifest.pipelines.insert(
                                name.name.to_string(),
                                list.into_iter().map(|(s, _)| s).collect(),
                            );
                        }
                    }
                }
                name if RAW_SECTIONS.contains(&name) => {
                    if cx.table(value, &format!("[{name}]")).is_some() {
                        manifest
                            .sections
                            .insert(name.to_string(), raw_section(value));
                    }
                }
                name if PLANNED_SECTIONS.iter().any(|(n, _)| *n == name) => {
                    let help = PLANNED_SECTIONS
                        .iter()
                        .find(|(n, _)| *n == name)
                        .map(|(_, help)| help.to_string());
                    cx.err(
                        span(key.span),
                        format!("`[{name}]` is not read by this version of Accord"),
                        "not supported",
                        help,
                    );
                }
                _ => cx.unknown(key, "at the top level of accord.toml", TOP_KEYS),
            }
        }
    }
    cx.check_duplicate_packs(&manifest.packs, &root);
    manifest.index_packs();
    for (name, span) in std::mem::take(&mut cx.allowed_imports) {
        if manifest.pack(&name).is_none() {
            cx.err(
                span,
                format!("`allow_imports` names `{name}`, which is not a declared pack"),
                "unknown pack",
                Some(known_packs_help(&manifest.packs)),
            );
        }
    }
    for (stage, span) in pipeline_spans {
        let is_stage = |p: &Pack| {
            p.stage
                .as_deref()
                .is_some_and(|s| accord_model::manifest::same_pack_name(s, &stage))
        };
        if manifest.pack(&stage).is_none() && !manifest.packs.iter().any(is_stage) {
            cx.err(
                span,
                format!("pipeline stage `{stage}` is not a declared pack nor any pack's `stage`"),
                "unknown pack",
                Some(known_packs_help(&manifest.packs)),
            );
        }
    }
    if cx.diags.is_empty() {
        Ok(manifest)
    } else {
        cx.diags.sort_by_key(|d| (d.span.start, d.span.end));
        Err(ManifestError {
            path: path.to_string(),
            diagnostics: cx.diags,
        })
    }
}

fn known_packs_help(packs: &[Pack]) -> String {
    if packs.is_empty() {
        "declare it under [packs.NAME]".to_string()
    } else {
        let names: Vec<&str> = packs.iter().map(|p| p.name.as_str()).collect();
        format!(
            "declared packs: {}; or declare it under [packs.NAME]",
            names.join(", ")
        )
    }
}

/// Table entries in file order (toml-span keeps tables sorted by key).
fn ordered<'a, 'de>(table: &'a Table<'de>) -> Vec<(&'a Key<'de>, &'a toml_span::Value<'de>)> {
    let mut entries: Vec<_> = table.iter().collect();
    entries.sort_by_key(|(k, _)| k.span.start);
    entries
}

fn span(s: toml_span::Span) -> Span {
    Span::new(s.start, s.end)
}

/// A TOML value as JSON, with the span of every node keyed by JSON pointer relative to it.
pub fn raw_section(value: &toml_span::Value<'_>) -> RawSection {
    let mut spans = BTreeMap::new();
    let value = to_json(value, String::new(), &mut spans);
    RawSection { value, spans }
}

fn to_json(
    value: &toml_span::Value<'_>,
    pointer: String,
    spans: &mut BTreeMap<String, Span>,
) -> Json {
    spans.insert(pointer.clone(), span(value.span));
    match value.as_ref() {
        ValueInner::String(s) => Json::String(s.to_string()),
        ValueInner::Integer(i) => Json::Number((*i).into()),
        ValueInner::Float(f) => serde_json::Number::from_f64(*f)
            .map_or_else(|| Json::String(f.to_string()), Json::Number),
        ValueInner::Boolean(b) => Json::Bool(*b),
        ValueInner::Array(items) => Json::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, v)| to_json(v, format!("{pointer}/{i}"), spans))
                .collect(),
        ),
        ValueInner::Table(t) => {
            let mut map = serde_json::Map::new();
            for (k, v) in ordered(t) {
                let p = format!("{pointer}/{}", crate::doc::escape_token(&k.name));
                map.insert(k.name.to_string(), to_json(v, p, spans));
            }
            Json::Object(map)
        }
    }
}

struct Cx<'a> {
    path: &'a str,
    text: &'a str,
    diags: Vec<Diagnostic>,
    /// `allow_imports` entries with their spans, checked once every pack is known.
    allowed_imports: Vec<(String, Span)>,
}

impl Cx<'_> {
    fn err(&mut self, span: Span, message: String, label: &str, help: Option<String>) {
        let mut d = Diagnostic::new(self.path, self.text, span, message, label);
        d.help = help;
        self.diags.push(d);
    }

    fn wrong_type(&mut self, value: &toml_span::Value<'_>, expected: &str, what: &str) {
        self.err(
            span(value.span),
            format!(
                "{what} must be {expected}, found {} {}",
                article(value.as_ref().type_str()),
                value.as_ref().type_str()
            ),
            &format!("expected {expected}"),
            None,
        );
    }

    fn unknown(&mut self, key: &Key<'_>, place: &str, expected: &[&str]) {
        let help = match did_you_mean(&key.name, expected) {
            Some(guess) => format!("did you mean `{guess}`?"),
            None => format!("expected one of: {}", expected.join(", ")),
        };
        self.err(
            span(key.span),
            format!("unknown key `{}` {place}", key.name),
            "unknown key",
            Some(help),
        );
    }

    fn table<'v, 'de>(
        &mut self,
        value: &'v toml_span::Value<'de>,
        what: &str,
    ) -> Option<&'v Table<'de>> {
        match value.as_ref() {
            ValueInner::Table(t) => Some(t),
            _ => {
                self.wrong_type(value, "a table", what);
                None
            }
        }
    }

    fn string(&mut self, value: &toml_span::Value<'_>, what: &str) -> Option<String> {
        match value.as_ref() {
            ValueInner::String(s) => Some(s.to_string()),
            _ => {
                self.wrong_type(value, "a string", what);
                None
            }
        }
    }

    fn boolean(&mut self, value: &toml_span::Value<'_>, what: &str) -> bool {
        match value.as_ref() {
            ValueInner::Boolean(b) => *b,
            _ => {
                self.wrong_type(value, "true or false", what);
                false
            }
        }
    }

    fn strings_spanned(&mut self, value: &toml_span::Value<'_>, what: &str) -> Vec<(String, Span)> {
        match value.as_ref() {
            ValueInner::Array(items) => items
                .iter()
                .filter_map(|item| {
                    let s = self.string(item, &format!("each item of {what}"))?;
                    Some((s, span(item.span)))
                })
                .collect(),
            _ => {
                self.wrong_type(value, "a list of strings", what);
                Vec::new()
            }
        }
    }

    fn strings(&mut self, value: &toml_span::Value<'_>, what: &str) -> Vec<String> {
        self.strings_spanned(value, what)
            .into_iter()
            .map(|(s, _)| s)
            .collect()
    }

    fn project(&mut self, value: &toml_span::Value<'_>) -> Project {
        let mut project = Project::default();
        let Some(t) = self.table(value, "[project]") else {
            return project;
        };
        for (key, v) in ordered(t) {
            match key.name.as_ref() {
                "name" => project.name = self.string(v, "`project.name`").unwrap_or_default(),
                "version" => {
                    if let Some(version) = self.string(v, "`project.version`") {
                        if semver::Version::parse(&version).is_err() {
                            self.err(
                                span(v.span),
                                format!("project version `{version}` is not a semantic version"),
                                "not MAJOR.MINOR.PATCH",
                                Some("write it as MAJOR.MINOR.PATCH, e.g. \"2.0.0\"".to_string()),
                            );
                        }
                        project.version = Some(version);
                    }
                }
                "version_follows_contracts" => {
                    project.version_follows_contracts =
                        self.boolean(v, "`project.version_follows_contracts`");
                }
                _ => self.unknown(key, "in [project]", PROJECT_KEYS),
            }
        }
        project
    }

    fn globs(&mut self, value: &toml_span::Value<'_>, what: &str) -> Vec<String> {
        let list = self.strings_spanned(value, what);
        for (glob, s) in &list {
            if let Err(e) = globset::Glob::new(glob) {
                self.err(
                    *s,
                    format!("invalid glob `{glob}`: {}", e.kind()),
                    "invalid glob",
                    Some("globs use `*`, `**`, `?`, `[abc]` and `{a,b}`".to_string()),
                );
            } else if glob.starts_with('/') || glob.split('/').any(|part| part == "..") {
                self.err(
                    *s,
                    format!("glob `{glob}` leaves the repository"),
                    "must be relative to the repository root",
                    Some(
                        "write paths relative to the directory of accord.toml, without `..`"
                            .to_string(),
                    ),
                );
            }
        }
        list.into_iter().map(|(s, _)| s).collect()
    }

    fn packs(&mut self, value: &toml_span::Value<'_>) -> Vec<Pack> {
        let mut packs = Vec::new();
        let Some(t) = self.table(value, "[packs]") else {
            return packs;
        };
        for (key, v) in ordered(t) {
            let what = format!("[packs.{}]", key.name);
            let mut pack = Pack {
                name: key.name.to_string(),
                display_name: key.name.to_string(),
                span: span(key.span),
                ..Pack::default()
            };
            if let Some(pt) = self.table(v, &what) {
                for (k, fv) in ordered(pt) {
                    let field = format!("`{}` of {what}", k.name);
                    match k.name.as_ref() {
                        "paths" => pack.paths = self.globs(fv, &field),
                        "tests" => pack.tests = self.globs(fv, &field),
                        "maintainers" => pack.maintainers = self.strings(fv, &field),
                        "owns_tables" => pack.owns_tables = self.strings(fv, &field),
                        "aliases" => pack.aliases = self.strings(fv, &field),
                        "cleared_for" => pack.cleared_for = self.strings(fv, &field),
                        "tier" => pack.tier = self.string(fv, &field),
                        "allow_imports" => {
                            let list = self.strings_spanned(fv, &field);
                            pack.allow_imports = list.iter().map(|(s, _)| s.clone()).collect();
                            self.allowed_imports.extend(list);
                        }
                        "stage" => pack.stage = self.string(fv, &field),
                        "display_name" => {
                            if let Some(d) = self.string(fv, &field) {
                                pack.display_name = d;
                            }
                        }
                        "dba" => pack.dba = self.boolean(fv, &field),
                        name if PACK_RAW_SECTIONS.contains(&name) => {
                            if self.table(fv, &field).is_some() {
                                pack.sections.insert(name.to_string(), raw_section(fv));
                            }
                        }
                        _ => self.unknown(k, &format!("in {what}"), PACK_KEYS),
                    }
                }
            }
            packs.push(pack);
        }
        packs
    }

    /// Two packs answering to one name would make every contract naming it ambiguous.
    fn check_duplicate_packs(&mut self, packs: &[Pack], root: &toml_span::Value<'_>) {
        // (normalized name, owning pack index, span of the text that produced it, as written)
        let mut seen: Vec<(String, usize, Span, String)> = Vec::new();
        for (i, pack) in packs.iter().enumerate() {
            let base = format!("/packs/{}", pack.name);
            let mut names: Vec<(String, Span)> = vec![(pack.name.clone(), pack.span)];
            if pack.display_name != pack.name {
                let s = root
                    .pointer(&format!("{base}/display_name"))
                    .map_or(pack.span, |v| span(v.span));
                names.push((pack.display_name.clone(), s));
            }
            for (j, alias) in pack.aliases.iter().enumerate() {
                let s = root
                    .pointer(&format!("{base}/aliases/{j}"))
                    .map_or(pack.span, |v| span(v.span));
                names.push((alias.clone(), s));
            }
            for (name, s) in names {
                let norm = normalize_pack_name(&name);
                if norm.is_empty() {
                    self.err(
                        s,
                        format!("pack name `{name}` has no letters or digits"),
                        "empty once normalized",
                        Some("pack names are compared ignoring case and punctuation".to_string()),
                    );
                    continue;
                }
                if let Some((_, other, first, first_text)) = seen
                    .iter()
                    .find(|(n, other, _, _)| *n == norm && *other != i)
                {
                    let (line, col) = first.line_col(self.text);
                    let other_name = packs.get(*other).map_or("", |p| p.name.as_str());
                    self.err(
                        s,
                        format!(
                            "duplicate pack: `{name}` in [packs.{}] names the same pack as `{first_text}` in [packs.{other_name}]",
                            pack.name
                        ),
                        "duplicate pack name",
                        Some(format!(
                            "names are compared ignoring case and punctuation; `{first_text}` is at line {line}, column {col}"
                        )),
                    );
                } else {
                    seen.push((norm, i, s, name));
                }
            }
        }
    }

    fn roles(&mut self, value: &toml_span::Value<'_>) -> Roles {
        let mut roles = Roles::default();
        let Some(t) = self.table(value, "[roles]") else {
            return roles;
        };
        for (key, v) in ordered(t) {
            match key.name.as_ref() {
                "architects" => roles.architects = self.strings(v, "`roles.architects`"),
                "database_owners" => {
                    roles.database_owners = self.strings(v, "`roles.database_owners`")
                }
                "integration_owners" => {
                    if let Some(io) = self.table(v, "[roles.integration_owners]") {
                        for (k, people) in ordered(io) {
                            let list = self
                                .strings(people, &format!("integration owners of `{}`", k.name));
                            roles.integration_owners.insert(k.name.to_string(), list);
                        }
                    }
                }
                _ => self.unknown(key, "in [roles]", ROLES_KEYS),
            }
        }
        roles
    }

    fn contracts(&mut self, value: &toml_span::Value<'_>) -> ContractsConfig {
        let mut config = ContractsConfig::default();
        let Some(t) = self.table(value, "[contracts]") else {
            return config;
        };
        for (key, v) in ordered(t) {
            match key.name.as_ref() {
                "dir" => {
                    if let Some(dir) = self.string(v, "`contracts.dir`") {
                        if dir.starts_with('/') || dir.split(['/', '\\']).any(|p| p == "..") {
                            self.err(
                                span(v.span),
                                format!("contracts dir `{dir}` leaves the repository"),
                                "must be inside the repository",
                                Some(
                                    "give a path relative to the directory of accord.toml"
                                        .to_string(),
                                ),
                            );
                        }
                        config.dir = dir.trim_end_matches('/').to_string();
                        if config.dir.is_empty() {
                            config.dir = ".".to_string();
                        }
                        config.dir_span = Some(span(v.span));
                    }
                }
                _ => self.unknown(key, "in [contracts]", CONTRACTS_KEYS),
            }
        }
        config
    }

    fn limits(&mut self, value: &toml_span::Value<'_>) -> Limits {
        let mut limits = Limits::default();
        let Some(t) = self.table(value, "[limits]") else {
            return limits;
        };
        for (key, v) in ordered(t) {
            match key.name.as_ref() {
                "max_file_size" => match v.as_ref() {
                    ValueInner::Integer(i) if *i >= 0 => limits.max_file_size = *i as u64,
                    ValueInner::String(s) => match parse_size(s) {
                        Some(n) => limits.max_file_size = n,
                        None => self.err(
                            span(v.span),
                            format!("`{s}` is not a size"),
                            "expected a size",
                            Some(
                                "write a number of bytes or e.g. \"64MiB\", \"500 KB\", \"1G\""
                                    .to_string(),
                            ),
                        ),
                    },
                    _ => self.wrong_type(
                        v,
                        "a number of bytes or a size such as \"64MiB\"",
                        "`limits.max_file_size`",
                    ),
                },
                _ => self.unknown(key, "in [limits]", LIMITS_KEYS),
            }
        }
        limits
    }
}

fn article(type_str: &str) -> &'static str {
    if type_str.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

/// Parses `123`, `64MiB`, `500 KB`, `1G` (binary for `Ki/Mi/Gi/Ti` and single letters,
/// decimal for `KB/MB/GB/TB`).
pub fn parse_size(text: &str) -> Option<u64> {
    let t = text.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (digits, unit) = t.split_at(split);
    let n: u64 = digits.parse().ok()?;
    let mult: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kib" => 1 << 10,
        "m" | "mib" => 1 << 20,
        "g" | "gib" => 1 << 30,
        "t" | "tib" => 1 << 40,
        "kb" => 1_000,
        "mb" => 1_000_000,
        "gb" => 1_000_000_000,
        "tb" => 1_000_000_000_000,
        _ => return None,
    };
    n.checked_mul(mult)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
[project]
name = "demo"
version = "1.2.3"
version_follows_contracts = true

[packs.zeta]
paths = ["zeta/**"]
tests = ["zeta/tests/**"]
maintainers = ["ana"]
tier = "core"
owns_tables = ["minds"]
cleared_for = ["SENSITIVE"]
aliases = ["Z Pack"]

[packs.alpha]
display_name = "Alpha"
dba = true
[packs.alpha.code]
entry = "src/lib.rs"

[roles]
architects = ["ana"]
database_owners = ["bo"]
[roles.integration_owners]
"zeta-alpha" = ["ana", "bo"]

[contracts]
dir = "docs/contracts/"

[limits]
max_file_size = "1MiB"

[pipelines]
main = ["zeta", "Alpha"]

[policy]
fail_on = "BREAKING"
[policy.overrides]
x = [1, 2.5, true]
"#;

    #[test]
    fn parses_every_section() {
        let m = parse_manifest("accord.toml", GOOD).unwrap();
        assert_eq!(m.project.name, "demo");
        assert_eq!(m.project.version.as_deref(), Some("1.2.3"));
        assert!(m.project.version_follows_contracts);
        let names: Vec<&str> = m.packs.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["zeta", "alpha"], "packs keep file order");
        assert_eq!(m.packs[0].aliases, ["Z Pack"]);
        assert_eq!(m.packs[0].cleared_for, ["SENSITIVE"]);
        assert!(m.packs[1].dba);
        assert_eq!(m.packs[1].sections["code"].value["entry"], "src/lib.rs");
        assert_eq!(m.roles.integration_owners["zeta-alpha"], ["ana", "bo"]);
        assert_eq!(m.contracts.dir, "docs/contracts");
        let ds = m.contracts.dir_span.unwrap();
        assert_eq!(&GOOD[ds.start..ds.end], "docs/contracts/");
        assert_eq!(m.limits.max_file_size, 1 << 20);
        assert_eq!(m.pipelines["main"], ["zeta", "Alpha"]);
        let policy = &m.sections["policy"];
        assert_eq!(policy.value["overrides"]["x"][1], 2.5);
        let s = policy.span_of("/overrides/x/2");
        assert_eq!(&GOOD[s.start..s.end], "true");
        let s = m.packs[0].span;
        assert_eq!(&GOOD[s.start..s.end], "zeta");
    }

    #[test]
    fn empty_manifest_takes_defaults() {
        let m = parse_manifest("accord.toml", "").unwrap();
        assert_eq!(m.contracts.dir, "contracts");
        assert_eq!(m.limits.max_file_size, 64 << 20);
    }

    fn errors(text: &str) -> Vec<Diagnostic> {
        parse_manifest("accord.toml", text).unwrap_err().diagnostics
    }

    #[test]
    fn unknown_keys_everywhere_are_all_reported() {
        let d = errors(
            "[project]\nnmae = 'x'\n[packs.a]\npahts = []\n[bogus]\n[roles]\narchitect = []\n",
        );
        let lines: Vec<(u32, u32)> = d.iter().map(|d| (d.line, d.column)).collect();
        assert_eq!(lines, [(2, 1), (4, 1), (5, 2), (7, 1)]);
        assert_eq!(d[0].help.as_deref(), Some("did you mean `name`?"));
        assert_eq!(d[3].help.as_deref(), Some("did you mean `architects`?"));
        assert!(d[2].message.contains("unknown key `bogus`"));
    }

    #[test]
    fn sections_nothing_reads_are_refused_with_their_span() {
        let d = errors("[project]\nname = 'x'\n\n[approvals]\n[decisions]\n");
        let found: Vec<(u32, &str)> = d.iter().map(|d| (d.line, d.message.as_str())).collect();
        assert_eq!(
            found,
            [
                (4, "`[approvals]` is not read by this version of Accord"),
                (5, "`[decisions]` is not read by this version of Accord"),
            ]
        );
        assert!(d[0].help.as_deref().unwrap().contains("approvals_file"));
    }

    #[test]
    fn wrong_types_are_reported_at_the_value() {
        let d = errors("[packs.a]\npaths = \"a/**\"\ndba = \"yes\"\n");
        assert_eq!(d.len(), 2);
        assert_eq!((d[0].line, d[0].column), (2, 10));
        assert!(
            d[0].message
                .contains("must be a list of strings, found a string"),
            "{}",
            d[0]
        );
        assert!(d[1].message.contains("true or false"));
    }

    #[test]
    fn duplicate_packs_by_normalized_name_alias_or_display_name() {
        let d = errors("[packs.creator-os]\n[packs.CreatorOS]\n");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].line, 2);
        assert!(d[0].message.contains("duplicate pack"), "{}", d[0]);
        let d = errors(
            "[packs.etl]\naliases = [\"ETL Data Collector\"]\n[packs.collector]\ndisplay_name = \"etl-data-collector\"\n",
        );
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].line, 4);
    }

    #[test]
    fn bad_globs_and_escaping_paths() {
        let d = errors("[packs.a]\npaths = [\"a/[b\", \"../x/**\", \"ok/**\"]\n");
        assert_eq!(d.len(), 2);
        assert!(d[0].message.contains("invalid glob `a/[b`"));
        assert!(d[1].message.contains("leaves the repository"));
        let d = errors("[contracts]\ndir = \"../elsewhere\"\n");
        assert!(d[0].message.contains("leaves the repository"));
    }

    #[test]
    fn pipeline_stage_must_be_a_pack() {
        let d = errors("[packs.a]\n[pipelines]\nmain = [\"a\", \"b\"]\n");
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("`b` is not a declared pack"));
    }

    #[test]
    fn allow_imports_must_name_packs_and_a_stage_may_stand_for_its_packs() {
        let d = errors("[packs.a]\nallow_imports = [\"kernel\"]\n");
        assert_eq!(d.len(), 1);
        assert!(
            d[0].message
                .contains("`kernel`, which is not a declared pack")
        );
        assert_eq!(d[0].line, 2);
        let m = parse_manifest(
            "accord.toml",
            "[packs.a]\nstage = \"ETL\"\nallow_imports = [\"b\"]\n[packs.b]\n[pipelines]\nmain = [\"ETL\", \"b\"]\n",
        )
        .expect("a stage name is a pipeline stage");
        assert_eq!(m.packs[0].stage.as_deref(), Some("ETL"));
        assert_eq!(m.packs[0].allow_imports, ["b"]);
    }

    #[test]
    fn toml_syntax_error_has_position() {
        let d = errors("[project]\nname = \n");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].line, 2);
        assert!(d[0].message.starts_with("invalid TOML"));
        let d = errors("a = 1\na = 2\n");
        assert!(d[0].help.as_deref().unwrap_or("").contains("line 1"));
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_size("64MiB"), Some(64 << 20));
        assert_eq!(parse_size("500 KB"), Some(500_000));
        assert_eq!(parse_size("12"), Some(12));
        assert_eq!(parse_size("12 parsecs"), None);
        assert_eq!(parse_size("99999999999999999999T"), None);
        let d = errors("[limits]\nmax_file_size = \"huge\"\n");
        assert_eq!(d[0].line, 2);
    }

    #[test]
    fn find_manifest_walks_up() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(MANIFEST_FILE), "").unwrap();
        let deep = dir.path().join("a/b");
        std::fs::create_dir_all(&deep).unwrap();
        assert_eq!(find_manifest(&deep), Some(dir.path().join(MANIFEST_FILE)));
    }
}
