//! The `lifetime-params-changed` code change rule.

use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a Rust struct, enum, union, type alias or trait whose lifetime parameters were
    /// added, removed or reordered. Renaming them consistently (`<'a>` → `<'de>`) is not a change.
    ///
    /// ## Why is this bad?
    /// Users name a type's or trait's lifetimes by position (`Parser<'a>`, `impl<'x> Visitor<'x>`):
    /// a new or removed lifetime makes every such mention a compile error, and a reorder makes
    /// them bind the wrong lifetimes (Cargo SemVer reference: major). A reorder is told from a
    /// rename by the field, bound and member types: when renaming by position reproduces the
    /// old types it is a rename; when they kept their names it is a reorder. Functions' lifetimes
    /// are not compared: they are late-bound in almost all signatures, so callers cannot name
    /// them, and eliding or un-eliding them is the common refactor that changes nothing.
    ///
    /// ## Example
    /// Old → new: `pub struct Parser<'a> { pub input: &'a str }` →
    /// `pub struct Parser<'a, 'b> { pub input: &'a str, pub out: &'b mut String }`
    ///
    /// ## How to fix
    /// Keep the lifetime parameters; put new borrowed data behind a new type, or release a major
    /// version.
    pub static LIFETIME_PARAMS_CHANGED = {
        id: "lifetime-params-changed",
        group: "code",
        class: Breaking,
        bump: Major,
        summary: "the lifetime parameters of a type or trait changed",
    }
}

/// `text` with each lifetime of `map` (`'new` → `'old`) replaced.
fn rename_lifetimes(text: &str, map: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('\'') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let len = after
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        let name = &rest[i..i + 1 + len];
        match map.iter().find(|(new, _)| *new == name) {
            Some((_, old)) => out.push_str(old),
            None => out.push_str(name),
        }
        rest = &after[len..];
    }
    out.push_str(rest);
    out
}

/// Type texts of `s` and its members that may mention its lifetimes, with a key to pair them.
fn texts<'a>(cx: &Cx<'a>, s: &'a Symbol) -> Vec<(String, &'a str)> {
    let mut out: Vec<(String, &str)> = s
        .generics
        .iter()
        .flat_map(|g| {
            g.bounds
                .iter()
                .map(move |b| (format!("bound {}", g.name), b.as_str()))
        })
        .collect();
    for (_, n) in &cx.pairs {
        if n.parent_path(Language::Rust) != Some(s.path.as_str()) {
            continue;
        }
        out.extend(n.ty.as_deref().map(|t| (format!("{} type", n.path), t)));
        out.extend(
            n.returns
                .as_deref()
                .map(|t| (format!("{} returns", n.path), t)),
        );
        for p in &n.params {
            out.extend(
                p.ty.as_deref()
                    .map(|t| (format!("{} {}", n.path, p.name), t)),
            );
        }
    }
    out
}

/// The same for the old version of the members of `s`.
fn old_texts<'a>(cx: &Cx<'a>, s: &'a Symbol) -> Vec<(String, &'a str)> {
    let mut out: Vec<(String, &str)> = s
        .generics
        .iter()
        .flat_map(|g| {
            g.bounds
                .iter()
                .map(move |b| (format!("bound {}", g.name), b.as_str()))
        })
        .collect();
    for (o, n) in &cx.pairs {
        if n.parent_path(Language::Rust) != Some(s.path.as_str()) {
            continue;
        }
        out.extend(o.ty.as_deref().map(|t| (format!("{} type", n.path), t)));
        out.extend(
            o.returns
                .as_deref()
                .map(|t| (format!("{} returns", n.path), t)),
        );
        for p in &o.params {
            out.extend(
                p.ty.as_deref()
                    .map(|t| (format!("{} {}", n.path, p.name), t)),
            );
        }
    }
    out
}

/// Pushes the findings of this rule.
pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    // A committed snapshot older than the lifetimes field would make every lifetimed type
    // look changed until re-snapshotted: a false BREAKING on the first check after upgrading.
    if cx.lang != Language::Rust || !cx.old.records_lifetimes() || !cx.new.records_lifetimes() {
        return;
    }
    for (o, n) in &cx.pairs {
        if o.lifetimes == n.lifetimes
            || !matches!(
                n.kind,
                SymbolKind::Struct | SymbolKind::Enum | SymbolKind::Trait | SymbolKind::TypeAlias
            )
        {
            continue;
        }
        let list = |s: &Symbol| s.lifetimes.join(", ");
        if o.lifetimes.len() != n.lifetimes.len() {
            let change = if o.lifetimes.len() < n.lifetimes.len() {
                "gained"
            } else {
                "lost"
            };
            out.push(finding(
                &LIFETIME_PARAMS_CHANGED,
                n,
                "count",
                format!(
                    "`{}` {change} lifetime parameters: <{}> → <{}>",
                    n.path,
                    list(o),
                    list(n)
                ),
            ));
            continue;
        }
        let mut a = o.lifetimes.clone();
        let mut b = n.lifetimes.clone();
        a.sort();
        b.sort();
        if a != b {
            // Other names in the same number: a consistent rename, or a change other rules see.
            continue;
        }
        let by_position: Vec<(&str, &str)> = n
            .lifetimes
            .iter()
            .zip(&o.lifetimes)
            .map(|(new, old)| (new.as_str(), old.as_str()))
            .collect();
        let before = old_texts(cx, o);
        let after = texts(cx, n);
        let paired: Vec<(&str, &str)> = after
            .iter()
            .filter_map(|(k, t)| {
                before
                    .iter()
                    .find(|(ok, _)| ok == k)
                    .map(|(_, ot)| (*ot, *t))
            })
            .collect();
        let renamed = paired
            .iter()
            .all(|(old, new)| rename_lifetimes(new, &by_position) == *old);
        let kept = paired.iter().all(|(old, new)| old == new);
        let mentions = paired.iter().any(|(_, new)| new.contains('\''));
        // Types that kept their lifetime names under a permuted list: the positions moved.
        if !renamed && kept && mentions {
            out.push(finding(
                &LIFETIME_PARAMS_CHANGED,
                n,
                "order",
                format!(
                    "lifetime parameters of `{}` were reordered: <{}> → <{}>",
                    n.path,
                    list(o),
                    list(n)
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::rename_lifetimes;

    #[test]
    fn renames_whole_lifetimes_only() {
        let map = [("'b", "'a"), ("'a", "'b")];
        assert_eq!(
            rename_lifetimes("&'a Foo<'b, 'ab>", &map),
            "&'b Foo<'a, 'ab>"
        );
        assert_eq!(rename_lifetimes("'static", &map), "'static");
    }
}
