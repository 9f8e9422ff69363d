//! The `symbol-kind-changed` code change rule.

use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a Python name that is still public but is now another kind of thing: a variable that became a class, a function that became a class, a method that became a property, a class that became a function.
    ///
    /// ## Why is this bad?
    /// Code uses each kind differently — calls a function, subclasses or `isinstance`-checks a class, reads an attribute, calls a method — and the old uses fail (`obj.size()` on a property, `isinstance(x, f)` on a function, subclassing a factory).
    ///
    /// ## Example
    /// Old → new: `Timeout = 5.0` → `class Timeout: ...`
    ///
    /// ## How to fix
    /// Keep the old name with its kind and add the new thing under a new name.
    pub static SYMBOL_KIND_CHANGED = {
        id: "symbol-kind-changed",
        group: "code",
        class: Breaking,
        bump: Major,
        summary: "a name now binds another kind of thing (variable, function, class, property)",
    }
}

/// Pushes the findings of this rule.
pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    if cx.lang != Language::Python {
        return;
    }
    for (o, n) in &cx.pairs {
        if o.kind == n.kind || compatible(o.kind, n.kind) {
            continue;
        }
        // Snapshots written before properties were read as fields list them as methods
        // carrying the decorator: the same property.
        let was_property = o.kind == SymbolKind::Method
            && o.attributes
                .iter()
                .any(|a| matches!(a.rsplit('.').next(), Some("property" | "cached_property")));
        if was_property && n.kind == SymbolKind::Field {
            continue;
        }
        // `Foo = _impl.Foo` or `handler = make_handler()` binds something of unknown kind:
        // only a literal value says the name was data.
        if [o, n].iter().any(|s| is_binding_of_unknown_kind(s)) {
            continue;
        }
        out.push(finding(
            &SYMBOL_KIND_CHANGED,
            n,
            "kind",
            format!(
                "`{}` was {} and is now {}",
                n.path,
                what(o.kind),
                what(n.kind)
            ),
        ));
    }
}

/// Changes every old use survives: an enum or protocol is still a class, a constant and an
/// alias are both read as values, a field and a constant both as attributes.
fn compatible(old: SymbolKind, new: SymbolKind) -> bool {
    use SymbolKind::*;
    matches!(
        (old, new),
        (Interface, Class)
            | (Constant, TypeAlias)
            | (TypeAlias, Constant)
            | (Field, Constant)
            | (Constant, Field)
            | (ReExport, _)
            | (_, ReExport)
    )
}

fn what(k: SymbolKind) -> &'static str {
    match k {
        SymbolKind::Module => "a module",
        SymbolKind::Function => "a function",
        SymbolKind::Method => "a method",
        SymbolKind::Class => "a class",
        SymbolKind::Interface => "a protocol or abstract class",
        SymbolKind::Enum => "an enum",
        SymbolKind::Field => "an attribute or property",
        SymbolKind::TypeAlias => "a type alias",
        SymbolKind::Constant => "a module variable",
        SymbolKind::Variant => "an enum member",
        _ => "something else",
    }
}

/// A module variable bound to a name, attribute, call or subscript rather than a literal:
/// it may well be a class or function under another name.
fn is_binding_of_unknown_kind(s: &Symbol) -> bool {
    if !matches!(s.kind, SymbolKind::Constant | SymbolKind::Field) {
        return false;
    }
    let Some(v) = s.value.as_deref() else {
        return s.kind == SymbolKind::Constant;
    };
    let literal = v.starts_with(['"', '\'', '[', '{', '(', '-'])
        || v.starts_with(|c: char| c.is_ascii_digit())
        || matches!(v, "None" | "True" | "False")
        || v.starts_with(['b', 'r', 'f', 'u']) && v[1..].starts_with(['"', '\''])
        || v.starts_with("<");
    !literal
}
