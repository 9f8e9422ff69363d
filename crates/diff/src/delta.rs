//! The element-level delta between two versions of a contract interface: which sections,
//! fields and entries were removed, added, renamed or changed. Computed once per pair so
//! that rules agree (a rename is never also reported as a removal).

use accord_model::Span;
use accord_model::contract::{Contract, Field, Section};
use std::collections::BTreeMap;

/// What kind of interface element.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Kind {
    Section,
    Field,
    Entry,
}

impl Kind {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Kind::Section => "section",
            Kind::Field => "field",
            Kind::Entry => "entry",
        }
    }
}

/// One section, field or directory entry of an interface.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Elem {
    pub kind: Kind,
    pub name: String,
    pub required: bool,
    /// What a consumer parses by: a field's type, a section's heading level.
    pub shape: Option<String>,
    /// Prose only: a field's description, a section's content and format wording.
    pub text: Option<String>,
    pub span: Span,
    /// JSON pointer of the element in its contract.
    pub pointer: String,
}

impl Elem {
    /// `required section `Cognitive Patterns``.
    pub fn describe(&self) -> String {
        format!(
            "{} {} `{}`",
            if self.required {
                "required"
            } else {
                "optional"
            },
            self.kind.as_str(),
            self.name
        )
    }

    /// The logical path used in fingerprints: `interface.required_sections[Name]`.
    pub fn logical_path(&self) -> String {
        let list = match (self.kind, self.required) {
            (Kind::Section, true) => "required_sections",
            (Kind::Section, false) => "optional_sections",
            (Kind::Field, true) => "required_fields",
            (Kind::Field, false) => "optional_fields",
            (Kind::Entry, _) => "required_entries",
        };
        format!("interface.{list}[{}]", self.name)
    }

    /// Key ignoring requiredness, so moving between lists is a change, not remove + add.
    fn key(&self) -> (Kind, String) {
        (self.kind, self.name.trim().to_string())
    }
}

/// One change of an element.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ElemChange {
    Removed(Elem),
    Added(Elem),
    Renamed {
        old: Elem,
        new: Elem,
    },
    /// Present in both; requiredness, shape or prose differ (several may hold at once).
    Modified {
        old: Elem,
        new: Elem,
    },
}

/// Every element of a contract's interface, in declaration order.
pub(crate) fn elements(c: &Contract) -> Vec<Elem> {
    let i = &c.interface;
    let mut out = Vec::new();
    let sections = |list: &[Section], required: bool, ptr: &str, out: &mut Vec<Elem>| {
        for (n, s) in list.iter().enumerate() {
            out.push(Elem {
                kind: Kind::Section,
                name: s.name.trim().to_string(),
                required,
                shape: s.level.map(|l| format!("heading level {l}")),
                // With a heading level parsed, the format's wording is that level (compared
                // as shape); otherwise the wording is all there is.
                text: if s.level.is_some() {
                    join_prose(&[s.content.as_deref()])
                } else {
                    join_prose(&[s.content.as_deref(), s.format.as_deref()])
                },
                span: s.span,
                pointer: format!("/contract/interface/{ptr}/{n}"),
            });
        }
    };
    let fields = |list: &[Field], required: bool, ptr: &str, out: &mut Vec<Elem>| {
        for (n, f) in list.iter().enumerate() {
            out.push(Elem {
                kind: Kind::Field,
                name: f.name.trim().to_string(),
                required,
                shape: f
                    .field_type
                    .as_deref()
                    .map(|t| t.trim().to_ascii_lowercase()),
                text: f.description.as_deref().map(normalize_prose),
                span: f.span,
                pointer: format!("/contract/interface/{ptr}/{n}"),
            });
        }
    };
    sections(&i.required_sections, true, "required_sections", &mut out);
    sections(&i.optional_sections, false, "optional_sections", &mut out);
    fields(&i.required_fields, true, "required_fields", &mut out);
    fields(&i.optional_fields, false, "optional_fields", &mut out);
    for (n, e) in i.required_entries.iter().enumerate() {
        let pointer = format!("/contract/interface/required_entries/{n}");
        out.push(Elem {
            kind: Kind::Entry,
            name: e.trim().to_string(),
            required: true,
            shape: None,
            text: None,
            span: c.span_of(&pointer),
            pointer,
        });
    }
    out
}

fn join_prose(parts: &[Option<&str>]) -> Option<String> {
    let joined: Vec<String> = parts.iter().flatten().map(|p| normalize_prose(p)).collect();
    (!joined.is_empty()).then(|| joined.join(" | "))
}

/// Prose compared without its whitespace layout: re-wrapping a YAML block is no change.
pub(crate) fn normalize_prose(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The delta between two contracts' interfaces, in a stable order.
pub(crate) fn element_changes(old: &Contract, new: &Contract) -> Vec<ElemChange> {
    let old_elems = dedup(elements(old));
    let new_elems = dedup(elements(new));
    let new_by_key: BTreeMap<_, _> = new_elems.iter().map(|e| (e.key(), e)).collect();
    let old_by_key: BTreeMap<_, _> = old_elems.iter().map(|e| (e.key(), e)).collect();

    let mut changes = Vec::new();
    let mut removed: Vec<Elem> = Vec::new();
    for o in &old_elems {
        match new_by_key.get(&o.key()) {
            Some(n) if *n == o || same_but_position(o, n) => {}
            Some(n) => changes.push(ElemChange::Modified {
                old: o.clone(),
                new: (*n).clone(),
            }),
            None => removed.push(o.clone()),
        }
    }
    let mut added: Vec<Elem> = new_elems
        .iter()
        .filter(|n| !old_by_key.contains_key(&n.key()))
        .cloned()
        .collect();

    // A rename is a removal and an addition of the same shape. First pair those that
    // also keep their prose; then pair what is left only where the match is unambiguous,
    // so two unrelated edits are never passed off as a rename.
    let mut renamed = Vec::new();
    let strong = |e: &Elem| (e.kind, e.required, e.shape.clone(), e.text.clone());
    let mut i = 0;
    while i < removed.len() {
        let key = strong(&removed[i]);
        if removed[i].text.is_some()
            && let Some(j) = added.iter().position(|a| strong(a) == key)
        {
            renamed.push((removed.remove(i), added.remove(j)));
        } else {
            i += 1;
        }
    }
    let weak = |e: &Elem| (e.kind, e.required, e.shape.clone());
    let mut i = 0;
    while i < removed.len() {
        let key = weak(&removed[i]);
        let same_removed = removed.iter().filter(|r| weak(r) == key).count();
        let candidates: Vec<usize> = added
            .iter()
            .enumerate()
            .filter(|(_, a)| weak(a) == key)
            .map(|(j, _)| j)
            .collect();
        if same_removed == 1 && candidates.len() == 1 && removed[i].kind != Kind::Entry {
            let j = candidates[0];
            renamed.push((removed.remove(i), added.remove(j)));
        } else {
            i += 1;
        }
    }
    changes.extend(removed.into_iter().map(ElemChange::Removed));
    changes.extend(
        renamed
            .into_iter()
            .map(|(old, new)| ElemChange::Renamed { old, new }),
    );
    changes.extend(added.into_iter().map(ElemChange::Added));
    changes
}

fn same_but_position(a: &Elem, b: &Elem) -> bool {
    a.required == b.required && a.shape == b.shape && a.text == b.text
}

/// Keeps the first element of each key: a name listed twice is a registry lint, not a change.
fn dedup(elems: Vec<Elem>) -> Vec<Elem> {
    let mut seen = std::collections::BTreeSet::new();
    elems.into_iter().filter(|e| seen.insert(e.key())).collect()
}
