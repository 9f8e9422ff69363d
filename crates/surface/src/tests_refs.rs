//! What a test file uses (TestSmith, issue 14 §5): its imports, read by the visitors of
//! [`crate::imports`] on the same parse, plus every mention of the names a pack exports —
//! identifiers, Rust path segments and macro tokens (`assert_eq!(decide(x), …)`), TS/JS
//! property names (`ns.run`) and Python attributes (`pkg.run`). Which mentions count is the
//! engine's call (`accord_engine::testsmith`): those of names imported from the pack, or
//! every one when the file imports the whole pack (`*`, `import pkg`, `use super::*`).
//!
//! ```
//! use accord_surface::imports::SourceKind;
//! use accord_surface::tests_refs::scan_tests;
//!
//! let names = ["decide".to_string()].into();
//! let src = "use pm_core::decide;\n#[test]\nfn t() {\n    assert!(decide(1));\n}\n";
//! let scan = scan_tests(SourceKind::Rust, src, &names).unwrap();
//! assert_eq!(scan.imports[0].spec, "pm_core");
//! assert_eq!(scan.mentions[0].line, 4);
//! assert_eq!(scan.test_ranges.len(), 1);
//! ```

use crate::imports::{Import, Reference, SourceKind};
use std::collections::BTreeSet;
use syn::spanned::Spanned;

/// One test file, read once.
#[derive(Debug, Clone, Default)]
pub struct TestScan {
    /// The file's imports, as [`crate::imports::imports`] reads them.
    pub imports: Vec<Import>,
    /// Mentions of the wanted names outside import statements, in source order.
    pub mentions: Vec<Reference>,
    /// Rust only: byte ranges of `#[test]` functions and `#[cfg(test)]` items, the tests of
    /// a source file that is not itself under `tests/`.
    pub test_ranges: Vec<(usize, usize)>,
}

/// Scans a test file for its imports and the mentions of `names`. A file that does not
/// parse is an error with its position (`line:column: message`), never a panic; nesting
/// deeper than 256 brackets is refused before parsing, as for imports.
pub fn scan_tests(
    kind: SourceKind,
    src: &str,
    names: &BTreeSet<String>,
) -> Result<TestScan, String> {
    if let Some((line, column)) = crate::too_deep(src, 256) {
        return Err(format!(
            "{line}:{column}: nested more than 256 brackets deep; not parsed"
        ));
    }
    if kind == SourceKind::Rust {
        let file = crate::imports::parse_rust(src)?;
        let mut v = RustMentions {
            names,
            mentions: Vec::new(),
            test_ranges: Vec::new(),
        };
        syn::visit::Visit::visit_file(&mut v, &file);
        v.mentions.sort_by_key(|r| r.start);
        return Ok(TestScan {
            imports: crate::imports::rust_file_imports(&file),
            mentions: v.mentions,
            test_ranges: v.test_ranges,
        });
    }
    let tree = crate::imports::parse_tree(kind, src)?;
    let root = tree.root_node();
    // tree-sitter recovers from syntax errors; a test that does not parse proves nothing,
    // so its uses are not counted (syn refuses such a Rust file outright).
    if root.has_error() {
        let mut at = None;
        crate::imports::preorder(root, |n| {
            if at.is_none() && (n.is_error() || n.is_missing()) {
                at = Some(n.start_position());
            }
        });
        let p = at.unwrap_or_default();
        return Err(format!("{}:{}: syntax error", p.row + 1, p.column + 1));
    }
    let mut mentions = Vec::new();
    crate::imports::preorder(root, |n| {
        let named = matches!(
            n.kind(),
            "identifier" | "type_identifier" | "property_identifier"
        );
        let text = src.get(n.byte_range()).unwrap_or("");
        if named && names.contains(text) && !inside_import(n) {
            let p = n.start_position();
            mentions.push(Reference {
                name: text.to_string(),
                line: p.row as u32 + 1,
                column: p.column as u32 + 1,
                start: n.start_byte(),
                end: n.end_byte(),
            });
        }
    });
    Ok(TestScan {
        imports: crate::imports::tree_imports(src, root, kind),
        mentions,
        test_ranges: Vec::new(),
    })
}

/// Inside an import (or a re-export with a source): naming a symbol there is not using it.
fn inside_import(n: tree_sitter::Node<'_>) -> bool {
    let mut cur = n.parent();
    while let Some(p) = cur {
        match p.kind() {
            "import_statement" | "import_from_statement" => return true,
            "export_statement" if p.child_by_field_name("source").is_some() => return true,
            _ => {}
        }
        cur = p.parent();
    }
    false
}

struct RustMentions<'n> {
    names: &'n BTreeSet<String>,
    mentions: Vec<Reference>,
    test_ranges: Vec<(usize, usize)>,
}

impl RustMentions<'_> {
    fn mention(&mut self, ident: &proc_macro2::Ident) {
        let name = ident.to_string();
        if self.names.contains(&name) {
            let span = ident.span();
            let (start, range) = (span.start(), span.byte_range());
            self.mentions.push(Reference {
                name,
                line: start.line as u32,
                column: start.column as u32 + 1,
                start: range.start,
                end: range.end,
            });
        }
    }

    /// Macro bodies are token streams syn does not parse: tests call the API inside
    /// `assert!`/`assert_eq!`, so every identifier token is a mention.
    fn tokens(&mut self, stream: proc_macro2::TokenStream) {
        for tree in stream {
            match tree {
                proc_macro2::TokenTree::Ident(i) => self.mention(&i),
                proc_macro2::TokenTree::Group(g) => self.tokens(g.stream()),
                _ => {}
            }
        }
    }
}

fn is_test_attr(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        let path = a.path();
        // `#[test]`, `#[tokio::test]`, `#[rstest]`-style attributes ending in `test`.
        let last_is_test = path
            .segments
            .last()
            .is_some_and(|s| s.ident == "test" || s.ident == "rstest");
        let cfg_test = path.is_ident("cfg")
            && a.meta
                .require_list()
                .is_ok_and(|l| l.tokens.to_string().split_whitespace().any(|t| t == "test"));
        last_is_test || cfg_test
    })
}

impl<'ast> syn::visit::Visit<'ast> for RustMentions<'_> {
    // Naming a symbol in a `use` is importing it, not using it.
    fn visit_item_use(&mut self, _: &'ast syn::ItemUse) {}

    fn visit_path(&mut self, node: &'ast syn::Path) {
        for segment in &node.segments {
            self.mention(&segment.ident);
        }
        syn::visit::visit_path(self, node);
    }

    fn visit_macro(&mut self, node: &'ast syn::Macro) {
        self.tokens(node.tokens.clone());
        syn::visit::visit_macro(self, node);
    }

    fn visit_item_fn(&mut self, node: &'ast syn::ItemFn) {
        if is_test_attr(&node.attrs) {
            let range = node.span().byte_range();
            self.test_ranges.push((range.start, range.end));
        }
        syn::visit::visit_item_fn(self, node);
    }

    fn visit_item_mod(&mut self, node: &'ast syn::ItemMod) {
        if is_test_attr(&node.attrs) {
            let range = node.span().byte_range();
            self.test_ranges.push((range.start, range.end));
        }
        syn::visit::visit_item_mod(self, node);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> BTreeSet<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    fn lines(scan: &TestScan) -> Vec<(String, u32)> {
        scan.mentions
            .iter()
            .map(|r| (r.name.clone(), r.line))
            .collect()
    }

    #[test]
    fn rust_mentions_in_macros_and_paths_but_not_in_use_items() {
        let src = "use pm_core::{decide, Decision};\n#[cfg(test)]\nmod t {\n    #[test]\n    fn a() {\n        assert_eq!(decide(1), pm_core::Decision::Deny);\n    }\n}\n";
        let scan = scan_tests(SourceKind::Rust, src, &names(&["decide", "Decision"])).unwrap();
        assert_eq!(
            lines(&scan),
            [("decide".to_string(), 6), ("Decision".to_string(), 6)]
        );
        assert_eq!(scan.test_ranges.len(), 2, "the module and the function");
    }

    #[test]
    fn typescript_namespace_members_and_python_attributes_are_mentions() {
        let ts = "import * as sdk from \"@x/sdk\";\nimport { isMergeable } from \"@x/sdk\";\ntest(\"x\", () => sdk.listDecisions());\n";
        let scan = scan_tests(
            SourceKind::TypeScript,
            ts,
            &names(&["listDecisions", "isMergeable"]),
        )
        .unwrap();
        assert_eq!(lines(&scan), [("listDecisions".to_string(), 3)]);
        let py = "import opshelm_agents\nfrom opshelm_agents import triage_email\n\ndef test_x():\n    opshelm_agents.summarize(1)\n";
        let scan = scan_tests(
            SourceKind::Python,
            py,
            &names(&["summarize", "triage_email"]),
        )
        .unwrap();
        assert_eq!(lines(&scan), [("summarize".to_string(), 5)]);
        assert_eq!(scan.imports.len(), 2);
    }

    #[test]
    fn an_unparseable_test_file_is_an_error_with_its_position() {
        let err = scan_tests(SourceKind::Rust, "#[test]\nfn t( {", &names(&["x"])).unwrap_err();
        assert!(err.starts_with("2:"), "{err}");
        assert!(scan_tests(SourceKind::Python, &"[".repeat(300), &names(&["x"])).is_err());
        let err = scan_tests(SourceKind::Python, "x = 1\ndef t(:\n", &names(&["x"])).unwrap_err();
        assert!(err.starts_with("2:"), "{err}");
    }
}
