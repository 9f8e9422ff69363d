//! Python: module-level public names (respecting `__all__`), package `__init__.py`
//! re-exports, classes and their methods, read with tree-sitter-python. Nothing is imported
//! or executed.

use crate::cache::Cache;
use crate::normalize::{doc_hash, doc_section, normalize_python_type};
use crate::py_entry::{self, PyRoot};
use crate::{
    Extraction, Extractor, Options, SurfaceError, first_error, node_text, rel_path, syntax_finding,
    walk,
};
use accord_model::Finding;
use accord_model::surface::{
    Generic, Language, Param, ParamKind, SourceSpan, Surface, Symbol, SymbolKind,
};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use tree_sitter::Node;

/// The Python extractor.
pub(crate) struct PythonExtractor;

#[derive(Debug, Default, Clone, serde::Serialize, serde::Deserialize)]
struct PyModule {
    /// Dotted module name.
    name: String,
    /// Names defined here, each with its symbols (paths relative: `f`, `C.m`).
    defs: BTreeMap<String, Vec<Symbol>>,
    /// `__all__`, when the module declares it as a literal list or tuple.
    all: Option<Vec<String>>,
    /// Imported name → (absolute module, original name); `None` original for `import x`.
    imports: BTreeMap<String, (String, Option<String>)>,
    /// Names imported with `from . import x as x` style or in `__init__.py` from inside the package.
    reexports: BTreeSet<String>,
    /// Modules imported with `from x import *`, in order (a package's `__init__.py` often
    /// assembles its API this way, each submodule naming its exports in `__all__`).
    stars: Vec<String>,
    /// Type aliases defined here (name → normalised type), for modules that import them.
    #[serde(default)]
    type_aliases: BTreeMap<String, String>,
    /// For a `.pyi` stub: the run-time definitions of its names in the `.py` module beside
    /// it, either there (a symbol) or imported (module, name). Never cached: derived after
    /// reading both.
    #[serde(skip)]
    runtime: BTreeMap<String, RuntimeDef>,
}

/// Where a stub's name is defined at run time.
#[derive(Debug, Clone)]
enum RuntimeDef {
    /// In the `.py` beside the stub.
    Here(Box<Symbol>),
    /// Imported there from this module under this name.
    Imported(String, String),
}

struct Cx<'a> {
    src: &'a str,
    rel: &'a str,
    aliases: BTreeMap<String, String>,
    /// Names bound at module level to `TypeVar(…)`, `ParamSpec(…)` or `TypeVarTuple(…)`.
    type_vars: BTreeSet<String>,
}

/// `# comments` inside a multi-line expression dropped (a quote before the `#` on its line
/// keeps the rest, as it may be inside a string).
fn without_comments(text: &str) -> String {
    if !text.contains('#') {
        return text.to_string();
    }
    text.lines()
        .map(|l| match l.find('#') {
            Some(i) if !l[..i].contains(['"', '\'']) => &l[..i],
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A value as recorded in the surface: whitespace collapsed, long values by length and hash
/// so a snapshot stays small.
fn shown_value(text: &str) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= 120 {
        flat
    } else {
        format!(
            "<{} characters, {}>",
            flat.chars().count(),
            doc_hash(&flat).unwrap_or_default()
        )
    }
}

impl Cx<'_> {
    fn text(&self, n: Node<'_>) -> &str {
        node_text(n, self.src)
    }

    fn span(&self, n: Node<'_>) -> SourceSpan {
        let p = n.start_position();
        let line_start = self.src[..n.start_byte().min(self.src.len())]
            .rfind('\n')
            .map_or(0, |i| i + 1);
        let col = self
            .src
            .get(line_start..n.start_byte())
            .map_or(0, |s| s.chars().count());
        SourceSpan {
            path: self.rel.to_string(),
            line: p.row as u32 + 1,
            col: col as u32 + 1,
        }
    }

    fn ty(&self, n: Option<Node<'_>>) -> Option<String> {
        n.map(|n| normalize_python_type(&without_comments(self.text(n)), &self.aliases))
    }

    fn docstring(&self, body: Option<Node<'_>>) -> String {
        let Some(body) = body else {
            return String::new();
        };
        let Some(first) = body.named_child(0) else {
            return String::new();
        };
        if first.kind() != "expression_statement" {
            return String::new();
        }
        match first.named_child(0) {
            Some(s) if s.kind() == "string" => {
                let t = self.text(s);
                t.trim_start_matches(['r', 'b', 'u', 'R', 'U'])
                    .trim_matches('"')
                    .trim_matches('\'')
                    .to_string()
            }
            _ => String::new(),
        }
    }

    fn apply_doc(&self, s: &mut Symbol, doc: &str) {
        s.doc_hash = doc_hash(doc);
        s.errors = doc_section(&dedent(doc), &["Raises", "Raise", "Errors"]);
        s.side_effects = doc_section(&dedent(doc), &["Side effects", "Side-effects"]);
        if doc.contains(".. deprecated::") && s.stability.deprecated.is_none() {
            s.stability.deprecated = Some(String::new());
        }
    }

    fn decorators(&self, decorated: Option<Node<'_>>) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(d) = decorated {
            let mut c = d.walk();
            for child in d.named_children(&mut c) {
                if child.kind() == "decorator" {
                    out.push(self.text(child).trim_start_matches('@').trim().to_string());
                }
            }
        }
        out
    }

    fn function(
        &self,
        path: String,
        def: Node<'_>,
        decorators: &[String],
        in_class: bool,
    ) -> Symbol {
        let kind = if in_class {
            SymbolKind::Method
        } else {
            SymbolKind::Function
        };
        let name_node = def.child_by_field_name("name").unwrap_or(def);
        let mut s = Symbol::new(path, kind, self.span(name_node));
        let mut c = def.walk();
        s.is_async = def.children(&mut c).any(|ch| ch.kind() == "async");
        s.returns = self.ty(def.child_by_field_name("return_type"));
        let is_static = decorators.iter().any(|d| d == "staticmethod");
        let mut attrs = Vec::new();
        for d in decorators {
            let base = d.split('(').next().unwrap_or(d);
            let last = base.rsplit('.').next().unwrap_or(base);
            match last {
                "overload" => s.stability.overload = true,
                "deprecated" => {
                    let note = d
                        .split_once('(')
                        .map(|(_, r)| {
                            r.trim_end_matches(')')
                                .trim_matches(['"', '\''])
                                .to_string()
                        })
                        .unwrap_or_default();
                    s.stability.deprecated = Some(note);
                }
                _ => attrs.push(base.to_string()),
            }
        }
        attrs.sort();
        s.attributes = attrs;
        if let Some(params) = def.child_by_field_name("parameters") {
            s.params = self.params(params, in_class && !is_static);
        }
        if s.stability.deprecated.is_none() {
            s.stability.deprecated = self.warns_deprecation(def, &s.params);
        }
        let last = |d: &String| {
            let base = d.split('(').next().unwrap_or(d).to_string();
            base.rsplit('.').next().unwrap_or(&base).to_string()
        };
        if in_class
            && decorators
                .iter()
                .any(|d| matches!(last(d).as_str(), "property" | "cached_property"))
        {
            // Read as an attribute (`obj.x`), never called: a field of its return type.
            s.kind = SymbolKind::Field;
            s.ty = s.returns.take();
            s.params.clear();
        } else if decorators.iter().any(|d| {
            let base = d.split('(').next().unwrap_or(d);
            base.contains('.') && matches!(last(d).as_str(), "command" | "group")
        }) {
            // `@click.command()` / `@cli.command()`: the name is bound to a command object
            // run with command-line arguments; its parameters are options, not a call.
            s.params.clear();
            s.returns = None;
        }
        let doc = self.docstring(def.child_by_field_name("body"));
        self.apply_doc(&mut s, &doc);
        s
    }

    fn params(&self, params: Node<'_>, method: bool) -> Vec<Param> {
        let mut out: Vec<Param> = Vec::new();
        let mut keyword_only = false;
        let mut c = params.walk();
        for p in params.named_children(&mut c) {
            let (name, ty, default, splat) = match p.kind() {
                "identifier" => (self.text(p).to_string(), None, None, None),
                "typed_parameter" => {
                    let mut cc = p.walk();
                    let inner = p.named_children(&mut cc).find(|n| n.kind() != "type");
                    let (name, splat) = match inner {
                        Some(n) if n.kind() == "list_splat_pattern" => (
                            self.text(n).trim_start_matches('*').to_string(),
                            Some(ParamKind::Variadic),
                        ),
                        Some(n) if n.kind() == "dictionary_splat_pattern" => (
                            self.text(n).trim_start_matches('*').to_string(),
                            Some(ParamKind::VariadicKeyword),
                        ),
                        Some(n) => (self.text(n).to_string(), None),
                        None => (String::new(), None),
                    };
                    (name, self.ty(p.child_by_field_name("type")), None, splat)
                }
                "default_parameter" | "typed_default_parameter" => (
                    p.child_by_field_name("name")
                        .map(|n| self.text(n).to_string())
                        .unwrap_or_default(),
                    self.ty(p.child_by_field_name("type")),
                    p.child_by_field_name("value").map(|v| {
                        self.text(v)
                            .split_whitespace()
                            .collect::<Vec<_>>()
                            .join(" ")
                    }),
                    None,
                ),
                "list_splat_pattern" => (
                    self.text(p).trim_start_matches('*').to_string(),
                    None,
                    None,
                    Some(ParamKind::Variadic),
                ),
                "dictionary_splat_pattern" => (
                    self.text(p).trim_start_matches('*').to_string(),
                    None,
                    None,
                    Some(ParamKind::VariadicKeyword),
                ),
                "keyword_separator" => {
                    keyword_only = true;
                    continue;
                }
                "positional_separator" => {
                    for q in out.iter_mut() {
                        if q.kind == ParamKind::PositionalOrKeyword {
                            q.kind = ParamKind::Positional;
                        }
                    }
                    continue;
                }
                _ => continue,
            };
            let kind = if let Some(k) = splat {
                if k == ParamKind::Variadic {
                    keyword_only = true;
                }
                k
            } else if method && out.is_empty() {
                ParamKind::Receiver
            } else if keyword_only {
                ParamKind::Keyword
            } else {
                ParamKind::PositionalOrKeyword
            };
            let required = default.is_none()
                && !matches!(kind, ParamKind::Variadic | ParamKind::VariadicKeyword);
            out.push(Param {
                name,
                kind,
                ty,
                default,
                required,
            });
        }
        out
    }

    /// The names an assignment binds (`a = b = 1`, `x, y = 1, 2`, `z: int`), each a field
    /// (class body) or a module attribute with its value; a module-level type alias
    /// (`X: TypeAlias = …`, or a subscripted type such as `Pair = tuple[K, V]`) is a type
    /// alias whose type parameters are the type variables it uses, in order.
    fn assignment(
        &self,
        assign: Node<'_>,
        prefix: &str,
        in_class: bool,
        defs: &mut BTreeMap<String, Vec<Symbol>>,
    ) {
        let mut targets = Vec::new();
        let mut value = None;
        let mut cur = Some(assign);
        while let Some(a) = cur.filter(|a| a.kind() == "assignment") {
            if let Some(left) = a.child_by_field_name("left") {
                targets.push(left);
            }
            value = a.child_by_field_name("right");
            cur = value;
        }
        let annotation = assign.child_by_field_name("type");
        let unpacked = targets
            .iter()
            .any(|t| matches!(t.kind(), "pattern_list" | "tuple_pattern" | "list_pattern"));
        for target in targets {
            let mut names = Vec::new();
            let mut stack = vec![target];
            while let Some(n) = stack.pop() {
                match n.kind() {
                    "identifier" => names.push(n),
                    "pattern_list" | "tuple_pattern" | "list_pattern" => {
                        let mut c = n.walk();
                        let kids: Vec<Node<'_>> = n.named_children(&mut c).collect();
                        stack.extend(kids.into_iter().rev());
                    }
                    _ => {}
                }
            }
            for left in names {
                let name = self.text(left).to_string();
                if name.starts_with("__") && name.ends_with("__") {
                    continue;
                }
                // `as_sqlite = pipes_concat_sql` in a class body binds a method defined above
                // under a second name: it is called like that method, so it is that method.
                let bound_method = value
                    .filter(|v| {
                        in_class && !unpacked && annotation.is_none() && v.kind() == "identifier"
                    })
                    .and_then(|v| defs.get(self.text(v)))
                    .and_then(|syms| syms.first())
                    .filter(|m| m.kind.is_callable() && !m.stability.overload)
                    .cloned();
                if let Some(mut m) = bound_method {
                    m.path = format!("{prefix}{name}");
                    m.span = self.span(left);
                    defs.insert(name, vec![m]);
                    continue;
                }
                let annotated = annotation.map(|t| self.text(t).trim().to_string());
                let alias = !in_class
                    && !unpacked
                    && (annotated
                        .as_deref()
                        .is_some_and(|t| t.rsplit('.').next() == Some("TypeAlias"))
                        || (annotated.is_none() && value.is_some_and(|v| self.is_type_expr(v))));
                let kind = if alias {
                    SymbolKind::TypeAlias
                } else if in_class {
                    SymbolKind::Field
                } else {
                    SymbolKind::Constant
                };
                let mut s = Symbol::new(format!("{prefix}{name}"), kind, self.span(left));
                if alias {
                    s.ty = self.ty(value);
                    s.generics = self
                        .type_vars_in(value)
                        .into_iter()
                        .map(|name| Generic {
                            name,
                            bounds: Vec::new(),
                            default: None,
                        })
                        .collect();
                } else {
                    s.ty = self.ty(annotation);
                    s.optional = value.is_some();
                    // Only module attributes carry a value: what a class attribute holds is
                    // more often configuration of the class than a promise to callers.
                    if !in_class && !unpacked {
                        s.value = value.map(|v| shown_value(&without_comments(self.text(v))));
                    }
                }
                defs.insert(name, vec![s]);
            }
        }
    }

    /// True for a value that spells a type: a subscripted generic (`dict[str, T]`,
    /// `Callable[..., T]`, `Optional[X]`) or a `|` union of such.
    fn is_type_expr(&self, v: Node<'_>) -> bool {
        match v.kind() {
            "subscript" | "generic_type" => v.child_by_field_name("value").is_some_and(|head| {
                let h = self.text(head);
                let last = h.rsplit('.').next().unwrap_or(h);
                last.starts_with(|c: char| c.is_ascii_uppercase())
                    || matches!(
                        last,
                        "dict" | "list" | "tuple" | "set" | "frozenset" | "type"
                    )
            }),
            "binary_operator" => {
                // `A | B` where both sides are types: a subscript, a type variable, a class
                // name or `None` (`_OptT = _T | None`).
                let side = |n: Node<'_>| {
                    self.is_type_expr(n)
                        || (n.kind() == "identifier" && {
                            let t = self.text(n);
                            self.type_vars.contains(t)
                                || t.trim_start_matches('_')
                                    .starts_with(|c: char| c.is_ascii_uppercase())
                        })
                        || n.kind() == "none"
                };
                v.child_by_field_name("operator")
                    .is_some_and(|o| self.text(o) == "|")
                    && v.child_by_field_name("left").is_some_and(side)
                    && v.child_by_field_name("right").is_some_and(side)
            }
            _ => false,
        }
    }

    /// The module's type variables used in `v`, in order of first use (how an implicit
    /// generic alias numbers its parameters).
    /// A deprecation raised in the body: a `warn(…, DeprecationWarning)` (or
    /// `PendingDeprecationWarning`) call. Under an `if` naming a parameter it deprecates that
    /// parameter (`if app: warnings.warn(…)`), otherwise the function. Nested functions and
    /// classes are their own business.
    fn warns_deprecation(&self, def: Node<'_>, params: &[Param]) -> Option<String> {
        let body = def.child_by_field_name("body")?;
        let mut stack = vec![body];
        while let Some(n) = stack.pop() {
            if matches!(
                n.kind(),
                "function_definition" | "class_definition" | "lambda"
            ) {
                continue;
            }
            if n.kind() == "call" {
                let f = n.child_by_field_name("function").map(|f| self.text(f));
                let args = n.child_by_field_name("arguments").map(|a| self.text(a));
                if f.is_some_and(|f| f.rsplit('.').next() == Some("warn"))
                    && args.is_some_and(|a| {
                        a.split(|c: char| !(c.is_alphanumeric() || c == '_'))
                            .any(|w| {
                                matches!(w, "DeprecationWarning" | "PendingDeprecationWarning")
                            })
                    })
                {
                    return Some(self.deprecated_param(n, body, params).unwrap_or_default());
                }
            }
            let mut c = n.walk();
            stack.extend(n.named_children(&mut c));
        }
        None
    }

    /// The note for a deprecation warning raised under an `if` that names a parameter.
    fn deprecated_param(&self, call: Node<'_>, body: Node<'_>, params: &[Param]) -> Option<String> {
        let mut cur = call.parent();
        while let Some(n) = cur.filter(|n| n.id() != body.id()) {
            if n.kind() == "if_statement" {
                let cond = n.child_by_field_name("condition").map(|c| self.text(c))?;
                let named = params.iter().find(|p| {
                    p.kind != ParamKind::Receiver
                        && cond
                            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                            .any(|w| w == p.name)
                });
                if let Some(p) = named {
                    return Some(format!("parameter `{}`", p.name));
                }
            }
            cur = n.parent();
        }
        None
    }

    /// What a module `__getattr__` (PEP 562) makes reachable: the names it compares its
    /// argument with (`name == "x"`, `name in ("x", "y")`, `name in __all__`) or looks up in a
    /// literal dict; anything else is said to be unknown rather than guessed.
    fn lazy_names(&self, def: Node<'_>) -> String {
        let mut names = Vec::new();
        let mut stack: Vec<Node<'_>> = def.child_by_field_name("body").into_iter().collect();
        while let Some(n) = stack.pop() {
            let literal_home = matches!(n.kind(), "comparison_operator" | "dictionary");
            let mut c = n.walk();
            for ch in n.named_children(&mut c) {
                if literal_home && ch.kind() == "identifier" && self.text(ch) == "__all__" {
                    names.push("__all__".to_string());
                }
                let mut strings = Vec::new();
                if literal_home {
                    match ch.kind() {
                        "string" => strings.push(ch),
                        "pair" => strings.extend(
                            ch.child_by_field_name("key")
                                .filter(|k| k.kind() == "string"),
                        ),
                        "tuple" | "list" | "set" => {
                            let mut cc = ch.walk();
                            strings.extend(
                                ch.named_children(&mut cc).filter(|x| x.kind() == "string"),
                            );
                        }
                        _ => {}
                    }
                }
                for st in strings {
                    names.push(self.text(st).trim_matches(['"', '\'']).to_string());
                }
                stack.push(ch);
            }
        }
        names.sort();
        names.dedup();
        if names.is_empty() {
            "dispatches on names Accord cannot list (no literal comparison or dict)".to_string()
        } else {
            format!("dispatches on: {}", names.join(", "))
        }
    }

    fn type_vars_in(&self, v: Option<Node<'_>>) -> Vec<String> {
        let Some(v) = v else {
            return Vec::new();
        };
        let mut out: Vec<String> = Vec::new();
        let text = self.text(v);
        for word in text.split(|c: char| !(c.is_alphanumeric() || c == '_')) {
            if self.type_vars.contains(word) && !out.iter().any(|w| w == word) {
                out.push(word.to_string());
            }
        }
        out
    }

    /// Definitions of a block (module body or class body).
    fn block(
        &self,
        body: Node<'_>,
        prefix: &str,
        in_class: bool,
        defs: &mut BTreeMap<String, Vec<Symbol>>,
    ) {
        let mut overloads: BTreeMap<String, usize> = BTreeMap::new();
        for stmt in statements(body, self.src) {
            let (def, decorated) = if stmt.kind() == "decorated_definition" {
                match stmt.child_by_field_name("definition") {
                    Some(d) => (d, Some(stmt)),
                    None => continue,
                }
            } else {
                (stmt, None)
            };
            match def.kind() {
                "function_definition" => {
                    let Some(name) = def
                        .child_by_field_name("name")
                        .map(|n| self.text(n).to_string())
                    else {
                        continue;
                    };
                    let decos = self.decorators(decorated);
                    // `@x.setter` / `@x.deleter` complete the property `x`.
                    if decos.iter().any(|d| {
                        d.strip_prefix(name.as_str())
                            .is_some_and(|r| matches!(r, ".setter" | ".deleter" | ".getter"))
                    }) && defs.contains_key(&name)
                    {
                        continue;
                    }
                    let path = format!("{prefix}{name}");
                    let mut s = self.function(path.clone(), def, &decos, in_class);
                    if name == "__getattr__" && !in_class {
                        s.value = Some(self.lazy_names(def));
                    }
                    if s.stability.overload {
                        let n = overloads.entry(name.clone()).or_insert(0);
                        *n += 1;
                        s.path = format!("{path}#{n}");
                        defs.entry(name).or_default().push(s);
                    } else if overloads.contains_key(&name) {
                        // The implementation behind overloads is not a signature callers see.
                    } else {
                        if under_version_check(stmt, body, self.src)
                            && let Some(other) = defs.get(&name).and_then(|v| v.first())
                        {
                            merge_version_branches(&mut s, other);
                        }
                        defs.insert(name, vec![s]);
                    }
                }
                "class_definition" => {
                    let Some(name_node) = def.child_by_field_name("name") else {
                        continue;
                    };
                    let name = self.text(name_node).to_string();
                    let path = format!("{prefix}{name}");
                    let mut s = Symbol::new(path.clone(), SymbolKind::Class, self.span(name_node));
                    if let Some(sup) = def.child_by_field_name("superclasses") {
                        let t = without_comments(self.text(sup))
                            .trim_matches(['(', ')'])
                            .trim()
                            .to_string();
                        if !t.is_empty() {
                            s.ty =
                                Some(normalize_python_type(&t, &self.aliases).replace(" | ", ", "));
                        }
                        // Named bases, exactly: `HTTPProtocolHandler` is no `Protocol`.
                        for base in crate::normalize::split_top(&t, ',') {
                            let head = base.split('[').next().unwrap_or(&base).trim();
                            match head.rsplit('.').next().unwrap_or(head) {
                                "Protocol" => s.kind = SymbolKind::Interface,
                                "Enum" | "IntEnum" | "StrEnum" | "Flag" | "IntFlag" => {
                                    s.kind = SymbolKind::Enum
                                }
                                _ => {}
                            }
                        }
                    }
                    let decos = self.decorators(decorated);
                    for d in &decos {
                        if d.rsplit('.')
                            .next()
                            .is_some_and(|l| l.starts_with("deprecated"))
                        {
                            s.stability.deprecated = Some(String::new());
                        } else {
                            s.attributes.push(d.clone());
                        }
                    }
                    let body = def.child_by_field_name("body");
                    let doc = self.docstring(body);
                    self.apply_doc(&mut s, &doc);
                    let mut members = BTreeMap::new();
                    if let Some(body) = body {
                        self.block(body, &format!("{path}."), true, &mut members);
                    }
                    let is_enum = s.kind == SymbolKind::Enum;
                    // An abstract base class is an interface to implement when it declares
                    // abstract members; its concrete members are optional to implementers.
                    let abstract_member = |m: &Symbol| {
                        m.attributes.iter().any(|a| {
                            a.rsplit('.')
                                .next()
                                .is_some_and(|l| l.starts_with("abstract"))
                        })
                    };
                    let is_abc = s.kind == SymbolKind::Class
                        && members.values().flatten().any(abstract_member);
                    if is_abc {
                        s.kind = SymbolKind::Interface;
                        for m in members.values_mut().flatten() {
                            if !abstract_member(m) {
                                m.optional = true;
                            }
                        }
                    }
                    let mut all = vec![s];
                    for (mname, syms) in members {
                        if mname.starts_with('_')
                            && !(mname.starts_with("__") && mname.ends_with("__"))
                        {
                            continue;
                        }
                        for mut m in syms {
                            if is_enum && m.kind == SymbolKind::Field {
                                m.kind = SymbolKind::Variant;
                            }
                            all.push(m);
                        }
                    }
                    defs.insert(name, all);
                }
                "expression_statement" => {
                    let Some(assign) = def.named_child(0).filter(|n| n.kind() == "assignment")
                    else {
                        continue;
                    };
                    self.assignment(assign, prefix, in_class, defs);
                }
                "type_alias_statement" => {
                    let (Some(left), Some(right)) = (
                        def.child_by_field_name("left"),
                        def.child_by_field_name("right"),
                    ) else {
                        continue;
                    };
                    let head = self.text(left);
                    let (name, params) = match head.split_once('[') {
                        Some((n, rest)) => (n.trim(), rest.trim_end_matches(']')),
                        None => (head.trim(), ""),
                    };
                    let mut s = Symbol::new(
                        format!("{prefix}{name}"),
                        SymbolKind::TypeAlias,
                        self.span(left),
                    );
                    s.ty = self.ty(Some(right));
                    s.generics = crate::normalize::split_top(params, ',')
                        .into_iter()
                        .map(|p| Generic {
                            name: p
                                .split([':', '='])
                                .next()
                                .unwrap_or(&p)
                                .trim()
                                .trim_start_matches('*')
                                .to_string(),
                            bounds: Vec::new(),
                            default: None,
                        })
                        .collect();
                    defs.insert(name.to_string(), vec![s]);
                }
                _ => {}
            }
        }
    }
}

/// The statements of a block as Python binds them: those inside `if`/`try` blocks count
/// (a name defined in a `try`/`except ImportError` or a version check is still defined),
/// except under `if __name__ == "__main__":`, which never runs on import.
/// True when `stmt` sits (inside `body`) in a branch of `if sys.version_info …`: the
/// branches define one name for different Python versions.
fn under_version_check(stmt: Node<'_>, body: Node<'_>, src: &str) -> bool {
    let mut cur = stmt.parent();
    while let Some(n) = cur.filter(|n| n.id() != body.id()) {
        if n.kind() == "if_statement"
            && n.child_by_field_name("condition")
                .is_some_and(|c| node_text(c, src).contains("version_info"))
        {
            return true;
        }
        cur = n.parent();
    }
    false
}

/// `s` (the later branch's definition) keeps the parameters only `other` (an earlier branch
/// for another Python version) has, as optional: a parameter present in one branch is not
/// removed, and no caller can rely on it everywhere.
fn merge_version_branches(s: &mut Symbol, other: &Symbol) {
    for p in &other.params {
        if p.kind == ParamKind::Receiver || s.params.iter().any(|q| q.name == p.name) {
            continue;
        }
        let mut p = p.clone();
        p.required = false;
        let at = match p.kind {
            ParamKind::Positional | ParamKind::PositionalOrKeyword => s
                .params
                .iter()
                .position(|q| {
                    !matches!(
                        q.kind,
                        ParamKind::Receiver
                            | ParamKind::Positional
                            | ParamKind::PositionalOrKeyword
                    )
                })
                .unwrap_or(s.params.len()),
            ParamKind::Variadic | ParamKind::Keyword => s
                .params
                .iter()
                .position(|q| q.kind == ParamKind::VariadicKeyword)
                .unwrap_or(s.params.len()),
            _ => s.params.len(),
        };
        s.params.insert(at, p);
    }
}

fn statements<'t>(body: Node<'t>, src: &str) -> Vec<Node<'t>> {
    let mut out = Vec::new();
    let mut stack = vec![(body, 0usize)];
    while let Some((b, depth)) = stack.pop() {
        let mut c = b.walk();
        let children: Vec<Node<'t>> = b.named_children(&mut c).collect();
        for stmt in children.into_iter().rev() {
            match stmt.kind() {
                "if_statement" if depth < 8 => {
                    let cond: String = stmt
                        .child_by_field_name("condition")
                        .map(|n| node_text(n, src))
                        .unwrap_or("")
                        .chars()
                        .filter(|c| !c.is_whitespace())
                        .collect();
                    if cond.contains("__name__==") && cond.contains("__main__") {
                        continue;
                    }
                    let mut cc = stmt.walk();
                    let mut blocks = Vec::new();
                    for ch in stmt.named_children(&mut cc) {
                        match ch.kind() {
                            "block" => blocks.push(ch),
                            "elif_clause" => blocks.extend(ch.child_by_field_name("consequence")),
                            "else_clause" => blocks.extend(ch.child_by_field_name("body")),
                            _ => {}
                        }
                    }
                    for blk in blocks.into_iter().rev() {
                        stack.push((blk, depth + 1));
                    }
                }
                "try_statement" if depth < 8 => {
                    let mut cc = stmt.walk();
                    let mut blocks = Vec::new();
                    for ch in stmt.named_children(&mut cc) {
                        if ch.kind() == "block" {
                            blocks.push(ch);
                        } else {
                            let mut c3 = ch.walk();
                            blocks
                                .extend(ch.named_children(&mut c3).filter(|n| n.kind() == "block"));
                        }
                    }
                    for blk in blocks.into_iter().rev() {
                        stack.push((blk, depth + 1));
                    }
                }
                _ => out.push(stmt),
            }
        }
    }
    // The stack visits nested blocks after the statements that follow them; order by
    // position so later bindings win, as at run time.
    out.sort_by_key(|n| n.start_byte());
    out
}

fn dedent(doc: &str) -> String {
    doc.lines().map(str::trim).collect::<Vec<_>>().join("\n")
}

/// Resolves `from .x import y` in module `module` (a package when `is_package`).
fn absolute(module: &str, is_package: bool, target: &str) -> String {
    let dots = target.chars().take_while(|c| *c == '.').count();
    if dots == 0 {
        return target.to_string();
    }
    let mut parts: Vec<&str> = module.split('.').collect();
    let up = if is_package { dots - 1 } else { dots };
    for _ in 0..up {
        parts.pop();
    }
    let rest = &target[dots..];
    if rest.is_empty() {
        parts.join(".")
    } else {
        format!("{}.{rest}", parts.join("."))
    }
}

fn parse_module(name: &str, is_package: bool, rel: &str, src: &str) -> (PyModule, Option<Finding>) {
    let mut parser = tree_sitter::Parser::new();
    let mut m = PyModule {
        name: name.to_string(),
        ..PyModule::default()
    };
    if parser
        .set_language(&tree_sitter_python::LANGUAGE.into())
        .is_err()
    {
        return (m, None);
    }
    let Some(tree) = parser.parse(src, None) else {
        return (m, None);
    };
    let root = tree.root_node();
    let finding = first_error(root).map(|n| syntax_finding(rel, n, src));
    let mut cx = Cx {
        src,
        rel,
        aliases: BTreeMap::new(),
        type_vars: BTreeSet::new(),
    };
    for stmt in statements(root, src) {
        match stmt.kind() {
            "import_from_statement" => {
                let Some(module_node) = stmt.child_by_field_name("module_name") else {
                    continue;
                };
                let from = absolute(name, is_package, node_text(module_node, src));
                let mut wc = stmt.walk();
                if stmt
                    .named_children(&mut wc)
                    .any(|n| n.kind() == "wildcard_import")
                {
                    m.stars.push(from.clone());
                }
                let mut cc = stmt.walk();
                for n in stmt.children_by_field_name("name", &mut cc) {
                    let (orig, alias) = if n.kind() == "aliased_import" {
                        (
                            n.child_by_field_name("name")
                                .map(|x| node_text(x, src))
                                .unwrap_or(""),
                            n.child_by_field_name("alias")
                                .map(|x| node_text(x, src))
                                .unwrap_or(""),
                        )
                    } else {
                        (node_text(n, src), node_text(n, src))
                    };
                    if orig != alias && !orig.is_empty() {
                        cx.aliases.insert(alias.to_string(), orig.to_string());
                    }
                    // `from x import y as y` is the typing convention for an explicit re-export.
                    if n.kind() == "aliased_import" && orig == alias {
                        m.reexports.insert(alias.to_string());
                    }
                    if is_package && from.starts_with(name) {
                        m.reexports.insert(alias.to_string());
                    }
                    m.imports
                        .insert(alias.to_string(), (from.clone(), Some(orig.to_string())));
                }
            }
            "import_statement" => {
                let mut cc = stmt.walk();
                for n in stmt.children_by_field_name("name", &mut cc) {
                    if n.kind() == "aliased_import" {
                        let orig = n
                            .child_by_field_name("name")
                            .map(|x| node_text(x, src))
                            .unwrap_or("");
                        let alias = n
                            .child_by_field_name("alias")
                            .map(|x| node_text(x, src))
                            .unwrap_or("");
                        if orig == "typing" {
                            cx.aliases.insert(alias.to_string(), "typing".into());
                        }
                        m.imports
                            .insert(alias.to_string(), (orig.to_string(), None));
                    }
                }
            }
            "expression_statement" => {
                if let Some(assign) = stmt.named_child(0).filter(|n| n.kind() == "assignment") {
                    let is_type_var = assign
                        .child_by_field_name("right")
                        .filter(|r| r.kind() == "call")
                        .and_then(|r| r.child_by_field_name("function"))
                        .is_some_and(|f| {
                            let t = node_text(f, src);
                            matches!(
                                t.rsplit('.').next(),
                                Some("TypeVar" | "ParamSpec" | "TypeVarTuple")
                            )
                        });
                    if let Some(left) = assign
                        .child_by_field_name("left")
                        .filter(|l| is_type_var && l.kind() == "identifier")
                    {
                        let name = node_text(left, src).to_string();
                        // `TypeVar("T", str, bytes)`: a constrained variable is one of its
                        // constraints, so signatures compare as with the union spelled out.
                        let constraints: Vec<String> = assign
                            .child_by_field_name("right")
                            .and_then(|r| r.child_by_field_name("arguments"))
                            .map(|args| {
                                let mut c = args.walk();
                                args.named_children(&mut c)
                                    .skip(1)
                                    .filter(|a| a.kind() != "keyword_argument")
                                    .map(|a| node_text(a, src).to_string())
                                    .collect()
                            })
                            .unwrap_or_default();
                        if constraints.len() >= 2 {
                            cx.aliases.insert(name.clone(), constraints.join(" | "));
                        }
                        cx.type_vars.insert(name);
                    }
                    let is_all = assign
                        .child_by_field_name("left")
                        .is_some_and(|l| node_text(l, src) == "__all__");
                    if let (true, Some(right)) = (is_all, assign.child_by_field_name("right")) {
                        let mut names = Vec::new();
                        let mut rc = right.walk();
                        for item in right.named_children(&mut rc) {
                            if item.kind() == "string" {
                                names.push(
                                    node_text(item, src).trim_matches(['"', '\'']).to_string(),
                                );
                            }
                        }
                        m.all = Some(names);
                    }
                }
            }
            _ => {}
        }
    }
    // Aliases like `t.Optional` resolve through `import typing as t`.
    let aliases: Vec<(String, String)> = cx
        .aliases
        .iter()
        .filter(|(_, v)| *v == "typing")
        .map(|(k, _)| (format!("{k}."), String::new()))
        .collect();
    for (k, _) in aliases {
        cx.aliases.remove(k.trim_end_matches('.'));
    }
    // Type aliases of this module (`_t_str_bytes = t.Union[str, bytes]`, `_Any = t.Any`,
    // `type Json = …`) read as what they stand for in every signature, so a signature that
    // spells the type out instead of through the alias is the same signature.
    for stmt in statements(root, src) {
        let (name, value) = match stmt.kind() {
            "expression_statement" => {
                let Some(assign) = stmt.named_child(0).filter(|n| n.kind() == "assignment") else {
                    continue;
                };
                let annotated_alias = assign
                    .child_by_field_name("type")
                    .map(|t| node_text(t, src).rsplit('.').next() == Some("TypeAlias"));
                let (Some(left), Some(right)) = (
                    assign
                        .child_by_field_name("left")
                        .filter(|l| l.kind() == "identifier"),
                    assign.child_by_field_name("right"),
                ) else {
                    continue;
                };
                let names_a_type = match right.kind() {
                    "identifier" | "attribute" => {
                        let t = node_text(right, src);
                        let last = t.rsplit('.').next().unwrap_or(t);
                        last.starts_with(|c: char| c.is_ascii_uppercase())
                            || matches!(
                                last,
                                "tuple" | "type" | "list" | "dict" | "set" | "frozenset"
                            )
                    }
                    _ => cx.is_type_expr(right),
                };
                if annotated_alias == Some(false)
                    || !(annotated_alias == Some(true) || names_a_type)
                {
                    continue;
                }
                (node_text(left, src), right)
            }
            "type_alias_statement" => {
                let (Some(left), Some(right)) = (
                    stmt.child_by_field_name("left"),
                    stmt.child_by_field_name("right"),
                ) else {
                    continue;
                };
                let head = node_text(left, src);
                if head.contains('[') {
                    continue;
                }
                (head, right)
            }
            _ => continue,
        };
        let value = normalize_python_type(node_text(value, src), &cx.aliases);
        if value != name
            && !value
                .split(|c: char| !c.is_alphanumeric() && c != '_')
                .any(|w| w == name)
        {
            m.type_aliases.insert(name.to_string(), value.clone());
            cx.aliases.insert(name.to_string(), value);
        }
    }
    let mut defs = BTreeMap::new();
    cx.block(root, "", false, &mut defs);
    m.defs = defs;
    (m, finding)
}

/// The source files of every root, one per module: a `.pyi` stub wins over the `.py` it
/// types. Test, benchmark, docs and example folders inside a package are skipped unless the
/// root was named explicitly.
fn module_files(roots: &[PyRoot]) -> Vec<(PathBuf, String, bool)> {
    let mut by_module: BTreeMap<String, (PathBuf, bool)> = BTreeMap::new();
    for r in roots {
        let files = if r.path.is_file() {
            let mut v = vec![r.path.clone()];
            // `mod.py` next to `mod.pyi`: the stub types it.
            for ext in ["pyi", "py"] {
                let sib = r.path.with_extension(ext);
                if sib != r.path && sib.is_file() {
                    v.push(sib);
                }
            }
            v
        } else {
            walk(&r.path, &[".py", ".pyi"])
        };
        for f in files {
            if !r.explicit {
                let inner = f.strip_prefix(&r.path).unwrap_or(&f);
                let skipped = inner.parent().is_some_and(|d| {
                    d.components()
                        .any(|c| py_entry::is_not_api_dir(&c.as_os_str().to_string_lossy()))
                });
                if skipped {
                    continue;
                }
            }
            let name = py_entry::module_name(&r.base, &f);
            if name.is_empty() || name.split('.').any(|p| p.contains(['-', ' '])) {
                continue;
            }
            let is_package = f.file_stem().is_some_and(|s| s == "__init__");
            let stub = f.extension().is_some_and(|e| e == "pyi");
            match by_module.get(&name) {
                Some((old, _)) if old.extension().is_some_and(|e| e == "pyi") && !stub => {}
                _ => {
                    by_module.insert(name, (f, is_package));
                }
            }
        }
    }
    by_module
        .into_iter()
        .map(|(name, (f, is_package))| (f, name, is_package))
        .collect()
}

/// A `.pyi` stub types the `.py` module beside it, but only the module decides what exists:
/// a name the stub declares and the module neither defines nor imports is not there at run
/// time (a stub left behind after a removal, `jaraco.functools.call_aside` in 4.0.0), so it
/// is dropped. Signatures still come from the stub. When the module can bind names Accord
/// cannot list (a star import, a module `__getattr__`), or cannot be read, the stub is trusted.
fn without_stale_stub_names(
    m: &mut PyModule,
    path: &Path,
    root: &Path,
    name: &str,
    is_package: bool,
    cache: &Cache,
    options: &Options,
) {
    if path.extension().is_none_or(|e| e != "pyi") {
        return;
    }
    let py = path.with_extension("py");
    if !py.is_file() {
        return;
    }
    let rel = rel_path(root, &py);
    let package = if is_package { "package" } else { "module" };
    let Ok((runtime, _)) = cache.summary(&py, &rel, &[&rel, name, package], options, |text| {
        parse_module(name, is_package, &rel, text)
    }) else {
        return;
    };
    if !runtime.stars.is_empty() || runtime.defs.contains_key("__getattr__") {
        return;
    }
    for n in m.defs.keys() {
        let def = match runtime.defs.get(n).and_then(|v| v.first()) {
            Some(sym) => Some(RuntimeDef::Here(Box::new(sym.clone()))),
            None => runtime
                .imports
                .get(n)
                .and_then(|(from, orig)| Some(RuntimeDef::Imported(from.clone(), orig.clone()?))),
        };
        if let Some(def) = def {
            m.runtime.insert(n.clone(), def);
        }
    }
    m.defs.retain(|n, _| {
        runtime.defs.contains_key(n)
            || runtime.imports.contains_key(n)
            || runtime.reexports.contains(n)
    });
}

/// A stub may list as positional what the run-time function only takes through `**kwargs`
/// (attrs' `make_class(name, attrs, bases, **attributes_arguments)`, typed with every option
/// spelled out): those parameters are keyword-only to every working call, so they are read
/// as keyword-only, and inserting one among them shifts nothing.
fn keyword_only_at_run_time(modules: &mut BTreeMap<String, PyModule>) {
    let mut updates: Vec<(String, String, Vec<String>)> = Vec::new();
    for m in modules.values() {
        for (n, def) in &m.runtime {
            let sym = match def {
                RuntimeDef::Here(s) => Some(&**s),
                RuntimeDef::Imported(from, orig) => modules
                    .get(from)
                    .and_then(|x| x.defs.get(orig))
                    .and_then(|v| v.first()),
            };
            let Some(sym) = sym.filter(|s| s.kind.is_callable()) else {
                continue;
            };
            let has = |k: ParamKind| sym.params.iter().any(|p| p.kind == k);
            if !has(ParamKind::VariadicKeyword) || has(ParamKind::Variadic) {
                continue;
            }
            let positional: Vec<String> = sym
                .params
                .iter()
                .filter(|p| p.kind.takes_position())
                .map(|p| p.name.clone())
                .collect();
            updates.push((m.name.clone(), n.clone(), positional));
        }
    }
    for (module, name, positional) in updates {
        let Some(syms) = modules.get_mut(&module).and_then(|m| m.defs.get_mut(&name)) else {
            continue;
        };
        for s in syms.iter_mut().filter(|s| s.kind.is_callable()) {
            for p in s.params.iter_mut() {
                if p.kind == ParamKind::PositionalOrKeyword && !positional.contains(&p.name) {
                    p.kind = ParamKind::Keyword;
                }
            }
        }
    }
}

impl Extractor for PythonExtractor {
    fn language(&self) -> Language {
        Language::Python
    }

    fn extract(&self, root: &Path, options: &Options) -> Result<Extraction, SurfaceError> {
        let (roots, tried) = py_entry::resolve(root, &options.entries);
        let tried = tried.join(", ");
        if roots.is_empty() {
            return Err(SurfaceError::NoEntry {
                path: root.to_path_buf(),
                what: format!(
                    "no Python package or module; tried {tried}; name one with --entry or `entry` in [packs.NAME.code]"
                ),
            });
        }
        let config = py_entry::read_pyproject(root);
        let top_names: Vec<String> = roots.iter().map(PyRoot::module_name).collect();
        let mut surface = Surface::new(
            Language::Python,
            config.name.clone().unwrap_or_else(|| top_names.join(",")),
        );
        surface.version = config.version.clone();
        let files = module_files(&roots);
        let cache = Cache::open(options, root, "python");
        // What the extraction reads besides the module files, for the whole-package entry:
        // the `.py` module beside each stub (it decides which stub names exist), and the
        // entry resolution and project metadata (through their results, whatever decided them).
        let mut read_files: Vec<PathBuf> = files.iter().map(|(p, _, _)| p.clone()).collect();
        read_files.extend(
            files
                .iter()
                .filter(|(p, _, _)| p.extension().is_some_and(|e| e == "pyi"))
                .map(|(p, _, _)| p.with_extension("py"))
                .filter(|p| p.is_file()),
        );
        let described = format!(
            "{roots:?}\n{config:?}\n{:?}\n{:?}",
            options.entries, options.confine_to
        );
        let inputs: [&[u8]; 1] = [described.as_bytes()];
        if let Some((surface, findings)) = cache.package(root, &read_files, &inputs, options) {
            return Ok(Extraction {
                surface,
                findings,
                stats: cache.finish(files.len()),
            });
        }
        let results: Vec<(Option<PyModule>, Option<Finding>)> = files
            .par_iter()
            .map(|(path, name, is_package)| {
                let rel = rel_path(root, path);
                let package = if *is_package { "package" } else { "module" };
                let summary = cache.summary(path, &rel, &[&rel, name, package], options, |text| {
                    parse_module(name, *is_package, &rel, text)
                });
                match summary {
                    Ok((mut m, f)) => {
                        without_stale_stub_names(
                            &mut m,
                            path,
                            root,
                            name,
                            *is_package,
                            &cache,
                            options,
                        );
                        (Some(m), f)
                    }
                    Err(f) => (None, Some(*f)),
                }
            })
            .collect();
        let mut findings = Vec::new();
        let mut modules: BTreeMap<String, PyModule> = BTreeMap::new();
        for (m, f) in results {
            findings.extend(f);
            if let Some(m) = m {
                modules.insert(m.name.clone(), m);
            }
        }
        resolve_imported_aliases(&mut modules);
        keyword_only_at_run_time(&mut modules);
        let in_package = |module: &str| {
            top_names
                .iter()
                .any(|t| module == t || module.starts_with(&format!("{t}.")))
        };
        let mut symbols = Vec::new();
        let mut restricted = Vec::new();
        for m in modules.values() {
            let private_module = m.name.split('.').any(|s| s.starts_with('_'));
            if private_module {
                continue;
            }
            if !top_names.contains(&m.name) {
                let span = SourceSpan {
                    path: String::new(),
                    line: 0,
                    col: 0,
                };
                symbols.push(Symbol::new(m.name.clone(), SymbolKind::Module, span));
            }
            let exported: Vec<String> = match &m.all {
                Some(all) => all.clone(),
                None => {
                    let mut v: Vec<String> = m
                        .defs
                        .keys()
                        .filter(|n| !n.starts_with('_'))
                        .cloned()
                        .collect();
                    v.extend(m.reexports.iter().filter(|n| !n.starts_with('_')).cloned());
                    // Star imports from inside the package re-export what they bring in.
                    for star in m.stars.iter().filter(|s| in_package(s)) {
                        v.extend(star_names(&modules, star, 0));
                    }
                    v.sort();
                    v.dedup();
                    v
                }
            };
            for name in m.defs.keys() {
                if !exported.contains(name) && name != "__getattr__" {
                    restricted.push(format!("{}.{name}", m.name));
                }
            }
            // A module `__getattr__` is API: it makes the names it dispatches on reachable
            // (lazy submodules or attributes), listed in its value.
            if let Some(getattr) = m.defs.get("__getattr__").and_then(|v| v.first()) {
                let mut s = getattr.clone();
                s.path = format!("{}.__getattr__", m.name);
                if let (Some(v), Some(all)) = (&s.value, &m.all) {
                    s.value = Some(v.replace("__all__", &format!("__all__ ({})", all.join(", "))));
                }
                symbols.push(s);
            }
            for name in exported {
                if let Some((home, syms)) = lookup(&modules, &m.name, &name, 0) {
                    let public = format!("{}.{name}", m.name);
                    for s in syms {
                        let mut s = s.clone();
                        s.path = format!("{}.{}", m.name, rebase(&s.path, &name));
                        symbols.push(s);
                    }
                    if let Some(class) = syms.first().filter(|c| is_class(c.kind)) {
                        inherited(&modules, home, class, &public, syms, &mut symbols);
                    }
                }
            }
        }
        surface.symbols = symbols;
        surface.restricted = restricted;
        if !surface.symbols.iter().any(|s| s.kind != SymbolKind::Module) {
            let shown: Vec<String> = roots.iter().map(|r| rel_path(root, &r.path)).collect();
            return Err(SurfaceError::NoEntry {
                path: root.to_path_buf(),
                what: format!(
                    "{} resolved to 0 public symbols in {} module file(s) (tried {tried}); a wrong folder or a package that only assembles its API at run time? name the package with --entry or `entry` in [packs.NAME.code]",
                    shown.join(", "),
                    files.len()
                ),
            });
        }
        // Sorted here, so the stored entry needs no sorting when it is read back.
        surface.sort();
        crate::sort_findings(&mut findings);
        cache.store_package(root, &read_files, &inputs, &surface, &findings);
        Ok(Extraction {
            surface,
            findings,
            stats: cache.finish(files.len()),
        })
    }
}

/// Type aliases imported from another module of the package (`from . import _ConverterType`,
/// common between `.pyi` stubs) read as what they stand for, as local ones already do.
fn resolve_imported_aliases(modules: &mut BTreeMap<String, PyModule>) {
    let maps: Vec<(String, BTreeMap<String, String>)> = modules
        .values()
        .filter_map(|m| {
            let map: BTreeMap<String, String> = m
                .imports
                .iter()
                .filter(|(local, _)| !m.type_aliases.contains_key(*local))
                .filter_map(|(local, (from, orig))| {
                    let value = modules.get(from)?.type_aliases.get(orig.as_deref()?)?;
                    Some((local.clone(), value.clone()))
                })
                .collect();
            (!map.is_empty()).then(|| (m.name.clone(), map))
        })
        .collect();
    for (name, map) in maps {
        let Some(m) = modules.get_mut(&name) else {
            continue;
        };
        let fix = |t: &mut Option<String>| {
            if let Some(text) = t.as_mut() {
                *text = normalize_python_type(text, &map);
            }
        };
        for s in m.defs.values_mut().flatten() {
            fix(&mut s.ty);
            fix(&mut s.returns);
            for p in &mut s.params {
                fix(&mut p.ty);
            }
        }
    }
}

/// `Orig.method` renamed to `Alias.method`.
fn rebase(path: &str, alias: &str) -> String {
    match path.split_once('.') {
        Some((_, rest)) => format!("{alias}.{rest}"),
        None => match path.split_once('#') {
            Some((_, n)) => format!("{alias}#{n}"),
            None => alias.to_string(),
        },
    }
}

fn lookup<'m>(
    modules: &'m BTreeMap<String, PyModule>,
    module: &str,
    name: &str,
    depth: usize,
) -> Option<(&'m str, &'m Vec<Symbol>)> {
    lookup_in(modules, module, name, depth, &mut BTreeSet::new())
}

/// [`lookup`], never searching one module for one name twice: star imports of a module by
/// itself or in a cycle, repeated a few times, made the search exponential (found by
/// fuzzing: 2 KB of Python took a minute). Returns the defining module too.
fn lookup_in<'m>(
    modules: &'m BTreeMap<String, PyModule>,
    module: &str,
    name: &str,
    depth: usize,
    seen: &mut BTreeSet<(String, String)>,
) -> Option<(&'m str, &'m Vec<Symbol>)> {
    if depth > 16 || !seen.insert((module.to_string(), name.to_string())) {
        return None;
    }
    let m = modules.get(module)?;
    if let Some(d) = m.defs.get(name) {
        return Some((m.name.as_str(), d));
    }
    if let Some((from, orig)) = m.imports.get(name) {
        let orig = orig.as_deref().unwrap_or(name);
        return lookup_in(modules, from, orig, depth + 1, seen);
    }
    // Later star imports shadow earlier ones, as at run time.
    m.stars
        .iter()
        .rev()
        .filter(|star| {
            star_names(modules, star, depth + 1)
                .iter()
                .any(|n| n == name)
        })
        .find_map(|star| lookup_in(modules, star, name, depth + 1, seen))
}

fn is_class(kind: SymbolKind) -> bool {
    matches!(
        kind,
        SymbolKind::Class | SymbolKind::Interface | SymbolKind::Enum
    )
}

/// The base classes written in a class statement, without keyword arguments
/// (`metaclass=…`) or subscripts (`Generic[T]` → `Generic`).
fn base_names(class: &Symbol) -> Vec<String> {
    class
        .ty
        .as_deref()
        .map(|t| {
            crate::normalize::split_top(t, ',')
                .into_iter()
                .filter(|b| !b.contains('='))
                .map(|b| b.split('[').next().unwrap_or(&b).trim().to_string())
                .filter(|b| !b.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

/// A base class named in module `home`: a name defined or imported there, or
/// `module.Name` through an imported module.
fn resolve_base<'m>(
    modules: &'m BTreeMap<String, PyModule>,
    home: &str,
    base: &str,
    class: &Symbol,
) -> Option<(&'m str, &'m Vec<Symbol>)> {
    match lookup(modules, home, base, 0) {
        // Class texts are written with import aliases resolved (`SansioBlueprint` →
        // `Blueprint`), so `class Blueprint(SansioBlueprint)` names itself: the base is the
        // name imported under an alias.
        Some((h, syms)) if h == home && syms.first().is_some_and(|c| c.path == class.path) => {
            let m = modules.get(home)?;
            return m.imports.values().find_map(|(from, orig)| {
                (orig.as_deref() == Some(base))
                    .then(|| lookup(modules, from, base, 0))
                    .flatten()
            });
        }
        Some(found) => return Some(found),
        None => {}
    }
    let (qualifier, name) = base.rsplit_once('.')?;
    let m = modules.get(home)?;
    let module = match m.imports.get(qualifier) {
        Some((from, Some(orig))) => format!("{from}.{orig}"),
        Some((from, None)) => from.clone(),
        None => qualifier.to_string(),
    };
    lookup(modules, &module, name, 0)
}

/// Adds to `out` the members that the class `public` (defined in `home` as `syms`) inherits
/// from base classes defined in the package and does not override: users call them on it,
/// so a member moved into a new base class is not removed.
fn inherited(
    modules: &BTreeMap<String, PyModule>,
    home: &str,
    class: &Symbol,
    public: &str,
    syms: &[Symbol],
    out: &mut Vec<Symbol>,
) {
    let mut have: BTreeSet<String> = syms
        .iter()
        .skip(1)
        .map(|s| member_suffix(&s.path).to_string())
        .collect();
    let mut seen = BTreeSet::new();
    let mut queue: Vec<(String, String, usize, Symbol)> = base_names(class)
        .into_iter()
        .map(|b| (home.to_string(), b, 0, class.clone()))
        .collect();
    queue.reverse();
    while let Some((module, base, depth, current)) = queue.pop() {
        if depth > 8 || !seen.insert((module.clone(), base.clone())) {
            continue;
        }
        let Some((base_home, base_syms)) = resolve_base(modules, &module, &base, &current) else {
            continue;
        };
        let Some(base_class) = base_syms.first().filter(|c| is_class(c.kind)) else {
            continue;
        };
        for m in base_syms.iter().skip(1) {
            let suffix = member_suffix(&m.path).to_string();
            let name = suffix.split('#').next().unwrap_or(&suffix).to_string();
            // An override (any overload of the name) hides every base signature.
            if have.contains(&suffix)
                || have
                    .iter()
                    .any(|h| h.split('#').next() == Some(name.as_str()) && h != &suffix)
            {
                continue;
            }
            have.insert(suffix.clone());
            let mut s = m.clone();
            s.path = format!("{public}.{suffix}");
            out.push(s);
        }
        let mut next: Vec<(String, String, usize, Symbol)> = base_names(base_class)
            .into_iter()
            .map(|b| (base_home.to_string(), b, depth + 1, base_class.clone()))
            .collect();
        next.reverse();
        queue.extend(next);
    }
}

/// `Class.member#2` → `member#2`.
fn member_suffix(path: &str) -> &str {
    path.split_once('.').map_or(path, |(_, rest)| rest)
}

/// The names `from module import *` binds: its `__all__`, else its public definitions,
/// imports and (recursively) star imports. Empty for modules outside the package.
fn star_names(modules: &BTreeMap<String, PyModule>, module: &str, depth: usize) -> Vec<String> {
    let mut v = Vec::new();
    star_names_in(modules, module, depth, &mut BTreeSet::new(), &mut v);
    v.sort();
    v.dedup();
    v
}

/// Adds the names of [`star_names`] to `out`, expanding each module once (see [`lookup_in`]).
fn star_names_in(
    modules: &BTreeMap<String, PyModule>,
    module: &str,
    depth: usize,
    expanded: &mut BTreeSet<String>,
    out: &mut Vec<String>,
) {
    let Some(m) = modules.get(module).filter(|_| depth <= 16) else {
        return;
    };
    if !expanded.insert(module.to_string()) {
        return;
    }
    if let Some(all) = &m.all {
        out.extend(all.iter().cloned());
        return;
    }
    out.extend(
        m.defs
            .keys()
            .chain(m.imports.keys())
            .filter(|n| !n.starts_with('_'))
            .cloned(),
    );
    for star in &m.stars {
        star_names_in(modules, star, depth + 1, expanded, out);
    }
}
