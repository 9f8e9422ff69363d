//! What a source file imports, with spans: the raw material of pack boundaries, the pack
//! graph and usage-based impacted consumers (`accord-engine`'s `arch` module resolves the
//! specifiers to packs). The same parsers as the surface extractors (syn for Rust,
//! tree-sitter for TypeScript/JavaScript and Python) read every import form the language
//! has, so a string in a comment or a docstring is never taken for an import.
//!
//! ```
//! use accord_surface::imports::{imports, SourceKind};
//!
//! let found = imports(SourceKind::Python, "from billing.api import charge\n").unwrap();
//! assert_eq!(found[0].spec, "billing.api");
//! assert_eq!(found[0].names, ["charge"]);
//! assert_eq!((found[0].line, found[0].column), (1, 1));
//! ```

use serde::Serialize;
use syn::spanned::Spanned;
use tree_sitter::Node;

/// The grammar a file is read with, chosen from its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    /// `.rs`
    Rust,
    /// `.ts`, `.mts`, `.cts`, `.d.ts`
    TypeScript,
    /// `.tsx`
    Tsx,
    /// `.js`, `.mjs`, `.cjs`, `.jsx`
    JavaScript,
    /// `.py`, `.pyi`
    Python,
}

impl SourceKind {
    /// The kind of `path` by extension; `None` for files no extractor reads.
    pub fn of(path: &str) -> Option<SourceKind> {
        let ext = path.rsplit_once('.')?.1;
        Some(match ext {
            "rs" => SourceKind::Rust,
            "ts" | "mts" | "cts" => SourceKind::TypeScript,
            "tsx" => SourceKind::Tsx,
            "js" | "mjs" | "cjs" | "jsx" => SourceKind::JavaScript,
            "py" | "pyi" => SourceKind::Python,
            _ => return None,
        })
    }
}

/// One import, as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Import {
    /// What is imported from: a crate name (Rust, the path's first segment), a module
    /// specifier (`./x`, `@scope/pkg/sub`), a dotted module (`pkg.sub`, `.sibling`).
    pub spec: String,
    /// The names taken from it: `use a::{b, c}` → `b`, `c`; `import { b } from` → `b`;
    /// `from a import b` → `b`; `*` for a glob or namespace; empty for `import a`,
    /// `require("a")` and side-effect imports (the whole module).
    pub names: Vec<String>,
    /// 1-based line of the import.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
    /// Byte range of the import in the file.
    pub start: usize,
    /// End of the byte range.
    pub end: usize,
    /// Reached behind a guard, so the module may be absent at run time: inside `try` (Python,
    /// JS `require`/`import()`), a type-only `import type` (erased), or an item under
    /// `#[cfg(…)]` (Rust).
    pub guarded: bool,
    /// Where the file refers to each imported name after importing it (calls, types,
    /// re-exports), as `(name, line, column, start, end)`; empty for `*` and whole-module
    /// imports, whose members are reached through the module's name.
    pub uses: Vec<Reference>,
}

/// A reference to an imported name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reference {
    /// The name as imported.
    pub name: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
    /// Byte offset of the reference.
    pub start: usize,
    /// End of the reference.
    pub end: usize,
}

/// The imports of one file, in source order. A file that does not parse is an error with
/// its line and column (`line:column: message`); bracket nesting deeper than 256 is refused
/// before parsing so a hostile file cannot overflow the parser's stack.
pub fn imports(kind: SourceKind, src: &str) -> Result<Vec<Import>, String> {
    if let Some((line, column)) = crate::too_deep(src, 256) {
        return Err(format!(
            "{line}:{column}: nested more than 256 brackets deep; not parsed"
        ));
    }
    match kind {
        SourceKind::Rust => rust_imports(src),
        _ => {
            let tree = parse_tree(kind, src)?;
            Ok(tree_imports(src, tree.root_node(), kind))
        }
    }
}

/// A source file parsed once for every reader of its syntax that runs on it: SecuritySentry
/// asks for capabilities and prompt flows of the same file, and parsing is most of their cost.
pub struct Parsed<'s> {
    pub(crate) src: &'s str,
    pub(crate) kind: SourceKind,
    pub(crate) ast: Ast,
}

pub(crate) enum Ast {
    Rust(syn::File),
    Tree(tree_sitter::Tree),
}

impl<'s> Parsed<'s> {
    /// Parses `src` as `kind`. A file that does not parse, or nests brackets more than 256
    /// deep, is an error `line:column: message`, as for [`imports`].
    pub fn parse(kind: SourceKind, src: &'s str) -> Result<Parsed<'s>, String> {
        if let Some((line, column)) = crate::too_deep(src, 256) {
            return Err(format!(
                "{line}:{column}: nested more than 256 brackets deep; not parsed"
            ));
        }
        let ast = match kind {
            SourceKind::Rust => Ast::Rust(parse_rust(src)?),
            _ => Ast::Tree(parse_tree(kind, src)?),
        };
        Ok(Parsed { src, kind, ast })
    }
}

fn rust_imports(src: &str) -> Result<Vec<Import>, String> {
    Ok(rust_file_imports(&parse_rust(src)?))
}

/// Parses Rust source, errors as `line:column: message`.
pub(crate) fn parse_rust(src: &str) -> Result<syn::File, String> {
    syn::parse_file(src).map_err(|e| {
        let at = e.span().start();
        format!("{}:{}: {e}", at.line, at.column + 1)
    })
}

/// The imports of a parsed Rust file (shared with the test scan, which parses once).
pub(crate) fn rust_file_imports(file: &syn::File) -> Vec<Import> {
    let mut v = RustVisitor {
        out: Vec::new(),
        cfg_depth: 0,
    };
    syn::visit::Visit::visit_file(&mut v, file);
    let mut out = v.out;
    let wanted = wanted_names(&out);
    if !wanted.is_empty() {
        let mut refs = RustRefs {
            wanted: &wanted,
            found: Vec::new(),
        };
        syn::visit::Visit::visit_file(&mut refs, file);
        assign_uses(&mut out, refs.found);
    }
    out
}

/// Names imported one by one (not `*`, not `default`): worth looking up in the file.
fn wanted_names(imports: &[Import]) -> std::collections::BTreeSet<String> {
    imports
        .iter()
        .flat_map(|i| i.names.iter())
        .filter(|n| *n != "*" && *n != "default")
        .cloned()
        .collect()
}

/// Gives each import the references to its names that lie outside every import.
fn assign_uses(imports: &mut [Import], found: Vec<Reference>) {
    let spans: Vec<(usize, usize)> = imports.iter().map(|i| (i.start, i.end)).collect();
    for r in found {
        if spans.iter().any(|(s, e)| r.start >= *s && r.end <= *e) {
            continue;
        }
        if let Some(import) = imports.iter_mut().find(|i| i.names.contains(&r.name)) {
            import.uses.push(r);
        }
    }
}

struct RustRefs<'w> {
    wanted: &'w std::collections::BTreeSet<String>,
    found: Vec<Reference>,
}

impl<'ast> syn::visit::Visit<'ast> for RustRefs<'_> {
    fn visit_path(&mut self, node: &'ast syn::Path) {
        if node.leading_colon.is_none()
            && let Some(first) = node.segments.first()
        {
            let name = first.ident.to_string();
            if self.wanted.contains(&name) {
                let span = first.ident.span();
                let (start, range) = (span.start(), span.byte_range());
                self.found.push(Reference {
                    name,
                    line: start.line as u32,
                    column: start.column as u32 + 1,
                    start: range.start,
                    end: range.end,
                });
            }
        }
        syn::visit::visit_path(self, node);
    }
}

struct RustVisitor {
    out: Vec<Import>,
    cfg_depth: usize,
}

impl RustVisitor {
    fn push(&mut self, span: proc_macro2::Span, spec: String, names: Vec<String>) {
        let start = span.start();
        let range = span.byte_range();
        self.out.push(Import {
            spec,
            names,
            line: start.line as u32,
            column: start.column as u32 + 1,
            start: range.start,
            end: range.end,
            guarded: self.cfg_depth > 0,
            uses: Vec::new(),
        });
    }
}

fn has_cfg(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| a.path().is_ident("cfg"))
}

/// Leaf names of a `use` tree below its first segment.
fn use_leaves(tree: &syn::UseTree, out: &mut Vec<String>) {
    match tree {
        syn::UseTree::Path(p) => use_leaves(&p.tree, out),
        syn::UseTree::Name(n) => out.push(n.ident.to_string()),
        syn::UseTree::Rename(r) => out.push(r.ident.to_string()),
        syn::UseTree::Glob(_) => out.push("*".to_string()),
        syn::UseTree::Group(g) => g.items.iter().for_each(|t| use_leaves(t, out)),
    }
}

/// `(first segment, leaf names)` of each root of a `use` tree (`use {a::b, c::d}` has two).
fn use_roots(tree: &syn::UseTree, out: &mut Vec<(String, Vec<String>)>) {
    match tree {
        syn::UseTree::Path(p) => {
            let mut names = Vec::new();
            use_leaves(&p.tree, &mut names);
            out.push((p.ident.to_string(), names));
        }
        syn::UseTree::Name(n) => out.push((n.ident.to_string(), Vec::new())),
        syn::UseTree::Rename(r) => out.push((r.ident.to_string(), Vec::new())),
        syn::UseTree::Glob(_) => {}
        syn::UseTree::Group(g) => g.items.iter().for_each(|t| use_roots(t, out)),
    }
}

macro_rules! cfg_scoped {
    ($name:ident, $ty:ty, $walk:path) => {
        fn $name(&mut self, node: &'ast $ty) {
            let cfg = has_cfg(&node.attrs);
            self.cfg_depth += usize::from(cfg);
            $walk(self, node);
            self.cfg_depth -= usize::from(cfg);
        }
    };
}

impl<'ast> syn::visit::Visit<'ast> for RustVisitor {
    fn visit_item_use(&mut self, node: &'ast syn::ItemUse) {
        let mut roots = Vec::new();
        use_roots(&node.tree, &mut roots);
        let cfg = has_cfg(&node.attrs);
        self.cfg_depth += usize::from(cfg);
        for (spec, names) in roots {
            self.push(node.span(), spec, names);
        }
        self.cfg_depth -= usize::from(cfg);
    }

    fn visit_item_extern_crate(&mut self, node: &'ast syn::ItemExternCrate) {
        let cfg = has_cfg(&node.attrs);
        self.cfg_depth += usize::from(cfg);
        self.push(node.span(), node.ident.to_string(), Vec::new());
        self.cfg_depth -= usize::from(cfg);
    }

    // A qualified path in code (`other_crate::run()`) uses the crate without a `use`.
    fn visit_path(&mut self, node: &'ast syn::Path) {
        if node.leading_colon.is_none() && node.segments.len() >= 2 {
            let first = node.segments[0].ident.to_string();
            if !matches!(first.as_str(), "crate" | "self" | "super" | "Self") {
                let names = node
                    .segments
                    .iter()
                    .skip(1)
                    .map(|s| s.ident.to_string())
                    .collect();
                self.push(node.span(), first, names);
            }
        }
        syn::visit::visit_path(self, node);
    }

    cfg_scoped!(visit_item_fn, syn::ItemFn, syn::visit::visit_item_fn);
    cfg_scoped!(visit_item_mod, syn::ItemMod, syn::visit::visit_item_mod);
    cfg_scoped!(visit_item_impl, syn::ItemImpl, syn::visit::visit_item_impl);
    cfg_scoped!(
        visit_stmt_macro,
        syn::StmtMacro,
        syn::visit::visit_stmt_macro
    );
}

type NodeFn = fn(&Cx<'_>, Node<'_>, &mut Vec<Import>);

struct Cx<'a> {
    src: &'a str,
}

impl Cx<'_> {
    fn text(&self, n: Node<'_>) -> &str {
        self.src.get(n.byte_range()).unwrap_or("")
    }

    fn import(&self, at: Node<'_>, spec: String, names: Vec<String>, guarded: bool) -> Import {
        let p = at.start_position();
        Import {
            spec,
            names,
            line: p.row as u32 + 1,
            column: p.column as u32 + 1,
            start: at.start_byte(),
            end: at.end_byte(),
            guarded,
            uses: Vec::new(),
        }
    }
}

/// Parses TypeScript, JavaScript or Python source with its tree-sitter grammar.
pub(crate) fn parse_tree(kind: SourceKind, src: &str) -> Result<tree_sitter::Tree, String> {
    let language: tree_sitter::Language = match kind {
        SourceKind::Python => tree_sitter_python::LANGUAGE.into(),
        SourceKind::TypeScript => tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
        SourceKind::Tsx => tree_sitter_typescript::LANGUAGE_TSX.into(),
        SourceKind::JavaScript => tree_sitter_javascript::LANGUAGE.into(),
        SourceKind::Rust => return Err("0:0: Rust is read with syn".to_string()),
    };
    let mut parser = tree_sitter::Parser::new();
    parser
        .set_language(&language)
        .map_err(|e| format!("0:0: grammar: {e}"))?;
    parser
        .parse(src, None)
        .ok_or_else(|| "0:0: the parser gave up".to_string())
}

/// The imports below a tree-sitter `root` (shared with the test scan, which parses once).
pub(crate) fn tree_imports(src: &str, root: Node<'_>, kind: SourceKind) -> Vec<Import> {
    let visit: NodeFn = match kind {
        SourceKind::Python => python_node,
        _ => js_node,
    };
    let cx = Cx { src };
    let mut out = Vec::new();
    preorder(root, |n| visit(&cx, n, &mut out));
    let wanted = wanted_names(&out);
    if !wanted.is_empty() {
        let mut found = Vec::new();
        preorder(root, |n| {
            if matches!(n.kind(), "identifier" | "type_identifier") && wanted.contains(cx.text(n)) {
                let p = n.start_position();
                found.push(Reference {
                    name: cx.text(n).to_string(),
                    line: p.row as u32 + 1,
                    column: p.column as u32 + 1,
                    start: n.start_byte(),
                    end: n.end_byte(),
                });
            }
        });
        assign_uses(&mut out, found);
    }
    out
}

/// Iterative pre-order walk: recursion depth would follow the file's nesting.
pub(crate) fn preorder<'t>(root: Node<'t>, mut f: impl FnMut(Node<'t>)) {
    let mut cursor = root.walk();
    loop {
        f(cursor.node());
        if cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return;
            }
        }
    }
}

fn inside_try(n: Node<'_>) -> bool {
    let mut cur = n.parent();
    while let Some(p) = cur {
        if p.kind() == "try_statement" {
            return true;
        }
        cur = p.parent();
    }
    false
}

fn unquote(s: &str) -> String {
    s.trim_matches(|c| c == '"' || c == '\'' || c == '`')
        .to_string()
}

fn js_node(cx: &Cx<'_>, n: Node<'_>, out: &mut Vec<Import>) {
    match n.kind() {
        "import_statement" | "export_statement" => {
            let Some(source) = n.child_by_field_name("source") else {
                return;
            };
            let mut names = Vec::new();
            js_names(cx, n, &mut names);
            if n.kind() == "export_statement" && names.is_empty() {
                // `export * from "x"`
                names.push("*".to_string());
            }
            // `import type` is erased at compile time: no run-time dependency.
            let mut cursor = n.walk();
            let type_only = n.children(&mut cursor).any(|c| c.kind() == "type");
            out.push(cx.import(n, unquote(cx.text(source)), names, type_only));
        }
        "call_expression" => {
            let Some(function) = n.child_by_field_name("function") else {
                return;
            };
            let dynamic = function.kind() == "import";
            let require = function.kind() == "identifier" && cx.text(function) == "require";
            if !dynamic && !require {
                return;
            }
            let Some(arg) = n
                .child_by_field_name("arguments")
                .and_then(|a| a.named_child(0))
            else {
                return;
            };
            if arg.kind() == "string" {
                out.push(cx.import(n, unquote(cx.text(arg)), Vec::new(), inside_try(n)));
            }
        }
        _ => {}
    }
}

/// Names bound by an import or re-export clause below `n`.
fn js_names(cx: &Cx<'_>, n: Node<'_>, out: &mut Vec<String>) {
    let mut cursor = n.walk();
    for child in n.named_children(&mut cursor) {
        match child.kind() {
            "import_specifier" | "export_specifier" => {
                if let Some(name) = child.child_by_field_name("name") {
                    out.push(unquote(cx.text(name)));
                }
            }
            "namespace_import" | "namespace_export" => out.push("*".to_string()),
            "identifier" if n.kind() == "import_clause" => out.push("default".to_string()),
            "import_clause" | "named_imports" | "export_clause" => js_names(cx, child, out),
            _ => {}
        }
    }
}

fn python_node(cx: &Cx<'_>, n: Node<'_>, out: &mut Vec<Import>) {
    match n.kind() {
        "import_statement" => {
            let mut cursor = n.walk();
            for name in n.children_by_field_name("name", &mut cursor) {
                let dotted = match name.kind() {
                    "aliased_import" => name.child_by_field_name("name").unwrap_or(name),
                    _ => name,
                };
                out.push(cx.import(n, cx.text(dotted).to_string(), Vec::new(), inside_try(n)));
            }
        }
        "import_from_statement" => {
            let Some(module) = n.child_by_field_name("module_name") else {
                return;
            };
            let mut names = Vec::new();
            let mut cursor = n.walk();
            for name in n.children_by_field_name("name", &mut cursor) {
                let dotted = match name.kind() {
                    "aliased_import" => name.child_by_field_name("name").unwrap_or(name),
                    _ => name,
                };
                names.push(cx.text(dotted).to_string());
            }
            let mut cursor = n.walk();
            if n.named_children(&mut cursor)
                .any(|c| c.kind() == "wildcard_import")
            {
                names.push("*".to_string());
            }
            out.push(cx.import(n, cx.text(module).to_string(), names, inside_try(n)));
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn specs(kind: SourceKind, src: &str) -> Vec<(String, Vec<String>, u32, bool)> {
        imports(kind, src)
            .unwrap()
            .into_iter()
            .map(|i| (i.spec, i.names, i.line, i.guarded))
            .collect()
    }

    #[test]
    fn rust_use_paths_extern_crate_and_cfg_guards() {
        let src = "use pm_core::{classify::classify, Decision as D};\nextern crate other;\n#[cfg(feature = \"x\")]\nuse opt::thing;\nfn f() { let _ = billing::charge(1); let _ = crate::a::b(); }\n// use fake::x;\n";
        let got = specs(SourceKind::Rust, src);
        assert_eq!(
            got,
            vec![
                (
                    "pm_core".into(),
                    vec!["classify".into(), "Decision".into()],
                    1,
                    false
                ),
                ("other".into(), vec![], 2, false),
                ("opt".into(), vec!["thing".into()], 3, true),
                ("billing".into(), vec!["charge".into()], 5, false),
            ]
        );
    }

    #[test]
    fn typescript_imports_reexports_require_and_dynamic_import() {
        let src = "import { a, b as c } from \"@x/sdk\";\nimport D from './d';\nimport * as ns from '../ns';\nimport type { T } from './t';\nexport { e } from \"./e\";\nexport * from \"./all\";\nconst r = require(\"lib\");\ntry { require('opt') } catch {}\n// import z from 'no';\nconst s = \"import y from 'no'\";\n";
        let got = specs(SourceKind::TypeScript, src);
        assert_eq!(
            got,
            vec![
                ("@x/sdk".into(), vec!["a".into(), "b".into()], 1, false),
                ("./d".into(), vec!["default".into()], 2, false),
                ("../ns".into(), vec!["*".into()], 3, false),
                ("./t".into(), vec!["T".into()], 4, true),
                ("./e".into(), vec!["e".into()], 5, false),
                ("./all".into(), vec!["*".into()], 6, false),
                ("lib".into(), vec![], 7, false),
                ("opt".into(), vec![], 8, true),
            ]
        );
    }

    #[test]
    fn python_imports_from_imports_and_try_guards() {
        let src = "import os, billing.api as api\nfrom .sib import x\nfrom billing import charge, refund as r\nfrom util import *\ntry:\n    import innerlens\nexcept ImportError:\n    innerlens = None\n\"\"\"import fake\"\"\"\n";
        let got = specs(SourceKind::Python, src);
        assert_eq!(
            got,
            vec![
                ("os".into(), vec![], 1, false),
                ("billing.api".into(), vec![], 1, false),
                (".sib".into(), vec!["x".into()], 2, false),
                (
                    "billing".into(),
                    vec!["charge".into(), "refund".into()],
                    3,
                    false
                ),
                ("util".into(), vec!["*".into()], 4, false),
                ("innerlens".into(), vec![], 6, true),
            ]
        );
    }

    #[test]
    fn references_to_imported_names_are_the_call_sites() {
        let rust = imports(
            SourceKind::Rust,
            "use pm_core::decide;\nfn f() {\n    let d = decide(vec![]);\n}\n",
        )
        .unwrap();
        let at: Vec<(String, u32)> = rust[0]
            .uses
            .iter()
            .map(|r| (r.name.clone(), r.line))
            .collect();
        assert_eq!(at, [("decide".to_string(), 3)]);
        let ts = imports(
            SourceKind::TypeScript,
            "import { list } from \"sdk\";\nconst rows = await list(1);\n",
        )
        .unwrap();
        assert_eq!(ts[0].uses.len(), 1);
        assert_eq!(ts[0].uses[0].line, 2);
        let py = imports(SourceKind::Python, "from a import b\nb()\nb.c\n").unwrap();
        let lines: Vec<u32> = py[0].uses.iter().map(|r| r.line).collect();
        assert_eq!(lines, [2, 3]);
    }

    #[test]
    fn a_syntax_error_is_an_error_with_its_position_and_deep_nesting_is_refused() {
        let err = imports(SourceKind::Rust, "fn f( {").unwrap_err();
        assert!(err.contains(':'), "{err}");
        let deep = "(".repeat(300);
        assert!(
            imports(SourceKind::Python, &deep)
                .unwrap_err()
                .contains("256")
        );
    }
}
