//! "Can reader schema R read everything writer schema W accepts?" — the one question every
//! compatibility mode is built from (BACKWARD: new reads old; FORWARD: old reads new).
//!
//! The walk is sound where it can be and conservative elsewhere: when inclusion cannot be
//! decided (two different regular expressions, a `not`), it reports an incompatibility
//! rather than guess. It never recurses without bound: a pair of nodes reached through
//! `$ref` that is already being compared is assumed compatible (the coinductive reading
//! of recursive schemas), and depth and total work are capped.
//!
//! Each side is read in its own dialect, taken from its root `$schema`: draft-04 to
//! draft-07 ignore the siblings of `$ref` and spell tuples `items: [...]` +
//! `additionalItems`; 2019-09 adds `unevaluated*`, `dependentRequired`/`dependentSchemas`
//! and `minContains`/`maxContains`; 2020-12 spells tuples `prefixItems` + `items`. A
//! schema without `$schema` is read permissively (every spelling, siblings of `$ref`
//! applied), as the validators used by Accord do.

use crate::rules;
use accord_model::RuleMeta;
use regex::Regex;
use serde_json::{Map, Value};
use std::collections::HashMap;

/// Deeper than this, comparison stops with a `schema-uncomparable` finding.
pub(crate) const MAX_DEPTH: usize = 64;
/// More node pairs than this (combinators multiply them), likewise.
pub(crate) const MAX_STEPS: usize = 10_000;
const MAX_REF_CHAIN: usize = 32;

/// Keywords that never constrain instances.
pub(crate) const ANNOTATIONS: &[&str] = &[
    "title",
    "description",
    "$comment",
    "examples",
    "default",
    "deprecated",
    "readOnly",
    "writeOnly",
    "$schema",
    "$id",
    "$anchor",
    "$defs",
    "definitions",
    "$dynamicAnchor",
    "$vocabulary",
    // Annotations only since 2019-09 (and "MAY" in draft-07): validators do not assert them.
    "contentEncoding",
    "contentMediaType",
    "contentSchema",
];

/// The JSON Schema dialect of a document, from its root `$schema`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Draft {
    /// draft-04, -06, -07: `$ref` siblings ignored, `items: [...]` tuples.
    Legacy,
    /// 2019-09: `items: [...]` tuples, `unevaluated*`, `dependent*`, `*Contains`.
    D2019,
    /// 2020-12: `prefixItems` tuples.
    D2020,
    /// No (or an unknown) `$schema`: every spelling is read.
    Unknown,
}

impl Draft {
    pub(crate) fn of(root: &Value) -> Draft {
        let Some(uri) = root.get("$schema").and_then(Value::as_str) else {
            return Draft::Unknown;
        };
        if uri.contains("2020-12") {
            Draft::D2020
        } else if uri.contains("2019-09") {
            Draft::D2019
        } else if ["draft-04", "draft-05", "draft-06", "draft-07"]
            .iter()
            .any(|d| uri.contains(d))
        {
            Draft::Legacy
        } else {
            Draft::Unknown
        }
    }

    /// True when keywords next to `$ref` apply (2019-09 on).
    pub(crate) fn ref_siblings_apply(self) -> bool {
        self != Draft::Legacy
    }

    /// True when the 2019-09 vocabulary (`unevaluated*`, `dependent*`, `*Contains`) exists.
    pub(crate) fn has_2019_keywords(self) -> bool {
        self != Draft::Legacy
    }
}

/// One incompatibility found by the walk, phrased neutrally ("accepted by the old
/// schema, rejected by the new one") so either direction can report it.
#[derive(Debug, Clone)]
pub(crate) struct Issue {
    pub rule: &'static RuleMeta,
    /// JSON pointer into the new schema.
    pub pointer: String,
    pub detail: String,
    /// The SAFE rule that reports this issue instead under the lenient content model,
    /// when that model excuses it.
    pub lenient: Option<&'static RuleMeta>,
}

/// The two nodes being compared, by their paths in their documents.
#[derive(Debug, Clone, Copy)]
pub(crate) struct At<'p> {
    pub r: &'p str,
    pub w: &'p str,
    pub depth: usize,
}

/// State of one directed comparison.
pub(crate) struct Walker<'a> {
    r_root: &'a Value,
    w_root: &'a Value,
    /// True when the reader is the new schema (BACKWARD direction).
    pub r_is_new: bool,
    /// Dialect of the reader's document.
    pub r_draft: Draft,
    /// Dialect of the writer's document.
    pub w_draft: Draft,
    stack: Vec<(String, String)>,
    steps: usize,
    gave_up: bool,
    /// Compiled `patternProperties`/`pattern` regexes; `None` when one does not compile
    /// (ECMA-262 features the regex crate lacks): such a pattern decides nothing.
    regexes: HashMap<String, Option<Regex>>,
    pub issues: Vec<Issue>,
}

impl<'a> Walker<'a> {
    pub(crate) fn new(reader: &'a Value, writer: &'a Value, r_is_new: bool) -> Walker<'a> {
        Walker {
            r_root: reader,
            w_root: writer,
            r_is_new,
            r_draft: Draft::of(reader),
            w_draft: Draft::of(writer),
            stack: Vec::new(),
            steps: 0,
            gave_up: false,
            regexes: HashMap::new(),
            issues: Vec::new(),
        }
    }

    /// Runs the comparison from both roots.
    pub(crate) fn run(mut self) -> Vec<Issue> {
        let (r, w) = (self.r_root, self.w_root);
        self.reads(r, "", w, "", 0);
        self.issues
    }

    /// "the new schema" / "the old schema" for the reader.
    pub(crate) fn r_label(&self) -> &'static str {
        if self.r_is_new { "new" } else { "old" }
    }

    /// The label of the writer.
    pub(crate) fn w_label(&self) -> &'static str {
        if self.r_is_new { "old" } else { "new" }
    }

    /// True when `pattern` matches `text`; `None` when the pattern cannot be compiled.
    pub(crate) fn matches(&mut self, pattern: &str, text: &str) -> Option<bool> {
        if !self.regexes.contains_key(pattern) {
            // Bounded: the pattern comes from the change under review.
            let re = regex::RegexBuilder::new(pattern)
                .size_limit(1 << 20)
                .build()
                .ok();
            self.regexes.insert(pattern.to_string(), re);
        }
        self.regexes
            .get(pattern)
            .and_then(Option::as_ref)
            .map(|re| re.is_match(text))
    }

    /// Runs `f`, then marks every issue it recorded as excused by the lenient content
    /// model (reported as `schema-change-compatible` there).
    pub(crate) fn lenient_scope(&mut self, f: impl FnOnce(&mut Self)) {
        let before = self.issues.len();
        f(self);
        for issue in &mut self.issues[before..] {
            if issue.rule.class == accord_model::Class::Breaking && issue.lenient.is_none() {
                issue.lenient = Some(&rules::schema_change_compatible::SCHEMA_CHANGE_COMPATIBLE);
            }
        }
    }

    /// Records an issue at the new side's path.
    pub(crate) fn issue(&mut self, rule: &'static RuleMeta, at: At<'_>, detail: String) {
        self.issue_with(rule, at, detail, None);
    }

    /// Records an issue that the lenient content model reports under `lenient` instead.
    pub(crate) fn issue_with(
        &mut self,
        rule: &'static RuleMeta,
        at: At<'_>,
        detail: String,
        lenient: Option<&'static RuleMeta>,
    ) {
        let pointer = if self.r_is_new { at.r } else { at.w };
        self.issues.push(Issue {
            rule,
            pointer: pointer.to_string(),
            detail,
            lenient,
        });
    }

    /// Compares reader node `r` (at `rp`) with writer node `w` (at `wp`).
    pub(crate) fn reads(&mut self, r: &Value, rp: &str, w: &Value, wp: &str, depth: usize) {
        if self.exhausted(At {
            r: rp,
            w: wp,
            depth,
        }) {
            return;
        }
        let r_root = self.r_root;
        let w_root = self.w_root;
        let (r, rp2, r_followed) = match resolve(r_root, r, rp, self.r_draft) {
            Ok(x) => x,
            Err(why) => {
                let at = At {
                    r: rp,
                    w: wp,
                    depth,
                };
                self.unresolved(at, why, self.r_label());
                return;
            }
        };
        let (w, wp2, w_followed) = match resolve(w_root, w, wp, self.w_draft) {
            Ok(x) => x,
            Err(why) => {
                let at = At {
                    r: rp,
                    w: wp,
                    depth,
                };
                self.unresolved(at, why, self.w_label());
                return;
            }
        };
        if r_followed || w_followed || reference_of(r).is_some() || reference_of(w).is_some() {
            let key = (rp2.clone(), wp2.clone());
            if self.stack.contains(&key) {
                return;
            }
            self.stack.push(key);
            self.reads_resolved(r, &rp2, w, &wp2, depth);
            self.stack.pop();
        } else {
            self.reads_resolved(r, &rp2, w, &wp2, depth);
        }
    }

    /// Counts one step; true (after reporting once) when depth or work is used up.
    /// Checked on every recursion, including combinator splits that expand a `$ref` to
    /// a schema holding the same combinator again.
    fn exhausted(&mut self, at: At<'_>) -> bool {
        self.steps += 1;
        if at.depth <= MAX_DEPTH && self.steps <= MAX_STEPS {
            return false;
        }
        if !self.gave_up {
            self.gave_up = true;
            self.issue(
                &rules::schema_uncomparable::SCHEMA_UNCOMPARABLE,
                at,
                format!(
                    "comparison stopped here: the schemas nest deeper than {MAX_DEPTH} levels or need more than {MAX_STEPS} comparisons"
                ),
            );
        }
        true
    }

    fn unresolved(&mut self, at: At<'_>, why: String, side: &str) {
        self.issue(
            &rules::schema_uncomparable::SCHEMA_UNCOMPARABLE,
            at,
            format!("cannot follow a reference in the {side} schema: {why}"),
        );
    }

    fn reads_resolved(&mut self, r: &Value, rp: &str, w: &Value, wp: &str, depth: usize) {
        let at = At {
            r: rp,
            w: wp,
            depth,
        };
        let empty = Map::new();
        let wm = match w {
            Value::Bool(false) => return,
            Value::Bool(true) => &empty,
            Value::Object(m) => m,
            // Not a schema; registry lint reports it, the diff has nothing to compare.
            _ => return,
        };
        let rm = match r {
            Value::Bool(true) => return,
            Value::Bool(false) => {
                let detail = format!(
                    "the {} schema accepts nothing (`false`) where the {} schema accepts values",
                    self.r_label(),
                    self.w_label()
                );
                self.issue(
                    &rules::schema_type_incompatible::SCHEMA_TYPE_INCOMPATIBLE,
                    at,
                    detail,
                );
                return;
            }
            Value::Object(m) => m,
            _ => return,
        };
        self.reads_maps(rm, wm, at);
    }

    /// Splits combinators, then applies every keyword rule.
    pub(crate) fn reads_maps(
        &mut self,
        rm: &Map<String, Value>,
        wm: &Map<String, Value>,
        at: At<'_>,
    ) {
        if self.exhausted(at) {
            return;
        }
        let depth = at.depth + 1;
        // `$ref` with siblings (2019-09 on): the conjunction of the target and the siblings.
        if self.w_draft.ref_siblings_apply()
            && let Some(reference) = reference_of_map(wm)
        {
            let base = without_refs(wm);
            match ref_target(self.w_root, reference) {
                Ok(target) => {
                    let w_root = self.w_root;
                    let Some(tv) = w_root.pointer(&target) else {
                        let why = format!("`$ref: {reference}` points to nothing");
                        self.unresolved(at, why, self.w_label());
                        return;
                    };
                    let merged = match self.resolved_map(w_root, tv, &target) {
                        Some(tm) => merge(&base, tm),
                        None if tv == &Value::Bool(false) => return,
                        None => base,
                    };
                    self.reads_maps(rm, &merged, At { depth, ..at });
                }
                Err(why) => self.unresolved(at, why, self.w_label()),
            }
            return;
        }
        if self.r_draft.ref_siblings_apply()
            && let Some(reference) = reference_of_map(rm)
        {
            let base = without_refs(rm);
            if sees_evaluated(rm) {
                // `unevaluated*` sees what the target evaluates: one merged reader.
                let r_root = self.r_root;
                let target = ref_target(r_root, reference).ok();
                let tv = target.as_deref().and_then(|t| r_root.pointer(t));
                if let (Some(t), Some(tv)) = (target.as_deref(), tv)
                    && let Some(tm) = self.resolved_map(r_root, tv, t)
                {
                    let merged = merge(&base, tm);
                    self.reads_maps(&merged, wm, At { depth, ..at });
                    return;
                }
            }
            self.reads_maps(&base, wm, At { depth, ..at });
            match ref_target(self.r_root, reference) {
                Ok(target) => {
                    let r_root = self.r_root;
                    match r_root.pointer(&target) {
                        Some(tv) => {
                            let w_value = Value::Object(wm.clone());
                            self.reads(tv, &target, &w_value, at.w, depth);
                        }
                        None => self.unresolved(
                            at,
                            format!("`$ref: {reference}` points to nothing"),
                            self.r_label(),
                        ),
                    }
                }
                Err(why) => self.unresolved(at, why, self.r_label()),
            }
            return;
        }
        // The writer is a union: every branch must be readable.
        for key in ["anyOf", "oneOf"] {
            if let Some(branches) = schema_array(wm, key) {
                let base = without(wm, key);
                for (i, b) in branches.iter().enumerate() {
                    let branch_path = format!("{}/{key}/{i}", at.w);
                    let merged = match self.resolved_map(self.w_root, b, &branch_path) {
                        Some(bm) => merge(&base, bm),
                        // A `false` branch accepts nothing; anything else is not a schema.
                        None => continue,
                    };
                    let at2 = At {
                        w: &branch_path,
                        depth,
                        ..at
                    };
                    self.reads_maps(rm, &merged, at2);
                }
                return;
            }
        }
        // The writer is an intersection: compare with the merged whole.
        if let Some(branches) = schema_array(wm, "allOf") {
            let mut merged = without(wm, "allOf");
            for (i, b) in branches.iter().enumerate() {
                let branch_path = format!("{}/allOf/{i}", at.w);
                match self.resolved_map(self.w_root, b, &branch_path) {
                    Some(bm) => merged = merge(&merged, bm),
                    None if b == &Value::Bool(false) => return,
                    None => {}
                }
            }
            self.reads_maps(rm, &merged, At { depth, ..at });
            return;
        }
        // The reader is an intersection: each part must read the writer.
        if let Some(branches) = schema_array(rm, "allOf") {
            let base = without(rm, "allOf");
            if sees_evaluated(rm) {
                // `unevaluated*` sees the properties and items every branch evaluates, so
                // the parts cannot be compared apart: compare one merged reader.
                let mut merged = base;
                for (i, b) in branches.iter().enumerate() {
                    let branch_path = format!("{}/allOf/{i}", at.r);
                    if let Some(bm) = self.resolved_map(self.r_root, b, &branch_path) {
                        merged = merge(&merged, bm);
                    }
                }
                self.reads_maps(&merged, wm, At { depth, ..at });
                return;
            }
            self.reads_maps(&base, wm, At { depth, ..at });
            for (i, b) in branches.iter().enumerate() {
                let branch_path = format!("{}/allOf/{i}", at.r);
                let w_value = Value::Object(wm.clone());
                self.reads(b, &branch_path, &w_value, at.w, depth);
            }
            return;
        }
        // The reader is a union: one branch must read the whole writer (sufficient,
        // not necessary: a writer spread over several reader branches is reported).
        for key in ["anyOf", "oneOf"] {
            if let Some(branches) = schema_array(rm, key) {
                let base = without(rm, key);
                self.reads_maps(&base, wm, At { depth, ..at });
                let w_value = Value::Object(wm.clone());
                let mut best: Option<Vec<Issue>> = None;
                for (i, b) in branches.iter().enumerate() {
                    let branch_path = format!("{}/{key}/{i}", at.r);
                    let saved = std::mem::take(&mut self.issues);
                    self.reads(b, &branch_path, &w_value, at.w, depth);
                    let found = std::mem::replace(&mut self.issues, saved);
                    if found.is_empty() {
                        return;
                    }
                    if best.as_ref().is_none_or(|b| found.len() < b.len()) {
                        best = Some(found);
                    }
                }
                let best = best.unwrap_or_default();
                if branches.len() == 1 {
                    self.issues.extend(best);
                } else {
                    let first = best
                        .first()
                        .map(|i| format!(" (closest branch: {})", i.detail))
                        .unwrap_or_default();
                    let detail = format!(
                        "no branch of the {} schema's `{key}` accepts everything the {} schema accepts{first}",
                        self.r_label(),
                        self.w_label()
                    );
                    let r_path = format!("{}/{key}", at.r);
                    self.issue(
                        &rules::schema_composition_incompatible::SCHEMA_COMPOSITION_INCOMPATIBLE,
                        At { r: &r_path, ..at },
                        detail,
                    );
                }
                return;
            }
        }
        // A conditional writer is the union of its two arms; a conditional reader asks
        // each arm that can apply to read the writer (`then` for writers known to meet
        // the same `if`, `else` for those known not to, both otherwise).
        if conditional(rm) || conditional(wm) {
            let r_base = without_conditional(rm);
            let w_arms: Vec<(Option<bool>, Map<String, Value>, String)> = if conditional(wm) {
                let w_base = without_conditional(wm);
                let mut arms = Vec::new();
                for (arm, key) in [(true, "then"), (false, "else")] {
                    let path = format!("{}/{key}", at.w);
                    let merged = match wm.get(key) {
                        None => w_base.clone(),
                        Some(b) => match self.resolved_map(self.w_root, b, &path) {
                            Some(bm) => merge(&w_base, bm),
                            None => continue,
                        },
                    };
                    arms.push((Some(arm), merged, path));
                }
                arms
            } else {
                vec![(None, wm.clone(), at.w.to_string())]
            };
            let same_if = rm.get("if").is_some() && rm.get("if") == wm.get("if");
            for (arm, w_arm, w_path) in &w_arms {
                let at2 = At {
                    w: w_path,
                    depth,
                    ..at
                };
                self.reads_maps(&r_base, w_arm, at2);
                if !conditional(rm) {
                    continue;
                }
                let w_value = Value::Object(w_arm.clone());
                for (r_arm, key) in [(true, "then"), (false, "else")] {
                    if same_if && *arm != Some(r_arm) {
                        continue;
                    }
                    if let Some(r_sub) = rm.get(key) {
                        let rp = format!("{}/{key}", at.r);
                        self.reads(r_sub, &rp, &w_value, w_path, depth);
                    }
                }
            }
            return;
        }
        rules::schema_composition_incompatible::check_not(self, rm, wm, at);
        rules::schema_type_incompatible::check(self, rm, wm, at);
        rules::schema_enum_incompatible::check(self, rm, wm, at);
        if !constrains(wm) {
            // The writer accepts anything: the type or enum finding above says it all,
            // and listing every keyword of the reader again would only be noise.
            return;
        }
        rules::schema_bounds_incompatible::check(self, rm, wm, at);
        rules::schema_pattern_incompatible::check(self, rm, wm, at);
        rules::schema_required_incompatible::check(self, rm, wm, at);
        rules::schema_property_incompatible::check(self, rm, wm, at);
        rules::schema_dependencies_incompatible::check(self, rm, wm, at);
        rules::schema_items_incompatible::check(self, rm, wm, at);
    }

    /// `b` with its `$ref` chain followed, as a map; `None` for boolean schemas.
    pub(crate) fn resolved_map<'v>(
        &mut self,
        root: &'v Value,
        b: &'v Value,
        path: &str,
    ) -> Option<&'v Map<String, Value>> {
        let draft = if std::ptr::eq(root, self.r_root) {
            self.r_draft
        } else {
            self.w_draft
        };
        match resolve(root, b, path, draft) {
            Ok((Value::Object(m), _, _)) => Some(m),
            Ok((Value::Bool(true), _, _)) => Some(empty_map()),
            Ok(_) => None,
            Err(_) => None,
        }
    }
}

pub(crate) fn empty_map() -> &'static Map<String, Value> {
    static EMPTY: std::sync::OnceLock<Map<String, Value>> = std::sync::OnceLock::new();
    EMPTY.get_or_init(Map::new)
}

/// Follows `$ref` (also `$dynamicRef` and `$recursiveRef`, read as plain references)
/// within the document: JSON pointers and `$anchor`/`$dynamicAnchor` names. Returns the
/// target, its path and whether a reference was followed. Where the dialect applies the
/// siblings of `$ref` (2019-09 on) and there are constraining ones, the node is returned
/// unresolved: the walk then treats it as the conjunction of the target and the siblings.
pub(crate) fn resolve<'v>(
    root: &'v Value,
    v: &'v Value,
    path: &str,
    draft: Draft,
) -> Result<(&'v Value, String, bool), String> {
    let mut v = v;
    let mut path = path.to_string();
    let mut followed = false;
    for _ in 0..MAX_REF_CHAIN {
        let Some(reference) = reference_of(v) else {
            return Ok((v, path, followed));
        };
        if draft.ref_siblings_apply() && has_ref_siblings(v) {
            return Ok((v, path, followed));
        }
        let target = ref_target(root, reference)?;
        v = root
            .pointer(&target)
            .ok_or_else(|| format!("`$ref: {reference}` points to nothing"))?;
        path = target;
        followed = true;
    }
    Err(format!(
        "a chain of more than {MAX_REF_CHAIN} `$ref`s (a reference cycle) at `{path}`"
    ))
}

/// The keyword `key` of a schema map, found by scanning its (few) keys: cheaper than
/// hashing for the keywords most schemas lack, which the walk asks about at every node.
pub(crate) fn kw<'m>(m: &'m Map<String, Value>, key: &str) -> Option<&'m Value> {
    m.iter().find(|(k, _)| k.as_str() == key).map(|(_, v)| v)
}

fn is_ref_key(k: &str) -> bool {
    matches!(k, "$ref" | "$dynamicRef" | "$recursiveRef")
}

/// The reference a schema node makes, if any.
pub(crate) fn reference_of(v: &Value) -> Option<&str> {
    v.as_object()?
        .iter()
        .find(|(k, _)| is_ref_key(k))
        .and_then(|(_, v)| v.as_str())
}

/// True when a node with `$ref` also has keywords that constrain instances.
pub(crate) fn has_ref_siblings(v: &Value) -> bool {
    v.as_object().is_some_and(|m| {
        m.keys().any(|k| {
            !matches!(k.as_str(), "$ref" | "$dynamicRef" | "$recursiveRef")
                && !ANNOTATIONS.contains(&k.as_str())
        })
    })
}

/// The JSON pointer a local reference names.
pub(crate) fn ref_target(root: &Value, reference: &str) -> Result<String, String> {
    let Some(fragment) = reference.strip_prefix('#') else {
        return Err(format!("`$ref: {reference}` points outside the document"));
    };
    let fragment = percent_decode(fragment);
    if fragment.is_empty() || fragment.starts_with('/') {
        return Ok(fragment);
    }
    find_anchor(root, &fragment, "", 0)
        .ok_or_else(|| format!("`$ref: {reference}` names an anchor the document does not have"))
}

/// The pointer of the node declaring `$anchor` (or `$dynamicAnchor`) `name`.
fn find_anchor(v: &Value, name: &str, at: &str, depth: usize) -> Option<String> {
    if depth > MAX_DEPTH {
        return None;
    }
    match v {
        Value::Object(m) => {
            if ["$anchor", "$dynamicAnchor"]
                .iter()
                .any(|k| m.get(*k).and_then(Value::as_str) == Some(name))
            {
                return Some(at.to_string());
            }
            m.iter().find_map(|(k, c)| {
                let token = k.replace('~', "~0").replace('/', "~1");
                find_anchor(c, name, &format!("{at}/{token}"), depth + 1)
            })
        }
        Value::Array(a) => a
            .iter()
            .enumerate()
            .find_map(|(i, c)| find_anchor(c, name, &format!("{at}/{i}"), depth + 1)),
        _ => None,
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = s.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A non-empty array under `key`.
fn schema_array<'v>(m: &'v Map<String, Value>, key: &str) -> Option<&'v Vec<Value>> {
    match m.get(key) {
        Some(Value::Array(a)) if !a.is_empty() => Some(a),
        _ => None,
    }
}

/// The reference of a map that also has constraining siblings.
fn reference_of_map(m: &Map<String, Value>) -> Option<&str> {
    let reference = m
        .iter()
        .find(|(k, _)| is_ref_key(k))
        .and_then(|(_, v)| v.as_str())?;
    m.keys()
        .any(|k| {
            !matches!(k.as_str(), "$ref" | "$dynamicRef" | "$recursiveRef")
                && !ANNOTATIONS.contains(&k.as_str())
        })
        .then_some(reference)
}

fn without_refs(m: &Map<String, Value>) -> Map<String, Value> {
    let mut out = m.clone();
    for k in ["$ref", "$dynamicRef", "$recursiveRef"] {
        out.remove(k);
    }
    out
}

/// True when `m` has `unevaluatedProperties`/`unevaluatedItems`, whose meaning depends on
/// what its subschemas evaluate.
fn sees_evaluated(m: &Map<String, Value>) -> bool {
    m.keys()
        .any(|k| k == "unevaluatedProperties" || k == "unevaluatedItems")
}

/// True when `if` has a `then` or an `else` to select (alone, `if` constrains nothing).
fn conditional(m: &Map<String, Value>) -> bool {
    kw(m, "if").is_some() && m.keys().any(|k| k == "then" || k == "else")
}

fn without_conditional(m: &Map<String, Value>) -> Map<String, Value> {
    let mut out = m.clone();
    for k in ["if", "then", "else"] {
        out.remove(k);
    }
    out
}

pub(crate) fn without(m: &Map<String, Value>, key: &str) -> Map<String, Value> {
    let mut out = m.clone();
    out.remove(key);
    out
}

/// True when the schema has a keyword that constrains instances.
pub(crate) fn constrains(m: &Map<String, Value>) -> bool {
    m.keys().any(|k| !ANNOTATIONS.contains(&k.as_str()))
}

/// The `type` keyword as a list; `None` when absent (any type).
pub(crate) fn types(m: &Map<String, Value>) -> Option<Vec<String>> {
    match m.get("type")? {
        Value::String(t) => Some(vec![t.clone()]),
        Value::Array(ts) => Some(
            ts.iter()
                .filter_map(|t| t.as_str().map(str::to_string))
                .collect(),
        ),
        _ => None,
    }
}

/// The JSON type name of a value.
pub(crate) fn type_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// The values an `enum` or `const` allows, if it restricts them.
pub(crate) fn allowed_values(m: &Map<String, Value>) -> Option<Vec<&Value>> {
    if let Some(c) = m.get("const") {
        return Some(vec![c]);
    }
    match m.get("enum") {
        Some(Value::Array(vs)) => Some(vs.iter().collect()),
        _ => None,
    }
}

/// The types a writer can produce: its `type`, else those of its enum values, else any.
pub(crate) fn writer_types(m: &Map<String, Value>) -> Option<Vec<String>> {
    types(m).or_else(|| {
        allowed_values(m).map(|vs| {
            let mut ts: Vec<String> = vs.iter().map(|v| type_of(v).to_string()).collect();
            ts.sort();
            ts.dedup();
            ts
        })
    })
}

/// True when instances of JSON type `t` may satisfy `m`.
pub(crate) fn can_be(m: &Map<String, Value>, t: &str) -> bool {
    // What `writer_types` says, without allocating: every rule asks at every node.
    let fits =
        |x: &str| x == t || (t == "number" && x == "integer") || (t == "integer" && x == "number");
    match m.get("type") {
        Some(Value::String(x)) => fits(x),
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).any(fits),
        _ => {
            if let Some(c) = m.get("const") {
                return fits(type_of(c));
            }
            match m.get("enum") {
                Some(Value::Array(vs)) => vs.iter().any(|v| fits(type_of(v))),
                _ => true,
            }
        }
    }
}

/// Shallow conjunction of two schema maps, good enough to compare an `allOf` writer:
/// required and properties are unioned, bounds take the tighter value, other keywords
/// keep the first schema's value.
pub(crate) fn merge(a: &Map<String, Value>, b: &Map<String, Value>) -> Map<String, Value> {
    let mut out = a.clone();
    for (k, bv) in b {
        let Some(av) = out.get(k).cloned() else {
            out.insert(k.clone(), bv.clone());
            continue;
        };
        let merged = match (k.as_str(), &av, bv) {
            ("required", Value::Array(x), Value::Array(y)) => {
                let mut all = x.clone();
                all.extend(y.iter().filter(|v| !x.contains(v)).cloned());
                Value::Array(all)
            }
            ("properties", Value::Object(x), Value::Object(y)) => {
                let mut all = x.clone();
                for (name, ys) in y {
                    let v = match x.get(name) {
                        Some(xs) if xs != ys => serde_json::json!({ "allOf": [xs, ys] }),
                        _ => ys.clone(),
                    };
                    all.insert(name.clone(), v);
                }
                Value::Object(all)
            }
            ("type", _, _) => {
                let (Some(x), Some(y)) = (types(a), types(b)) else {
                    continue;
                };
                let both: Vec<Value> = x
                    .iter()
                    .filter(|t| {
                        y.contains(t)
                            || (t.as_str() == "integer" && y.iter().any(|u| u == "number"))
                    })
                    .map(|t| Value::String(t.clone()))
                    .chain(
                        y.iter()
                            .filter(|t| t.as_str() == "integer" && x.iter().any(|u| u == "number"))
                            .map(|t| Value::String(t.clone())),
                    )
                    .collect();
                Value::Array(both)
            }
            (
                "minimum" | "exclusiveMinimum" | "minLength" | "minItems" | "minProperties",
                Value::Number(x),
                Value::Number(y),
            ) => {
                if y.as_f64() > x.as_f64() {
                    bv.clone()
                } else {
                    av.clone()
                }
            }
            (
                "maximum" | "exclusiveMaximum" | "maxLength" | "maxItems" | "maxProperties",
                Value::Number(x),
                Value::Number(y),
            ) => {
                if y.as_f64() < x.as_f64() {
                    bv.clone()
                } else {
                    av.clone()
                }
            }
            _ => continue,
        };
        out.insert(k.clone(), merged);
    }
    out
}
