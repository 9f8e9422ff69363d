//! "Can reader schema R read everything writer schema W accepts?" — the one question every
//! compatibility mode is built from (BACKWARD: new reads old; FORWARD: old reads new).
//!
//! The walk is sound where it can be and conservative elsewhere: when inclusion cannot be
//! decided (two different regular expressions, a `not`), it reports an incompatibility
//! rather than guess. It never recurses without bound: a pair of nodes reached through
//! `$ref` that is already being compared is assumed compatible (the coinductive reading
//! of recursive schemas), and depth and total work are capped.

use crate::rules;
use accord_model::RuleMeta;
use serde_json::{Map, Value};

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
];

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
    stack: Vec<(String, String)>,
    steps: usize,
    gave_up: bool,
    pub issues: Vec<Issue>,
}

static TRUE: Value = Value::Bool(true);

impl<'a> Walker<'a> {
    pub(crate) fn new(reader: &'a Value, writer: &'a Value, r_is_new: bool) -> Walker<'a> {
        Walker {
            r_root: reader,
            w_root: writer,
            r_is_new,
            stack: Vec::new(),
            steps: 0,
            gave_up: false,
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
        let (r, rp2, r_followed) = match resolve(r_root, r, rp) {
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
        let (w, wp2, w_followed) = match resolve(w_root, w, wp) {
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
        if r_followed || w_followed {
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
        self.items(rm, wm, at);
    }

    /// `b` with its `$ref` chain followed, as a map; `None` for boolean schemas.
    fn resolved_map<'v>(
        &mut self,
        root: &'v Value,
        b: &'v Value,
        path: &str,
    ) -> Option<&'v Map<String, Value>> {
        match resolve(root, b, path) {
            Ok((Value::Object(m), _, _)) => Some(m),
            Ok((Value::Bool(true), _, _)) => Some(empty_map()),
            Ok(_) => None,
            Err(_) => None,
        }
    }

    fn items(&mut self, rm: &Map<String, Value>, wm: &Map<String, Value>, at: At<'_>) {
        if !can_be(wm, "array") {
            return;
        }
        let (r_prefix, r_rest) = tuple(rm, at.r);
        let (w_prefix, w_rest) = tuple(wm, at.w);
        if r_prefix.is_empty() && w_prefix.is_empty() && r_rest.is_none() {
            return;
        }
        let depth = at.depth + 1;
        let n = r_prefix.len().max(w_prefix.len());
        for i in 0..n {
            let (rp, rv) = pick(&r_prefix, &r_rest, i, at.r);
            let (wp, wv) = pick(&w_prefix, &w_rest, i, at.w);
            self.reads(rv, &rp, wv, &wp, depth);
        }
        if let Some((rp, rv)) = &r_rest {
            let (wp, wv) = w_rest
                .clone()
                .unwrap_or_else(|| (format!("{}/items", at.w), &TRUE));
            self.reads(rv, rp, wv, &wp, depth);
        }
    }
}

type Slot<'v> = (String, &'v Value);

/// The schema of array position `i`: its tuple slot, else the rest, else anything.
fn pick<'v>(prefix: &[Slot<'v>], rest: &Option<Slot<'v>>, i: usize, base: &str) -> Slot<'v> {
    match prefix.get(i) {
        Some((p, v)) => (p.clone(), *v),
        None => match rest {
            Some((p, v)) => (p.clone(), *v),
            None => (format!("{base}/items"), &TRUE),
        },
    }
}

fn empty_map() -> &'static Map<String, Value> {
    static EMPTY: std::sync::OnceLock<Map<String, Value>> = std::sync::OnceLock::new();
    EMPTY.get_or_init(Map::new)
}

/// The tuple part and the rest of an array schema, in draft 2020-12 (`prefixItems` +
/// `items`) or draft 4–2019 (`items: [...]` + `additionalItems`) spelling, with paths.
fn tuple<'v>(m: &'v Map<String, Value>, base: &str) -> (Vec<Slot<'v>>, Option<Slot<'v>>) {
    if let Some(Value::Array(prefix)) = m.get("prefixItems") {
        let list = prefix
            .iter()
            .enumerate()
            .map(|(i, v)| (format!("{base}/prefixItems/{i}"), v))
            .collect();
        return (list, m.get("items").map(|v| (format!("{base}/items"), v)));
    }
    match m.get("items") {
        Some(Value::Array(prefix)) => (
            prefix
                .iter()
                .enumerate()
                .map(|(i, v)| (format!("{base}/items/{i}"), v))
                .collect(),
            m.get("additionalItems")
                .map(|v| (format!("{base}/additionalItems"), v)),
        ),
        Some(v) => (Vec::new(), Some((format!("{base}/items"), v))),
        None => (Vec::new(), None),
    }
}

/// Follows `$ref` (JSON pointers within the document only). Returns the target, its path
/// and whether a reference was followed. Sibling keywords of `$ref` are not merged.
pub(crate) fn resolve<'v>(
    root: &'v Value,
    v: &'v Value,
    path: &str,
) -> Result<(&'v Value, String, bool), String> {
    let mut v = v;
    let mut path = path.to_string();
    let mut followed = false;
    for _ in 0..MAX_REF_CHAIN {
        let Some(reference) = v.get("$ref").and_then(Value::as_str) else {
            return Ok((v, path, followed));
        };
        let Some(fragment) = reference.strip_prefix('#') else {
            return Err(format!("`$ref: {reference}` points outside the document"));
        };
        let fragment = percent_decode(fragment);
        if !fragment.is_empty() && !fragment.starts_with('/') {
            return Err(format!(
                "`$ref: {reference}` uses an anchor, which is not supported"
            ));
        }
        v = root
            .pointer(&fragment)
            .ok_or_else(|| format!("`$ref: {reference}` points to nothing"))?;
        path = fragment;
        followed = true;
    }
    Err(format!(
        "a chain of more than {MAX_REF_CHAIN} `$ref`s (a reference cycle) at `{path}`"
    ))
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

fn without(m: &Map<String, Value>, key: &str) -> Map<String, Value> {
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
    match writer_types(m) {
        None => true,
        Some(ts) => ts.iter().any(|x| {
            x == t || (t == "number" && x == "integer") || (t == "integer" && x == "number")
        }),
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
