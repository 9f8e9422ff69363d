//! `[extensions]` and `[dependencies]` of `accord.toml`: tiers, capability profiles, the
//! license policy, where the inclusion list and the advisory database are.
//!
//! The manifest parser keeps both sections raw (with spans); this module owns their
//! schema, which is closed like the rest of the manifest: an unknown key is an error with a
//! "did you mean".

use crate::license::LicensePolicy;
use accord_contract::{Diagnostic, did_you_mean};
use accord_model::Span;
use accord_model::manifest::{Manifest, RawSection};
use serde_json::Value;
use std::collections::BTreeMap;

/// Seed 002's default location of the inclusion list.
pub const DEFAULT_INCLUSION_LIST: &str = "docs/extension-inclusion-list.json";
/// Default directory holding one folder per extension's sources.
pub const DEFAULT_EXTENSIONS_DIR: &str = "extensions";

const EXTENSIONS_KEYS: &[&str] = &[
    "inclusion_list",
    "dir",
    "licenses",
    "tiers",
    "profiles",
    "conformance_summary",
    "scenario_conformance",
];
const TIER_KEYS: &[&str] = &["conformance", "review", "profile", "description"];
const PROFILE_KEYS: &[&str] = &["capabilities", "description"];
const DEPENDENCIES_KEYS: &[&str] = &["audit", "advisory_db", "licenses"];

/// One tier of extensions and what it requires (seed 002 "Tiers and Vetting").
#[derive(Debug, Clone, PartialEq)]
pub struct Tier {
    /// The table key, e.g. `official`.
    pub name: String,
    /// Lowest conformance pass rate accepted, in percent; `None` is "best effort".
    pub min_conformance: Option<f64>,
    /// True when each extension of the tier must carry `"reviewed": true`.
    pub review: bool,
    /// The capability profile the tier's extensions must fit.
    pub profile: String,
    /// Where the tier is declared (empty for built-in defaults).
    pub span: Span,
}

/// A named set of allowed capabilities (seed 002: safe / balanced / permissive).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    /// The table key.
    pub name: String,
    /// Capabilities an extension under this profile may declare.
    pub capabilities: Vec<String>,
}

/// `[extensions]`, with the seed's defaults for whatever it leaves out.
#[derive(Debug, Clone)]
pub struct ExtensionsConfig {
    /// Repository path of the inclusion list.
    pub inclusion_list: String,
    /// Directory holding one folder per extension (checked for patch files).
    pub dir: String,
    /// Licenses an extension (and a dependency) may be offered under.
    pub licenses: LicensePolicy,
    /// Tiers by name, in declaration order.
    pub tiers: Vec<Tier>,
    /// Profiles by name.
    pub profiles: BTreeMap<String, Profile>,
    /// True when `accord.toml` has an `[extensions]` section (vetting runs in `check`).
    pub declared: bool,
    /// The conformance summary report (`{"extensions": [{"extension", "passed", "total"}]}`)
    /// the inclusion list's results must agree with; `None`: not checked.
    pub conformance_summary: Option<String>,
    /// The scenario conformance report (`{"scenarios": [{"id", "extension", "status"}]}`);
    /// `None`: not checked.
    pub scenario_conformance: Option<String>,
}

impl ExtensionsConfig {
    /// The tier called `name`.
    pub fn tier(&self, name: &str) -> Option<&Tier> {
        self.tiers.iter().find(|t| t.name == name)
    }
}

/// `[dependencies]`: the audit of dependency additions. Seed 002: "dependency additions must
/// be audited", so it is on without the section (`audit = false` turns it off); the advisory
/// database and the license policy are opt-in.
#[derive(Debug, Clone)]
pub struct DependenciesConfig {
    /// Directory of advisories (RustSec or OSV JSON), relative to the repository root.
    pub advisory_db: Option<String>,
    /// Licenses dependencies may use: `[dependencies].licenses`, else the extensions' policy
    /// (seed 002's permissive list by default) when `[dependencies]` or `[extensions]` is
    /// declared; none (no license findings) when neither is.
    pub licenses: Option<LicensePolicy>,
    /// Cargo's home, whose registry cache gives crates' licenses; `None` reads no cache.
    pub cargo_home: Option<std::path::PathBuf>,
}

/// Seed 002's profiles. The capability names are the platform's hostcall families.
fn default_profiles() -> BTreeMap<String, Profile> {
    let safe = ["read", "ui", "events", "session"];
    let balanced = [&safe[..], &["write", "http", "tool"]].concat();
    let permissive = [&balanced[..], &["exec", "env"]].concat();
    [
        ("safe", &safe[..]),
        ("balanced", &balanced[..]),
        ("permissive", &permissive[..]),
    ]
    .into_iter()
    .map(|(name, caps)| {
        (
            name.to_string(),
            Profile {
                name: name.to_string(),
                capabilities: caps.iter().map(|c| c.to_string()).collect(),
            },
        )
    })
    .collect()
}

/// Seed 002's table: official 100 % and reviewed; community and agent ecosystem ≥ 90 %;
/// npm registry and third-party best effort.
fn default_tiers() -> Vec<Tier> {
    let tier = |name: &str, min: Option<f64>, review: bool, profile: &str| Tier {
        name: name.to_string(),
        min_conformance: min,
        review,
        profile: profile.to_string(),
        span: Span::default(),
    };
    vec![
        tier("official", Some(100.0), true, "balanced"),
        tier("community", Some(90.0), false, "safe"),
        tier("agent", Some(90.0), false, "safe"),
        tier("registry", None, false, "safe"),
        tier("third-party", None, false, "safe"),
    ]
}

struct Cx<'a> {
    path: &'a str,
    text: &'a str,
    section: &'a RawSection,
    name: &'a str,
    diags: Vec<Diagnostic>,
}

impl Cx<'_> {
    fn err(&mut self, pointer: &str, message: String, label: &str, help: Option<String>) {
        let mut d = Diagnostic::new(
            self.path,
            self.text,
            self.section.span_of(pointer),
            message,
            label,
        );
        d.help = help;
        self.diags.push(d);
    }

    fn unknown(&mut self, pointer: &str, key: &str, place: &str, expected: &[&str]) {
        let help = match did_you_mean(key, expected) {
            Some(guess) => format!("did you mean `{guess}`?"),
            None => format!("expected one of: {}", expected.join(", ")),
        };
        self.err(
            pointer,
            format!("unknown key `{key}` in {place}"),
            "unknown key",
            Some(help),
        );
    }

    fn string(&mut self, pointer: &str, value: &Value, what: &str) -> Option<String> {
        match value {
            Value::String(s) => Some(s.clone()),
            _ => {
                self.err(
                    pointer,
                    format!("{what} must be a string"),
                    "expected a string",
                    None,
                );
                None
            }
        }
    }

    fn repo_path(&mut self, pointer: &str, value: &Value, what: &str) -> Option<String> {
        let s = self.string(pointer, value, what)?;
        if s.starts_with('/') || s.split(['/', '\\']).any(|p| p == "..") || s.trim().is_empty() {
            self.err(
                pointer,
                format!("{what} `{s}` leaves the repository"),
                "must be inside the repository",
                Some("give a path relative to the directory of accord.toml".to_string()),
            );
            return None;
        }
        Some(s.trim_end_matches('/').to_string())
    }

    fn strings(&mut self, pointer: &str, value: &Value, what: &str) -> Vec<(String, String)> {
        match value {
            Value::Array(items) => items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| {
                    let p = format!("{pointer}/{i}");
                    let s = self.string(&p, item, &format!("each item of {what}"))?;
                    Some((s, p))
                })
                .collect(),
            _ => {
                self.err(
                    pointer,
                    format!("{what} must be a list of strings"),
                    "expected a list",
                    None,
                );
                Vec::new()
            }
        }
    }

    fn licenses(&mut self, pointer: &str, value: &Value, what: &str) -> Option<LicensePolicy> {
        let mut ids = Vec::new();
        for (name, p) in self.strings(pointer, value, what) {
            match spdx::license_id(&name) {
                Some(id) => ids.push(id),
                None => {
                    let help = spdx::imprecise_license_id(&name)
                        .map(|(id, _)| format!("did you mean `{}`?", id.name))
                        .unwrap_or_else(|| {
                            "use an identifier from https://spdx.org/licenses/".to_string()
                        });
                    self.err(
                        &p,
                        format!("`{name}` is not an SPDX license identifier"),
                        "unknown license",
                        Some(help),
                    );
                }
            }
        }
        Some(LicensePolicy::allowing(ids))
    }

    fn table<'v>(
        &mut self,
        pointer: &str,
        value: &'v Value,
        what: &str,
    ) -> Option<&'v serde_json::Map<String, Value>> {
        match value {
            Value::Object(map) => Some(map),
            _ => {
                self.err(
                    pointer,
                    format!("{what} must be a table"),
                    "expected a table",
                    None,
                );
                None
            }
        }
    }
}

fn escape(token: &str) -> String {
    accord_contract::doc::escape_token(token)
}

/// Reads `[extensions]` of `manifest` (whose text is `text`); every mistake is reported.
pub fn extensions(manifest: &Manifest, text: &str) -> Result<ExtensionsConfig, Vec<Diagnostic>> {
    let mut config = ExtensionsConfig {
        inclusion_list: DEFAULT_INCLUSION_LIST.to_string(),
        dir: DEFAULT_EXTENSIONS_DIR.to_string(),
        licenses: LicensePolicy::permissive(),
        tiers: default_tiers(),
        profiles: default_profiles(),
        declared: false,
        conformance_summary: None,
        scenario_conformance: None,
    };
    let Some(section) = manifest.sections.get("extensions") else {
        return Ok(config);
    };
    config.declared = true;
    let mut cx = Cx {
        path: &manifest.path,
        text,
        section,
        name: "[extensions]",
        diags: Vec::new(),
    };
    let Some(map) = cx.table("", &section.value, "[extensions]") else {
        return Err(cx.diags);
    };
    let mut declared_tiers: Option<Vec<Tier>> = None;
    for (key, value) in map {
        let p = format!("/{}", escape(key));
        match key.as_str() {
            "inclusion_list" => {
                if let Some(s) = cx.repo_path(&p, value, "`extensions.inclusion_list`") {
                    config.inclusion_list = s;
                }
            }
            "dir" => {
                if let Some(s) = cx.repo_path(&p, value, "`extensions.dir`") {
                    config.dir = s;
                }
            }
            "conformance_summary" => {
                config.conformance_summary =
                    cx.repo_path(&p, value, "`extensions.conformance_summary`");
            }
            "scenario_conformance" => {
                config.scenario_conformance =
                    cx.repo_path(&p, value, "`extensions.scenario_conformance`");
            }
            "licenses" => {
                if let Some(l) = cx.licenses(&p, value, "`extensions.licenses`") {
                    config.licenses = l;
                }
            }
            "profiles" => {
                if let Some(t) = cx.table(&p, value, "[extensions.profiles]") {
                    for (name, body) in t {
                        let pp = format!("{p}/{}", escape(name));
                        let what = format!("[extensions.profiles.{name}]");
                        let mut caps = Vec::new();
                        if let Some(b) = cx.table(&pp, body, &what) {
                            for (k, v) in b {
                                let kp = format!("{pp}/{}", escape(k));
                                match k.as_str() {
                                    "capabilities" => {
                                        caps = cx
                                            .strings(&kp, v, &format!("`capabilities` of {what}"))
                                            .into_iter()
                                            .map(|(s, _)| s)
                                            .collect();
                                    }
                                    "description" => {
                                        cx.string(&kp, v, "`description`");
                                    }
                                    _ => cx.unknown(&kp, k, &what, PROFILE_KEYS),
                                }
                            }
                        }
                        // A declared profile replaces the built-in one of that name.
                        config.profiles.insert(
                            name.clone(),
                            Profile {
                                name: name.clone(),
                                capabilities: caps,
                            },
                        );
                    }
                }
            }
            "tiers" => {
                let mut tiers = Vec::new();
                if let Some(t) = cx.table(&p, value, "[extensions.tiers]") {
                    for (name, body) in t {
                        let tp = format!("{p}/{}", escape(name));
                        tiers.push(tier(&mut cx, &tp, name, body));
                    }
                }
                declared_tiers = Some(tiers);
            }
            _ => cx.unknown(&p, key, cx.name, EXTENSIONS_KEYS),
        }
    }
    if let Some(tiers) = declared_tiers {
        // Declared tiers replace the seed's: a project names its own.
        config.tiers = tiers;
    }
    for (i, tier) in config.tiers.iter().enumerate() {
        if !config.profiles.contains_key(&tier.profile) {
            let names: Vec<&str> = config.profiles.keys().map(String::as_str).collect();
            let help = match did_you_mean(&tier.profile, &names) {
                Some(g) => format!("did you mean `{g}`?"),
                None => format!("declared profiles: {}", names.join(", ")),
            };
            let pointer = format!("/tiers/{}/profile", escape(&tier.name));
            let _ = i;
            cx.err(
                &pointer,
                format!(
                    "tier `{}` uses the unknown capability profile `{}`",
                    tier.name, tier.profile
                ),
                "unknown profile",
                Some(help),
            );
        }
    }
    if cx.diags.is_empty() {
        Ok(config)
    } else {
        Err(cx.diags)
    }
}

fn tier(cx: &mut Cx<'_>, pointer: &str, name: &str, body: &Value) -> Tier {
    let what = format!("[extensions.tiers.{name}]");
    let mut tier = Tier {
        name: name.to_string(),
        min_conformance: None,
        review: false,
        profile: "safe".to_string(),
        span: cx.section.span_of(pointer),
    };
    let Some(b) = cx.table(pointer, body, &what) else {
        return tier;
    };
    for (k, v) in b {
        let kp = format!("{pointer}/{}", escape(k));
        match k.as_str() {
            "conformance" => match v {
                Value::Number(n) if n.as_f64().is_some_and(|f| (0.0..=100.0).contains(&f)) => {
                    tier.min_conformance = n.as_f64();
                }
                Value::String(s) if s == "best-effort" || s == "best effort" => {
                    tier.min_conformance = None;
                }
                _ => cx.err(
                    &kp,
                    format!("`conformance` of {what} must be a percentage from 0 to 100 or \"best-effort\""),
                    "expected a percentage",
                    Some("e.g. conformance = 90".to_string()),
                ),
            },
            "review" => match v {
                Value::Bool(b) => tier.review = *b,
                _ => cx.err(
                    &kp,
                    format!("`review` of {what} must be true or false"),
                    "expected true or false",
                    None,
                ),
            },
            "profile" => {
                if let Some(p) = cx.string(&kp, v, &format!("`profile` of {what}")) {
                    tier.profile = p;
                }
            }
            "description" => {
                cx.string(&kp, v, "`description`");
            }
            _ => cx.unknown(&kp, k, &what, TIER_KEYS),
        }
    }
    tier
}

/// Reads `[dependencies]`; `None` when the audit is off (`audit = false`).
pub fn dependencies(
    manifest: &Manifest,
    text: &str,
    extensions: &ExtensionsConfig,
) -> Result<Option<DependenciesConfig>, Vec<Diagnostic>> {
    let mut config = DependenciesConfig {
        advisory_db: None,
        licenses: extensions.declared.then(|| extensions.licenses.clone()),
        cargo_home: crate::deps::default_cargo_home(),
    };
    let Some(section) = manifest.sections.get("dependencies") else {
        return Ok(Some(config));
    };
    config.licenses = Some(extensions.licenses.clone());
    let mut audit = true;
    let mut cx = Cx {
        path: &manifest.path,
        text,
        section,
        name: "[dependencies]",
        diags: Vec::new(),
    };
    if let Some(map) = cx.table("", &section.value, "[dependencies]") {
        for (key, value) in map {
            let p = format!("/{}", escape(key));
            match key.as_str() {
                "audit" => match value {
                    Value::Bool(b) => audit = *b,
                    _ => cx.err(
                        &p,
                        "`dependencies.audit` must be true or false".to_string(),
                        "expected a boolean",
                        None,
                    ),
                },
                "advisory_db" => {
                    config.advisory_db = cx.repo_path(&p, value, "`dependencies.advisory_db`");
                }
                "licenses" => {
                    if let Some(l) = cx.licenses(&p, value, "`dependencies.licenses`") {
                        config.licenses = Some(l);
                    }
                }
                _ => cx.unknown(&p, key, cx.name, DEPENDENCIES_KEYS),
            }
        }
    }
    if !cx.diags.is_empty() {
        Err(cx.diags)
    } else if audit {
        Ok(Some(config))
    } else {
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest(text: &str) -> Manifest {
        accord_contract::parse_manifest("accord.toml", text).expect("manifest parses")
    }

    #[test]
    fn defaults_follow_the_seed() {
        let m = manifest("[project]\nname = 'x'\n");
        let c = extensions(&m, "").unwrap();
        assert!(!c.declared);
        assert_eq!(c.inclusion_list, DEFAULT_INCLUSION_LIST);
        assert_eq!(c.tier("official").unwrap().min_conformance, Some(100.0));
        assert!(c.tier("official").unwrap().review);
        assert_eq!(c.tier("community").unwrap().min_conformance, Some(90.0));
        assert_eq!(c.tier("registry").unwrap().min_conformance, None);
        assert!(c.licenses.allows_id("MIT"));
        assert!(!c.licenses.allows_id("GPL-3.0-only"));
    }

    #[test]
    fn declared_tiers_and_profiles_replace_the_defaults() {
        let text = "[extensions]\ninclusion_list = 'x.json'\nlicenses = ['MIT']\n[extensions.profiles.tiny]\ncapabilities = ['read']\n[extensions.tiers.gold]\nconformance = 95\nreview = true\nprofile = 'tiny'\n";
        let c = extensions(&manifest(text), text).unwrap();
        assert_eq!(c.inclusion_list, "x.json");
        assert_eq!(c.tiers.len(), 1);
        assert_eq!(c.tier("gold").unwrap().min_conformance, Some(95.0));
        assert_eq!(c.profiles["tiny"].capabilities, ["read"]);
        assert!(!c.licenses.allows_id("Apache-2.0"));
    }

    #[test]
    fn unknown_keys_bad_licenses_and_profiles_are_diagnosed_at_their_line() {
        let text = "[extensions]\ninclusion_lst = 'x.json'\nlicenses = ['MTI', 'Apache-2.0']\n[extensions.tiers.gold]\nconformance = 120\nprofile = 'saef'\nreveiw = true\n";
        let d = extensions(&manifest(text), text).unwrap_err();
        let found: Vec<(u32, &str)> = d.iter().map(|d| (d.line, d.message.as_str())).collect();
        assert_eq!(d.len(), 5, "{found:?}");
        let by_line = |l: u32| d.iter().find(|d| d.line == l).unwrap();
        assert_eq!(
            by_line(2).help.as_deref(),
            Some("did you mean `inclusion_list`?")
        );
        assert!(by_line(3).message.contains("`MTI` is not an SPDX"));
        assert!(by_line(5).message.contains("percentage"));
        assert!(
            by_line(6)
                .message
                .contains("unknown capability profile `saef`")
        );
        assert_eq!(by_line(6).help.as_deref(), Some("did you mean `safe`?"));
        assert_eq!(by_line(7).help.as_deref(), Some("did you mean `review`?"));
    }

    #[test]
    fn dependencies_section_is_optional_and_closed() {
        let m = manifest("");
        let ext = extensions(&m, "").unwrap();
        // On without the section, with neither advisories nor a license policy.
        let on = dependencies(&m, "", &ext).unwrap().unwrap();
        assert!(on.advisory_db.is_none() && on.licenses.is_none());
        let text = "[dependencies]\naudit = false\n";
        assert!(dependencies(&manifest(text), text, &ext).unwrap().is_none());
        let text = "[dependencies]\naudit = 'no'\n";
        assert_eq!(
            dependencies(&manifest(text), text, &ext).unwrap_err()[0].line,
            2
        );
        let text = "[dependencies]\nadvisory_db = 'advisories'\nadvisorydb = 1\n";
        let d = dependencies(&manifest(text), text, &ext).unwrap_err();
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].line, 3);
    }
}
