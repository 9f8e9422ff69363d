use crate::rules::schema_type_incompatible::display;
use crate::schema::walk::{At, Draft, Walker, can_be, constrains, kw};
use serde_json::{Map, Value};

accord_model::declare_rule! {
    /// ## What it does
    /// Reports array constraints the reading side adds or tightens, and compares array
    /// items position by position:
    /// - tuples: 2020-12 spells them `prefixItems` + `items` (the rest), draft-04 to
    ///   2019-09 `items: [...]` + `additionalItems`; each side is read in its own
    ///   dialect (`$schema`), so a draft-07 tuple and the same 2020-12 tuple compare
    ///   equal. Position `i` of each side is its tuple slot, else its rest, else (2019-09
    ///   on) `unevaluatedItems`, else anything. Each position is compared as a schema
    ///   (findings of the nested rules); a reader that closes a position the writer
    ///   fills (`items: false`, `additionalItems: false`, `unevaluatedItems: false`) is
    ///   reported here. A writer `maxItems` that stops before a position makes it moot;
    /// - `contains` with `minContains` (default 1) and `maxContains` (2019-09 on): the
    ///   writer must guarantee at least `minContains` items the reader's `contains`
    ///   accepts (its own `contains`, no weaker, with a `minContains` no lower), and at
    ///   most `maxContains` (its own `maxContains` over the same `contains`, or
    ///   `maxItems`).
    ///
    /// BACKWARD checks that the new schema reads every old array, FORWARD the reverse:
    /// closing a tuple or adding `contains` is BACKWARD-incompatible, opening or dropping
    /// it FORWARD-incompatible.
    ///
    /// ## Why is this bad?
    /// Arrays already written with a third element, or without an element the reader now
    /// requires, fail validation.
    ///
    /// ## Example
    /// ```json
    /// // old                                          // new
    /// { "prefixItems": [{"type": "string"}] }         { "prefixItems": [{"type": "string"}], "items": false }
    /// ```
    ///
    /// ## How to fix
    /// Keep accepting the extra positions (or the arrays without the contained item), or
    /// release a MAJOR version.
    pub static SCHEMA_ITEMS_INCOMPATIBLE = {
        id: "schema-items-incompatible",
        group: "schema-change",
        class: Breaking,
        bump: Major,
        summary: "an array item, tuple or contains constraint the reading side cannot accept",
    }
}

static TRUE: Value = Value::Bool(true);

type Slot<'v> = (String, &'v Value);

/// The tuple part and the rest of an array schema, read in `draft`, with paths.
fn tuple<'v>(
    m: &'v Map<String, Value>,
    base: &str,
    draft: Draft,
) -> (Vec<Slot<'v>>, Option<Slot<'v>>) {
    let slots = |key: &str, a: &'v [Value]| -> Vec<Slot<'v>> {
        a.iter()
            .enumerate()
            .map(|(i, v)| (format!("{base}/{key}/{i}"), v))
            .collect()
    };
    let unevaluated = || {
        if draft.has_2019_keywords() {
            kw(m, "unevaluatedItems").map(|v| (format!("{base}/unevaluatedItems"), v))
        } else {
            None
        }
    };
    if draft != Draft::Legacy
        && draft != Draft::D2019
        && let Some(Value::Array(prefix)) = kw(m, "prefixItems")
    {
        let rest = match kw(m, "items") {
            Some(v) if !v.is_array() => Some((format!("{base}/items"), v)),
            _ => unevaluated(),
        };
        return (slots("prefixItems", prefix), rest);
    }
    match kw(m, "items") {
        // 2020-12 has no array form; read it as the older drafts did.
        Some(Value::Array(prefix)) => {
            let additional = if draft == Draft::D2020 {
                None
            } else {
                kw(m, "additionalItems").map(|v| (format!("{base}/additionalItems"), v))
            };
            (slots("items", prefix), additional.or_else(unevaluated))
        }
        Some(v) => (Vec::new(), Some((format!("{base}/items"), v))),
        None => (Vec::new(), unevaluated()),
    }
}

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

fn num(m: &Map<String, Value>, k: &str) -> Option<f64> {
    m.get(k).and_then(Value::as_f64)
}

pub(crate) fn check(
    w: &mut Walker<'_>,
    rm: &Map<String, Value>,
    wm: &Map<String, Value>,
    at: At<'_>,
) {
    if !can_be(wm, "array") {
        return;
    }
    items(w, rm, wm, at);
    contains(w, rm, wm, at);
}

fn items(w: &mut Walker<'_>, rm: &Map<String, Value>, wm: &Map<String, Value>, at: At<'_>) {
    let (r_prefix, r_rest) = tuple(rm, at.r, w.r_draft);
    let (w_prefix, w_rest) = tuple(wm, at.w, w.w_draft);
    if r_prefix.is_empty() && w_prefix.is_empty() && r_rest.is_none() {
        return;
    }
    let depth = at.depth + 1;
    // Positions the writer can fill at all.
    let w_max = num(wm, "maxItems").map_or(usize::MAX, |m| m.max(0.0) as usize);
    let n = r_prefix.len().max(w_prefix.len()).min(w_max);
    for i in 0..n {
        let (rp, rv) = pick(&r_prefix, &r_rest, i, at.r);
        let (wp, wv) = pick(&w_prefix, &w_rest, i, at.w);
        if closed_against(w, rv, wv, &rp, &wp, at, i) {
            // A closed position ends the arrays the reader accepts.
            return;
        }
        w.reads(rv, &rp, wv, &wp, depth);
    }
    if n >= w_max {
        return;
    }
    if let Some((rp, rv)) = &r_rest {
        let (wp, wv) = w_rest
            .clone()
            .unwrap_or_else(|| (format!("{}/items", at.w), &TRUE));
        if closed_against(w, rv, wv, rp, &wp, at, n) {
            return;
        }
        w.reads(rv, rp, wv, &wp, depth);
    }
}

/// Reports a reader position that accepts nothing where the writer may put an item.
#[allow(clippy::too_many_arguments)]
fn closed_against(
    w: &mut Walker<'_>,
    rv: &Value,
    wv: &Value,
    rp: &str,
    wp: &str,
    at: At<'_>,
    position: usize,
) -> bool {
    if *rv != Value::Bool(false) || *wv == Value::Bool(false) {
        return false;
    }
    let detail = format!(
        "`{}`: the {} schema accepts at most {position} item(s), the {} schema allows more",
        display(At { r: rp, w: wp, ..at }, w),
        w.r_label(),
        w.w_label()
    );
    w.issue(
        &SCHEMA_ITEMS_INCOMPATIBLE,
        At { r: rp, w: wp, ..at },
        detail,
    );
    true
}

/// `minContains`/`maxContains` of a map, with the defaults of its dialect.
fn contains_bounds(m: &Map<String, Value>, draft: Draft) -> (f64, Option<f64>) {
    if !draft.has_2019_keywords() {
        return (1.0, None);
    }
    (num(m, "minContains").unwrap_or(1.0), num(m, "maxContains"))
}

fn contains(w: &mut Walker<'_>, rm: &Map<String, Value>, wm: &Map<String, Value>, at: At<'_>) {
    let Some(r_c) = kw(rm, "contains") else {
        return;
    };
    let (r_min, r_max) = contains_bounds(rm, w.r_draft);
    let rp = format!("{}/contains", at.r);
    let (rl, wl) = (w.r_label(), w.w_label());
    let mut problems = Vec::new();
    let w_c = wm.get("contains");
    let (w_min, w_max) = contains_bounds(wm, w.w_draft);
    let same = w_c == Some(r_c);
    // Is every item the writer's `contains` accepts also accepted by the reader's?
    let narrower = |w: &mut Walker<'_>| -> bool {
        let Some(w_c) = w_c else { return false };
        if same {
            return true;
        }
        let saved = std::mem::take(&mut w.issues);
        w.reads(r_c, &rp, w_c, &format!("{}/contains", at.w), at.depth + 1);
        let found = std::mem::replace(&mut w.issues, saved);
        found.is_empty()
    };
    let accepts_all = match r_c {
        Value::Bool(true) => true,
        Value::Object(m) => !constrains(m),
        _ => false,
    };
    if r_min > 0.0 {
        let w_min_items = num(wm, "minItems").unwrap_or(0.0);
        let guaranteed = (accepts_all && w_min_items >= r_min)
            || (w_c.is_some() && w_min >= r_min && narrower(w));
        if !guaranteed {
            problems.push(format!(
                "the {rl} schema requires at least {r_min} item(s) matching `contains`, which the {wl} schema does not guarantee"
            ));
        }
    }
    if let Some(r_max) = r_max {
        let w_max_items = num(wm, "maxItems");
        let bounded =
            w_max_items.is_some_and(|m| m <= r_max) || (same && w_max.is_some_and(|m| m <= r_max));
        if !bounded {
            problems.push(format!(
                "the {rl} schema allows at most {r_max} item(s) matching `contains`, the {wl} schema has no such bound"
            ));
        }
    }
    if !problems.is_empty() {
        let wp = if w_c.is_some() {
            format!("{}/contains", at.w)
        } else {
            at.w.to_string()
        };
        let at = At {
            r: &rp,
            w: &wp,
            ..at
        };
        let detail = format!("`{}`: {}", display(at, w), problems.join("; "));
        w.issue(&SCHEMA_ITEMS_INCOMPATIBLE, at, detail);
    }
}
