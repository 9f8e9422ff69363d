use crate::rules::schema_change_compatible::SCHEMA_CHANGE_COMPATIBLE;
use crate::rules::schema_property_added::SCHEMA_PROPERTY_ADDED;
use crate::rules::schema_type_incompatible::display;
use crate::schema::walk::{At, Walker, can_be, constrains, kw};
use serde_json::{Map, Value};

accord_model::declare_rule! {
    /// ## What it does
    /// Reports property changes that break the content model, and compares properties
    /// present on both sides. The schema a property name gets on each side is, in order:
    /// its `properties` entry, else the first `patternProperties` entry whose regex
    /// matches it, else `additionalProperties`, else (2019-09 on) `unevaluatedProperties`,
    /// else anything (an **open** model). A name whose schema is `false` is never written
    /// and never read. A schema with `unevaluatedProperties` is first merged with its
    /// `allOf` branches and its `$ref` target, whose properties count as evaluated. With
    /// that:
    /// - a property added to an **open** content model: old data may already hold any
    ///   value under that name, so the new definition may reject it. This is Confluent
    ///   Schema Registry's documented behaviour and is incompatible under
    ///   `content_model: strict`; under `lenient` (the default) it is reported as
    ///   `schema-property-added` (SAFE, MINOR) instead. The FORWARD mirror image (a
    ///   property removed from an open model) is treated alike;
    /// - a property added to a **partially open** model whose `patternProperties` cover
    ///   it is compared with the pattern's schema (compatible when that schema reads it),
    ///   and one added as `false` (forbidden) is compatible in both directions against a
    ///   closed model;
    /// - a property removed from, or added against, a **closed** content model
    ///   (`additionalProperties: false` or `unevaluatedProperties: false`): the reader
    ///   rejects it (BACKWARD when removed, FORWARD when added);
    /// - `additionalProperties`/`unevaluatedProperties` narrowed (open → `false` or → a
    ///   schema): incompatible under `strict`; under `lenient` (writers wrote only what
    ///   they declared) it is `schema-change-compatible`. Widening is compatible; a
    ///   changed schema (→ another schema) is compared as a schema under both models;
    /// - `patternProperties` entries are compared regex by regex; a new pattern applies to
    ///   the other side's undeclared names (like a narrowed `additionalProperties`) and to
    ///   its declared names that match;
    /// - `propertyNames`: every name the other side can write must satisfy it. For a
    ///   closed writer that is its declared names (checked one by one); otherwise the two
    ///   `propertyNames` schemas are compared as string schemas.
    ///
    /// ## Why is this bad?
    /// Readers reject objects carrying properties they forbid, or values they now type
    /// differently than what was already written under the same name.
    ///
    /// ## Example
    /// ```json
    /// // old                                               // new
    /// { "properties": { "id": {}, "nick": {} },            { "properties": { "id": {} },
    ///   "additionalProperties": false }                      "additionalProperties": false }
    /// ```
    ///
    /// ## How to fix
    /// Keep the property (deprecate it in its description), or open the content model,
    /// or release a MAJOR version.
    pub static SCHEMA_PROPERTY_INCOMPATIBLE = {
        id: "schema-property-incompatible",
        group: "schema-change",
        class: Breaking,
        bump: Major,
        summary: "a property change the content model does not allow",
    }
}

/// What an object schema says about names it does not declare.
enum Extra<'v> {
    Closed,
    Open,
    Schema(&'v Value, &'static str),
}

/// `additionalProperties`, else `unevaluatedProperties` (2019-09 on: with no
/// `additionalProperties`, the names not evaluated are exactly the undeclared ones here,
/// since `allOf` and `$ref` siblings were merged before this point).
fn extra(m: &Map<String, Value>, modern: bool) -> Extra<'_> {
    let (v, key) = match kw(m, "additionalProperties") {
        Some(v) => (Some(v), "additionalProperties"),
        None if modern => (kw(m, "unevaluatedProperties"), "unevaluatedProperties"),
        None => (None, "additionalProperties"),
    };
    match v {
        Some(Value::Bool(false)) => Extra::Closed,
        None | Some(Value::Bool(true)) => Extra::Open,
        Some(Value::Object(o)) if !constrains(o) => Extra::Open,
        Some(v) => Extra::Schema(v, key),
    }
}

/// The schema an undeclared name gets.
enum Fallback<'v> {
    /// No value is allowed under that name.
    Forbidden,
    /// Any value is.
    Open,
    /// This schema (at this path) applies.
    Schema(String, &'v Value),
}

fn properties(m: &Map<String, Value>) -> Option<&Map<String, Value>> {
    m.get("properties").and_then(Value::as_object)
}

fn patterns(m: &Map<String, Value>) -> Vec<(&str, &Value)> {
    kw(m, "patternProperties")
        .and_then(Value::as_object)
        .map(|pp| pp.iter().map(|(k, v)| (k.as_str(), v)).collect())
        .unwrap_or_default()
}

fn escape(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

fn accepts_anything(v: &Value) -> bool {
    match v {
        Value::Bool(b) => *b,
        Value::Object(m) => !constrains(m),
        _ => true,
    }
}

fn modern(w: &Walker<'_>, reader: bool) -> bool {
    if reader {
        w.r_draft.has_2019_keywords()
    } else {
        w.w_draft.has_2019_keywords()
    }
}

/// The schema `m` (at `base`) gives the undeclared name `name`.
fn fallback<'v>(
    w: &mut Walker<'_>,
    m: &'v Map<String, Value>,
    pats: &[(&'v str, &'v Value)],
    base: &str,
    name: &str,
    reader: bool,
) -> Fallback<'v> {
    for &(re, s) in pats {
        if w.matches(re, name) == Some(true) {
            if *s == Value::Bool(false) {
                return Fallback::Forbidden;
            }
            return Fallback::Schema(format!("{base}/patternProperties/{}", escape(re)), s);
        }
    }
    match extra(m, modern(w, reader)) {
        Extra::Closed => Fallback::Forbidden,
        Extra::Open => Fallback::Open,
        Extra::Schema(s, key) => Fallback::Schema(format!("{base}/{key}"), s),
    }
}

pub(crate) fn check(
    w: &mut Walker<'_>,
    rm: &Map<String, Value>,
    wm: &Map<String, Value>,
    at: At<'_>,
) {
    if !can_be(wm, "object") {
        return;
    }
    let empty = Map::new();
    let r_props = properties(rm).unwrap_or(&empty);
    let w_props = properties(wm).unwrap_or(&empty);
    let depth = at.depth + 1;
    let (rl, wl) = (w.r_label(), w.w_label());
    let (r_pats, w_pats) = (patterns(rm), patterns(wm));

    for (name, r_sub) in r_props {
        let rp = format!("{}/properties/{}", at.r, escape(name));
        if let Some(w_sub) = w_props.get(name) {
            let wp = format!("{}/properties/{}", at.w, escape(name));
            w.reads(r_sub, &rp, w_sub, &wp, depth);
            continue;
        }
        match fallback(w, wm, &w_pats, at.w, name, false) {
            Fallback::Forbidden => {}
            Fallback::Schema(wp, s) => w.reads(r_sub, &rp, s, &wp, depth),
            Fallback::Open if accepts_anything(r_sub) => {}
            Fallback::Open => {
                let (detail, lenient) = if w.r_is_new {
                    (
                        format!(
                            "`{}`: property `{name}` was added to an open content model; old data may hold any value under that name",
                            display(At { r: &rp, ..at }, w)
                        ),
                        &SCHEMA_PROPERTY_ADDED,
                    )
                } else {
                    (
                        format!(
                            "`{}`: property `{name}` was removed while the new content model is open; new data may hold any value under that name",
                            display(at, w)
                        ),
                        &SCHEMA_CHANGE_COMPATIBLE,
                    )
                };
                w.issue_with(
                    &SCHEMA_PROPERTY_INCOMPATIBLE,
                    At { r: &rp, ..at },
                    detail,
                    Some(lenient),
                );
            }
        }
    }
    for (name, w_sub) in w_props {
        let wp = format!("{}/properties/{}", at.w, escape(name));
        // A reader pattern applies to declared names as well.
        for &(re, r_pp) in &r_pats {
            if w.matches(re, name) == Some(true) {
                let rp = format!("{}/patternProperties/{}", at.r, escape(re));
                w.reads(r_pp, &rp, w_sub, &wp, depth);
            }
        }
        if r_props.contains_key(name) || *w_sub == Value::Bool(false) {
            continue;
        }
        match fallback(w, rm, &r_pats, at.r, name, true) {
            Fallback::Open => {}
            Fallback::Schema(rp, s) => {
                if !rp.contains("/patternProperties/") {
                    w.reads(s, &rp, w_sub, &wp, depth);
                }
            }
            Fallback::Forbidden => {
                let detail = if w.r_is_new {
                    format!(
                        "`{}`: property `{name}` was removed from a closed content model; {wl} data holding it is rejected",
                        display(at, w)
                    )
                } else {
                    format!(
                        "`{}`: property `{name}` was added but the {rl} content model is closed; {rl} readers reject it",
                        display(At { w: &wp, ..at }, w)
                    )
                };
                w.issue(&SCHEMA_PROPERTY_INCOMPATIBLE, At { w: &wp, ..at }, detail);
            }
        }
    }
    check_patterns(w, rm, wm, at);
    check_extra(w, rm, wm, at);
    check_property_names(w, rm, wm, at);
}

/// `patternProperties` entries of either side that the other side does not have.
fn check_patterns(
    w: &mut Walker<'_>,
    rm: &Map<String, Value>,
    wm: &Map<String, Value>,
    at: At<'_>,
) {
    let depth = at.depth + 1;
    let (r_pats, w_pats) = (patterns(rm), patterns(wm));
    for &(re, r_pp) in &r_pats {
        let rp = format!("{}/patternProperties/{}", at.r, escape(re));
        if let Some((_, w_pp)) = w_pats.iter().find(|(x, _)| *x == re) {
            let wp = format!("{}/patternProperties/{}", at.w, escape(re));
            w.reads(r_pp, &rp, w_pp, &wp, depth);
            continue;
        }
        // The writer's undeclared names matching the new pattern come from its
        // `additionalProperties`: a narrowing of what it allowed there.
        match extra(wm, modern(w, false)) {
            Extra::Closed => {}
            Extra::Schema(s, key) => {
                let wp = format!("{}/{key}", at.w);
                w.lenient_scope(|w| w.reads(r_pp, &rp, s, &wp, depth));
            }
            Extra::Open if accepts_anything(r_pp) => {}
            Extra::Open => {
                let detail = format!(
                    "`{}`: the {rl} schema constrains properties matching `{re}`, which the {wl} schema leaves open",
                    display(At { r: &rp, ..at }, w),
                    rl = w.r_label(),
                    wl = w.w_label()
                );
                w.issue_with(
                    &SCHEMA_PROPERTY_INCOMPATIBLE,
                    At { r: &rp, ..at },
                    detail,
                    Some(&SCHEMA_CHANGE_COMPATIBLE),
                );
            }
        }
    }
    for &(re, w_pp) in &w_pats {
        if r_pats.iter().any(|(x, _)| *x == re) || *w_pp == Value::Bool(false) {
            continue;
        }
        let wp = format!("{}/patternProperties/{}", at.w, escape(re));
        match extra(rm, modern(w, true)) {
            Extra::Open => {}
            Extra::Schema(s, key) => {
                let rp = format!("{}/{key}", at.r);
                w.reads(s, &rp, w_pp, &wp, depth);
            }
            Extra::Closed => {
                let detail = format!(
                    "`{}`: the {wl} schema allows properties matching `{re}`, the {rl} content model is closed to them",
                    display(At { w: &wp, ..at }, w),
                    rl = w.r_label(),
                    wl = w.w_label()
                );
                w.issue(&SCHEMA_PROPERTY_INCOMPATIBLE, At { w: &wp, ..at }, detail);
            }
        }
    }
}

/// `additionalProperties` (or `unevaluatedProperties`) against each other. Narrowing is
/// excused by the lenient content model: writers only wrote what they declared.
fn check_extra(w: &mut Walker<'_>, rm: &Map<String, Value>, wm: &Map<String, Value>, at: At<'_>) {
    let depth = at.depth + 1;
    let (rl, wl) = (w.r_label(), w.w_label());
    let lenient = Some(&SCHEMA_CHANGE_COMPATIBLE);
    match (extra(rm, modern(w, true)), extra(wm, modern(w, false))) {
        (Extra::Open, _) | (_, Extra::Closed) => {}
        (Extra::Closed, _) => {
            let detail = format!(
                "`{}`: the {rl} schema forbids additional properties, the {wl} schema allows them",
                display(at, w)
            );
            w.issue_with(&SCHEMA_PROPERTY_INCOMPATIBLE, at, detail, lenient);
        }
        // A changed schema for undeclared names is not a narrowing of an open model: what
        // writers stored under those names must still be read (Confluent: TYPE_CHANGED at
        // `additionalProperties` is incompatible under its lenient policy too).
        (Extra::Schema(r, rk), Extra::Schema(ws, wk)) => {
            let rp = format!("{}/{rk}", at.r);
            let wp = format!("{}/{wk}", at.w);
            w.reads(r, &rp, ws, &wp, depth);
        }
        (Extra::Schema(_, key), Extra::Open) => {
            let detail = format!(
                "`{}`: the {rl} schema constrains additional properties (`{key}`), the {wl} schema allows any",
                display(at, w)
            );
            w.issue_with(&SCHEMA_PROPERTY_INCOMPATIBLE, at, detail, lenient);
        }
    }
}

/// `propertyNames`: every name the writer can write must be accepted by the reader.
fn check_property_names(
    w: &mut Walker<'_>,
    rm: &Map<String, Value>,
    wm: &Map<String, Value>,
    at: At<'_>,
) {
    let Some(r_pn) = kw(rm, "propertyNames") else {
        return;
    };
    if accepts_anything(r_pn) || wm.get("propertyNames") == Some(r_pn) {
        return;
    }
    let rp = format!("{}/propertyNames", at.r);
    let closed = matches!(extra(wm, modern(w, false)), Extra::Closed)
        && patterns(wm).iter().all(|(_, s)| **s == Value::Bool(false));
    if closed {
        let names: Vec<&String> = properties(wm)
            .map(|p| {
                p.iter()
                    .filter(|(_, s)| **s != Value::Bool(false))
                    .map(|(k, _)| k)
                    .collect()
            })
            .unwrap_or_default();
        let mut rejected = Vec::new();
        let mut undecided = false;
        for name in names {
            match name_ok(w, r_pn, name) {
                Some(true) => {}
                Some(false) => rejected.push(format!("`{name}`")),
                None => undecided = true,
            }
        }
        if !rejected.is_empty() {
            let detail = format!(
                "`{}`: property name(s) {} of the {} schema are rejected by the {} schema's `propertyNames`",
                display(At { r: &rp, ..at }, w),
                rejected.join(", "),
                w.w_label(),
                w.r_label()
            );
            w.issue(&SCHEMA_PROPERTY_INCOMPATIBLE, At { r: &rp, ..at }, detail);
        }
        if !undecided {
            return;
        }
    }
    let any_string = serde_json::json!({"type": "string"});
    let (w_pn, wp) = match wm.get("propertyNames") {
        Some(v) => (v.clone(), format!("{}/propertyNames", at.w)),
        None => (any_string, format!("{}/propertyNames", at.w)),
    };
    w.reads(r_pn, &rp, &w_pn, &wp, at.depth + 1);
}

/// Whether the string schema `s` accepts `name`; `None` when that takes more than the
/// simple keywords (`const`, `enum`, `pattern`, lengths).
fn name_ok(w: &mut Walker<'_>, s: &Value, name: &str) -> Option<bool> {
    let m = match s {
        Value::Bool(b) => return Some(*b),
        Value::Object(m) => m,
        _ => return Some(true),
    };
    let mut ok = true;
    for (k, v) in m {
        match k.as_str() {
            "type" => {}
            "const" => ok &= v.as_str() == Some(name),
            "enum" => {
                ok &= v
                    .as_array()
                    .is_some_and(|a| a.iter().any(|x| x.as_str() == Some(name)))
            }
            "pattern" => ok &= w.matches(v.as_str()?, name)?,
            "minLength" => ok &= name.chars().count() as f64 >= v.as_f64()?,
            "maxLength" => ok &= name.chars().count() as f64 <= v.as_f64()?,
            k if crate::schema::walk::ANNOTATIONS.contains(&k) => {}
            _ => return None,
        }
    }
    Some(ok)
}
