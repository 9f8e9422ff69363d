//! The extension inclusion list (seed 002: `docs/extension-inclusion-list.json`): each
//! extension's tier, provenance, license, capabilities and conformance result.
//!
//! ```json
//! { "extensions": [ {
//!     "name": "git-status", "tier": "official", "license": "MIT", "reviewed": true,
//!     "provenance": { "git": "https://example.invalid/git-status", "rev": "<40 hex>" },
//!     "capabilities": ["read", "ui"], "conformance": { "passed": 12, "total": 12 } } ] }
//! ```
//!
//! `provenance` is `{ "git": URL, "rev": COMMIT }` or `{ "npm" | "pypi" | "crates": NAME,
//! "version": VERSION }`; `conformance` is `{ "passed", "total" }` or a percentage. The
//! schema is closed: an unknown key, a tier `accord.toml` does not declare or a value of the
//! wrong type is an error naming the file, line and column.

use crate::VetError;
use crate::config::ExtensionsConfig;
use accord_contract::doc::{Document, escape_token};
use accord_contract::{Diagnostic, did_you_mean};
use accord_model::{Location, Span};
use serde_json::Value;

const ENTRY_KEYS: &[&str] = &[
    "name",
    "tier",
    "provenance",
    "license",
    "capabilities",
    "conformance",
    "reviewed",
    "path",
    "description",
];
/// The registries whose exact versions pin an extension.
pub const REGISTRIES: &[&str] = &["npm", "pypi", "crates"];

/// Where an extension comes from, as listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Provenance {
    /// A git repository at a revision.
    Git {
        /// Repository URL.
        url: String,
        /// Commit, branch or tag as written.
        rev: String,
    },
    /// A package registry at a version.
    Registry {
        /// `npm`, `pypi` or `crates`.
        registry: String,
        /// Package name.
        package: String,
        /// Version or range as written.
        version: String,
    },
}

/// One listed extension.
#[derive(Debug, Clone, PartialEq)]
pub struct Extension {
    /// Unique name.
    pub name: String,
    /// Tier (declared in `accord.toml`).
    pub tier: String,
    /// Where it comes from; `None` when not listed.
    pub provenance: Option<Provenance>,
    /// SPDX expression as written; `None` when not listed.
    pub license: Option<String>,
    /// Capabilities it declares.
    pub capabilities: Vec<String>,
    /// Conformance pass rate in percent; `None` when no result is listed.
    pub conformance: Option<f64>,
    /// Whether the extension passed review.
    pub reviewed: bool,
    /// Directory of its sources (default: `<extensions.dir>/<name>`).
    pub path: String,
    /// JSON pointer of its entry in the list.
    pub pointer: String,
}

/// The parsed list, with its text for locations.
#[derive(Debug, Clone)]
pub struct InclusionList {
    /// Repository path of the file.
    pub path: String,
    /// Its text.
    pub text: String,
    /// Its values and spans.
    pub doc: Document,
    /// The extensions, in file order.
    pub extensions: Vec<Extension>,
}

impl InclusionList {
    /// Location of the node at `pointer`.
    pub fn loc(&self, pointer: &str) -> Location {
        Location::from_span(&self.path, &self.text, self.doc.span_of(pointer))
    }
}

struct Cx<'a> {
    path: &'a str,
    text: &'a str,
    doc: &'a Document,
    diags: Vec<Diagnostic>,
}

impl Cx<'_> {
    fn err(&mut self, span: Span, message: String, label: &str, help: Option<String>) {
        let mut d = Diagnostic::new(self.path, self.text, span, message, label);
        d.help = help;
        self.diags.push(d);
    }

    fn at(&mut self, pointer: &str, message: String, label: &str, help: Option<String>) {
        let span = self.doc.span_of(pointer);
        self.err(span, message, label, help);
    }

    fn string(&mut self, pointer: &str, v: &Value, what: &str) -> Option<String> {
        match v {
            Value::String(s) => Some(s.clone()),
            _ => {
                self.at(
                    pointer,
                    format!("{what} must be a string"),
                    "expected a string",
                    None,
                );
                None
            }
        }
    }
}

/// Parses the inclusion list at `path` (its text `text`) against the tiers of `config`.
pub fn parse(path: &str, text: &str, config: &ExtensionsConfig) -> Result<InclusionList, VetError> {
    let doc = accord_contract::doc::parse_json(text).map_err(|e| {
        VetError::input(
            Diagnostic::new(
                path,
                text,
                e.span(),
                format!("invalid JSON: {}", e.message),
                "here",
            )
            .with_help("the inclusion list is a JSON object with an `extensions` array"),
        )
    })?;
    let mut cx = Cx {
        path,
        text,
        doc: &doc,
        diags: Vec::new(),
    };
    let mut extensions = Vec::new();
    let items = match &doc.value {
        Value::Object(map) => {
            for key in map.keys().filter(|k| *k != "extensions" && *k != "$schema") {
                let p = format!("/{}", escape_token(key));
                let span = doc.key_span_of(&p);
                cx.err(
                    span,
                    format!("unknown key `{key}` at the top of the inclusion list"),
                    "unknown key",
                    Some("expected `extensions`".to_string()),
                );
            }
            match map.get("extensions") {
                Some(Value::Array(items)) => items.as_slice(),
                Some(_) => {
                    cx.at(
                        "/extensions",
                        "`extensions` must be an array".to_string(),
                        "expected an array",
                        None,
                    );
                    &[]
                }
                None => {
                    cx.at(
                        "",
                        "the inclusion list has no `extensions` array".to_string(),
                        "missing `extensions`",
                        None,
                    );
                    &[]
                }
            }
        }
        _ => {
            cx.at(
                "",
                "the inclusion list must be a JSON object".to_string(),
                "expected an object",
                None,
            );
            &[]
        }
    };
    let tiers: Vec<&str> = config.tiers.iter().map(|t| t.name.as_str()).collect();
    let mut seen: Vec<(String, Span)> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let pointer = format!("/extensions/{i}");
        if let Some(ext) = entry(&mut cx, &pointer, item, config, &tiers) {
            let span = doc.span_of(&format!("{pointer}/name"));
            if let Some((_, first)) = seen.iter().find(|(n, _)| *n == ext.name) {
                let (line, col) = first.line_col(text);
                cx.err(
                    span,
                    format!("extension `{}` is listed twice", ext.name),
                    "duplicate",
                    Some(format!("first listed at line {line}, column {col}")),
                );
            } else {
                seen.push((ext.name.clone(), span));
            }
            extensions.push(ext);
        }
    }
    if !cx.diags.is_empty() {
        let diags = cx.diags;
        return Err(VetError::Input(Box::new(
            diags.into_iter().next().expect("non-empty"),
        )));
    }
    Ok(InclusionList {
        path: path.to_string(),
        text: text.to_string(),
        doc,
        extensions,
    })
}

fn entry(
    cx: &mut Cx<'_>,
    pointer: &str,
    item: &Value,
    config: &ExtensionsConfig,
    tiers: &[&str],
) -> Option<Extension> {
    let Value::Object(map) = item else {
        cx.at(
            pointer,
            "each extension must be a JSON object".to_string(),
            "expected an object",
            None,
        );
        return None;
    };
    let mut ext = Extension {
        name: String::new(),
        tier: String::new(),
        provenance: None,
        license: None,
        capabilities: Vec::new(),
        conformance: None,
        reviewed: false,
        path: String::new(),
        pointer: pointer.to_string(),
    };
    for (key, v) in map {
        let p = format!("{pointer}/{}", escape_token(key));
        match key.as_str() {
            "name" => ext.name = cx.string(&p, v, "`name`").unwrap_or_default(),
            "tier" => {
                let Some(tier) = cx.string(&p, v, "`tier`") else {
                    continue;
                };
                if !tiers.contains(&tier.as_str()) {
                    let help = match did_you_mean(&tier, tiers) {
                        Some(g) => format!("did you mean `{g}`?"),
                        None => format!(
                            "tiers declared in accord.toml: {}; declare it under [extensions.tiers.{tier}]",
                            tiers.join(", ")
                        ),
                    };
                    cx.at(
                        &p,
                        format!("unknown tier `{tier}`"),
                        "not a declared tier",
                        Some(help),
                    );
                }
                ext.tier = tier;
            }
            "license" => ext.license = cx.string(&p, v, "`license`"),
            "description" => {
                cx.string(&p, v, "`description`");
            }
            "path" => {
                if let Some(path) = cx.string(&p, v, "`path`") {
                    if path.starts_with('/') || path.split(['/', '\\']).any(|s| s == "..") {
                        cx.at(
                            &p,
                            format!("extension path `{path}` leaves the repository"),
                            "must be inside the repository",
                            None,
                        );
                    }
                    ext.path = path.trim_end_matches('/').to_string();
                }
            }
            "reviewed" => match v {
                Value::Bool(b) => ext.reviewed = *b,
                _ => cx.at(
                    &p,
                    "`reviewed` must be true or false".to_string(),
                    "expected a boolean",
                    None,
                ),
            },
            "capabilities" => match v {
                Value::Array(items) => {
                    for (j, c) in items.iter().enumerate() {
                        if let Some(s) = cx.string(&format!("{p}/{j}"), c, "a capability") {
                            ext.capabilities.push(s);
                        }
                    }
                }
                _ => cx.at(
                    &p,
                    "`capabilities` must be an array of strings".to_string(),
                    "expected an array",
                    None,
                ),
            },
            "conformance" => ext.conformance = conformance(cx, &p, v),
            "provenance" => ext.provenance = provenance(cx, &p, v),
            _ => {
                let span = cx.doc.key_span_of(&p);
                let help = match did_you_mean(key, ENTRY_KEYS) {
                    Some(g) => format!("did you mean `{g}`?"),
                    None => format!("expected one of: {}", ENTRY_KEYS.join(", ")),
                };
                cx.err(
                    span,
                    format!("unknown key `{key}` in an extension entry"),
                    "unknown key",
                    Some(help),
                );
            }
        }
    }
    for required in ["name", "tier"] {
        if !map.contains_key(required) {
            cx.at(
                pointer,
                format!("extension entry has no `{required}`"),
                "incomplete entry",
                None,
            );
        }
    }
    if ext.path.is_empty() {
        ext.path = format!("{}/{}", config.dir, ext.name);
    }
    Some(ext)
}

fn conformance(cx: &mut Cx<'_>, p: &str, v: &Value) -> Option<f64> {
    let bad = |cx: &mut Cx<'_>| {
        cx.at(
            p,
            "`conformance` must be a percentage (0–100) or { \"passed\": N, \"total\": M } with N ≤ M".to_string(),
            "not a conformance result",
            None,
        );
        None
    };
    match v {
        Value::Number(n) => match n.as_f64() {
            Some(f) if (0.0..=100.0).contains(&f) => Some(f),
            _ => bad(cx),
        },
        Value::Object(map) => {
            let passed = map.get("passed").and_then(Value::as_u64);
            let total = map.get("total").and_then(Value::as_u64);
            let extra = map.keys().any(|k| k != "passed" && k != "total");
            match (passed, total) {
                (Some(p), Some(t)) if p <= t && !extra => Some(if t == 0 {
                    0.0
                } else {
                    p as f64 * 100.0 / t as f64
                }),
                _ => bad(cx),
            }
        }
        _ => bad(cx),
    }
}

fn provenance(cx: &mut Cx<'_>, p: &str, v: &Value) -> Option<Provenance> {
    let Value::Object(map) = v else {
        cx.at(
            p,
            "`provenance` must be an object".to_string(),
            "expected an object",
            Some(
                "{ \"git\": URL, \"rev\": COMMIT } or { \"npm\": NAME, \"version\": VERSION }"
                    .to_string(),
            ),
        );
        return None;
    };
    let text = |k: &str| map.get(k).and_then(Value::as_str).map(str::to_string);
    if let Some(url) = text("git") {
        let extra = map.keys().find(|k| *k != "git" && *k != "rev");
        if let Some(k) = extra {
            cx.at(
                &format!("{p}/{}", escape_token(k)),
                format!("unknown key `{k}` in a git provenance"),
                "unknown key",
                Some("expected `git` and `rev`".to_string()),
            );
        }
        return Some(Provenance::Git {
            url,
            rev: text("rev").unwrap_or_default(),
        });
    }
    for registry in REGISTRIES {
        if let Some(package) = text(registry) {
            let extra = map.keys().find(|k| *k != registry && *k != "version");
            if let Some(k) = extra {
                cx.at(
                    &format!("{p}/{}", escape_token(k)),
                    format!("unknown key `{k}` in a {registry} provenance"),
                    "unknown key",
                    Some(format!("expected `{registry}` and `version`")),
                );
            }
            return Some(Provenance::Registry {
                registry: registry.to_string(),
                package,
                version: text("version").unwrap_or_default(),
            });
        }
    }
    cx.at(
        p,
        "`provenance` names no source".to_string(),
        "no `git`, `npm`, `pypi` or `crates`",
        Some(
            "{ \"git\": URL, \"rev\": COMMIT } or { \"npm\": NAME, \"version\": VERSION }"
                .to_string(),
        ),
    );
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::extensions;

    fn config() -> ExtensionsConfig {
        let m = accord_contract::parse_manifest("accord.toml", "").unwrap();
        extensions(&m, "").unwrap()
    }

    #[test]
    fn parses_entries() {
        let text = r#"{"extensions": [
  {"name": "a", "tier": "official", "license": "MIT", "reviewed": true,
   "provenance": {"git": "https://x.invalid/a", "rev": "0123456789abcdef0123456789abcdef01234567"},
   "capabilities": ["read"], "conformance": {"passed": 9, "total": 10}},
  {"name": "b", "tier": "registry", "provenance": {"npm": "b", "version": "1.2.3"}, "conformance": 80}
]}"#;
        let list = parse("list.json", text, &config()).unwrap();
        assert_eq!(list.extensions.len(), 2);
        assert_eq!(list.extensions[0].conformance, Some(90.0));
        assert_eq!(list.extensions[0].path, "extensions/a");
        assert!(matches!(
            &list.extensions[1].provenance,
            Some(Provenance::Registry { registry, .. }) if registry == "npm"
        ));
        assert_eq!(list.loc("/extensions/1/conformance").line, 5);
    }

    #[test]
    fn unknown_tier_is_an_error_at_its_position() {
        let text = "{\"extensions\": [\n  {\"name\": \"a\", \"tier\": \"oficial\"}\n]}";
        let err = parse("docs/list.json", text, &config()).unwrap_err();
        let s = err.to_string();
        assert!(
            s.starts_with("docs/list.json:2:25: unknown tier `oficial`"),
            "{s}"
        );
        assert!(s.contains("did you mean `official`?"), "{s}");
    }

    #[test]
    fn malformed_json_names_line_and_column() {
        let text = "{\"extensions\": [\n  {\"name\": \"a\",, }\n]}";
        let s = parse("docs/list.json", text, &config())
            .unwrap_err()
            .to_string();
        assert!(s.starts_with("docs/list.json:2:"), "{s}");
        assert!(s.contains("invalid JSON"), "{s}");
    }

    #[test]
    fn unknown_keys_and_wrong_types() {
        let text =
            "{\"extensions\": [{\"name\": \"a\", \"tier\": \"official\", \"licence\": \"MIT\"}]}";
        let s = parse("l.json", text, &config()).unwrap_err().to_string();
        assert!(s.contains("did you mean `license`?"), "{s}");
        let text = "{\"extensions\": [{\"name\": \"a\", \"tier\": \"official\", \"conformance\": \"high\"}]}";
        let s = parse("l.json", text, &config()).unwrap_err().to_string();
        assert!(s.contains("`conformance` must be"), "{s}");
    }
}
