//! The reviewer-facing text form of a surface: one symbol a line, sorted, like
//! cargo-public-api's listing or API Extractor's `.api.md`, so a pull request shows API
//! changes as plain line diffs.

use accord_model::surface::{ParamKind, Surface, Symbol, SymbolKind, Visibility};
use std::fmt::Write;

/// Renders every symbol of `surface`, one a line, followed by Cargo features.
pub fn render_text(surface: &Surface) -> String {
    let mut out = String::new();
    for symbol in &surface.symbols {
        out.push_str(&render_symbol(symbol));
        out.push('\n');
    }
    for (feature, enables) in &surface.features {
        let _ = writeln!(out, "feature {feature} = [{}]", enables.join(", "));
    }
    out
}

/// Renders one symbol on one line.
pub fn render_symbol(s: &Symbol) -> String {
    let mut line = String::new();
    if let Some(f) = &s.feature {
        let _ = write!(line, "#[cfg({f})] ");
    }
    if let Some(note) = &s.stability.deprecated {
        if note.is_empty() {
            line.push_str("#[deprecated] ");
        } else {
            let _ = write!(line, "#[deprecated({note:?})] ");
        }
    }
    if let Some(marker) = &s.stability.marker {
        let _ = write!(line, "@{marker} ");
    }
    for (on, text) in [
        (s.stability.doc_hidden, "#[doc(hidden)] "),
        (s.stability.non_exhaustive, "#[non_exhaustive] "),
        (s.stability.must_use, "#[must_use] "),
    ] {
        if on {
            line.push_str(text);
        }
    }
    for a in &s.attributes {
        let _ = write!(line, "@{a} ");
    }
    if s.visibility == Visibility::Protected {
        line.push_str("protected ");
    }
    if s.is_async {
        line.push_str("async ");
    }
    line.push_str(s.kind.as_str());
    line.push(' ');
    line.push_str(&s.path);
    if !s.generics.is_empty() {
        let gens: Vec<String> = s
            .generics
            .iter()
            .map(|g| {
                let mut t = g.name.clone();
                if !g.bounds.is_empty() {
                    let _ = write!(t, ": {}", g.bounds.join(" + "));
                }
                if let Some(d) = &g.default {
                    let _ = write!(t, " = {d}");
                }
                t
            })
            .collect();
        let _ = write!(line, "<{}>", gens.join(", "));
    }
    if s.kind.is_callable() {
        let params: Vec<String> = s.params.iter().map(render_param).collect();
        let _ = write!(line, "({})", params.join(", "));
        if let Some(r) = &s.returns {
            let _ = write!(line, " -> {r}");
        }
    } else if let Some(ty) = &s.ty {
        match s.kind {
            SymbolKind::TypeAlias | SymbolKind::ReExport => {
                let _ = write!(line, " = {ty}");
            }
            SymbolKind::Variant => line.push_str(ty),
            SymbolKind::Trait | SymbolKind::Interface | SymbolKind::Class | SymbolKind::Struct => {
                let _ = write!(line, ": {ty}");
            }
            _ => {
                let _ = write!(line, "{}: {ty}", if s.optional { "?" } else { "" });
            }
        }
    } else if s.optional && !s.kind.is_callable() {
        line.push('?');
    }
    if s.kind.is_callable() && s.optional {
        line.push_str(" {default}");
    }
    if s.private_fields {
        line.push_str(" {..}");
    }
    line
}

fn render_param(p: &accord_model::surface::Param) -> String {
    let prefix = match p.kind {
        ParamKind::Variadic => "*",
        ParamKind::VariadicKeyword => "**",
        ParamKind::Keyword => "kw:",
        _ => "",
    };
    if p.kind == ParamKind::Receiver {
        return p.ty.clone().unwrap_or_else(|| p.name.clone());
    }
    let mut t = format!("{prefix}{}", p.name);
    if !p.required
        && p.default.is_none()
        && !matches!(p.kind, ParamKind::Variadic | ParamKind::VariadicKeyword)
    {
        t.push('?');
    }
    if let Some(ty) = &p.ty {
        let _ = write!(t, ": {ty}");
    }
    if let Some(d) = &p.default {
        let _ = write!(t, " = {d}");
    }
    t
}
