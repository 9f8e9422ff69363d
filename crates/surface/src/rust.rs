//! Rust: the public API as a user of the crate can import it, read with syn.
//!
//! Files are parsed in parallel into [`ModSummary`]s holding only owned, `Send` data (syn
//! trees are not `Send`), then the module tree is resolved from `src/lib.rs`, following
//! `pub mod` and `pub use` (globs and renames) within the crate.

use crate::cache::{Cache, Changed, Codec, Package};
#[cfg(test)]
use crate::fn_bodies::prepare_pieces;
use crate::fn_bodies::{Chunk, Piece, prepare_chunk, prepare_for_tokens, strip_fn_bodies};
use crate::normalize::{doc_hash, doc_section, normalize_rust_type};
use crate::{Extraction, Extractor, Options, SurfaceError, rel_path, rules, walk};
use accord_model::surface::{
    Generic, Language, Param, ParamKind, SourceSpan, Stability, Surface, Symbol, SymbolKind,
};
use accord_model::{Finding, Location};
use quote::ToTokens;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The Rust extractor.
pub(crate) struct RustExtractor;

/// Deepest module nesting or re-export chain followed; real crates stay far below.
mod patch;

const MAX_DEPTH: usize = 64;

/// Most public paths one module is emitted under (re-exports of a module under several
/// names are real; dozens are a cycle).
const MAX_MOUNTS: usize = 16;

#[derive(Debug, Default, Clone, serde::Serialize, serde::Deserialize)]
struct ModSummary {
    decls: Vec<Decl>,
    restricted: Vec<String>,
    uses: Vec<UseDecl>,
    mods: Vec<ModDecl>,
    impls: Vec<ImplBlock>,
    macros: Vec<Symbol>,
    /// Names of items declared without `pub` (inherited visibility): a trait whose supertrait
    /// is one of them is sealed.
    #[serde(default)]
    private: Vec<String>,
    /// `#[proc_macro…]` functions of a proc-macro crate, as the macros users name.
    #[serde(default)]
    proc_macros: Vec<Symbol>,
    /// `macro_rules!` definitions and item-position invocations, expanded after parsing.
    #[serde(default)]
    macro_rules: Vec<crate::macros::MacroDef>,
    #[serde(default)]
    invocations: Vec<crate::macros::Invocation>,
    /// Names of macros from other crates invoked in item position: what they generate is
    /// unknown.
    #[serde(default)]
    opaque: Vec<String>,
    /// Traits with a blanket impl here (`impl<T> Trait for T`).
    #[serde(default)]
    blankets: Vec<String>,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct Decl {
    name: String,
    /// Paths relative to the item: `Name`, `Name::field`.
    symbols: Vec<Symbol>,
    restricted: Vec<String>,
    is_type: bool,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct UseDecl {
    segments: Vec<String>,
    /// The name it is exported as; `None` for a glob.
    alias: Option<String>,
    span: SourceSpan,
    feature: Option<String>,
    hidden: bool,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct ModDecl {
    name: String,
    public: bool,
    inline: Option<Box<ModSummary>>,
    path_attr: Option<String>,
    feature: Option<String>,
    hidden: bool,
    span: SourceSpan,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct ImplBlock {
    self_name: String,
    trait_name: Option<String>,
    symbols: Vec<Symbol>,
    restricted: Vec<String>,
    /// Invocations of macros among the items, expanded once every file is read.
    #[serde(default)]
    invocations: Vec<crate::macros::Invocation>,
}

crate::codec::bin_struct!(ModSummary {
    decls,
    restricted,
    uses,
    mods,
    impls,
    macros,
    private,
    proc_macros,
    macro_rules,
    invocations,
    opaque,
    blankets,
});
crate::codec::bin_struct!(Decl {
    name,
    symbols,
    restricted,
    is_type,
});
crate::codec::bin_struct!(UseDecl {
    segments,
    alias,
    span,
    feature,
    hidden,
});
crate::codec::bin_struct!(ModDecl {
    name,
    public,
    inline,
    path_attr,
    feature,
    hidden,
    span,
});
crate::codec::bin_struct!(ImplBlock {
    self_name,
    trait_name,
    symbols,
    restricted,
    invocations,
});

/// A file's summary, or the finding of a file that does not parse (as JSON: rare and small).
impl crate::codec::Bin for Result<ModSummary, Box<Finding>> {
    fn put(&self, out: &mut Vec<u8>) {
        match self {
            Ok(m) => {
                out.push(0);
                m.put(out);
            }
            Err(f) => {
                out.push(1);
                // A finding always serialises; if it ever did not, the empty text fails to
                // decode and the file is parsed again.
                serde_json::to_string(f).unwrap_or_default().put(out);
            }
        }
    }
    fn get(r: &mut crate::codec::Reader<'_>) -> Option<Self> {
        // The tag: 0 a summary, 1 a finding.
        match bool::get(r)? {
            false => Some(Ok(ModSummary::get(r)?)),
            true => {
                let json = String::get(r)?;
                Some(Err(Box::new(serde_json::from_str(&json).ok()?)))
            }
        }
    }
}

/// Attributes that matter to the surface.
#[derive(Default)]
struct Attrs {
    doc: String,
    stability: Stability,
    feature: Option<String>,
    macro_export: bool,
    derives: Vec<String>,
    path: Option<String>,
    /// ABI- and safety-relevant attributes kept on the symbol: `repr(C)`, `no_mangle`,
    /// `export_name = "x"`, `target_feature(enable = "x")`.
    marks: Vec<String>,
    /// `#[cfg(test)]`: the item does not exist in the library users build.
    test_only: bool,
    /// `#[proc_macro_derive(Name, attributes(a))]`, `#[proc_macro_attribute]`, `#[proc_macro]`.
    proc_macro: Option<ProcMacro>,
}

/// The kind of a proc-macro entry point.
enum ProcMacro {
    /// Derive macro name and its helper attributes.
    Derive(String, Vec<String>),
    Attribute,
    FunctionLike,
}

fn read_attrs(attrs: &[syn::Attribute]) -> Attrs {
    let mut a = Attrs::default();
    for attr in attrs {
        // Only single-identifier paths matter (`doc`, `cfg`, …); `a::doc` or `::doc` do not.
        let Some(ident) = attr.path().get_ident() else {
            continue;
        };
        let path = ident.to_string();
        match (path.as_str(), &attr.meta) {
            ("doc", syn::Meta::NameValue(nv)) => {
                if let syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) = &nv.value
                {
                    a.doc.push_str(&s.value());
                    a.doc.push('\n');
                }
            }
            ("doc", syn::Meta::List(list)) if list.tokens.to_string().contains("hidden") => {
                a.stability.doc_hidden = true;
            }
            ("deprecated", meta) => {
                let note = match meta {
                    syn::Meta::NameValue(nv) => lit_text(&nv.value),
                    syn::Meta::List(list) => {
                        let t = list.tokens.to_string();
                        t.split("note =")
                            .nth(1)
                            .and_then(|rest| rest.split('"').nth(1))
                            .unwrap_or("")
                            .to_string()
                    }
                    syn::Meta::Path(_) => String::new(),
                };
                a.stability.deprecated = Some(note);
            }
            ("must_use", _) => a.stability.must_use = true,
            // `#[cfg_attr(not(old_rustc), non_exhaustive)]`, `#[cfg_attr(not(docs), doc(hidden))]`:
            // what users of a current compiler and the published docs get.
            ("cfg_attr", syn::Meta::List(list)) => {
                let text = list.tokens.to_string().replace(' ', "");
                let applied = text.split_once(',').map_or("", |(_, rest)| rest);
                for part in split_top_level(applied) {
                    match part.as_str() {
                        "non_exhaustive" => a.stability.non_exhaustive = true,
                        "doc(hidden)" => a.stability.doc_hidden = true,
                        "must_use" => a.stability.must_use = true,
                        _ => {}
                    }
                }
            }
            ("repr", syn::Meta::List(list)) => {
                let text = normalize_rust_type(&list.tokens.to_string(), &BTreeMap::new());
                for part in split_top_level(&text) {
                    a.marks.push(format!("repr({part})"));
                }
            }
            ("no_mangle", _) => a.marks.push("no_mangle".into()),
            ("export_name", syn::Meta::NameValue(nv)) => a
                .marks
                .push(format!("export_name = \"{}\"", lit_text(&nv.value))),
            // Edition 2024 spells them `#[unsafe(no_mangle)]`, `#[unsafe(export_name = "x")]`.
            ("unsafe", syn::Meta::List(list)) => {
                let text = normalize_rust_type(&list.tokens.to_string(), &BTreeMap::new());
                if text == "no_mangle" {
                    a.marks.push("no_mangle".into());
                } else if let Some(rest) = text.strip_prefix("export_name = ") {
                    a.marks.push(format!("export_name = {rest}"));
                }
            }
            ("target_feature", syn::Meta::List(list)) => {
                let text = normalize_rust_type(&list.tokens.to_string(), &BTreeMap::new());
                a.marks.push(format!("target_feature({text})"));
            }
            ("proc_macro", _) => a.proc_macro = Some(ProcMacro::FunctionLike),
            ("proc_macro_attribute", _) => a.proc_macro = Some(ProcMacro::Attribute),
            ("proc_macro_derive", syn::Meta::List(list)) => {
                let text = normalize_rust_type(&list.tokens.to_string(), &BTreeMap::new());
                let parts = split_top_level(&text);
                let name = parts.first().cloned().unwrap_or_default();
                let helpers = parts
                    .iter()
                    .filter_map(|p| p.strip_prefix("attributes(")?.strip_suffix(')'))
                    .flat_map(|h| h.split(',').map(|x| x.trim().to_string()))
                    .filter(|h| !h.is_empty())
                    .collect();
                a.proc_macro = Some(ProcMacro::Derive(name, helpers));
            }
            ("non_exhaustive", _) => a.stability.non_exhaustive = true,
            ("macro_export", _) => a.macro_export = true,
            ("path", syn::Meta::NameValue(nv)) => a.path = Some(lit_text(&nv.value)),
            ("cfg", syn::Meta::List(list)) => {
                let text = normalize_rust_type(&list.tokens.to_string(), &BTreeMap::new());
                // Test-only code is compiled for the crate's own tests, never for its users.
                if text == "test" || text.starts_with("all(test,") {
                    a.test_only = true;
                }
                let simple = text
                    .strip_prefix("feature = \"")
                    .and_then(|r| r.strip_suffix('"'))
                    .filter(|r| !r.contains('"'));
                a.feature = Some(match simple {
                    Some(f) => format!("feature = \"{f}\""),
                    None => text,
                });
            }
            ("derive", syn::Meta::List(list)) => {
                for d in list.tokens.to_string().split(',') {
                    let d = d
                        .trim()
                        .rsplit("::")
                        .next()
                        .unwrap_or("")
                        .trim()
                        .to_string();
                    if !d.is_empty() {
                        a.derives.push(format!("impl {d}"));
                    }
                }
            }
            _ => {}
        }
    }
    // Unstable-API conventions seen in the wild: a doc line marking the item.
    if !a.doc.contains("**") && !a.doc.contains('@') {
        return a;
    }
    let lower = a.doc.to_ascii_lowercase();
    for marker in ["experimental", "unstable", "beta", "internal"] {
        if lower.contains(&format!("**{marker}**")) || lower.contains(&format!("@{marker}")) {
            a.stability.marker = Some(marker.to_string());
            break;
        }
    }
    a
}

/// The comma-separated parts of `text` at bracket depth 0 (`C, align(8)` → `C`, `align(8)`).
fn split_top_level(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut cur = String::new();
    for c in text.chars() {
        match c {
            '(' | '[' | '<' | '{' => depth += 1,
            ')' | ']' | '>' | '}' => depth -= 1,
            _ => {}
        }
        if c == ',' && depth == 0 {
            out.push(cur.trim().to_string());
            cur.clear();
        } else {
            cur.push(c);
        }
    }
    if !cur.trim().is_empty() {
        out.push(cur.trim().to_string());
    }
    out.retain(|p| !p.is_empty());
    out
}

/// The attributes of an item, for kinds that carry them.
fn item_attrs(item: &syn::Item) -> Option<&Vec<syn::Attribute>> {
    Some(match item {
        syn::Item::Const(i) => &i.attrs,
        syn::Item::Enum(i) => &i.attrs,
        syn::Item::Fn(i) => &i.attrs,
        syn::Item::Static(i) => &i.attrs,
        syn::Item::Struct(i) => &i.attrs,
        syn::Item::Trait(i) => &i.attrs,
        syn::Item::Type(i) => &i.attrs,
        syn::Item::Union(i) => &i.attrs,
        syn::Item::Mod(i) => &i.attrs,
        syn::Item::Use(i) => &i.attrs,
        syn::Item::Impl(i) => &i.attrs,
        syn::Item::Macro(i) => &i.attrs,
        _ => return None,
    })
}

/// `#[cfg(test)]`, `#[cfg(all(test, …))]`, `#[cfg(docsrs)]` or `#[cfg(doc)]`: not in the
/// library users build.
fn is_cfg_test(attr: &syn::Attribute) -> bool {
    if !attr.path().is_ident("cfg") {
        return false;
    }
    let syn::Meta::List(list) = &attr.meta else {
        return false;
    };
    let text = list.tokens.to_string().replace(' ', "");
    // `cfg(docsrs)`/`cfg(doc)` variants exist only while rustdoc runs; users build the other.
    text == "test" || text.starts_with("all(test,") || text == "docsrs" || text == "doc"
}

/// Why `dyn Trait` cannot be written for this trait, if it cannot (the reference's
/// dyn-compatibility rules, as far as the declaration shows them). `None` means it can.
fn dyn_incompatibility(t: &syn::ItemTrait) -> Option<String> {
    fn flat(ts: proc_macro2::TokenStream, out: &mut Vec<String>) {
        for t in ts {
            match t {
                proc_macro2::TokenTree::Group(g) => flat(g.stream(), out),
                other => out.push(other.to_string()),
            }
        }
    }
    let words = |ts: &dyn ToTokens| -> Vec<String> {
        let mut out = Vec::new();
        flat(ts.to_token_stream(), &mut out);
        out
    };
    let self_sized = |g: &syn::Generics| {
        g.where_clause.as_ref().is_some_and(|w| {
            w.predicates.iter().any(|p| match p {
                syn::WherePredicate::Type(pt) => {
                    pt.bounded_ty.to_token_stream().to_string() == "Self"
                        && pt
                            .bounds
                            .iter()
                            .any(|b| b.to_token_stream().to_string().ends_with("Sized"))
                }
                _ => false,
            })
        })
    };
    if t.supertraits.iter().any(|b| {
        b.to_token_stream()
            .to_string()
            .trim_start_matches(":: ")
            .ends_with("Sized")
    }) || self_sized(&t.generics)
    {
        return Some("requires `Self: Sized`".into());
    }
    for item in &t.items {
        match item {
            syn::TraitItem::Const(c) => return Some(format!("associated const `{}`", c.ident)),
            syn::TraitItem::Type(ty) if !ty.generics.params.is_empty() => {
                return Some(format!("generic associated type `{}`", ty.ident));
            }
            syn::TraitItem::Fn(f) => {
                if self_sized(&f.sig.generics) {
                    continue;
                }
                let name = &f.sig.ident;
                if f.sig.receiver().is_none() {
                    return Some(format!("`{name}` has no receiver"));
                }
                if f.sig
                    .generics
                    .params
                    .iter()
                    .any(|p| !matches!(p, syn::GenericParam::Lifetime(_)))
                {
                    return Some(format!("`{name}` is generic"));
                }
                if f.sig.asyncness.is_some() {
                    return Some(format!("`{name}` is async"));
                }
                let mentions_self = |ts: &dyn ToTokens| {
                    let w = words(ts);
                    w.iter()
                        .enumerate()
                        .any(|(i, x)| x == "Self" && w.get(i + 1).map(String::as_str) != Some(":"))
                };
                for input in f.sig.inputs.iter().skip(1) {
                    if let syn::FnArg::Typed(pt) = input
                        && mentions_self(&pt.ty)
                    {
                        return Some(format!("`{name}` takes `Self`"));
                    }
                }
                if let syn::ReturnType::Type(_, ty) = &f.sig.output {
                    if mentions_self(ty) {
                        return Some(format!("`{name}` returns `Self`"));
                    }
                    if matches!(**ty, syn::Type::ImplTrait(_)) {
                        return Some(format!("`{name}` returns `impl Trait`"));
                    }
                }
            }
            _ => {}
        }
    }
    None
}

/// The declared lifetime parameters of a type or trait, in order (`'a`, `'b`).
fn lifetimes(g: &syn::Generics) -> Vec<String> {
    g.lifetimes()
        .map(|l| format!("'{}", l.lifetime.ident))
        .collect()
}

/// `&'a Self` → `&Self`: a receiver's lifetime is chosen by the caller.
fn drop_lifetimes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\'' {
            while chars
                .peek()
                .is_some_and(|c| c.is_alphanumeric() || *c == '_')
            {
                chars.next();
            }
            if chars.peek() == Some(&' ') {
                chars.next();
            }
            continue;
        }
        out.push(c);
    }
    out
}

fn lit_text(e: &syn::Expr) -> String {
    match e {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }) => s.value(),
        other => other.to_token_stream().to_string(),
    }
}

struct FileCx<'a> {
    rel: &'a str,
    aliases: BTreeMap<String, String>,
    /// Whether the tokens' spans may be read. Expansions are parsed from tokens that partly
    /// come from macro definitions tokenized before the thread's spans were last invalidated
    /// (reading those can return wrong positions, or panic); their symbols are placed at the
    /// invocation afterwards anyway.
    located: bool,
}

impl FileCx<'_> {
    fn ty(&self, t: &impl ToTokens) -> String {
        normalize_rust_type(&t.to_token_stream().to_string(), &self.aliases)
    }

    fn span(&self, span: proc_macro2::Span) -> SourceSpan {
        let (line, col) = if self.located {
            let start = span.start();
            (start.line as u32, start.column as u32 + 1)
        } else {
            (0, 0)
        };
        SourceSpan {
            path: self.rel.to_string(),
            line,
            col,
        }
    }

    fn symbol(
        &self,
        path: String,
        kind: SymbolKind,
        ident: &proc_macro2::Ident,
        a: &Attrs,
    ) -> Symbol {
        let mut s = Symbol::new(path, kind, self.span(ident.span()));
        s.stability = a.stability.clone();
        s.feature = a.feature.clone();
        s.doc_hash = doc_hash(&a.doc);
        s.errors = doc_section(&a.doc, &["Errors", "Panics"]);
        s.side_effects = doc_section(&a.doc, &["Side effects", "Side-effects"]);
        s.attributes = a.derives.clone();
        s.attributes.extend(a.marks.iter().cloned());
        s.attributes.sort();
        s
    }

    fn generics(&self, g: &syn::Generics) -> Vec<Generic> {
        let mut out: Vec<Generic> = Vec::new();
        for p in &g.params {
            match p {
                syn::GenericParam::Type(t) => out.push(Generic {
                    name: t.ident.to_string(),
                    bounds: t.bounds.iter().map(|b| self.ty(b)).collect(),
                    default: t.default.as_ref().map(|(_, d)| self.ty(d)),
                }),
                syn::GenericParam::Const(c) => out.push(Generic {
                    name: format!("const {}: {}", c.ident, self.ty(&c.ty)),
                    bounds: Vec::new(),
                    default: c.default.as_ref().map(|(_, d)| self.ty(d)),
                }),
                // Lifetime parameters are inferred at call sites; changing them rarely breaks
                // callers, and listing them would make every elision refactor noise.
                syn::GenericParam::Lifetime(_) => {}
            }
        }
        if let Some(wc) = &g.where_clause {
            for pred in &wc.predicates {
                if let syn::WherePredicate::Type(pt) = pred {
                    let bounded = self.ty(&pt.bounded_ty);
                    let bounds: Vec<String> = pt.bounds.iter().map(|b| self.ty(b)).collect();
                    match out.iter_mut().find(|g| g.name == bounded) {
                        Some(g) => g.bounds.extend(bounds),
                        None => out.push(Generic {
                            name: bounded,
                            bounds,
                            default: None,
                        }),
                    }
                }
            }
        }
        for g in &mut out {
            g.bounds.sort();
            g.bounds.dedup();
        }
        out
    }

    fn function(&self, path: String, sig: &syn::Signature, a: &Attrs, kind: SymbolKind) -> Symbol {
        let mut s = self.symbol(path, kind, &sig.ident, a);
        for input in &sig.inputs {
            match input {
                syn::FnArg::Receiver(r) => {
                    let ty = match &r.kind {
                        syn::ReceiverKind::Reference(_, _, m) => {
                            if m.is_some() {
                                "&mut self".to_string()
                            } else {
                                "&self".to_string()
                            }
                        }
                        // `self: &Self` is `&self` spelled out; only other types
                        // (`Box<Self>`, `Pin<&mut Self>`) are worth writing down.
                        syn::ReceiverKind::Typed(_, t) => {
                            match drop_lifetimes(&self.ty(t)).as_str() {
                                "&Self" => "&self".to_string(),
                                "&mut Self" => "&mut self".to_string(),
                                "Self" => "self".to_string(),
                                other => format!("self: {other}"),
                            }
                        }
                        _ => "self".to_string(),
                    };
                    s.params.push(Param {
                        name: "self".into(),
                        kind: ParamKind::Receiver,
                        ty: Some(ty),
                        default: None,
                        required: true,
                    });
                }
                syn::FnArg::Typed(pt) => s.params.push(Param {
                    name: pt.pat.to_token_stream().to_string().replace(' ', ""),
                    kind: ParamKind::Positional,
                    ty: Some(self.ty(&pt.ty)),
                    default: None,
                    required: true,
                }),
            }
        }
        s.returns = match &sig.output {
            syn::ReturnType::Default => None,
            syn::ReturnType::Type(_, t) => Some(self.ty(t)),
        };
        s.generics = self.generics(&sig.generics);
        s.is_async = sig.asyncness.is_some();
        if matches!(sig.safety, syn::Safety::Unsafe(_)) {
            s.attributes.push("unsafe".into());
        }
        if let Some(abi) = &sig.abi {
            let name = abi
                .name
                .as_ref()
                .map_or("C".to_string(), syn::LitStr::value);
            s.attributes.push(format!("extern \"{name}\""));
        }
        s.attributes.sort();
        s
    }

    fn fields(
        &self,
        owner: &str,
        list: Vec<&syn::Field>,
        decl: &mut Decl,
        feature: &Option<String>,
    ) -> bool {
        let mut private = false;
        for (i, f) in list.into_iter().enumerate() {
            let name = f
                .ident
                .as_ref()
                .map_or_else(|| i.to_string(), ToString::to_string);
            let path = format!("{owner}::{name}");
            if !matches!(f.vis, syn::Visibility::Public(_)) {
                private = true;
                decl.restricted.push(path);
                continue;
            }
            let a = read_attrs(&f.attrs);
            let ident = f
                .ident
                .clone()
                .unwrap_or_else(|| proc_macro2::Ident::new("_", proc_macro2::Span::call_site()));
            let mut s = self.symbol(path, SymbolKind::Field, &ident, &a);
            if f.ident.is_none() {
                s.span = decl
                    .symbols
                    .first()
                    .map(|d| d.span.clone())
                    .unwrap_or_default();
            }
            s.ty = Some(self.ty(&f.ty));
            if s.feature.is_none() {
                s.feature.clone_from(feature);
            }
            decl.symbols.push(s);
        }
        private
    }

    fn module(&self, items: &[syn::Item]) -> ModSummary {
        let mut m = ModSummary::default();
        for item in items {
            self.item(item, &mut m);
        }
        m
    }

    fn item(&self, item: &syn::Item, m: &mut ModSummary) {
        if item_attrs(item).is_some_and(|attrs| attrs.iter().any(is_cfg_test)) {
            return;
        }
        let (vis, ident, attrs) = match item {
            syn::Item::Const(i) => (&i.vis, &i.ident, &i.attrs),
            syn::Item::Enum(i) => (&i.vis, &i.ident, &i.attrs),
            syn::Item::Fn(i) => (&i.vis, &i.sig.ident, &i.attrs),
            syn::Item::Static(i) => (&i.vis, &i.ident, &i.attrs),
            syn::Item::Struct(i) => (&i.vis, &i.ident, &i.attrs),
            syn::Item::Trait(i) => (&i.vis, &i.ident, &i.attrs),
            syn::Item::Type(i) => (&i.vis, &i.ident, &i.attrs),
            syn::Item::Union(i) => (&i.vis, &i.ident, &i.attrs),
            syn::Item::Mod(i) => (&i.vis, &i.ident, &i.attrs),
            syn::Item::Use(u) => {
                if matches!(u.vis, syn::Visibility::Public(_)) {
                    let a = read_attrs(&u.attrs);
                    let span = self.span(u.use_token.span);
                    let mut out = Vec::new();
                    flatten_use(&u.tree, Vec::new(), &mut out);
                    for (segments, alias) in out {
                        m.uses.push(UseDecl {
                            segments,
                            alias,
                            span: span.clone(),
                            feature: a.feature.clone(),
                            hidden: a.stability.doc_hidden,
                        });
                    }
                }
                return;
            }
            syn::Item::Impl(i) => {
                self.impl_block(i, m);
                return;
            }
            syn::Item::Macro(i) => {
                let a = read_attrs(&i.attrs);
                if let (true, Some(ident)) = (a.macro_export, &i.ident) {
                    m.macros
                        .push(self.symbol(ident.to_string(), SymbolKind::Macro, ident, &a));
                }
                crate::macros::record(
                    i.ident.as_ref(),
                    &i.mac,
                    &a.feature,
                    self.located,
                    &mut m.macro_rules,
                    &mut m.invocations,
                );
                return;
            }
            _ => return,
        };
        let name = ident.to_string();
        let a = read_attrs(attrs);
        if let (syn::Item::Fn(_), Some(pm)) = (item, &a.proc_macro) {
            // A proc-macro crate exports the macros, never the functions behind them.
            let (path, mut attributes) = match pm {
                ProcMacro::Derive(derive, helpers) => (
                    format!("derive({derive})"),
                    helpers
                        .iter()
                        .map(|h| format!("helper attribute {h}"))
                        .collect(),
                ),
                ProcMacro::Attribute => (format!("attribute({name})"), Vec::new()),
                ProcMacro::FunctionLike => (format!("{name}!"), Vec::new()),
            };
            let mut s = self.symbol(path, SymbolKind::Macro, ident, &a);
            attributes.sort();
            s.attributes = attributes;
            m.proc_macros.push(s);
            return;
        }
        if let syn::Item::Mod(i) = item {
            m.mods.push(ModDecl {
                name,
                public: matches!(vis, syn::Visibility::Public(_)),
                inline: i
                    .content
                    .as_ref()
                    .map(|(_, items)| Box::new(self.module(items))),
                path_attr: a.path.clone(),
                feature: a.feature.clone(),
                hidden: a.stability.doc_hidden,
                span: self.span(ident.span()),
            });
            return;
        }
        if !matches!(vis, syn::Visibility::Public(_)) {
            match vis {
                syn::Visibility::Restricted(_) => m.restricted.push(name),
                _ => m.private.push(name),
            }
            return;
        }
        let mut decl = Decl {
            name: name.clone(),
            symbols: Vec::new(),
            restricted: Vec::new(),
            is_type: matches!(
                item,
                syn::Item::Enum(_)
                    | syn::Item::Struct(_)
                    | syn::Item::Union(_)
                    | syn::Item::Trait(_)
                    | syn::Item::Type(_)
            ),
        };
        match item {
            syn::Item::Fn(i) => {
                decl.symbols
                    .push(self.function(name, &i.sig, &a, SymbolKind::Function))
            }
            syn::Item::Const(i) => {
                let mut s = self.symbol(name, SymbolKind::Constant, ident, &a);
                s.ty = Some(self.ty(&i.ty));
                decl.symbols.push(s);
            }
            syn::Item::Static(i) => {
                let mut s = self.symbol(name, SymbolKind::Constant, ident, &a);
                s.ty = Some(self.ty(&i.ty));
                if matches!(i.mutability, syn::StaticMutability::Mut(_)) {
                    s.attributes.push("static mut".into());
                }
                decl.symbols.push(s);
            }
            syn::Item::Type(i) => {
                let mut s = self.symbol(name, SymbolKind::TypeAlias, ident, &a);
                s.ty = Some(self.ty(&i.ty));
                s.generics = self.generics(&i.generics);
                s.lifetimes = lifetimes(&i.generics);
                decl.symbols.push(s);
            }
            syn::Item::Struct(i) => {
                let mut s = self.symbol(name.clone(), SymbolKind::Struct, ident, &a);
                s.generics = self.generics(&i.generics);
                s.lifetimes = lifetimes(&i.generics);
                decl.symbols.push(s);
                let list: Vec<&syn::Field> = match &i.fields {
                    syn::Fields::Named(n) => n.named.iter().collect(),
                    syn::Fields::Unnamed(u) => u.unnamed.iter().collect(),
                    syn::Fields::Unit => Vec::new(),
                };
                let private = self.fields(&name, list, &mut decl, &a.feature);
                if let Some(first) = decl.symbols.first_mut() {
                    first.private_fields = private;
                    match i.fields {
                        syn::Fields::Unnamed(_) => first.attributes.push("tuple".into()),
                        syn::Fields::Unit => first.attributes.push("unit".into()),
                        syn::Fields::Named(_) => {}
                    }
                    first.attributes.sort();
                }
            }
            syn::Item::Union(i) => {
                let mut s = self.symbol(name.clone(), SymbolKind::Struct, ident, &a);
                s.generics = self.generics(&i.generics);
                s.lifetimes = lifetimes(&i.generics);
                s.attributes.push("union".into());
                decl.symbols.push(s);
                let private = self.fields(
                    &name,
                    i.fields.named.iter().collect(),
                    &mut decl,
                    &a.feature,
                );
                if let Some(first) = decl.symbols.first_mut() {
                    first.private_fields = private;
                }
            }
            syn::Item::Enum(i) => {
                let mut s = self.symbol(name.clone(), SymbolKind::Enum, ident, &a);
                s.generics = self.generics(&i.generics);
                s.lifetimes = lifetimes(&i.generics);
                decl.symbols.push(s);
                for v in &i.variants {
                    let va = read_attrs(&v.attrs);
                    let mut vs = self.symbol(
                        format!("{name}::{}", v.ident),
                        SymbolKind::Variant,
                        &v.ident,
                        &va,
                    );
                    // Field by field, so doc comments on variant fields (doc attributes
                    // in the token stream) do not leak into the shape.
                    vs.ty = match &v.fields {
                        syn::Fields::Unit => None,
                        syn::Fields::Named(f) => Some(format!(
                            "{{ {} }}",
                            f.named
                                .iter()
                                .map(|x| format!(
                                    "{}: {}",
                                    x.ident
                                        .as_ref()
                                        .map(ToString::to_string)
                                        .unwrap_or_default(),
                                    self.ty(&x.ty)
                                ))
                                .collect::<Vec<_>>()
                                .join(", ")
                        )),
                        syn::Fields::Unnamed(f) => Some(format!(
                            "({})",
                            f.unnamed
                                .iter()
                                .map(|x| self.ty(&x.ty))
                                .collect::<Vec<_>>()
                                .join(", ")
                        )),
                    };
                    if vs.feature.is_none() {
                        vs.feature.clone_from(&a.feature);
                    }
                    decl.symbols.push(vs);
                }
            }
            syn::Item::Trait(i) => {
                let mut s = self.symbol(name.clone(), SymbolKind::Trait, ident, &a);
                s.generics = self.generics(&i.generics);
                s.lifetimes = lifetimes(&i.generics);
                // `trait T where Self: A` is `trait T: A`: one list of supertraits, sorted.
                let mut supers: Vec<String> = i.supertraits.iter().map(|b| self.ty(b)).collect();
                if let Some(at) = s.generics.iter().position(|g| g.name == "Self") {
                    supers.extend(s.generics.remove(at).bounds);
                }
                supers.sort();
                supers.dedup();
                if !supers.is_empty() {
                    s.ty = Some(supers.join(" + "));
                }
                if i.unsafety.is_some() {
                    s.attributes.push("unsafe".into());
                }
                if let Some(why) = dyn_incompatibility(i) {
                    s.attributes.push(format!("dyn-incompatible: {why}"));
                }
                s.attributes.sort();
                decl.symbols.push(s);
                for ti in &i.items {
                    match ti {
                        syn::TraitItem::Fn(f) => {
                            let fa = read_attrs(&f.attrs);
                            let mut fs = self.function(
                                format!("{name}::{}", f.sig.ident),
                                &f.sig,
                                &fa,
                                SymbolKind::Method,
                            );
                            fs.optional = f.default.is_some();
                            decl.symbols.push(fs);
                        }
                        syn::TraitItem::Const(c) => {
                            let ca = read_attrs(&c.attrs);
                            let mut cs = self.symbol(
                                format!("{name}::{}", c.ident),
                                SymbolKind::Constant,
                                &c.ident,
                                &ca,
                            );
                            cs.ty = Some(self.ty(&c.ty));
                            cs.optional = c.default.is_some();
                            decl.symbols.push(cs);
                        }
                        syn::TraitItem::Type(t) => {
                            let ta = read_attrs(&t.attrs);
                            let mut ts = self.symbol(
                                format!("{name}::{}", t.ident),
                                SymbolKind::AssocType,
                                &t.ident,
                                &ta,
                            );
                            ts.optional = t.default.is_some();
                            if !t.bounds.is_empty() {
                                ts.ty = Some(self.ty(&t.bounds));
                            }
                            decl.symbols.push(ts);
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
        m.decls.push(decl);
    }

    fn impl_block(&self, i: &syn::ItemImpl, m: &mut ModSummary) {
        // `impl<T: ?Sized> Trait for T`: every type has the trait, so a bound on it excludes
        // nobody.
        if let (Some((path, _)), syn::Type::Path(p)) = (&i.trait_, &*i.self_ty)
            && let Some(ident) = p.path.get_ident()
            && i.generics.params.iter().any(
                |g| matches!(g, syn::GenericParam::Type(t) if t.ident == *ident && t.bounds.is_empty()),
            )
            && i.generics.where_clause.is_none()
            && let Some(last) = path.segments.last()
        {
            m.blankets.push(last.ident.to_string());
        }
        let self_name = match &*i.self_ty {
            syn::Type::Path(p) => match p.path.segments.last() {
                Some(seg) => seg.ident.to_string(),
                None => return,
            },
            _ => return,
        };
        if let Some((path, _)) = &i.trait_ {
            let neg = if i.modifiers.polarity.is_some() {
                "!"
            } else {
                ""
            };
            let text = self.ty(path);
            let last = text.rsplit("::").next().unwrap_or(&text).to_string();
            m.impls.push(ImplBlock {
                self_name,
                trait_name: Some(format!("impl {neg}{last}")),
                symbols: Vec::new(),
                restricted: Vec::new(),
                invocations: Vec::new(),
            });
            return;
        }
        let mut block = ImplBlock {
            self_name,
            trait_name: None,
            symbols: Vec::new(),
            restricted: Vec::new(),
            invocations: Vec::new(),
        };
        for item in &i.items {
            match item {
                syn::ImplItem::Fn(f) => {
                    let name = f.sig.ident.to_string();
                    if !matches!(f.vis, syn::Visibility::Public(_)) {
                        block.restricted.push(name);
                        continue;
                    }
                    let a = read_attrs(&f.attrs);
                    block
                        .symbols
                        .push(self.function(name, &f.sig, &a, SymbolKind::Method));
                }
                syn::ImplItem::Const(c) => {
                    let name = c.ident.to_string();
                    if !matches!(c.vis, syn::Visibility::Public(_)) {
                        block.restricted.push(name);
                        continue;
                    }
                    let a = read_attrs(&c.attrs);
                    let mut s = self.symbol(name, SymbolKind::Constant, &c.ident, &a);
                    s.ty = Some(self.ty(&c.ty));
                    block.symbols.push(s);
                }
                syn::ImplItem::Macro(mac) => {
                    let mut defs = Vec::new();
                    crate::macros::record(
                        None,
                        &mac.mac,
                        &None,
                        self.located,
                        &mut defs,
                        &mut block.invocations,
                    );
                }
                _ => {}
            }
        }
        let impl_attrs = read_attrs(&i.attrs);
        if let Some(f) = impl_attrs.feature {
            for s in &mut block.symbols {
                s.feature.get_or_insert_with(|| f.clone());
            }
        }
        m.impls.push(block);
    }
}

fn flatten_use(
    tree: &syn::UseTree,
    prefix: Vec<String>,
    out: &mut Vec<(Vec<String>, Option<String>)>,
) {
    match tree {
        syn::UseTree::Path(p) => {
            let mut next = prefix;
            next.push(p.ident.to_string());
            flatten_use(&p.tree, next, out);
        }
        syn::UseTree::Name(n) => {
            let name = n.ident.to_string();
            let mut segs = prefix;
            if name == "self" {
                let alias = segs.last().cloned();
                out.push((segs, alias));
            } else {
                segs.push(name.clone());
                out.push((segs, Some(name)));
            }
        }
        syn::UseTree::Rename(r) => {
            let mut segs = prefix;
            if r.ident != "self" {
                segs.push(r.ident.to_string());
            }
            out.push((segs, Some(r.rename.to_string())));
        }
        syn::UseTree::Glob(_) => out.push((prefix, None)),
        syn::UseTree::Group(g) => {
            for t in &g.items {
                flatten_use(t, prefix.clone(), out);
            }
        }
    }
}

/// `use a::B as C;` anywhere in the file, as `C → B`, for type normalisation.
fn collect_aliases(items: &[syn::Item], out: &mut BTreeMap<String, String>) {
    for item in items {
        match item {
            syn::Item::Use(u) => {
                let mut flat = Vec::new();
                flatten_use(&u.tree, Vec::new(), &mut flat);
                for (segs, alias) in flat {
                    if let (Some(alias), Some(last)) = (alias, segs.last())
                        && &alias != last
                        && alias != "_"
                    {
                        out.insert(alias, last.clone());
                    }
                }
            }
            syn::Item::Mod(m) => {
                if let Some((_, items)) = &m.content {
                    collect_aliases(items, out);
                }
            }
            _ => {}
        }
    }
}

/// `syn::parse_file` without the function bodies (see [`strip_fn_bodies`]); same errors and
/// spans for everything outside them.
fn parse_items(text: &str) -> syn::Result<syn::File> {
    let content = text.strip_prefix('\u{feff}').unwrap_or(text);
    if content.starts_with("#!") && !content.starts_with("#![") {
        // Maybe a shebang line: syn's own rules, on the whole text.
        return syn::parse_file(text);
    }
    // Bodies blanked in the text are never tokenized, nor doc comments escaped; the token
    // pass (`strip_fn_bodies`) is all there is when the text pass gives up.
    if let Some(prepared) = prepare_for_tokens(content)
        && let Ok(tokens) = prepared.parse::<proc_macro2::TokenStream>()
    {
        // Its bodies are already empty: the token pass would find nothing
        // (`fn_body_scans_agree`, fuzzed and run on real code).
        return syn::parse2(tokens);
    }
    // What does not tokenize is reported by the tokenizer on the text as written.
    parse_token_items(content.parse()?)
}

/// Items from tokens, without the function bodies (see [`strip_fn_bodies`]).
fn parse_token_items(tokens: proc_macro2::TokenStream) -> syn::Result<syn::File> {
    syn::parse2(strip_fn_bodies(tokens))
}

fn parse_file(rel: &str, text: &str) -> Result<ModSummary, Box<Finding>> {
    let result = parse_items(text);
    let summary = match result {
        Ok(file) => {
            let mut aliases = BTreeMap::new();
            collect_aliases(&file.items, &mut aliases);
            let cx = FileCx {
                rel,
                aliases,
                located: true,
            };
            Ok(cx.module(&file.items))
        }
        Err(e) => {
            let start = e.span().start();
            Err(Box::new(
                Finding::of(
                    &rules::surface_syntax_error::SURFACE_SYNTAX_ERROR,
                    format!("`{rel}` does not parse: {e}; its items are missing from the surface"),
                )
                .at(Location::new(
                    rel,
                    start.line as u32,
                    start.column as u32 + 1,
                ))
                .with_logical_path(rel),
            ))
        }
    };
    // Spans of a parsed file are kept in a per-thread map; free it so a big tree does not
    // accumulate every file's text.
    proc_macro2::extra::invalidate_current_thread_spans();
    summary
}

/// [`parse_file`] through the memo of a diff: the file is cut into chunks at the lines that
/// end top-level items, each prepared once for both sides ([`prepare_chunk`]: bodies blanked,
/// cut into pieces of whole items), and each piece is parsed once for both sides, so that
/// two versions of a file that differ in a few items share the lexing and parsing of all the
/// others. Whenever the
/// pieces cannot stand for the file (one does not parse alone, a later one opens with inner
/// attributes, renames differ between pieces), the file is parsed whole.
fn parse_file_shared(rel: &str, text: &str, memo: &Memo) -> Result<ModSummary, Box<Finding>> {
    match parse_in_pieces(rel, text, memo) {
        Some(m) => Ok(m),
        None => parse_file(rel, text),
    }
}

/// A piece's summary, its lines counted from the piece's first line.
struct PieceSummary {
    summary: ModSummary,
    /// `use … as …` renames among its items (see [`collect_aliases`]).
    aliases: BTreeMap<String, String>,
    /// Whether it opens with inner attributes (`#![…]`), which only a file's first piece may.
    inner_attrs: bool,
}

fn parse_in_pieces(rel: &str, text: &str, memo: &Memo) -> Option<ModSummary> {
    let content = text.strip_prefix('\u{feff}').unwrap_or(text);
    if content.starts_with("#!") && !content.starts_with("#![") {
        return None;
    }
    let mut assembly = Assembly {
        rel,
        memo,
        first: true,
        aliases: BTreeMap::new(),
        parts: Vec::new(),
    };
    let mut m = ModSummary::default();
    let (mut line, mut rewrote) = (0, false);
    let cuts = top_level_cuts(content);
    let mut ends = cuts.iter().copied().chain([content.len()]).peekable();
    let mut start = 0;
    while let Some(mut end) = ends.next() {
        // A cut inside a string, a comment or a body leaves a chunk that does not lex or
        // end cleanly alone: it takes the next chunk in, a few times at most.
        let mut merged = 0;
        let chunk = loop {
            let last = ends.peek().is_none();
            let text: std::sync::Arc<str> = content[start..end].into();
            let chunk = memo
                .chunks
                .get_or(std::sync::Arc::clone(&text), || {
                    prepare_chunk(&text).map(std::sync::Arc::new)
                })
                .filter(|c| last || c.ends_cleanly);
            match chunk {
                Some(chunk) => break chunk,
                None if !last && merged < MAX_MERGED_CHUNKS => {
                    end = ends.next()?;
                    merged += 1;
                }
                None => return None,
            }
        };
        if start > 0 && chunk.starts_with_semi {
            return None;
        }
        rewrote |= chunk.rewrote;
        assembly.add(&chunk, line, &chunk.pieces, &mut m)?;
        line += (chunk.starts.len() - 1) as u32;
        start = end;
    }
    // With nothing to blank or rewrite, the whole file goes to the token pass.
    if !rewrote {
        return None;
    }
    // Each piece was summarized with its own renames, which must then be the file's.
    let aliases = &assembly.aliases;
    assembly
        .parts
        .iter()
        .all(|p| p.aliases == *aliases)
        .then_some(m)
}

/// Most chunks merged into one before a file is read whole.
const MAX_MERGED_CHUNKS: usize = 8;

/// Where a file is cut into chunks prepared alone (see [`prepare_chunk`]): after each line
/// that holds only a `}` (in formatted code, the end of a top-level item). The chunks'
/// lexing says whether a cut is sound.
fn top_level_cuts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    memchr::memmem::find_iter(bytes, b"\n}")
        .filter_map(|at| {
            let rest = &bytes[at + 2..];
            let blank = rest
                .iter()
                .position(|b| !matches!(b, b' ' | b'\t' | b'\r'))?;
            (rest[blank] == b'\n').then_some(at + 2 + blank + 1)
        })
        .filter(|&cut| cut < bytes.len())
        .collect()
}

/// A file's summary put together from the summaries of its pieces.
struct Assembly<'a> {
    rel: &'a str,
    memo: &'a Memo,
    /// Whether the next piece is the file's first.
    first: bool,
    /// The file's renames, piece by piece in file order, as [`collect_aliases`] reads them.
    aliases: BTreeMap<String, String>,
    parts: Vec<std::sync::Arc<PieceSummary>>,
}

impl Assembly<'_> {
    /// The summary of one piece of text, from the memo.
    fn piece(&mut self, text: std::sync::Arc<str>) -> Option<std::sync::Arc<PieceSummary>> {
        let rel = self.rel;
        let part = self
            .memo
            .pieces
            .get_or((rel.to_owned(), std::sync::Arc::clone(&text)), || {
                parse_piece(rel, &text)
            })?;
        if part.inner_attrs && !self.first {
            return None;
        }
        self.first = false;
        for (alias, name) in &part.aliases {
            self.aliases.insert(alias.clone(), name.clone());
        }
        self.parts.push(std::sync::Arc::clone(&part));
        Some(part)
    }

    /// Adds `pieces` of `chunk`, which begins on line `line` of the file, to `m`.
    fn add(
        &mut self,
        chunk: &Chunk,
        line: u32,
        pieces: &[Piece],
        m: &mut ModSummary,
    ) -> Option<()> {
        let text = |lines: &std::ops::Range<usize>| {
            let at = |line: usize| {
                chunk
                    .starts
                    .get(line)
                    .copied()
                    .unwrap_or(chunk.prepared.len())
            };
            &chunk.prepared[at(lines.start)..at(lines.end)]
        };
        for piece in pieces {
            match piece {
                Piece::Items(lines) => {
                    if lines.is_empty() {
                        continue;
                    }
                    let part = self.piece(text(lines).into())?;
                    let mut summary = part.summary.clone();
                    shift_lines(&mut summary, line + lines.start as u32);
                    append(m, summary);
                }
                Piece::Mod { header, inner, .. } => {
                    let mut header_text = text(header).to_owned();
                    header_text.push('}');
                    let part = self.piece(header_text.into())?;
                    // The contents are read even when the module is left out: they must
                    // parse, and their renames count (as in `collect_aliases`).
                    let mut contents = ModSummary::default();
                    self.add(chunk, line, inner, &mut contents)?;
                    let mut summary = part.summary.clone();
                    if is_empty(&summary) {
                        // `#[cfg(test)]`: the module is not part of the library.
                        continue;
                    }
                    let only_the_module = summary.mods.len() == 1
                        && summary.mods[0].inline.as_deref().is_some_and(is_empty)
                        && is_empty(&ModSummary {
                            mods: Vec::new(),
                            ..summary.clone()
                        });
                    if !only_the_module {
                        return None;
                    }
                    shift_lines(&mut summary, line + header.start as u32);
                    summary.mods[0].inline = Some(Box::new(contents));
                    append(m, summary);
                }
            }
        }
        Some(())
    }
}

/// Parses one piece alone, as a file of items.
fn parse_piece(rel: &str, text: &str) -> Option<std::sync::Arc<PieceSummary>> {
    let parsed = text
        .parse::<proc_macro2::TokenStream>()
        .ok()
        .and_then(|tokens| syn::parse2::<syn::File>(tokens).ok())
        .map(|file| {
            let mut aliases = BTreeMap::new();
            collect_aliases(&file.items, &mut aliases);
            let cx = FileCx {
                rel,
                aliases,
                located: true,
            };
            let summary = cx.module(&file.items);
            std::sync::Arc::new(PieceSummary {
                summary,
                aliases: cx.aliases,
                inner_attrs: !file.attrs.is_empty(),
            })
        });
    proc_macro2::extra::invalidate_current_thread_spans();
    parsed
}

/// Adds `by` to every line of `m` (a piece's summary placed in its file).
fn shift_lines(m: &mut ModSummary, by: u32) {
    let ModSummary {
        decls,
        restricted: _,
        uses,
        mods,
        impls,
        macros,
        private: _,
        proc_macros,
        macro_rules: _,
        invocations,
        opaque: _,
        blankets: _,
    } = m;
    let symbols = decls
        .iter_mut()
        .flat_map(|d| d.symbols.iter_mut())
        .chain(impls.iter_mut().flat_map(|b| b.symbols.iter_mut()))
        .chain(macros.iter_mut())
        .chain(proc_macros.iter_mut());
    for s in symbols {
        s.span.line += by;
    }
    for u in uses {
        u.span.line += by;
    }
    for inv in invocations
        .iter_mut()
        .chain(impls.iter_mut().flat_map(|b| b.invocations.iter_mut()))
    {
        inv.line += by;
    }
    for md in mods {
        md.span.line += by;
        if let Some(inline) = &mut md.inline {
            shift_lines(inline, by);
        }
    }
}

/// Appends the items of `from` to `to`, as if they followed in the same module.
fn append(to: &mut ModSummary, from: ModSummary) {
    let ModSummary {
        decls,
        restricted,
        uses,
        mods,
        impls,
        macros,
        private,
        proc_macros,
        macro_rules,
        invocations,
        opaque,
        blankets,
    } = from;
    to.decls.extend(decls);
    to.restricted.extend(restricted);
    to.uses.extend(uses);
    to.mods.extend(mods);
    to.impls.extend(impls);
    to.macros.extend(macros);
    to.private.extend(private);
    to.proc_macros.extend(proc_macros);
    to.macro_rules.extend(macro_rules);
    to.invocations.extend(invocations);
    to.opaque.extend(opaque);
    to.blankets.extend(blankets);
}

fn is_empty(m: &ModSummary) -> bool {
    let ModSummary {
        decls,
        restricted,
        uses,
        mods,
        impls,
        macros,
        private,
        proc_macros,
        macro_rules,
        invocations,
        opaque,
        blankets,
    } = m;
    decls.is_empty()
        && restricted.is_empty()
        && uses.is_empty()
        && mods.is_empty()
        && impls.is_empty()
        && macros.is_empty()
        && private.is_empty()
        && proc_macros.is_empty()
        && macro_rules.is_empty()
        && invocations.is_empty()
        && opaque.is_empty()
        && blankets.is_empty()
}

impl Extractor for RustExtractor {
    fn language(&self) -> Language {
        Language::Rust
    }

    fn extract(&self, root: &Path, options: &Options) -> Result<Extraction, SurfaceError> {
        let cargo = read_cargo_toml(root)?;
        let package = cargo.name.clone();
        let lib_path = cargo.lib_path.clone();
        let mut surface = Surface::new(Language::Rust, package.clone());
        surface.version = cargo.version.clone();
        surface.features = cargo.features.clone();
        surface.always_enabled = cargo.always_enabled.clone();
        let entry = options
            .entries
            .first()
            .map(|e| root.join(e))
            .unwrap_or_else(|| root.join(lib_path.unwrap_or_else(|| "src/lib.rs".into())));
        if !entry.is_file() {
            return Err(SurfaceError::NoEntry {
                path: root.to_path_buf(),
                what: rel_path(root, &entry),
            });
        }
        let src_dir = entry.parent().unwrap_or(root).to_path_buf();
        let files = walk(&src_dir, &[".rs"]);
        let cache = Cache::open(options, root, "rust");
        // What the extraction reads or is told besides the source files, for the
        // whole-package entry: an unchanged package costs a stat per file and one read.
        let entry_rel = rel_path(root, &entry);
        let confine = format!("{:?}", options.confine_to);
        let inputs: [&[u8]; 3] = [
            cargo.manifest.as_bytes(),
            entry_rel.as_bytes(),
            confine.as_bytes(),
        ];
        // Summaries of changed files already made while trying the package entry.
        let mut known = HashMap::new();
        match cache.package(root, &files, &inputs, options) {
            Package::Whole(surface, findings) => {
                return Ok(Extraction {
                    surface,
                    findings,
                    stats: cache.finish(files.len()),
                });
            }
            Package::Stale(stale) => {
                let stored =
                    |file: &Changed| cache.stored_summary(file, &[&file.rel], Codec::binary());
                let current = |file: &Changed| {
                    cache
                        .summary_with(
                            &file.path,
                            &file.rel,
                            &[&file.rel],
                            options,
                            Codec::binary(),
                            |text| parse_file(&file.rel, text),
                        )
                        .ok()
                };
                let notes = <patch::Notes as crate::moved::EntryNotes>::from_bytes(stale.extra());
                let judge = |file: &Changed, old: &_, new: &_| notes.judge(&file.rel, old, new);
                match crate::moved::up_to_date(&cache, stale, stored, current, judge) {
                    Ok((surface, findings)) => {
                        return Ok(Extraction {
                            surface,
                            findings,
                            stats: cache.finish(files.len()),
                        });
                    }
                    Err(made) => known.extend(made),
                }
            }
            Package::Miss => {}
        }
        let known = std::sync::Mutex::new(known);
        let memo = options.shared.as_ref().map(crate::Shared::rust);
        let backwards = options
            .shared
            .as_ref()
            .is_some_and(crate::Shared::backwards);
        let order: Vec<&PathBuf> = if backwards {
            files.iter().rev().collect()
        } else {
            files.iter().collect()
        };
        let mut parsed: Vec<(PathBuf, Result<ModSummary, Box<Finding>>)> = order
            .par_iter()
            .map(|&path| {
                let rel = rel_path(root, path);
                if let Some(made) = known.lock().ok().and_then(|mut k| k.remove(&rel)) {
                    return (path.clone(), made);
                }
                let r =
                    cache
                        .summary_with(path, &rel, &[&rel], options, Codec::binary(), |text| {
                            match memo {
                                Some(memo) => {
                                    memo.files.get_or((rel.clone(), text.to_owned()), || {
                                        parse_file_shared(&rel, text, memo)
                                    })
                                }
                                None => parse_file(&rel, text),
                            }
                        })
                        .and_then(|r| r);
                (path.clone(), r)
            })
            .collect();
        if backwards {
            parsed.reverse();
        }
        let mut findings = Vec::new();
        let mut by_file: HashMap<PathBuf, ModSummary> = HashMap::new();
        for (path, r) in parsed {
            match r {
                Ok(m) => {
                    by_file.insert(path, m);
                }
                Err(f) => findings.push(*f),
            }
        }
        expand_local_macros(&mut by_file, root, memo, backwards, &mut findings);
        let mut tree = Tree::default();
        let crate_name = package.replace('-', "_");
        let Some(root_mod) = by_file.get(&entry) else {
            return Ok(Extraction {
                surface,
                findings,
                stats: cache.finish(files.len()),
            });
        };
        tree.files
            .insert(rel_path(root, &entry), vec!["crate".into()]);
        tree.load(
            "crate",
            root_mod,
            &entry,
            true,
            &by_file,
            root,
            &mut findings,
            0,
        );
        let impls = tree.index_impls();
        let mut out = Emitter::new(&tree, &impls);
        if cargo.proc_macro {
            // A proc-macro crate can export nothing but its macros.
            for pm in &root_mod.proc_macros {
                let mut s = pm.clone();
                s.path = format!("{crate_name}::{}", s.path);
                out.symbols.push(s);
            }
        } else {
            out.module("crate", &crate_name, None, false, 0);
            out.mark_sealed();
            let blankets: BTreeSet<&str> = tree
                .modules
                .values()
                .flat_map(|m| m.blankets.iter().map(String::as_str))
                .collect();
            for s in &mut out.symbols {
                if s.kind == SymbolKind::Trait && blankets.contains(s.name()) {
                    s.attributes.push("blanket impl".into());
                    s.attributes.sort();
                }
            }
            for m in tree.modules.values() {
                for mac in &m.macros {
                    let mut s = mac.clone();
                    // Macros live in their own namespace: `version!` and `fn version` coexist,
                    // so the `!` keeps the paths distinct (and the snapshot from dropping one).
                    s.path = format!("{crate_name}::{}!", s.path);
                    out.symbols.push(s);
                }
            }
        }
        let notes = patch::Notes::of(&tree, &out, cargo.proc_macro);
        surface.symbols = out.symbols;
        surface.restricted = out.restricted;
        out.opaque.sort();
        out.opaque.dedup();
        surface.opaque_modules = out.opaque;
        drop(impls);
        drop(tree);
        // Freeing a large crate's summaries takes a noticeable share of a warm run: done
        // aside, while the caller goes on (at exit it is simply never finished). When no
        // thread can be started, the closure and the summaries are dropped here.
        if by_file.len() > 64 {
            let _ = std::thread::Builder::new().spawn(move || drop(by_file));
        }
        // Sorted here, so the stored entry needs no sorting when it is read back.
        let shadowed = surface.sort_reporting_duplicates();
        crate::sort_findings(&mut findings);
        let notes = notes.with_shadowed(shadowed);
        cache.store_package(
            root,
            &files,
            &inputs,
            &surface,
            &findings,
            &crate::moved::EntryNotes::to_bytes(&notes),
        );
        Ok(Extraction {
            surface,
            findings,
            stats: cache.finish(files.len()),
        })
    }
}

/// Expands item-position invocations of the crate's own `macro_rules!` macros into the
/// summaries of the modules holding them (see [`crate::macros`]).
fn expand_local_macros(
    by_file: &mut HashMap<PathBuf, ModSummary>,
    root: &Path,
    memo: Option<&Memo>,
    backwards: bool,
    findings: &mut Vec<Finding>,
) {
    // Copied out of the summaries, which expansion then edits in place.
    fn defs_of(m: &ModSummary, rel: &str, out: &mut Vec<(String, crate::macros::MacroDef)>) {
        for d in &m.macro_rules {
            out.push((rel.to_string(), d.clone()));
        }
        for md in &m.mods {
            if let Some(inline) = &md.inline {
                defs_of(inline, rel, out);
            }
        }
    }
    let mut paths: Vec<PathBuf> = by_file.keys().cloned().collect();
    paths.sort();
    let mut raw = Vec::new();
    for path in &paths {
        if let Some(m) = by_file.get(path) {
            defs_of(m, &rel_path(root, path), &mut raw);
        }
    }
    // Parsed definitions hold proc-macro2 tokens, which stay on the thread that made them:
    // each rayon job gets its own set, and parses a definition only when an invocation uses
    // it (jobs are as small as one file, and a crate can define hundreds of macros).
    let parse_defs = || {
        let mut defs = Defs::new();
        for (rel, d) in &raw {
            defs.entry(d.name.clone())
                .or_default()
                .push((rel.clone(), LazyDef::new(d)));
        }
        defs
    };
    // Expansion is pure per file, so files expand in parallel, each on a copy, against one
    // shared budget. The copies replace the originals only when the budget held: a crate that
    // exhausts it (hostile or huge) is expanded again in path order, so which invocations were
    // left out never depends on thread scheduling (a recomputed decision must be identical).
    let used = AtomicUsize::new(0);
    let order: Vec<&PathBuf> = if backwards {
        paths.iter().rev().collect()
    } else {
        paths.iter().collect()
    };
    let mut expanded: Vec<(&PathBuf, ModSummary, Vec<Finding>)> = order
        .par_iter()
        .map_init(parse_defs, |defs, &path| {
            let m = by_file.get(path).filter(|m| has_invocations(m))?;
            let rel = rel_path(root, path);
            let mut copy = m.clone();
            let mut local = Vec::new();
            let mut cx = Expander {
                defs,
                memo,
                budget: Budget::Shared(&used),
            };
            cx.expand_in(&mut copy, &rel, &mut local, 0);
            Some((path, copy, local))
        })
        .flatten()
        .collect();
    if backwards {
        expanded.reverse();
    }
    if used.load(Ordering::Relaxed) <= EXPANSION_BUDGET {
        for (path, m, local) in expanded {
            by_file.insert(path.clone(), m);
            findings.extend(local);
        }
        return;
    }
    drop(expanded);
    let defs = parse_defs();
    let mut cx = Expander {
        defs: &defs,
        memo,
        budget: Budget::Left(EXPANSION_BUDGET),
    };
    for path in paths {
        let rel = rel_path(root, &path);
        if let Some(m) = by_file.get_mut(&path) {
            cx.expand_in(m, &rel, findings, 0);
        }
    }
}

/// Whether expanding `m` has anything to do.
fn has_invocations(m: &ModSummary) -> bool {
    !m.invocations.is_empty()
        || m.impls.iter().any(|b| !b.invocations.is_empty())
        || m.mods
            .iter()
            .any(|md| md.inline.as_deref().is_some_and(has_invocations))
}

/// How many more invocations may be expanded.
enum Budget<'a> {
    /// Expanding files one after another, in path order.
    Left(usize),
    /// Expanding files in parallel: the count used so far by all of them.
    Shared(&'a AtomicUsize),
}

impl Budget<'_> {
    /// Takes one expansion from the budget; false once it is spent.
    fn take(&mut self) -> bool {
        match self {
            Budget::Left(0) => false,
            Budget::Left(left) => {
                *left -= 1;
                true
            }
            Budget::Shared(used) => used.fetch_add(1, Ordering::Relaxed) < EXPANSION_BUDGET,
        }
    }
}

/// The note left where the expansion budget ran out, so a surface cut short says so.
fn budget_spent(rel: &str, inv: &crate::macros::Invocation) -> Finding {
    Finding::of(
        &rules::surface_unresolved::SURFACE_UNRESOLVED,
        format!(
            "the crate invokes its own macros more than {EXPANSION_BUDGET} times (expansions of expansions included); `{}!` and the invocations after it were not expanded and their items are missing from the surface",
            inv.name
        ),
    )
    .at(Location::new(rel, inv.line, inv.col))
    .with_logical_path(format!("{rel}/{}!", inv.name))
}

/// Deepest chain of macros expanding to macro invocations that is followed.
const MAX_EXPANSION_DEPTH: usize = 32;

/// Macro name → its definitions with the file of each, in path order.
type Defs<'m> = HashMap<String, Vec<(String, LazyDef<'m>)>>;

/// A definition, tokenized the first time it is used.
struct LazyDef<'m> {
    raw: &'m crate::macros::MacroDef,
    parsed: std::cell::OnceCell<crate::macros::Parsed>,
}

impl<'m> LazyDef<'m> {
    fn new(raw: &'m crate::macros::MacroDef) -> Self {
        LazyDef {
            raw,
            parsed: std::cell::OnceCell::new(),
        }
    }

    fn get(&self) -> &crate::macros::Parsed {
        self.parsed
            .get_or_init(|| crate::macros::Parsed::new(self.raw))
    }
}

/// Most invocations expanded in one crate (expansions of expansions included), so a hostile
/// tree of macros cannot make extraction run away.
const EXPANSION_BUDGET: usize = 20_000;

/// The definition an invocation in `rel` uses: one in the same file (macros are textually
/// scoped), else the first in path order.
fn def_for<'d>(defs: &'d Defs<'_>, name: &str, rel: &str) -> Option<&'d crate::macros::Parsed> {
    let all = defs.get(name)?;
    all.iter()
        .find(|(file, _)| file == rel)
        .or_else(|| all.first())
        .map(|(_, d)| d.get())
}

/// Memoized parses of one Rust package's files and macro expansions, shared between the two
/// sides of a diff (see [`crate::Shared`]). Every value is a pure function of its key.
#[derive(Default)]
pub(crate) struct Memo {
    /// (file path, text) → the file's summary.
    files: crate::shared::Memo<(String, String), Result<ModSummary, Box<Finding>>>,
    /// A chunk of a file's text → the chunk prepared and cut into pieces (see
    /// [`parse_file_shared`]).
    chunks: crate::shared::Memo<std::sync::Arc<str>, Option<std::sync::Arc<Chunk>>>,
    /// (file path, piece of its prepared text) → the piece's summary (see
    /// [`parse_file_shared`]).
    pieces:
        crate::shared::Memo<(String, std::sync::Arc<str>), Option<std::sync::Arc<PieceSummary>>>,
    /// (file path, where, definition, invocation tokens) → the expansion's summary, before it
    /// is placed at the invocation.
    expansions: crate::shared::Memo<(String, Position, String, String), Result<Expansion, String>>,
    /// (file path, where, the arms used (see [`crate::macros::Parsed::key_for`]), invocation
    /// tokens) → the summary of the expanded tokens: two versions of a definition that
    /// differ only in arms an invocation does not use share its parse.
    expanded: crate::shared::Memo<(String, Position, String, String), Result<ModSummary, String>>,
}

/// Where an invocation stands: among a module's items or an inherent `impl` block's.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Position {
    Items,
    ImplItems,
}

/// Expands the crate's `macro_rules!` invocations found in module summaries.
struct Expander<'a> {
    defs: &'a Defs<'a>,
    memo: Option<&'a Memo>,
    budget: Budget<'a>,
}

impl Expander<'_> {
    /// What `inv` expands to with `def`, computed once per run for identical invocations
    /// when a memo is shared.
    fn expansion(
        &self,
        def: &crate::macros::Parsed,
        inv: &crate::macros::Invocation,
        rel: &str,
        position: Position,
    ) -> Result<Expansion, String> {
        let compute = || match position {
            Position::Items => expand_items(def, inv, rel, self.memo),
            Position::ImplItems => expand_impl_block(def, inv, rel, self.memo),
        };
        match self.memo {
            Some(memo) => memo.expansions.get_or(
                (
                    rel.to_owned(),
                    position,
                    def.key.clone(),
                    inv.tokens.clone(),
                ),
                compute,
            ),
            None => compute(),
        }
    }

    /// Charges the `steps` expansions of a chain started `depth` levels deep to the depth
    /// limit and the budget: the note that stopped it, if either ran out.
    fn charge(
        &mut self,
        expansion: &Expansion,
        depth: usize,
        rel: &str,
        inv: &crate::macros::Invocation,
    ) -> Option<Finding> {
        // Step k of the chain runs at depth + k - 1, and only up to MAX_EXPANSION_DEPTH.
        if expansion.cut || depth + expansion.steps > MAX_EXPANSION_DEPTH + 1 {
            return Some(too_deep(rel, inv));
        }
        if (0..expansion.steps).all(|_| self.budget.take()) {
            None
        } else {
            Some(budget_spent(rel, inv))
        }
    }

    fn expand_in(
        &mut self,
        m: &mut ModSummary,
        rel: &str,
        findings: &mut Vec<Finding>,
        depth: usize,
    ) {
        for md in &mut m.mods {
            if let Some(inline) = &mut md.inline {
                self.expand_in(inline, rel, findings, depth + 1);
            }
        }
        if depth > MAX_EXPANSION_DEPTH {
            // A macro expanding to itself for ever, or a muncher deeper than we follow.
            for inv in std::mem::take(&mut m.invocations) {
                findings.push(too_deep(rel, &inv));
            }
            return;
        }
        for block in &mut m.impls {
            self.expand_impl_items(block, rel, findings);
        }
        let invocations = std::mem::take(&mut m.invocations);
        for inv in invocations {
            let Some(def) = def_for(self.defs, &inv.name, rel) else {
                // Built-ins that generate no items are not worth a note.
                if !matches!(inv.name.as_str(), "compile_error" | "global_asm" | "assert") {
                    m.opaque.push(inv.name.clone());
                }
                continue;
            };
            match self.expansion(def, &inv, rel, Position::Items) {
                Ok(expansion) => {
                    if let Some(stop) = self.charge(&expansion, depth, rel, &inv) {
                        findings.push(stop);
                        return;
                    }
                    let mut sub = expansion.sub;
                    let span = SourceSpan {
                        path: rel.to_string(),
                        line: inv.line,
                        col: inv.col,
                    };
                    respan(&mut sub, &span, inv.feature.as_deref());
                    self.expand_in(&mut sub, rel, findings, depth + expansion.steps);
                    m.decls.extend(sub.decls);
                    m.restricted.extend(sub.restricted);
                    m.uses.extend(sub.uses);
                    m.mods.extend(sub.mods);
                    m.impls.extend(sub.impls);
                    m.macros.extend(sub.macros);
                    m.private.extend(sub.private);
                    m.opaque.extend(sub.opaque);
                }
                Err(why) => findings.push(
                    Finding::of(
                        &rules::surface_unresolved::SURFACE_UNRESOLVED,
                        format!(
                            "invocation of the crate's macro `{}!` could not be expanded: {why}; the items it generates are missing from the surface",
                            inv.name
                        ),
                    )
                    .at(Location::new(rel, inv.line, inv.col))
                    .with_logical_path(format!("{rel}/{}!", inv.name)),
                ),
            }
        }
    }

    /// Expands the crate's macros invoked among the items of an inherent `impl` block
    /// (`const_fn! { pub const fn null() … }`): their methods belong to the type.
    fn expand_impl_items(&mut self, block: &mut ImplBlock, rel: &str, findings: &mut Vec<Finding>) {
        for inv in std::mem::take(&mut block.invocations) {
            let Some(def) = def_for(self.defs, &inv.name, rel) else {
                continue;
            };
            match self.expansion(def, &inv, rel, Position::ImplItems) {
                Ok(expansion) => {
                    if let Some(stop) = self.charge(&expansion, 0, rel, &inv) {
                        findings.push(stop);
                        return;
                    }
                    let sub = expansion.sub;
                    for mut b in sub.impls {
                        for s in &mut b.symbols {
                            mark_generated(s);
                            s.span = SourceSpan {
                                path: rel.to_string(),
                                line: inv.line,
                                col: inv.col,
                            };
                            if s.feature.is_none() {
                                s.feature.clone_from(&inv.feature);
                            }
                        }
                        block.symbols.append(&mut b.symbols);
                        block.restricted.append(&mut b.restricted);
                    }
                }
                Err(why) => findings.push(
                    Finding::of(
                        &rules::surface_unresolved::SURFACE_UNRESOLVED,
                        format!(
                            "invocation of the crate's macro `{}!` could not be expanded: {why}; the methods it generates are missing from the surface",
                            inv.name
                        ),
                    )
                    .at(Location::new(rel, inv.line, inv.col))
                    .with_logical_path(format!("{rel}/{}!", inv.name)),
                ),
            }
        }
    }
}

/// An invocation's expansion, summarized as a module of the invoking file.
#[derive(Clone)]
struct Expansion {
    /// Expansions it took (see [`crate::macros::expand_chain`]).
    steps: usize,
    /// Whether it still called itself at the depth limit (`sub` is then empty).
    cut: bool,
    sub: ModSummary,
}

/// The summary of an expansion that used the arms `arms` of `def`: `summarize` of its
/// tokens, computed once per run for both sides when a memo is shared.
fn summary_of_arms(
    memo: Option<&Memo>,
    key: (
        &str,
        Position,
        &crate::macros::Parsed,
        &crate::macros::Invocation,
    ),
    arms: &[usize],
    summarize: impl FnOnce() -> Result<ModSummary, String>,
) -> Result<ModSummary, String> {
    let (rel, position, def, inv) = key;
    let summary = match memo {
        Some(memo) => memo.expanded.get_or(
            (
                rel.to_owned(),
                position,
                def.key_for(arms),
                inv.tokens.clone(),
            ),
            summarize,
        ),
        None => summarize(),
    };
    proc_macro2::extra::invalidate_current_thread_spans();
    summary
}

/// The items `inv` expands to, summarized as a module of `rel`.
fn expand_items(
    def: &crate::macros::Parsed,
    inv: &crate::macros::Invocation,
    rel: &str,
    memo: Option<&Memo>,
) -> Result<Expansion, String> {
    let chain = crate::macros::expand_chain(def, inv, MAX_EXPANSION_DEPTH + 1)?;
    let mut expansion = Expansion {
        steps: chain.steps,
        cut: chain.cut,
        sub: ModSummary::default(),
    };
    if chain.cut {
        return Ok(expansion);
    }
    let tokens = chain.tokens;
    let key = (rel, Position::Items, def, inv);
    expansion.sub = summary_of_arms(memo, key, &chain.arms, || {
        // Parsed from the tokens themselves: printing and re-tokenizing them was a third of
        // the cost of an expansion.
        let file = parse_token_items(tokens)
            .map_err(|e| format!("its expansion does not parse as items: {e}"))?;
        let mut aliases = BTreeMap::new();
        collect_aliases(&file.items, &mut aliases);
        let cx = FileCx {
            rel,
            aliases,
            located: false,
        };
        Ok(cx.module(&file.items))
    })?;
    Ok(expansion)
}

/// The `impl` items `inv` expands to, summarized as the impl blocks of a module of `rel`.
/// Impl items are not expanded further, so self-calls are not followed.
fn expand_impl_block(
    def: &crate::macros::Parsed,
    inv: &crate::macros::Invocation,
    rel: &str,
    memo: Option<&Memo>,
) -> Result<Expansion, String> {
    use proc_macro2::{Delimiter, Group, Ident, Span, TokenTree};
    let (items, arm) = crate::macros::expand_once(def, inv)?;
    let key = (rel, Position::ImplItems, def, inv);
    let sub = summary_of_arms(memo, key, &[arm], || {
        let block: proc_macro2::TokenStream = [
            TokenTree::Ident(Ident::new("impl", Span::call_site())),
            TokenTree::Ident(Ident::new("AccordExpansion", Span::call_site())),
            TokenTree::Group(Group::new(Delimiter::Brace, items)),
        ]
        .into_iter()
        .collect();
        let file = parse_token_items(block)
            .map_err(|e| format!("its expansion does not parse as impl items: {e}"))?;
        let cx = FileCx {
            rel,
            aliases: BTreeMap::new(),
            located: false,
        };
        let mut sub = ModSummary::default();
        for item in &file.items {
            if let syn::Item::Impl(i) = item {
                cx.impl_block(i, &mut sub);
            }
        }
        Ok(sub)
    })?;
    Ok(Expansion {
        steps: 1,
        cut: false,
        sub,
    })
}

/// The note left for an invocation nested deeper than [`MAX_EXPANSION_DEPTH`] expansions.
fn too_deep(rel: &str, inv: &crate::macros::Invocation) -> Finding {
    Finding::of(
        &rules::surface_unresolved::SURFACE_UNRESOLVED,
        format!(
            "invocation of the crate's macro `{}!` is nested more than {MAX_EXPANSION_DEPTH} expansions deep and was not expanded; the items it generates are missing from the surface",
            inv.name
        ),
    )
    .at(Location::new(rel, inv.line, inv.col))
    .with_logical_path(format!("{rel}/{}!", inv.name))
}

/// Marks a symbol as produced by expanding a macro: the expander is best effort, so a
/// later expansion that lacks it does not prove it removed.
fn mark_generated(s: &mut Symbol) {
    if !s.attributes.iter().any(|a| a == "macro-generated") {
        s.attributes.push("macro-generated".into());
        s.attributes.sort();
    }
}

/// Points every symbol of an expansion at the invocation, and gates it on its feature.
fn respan(m: &mut ModSummary, span: &SourceSpan, feature: Option<&str>) {
    let fix = |s: &mut Symbol| {
        s.span = span.clone();
        if s.feature.is_none() {
            s.feature = feature.map(str::to_string);
        }
        mark_generated(s);
    };
    for d in &mut m.decls {
        d.symbols.iter_mut().for_each(fix);
    }
    for b in &mut m.impls {
        b.symbols.iter_mut().for_each(fix);
    }
    m.macros.iter_mut().for_each(fix);
    for u in &mut m.uses {
        u.span = span.clone();
        if u.feature.is_none() {
            u.feature = feature.map(str::to_string);
        }
    }
    // Invocations left in the expansion are placed at the outer one too, so a note about
    // them points into the file, not into expansion text nobody can open.
    let place = |inv: &mut crate::macros::Invocation| {
        (inv.line, inv.col) = (span.line, span.col);
        if inv.feature.is_none() {
            inv.feature = feature.map(str::to_string);
        }
    };
    m.invocations.iter_mut().for_each(place);
    for b in &mut m.impls {
        b.invocations.iter_mut().for_each(place);
    }
    for md in &mut m.mods {
        md.span = span.clone();
        if let Some(inline) = &mut md.inline {
            respan(inline, span, feature);
        }
    }
}

/// The module tree, borrowing the per-file summaries: a module reached twice (or a file
/// mounted under two paths) shares one summary instead of copying it.
#[derive(Default)]
struct Tree<'s> {
    modules: BTreeMap<String, &'s ModSummary>,
    /// The module(s) each source file was loaded as, by path relative to the package root.
    files: HashMap<String, Vec<String>>,
    /// Modules whose items or re-exports a path resolution read: what they declare may
    /// change what other modules export (see [`patch`]).
    consulted: std::cell::RefCell<HashSet<String>>,
}

/// What a module without a source file resolves to.
static EMPTY: ModSummary = ModSummary {
    decls: Vec::new(),
    restricted: Vec::new(),
    uses: Vec::new(),
    mods: Vec::new(),
    impls: Vec::new(),
    macros: Vec::new(),
    private: Vec::new(),
    proc_macros: Vec::new(),
    macro_rules: Vec::new(),
    invocations: Vec::new(),
    opaque: Vec::new(),
    blankets: Vec::new(),
};

/// (module, type name) → impl blocks for it, borrowed from the tree.
type Impls<'t> = HashMap<(&'t str, &'t str), Vec<&'t ImplBlock>>;

impl<'s> Tree<'s> {
    #[allow(clippy::too_many_arguments)]
    fn load(
        &mut self,
        internal: &str,
        m: &'s ModSummary,
        file: &Path,
        owns_dir: bool,
        by_file: &'s HashMap<PathBuf, ModSummary>,
        root: &Path,
        findings: &mut Vec<Finding>,
        depth: usize,
    ) {
        if depth > MAX_DEPTH {
            return;
        }
        // `mod x;` in `a/lib.rs` or `a/mod.rs` lives in `a/`; in `a/b.rs` it lives in `a/b/`.
        let base = file.parent().map(Path::to_path_buf).unwrap_or_default();
        let dir = if owns_dir {
            base.clone()
        } else {
            base.join(file.file_stem().unwrap_or_default())
        };
        for md in &m.mods {
            let child = format!("{internal}::{}", md.name);
            if let Some(inline) = &md.inline {
                let pseudo = dir.join(&md.name).join("mod.rs");
                self.load(
                    &child,
                    inline,
                    &pseudo,
                    true,
                    by_file,
                    root,
                    findings,
                    depth + 1,
                );
                continue;
            }
            let candidates: Vec<(PathBuf, bool)> = match &md.path_attr {
                Some(p) => vec![(base.join(p), true)],
                None => vec![
                    (dir.join(format!("{}.rs", md.name)), false),
                    (dir.join(&md.name).join("mod.rs"), true),
                ],
            };
            match candidates
                .iter()
                .find_map(|(c, owns)| by_file.get(c).map(|sub| (c, sub, owns)))
            {
                Some((path, sub, owns)) => {
                    self.files
                        .entry(rel_path(root, path))
                        .or_default()
                        .push(child.clone());
                    self.load(&child, sub, path, *owns, by_file, root, findings, depth + 1);
                }
                None => {
                    // A missing file was either reported already (syntax error, too large) or
                    // is generated by a build script we never run.
                    let reported = candidates.iter().any(|(c, _)| {
                        findings
                            .iter()
                            .any(|f| f.location.path == rel_path(root, c))
                    });
                    if !reported {
                        findings.push(
                            Finding::of(
                                &rules::surface_unresolved::SURFACE_UNRESOLVED,
                                format!("module `{}` has no source file (generated by build.rs?); not followed", md.name),
                            )
                            .at(Location::new(md.span.path.clone(), md.span.line, md.span.col))
                            .with_logical_path(child.clone()),
                        );
                    }
                    self.modules.insert(child, &EMPTY);
                }
            }
        }
        self.modules.insert(internal.to_string(), m);
    }

    fn declares_type(&self, module: &str, name: &str) -> bool {
        self.modules
            .get(module)
            .is_some_and(|m| m.decls.iter().any(|d| d.is_type && d.name == name))
    }

    fn index_impls(&self) -> Impls<'_> {
        let mut owners: HashMap<&str, Vec<&str>> = HashMap::new();
        for (path, m) in &self.modules {
            for d in m.decls.iter().filter(|d| d.is_type) {
                owners.entry(&d.name).or_default().push(path);
            }
        }
        let mut impls: Impls<'_> = HashMap::new();
        for (path, m) in &self.modules {
            for block in &m.impls {
                let owner = if self.declares_type(path, &block.self_name) {
                    path.as_str()
                } else {
                    match owners.get(block.self_name.as_str()).map(Vec::as_slice) {
                        Some([only]) => only,
                        _ => path.as_str(),
                    }
                };
                impls
                    .entry((owner, &block.self_name))
                    .or_default()
                    .push(block);
            }
        }
        impls
    }

    fn consult(&self, module: &str) {
        if let Ok(mut c) = self.consulted.try_borrow_mut()
            && !c.contains(module)
        {
            c.insert(module.to_string());
        }
    }

    /// Resolves a `use` path seen in module `current` to a module or an item.
    fn resolve(&self, current: &str, segments: &[String], depth: usize) -> Option<Target> {
        if depth > MAX_DEPTH {
            return None;
        }
        let (mut module, rest): (String, &[String]) = match segments.first().map(String::as_str) {
            Some("crate") => ("crate".to_string(), &segments[1..]),
            Some("self") => (current.to_string(), &segments[1..]),
            Some("super") => {
                let mut m = current.to_string();
                let mut i = 0;
                while segments.get(i).map(String::as_str) == Some("super") {
                    m = m
                        .rsplit_once("::")
                        .map_or("crate".to_string(), |(p, _)| p.to_string());
                    i += 1;
                }
                (m, &segments[i..])
            }
            Some(first) => {
                let local = format!("{current}::{first}");
                self.consult(current);
                if self.modules.contains_key(&local)
                    || self
                        .modules
                        .get(current)
                        .is_some_and(|m| m.decls.iter().any(|d| d.name == first))
                {
                    (current.to_string(), segments)
                } else {
                    return None;
                }
            }
            None => return None,
        };
        if rest.is_empty() {
            return Some(Target::Module(module));
        }
        let (last, init) = rest.split_last()?;
        for seg in init {
            let next = format!("{module}::{seg}");
            if self.modules.contains_key(&next) {
                module = next;
            } else {
                // A module re-exported under another name: `pub use inner as api;`.
                self.consult(&module);
                let m = self.modules.get(&module)?;
                let u = m
                    .uses
                    .iter()
                    .find(|u| u.alias.as_deref() == Some(seg.as_str()))?;
                match self.resolve(&module, &u.segments, depth + 1)? {
                    Target::Module(t) => module = t,
                    Target::Item(..) => return None,
                }
            }
        }
        let child = format!("{module}::{last}");
        if self.modules.contains_key(&child) {
            return Some(Target::Module(child));
        }
        self.consult(&module);
        let m = self.modules.get(&module)?;
        if m.decls.iter().any(|d| d.name == *last) {
            return Some(Target::Item(module, last.clone()));
        }
        let u = m
            .uses
            .iter()
            .find(|u| u.alias.as_deref() == Some(last.as_str()))?;
        self.resolve(&module, &u.segments, depth + 1)
    }
}

enum Target {
    Module(String),
    Item(String, String),
}

struct Emitter<'t> {
    tree: &'t Tree<'t>,
    impls: &'t Impls<'t>,
    symbols: Vec<Symbol>,
    restricted: Vec<String>,
    visited: BTreeSet<(String, String)>,
    /// How many public paths each internal module was emitted under.
    mounts: HashMap<String, usize>,
    /// The first public path each internal module was emitted under, with the feature and
    /// `doc(hidden)` it inherited there.
    mounted_at: HashMap<String, (String, Option<String>, bool)>,
    /// Public modules holding item-position invocations of other crates' macros.
    opaque: Vec<String>,
    /// (module, item) of every item emitted at a path users can name and see.
    public_items: BTreeSet<(String, String)>,
    /// Emitted traits: (index in `symbols`, declaring module, supertraits and `Self` bounds).
    traits: Vec<(usize, String, Vec<String>)>,
}

impl<'t> Emitter<'t> {
    fn new(tree: &'t Tree<'t>, impls: &'t Impls<'t>) -> Emitter<'t> {
        Emitter {
            tree,
            impls,
            symbols: Vec::new(),
            restricted: Vec::new(),
            visited: BTreeSet::new(),
            mounts: HashMap::new(),
            mounted_at: HashMap::new(),
            opaque: Vec::new(),
            public_items: BTreeSet::new(),
            traits: Vec::new(),
        }
    }

    /// Adds `sealed` to every trait with a supertrait users cannot name (a private module's
    /// trait, a `pub(crate)` or `#[doc(hidden)]` one): nobody outside the crate can implement
    /// it, so new required items break no implementation.
    fn mark_sealed(&mut self) {
        for (index, module, bounds) in std::mem::take(&mut self.traits) {
            let sealed = bounds.iter().any(|b| self.is_internal(&module, b));
            if sealed && let Some(s) = self.symbols.get_mut(index) {
                s.attributes.push("sealed".into());
                s.attributes.sort();
            }
        }
    }

    /// True when the trait bound `bound`, written in `module`, names a trait of this crate
    /// that users cannot name.
    fn is_internal(&self, module: &str, bound: &str) -> bool {
        let path = bound.split('<').next().unwrap_or(bound).trim();
        if path.starts_with('?') || path.starts_with('\'') || path.is_empty() {
            return false;
        }
        let segments: Vec<String> = path.split("::").map(str::to_string).collect();
        for base in [module, "crate"] {
            match self.tree.resolve(base, &segments, 0) {
                Some(Target::Item(m, name)) => {
                    return !self.public_items.contains(&(m, name));
                }
                Some(Target::Module(_)) => return false,
                None => {}
            }
            // Not `pub`: declarations of private items are not in the summaries.
            let (last, init) = match segments.split_last() {
                Some(x) => x,
                None => return false,
            };
            let owner = if init.is_empty() {
                Some(base.to_string())
            } else {
                match self.tree.resolve(base, init, 0) {
                    Some(Target::Module(m)) => Some(m),
                    _ => None,
                }
            };
            if let Some(o) = &owner {
                self.tree.consult(o);
            }
            if let Some(m) = owner.and_then(|o| self.tree.modules.get(&o))
                && (m.private.iter().any(|p| p == last) || m.restricted.iter().any(|p| p == last))
            {
                return true;
            }
        }
        false
    }

    /// Emits everything public in module `internal` under the public path `public`.
    fn module(
        &mut self,
        internal: &str,
        public: &str,
        feature: Option<&str>,
        hidden: bool,
        depth: usize,
    ) {
        if depth > MAX_DEPTH
            || !self
                .visited
                .insert((internal.to_string(), public.to_string()))
        {
            return;
        }
        // Re-exports that form a cycle through renames (`pub use crate as a;` in two
        // modules) give ever longer paths to the same modules: exponential without a bound.
        let seen = self.mounts.entry(internal.to_string()).or_insert(0);
        *seen += 1;
        if *seen > MAX_MOUNTS {
            return;
        }
        self.mounted_at
            .entry(internal.to_string())
            .or_insert_with(|| (public.to_string(), feature.map(str::to_string), hidden));
        let Some(m) = self.tree.modules.get(internal) else {
            return;
        };
        if !m.opaque.is_empty() {
            self.opaque.push(public.to_string());
        }
        for d in &m.decls {
            self.decl(
                internal,
                d,
                &format!("{public}::{}", d.name),
                feature,
                hidden,
            );
        }
        for r in &m.restricted {
            self.restricted.push(format!("{public}::{r}"));
        }
        for md in &m.mods {
            let path = format!("{public}::{}", md.name);
            if !md.public {
                continue;
            }
            let f = md.feature.as_deref().or(feature);
            // `__private`, `__macro_support`: public only so the crate's macros can reach them.
            let h = hidden || md.hidden || md.name.starts_with("__");
            let mut s = Symbol::new(path.clone(), SymbolKind::Module, md.span.clone());
            s.feature = f.map(str::to_string);
            s.stability.doc_hidden = h;
            self.symbols.push(s);
            self.module(&format!("{internal}::{}", md.name), &path, f, h, depth + 1);
        }
        for u in &m.uses {
            let f = u.feature.as_deref().or(feature);
            let h = hidden || u.hidden;
            match (self.tree.resolve(internal, &u.segments, 0), &u.alias) {
                (Some(Target::Module(target)), None) => {
                    self.module(&target, public, f, h, depth + 1)
                }
                (Some(Target::Module(target)), Some(alias)) => {
                    let path = format!("{public}::{alias}");
                    let mut s = Symbol::new(path.clone(), SymbolKind::Module, u.span.clone());
                    s.feature = f.map(str::to_string);
                    s.stability.doc_hidden = h;
                    self.symbols.push(s);
                    self.module(&target, &path, f, h, depth + 1);
                }
                (Some(Target::Item(module, name)), alias) => {
                    let alias = alias.clone().unwrap_or_else(|| name.clone());
                    if let Some(d) = self
                        .tree
                        .modules
                        .get(&module)
                        .and_then(|m| m.decls.iter().find(|d| d.name == name))
                    {
                        self.decl(&module, d, &format!("{public}::{alias}"), f, h);
                    }
                }
                (None, Some(alias)) => {
                    // Outside the crate (or a glob of enum variants): record what it points to.
                    let mut s = Symbol::new(
                        format!("{public}::{alias}"),
                        SymbolKind::ReExport,
                        u.span.clone(),
                    );
                    // Normalised like any type, so `core::x` and `std::x` compare equal.
                    s.ty = Some(normalize_rust_type(
                        &u.segments.join("::"),
                        &BTreeMap::new(),
                    ));
                    s.feature = f.map(str::to_string);
                    s.stability.doc_hidden = h;
                    self.symbols.push(s);
                }
                (None, None) => {
                    let mut s = Symbol::new(
                        format!("{public}::*{}", u.segments.join("::")),
                        SymbolKind::ReExport,
                        u.span.clone(),
                    );
                    s.ty = Some(format!(
                        "{}::*",
                        normalize_rust_type(&u.segments.join("::"), &BTreeMap::new())
                    ));
                    s.feature = f.map(str::to_string);
                    self.symbols.push(s);
                }
            }
        }
    }

    fn decl(&mut self, module: &str, d: &Decl, at: &str, feature: Option<&str>, hidden: bool) {
        let rebase = |p: &str| match p.split_once("::") {
            Some((_, rest)) => format!("{at}::{rest}"),
            None => at.to_string(),
        };
        let impls = self.impls.get(&(module, d.name.as_str()));
        if let Some(first) = d.symbols.first() {
            if !hidden && !first.stability.doc_hidden {
                self.public_items
                    .insert((module.to_string(), d.name.clone()));
            }
            if first.kind == SymbolKind::Trait {
                let mut bounds: Vec<String> = first
                    .ty
                    .as_deref()
                    .map(|t| t.split(" + ").map(str::to_string).collect())
                    .unwrap_or_default();
                for g in first.generics.iter().filter(|g| g.name == "Self") {
                    bounds.extend(g.bounds.iter().cloned());
                }
                self.traits
                    .push((self.symbols.len(), module.to_string(), bounds));
            }
        }
        for (i, s) in d.symbols.iter().enumerate() {
            let mut s = s.clone();
            s.path = rebase(&s.path);
            if s.feature.is_none() {
                s.feature = feature.map(str::to_string);
            }
            s.stability.doc_hidden |= hidden;
            if i == 0 {
                for block in impls.into_iter().flatten() {
                    if let Some(t) = &block.trait_name {
                        s.attributes.push(t.clone());
                    }
                }
                s.attributes.sort();
                s.attributes.dedup();
            }
            self.symbols.push(s);
        }
        for r in &d.restricted {
            self.restricted.push(rebase(r));
        }
        for block in impls.into_iter().flatten() {
            for s in &block.symbols {
                let mut s = s.clone();
                s.path = format!("{at}::{}", s.path);
                if s.feature.is_none() {
                    s.feature = feature.map(str::to_string);
                }
                s.stability.doc_hidden |= hidden;
                self.symbols.push(s);
            }
            for r in &block.restricted {
                self.restricted.push(format!("{at}::{r}"));
            }
        }
    }
}

/// What Cargo.toml says about the package.
#[derive(Default)]
pub(crate) struct CargoInfo {
    name: String,
    version: Option<String>,
    /// Each feature with everything it enables, transitively (see [`feature_closure`]).
    features: BTreeMap<String, Vec<String>>,
    /// `dep/feature` enabled by non-optional dependency declarations.
    always_enabled: Vec<String>,
    pub(crate) lib_path: Option<String>,
    proc_macro: bool,
    /// The manifest's text: an input of the whole-package cache entry.
    manifest: String,
}

/// A dependency declaration: optional or not, and the features it enables.
#[derive(Default)]
struct DepDecl {
    optional: bool,
    features: Vec<String>,
}

fn string_list(v: &toml_span::Value<'_>) -> Vec<String> {
    match v.as_array() {
        Some(items) => items
            .iter()
            .filter_map(|i| i.as_str().map(str::to_string))
            .collect(),
        None => Vec::new(),
    }
}

/// Reads a `[dependencies]`-shaped table into `deps`.
fn read_deps(table: &toml_span::value::Table<'_>, deps: &mut BTreeMap<String, DepDecl>) {
    for (k, v) in table {
        let entry = deps.entry(k.name.to_string()).or_default();
        if let Some(t) = v.as_table() {
            for (dk, dv) in t {
                match dk.name.as_ref() {
                    "optional" => entry.optional |= dv.as_bool().unwrap_or(false),
                    "features" => entry.features.extend(string_list(dv)),
                    _ => {}
                }
            }
        }
    }
}

/// Everything each feature enables, transitively, with dependency features resolved the way
/// Cargo resolves them: `x` naming an optional dependency is `dep:x`; `x/f` enables the
/// dependency `x` (when optional) and its feature `f`; an enabled optional dependency brings
/// the features its declaration lists. So a feature that stops listing `serde/derive` because
/// the `serde` declaration now enables `derive` still enables it.
fn feature_closure(
    raw: &BTreeMap<String, Vec<String>>,
    deps: &BTreeMap<String, DepDecl>,
) -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    for name in raw.keys() {
        let mut seen: BTreeSet<String> = BTreeSet::new();
        let mut stack: Vec<String> = raw.get(name).cloned().unwrap_or_default();
        let mut guard = 0;
        while let Some(item) = stack.pop() {
            guard += 1;
            if guard > 100_000 {
                break;
            }
            let item = match item.strip_prefix("dep:") {
                Some(d) => format!("dep:{d}"),
                None if !raw.contains_key(&item)
                    && !item.contains('/')
                    && deps.get(&item).is_some_and(|d| d.optional) =>
                {
                    format!("dep:{item}")
                }
                None => item,
            };
            if !seen.insert(item.clone()) {
                continue;
            }
            if let Some(dep) = item.strip_prefix("dep:") {
                if let Some(d) = deps.get(dep) {
                    stack.extend(d.features.iter().map(|f| format!("{dep}/{f}")));
                }
            } else if let Some((dep, _)) = item.split_once('/') {
                // `x?/f` only turns `f` on when something else enables `x`.
                if !dep.ends_with('?') && deps.get(dep).is_some_and(|d| d.optional) {
                    stack.push(format!("dep:{dep}"));
                }
                if !dep.ends_with('?') && !deps.contains_key(dep) && raw.contains_key(dep) {
                    // `feature/sub` of a workspace-style self reference: just the feature.
                    stack.push(dep.to_string());
                }
            } else if let Some(more) = raw.get(&item) {
                stack.extend(more.iter().cloned());
            }
        }
        out.insert(name.clone(), seen.into_iter().collect());
    }
    out
}

/// Package name, version, features and `[lib]` facts from Cargo.toml.
pub(crate) fn read_cargo_toml(root: &Path) -> Result<CargoInfo, SurfaceError> {
    let path = root.join("Cargo.toml");
    let text = crate::read_package_manifest(&path)?;
    let mut value = toml_span::parse(&text).map_err(|e| {
        let (line, column) = accord_model::Span::new(e.span.start, e.span.start).line_col(&text);
        SurfaceError::Manifest {
            path: path.clone(),
            line,
            column,
            message: e.to_string(),
        }
    })?;
    let root_table = value.take();
    let mut info = CargoInfo {
        name: root
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        manifest: text.clone(),
        ..CargoInfo::default()
    };
    let mut raw: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut deps: BTreeMap<String, DepDecl> = BTreeMap::new();
    if let toml_span::value::ValueInner::Table(table) = root_table {
        for (key, v) in &table {
            match key.name.as_ref() {
                "package" => {
                    if let Some(t) = v.as_table() {
                        for (k, inner) in t {
                            match (k.name.as_ref(), inner.as_str()) {
                                ("name", Some(n)) => info.name = n.to_string(),
                                ("version", Some(n)) => info.version = Some(n.to_string()),
                                _ => {}
                            }
                        }
                    }
                }
                "lib" => {
                    if let Some(t) = v.as_table() {
                        for (k, inner) in t {
                            match k.name.as_ref() {
                                "path" => info.lib_path = inner.as_str().map(str::to_string),
                                "proc-macro" | "proc_macro" => {
                                    info.proc_macro = inner.as_bool().unwrap_or(false)
                                }
                                _ => {}
                            }
                        }
                    }
                }
                "features" => {
                    if let Some(t) = v.as_table() {
                        for (k, list) in t {
                            raw.insert(k.name.to_string(), string_list(list));
                        }
                    }
                }
                "dependencies" => {
                    if let Some(t) = v.as_table() {
                        read_deps(t, &mut deps);
                    }
                }
                "target" => {
                    // `[target.'cfg(…)'.dependencies]`: declared for some platforms, which
                    // the features they enable follow.
                    if let Some(t) = v.as_table() {
                        for platform in t.values() {
                            if let Some(d) = platform
                                .as_table()
                                .and_then(|p| p.iter().find(|(k, _)| k.name == "dependencies"))
                                .and_then(|(_, d)| d.as_table())
                            {
                                read_deps(d, &mut deps);
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }
    for d in deps.values_mut() {
        d.features.sort();
        d.features.dedup();
    }
    info.features = feature_closure(&raw, &deps);
    info.always_enabled = deps
        .iter()
        .filter(|(_, d)| !d.optional)
        .flat_map(|(n, d)| d.features.iter().map(move |f| format!("{n}/{f}")))
        .collect();
    Ok(info)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(file: &syn::File) -> String {
        let mut aliases = BTreeMap::new();
        collect_aliases(&file.items, &mut aliases);
        let cx = FileCx {
            rel: "src/lib.rs",
            aliases,
            located: true,
        };
        serde_json::to_string(&cx.module(&file.items)).unwrap_or_default()
    }

    /// Skipping bodies must not change what is read from signatures, whatever sits between
    /// `fn NAME` and the body.
    #[test]
    fn summaries_without_bodies_equal_full_parses() {
        let text = r#"#![allow(dead_code)]
pub fn never() -> ! { loop {} }
pub fn arrow() -> impl Fn(u8) -> Vec<Vec<u8>> { |_| vec![] }
pub fn konst<const N: usize>() -> [u8; { N + 1 }] where [(); { N }]: Sized { [0; N + 1] }
pub fn shifted<T: Iterator<Item = Vec<Vec<u8>>>>(t: T) -> Option<Box<dyn Fn() -> !>> { None }
unsafe extern "C" { pub fn ext(x: u8) -> u8; }
pub struct S { pub f: fn(u8) -> u8 }
pub const C: fn() = { fn inner() { let _ = 1; } inner };
pub trait T { fn req(&self); fn opt(&self) -> u8 { 1 } type A; const K: u8 = 1; }
impl S { pub fn m(&self) -> Result<(), ()> { Ok(()) } fn hidden() {} }
pub mod m { pub fn deep() -> Option<u8> { Some(1) } pub struct After; }
macro_rules! mac { ($x:ident) => { fn $x() {} } }
pub enum E { A { x: u8 }, B(u16) }
"#;
        let full = syn::parse_file(text).unwrap();
        let fast = parse_items(text).unwrap();
        assert_eq!(summary(&fast), summary(&full));
        assert!(summary(&fast).contains("After"));
        // The bodies are gone from the fast tree.
        let syn::Item::Fn(f) = &fast.items[0] else {
            panic!("first item is not a fn");
        };
        assert!(f.block.stmts.is_empty());
    }

    /// Both readings of `text`: in pieces (when it goes by pieces) and whole.
    fn by_pieces_and_whole(text: &str) -> (Option<String>, String) {
        let memo = Memo::default();
        let pieces = parse_in_pieces("src/x.rs", text, &memo).map(|m| format!("{m:?}"));
        let whole = format!("{:?}", parse_file("src/x.rs", text));
        (
            pieces,
            whole
                .strip_prefix("Ok(")
                .map_or(whole.clone(), |w| w[..w.len() - 1].to_string()),
        )
    }

    /// A file read in pieces (as `accord diff` does, to share the items two versions have in
    /// common) has exactly the summary of the file read whole, lines included.
    #[test]
    fn a_file_in_pieces_summarizes_as_the_whole_file() {
        let text = r#"//! Crate docs.
#![allow(dead_code)]

use std::fmt::Display as Show;

/// A struct.
#[derive(Debug, Clone)]
pub struct S {
    pub f: Vec<Show>,
    g: u8,
}

macro_rules! make {
    ($n:ident) => { pub struct $n; };
}
make!(Made);
make! { Braced }

impl S {
    /// New.
    pub fn new() -> Self {
        let x = 1;
        S { f: Vec::new(), g: x }
    }
}

#[cfg(feature = "parsing")]
pub(crate) mod parsing {
    use super::*;

    pub trait Parse {
        fn parse(&self) -> u8 {
            1
        }
    }

    pub mod deeper {
        pub fn deep(x: impl Show) {}
    }

    impl Parse for S {}
}

/// Tests.
#[cfg(test)]
mod tests {
    use super::S as Renamed;
    #[test]
    fn t() {}
}

pub const C: u8 = { 1 };
pub enum E { A, B(u8) } pub fn same_line() {}
pub mod empty {
}
pub mod last {
    pub fn f() {}
} // trailing comment
"#;
        // Pieces are summarized with their own renames (`Show` is `Display` in types): a
        // file with renames is read whole.
        let (pieces, whole) = by_pieces_and_whole(text);
        assert_eq!(pieces, None);
        assert!(whole.contains("Vec<Display>"));
        let text = text
            .replace("use std::fmt::Display as Show;", "use std::fmt::Display;")
            .replace("use super::S as Renamed;", "use super::S;");
        let (pieces, whole) = by_pieces_and_whole(&text);
        assert_eq!(pieces.as_deref(), Some(whole.as_str()));
        let (_, cut) = prepare_pieces(&text).unwrap();
        let opened = cut
            .iter()
            .filter(|p| matches!(p, Piece::Mod { .. }))
            .count();
        assert_eq!((cut.len(), opened), (13, 4), "{cut:#?}");
    }

    /// A line holding only `}` inside a string, a comment or a body is not where a chunk
    /// ends: the chunk takes the next one in and the file still reads as a whole.
    #[test]
    fn a_cut_inside_a_string_or_a_body_is_merged_away() {
        let text = "/// Doc.\npub const S: &str = \"a\n}\nb\";\n/* c\n}\n*/\npub fn f() {\n    if x {\n}\n}\npub struct T;\n";
        let cuts = top_level_cuts(text);
        assert_eq!(cuts.len(), 4);
        let (pieces, whole) = by_pieces_and_whole(text);
        assert_eq!(pieces.as_deref(), Some(whole.as_str()));
        assert!(whole.contains("path: \"T\"") && whole.contains("line: 12"));
    }

    /// What the pieces cannot stand for is read whole: a syntax error (reported once, at its
    /// place in the file), inner attributes after the first piece, an item cut where a
    /// block expression ends a line.
    #[test]
    fn a_file_the_pieces_cannot_stand_for_is_read_whole() {
        for text in [
            "pub fn a() {}\n\npub fn b( {}\n",
            "pub fn a() {}\n#![allow(x)]\npub fn b() {}\n",
            "pub mod m {\n    pub fn a() {}\n    #![allow(x)]\n}\n",
            "pub const C: u8 = { 1 }\n    + 1;\npub fn b() {}\n",
        ] {
            let (pieces, whole) = by_pieces_and_whole(text);
            assert_eq!(pieces, None, "{text}");
            assert!(!whole.is_empty());
        }
        let (_, whole) = by_pieces_and_whole("pub const C: u8 = { 1 }\n    + 1;\npub fn b() {}\n");
        assert!(whole.contains("path: \"C\"") && whole.contains("path: \"b\""));
    }

    /// Every `.rs` file under `ACCORD_RUST_SOURCES` (e.g. `~/.cargo/registry/src`): read in
    /// pieces, each must summarize exactly as read whole. Run by hand.
    #[test]
    #[ignore]
    fn pieces_summarize_as_whole_files_on_real_code() {
        let root = std::env::var("ACCORD_RUST_SOURCES").expect("ACCORD_RUST_SOURCES");
        let (mut files, mut by_pieces, mut differ) = (0, 0, Vec::new());
        let mut dirs = vec![std::path::PathBuf::from(root)];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(dir).unwrap().flatten() {
                let path = entry.path();
                if entry.file_type().unwrap().is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let Ok(text) = std::fs::read_to_string(&path) else {
                        continue;
                    };
                    files += 1;
                    let (pieces, whole) = by_pieces_and_whole(&text);
                    if let Some(pieces) = pieces {
                        by_pieces += 1;
                        if pieces != whole {
                            differ.push(path);
                        }
                    }
                }
            }
        }
        assert!(files > 0, "no .rs file under the directory");
        assert!(by_pieces > 0, "none of {files} files was read in pieces");
        assert!(differ.is_empty(), "{} differ: {differ:#?}", differ.len());
    }
}
