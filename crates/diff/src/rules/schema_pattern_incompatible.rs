use crate::rules::schema_type_incompatible::display;
use crate::schema::walk::{At, Walker, can_be};
use serde_json::{Map, Value};

accord_model::declare_rule! {
    /// ## What it does
    /// Reports a string `pattern` or `format` that the reading side adds or changes.
    /// Whether one regular expression accepts everything another does is not decided:
    /// any different pattern is reported (conservative). Removing a pattern only widens
    /// what the reader accepts and is not reported here. Formats are compared by name,
    /// knowing the inclusions of the specification (`email` ⊂ `idn-email`, `hostname` ⊂
    /// `idn-hostname`, `uri` ⊂ `uri-reference` ⊂ `iri-reference`, `uri` ⊂ `iri`): a
    /// reader with the wider format reads the narrower one. Although 2019-09 and 2020-12
    /// make `format` an annotation by default, registries and most validators assert it,
    /// so a format added or narrowed is reported in every dialect.
    /// `contentEncoding`/`contentMediaType`/`contentSchema` are annotations in every
    /// dialect and are reported as `schema-annotation-changed`.
    ///
    /// ## Why is this bad?
    /// Strings that matched the old pattern may not match the new one: `^[a-z]+$` →
    /// `^[a-z]{3}$` rejects every stored slug of another length.
    ///
    /// ## Example
    /// ```json
    /// // old                                   // new
    /// { "type": "string" }                     { "type": "string", "pattern": "^[a-z-]+$" }
    /// ```
    ///
    /// ## How to fix
    /// Check the data against the new pattern, then release a MAJOR version (or approve the
    /// finding when the new pattern provably accepts all old values).
    pub static SCHEMA_PATTERN_INCOMPATIBLE = {
        id: "schema-pattern-incompatible",
        group: "schema-change",
        class: Breaking,
        bump: Major,
        summary: "a string pattern or format added or changed",
    }
}

pub(crate) fn check(
    w: &mut Walker<'_>,
    rm: &Map<String, Value>,
    wm: &Map<String, Value>,
    at: At<'_>,
) {
    if !can_be(wm, "string") {
        return;
    }
    for key in ["pattern", "format"] {
        let Some(r) = rm.get(key).and_then(Value::as_str) else {
            continue;
        };
        let wv = wm.get(key).and_then(Value::as_str);
        if wv == Some(r) || (key == "format" && wv.is_some_and(|wf| format_covers(r, wf))) {
            continue;
        }
        let detail = format!(
            "`{}`: the {} schema requires {key} `{r}`, the {} schema {}",
            display(at, w),
            w.r_label(),
            w.w_label(),
            wv.map_or("has none".to_string(), |v| format!("has `{v}`"))
        );
        w.issue(&SCHEMA_PATTERN_INCOMPATIBLE, at, detail);
    }
}

/// True when every string valid for format `writer` is valid for format `reader`.
fn format_covers(reader: &str, writer: &str) -> bool {
    const WIDER: &[(&str, &str)] = &[
        ("idn-email", "email"),
        ("idn-hostname", "hostname"),
        ("iri", "uri"),
        ("uri-reference", "uri"),
        ("iri-reference", "uri"),
        ("iri-reference", "iri"),
        ("iri-reference", "uri-reference"),
    ];
    WIDER.contains(&(reader, writer))
}
