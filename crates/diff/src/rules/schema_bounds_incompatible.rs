use crate::rules::schema_type_incompatible::display;
use crate::schema::walk::{At, Walker, can_be};
use serde_json::{Map, Value};

accord_model::declare_rule! {
    /// ## What it does
    /// Reports a numeric, length or size constraint that the reading side makes tighter
    /// than the writing side: `minimum`, `maximum`, `exclusiveMinimum`,
    /// `exclusiveMaximum` (number form, and the draft-4 boolean form), `multipleOf`,
    /// `minLength`/`maxLength`, `minItems`/`maxItems`, `uniqueItems`,
    /// `minProperties`/`maxProperties`. A constraint only counts when the writer can
    /// produce values of the type it applies to.
    ///
    /// ## Why is this bad?
    /// A value inside the old range but outside the new one is rejected: raising
    /// `minLength` from 1 to 3 rejects every stored two-letter code.
    ///
    /// ## Example
    /// ```json
    /// // old                                   // new
    /// { "type": "integer", "maximum": 150 }    { "type": "integer", "maximum": 120 }
    /// ```
    ///
    /// ## How to fix
    /// Keep the old bounds, or clean the data and release a MAJOR version.
    pub static SCHEMA_BOUNDS_INCOMPATIBLE = {
        id: "schema-bounds-incompatible",
        group: "schema-change",
        class: Breaking,
        bump: Major,
        summary: "a tighter minimum, maximum, length or size constraint",
    }
}

fn num(m: &Map<String, Value>, k: &str) -> Option<f64> {
    m.get(k).and_then(Value::as_f64)
}

/// The tightest lower (or upper) bound as (value, exclusive).
fn bound(m: &Map<String, Value>, lower: bool) -> Option<(f64, bool)> {
    let (inc, exc) = if lower {
        ("minimum", "exclusiveMinimum")
    } else {
        ("maximum", "exclusiveMaximum")
    };
    let draft4_exclusive = m.get(exc) == Some(&Value::Bool(true));
    let mut best: Option<(f64, bool)> = num(m, inc).map(|v| (v, draft4_exclusive));
    if let Some(v) = num(m, exc) {
        let tighter = match best {
            None => true,
            Some((b, _)) => (lower && v >= b) || (!lower && v <= b),
        };
        if tighter {
            best = Some((v, true));
        }
    }
    best
}

fn show(b: (f64, bool), lower: bool) -> String {
    match (lower, b.1) {
        (true, false) => format!("≥ {}", b.0),
        (true, true) => format!("> {}", b.0),
        (false, false) => format!("≤ {}", b.0),
        (false, true) => format!("< {}", b.0),
    }
}

pub(crate) fn check(
    w: &mut Walker<'_>,
    rm: &Map<String, Value>,
    wm: &Map<String, Value>,
    at: At<'_>,
) {
    let mut problems: Vec<String> = Vec::new();
    let (rl, wl) = (w.r_label(), w.w_label());
    if can_be(wm, "number") {
        for lower in [true, false] {
            let Some(r) = bound(rm, lower) else { continue };
            match bound(wm, lower) {
                None => problems.push(format!(
                    "the {rl} schema requires {} and the {wl} schema has no such bound",
                    show(r, lower)
                )),
                Some(wb) => {
                    let tighter = if lower { r.0 > wb.0 } else { r.0 < wb.0 };
                    if tighter || (r.0 == wb.0 && r.1 && !wb.1) {
                        problems.push(format!(
                            "the {rl} schema requires {} where the {wl} schema allows {}",
                            show(r, lower),
                            show(wb, lower)
                        ));
                    }
                }
            }
        }
        if let Some(rmul) = num(rm, "multipleOf").filter(|m| *m > 0.0) {
            let divides = |w: f64| {
                let q = w / rmul;
                (q - q.round()).abs() < 1e-9
            };
            let integers_only = crate::schema::walk::types(wm)
                .is_some_and(|ts| !ts.is_empty() && ts.iter().all(|t| t == "integer"));
            let ok = num(wm, "multipleOf").is_some_and(divides) || (integers_only && divides(1.0));
            if !ok {
                problems.push(format!("the {rl} schema requires multiples of {rmul}"));
            }
        }
    }
    let sizes: [(&str, &str, &str); 3] = [
        ("string", "minLength", "maxLength"),
        ("array", "minItems", "maxItems"),
        ("object", "minProperties", "maxProperties"),
    ];
    for (ty, min_k, max_k) in sizes {
        if !can_be(wm, ty) {
            continue;
        }
        let (r_min, w_min) = (num(rm, min_k).unwrap_or(0.0), num(wm, min_k).unwrap_or(0.0));
        if r_min > w_min {
            problems.push(format!(
                "`{min_k}` is {r_min} in the {rl} schema, {w_min} in the {wl} schema"
            ));
        }
        if let Some(r_max) = num(rm, max_k) {
            match num(wm, max_k) {
                Some(w_max) if w_max <= r_max => {}
                Some(w_max) => problems.push(format!(
                    "`{max_k}` is {r_max} in the {rl} schema, {w_max} in the {wl} schema"
                )),
                None => problems.push(format!(
                    "`{max_k}` is {r_max} in the {rl} schema, unbounded in the {wl} schema"
                )),
            }
        }
    }
    if can_be(wm, "array")
        && rm.get("uniqueItems") == Some(&Value::Bool(true))
        && wm.get("uniqueItems") != Some(&Value::Bool(true))
    {
        problems.push(format!(
            "the {rl} schema requires unique items, the {wl} schema does not"
        ));
    }
    if !problems.is_empty() {
        let detail = format!("`{}`: {}", display(at, w), problems.join("; "));
        w.issue(&SCHEMA_BOUNDS_INCOMPATIBLE, at, detail);
    }
}
