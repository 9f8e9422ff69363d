use crate::rules::schema_type_incompatible::display;
use crate::schema::walk::{At, Walker};
use serde_json::{Map, Value};

accord_model::declare_rule! {
    /// ## What it does
    /// Reports `oneOf`/`anyOf`/`allOf`/`not` changes the reading side cannot accept:
    /// a writer branch that no reader branch accepts as a whole, or a `not` the reader
    /// adds or changes — unless the writer's own `not` excludes at least what the
    /// reader's does (`not: number` → `not: integer` is compatible), which is decided by
    /// comparing the two `not` schemas the other way round; otherwise reported
    /// conservatively. Writer unions are split
    /// branch by branch and writer `allOf` merged before comparing; a reader `allOf` must
    /// accept the writer in every part. `oneOf` exclusivity is not checked.
    ///
    /// `if`/`then`/`else` are compared the same way: a conditional writer is the union of
    /// its two arms (base ∧ `then`, base ∧ `else`); a conditional reader asks each arm
    /// that can apply to read the writer — only `then` for a writer arm known to meet the
    /// same `if`, only `else` for one known not to, both otherwise (sound, conservative
    /// when the two `if`s differ). What an arm rejects is reported by the nested rules at
    /// `/then/...` or `/else/...`: a `then` that adds a requirement breaks BACKWARD, one
    /// that drops it breaks FORWARD. An `if` without `then`/`else` constrains nothing.
    /// `$ref` with sibling keywords (2019-09 on) is the conjunction of its target and
    /// the siblings, like an `allOf`; draft-04 to -07 ignore the siblings.
    ///
    /// ## Why is this bad?
    /// Values of the writer's dropped alternative are rejected by the reader.
    ///
    /// ## Example
    /// ```json
    /// // old                                                    // new
    /// { "anyOf": [ {"type":"string","maxLength":5},             { "anyOf": [ {"type":"string","maxLength":5},
    ///              {"type":"object","required":["a"]} ] }                    {"type":"object","required":["a","b"]} ] }
    /// ```
    ///
    /// ## How to fix
    /// Keep the old alternatives, or release a MAJOR version.
    pub static SCHEMA_COMPOSITION_INCOMPATIBLE = {
        id: "schema-composition-incompatible",
        group: "schema-change",
        class: Breaking,
        bump: Major,
        summary: "a oneOf/anyOf/allOf/not/if-then-else change the reading side cannot accept",
    }
}

pub(crate) fn check_not(
    w: &mut Walker<'_>,
    rm: &Map<String, Value>,
    wm: &Map<String, Value>,
    at: At<'_>,
) {
    let Some(r_not) = rm.get("not") else {
        return;
    };
    let w_not = wm.get("not");
    if w_not == Some(r_not) {
        return;
    }
    // `not R` reads `not W` when W accepts everything R accepts: the walk's own question
    // with the roles swapped. Only without references, which resolve per document.
    if let Some(w_not) = w_not
        && !has_ref(r_not)
        && !has_ref(w_not)
    {
        let saved = std::mem::take(&mut w.issues);
        w.reads(w_not, at.w, r_not, at.r, at.depth + 1);
        let found = std::mem::replace(&mut w.issues, saved);
        if found.is_empty() {
            return;
        }
    }
    let detail = format!(
        "`{}`: the {} schema excludes `not: {}`, which the {} schema does not (not decided; reported conservatively)",
        display(at, w),
        w.r_label(),
        r_not,
        w.w_label()
    );
    w.issue(&SCHEMA_COMPOSITION_INCOMPATIBLE, at, detail);
}

fn has_ref(v: &Value) -> bool {
    match v {
        Value::Object(m) => m
            .iter()
            .any(|(k, v)| k.starts_with("$ref") || k.ends_with("Ref") || has_ref(v)),
        Value::Array(a) => a.iter().any(has_ref),
        _ => false,
    }
}
