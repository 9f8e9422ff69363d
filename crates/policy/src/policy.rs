//! `[policy]` of `accord.toml`: what each class of change needs before it may merge.

use crate::{ConfigError, ConfigErrors};
use accord_model::manifest::RawSection;
use accord_model::{Class, Finding, Level};
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt;

/// A condition a change can be asked to meet, evidenced by the change itself or an approval.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Condition {
    /// Test files of the provider or a consumer pack were added or changed.
    TestsUpdated,
    /// The pull request body carries review notes.
    ReviewNotes,
    /// The contract has a `migration_plan`.
    MigrationPlan,
    /// Every impacted consumer pack was changed too.
    ConsumersUpdated,
    /// The contract's version was bumped at least as much as the change requires.
    RegistryBumped,
    /// A contract being deprecated, retired or removed says what replaces it and when.
    DeprecationPlan,
}

impl Condition {
    /// Every condition, in the order of seed 003 §5.
    pub const ALL: [Condition; 6] = [
        Condition::MigrationPlan,
        Condition::ConsumersUpdated,
        Condition::TestsUpdated,
        Condition::RegistryBumped,
        Condition::DeprecationPlan,
        Condition::ReviewNotes,
    ];

    /// The stable key used in `accord.toml` and `RequiredAction.condition`.
    pub fn as_str(self) -> &'static str {
        match self {
            Condition::TestsUpdated => "tests_updated",
            Condition::ReviewNotes => "review_notes",
            Condition::MigrationPlan => "migration_plan",
            Condition::ConsumersUpdated => "consumers_updated",
            Condition::RegistryBumped => "registry_bumped",
            Condition::DeprecationPlan => "deprecation_plan",
        }
    }

    /// Parses a key (`tests_updated`, also `tests-updated`).
    pub fn parse(text: &str) -> Option<Condition> {
        let wanted = text.trim().replace('-', "_").to_ascii_lowercase();
        Condition::ALL.into_iter().find(|c| c.as_str() == wanted)
    }
}

impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What an unmet required review (see `review.rs`) does to the decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewMode {
    /// Reviews are listed, never required.
    Off,
    /// A missing review conditions the approval (APPROVE_WITH_CONDITIONS).
    #[default]
    Condition,
    /// A missing review denies the change.
    Deny,
}

/// What counts as a review of a required role (`[policy] review_evidence`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReviewEvidenceMode {
    /// Approvals and `Reviewed-by:` lines of the PR body (which the author writes).
    #[default]
    PrOrApprovals,
    /// Approvals only.
    Approvals,
}

impl ReviewEvidenceMode {
    fn is_default(&self) -> bool {
        *self == ReviewEvidenceMode::default()
    }
}

/// What one class of change needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClassPolicy {
    /// Conditions the change must meet.
    pub requires: Vec<Condition>,
    /// The subset whose absence denies the change; the others only condition the approval.
    pub blocking: Vec<Condition>,
}

/// A per-rule override.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RuleOverride {
    /// Class given to the rule's findings instead of its declared one.
    pub class: Option<Class>,
    /// Level given to the rule's findings instead of the class's level.
    pub level: Option<Level>,
}

/// The parsed `[policy]`; [`Policy::default`] is seed 003 §5.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Policy {
    /// SAFE changes.
    pub safe: ClassPolicy,
    /// RISKY changes.
    pub risky: ClassPolicy,
    /// BREAKING changes.
    pub breaking: ClassPolicy,
    /// Level of each class, unless a rule overrides it.
    pub levels: BTreeMap<Class, Level>,
    /// Overrides by rule id.
    pub rules: BTreeMap<String, RuleOverride>,
    /// Directory where `--record` writes decision records.
    pub decisions_dir: String,
    /// The approvals file, relative to the repository root.
    pub approvals_file: String,
    /// `consider_usage`: a BREAKING code change whose symbol no other pack uses (where
    /// source analysis can see every declared consumer) is treated as RISKY.
    pub consider_usage: bool,
    /// `review = "off" | "condition" | "deny"`: what a missing required review does.
    pub review: ReviewMode,
    /// `review_evidence = "pr-or-approvals" | "approvals"`: what counts as a review.
    #[serde(skip_serializing_if = "ReviewEvidenceMode::is_default")]
    pub review_evidence: ReviewEvidenceMode,
}

impl Default for Policy {
    fn default() -> Self {
        let breaking = vec![
            Condition::MigrationPlan,
            Condition::ConsumersUpdated,
            Condition::TestsUpdated,
            Condition::RegistryBumped,
            Condition::DeprecationPlan,
        ];
        Policy {
            // Seed 003 §5.1: tests recommended, not mandatory.
            safe: ClassPolicy {
                requires: Vec::new(),
                blocking: Vec::new(),
            },
            // "Approve only with tests and review notes": approved on those conditions.
            risky: ClassPolicy {
                requires: vec![Condition::TestsUpdated, Condition::ReviewNotes],
                blocking: Vec::new(),
            },
            // "Deny unless": every condition denies when unmet.
            breaking: ClassPolicy {
                requires: breaking.clone(),
                blocking: breaking,
            },
            levels: Class::ALL
                .into_iter()
                .map(|c| (c, Level::default_for(c)))
                .collect(),
            rules: BTreeMap::new(),
            decisions_dir: "decisions".to_string(),
            approvals_file: accord_model::manifest::DEFAULT_APPROVALS_FILE.to_string(),
            consider_usage: false,
            review: ReviewMode::default(),
            review_evidence: ReviewEvidenceMode::default(),
        }
    }
}

impl Policy {
    /// What `class` needs.
    pub fn for_class(&self, class: Class) -> &ClassPolicy {
        match class {
            Class::Safe => &self.safe,
            Class::Risky => &self.risky,
            Class::Breaking => &self.breaking,
        }
    }

    /// The class and level policy gives `finding`.
    pub fn effective(&self, finding: &Finding) -> (Class, Level) {
        let over = self.rules.get(&finding.rule);
        let class = over.and_then(|o| o.class).unwrap_or(finding.class);
        let level = over.and_then(|o| o.level).unwrap_or_else(|| {
            self.levels
                .get(&class)
                .copied()
                .unwrap_or(Level::default_for(class))
        });
        (class, level)
    }

    /// Rewrites the class and level of every finding as policy says. Idempotent.
    pub fn apply(&self, findings: &mut [Finding]) {
        for finding in findings {
            let (class, level) = self.effective(finding);
            finding.class = class;
            finding.level = level;
        }
    }

    /// Parses `[policy]` (`None`: the default policy). `manifest_path` and `source` (the text of
    /// `accord.toml`) turn spans into line and column in errors.
    pub fn parse(
        section: Option<&RawSection>,
        manifest_path: &str,
        source: &str,
    ) -> Result<Policy, ConfigErrors> {
        let mut policy = Policy::default();
        let Some(section) = section else {
            return Ok(policy);
        };
        let mut p = Parser {
            section,
            path: manifest_path,
            source,
            errors: Vec::new(),
        };
        let Some(table) = section.value.as_object() else {
            p.error("", "`[policy]` must be a table");
            return Err(ConfigErrors(p.errors));
        };
        for (key, value) in table {
            let ptr = format!("/{}", escape(key));
            match key.as_str() {
                "safe" | "risky" | "breaking" => {
                    let slot = match key.as_str() {
                        "safe" => &mut policy.safe,
                        "risky" => &mut policy.risky,
                        _ => &mut policy.breaking,
                    };
                    p.class_policy(&ptr, value, slot);
                }
                "levels" => p.levels(&ptr, value, &mut policy.levels),
                "rules" => p.rules(&ptr, value, &mut policy.rules),
                "decisions_dir" => {
                    if let Some(s) = p.string(&ptr, value) {
                        match relative_inside(&s) {
                            Ok(()) => policy.decisions_dir = s,
                            Err(why) => p.error(
                                &ptr,
                                format!(
                                    "`policy.decisions_dir` {why}: decision records are written inside the repository"
                                ),
                            ),
                        }
                    }
                }
                "consider_usage" => match value.as_bool() {
                    Some(b) => policy.consider_usage = b,
                    None => p.error(&ptr, "`policy.consider_usage` must be true or false"),
                },
                "approvals" | "approvals_file" => {
                    if let Some(s) = p.string(&ptr, value) {
                        policy.approvals_file = s;
                    }
                }
                "review" => match value.as_str() {
                    Some("off") => policy.review = ReviewMode::Off,
                    Some("condition") => policy.review = ReviewMode::Condition,
                    Some("deny") => policy.review = ReviewMode::Deny,
                    _ => p.error(
                        &ptr,
                        format!("`policy.review` is {value}; expected \"off\", \"condition\" or \"deny\""),
                    ),
                },
                "review_evidence" => match value.as_str() {
                    Some("pr-or-approvals") => {
                        policy.review_evidence = ReviewEvidenceMode::PrOrApprovals
                    }
                    Some("approvals") => policy.review_evidence = ReviewEvidenceMode::Approvals,
                    _ => p.error(
                        &ptr,
                        format!("`policy.review_evidence` is {value}; expected \"approvals\" or \"pr-or-approvals\""),
                    ),
                },
                other => p.error(
                    &ptr,
                    format!(
                        "unknown key `policy.{other}`; expected one of safe, risky, breaking, levels, rules, decisions_dir, approvals, consider_usage, review, review_evidence"
                    ),
                ),
            }
        }
        if p.errors.is_empty() {
            Ok(policy)
        } else {
            Err(ConfigErrors(p.errors))
        }
    }
}

/// A relative path that stays inside the repository on its face: not empty, not absolute,
/// no `..`. Symlinks are resolved when the directory is written to (`record::store`).
fn relative_inside(dir: &str) -> Result<(), String> {
    use std::path::{Component, Path};
    if dir.trim().is_empty() {
        return Err("is empty".to_string());
    }
    if dir.contains('\0') {
        return Err("contains a NUL byte".to_string());
    }
    let path = Path::new(dir);
    if path.is_absolute() || dir.starts_with('\\') || dir.starts_with('~') {
        return Err(format!(
            "`{dir}` is absolute; give a path relative to the repository root"
        ));
    }
    if path.components().any(|c| {
        matches!(
            c,
            Component::ParentDir | Component::RootDir | Component::Prefix(_)
        )
    }) {
        return Err(format!("`{dir}` climbs out of the repository with `..`"));
    }
    Ok(())
}

fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

struct Parser<'a> {
    section: &'a RawSection,
    path: &'a str,
    source: &'a str,
    errors: Vec<ConfigError>,
}

impl Parser<'_> {
    fn error(&mut self, pointer: &str, message: impl Into<String>) {
        let span = self.section.span_of(pointer);
        self.errors
            .push(ConfigError::at(self.path, self.source, span, message));
    }

    fn string(&mut self, ptr: &str, value: &Value) -> Option<String> {
        match value.as_str() {
            Some(s) => Some(s.to_string()),
            None => {
                self.error(ptr, format!("`{}` must be a string", name(ptr)));
                None
            }
        }
    }

    fn conditions(&mut self, ptr: &str, value: &Value) -> Option<Vec<Condition>> {
        let Some(items) = value.as_array() else {
            self.error(ptr, format!("`{}` must be a list of conditions", name(ptr)));
            return None;
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let item_ptr = format!("{ptr}/{i}");
            match item.as_str().and_then(Condition::parse) {
                Some(c) if !out.contains(&c) => out.push(c),
                Some(_) => {}
                None => self.error(
                    &item_ptr,
                    format!(
                        "unknown condition {item}; expected one of {}",
                        Condition::ALL.map(Condition::as_str).join(", ")
                    ),
                ),
            }
        }
        Some(out)
    }

    fn class_policy(&mut self, ptr: &str, value: &Value, slot: &mut ClassPolicy) {
        let Some(table) = value.as_object() else {
            self.error(ptr, format!("`policy.{}` must be a table", name(ptr)));
            return;
        };
        let mut blocking: Option<Value> = None;
        let mut blocking_ptr = String::new();
        for (key, v) in table {
            let kptr = format!("{ptr}/{}", escape(key));
            match key.as_str() {
                "requires" => {
                    if let Some(list) = self.conditions(&kptr, v) {
                        slot.requires = list;
                        // Requirements changed: what blocks is re-derived below unless given.
                        slot.blocking.retain(|c| slot.requires.contains(c));
                    }
                }
                "blocking" => {
                    blocking = Some(v.clone());
                    blocking_ptr = kptr;
                }
                other => self.error(
                    &kptr,
                    format!("unknown key `{other}`; expected `requires` or `blocking`"),
                ),
            }
        }
        match blocking {
            None => {}
            Some(Value::Bool(true)) => slot.blocking = slot.requires.clone(),
            Some(Value::Bool(false)) => slot.blocking.clear(),
            Some(list @ Value::Array(_)) => {
                if let Some(list) = self.conditions(&blocking_ptr, &list) {
                    for c in &list {
                        if !slot.requires.contains(c) {
                            self.error(
                                &blocking_ptr,
                                format!("`{c}` blocks but is not in `requires`"),
                            );
                        }
                    }
                    slot.blocking = list;
                }
            }
            Some(_) => self.error(
                &blocking_ptr,
                "`blocking` must be true, false or a list of conditions",
            ),
        }
    }

    fn level(&mut self, ptr: &str, value: &Value) -> Option<Level> {
        let found = value.as_str().and_then(|s| {
            [Level::Note, Level::Warning, Level::Error]
                .into_iter()
                .find(|l| l.as_str().eq_ignore_ascii_case(s.trim()))
        });
        if found.is_none() {
            self.error(
                ptr,
                format!("invalid level {value}; expected \"note\", \"warning\" or \"error\""),
            );
        }
        found
    }

    fn class(&mut self, ptr: &str, value: &Value) -> Option<Class> {
        let found = value.as_str().and_then(Class::parse);
        if found.is_none() {
            self.error(
                ptr,
                format!("invalid class {value}; expected \"SAFE\", \"RISKY\" or \"BREAKING\""),
            );
        }
        found
    }

    fn levels(&mut self, ptr: &str, value: &Value, levels: &mut BTreeMap<Class, Level>) {
        let Some(table) = value.as_object() else {
            self.error(ptr, "`policy.levels` must be a table of CLASS = \"level\"");
            return;
        };
        for (key, v) in table {
            let kptr = format!("{ptr}/{}", escape(key));
            let Some(class) = Class::parse(key) else {
                self.error(
                    &kptr,
                    format!("unknown class `{key}`; expected SAFE, RISKY or BREAKING"),
                );
                continue;
            };
            if let Some(level) = self.level(&kptr, v) {
                levels.insert(class, level);
            }
        }
    }

    fn rules(&mut self, ptr: &str, value: &Value, rules: &mut BTreeMap<String, RuleOverride>) {
        let Some(table) = value.as_object() else {
            self.error(ptr, "`policy.rules` must be a table keyed by rule id");
            return;
        };
        for (rule, v) in table {
            let rptr = format!("{ptr}/{}", escape(rule));
            let mut over = RuleOverride::default();
            match v {
                // Shorthand: `rule-id = "RISKY"` or `rule-id = "error"`.
                Value::String(s) => {
                    if let Some(class) = Class::parse(s) {
                        over.class = Some(class);
                    } else {
                        over.level = self.level(&rptr, v);
                    }
                }
                Value::Object(fields) => {
                    for (key, fv) in fields {
                        let fptr = format!("{rptr}/{}", escape(key));
                        match key.as_str() {
                            "class" => over.class = self.class(&fptr, fv),
                            "level" => over.level = self.level(&fptr, fv),
                            other => self.error(
                                &fptr,
                                format!("unknown key `{other}`; expected `class` or `level`"),
                            ),
                        }
                    }
                }
                _ => self.error(
                    &rptr,
                    "a rule override is a class (\"RISKY\"), a level (\"error\") or { class, level }",
                ),
            }
            // An override written for a renamed rule still applies to it.
            let id = accord_model::rule::current_id(rule, accord_model::rule::REDIRECTS);
            rules.insert(id.to_string(), over);
        }
    }
}

fn name(ptr: &str) -> String {
    ptr.trim_start_matches('/').replace('/', ".")
}
