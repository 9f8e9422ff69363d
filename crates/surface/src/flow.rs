//! Prompt-injection exposure (seed 003), best effort: inside one function (or a module's
//! top-level code), a value returned by a declared *untrusted source* call (an e-mail body, a
//! web page) that reaches a declared *prompt sink* call (text sent to a model), directly or
//! through local variables, with no declared *sanitizer* call wrapped around it on the way.
//!
//! What is tracked: the call's return value, assignments to local names (`let`, `=`,
//! augmented assignments, Python/JS destructuring is not), any expression built from a
//! tainted value (concatenation, f-strings, template literals, `format!` arguments, method
//! calls on it). What is not: flows across functions (a helper that returns the source's
//! value), through fields, containers mutated in place, globals, or loops where the
//! assignment follows the sink in source order. Names are matched, not types: a declared
//! `fetch_body` matches a call `fetch_body(…)` or a method call `x.fetch_body(…)`;
//! `Mailbox.fetch_body` (or `Mailbox::fetch_body`) also matches a call whose callee ends so.
//!
//! ```
//! use accord_surface::flow::{Declared, prompt_flows};
//! use accord_surface::imports::SourceKind;
//!
//! let declared = Declared {
//!     sources: vec!["read_email".into()],
//!     sinks: vec!["ask_model".into()],
//!     sanitizers: vec!["quote_untrusted".into()],
//! };
//! let src = "def reply(inbox):\n    body = read_email(inbox)\n    prompt = f'Answer: {body}'\n    return ask_model(prompt)\n";
//! let flows = prompt_flows(SourceKind::Python, src, &declared).unwrap();
//! assert_eq!((flows[0].source.line, flows[0].sink.line), (2, 4));
//! ```

use crate::capabilities::preorder;
use crate::imports::{Ast, Parsed, SourceKind};
use serde::Serialize;
use std::collections::HashMap;
use syn::spanned::Spanned;
use tree_sitter::Node;

/// The names a pack declares in `[packs.NAME.security]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Declared {
    /// Calls whose result is untrusted (`untrusted_inputs`).
    pub sources: Vec<String>,
    /// Calls that send text to a model (`prompt_sinks`).
    pub sinks: Vec<String>,
    /// Calls whose result is safe to send whatever their argument (`sanitizers`).
    pub sanitizers: Vec<String>,
}

impl Declared {
    /// True when there is nothing to look for.
    pub fn is_empty(&self) -> bool {
        self.sources.is_empty() || self.sinks.is_empty()
    }
}

/// A call, located.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CallSite {
    /// The callee as written (`mail.fetch_body`, `llm::complete`).
    pub callee: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
    /// Byte range of the call.
    pub start: usize,
    /// End of the byte range.
    pub end: usize,
}

/// An untrusted value reaching a prompt sink.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Flow {
    /// The source call.
    pub source: CallSite,
    /// The sink call.
    pub sink: CallSite,
    /// The local names the value went through, in order.
    pub through: Vec<String>,
}

/// Every flow in `src`, in the order of the sinks.
pub fn prompt_flows(kind: SourceKind, src: &str, declared: &Declared) -> Result<Vec<Flow>, String> {
    if declared.is_empty() {
        return Ok(Vec::new());
    }
    Ok(prompt_flows_in(&Parsed::parse(kind, src)?, declared))
}

/// [`prompt_flows`] of a file already parsed.
pub fn prompt_flows_in(parsed: &Parsed<'_>, declared: &Declared) -> Vec<Flow> {
    if declared.is_empty() {
        return Vec::new();
    }
    match &parsed.ast {
        Ast::Rust(file) => rust_flows(file, declared),
        Ast::Tree(tree) => tree_flows(parsed.kind, parsed.src, tree, declared),
    }
}

/// Whether a call named by `segments` (receiver path then name) is one of `entries`.
/// `method` says the receiver is an arbitrary expression, so only the name can be compared.
fn matches(segments: &[&str], method: bool, entries: &[String]) -> bool {
    entries.iter().any(|entry| {
        let want: Vec<&str> = entry.split(['.', ':']).filter(|s| !s.is_empty()).collect();
        let Some(last) = want.last() else {
            return false;
        };
        segments.ends_with(&want) || (method && segments.last() == Some(last))
    })
}

// ---------------------------------------------------------------------------------------
// Python, TypeScript, JavaScript (tree-sitter).

struct Lang {
    functions: &'static [&'static str],
    call: &'static str,
    assignments: &'static [(&'static str, &'static str, &'static str, bool)],
    identifiers: &'static [&'static str],
}

const PYTHON: Lang = Lang {
    functions: &["function_definition", "lambda"],
    call: "call",
    // (node kind, target field, value field, replaces the target's taint)
    assignments: &[
        ("assignment", "left", "right", true),
        ("augmented_assignment", "left", "right", false),
    ],
    identifiers: &["identifier"],
};

const JS: Lang = Lang {
    functions: &[
        "function_declaration",
        "function_expression",
        "function",
        "arrow_function",
        "method_definition",
        "generator_function_declaration",
        "generator_function",
    ],
    call: "call_expression",
    assignments: &[
        ("variable_declarator", "name", "value", true),
        ("assignment_expression", "left", "right", true),
        ("augmented_assignment_expression", "left", "right", false),
    ],
    identifiers: &["identifier", "shorthand_property_identifier"],
};

fn tree_flows(
    kind: SourceKind,
    src: &str,
    tree: &tree_sitter::Tree,
    declared: &Declared,
) -> Vec<Flow> {
    let lang = if kind == SourceKind::Python {
        &PYTHON
    } else {
        &JS
    };
    let cx = TreeCx {
        src,
        lang,
        declared,
    };
    let mut scopes = vec![tree.root_node()];
    preorder(tree.root_node(), |n| {
        if lang.functions.contains(&n.kind()) {
            scopes.push(n);
        }
    });
    let mut out = Vec::new();
    for scope in scopes {
        cx.scope(scope, &mut out);
    }
    out.sort_by_key(|f| (f.sink.start, f.source.start));
    out
}

struct TreeCx<'a> {
    src: &'a str,
    lang: &'static Lang,
    declared: &'a Declared,
}

/// Where a local name's untrusted value came from, and the names it went through.
type Origin = (CallSite, Vec<String>);

impl TreeCx<'_> {
    fn text(&self, n: Node<'_>) -> &str {
        self.src.get(n.byte_range()).unwrap_or("")
    }

    fn is_function(&self, n: Node<'_>) -> bool {
        self.lang.functions.contains(&n.kind())
    }

    fn site(&self, n: Node<'_>, callee: &str) -> CallSite {
        let p = n.start_position();
        CallSite {
            callee: callee.to_string(),
            line: p.row as u32 + 1,
            column: p.column as u32 + 1,
            start: n.start_byte(),
            end: n.end_byte(),
        }
    }

    /// The callee of a call node as segments, and whether it is a method call.
    fn callee<'s>(&'s self, call: Node<'_>) -> Option<(&'s str, Vec<&'s str>, bool)> {
        let f = call.child_by_field_name("function")?;
        let text = self.text(f);
        let method = matches!(f.kind(), "attribute" | "member_expression");
        let segments = text
            .split(['.', '?'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        Some((text, segments, method))
    }

    /// Walks one function body (or the module) in source order, without entering nested
    /// functions, which are scopes of their own.
    fn scope(&self, scope: Node<'_>, out: &mut Vec<Flow>) {
        let mut tainted: HashMap<String, Origin> = HashMap::new();
        let mut stack = vec![scope];
        let mut first = true;
        while let Some(n) = stack.pop() {
            if !first && self.is_function(n) {
                continue;
            }
            first = false;
            if let Some((_, target, value, replaces)) = self
                .lang
                .assignments
                .iter()
                .find(|(kind, ..)| *kind == n.kind())
                && let (Some(t), Some(v)) =
                    (n.child_by_field_name(target), n.child_by_field_name(value))
                && self.lang.identifiers.contains(&t.kind())
            {
                let name = self.text(t).to_string();
                match self.taint(v, &tainted) {
                    Some((site, mut through)) => {
                        through.push(name.clone());
                        tainted.insert(name, (site, through));
                    }
                    None if *replaces => {
                        tainted.remove(&name);
                    }
                    None => {}
                }
            }
            if n.kind() == self.lang.call
                && let Some((callee, segments, method)) = self.callee(n)
                && matches(&segments, method, &self.declared.sinks)
                && let Some(args) = n.child_by_field_name("arguments")
                && let Some((source, through)) = self.taint(args, &tainted)
            {
                out.push(Flow {
                    source,
                    sink: self.site(n, callee),
                    through,
                });
            }
            let mut cursor = n.walk();
            let children: Vec<Node<'_>> = n.children(&mut cursor).collect();
            stack.extend(children.into_iter().rev());
        }
    }

    /// The untrusted origin of the value of `expr`, if any part of it is untrusted and not
    /// wrapped in a sanitizer call.
    fn taint(&self, expr: Node<'_>, tainted: &HashMap<String, Origin>) -> Option<Origin> {
        let mut stack = vec![expr];
        while let Some(n) = stack.pop() {
            if self.is_function(n) {
                continue;
            }
            if n.kind() == self.lang.call
                && let Some((callee, segments, method)) = self.callee(n)
            {
                if matches(&segments, method, &self.declared.sanitizers) {
                    continue;
                }
                if matches(&segments, method, &self.declared.sources) {
                    return Some((self.site(n, callee), Vec::new()));
                }
            }
            if self.lang.identifiers.contains(&n.kind())
                && !self.is_member_name(n)
                && let Some(origin) = tainted.get(self.text(n))
            {
                return Some(origin.clone());
            }
            let mut cursor = n.walk();
            stack.extend(n.children(&mut cursor));
        }
        None
    }

    /// `x.body` or `f(body=…)`: the name is an attribute or a keyword, not a variable.
    fn is_member_name(&self, n: Node<'_>) -> bool {
        n.parent().is_some_and(|p| {
            (p.kind() == "attribute" && p.child_by_field_name("attribute") == Some(n))
                || (p.kind() == "keyword_argument" && p.child_by_field_name("name") == Some(n))
        })
    }
}

// ---------------------------------------------------------------------------------------
// Rust (syn).

fn rust_flows(file: &syn::File, declared: &Declared) -> Vec<Flow> {
    let mut v = RustFlows {
        declared,
        tainted: HashMap::new(),
        out: Vec::new(),
    };
    syn::visit::Visit::visit_file(&mut v, file);
    v.out.sort_by_key(|f| (f.sink.start, f.source.start));
    v.out
}

struct RustFlows<'a> {
    declared: &'a Declared,
    tainted: HashMap<String, Origin>,
    out: Vec<Flow>,
}

fn rust_site(span: proc_macro2::Span, callee: String) -> CallSite {
    let start = span.start();
    let range = span.byte_range();
    CallSite {
        callee,
        line: start.line as u32,
        column: start.column as u32 + 1,
        start: range.start,
        end: range.end,
    }
}

/// A call expression's callee as segments, with whether it is a method call.
fn rust_callee(expr: &syn::Expr) -> Option<(Vec<String>, bool)> {
    match expr {
        syn::Expr::Call(c) => match &*c.func {
            syn::Expr::Path(p) => Some((
                p.path
                    .segments
                    .iter()
                    .map(|s| s.ident.to_string())
                    .collect(),
                false,
            )),
            _ => None,
        },
        syn::Expr::MethodCall(m) => Some((vec![m.method.to_string()], true)),
        _ => None,
    }
}

fn rust_matches(segments: &[String], method: bool, entries: &[String]) -> bool {
    let segs: Vec<&str> = segments.iter().map(String::as_str).collect();
    matches(&segs, method, entries)
}

/// Arguments of a formatting-style macro (`format!`, `vec!`, `println!`) as expressions,
/// plus the names captured inline by its format string (`{body}`).
fn macro_args(mac: &syn::Macro) -> (Vec<syn::Expr>, Vec<String>) {
    use syn::parse::Parser;
    let parser = syn::punctuated::Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated;
    let exprs: Vec<syn::Expr> = parser
        .parse2(mac.tokens.clone())
        .map(|p| p.into_iter().collect())
        .unwrap_or_default();
    let mut inline = Vec::new();
    if let Some(syn::Expr::Lit(syn::ExprLit {
        lit: syn::Lit::Str(s),
        ..
    })) = exprs.first()
    {
        let value = s.value();
        let mut rest = value.as_str();
        while let Some(open) = rest.find('{') {
            rest = &rest[open + 1..];
            if rest.starts_with('{') {
                rest = &rest[1..];
                continue;
            }
            let end = rest.find(['}', ':']).unwrap_or(rest.len());
            let name = rest[..end].trim();
            if !name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '_') {
                inline.push(name.to_string());
            }
        }
    }
    (exprs, inline)
}

/// Finds the first untrusted origin inside an expression.
struct RustTaint<'a> {
    declared: &'a Declared,
    tainted: &'a HashMap<String, Origin>,
    found: Option<Origin>,
}

impl<'ast> syn::visit::Visit<'ast> for RustTaint<'_> {
    fn visit_expr(&mut self, e: &'ast syn::Expr) {
        if self.found.is_some() {
            return;
        }
        if let Some((segments, method)) = rust_callee(e) {
            if rust_matches(&segments, method, &self.declared.sanitizers) {
                return;
            }
            if rust_matches(&segments, method, &self.declared.sources) {
                self.found = Some((rust_site(e.span(), segments.join("::")), Vec::new()));
                return;
            }
        }
        if let syn::Expr::Path(p) = e
            && let Some(ident) = p.path.get_ident()
            && let Some(origin) = self.tainted.get(&ident.to_string())
        {
            self.found = Some(origin.clone());
            return;
        }
        syn::visit::visit_expr(self, e);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        let (exprs, inline) = macro_args(mac);
        for name in inline {
            if self.found.is_none()
                && let Some(origin) = self.tainted.get(&name)
            {
                self.found = Some(origin.clone());
            }
        }
        for e in &exprs {
            self.visit_expr(e);
        }
    }

    fn visit_expr_closure(&mut self, _: &'ast syn::ExprClosure) {}
}

impl RustFlows<'_> {
    fn taint(&self, expr: &syn::Expr) -> Option<Origin> {
        let mut t = RustTaint {
            declared: self.declared,
            tainted: &self.tainted,
            found: None,
        };
        syn::visit::Visit::visit_expr(&mut t, expr);
        t.found
    }

    fn assign(&mut self, name: String, value: &syn::Expr, replaces: bool) {
        match self.taint(value) {
            Some((site, mut through)) => {
                through.push(name.clone());
                self.tainted.insert(name, (site, through));
            }
            None if replaces => {
                self.tainted.remove(&name);
            }
            None => {}
        }
    }

    fn in_new_scope(&mut self, f: impl FnOnce(&mut Self)) {
        let saved = std::mem::take(&mut self.tainted);
        f(self);
        self.tainted = saved;
    }
}

impl<'ast> syn::visit::Visit<'ast> for RustFlows<'_> {
    fn visit_item_fn(&mut self, i: &'ast syn::ItemFn) {
        self.in_new_scope(|v| syn::visit::visit_item_fn(v, i));
    }

    fn visit_impl_item_fn(&mut self, i: &'ast syn::ImplItemFn) {
        self.in_new_scope(|v| syn::visit::visit_impl_item_fn(v, i));
    }

    fn visit_local(&mut self, local: &'ast syn::Local) {
        syn::visit::visit_local(self, local);
        let name = match &local.pat {
            syn::Pat::Ident(p) => Some(p.ident.to_string()),
            syn::Pat::Type(t) => match &*t.pat {
                syn::Pat::Ident(p) => Some(p.ident.to_string()),
                _ => None,
            },
            _ => None,
        };
        if let (Some(name), Some(init)) = (name, &local.init) {
            self.assign(name, &init.expr, true);
        }
    }

    fn visit_expr(&mut self, e: &'ast syn::Expr) {
        match e {
            syn::Expr::Assign(a) => {
                syn::visit::visit_expr(self, e);
                if let syn::Expr::Path(p) = &*a.left
                    && let Some(ident) = p.path.get_ident()
                {
                    self.assign(ident.to_string(), &a.right, true);
                }
                return;
            }
            syn::Expr::Binary(b) if matches!(b.op, syn::BinOp::AddAssign(_)) => {
                syn::visit::visit_expr(self, e);
                if let syn::Expr::Path(p) = &*b.left
                    && let Some(ident) = p.path.get_ident()
                {
                    self.assign(ident.to_string(), &b.right, false);
                }
                return;
            }
            _ => {}
        }
        if let Some((segments, method)) = rust_callee(e)
            && rust_matches(&segments, method, &self.declared.sinks)
        {
            let origin = match e {
                syn::Expr::Call(c) => c.args.iter().find_map(|a| self.taint(a)),
                syn::Expr::MethodCall(m) => m.args.iter().find_map(|a| self.taint(a)),
                _ => None,
            };
            if let Some((source, through)) = origin {
                self.out.push(Flow {
                    source,
                    sink: rust_site(e.span(), segments.join("::")),
                    through,
                });
            }
        }
        syn::visit::visit_expr(self, e);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn declared() -> Declared {
        Declared {
            sources: vec!["fetch_email".into(), "Inbox.read".into()],
            sinks: vec!["complete".into()],
            sanitizers: vec!["sanitize".into()],
        }
    }

    fn lines(kind: SourceKind, src: &str) -> Vec<(u32, u32)> {
        prompt_flows(kind, src, &declared())
            .unwrap()
            .into_iter()
            .map(|f| (f.source.line, f.sink.line))
            .collect()
    }

    #[test]
    fn python_direct_through_locals_and_sanitized() {
        let src = "def a():\n    return complete(fetch_email())\n\
                   def b(box):\n    body = box.fetch_email()\n    p = 'x' + body\n    llm.complete(p)\n\
                   def c():\n    body = fetch_email()\n    complete(sanitize(body))\n\
                   def d():\n    body = fetch_email()\n    body = 'fixed'\n    complete(body)\n\
                   def e(body):\n    complete(body)\n";
        assert_eq!(lines(SourceKind::Python, src), [(2, 2), (4, 6)]);
    }

    #[test]
    fn typescript_template_literal_and_nested_function_scopes() {
        let src = "async function reply(inbox: Inbox) {\n  const body = await inbox.read();\n  const prompt = `Reply to: ${body}`;\n  return model.complete({ prompt });\n}\n\
                   function other() {\n  const body = 'static';\n  complete(body);\n}\n\
                   const f = () => complete(sanitize(fetch_email()));\n";
        assert_eq!(lines(SourceKind::TypeScript, src), [(2, 4)]);
    }

    #[test]
    fn rust_let_format_and_methods() {
        let src = "fn reply(inbox: &Inbox) -> String {\n    let body = inbox.fetch_email();\n    let prompt = format!(\"Reply to {body}\");\n    llm::complete(&prompt)\n}\n\
                   fn safe(inbox: &Inbox) -> String {\n    let body = sanitize(inbox.fetch_email());\n    complete(&body)\n}\n\
                   fn direct() { client.complete(format!(\"{}\", fetch_email())); }\n";
        assert_eq!(lines(SourceKind::Rust, src), [(2, 4), (10, 10)]);
    }

    #[test]
    fn nothing_declared_reads_nothing() {
        let flows = prompt_flows(
            SourceKind::Python,
            "complete(fetch_email())\n",
            &Declared::default(),
        );
        assert!(flows.unwrap().is_empty());
    }

    #[test]
    fn module_level_code_is_a_scope() {
        assert_eq!(
            lines(
                SourceKind::JavaScript,
                "const b = fetch_email();\ncomplete(b);\n"
            ),
            [(1, 2)]
        );
    }
}
