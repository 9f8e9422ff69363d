//! The `param-absorbed-by-variadic` code change rule.

use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a named Python parameter that was removed while the function now takes `*args` (for a parameter callers may pass by position) and `**kwargs` (for one they may pass by keyword), so every old call is still accepted.
    ///
    /// ## Why is this bad?
    /// Calls still bind, but whether the function still honours the argument is up to its body: it may read it from `kwargs`, ignore it, or reject it at run time.
    ///
    /// ## Example
    /// Old → new: `def send(to, cc=None)` → `def send(to, *args, **kwargs)`
    ///
    /// ## How to fix
    /// Check that the body still handles the argument; document it, or keep the named parameter.
    pub static PARAM_ABSORBED_BY_VARIADIC = {
        id: "param-absorbed-by-variadic",
        group: "code",
        class: Risky,
        bump: Minor,
        summary: "a removed parameter is now accepted by *args/**kwargs",
    }
}

/// Pushes the findings of this rule.
pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    for (o, n) in &cx.pairs {
        if !n.kind.is_callable() {
            continue;
        }
        let (aligned, _reordered) = align(cx.lang, o, n);
        for a in &aligned {
            if let (Some(p), None) = (a.old, a.new) {
                if absorbed_by_variadic(cx.lang, p, n) {
                    out.push(finding(
                        &PARAM_ABSORBED_BY_VARIADIC,
                        n,
                        &p.name,
                        format!(
                            "parameter `{}` of `{}` was removed; `*args`/`**kwargs` still accept it",
                            p.name, n.path
                        ),
                    ));
                }
            }
        }
    }
}

/// True when every call that passed the removed Python parameter `p` still binds in `new`:
/// a positional argument lands in `*args`, a keyword argument in `**kwargs`.
pub(crate) fn absorbed_by_variadic(
    lang: Language,
    p: &accord_model::surface::Param,
    new: &Symbol,
) -> bool {
    if lang != Language::Python
        || matches!(p.kind, ParamKind::Variadic | ParamKind::VariadicKeyword)
    {
        return false;
    }
    let has = |k: ParamKind| new.params.iter().any(|q| q.kind == k);
    let by_position = matches!(
        p.kind,
        ParamKind::Positional | ParamKind::PositionalOrKeyword
    );
    let by_keyword = matches!(p.kind, ParamKind::Keyword | ParamKind::PositionalOrKeyword);
    (!by_position || has(ParamKind::Variadic)) && (!by_keyword || has(ParamKind::VariadicKeyword))
}
