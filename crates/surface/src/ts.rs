//! TypeScript / JavaScript: entry points as TypeScript and Node resolve them (see
//! [`crate::ts_entry`]: `exports` conditions and patterns, `typesVersions`, `types`/`main`),
//! each followed to its declarations (`.d.ts`/`.d.mts`/`.d.cts` before built `.js`/`.mjs`/
//! `.cjs`), then `export` declarations, `export default`, `export * from`, `export * as ns`,
//! `export { a as b } from`, re-exported imports, classes with their public members,
//! interfaces, object-literal type aliases (members like an interface's), enums, overloads,
//! read with tree-sitter-typescript. Only files an entry reaches are reported on; a package
//! whose entries lead to no symbol is [`SurfaceError::NoSymbols`].
//!
//! Parser choice: tree-sitter-typescript (already needed for JS and the same API as Python);
//! oxc_parser was not measured in this session — see the report in the crate docs of
//! `bench/surface` once it exists.

use crate::cache::Cache;
use crate::normalize::{doc_hash, normalize_ts_type};
use crate::ts_entry::{self, strip_ext};
use crate::{
    Extraction, Extractor, Options, SurfaceError, first_error, node_text, rel_path, rules,
    syntax_finding, walk,
};
use accord_model::surface::{
    Generic, Language, Param, ParamKind, SourceSpan, Surface, Symbol, SymbolKind, Visibility,
};
use accord_model::{Finding, Location};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use tree_sitter::Node;

/// The TypeScript/JavaScript extractor.
pub(crate) struct TsExtractor {
    pub(crate) js: bool,
}

const EXTS: [&str; 9] = [
    ".d.ts", ".ts", ".tsx", ".mts", ".cts", ".js", ".mjs", ".cjs", ".jsx",
];

#[derive(Debug, Default, Clone, serde::Serialize, serde::Deserialize)]
struct TsFile {
    /// Top-level declarations by local name; symbol paths are relative (`Name`, `Name.m`).
    decls: BTreeMap<String, Vec<Symbol>>,
    /// (exported name, local name).
    exported: Vec<(String, String)>,
    /// `export * from "spec"`.
    star_from: Vec<String>,
    /// (exported name, original name, spec).
    named_from: Vec<(String, String, String, SourceSpan)>,
    /// Private/protected class members (relative paths).
    restricted: Vec<String>,
    /// Imported bindings: local name → (imported name, `default` or `*`; spec; where).
    #[serde(default)]
    imports: BTreeMap<String, (String, String, SourceSpan)>,
}

struct Cx<'a> {
    src: &'a str,
    rel: &'a str,
    aliases: BTreeMap<String, String>,
}

impl Cx<'_> {
    fn text(&self, n: Node<'_>) -> &str {
        node_text(n, self.src)
    }

    fn span(&self, n: Node<'_>) -> SourceSpan {
        let line_start = self.src[..n.start_byte().min(self.src.len())]
            .rfind('\n')
            .map_or(0, |i| i + 1);
        let col = self
            .src
            .get(line_start..n.start_byte())
            .map_or(0, |s| s.chars().count());
        SourceSpan {
            path: self.rel.to_string(),
            line: n.start_position().row as u32 + 1,
            col: col as u32 + 1,
        }
    }

    fn ty(&self, n: Option<Node<'_>>) -> Option<String> {
        n.map(|n| normalize_ts_type(self.text(n).trim_start_matches(':').trim(), &self.aliases))
    }

    /// The type written in `n` after its leading `keyword` (`extends X`, `= X`), normalized.
    fn type_after(&self, n: Node<'_>, keyword: &str) -> String {
        let text = self.text(n).trim();
        normalize_ts_type(
            text.strip_prefix(keyword).unwrap_or(text).trim(),
            &self.aliases,
        )
    }

    /// The `/** … */` comment right before `n`.
    fn doc(&self, n: Node<'_>) -> String {
        let mut prev = n.prev_sibling();
        if prev.is_none()
            && let Some(parent) = n.parent().filter(|p| p.kind() == "export_statement")
        {
            prev = parent.prev_sibling();
        }
        match prev {
            Some(p) if p.kind() == "comment" && self.text(p).starts_with("/**") => self
                .text(p)
                .trim_start_matches("/**")
                .trim_end_matches("*/")
                .lines()
                .map(|l| l.trim().trim_start_matches('*').trim())
                .collect::<Vec<_>>()
                .join("\n"),
            _ => String::new(),
        }
    }

    fn apply_doc(&self, s: &mut Symbol, doc: &str) {
        s.doc_hash = doc_hash(doc);
        let mut throws = Vec::new();
        let mut effects = Vec::new();
        // Tags may share a line with prose (`/** Loads. @throws E */`).
        let doc_lines = doc.replace(" @", "\n@");
        for line in doc_lines.lines() {
            let (tag, rest) = line.split_once(' ').unwrap_or((line, ""));
            match tag {
                "@deprecated" => s.stability.deprecated = Some(rest.trim().to_string()),
                "@beta" | "@alpha" | "@experimental" | "@internal" => {
                    s.stability.marker = Some(tag.trim_start_matches('@').to_string());
                }
                "@throws" => throws.push(rest.trim().to_string()),
                "@sideEffects" | "@sideeffects" => effects.push(rest.trim().to_string()),
                _ => {}
            }
        }
        if !throws.is_empty() {
            s.errors = Some(throws.join("; "));
        }
        if !effects.is_empty() {
            s.side_effects = Some(effects.join("; "));
        }
    }

    fn generics(&self, n: Option<Node<'_>>) -> Vec<Generic> {
        let mut out = Vec::new();
        let Some(n) = n else { return out };
        let mut c = n.walk();
        for tp in n
            .named_children(&mut c)
            .filter(|t| t.kind() == "type_parameter")
        {
            out.push(Generic {
                name: tp
                    .child_by_field_name("name")
                    .map(|x| self.text(x).to_string())
                    .unwrap_or_default(),
                // The keyword and `=` are cut before the type is normalized: a union bound
                // sorted with them read `ConstructableDate | extends Date`.
                bounds: tp
                    .child_by_field_name("constraint")
                    .map(|b| self.type_after(b, "extends"))
                    .into_iter()
                    .collect(),
                default: tp
                    .child_by_field_name("value")
                    .map(|d| self.type_after(d, "=")),
            });
        }
        out
    }

    fn params(&self, n: Option<Node<'_>>) -> Vec<Param> {
        let mut out = Vec::new();
        let Some(n) = n else { return out };
        let mut c = n.walk();
        for p in n.named_children(&mut c) {
            let (pattern, ty, default, optional) = match p.kind() {
                "required_parameter" | "optional_parameter" => (
                    p.child_by_field_name("pattern"),
                    self.ty(p.child_by_field_name("type")),
                    p.child_by_field_name("value")
                        .map(|v| self.text(v).to_string()),
                    p.kind() == "optional_parameter",
                ),
                "identifier" | "rest_pattern" | "object_pattern" | "array_pattern" => {
                    (Some(p), None, None, false)
                }
                "assignment_pattern" => (
                    p.child_by_field_name("left"),
                    None,
                    p.child_by_field_name("right")
                        .map(|v| self.text(v).to_string()),
                    false,
                ),
                _ => continue,
            };
            let Some(pattern) = pattern else { continue };
            let name = self.text(pattern).to_string();
            if name == "this" {
                continue;
            }
            let variadic = pattern.kind() == "rest_pattern";
            // `x?: T | undefined` and `x?: T` accept the same arguments.
            let ty = if optional {
                ty.map(|t| {
                    let kept: Vec<&str> = t.split(" | ").filter(|m| *m != "undefined").collect();
                    match kept.as_slice() {
                        [] => t.clone(),
                        // `((a: A) => R) | undefined` leaves `(a: A) => R`, unparenthesised.
                        [one] => one
                            .strip_prefix('(')
                            .and_then(|x| x.strip_suffix(')'))
                            .filter(|x| x.starts_with('(') && x.contains("=>"))
                            .unwrap_or(one)
                            .to_string(),
                        _ => kept.join(" | "),
                    }
                })
            } else {
                ty
            };
            out.push(Param {
                name: name.trim_start_matches("...").to_string(),
                kind: if variadic {
                    ParamKind::Variadic
                } else {
                    ParamKind::Positional
                },
                ty,
                required: !optional && default.is_none() && !variadic,
                default,
            });
        }
        out
    }

    fn callable(&self, path: String, n: Node<'_>, kind: SymbolKind, doc_node: Node<'_>) -> Symbol {
        let name_node = n.child_by_field_name("name").unwrap_or(n);
        let mut s = Symbol::new(path, kind, self.span(name_node));
        s.params = self.params(n.child_by_field_name("parameters"));
        s.returns = self
            .ty(n.child_by_field_name("return_type"))
            .filter(|r| r != "void");
        s.generics = self.generics(n.child_by_field_name("type_parameters"));
        let mut c = n.walk();
        s.is_async = n.children(&mut c).any(|ch| ch.kind() == "async")
            || s.returns
                .as_deref()
                .is_some_and(|r| r.starts_with("Promise<"));
        let doc = self.doc(doc_node);
        self.apply_doc(&mut s, &doc);
        s
    }

    /// Symbols of one declaration node; returns (local name, symbols) pairs.
    fn declaration(
        &self,
        n: Node<'_>,
        doc_node: Node<'_>,
        out: &mut Vec<(String, Vec<Symbol>)>,
        restricted: &mut Vec<String>,
    ) {
        let name = n
            .child_by_field_name("name")
            .map(|x| self.text(x).to_string())
            .unwrap_or_default();
        match n.kind() {
            "function_declaration" | "function_signature" | "generator_function_declaration" => {
                let mut s = self.callable(name.clone(), n, SymbolKind::Function, doc_node);
                if n.kind() == "function_signature" {
                    s.stability.overload = true;
                }
                out.push((name, vec![s]));
            }
            "class_declaration" | "abstract_class_declaration" | "class" => {
                let name_node = n.child_by_field_name("name").unwrap_or(n);
                let mut s = Symbol::new(name.clone(), SymbolKind::Class, self.span(name_node));
                s.generics = self.generics(n.child_by_field_name("type_parameters"));
                let mut c = n.walk();
                if let Some(h) = n.children(&mut c).find(|x| x.kind() == "class_heritage") {
                    s.ty = Some(normalize_ts_type(self.text(h), &self.aliases));
                }
                if n.kind() == "abstract_class_declaration" {
                    s.attributes.push("abstract".into());
                }
                let doc = self.doc(doc_node);
                self.apply_doc(&mut s, &doc);
                let mut syms = vec![s];
                if let Some(body) = n.child_by_field_name("body") {
                    self.members(&name, body, &mut syms, restricted);
                }
                out.push((name, syms));
            }
            "interface_declaration" => {
                let name_node = n.child_by_field_name("name").unwrap_or(n);
                let mut s = Symbol::new(name.clone(), SymbolKind::Interface, self.span(name_node));
                s.generics = self.generics(n.child_by_field_name("type_parameters"));
                let mut c = n.walk();
                if let Some(h) = n
                    .children(&mut c)
                    .find(|x| x.kind() == "extends_type_clause")
                {
                    s.ty = Some(normalize_ts_type(self.text(h), &self.aliases));
                }
                let doc = self.doc(doc_node);
                self.apply_doc(&mut s, &doc);
                let mut syms = vec![s];
                if let Some(body) = n.child_by_field_name("body") {
                    self.members(&name, body, &mut syms, restricted);
                }
                out.push((name, syms));
            }
            "type_alias_declaration" => {
                let name_node = n.child_by_field_name("name").unwrap_or(n);
                let mut s = Symbol::new(name.clone(), SymbolKind::TypeAlias, self.span(name_node));
                let value = n.child_by_field_name("value");
                s.ty = self.ty(value);
                s.generics = self.generics(n.child_by_field_name("type_parameters"));
                let doc = self.doc(doc_node);
                self.apply_doc(&mut s, &doc);
                let mut syms = vec![s];
                // `type X = { a: A } & Base` declares what `interface X extends Base { a: A }`
                // does: its properties are members, so one spelling turning into the other
                // changes nothing, and a property is compared like an interface's.
                if let Some((objects, rest)) = value.and_then(|v| self.object_parts(v)) {
                    syms[0].ty = (!rest.is_empty()).then(|| format!("extends {}", rest.join(", ")));
                    for o in objects {
                        self.members(&name, o, &mut syms, restricted);
                    }
                }
                out.push((name, syms));
            }
            "enum_declaration" => {
                let name_node = n.child_by_field_name("name").unwrap_or(n);
                let mut s = Symbol::new(name.clone(), SymbolKind::Enum, self.span(name_node));
                let doc = self.doc(doc_node);
                self.apply_doc(&mut s, &doc);
                let mut syms = vec![s];
                if let Some(body) = n.child_by_field_name("body") {
                    let mut c = body.walk();
                    for m in body.named_children(&mut c) {
                        let (mn, value) = match m.kind() {
                            "property_identifier" | "string" => (self.text(m).to_string(), None),
                            "enum_assignment" => (
                                m.child_by_field_name("name")
                                    .map(|x| self.text(x).to_string())
                                    .unwrap_or_default(),
                                m.child_by_field_name("value")
                                    .map(|v| self.text(v).to_string()),
                            ),
                            _ => continue,
                        };
                        let mut v =
                            Symbol::new(format!("{name}.{mn}"), SymbolKind::Variant, self.span(m));
                        v.ty = value.map(|x| format!(" = {x}"));
                        syms.push(v);
                    }
                }
                out.push((name, syms));
            }
            "lexical_declaration" | "variable_declaration" => {
                let mut c = n.walk();
                for d in n
                    .named_children(&mut c)
                    .filter(|d| d.kind() == "variable_declarator")
                {
                    let Some(name_node) = d.child_by_field_name("name") else {
                        continue;
                    };
                    let vname = self.text(name_node).to_string();
                    let value = d.child_by_field_name("value");
                    let s = match value {
                        Some(v)
                            if matches!(
                                v.kind(),
                                "arrow_function" | "function_expression" | "function"
                            ) =>
                        {
                            let mut s =
                                self.callable(vname.clone(), v, SymbolKind::Function, doc_node);
                            s.span = self.span(name_node);
                            s
                        }
                        // `declare const f: (a: A) => R` (what tsc emits for an arrow function)
                        // is called exactly like `function f(a: A): R`: one shape for both, so
                        // a const that becomes a function (or back) with the same call
                        // signature is no change, and its parameters are compared one by one.
                        _ if let Some(ft) = d
                            .child_by_field_name("type")
                            .and_then(|t| t.named_child(0))
                            .filter(|t| t.kind() == "function_type") =>
                        {
                            let mut s =
                                self.callable(vname.clone(), ft, SymbolKind::Function, doc_node);
                            s.span = self.span(name_node);
                            s
                        }
                        _ => {
                            let mut s = Symbol::new(
                                vname.clone(),
                                SymbolKind::Constant,
                                self.span(name_node),
                            );
                            s.ty = self.ty(d.child_by_field_name("type"));
                            let doc = self.doc(doc_node);
                            self.apply_doc(&mut s, &doc);
                            s
                        }
                    };
                    out.push((vname, vec![s]));
                }
            }
            "ambient_declaration" => {
                let mut c = n.walk();
                for child in n.named_children(&mut c) {
                    self.declaration(child, doc_node, out, restricted);
                }
            }
            _ => {}
        }
    }

    /// The object literal types of an alias (`{…}` or `{…} & Base & {…}`) and the other
    /// parts of the intersection, when every member of those literals is a named property or
    /// method (an index, call or mapped signature keeps the alias a plain type text).
    fn object_parts<'t>(&self, v: Node<'t>) -> Option<(Vec<Node<'t>>, Vec<String>)> {
        let mut parts = Vec::new();
        let mut stack = vec![v];
        while let Some(x) = stack.pop() {
            if x.kind() == "intersection_type" {
                let mut c = x.walk();
                let mut kids: Vec<Node<'t>> = x.named_children(&mut c).collect();
                kids.reverse();
                stack.extend(kids);
            } else {
                parts.push(x);
            }
        }
        let (objects, rest): (Vec<Node<'t>>, Vec<Node<'t>>) =
            parts.into_iter().partition(|p| p.kind() == "object_type");
        let plain = |o: &Node<'t>| {
            let mut c = o.walk();
            o.named_children(&mut c).all(|m| {
                // Call and construct signatures are skipped in interfaces too.
                matches!(
                    m.kind(),
                    "property_signature"
                        | "method_signature"
                        | "call_signature"
                        | "construct_signature"
                        | "comment"
                )
            })
        };
        if objects.is_empty() || !objects.iter().all(plain) {
            return None;
        }
        let rest = rest
            .into_iter()
            .map(|r| normalize_ts_type(self.text(r), &self.aliases))
            .collect();
        Some((objects, rest))
    }

    fn members(
        &self,
        owner: &str,
        body: Node<'_>,
        syms: &mut Vec<Symbol>,
        restricted: &mut Vec<String>,
    ) {
        let mut c = body.walk();
        let mut group: Vec<Symbol> = Vec::new();
        for m in body.named_children(&mut c) {
            let Some(name_node) = m.child_by_field_name("name") else {
                continue;
            };
            if name_node.kind() == "private_property_identifier" {
                continue;
            }
            let name = self.text(name_node).to_string();
            let path = format!("{owner}.{name}");
            let mut cc = m.walk();
            let access = m
                .children(&mut cc)
                .find(|x| x.kind() == "accessibility_modifier")
                .map(|x| self.text(x).to_string());
            if access.as_deref() == Some("private") {
                restricted.push(path);
                continue;
            }
            let mut cc = m.walk();
            let optional = m.children(&mut cc).any(|x| x.kind() == "?");
            let mut cc = m.walk();
            let is_static = m.children(&mut cc).any(|x| x.kind() == "static");
            let mut s = match m.kind() {
                "method_definition" | "method_signature" | "abstract_method_signature" => {
                    let mut s = self.callable(path, m, SymbolKind::Method, m);
                    s.stability.overload =
                        m.kind() == "method_signature" && body.kind() == "class_body";
                    if m.kind() == "abstract_method_signature" {
                        s.attributes.push("abstract".into());
                    }
                    s
                }
                // `create: (a: A) => R` is called like the method `create(a: A): R`.
                "public_field_definition" | "property_signature"
                    if let Some(ft) = m
                        .child_by_field_name("type")
                        .and_then(|t| t.named_child(0))
                        .filter(|t| t.kind() == "function_type") =>
                {
                    let mut s = self.callable(path, ft, SymbolKind::Method, m);
                    s.span = self.span(name_node);
                    s
                }
                "public_field_definition" | "property_signature" => {
                    let mut s = Symbol::new(path, SymbolKind::Field, self.span(name_node));
                    s.ty = self.ty(m.child_by_field_name("type"));
                    let doc = self.doc(m);
                    self.apply_doc(&mut s, &doc);
                    s
                }
                _ => continue,
            };
            s.optional = optional;
            if is_static {
                s.attributes.push("static".into());
            }
            if access.as_deref() == Some("protected") {
                s.visibility = Visibility::Protected;
            }
            group.push(s);
        }
        syms.extend(resolve_overloads(group));
    }
}

/// Overload signatures get `#1…#N`; the implementation behind them is dropped.
fn resolve_overloads(group: Vec<Symbol>) -> Vec<Symbol> {
    let mut by_name: BTreeMap<String, Vec<Symbol>> = BTreeMap::new();
    let mut order = Vec::new();
    for s in group {
        if !by_name.contains_key(&s.path) {
            order.push(s.path.clone());
        }
        by_name.entry(s.path.clone()).or_default().push(s);
    }
    let mut out = Vec::new();
    for path in order {
        let Some(list) = by_name.remove(&path) else {
            continue;
        };
        let sigs: Vec<Symbol> = list
            .iter()
            .filter(|s| s.stability.overload)
            .cloned()
            .collect();
        if sigs.is_empty() || (sigs.len() == 1 && list.len() == 1) {
            out.extend(list.into_iter().map(|mut s| {
                s.stability.overload = false;
                s
            }));
        } else {
            for (i, mut s) in sigs.into_iter().enumerate() {
                s.path = format!("{path}#{}", i + 1);
                out.push(s);
            }
        }
    }
    out
}

/// TypeScript syntax newer than the tree-sitter grammar, rewritten to an equivalent older
/// spelling of the same length (so every span stays put): `export type * from` (TS 5.0) as
/// `export * from`; in declaration files, the `import("./x").` qualifier tsc writes before an
/// inferred type name (the name alone is what both versions are compared by), and an optional
/// destructured parameter (`({ a }?: T) => U`).
fn modernize(src: &str, decl: bool) -> std::borrow::Cow<'_, str> {
    if !src.contains("export type *") && !(decl && (src.contains("import(") || src.contains("}?:")))
    {
        return std::borrow::Cow::Borrowed(src);
    }
    let mut out = src.replace("export type *", "export      *");
    if decl {
        out = out.replace("}?:", "} :").replace("]?:", "] :");
        let mut from = 0;
        while let Some(i) = out[from..].find("import(").map(|i| i + from) {
            let word_before = out[..i]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$' || c == '.');
            let rest = &out[i + 7..];
            let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'');
            let end = quote
                .and_then(|q| rest[1..].find(q))
                .map(|e| i + 7 + 1 + e + 1);
            match end {
                Some(e) if !word_before && out[e..].starts_with(").") => {
                    let len = e + 2 - i;
                    out.replace_range(i..e + 2, &" ".repeat(len));
                    from = e + 2;
                }
                _ => from = i + 7,
            }
        }
    }
    std::borrow::Cow::Owned(out)
}

fn parse_file(rel: &str, src: &str, tsx: bool, js: bool) -> (TsFile, Option<Finding>) {
    let decl = [".d.ts", ".d.mts", ".d.cts"]
        .iter()
        .any(|e| rel.ends_with(e));
    let modern = if js {
        std::borrow::Cow::Borrowed(src)
    } else {
        modernize(src, decl)
    };
    let (lifted, clauses) = lift_keyword_exports(&modern);
    let src: &str = lifted.as_deref().unwrap_or(&modern);
    let mut f = TsFile::default();
    let mut parser = tree_sitter::Parser::new();
    let lang: tree_sitter::Language = if js {
        tree_sitter_javascript::LANGUAGE.into()
    } else if tsx {
        tree_sitter_typescript::LANGUAGE_TSX.into()
    } else {
        tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into()
    };
    if parser.set_language(&lang).is_err() {
        return (f, None);
    }
    let Some(tree) = parser.parse(src, None) else {
        return (f, None);
    };
    let root = tree.root_node();
    let finding = first_error(root).map(|n| syntax_finding(rel, n, src));
    let mut cx = Cx {
        src,
        rel,
        aliases: BTreeMap::new(),
    };
    let mut c = root.walk();
    let stmts: Vec<Node<'_>> = root.named_children(&mut c).collect();
    for stmt in &stmts {
        if stmt.kind() == "import_statement" {
            let mut tmp = BTreeMap::new();
            collect_import_aliases(&cx, *stmt, &mut tmp, &mut f);
            cx.aliases.extend(tmp);
        }
    }
    let mut decls: Vec<(String, Vec<Symbol>)> = Vec::new();
    for stmt in &stmts {
        if stmt.kind() == "export_statement" {
            let source = stmt
                .child_by_field_name("source")
                .map(|s| cx.text(s).trim_matches(['"', '\'', '`']).to_string());
            let mut cc = stmt.walk();
            let is_default = stmt.children(&mut cc).any(|x| x.kind() == "default");
            if let Some(decl) = stmt.child_by_field_name("declaration") {
                let before = decls.len();
                cx.declaration(decl, *stmt, &mut decls, &mut f.restricted);
                for (name, _) in &decls[before..] {
                    let exported = if is_default {
                        "default".to_string()
                    } else {
                        name.clone()
                    };
                    f.exported.push((exported, name.clone()));
                }
                continue;
            }
            if let (true, Some(value)) = (is_default, stmt.child_by_field_name("value")) {
                if value.kind() == "identifier" {
                    f.exported
                        .push(("default".into(), cx.text(value).to_string()));
                } else {
                    let mut s = Symbol::new("default", SymbolKind::Constant, cx.span(value));
                    let doc = cx.doc(*stmt);
                    cx.apply_doc(&mut s, &doc);
                    decls.push(("default".into(), vec![s]));
                    f.exported.push(("default".into(), "default".into()));
                }
                continue;
            }
            let mut cc = stmt.walk();
            let children: Vec<Node<'_>> = stmt.named_children(&mut cc).collect();
            let clause = children.iter().find(|x| x.kind() == "export_clause");
            match (clause, &source) {
                (Some(clause), _) => {
                    let mut c3 = clause.walk();
                    for spec in clause
                        .named_children(&mut c3)
                        .filter(|x| x.kind() == "export_specifier")
                    {
                        let orig = spec
                            .child_by_field_name("name")
                            .map(|x| cx.text(x).to_string())
                            .unwrap_or_default();
                        let alias = spec
                            .child_by_field_name("alias")
                            .map(|x| cx.text(x).to_string())
                            .unwrap_or_else(|| orig.clone());
                        match &source {
                            Some(src_spec) => {
                                f.named_from
                                    .push((alias, orig, src_spec.clone(), cx.span(spec)))
                            }
                            None => f.exported.push((alias, orig)),
                        }
                    }
                }
                (None, Some(src_spec)) => {
                    if let Some(ns) = children.iter().find(|x| x.kind() == "namespace_export") {
                        let name = cx
                            .text(*ns)
                            .trim_start_matches('*')
                            .trim()
                            .trim_start_matches("as")
                            .trim()
                            .to_string();
                        f.named_from
                            .push((name, "*".into(), src_spec.clone(), cx.span(*ns)));
                    } else {
                        f.star_from.push(src_spec.clone());
                    }
                }
                _ => {}
            }
        } else {
            cx.declaration(*stmt, *stmt, &mut decls, &mut f.restricted);
        }
    }
    // Function overloads: `function f(a: string): void; function f(a: number): void; function f(a) {}`.
    let mut grouped: BTreeMap<String, Vec<Symbol>> = BTreeMap::new();
    for (name, syms) in decls {
        grouped.entry(name).or_default().extend(syms);
    }
    for (name, syms) in grouped {
        let (top, members): (Vec<Symbol>, Vec<Symbol>) =
            syms.into_iter().partition(|s| s.path == name);
        let mut all = resolve_overloads(top);
        all.extend(members);
        f.decls.insert(name, all);
    }
    for (alias, orig, spec, at) in clauses {
        let line = src[..at].matches('\n').count() as u32 + 1;
        let col = src[..at].rfind('\n').map_or(at, |n| at - n - 1) as u32 + 1;
        match spec {
            Some(spec) => f.named_from.push((
                alias,
                orig,
                spec,
                SourceSpan {
                    path: rel.to_string(),
                    line,
                    col,
                },
            )),
            None => f.exported.push((alias, orig)),
        }
    }
    let mut seen = BTreeSet::new();
    f.exported.retain(|e| seen.insert(e.clone()));
    // In a script (no import or export) every declaration is global and can be named.
    let module = !(f.exported.is_empty()
        && f.star_from.is_empty()
        && f.named_from.is_empty()
        && f.imports.is_empty());
    if module {
        let exported: BTreeSet<&str> = f.exported.iter().map(|(_, l)| l.as_str()).collect();
        crate::ts_local::expand_local_aliases(&mut f.decls, &exported);
    }
    (f, finding)
}

/// Words ES2022 allows as export names (`export { fn as function }`, what bundlers emit for
/// `z.function`) that tree-sitter's grammars reject there.
const KEYWORDS: [&str; 36] = [
    "break",
    "case",
    "catch",
    "class",
    "const",
    "continue",
    "debugger",
    "delete",
    "do",
    "else",
    "enum",
    "export",
    "extends",
    "false",
    "finally",
    "for",
    "function",
    "if",
    "import",
    "in",
    "instanceof",
    "new",
    "null",
    "return",
    "super",
    "switch",
    "this",
    "throw",
    "true",
    "try",
    "typeof",
    "var",
    "void",
    "while",
    "with",
    "yield",
];

/// `export { a as function, … } [from "x"]` clauses naming a keyword, read by hand and blanked
/// (same length, so spans stay put) before the grammar sees them: (exported, local, spec,
/// byte offset) for each specifier.
type Lifted = (Option<String>, Vec<(String, String, Option<String>, usize)>);

fn lift_keyword_exports(src: &str) -> Lifted {
    let mut out: Option<String> = None;
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(i) = src[from..].find("export").map(|i| i + from) {
        from = i + 6;
        let rest = &src[from..];
        let Some(open) = rest.find(|c: char| !c.is_whitespace()) else {
            break;
        };
        if !rest[open..].starts_with('{') {
            continue;
        }
        let Some(close) = rest[open..].find('}').map(|c| c + open) else {
            break;
        };
        let body = &rest[open + 1..close];
        let specs: Vec<(String, String)> = body
            .split(',')
            .map(str::trim)
            .filter(|x| !x.is_empty())
            .map(|x| match x.split_once(" as ") {
                Some((a, b)) => (b.trim().to_string(), a.trim().to_string()),
                None => (x.to_string(), x.to_string()),
            })
            .collect();
        if !specs
            .iter()
            .any(|(a, l)| KEYWORDS.contains(&a.as_str()) || KEYWORDS.contains(&l.as_str()))
        {
            continue;
        }
        // An optional `from "spec"` and `;` belong to the statement.
        let after = &rest[close + 1..];
        let trimmed = after.trim_start();
        let mut end = close + 1;
        let mut spec = None;
        if let Some(f) = trimmed.strip_prefix("from") {
            let f2 = f.trim_start();
            if let Some(q) = f2.chars().next().filter(|c| *c == '"' || *c == '\'')
                && let Some(qe) = f2[1..].find(q)
            {
                spec = Some(f2[1..1 + qe].to_string());
                end = close + 1 + (after.len() - trimmed.len()) + 4 + (f.len() - f2.len()) + qe + 2;
            }
        }
        if rest[end..].trim_start().starts_with(';') {
            end += rest[end..].find(';').unwrap_or(0) + 1;
        }
        let start = i;
        let stop = from + end;
        let text = out.get_or_insert_with(|| src.to_string());
        let blank: String = src[start..stop]
            .chars()
            .map(|c| if c == '\n' { '\n' } else { ' ' })
            .collect();
        if blank.len() == stop - start {
            text.replace_range(start..stop, &blank);
            for (alias, local) in specs {
                found.push((alias, local, spec.clone(), start));
            }
        }
        from = stop;
    }
    (out, found)
}

fn collect_import_aliases(
    cx: &Cx<'_>,
    stmt: Node<'_>,
    out: &mut BTreeMap<String, String>,
    f: &mut TsFile,
) {
    let spec = stmt
        .child_by_field_name("source")
        .map(|s| cx.text(s).trim_matches(['"', '\'', '`']).to_string());
    // `import { A as B } from "x"` → B means A in type text; every binding is remembered so
    // `export { B }` (what tsc writes for re-exports) leads to A in "x".
    let mut stack = vec![stmt];
    while let Some(n) = stack.pop() {
        if n.kind() == "import_specifier" {
            let name = n.child_by_field_name("name");
            let alias = n.child_by_field_name("alias");
            if let (Some(name), Some(alias)) = (name, alias) {
                out.insert(cx.text(alias).to_string(), cx.text(name).to_string());
            }
            if let (Some(name), Some(spec)) = (name, &spec) {
                let local = alias.unwrap_or(name);
                f.imports.insert(
                    cx.text(local).to_string(),
                    (cx.text(name).to_string(), spec.clone(), cx.span(local)),
                );
            }
            continue;
        }
        if let Some(spec) = &spec {
            match n.kind() {
                // `import X from "x"`: the default export of "x".
                "identifier" if n.parent().is_some_and(|p| p.kind() == "import_clause") => {
                    f.imports.insert(
                        cx.text(n).to_string(),
                        ("default".into(), spec.clone(), cx.span(n)),
                    );
                    continue;
                }
                "namespace_import" => {
                    let mut c = n.walk();
                    if let Some(id) = n.named_children(&mut c).find(|x| x.kind() == "identifier") {
                        f.imports.insert(
                            cx.text(id).to_string(),
                            ("*".into(), spec.clone(), cx.span(id)),
                        );
                    }
                    continue;
                }
                _ => {}
            }
        }
        let mut c = n.walk();
        stack.extend(n.named_children(&mut c));
    }
}

/// Built output paths (`dist/index.js`) map back to sources or declarations.
fn resolve_file(
    root: &Path,
    from_dir: &Path,
    spec: &str,
    files: &HashMap<PathBuf, TsFile>,
) -> Option<PathBuf> {
    let base = if spec.starts_with('.') {
        from_dir.join(spec)
    } else {
        root.join(spec)
    };
    resolution_candidates(&normalize_path(&base))
        .into_iter()
        .find(|c| files.contains_key(c))
}

/// The files a module path may name, best first, as TypeScript resolves them, with built
/// output (`dist/`, `lib/`, …) mapped back to `src/`.
pub(crate) fn resolution_candidates(base: &Path) -> Vec<PathBuf> {
    let s = base.to_string_lossy().into_owned();
    let stem = strip_ext(&s).to_string();
    // As TypeScript resolves: `./x.js` means `./x.ts` or its declarations `./x.d.ts` when
    // they exist (a published package ships both `x.js` and `x.d.ts`; only the latter has
    // types); `./x.mjs` looks for `.mts`/`.d.mts` first and `./x.cjs` for `.cts`/`.d.cts`.
    let flavour: &[&str] = if s.ends_with(".mjs") || s.ends_with(".mts") {
        &[".mts", ".d.mts"]
    } else if s.ends_with(".cjs") || s.ends_with(".cts") {
        &[".cts", ".d.cts"]
    } else {
        &[]
    };
    let mut candidates: Vec<PathBuf> = flavour
        .iter()
        .chain(&[".ts", ".tsx", ".d.ts", ".mts", ".d.mts", ".cts", ".d.cts"])
        .map(|e| PathBuf::from(format!("{stem}{e}")))
        .collect();
    candidates.push(base.to_path_buf());
    for e in [
        ".ts", ".tsx", ".d.ts", ".mts", ".d.mts", ".js", ".mjs", ".jsx", ".cjs",
    ] {
        candidates.push(PathBuf::from(format!("{stem}{e}")));
        candidates.push(PathBuf::from(format!("{s}/index{e}")));
    }
    for dist in ["/dist/", "/lib/", "/build/", "/out/"] {
        if stem.contains(dist) {
            let src_stem = stem.replacen(dist, "/src/", 1);
            for e in [".ts", ".tsx", ".d.ts", ".js"] {
                candidates.push(PathBuf::from(format!("{src_stem}{e}")));
            }
        }
    }
    candidates
}

fn normalize_path(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

struct Resolver<'a> {
    root: &'a Path,
    files: &'a HashMap<PathBuf, TsFile>,
    /// Every file an entry point leads to: only their problems concern the API.
    reached: std::cell::RefCell<BTreeSet<PathBuf>>,
}

impl Resolver<'_> {
    /// `export * as ns from "./x"` (or `import * as ns` re-exported): a namespace whose
    /// members are what `./x` exports, so `ns.member` changes like any other symbol. Paths
    /// are relative with a placeholder head the caller replaces by the exported name.
    fn namespace(
        &self,
        target: &Path,
        depth: usize,
        seen: &BTreeSet<PathBuf>,
        span: &SourceSpan,
    ) -> Vec<Symbol> {
        let mut syms = vec![Symbol::new("ns", SymbolKind::Module, span.clone())];
        for (n, members) in self.exports(target, depth + 1, &mut seen.clone()) {
            for mut m in members {
                let rest = m
                    .path
                    .split_once('.')
                    .map(|(_, r)| format!(".{r}"))
                    .unwrap_or_default();
                m.path = format!("ns.{n}{rest}");
                syms.push(m);
            }
        }
        syms
    }

    /// Everything `file` exports, as (exported name, symbols with relative paths).
    fn exports(
        &self,
        file: &Path,
        depth: usize,
        seen: &mut BTreeSet<PathBuf>,
    ) -> Vec<(String, Vec<Symbol>)> {
        let mut out = Vec::new();
        if depth > 32 || !seen.insert(file.to_path_buf()) {
            return out;
        }
        let Some(f) = self.files.get(file) else {
            return out;
        };
        self.reached.borrow_mut().insert(file.to_path_buf());
        let dir = file.parent().unwrap_or(self.root);
        for (exported, local) in &f.exported {
            if let Some(syms) = f.decls.get(local) {
                out.push((exported.clone(), syms.clone()));
            } else if let Some((orig, spec, span)) = f.imports.get(local) {
                match resolve_file(self.root, dir, spec, self.files) {
                    Some(target) if orig != "*" => {
                        let all = self.exports(&target, depth + 1, &mut seen.clone());
                        if let Some((_, syms)) = all.into_iter().find(|(n, _)| n == orig) {
                            out.push((exported.clone(), syms));
                        }
                    }
                    Some(target) => {
                        out.push((exported.clone(), self.namespace(&target, depth, seen, span)));
                    }
                    _ => {
                        let mut s =
                            Symbol::new(exported.clone(), SymbolKind::ReExport, span.clone());
                        s.ty = Some(format!("{spec}#{orig}"));
                        out.push((exported.clone(), vec![s]));
                    }
                }
            }
        }
        for (alias, orig, spec, span) in &f.named_from {
            match resolve_file(self.root, dir, spec, self.files) {
                Some(target) if orig != "*" => {
                    let all = self.exports(&target, depth + 1, &mut seen.clone());
                    if let Some((_, syms)) = all.into_iter().find(|(n, _)| n == orig) {
                        out.push((alias.clone(), syms));
                    }
                }
                Some(target) => {
                    out.push((alias.clone(), self.namespace(&target, depth, seen, span)));
                }
                _ => {
                    let mut s = Symbol::new(alias.clone(), SymbolKind::ReExport, span.clone());
                    s.ty = Some(format!("{spec}#{orig}"));
                    out.push((alias.clone(), vec![s]));
                }
            }
        }
        for spec in &f.star_from {
            if let Some(target) = resolve_file(self.root, dir, spec, self.files) {
                for (n, syms) in self.exports(&target, depth + 1, seen) {
                    if n != "default" {
                        out.push((n, syms));
                    }
                }
            }
        }
        out
    }
}

impl Extractor for TsExtractor {
    fn language(&self) -> Language {
        if self.js {
            Language::JavaScript
        } else {
            Language::TypeScript
        }
    }

    fn extract(&self, root: &Path, options: &Options) -> Result<Extraction, SurfaceError> {
        let mut findings = Vec::new();
        let pkg = ts_entry::package(root, options, &mut findings)?;
        let mut surface = Surface::new(self.language(), pkg.name.clone());
        surface.version = pkg.version.clone();
        let paths = walk(root, &EXTS);
        let cache = Cache::open(options, root, "typescript");
        let parsed: Vec<(PathBuf, Option<TsFile>, Option<Finding>)> = paths
            .par_iter()
            .map(|p| {
                let rel = rel_path(root, p);
                let js = [".js", ".mjs", ".cjs", ".jsx"]
                    .iter()
                    .any(|e| rel.ends_with(e));
                let summary = cache.summary(p, &rel, &[&rel], options, |text| {
                    parse_file(&rel, text, rel.ends_with(".tsx"), js)
                });
                match summary {
                    Ok((f, e)) => (p.clone(), Some(f), e),
                    Err(f) => (p.clone(), None, Some(*f)),
                }
            })
            .collect();
        let mut files = HashMap::new();
        let mut file_notes: Vec<(PathBuf, Finding)> = Vec::new();
        for (p, f, e) in parsed {
            let p = normalize_path(&p);
            if let Some(e) = e {
                file_notes.push((p.clone(), e));
            }
            if let Some(f) = f {
                files.insert(p, f);
            }
        }
        let resolver = Resolver {
            root,
            files: &files,
            reached: Default::default(),
        };
        let root_norm = normalize_path(root);
        let mut tried = Vec::new();
        let mut api_symbols = 0usize;
        for entry in expand_patterns(&pkg.entries, &root_norm, &files) {
            let mut module = Symbol::new(
                entry.subpath.clone(),
                SymbolKind::Module,
                SourceSpan {
                    path: "package.json".into(),
                    line: 1,
                    col: 1,
                },
            );
            module.attributes = entry
                .conditions
                .iter()
                .map(|c| format!("{CONDITION}{c}"))
                .collect();
            if entry.is_pattern() {
                // The pattern itself is API (`import "pkg/locales/en"`): its files are
                // listed as the subpaths it expands to.
                surface.symbols.push(module);
                continue;
            }
            let file = entry.targets.iter().find_map(|t| {
                resolve_file(
                    &root_norm,
                    &root_norm,
                    &format!("./{}", t.trim_start_matches("./")),
                    &files,
                )
            });
            tried.push(format!(
                "`{}` → {}",
                entry.subpath,
                entry
                    .targets
                    .iter()
                    .map(|t| format!("`{t}`"))
                    .collect::<Vec<_>>()
                    .join(" or ")
            ));
            let Some(file) = file else {
                findings.push(
                    Finding::of(
                        &rules::surface_unresolved::SURFACE_UNRESOLVED,
                        format!(
                            "entry `{}` → `{}` has no source or declaration file; not followed",
                            entry.subpath,
                            entry.targets.first().map_or("", String::as_str)
                        ),
                    )
                    .at(Location::file("package.json"))
                    .with_logical_path(format!("exports/{}", entry.subpath)),
                );
                surface.symbols.push(module);
                continue;
            };
            let subpath = entry.subpath;
            module.span.path = rel_path(&root_norm, &file);
            surface.symbols.push(module);
            for (exported, syms) in resolver.exports(&file, 0, &mut BTreeSet::new()) {
                for mut s in syms {
                    let rest = s.path.split_once(['.', '#']).map(|(_, r)| r.to_string());
                    let sep = if s.path.contains('#')
                        && !s.path.split('#').next().unwrap_or("").contains('.')
                    {
                        "#"
                    } else {
                        "."
                    };
                    s.path = match rest {
                        Some(r) => format!("{subpath}:{exported}{sep}{r}"),
                        None => format!("{subpath}:{exported}"),
                    };
                    api_symbols += 1;
                    surface.symbols.push(s);
                }
            }
            if let Some(f) = files.get(&file) {
                for r in &f.restricted {
                    surface.restricted.push(format!("{subpath}:{r}"));
                }
            }
        }
        if api_symbols == 0 {
            return Err(SurfaceError::NoSymbols {
                path: root.to_path_buf(),
                tried: format!("{}: {}", pkg.source, tried.join("; ")),
            });
        }
        // A file no entry point leads to (tests, build scripts, the `.mjs` twin of a `.d.ts`)
        // is not API: what its parser thinks of it concerns nobody using the package.
        let reached = resolver.reached.into_inner();
        findings.extend(
            file_notes
                .into_iter()
                .filter(|(p, _)| reached.contains(p))
                .map(|(_, f)| f),
        );
        Ok(Extraction {
            surface,
            findings,
            stats: cache.finish(paths.len()),
        })
    }
}

/// Attribute prefix of a subpath's `Module` symbol naming a condition that selects it.
pub const CONDITION: &str = "condition:";

/// Most files one `exports` pattern is expanded to; past that only the pattern is listed.
const MAX_PATTERN_FILES: usize = 256;

/// Entries with each `*` pattern followed by the subpaths of the files it matches (`./locales/*`
/// → `./lib/locales/*.js` gives `./locales/en` for `lib/locales/en.d.ts`). A pattern over the
/// whole package (`"./*": "./*"`) is listed but not expanded: it exposes files, not an API.
fn expand_patterns(
    entries: &[ts_entry::Entry],
    root: &Path,
    files: &HashMap<PathBuf, TsFile>,
) -> Vec<ts_entry::Entry> {
    let mut out = Vec::new();
    let explicit: BTreeSet<&str> = entries.iter().map(|e| e.subpath.as_str()).collect();
    let mut rels: Vec<String> = files.keys().map(|p| rel_path(root, p)).collect();
    rels.sort();
    for e in entries {
        out.push(e.clone());
        let Some(target) = e.is_pattern().then(|| e.targets.first()).flatten() else {
            continue;
        };
        let target = target.trim_start_matches("./");
        let Some((prefix, suffix)) = target.split_once('*') else {
            continue;
        };
        if prefix.is_empty() {
            continue;
        }
        let suffix = ts_entry::strip_ext(suffix);
        let mut seen = BTreeSet::new();
        for rel in &rels {
            let stem = ts_entry::strip_ext(rel);
            let Some(star) = stem
                .strip_prefix(prefix)
                .and_then(|x| x.strip_suffix(suffix))
                .filter(|x| !x.is_empty())
            else {
                continue;
            };
            let subpath = e.subpath.replacen('*', star, 1);
            if explicit.contains(subpath.as_str()) || !seen.insert(subpath.clone()) {
                continue;
            }
            if seen.len() > MAX_PATTERN_FILES {
                break;
            }
            out.push(ts_entry::Entry {
                subpath,
                targets: vec![rel.clone()],
                conditions: e.conditions.clone(),
            });
        }
    }
    out
}
