//! Python: module-level public names (respecting `__all__`), package `__init__.py`
//! re-exports, classes and their methods, read with ruff's Python parser. Nothing is
//! imported or executed.

use crate::cache::{Cache, Changed, Codec, Package};
use crate::normalize::{doc_hash, doc_section, normalize_python_type};
use crate::py_entry::{self, PyRoot};
use crate::{Extraction, Extractor, Options, SurfaceError, rel_path, rules, walk};
use accord_model::surface::{
    Generic, Language, Param, ParamKind, SourceSpan, Surface, Symbol, SymbolKind,
};
use accord_model::{Finding, Location};
use rayon::prelude::*;
use ruff_python_ast::token::{Token, TokenKind};
use ruff_python_ast::visitor::source_order::{SourceOrderVisitor, TraversalSignal};
use ruff_python_ast::{
    self as ast, AnyNodeRef, Arguments, Decorator, ExceptHandler, Expr, Mod, Operator, Parameter,
    ParameterWithDefault, Parameters, Stmt, StmtFunctionDef, StmtImportFrom, StmtTypeAlias,
};
use ruff_python_parser::{Mode, ParseError, ParseOptions, Parsed};
use ruff_text_size::{Ranged, TextRange, TextSize};
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// The Python extractor.
pub(crate) struct PythonExtractor;

mod patch;

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
    tokens: &'a [Token],
    /// Byte offset of the start of each line.
    lines: Vec<usize>,
    aliases: BTreeMap<String, String>,
    /// Names bound at module level to `TypeVar(…)`, `ParamSpec(…)` or `TypeVarTuple(…)`.
    type_vars: BTreeSet<String>,
    /// Types normalised so far, once `aliases` is complete: a module spells the same few
    /// annotations over and over.
    normalized: RefCell<foldhash::HashMap<String, String>>,
}

/// An expression with the parentheses written around it: the AST drops them, but the text
/// read into the surface and the shapes recognised (`("doc")` is no docstring) keep them.
#[derive(Clone, Copy)]
struct Wrapped<'e> {
    expr: &'e Expr,
    /// The expression's text range, parentheses included.
    range: TextRange,
    /// Pairs of parentheses around it.
    parens: usize,
}

impl<'e> Wrapped<'e> {
    /// The expression itself when it is written without parentheses.
    fn bare(self) -> Option<&'e Expr> {
        (self.parens == 0).then_some(self.expr)
    }
}

/// A string written as one literal (`"x"`, `b"x"`, `f"x"`), not implicitly concatenated.
fn is_one_string(e: &Expr) -> bool {
    match e {
        Expr::StringLiteral(s) => !s.value.is_implicit_concatenated(),
        Expr::BytesLiteral(s) => !s.value.is_implicit_concatenated(),
        Expr::FString(s) => !s.value.is_implicit_concatenated(),
        Expr::TString(s) => !s.value.is_implicit_concatenated(),
        _ => false,
    }
}

/// The literals of an implicitly concatenated string (`"a" "b"`), each with its range.
fn string_parts(e: &Expr) -> Vec<TextRange> {
    match e {
        Expr::StringLiteral(s) if s.value.is_implicit_concatenated() => {
            s.value.iter().map(Ranged::range).collect()
        }
        Expr::BytesLiteral(s) if s.value.is_implicit_concatenated() => {
            s.value.iter().map(Ranged::range).collect()
        }
        Expr::FString(s) if s.value.is_implicit_concatenated() => {
            s.value.iter().map(Ranged::range).collect()
        }
        Expr::TString(s) if s.value.is_implicit_concatenated() => {
            s.value.iter().map(Ranged::range).collect()
        }
        _ => Vec::new(),
    }
}

/// The nodes directly under `node`, in source order.
fn children(node: AnyNodeRef<'_>) -> Vec<AnyNodeRef<'_>> {
    struct Collect<'a>(Vec<AnyNodeRef<'a>>);
    impl<'a> SourceOrderVisitor<'a> for Collect<'a> {
        fn enter_node(&mut self, node: AnyNodeRef<'a>) -> TraversalSignal {
            self.0.push(node);
            TraversalSignal::Skip
        }
    }
    let mut c = Collect(Vec::new());
    node.visit_source_order(&mut c);
    c.0
}

/// Words of `text` (runs of letters, digits and `_`).
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
}

impl<'a> Cx<'a> {
    fn slice(&self, r: TextRange) -> &'a str {
        self.src.get(r.to_std_range()).unwrap_or("")
    }

    /// `e` with the parentheses around it that end before `limit` (the end of the node
    /// holding it, so a call's own parentheses are not taken for the argument's).
    fn wrap<'e>(&self, e: &'e Expr, limit: TextSize) -> Wrapped<'e> {
        let t = self.tokens;
        let mut range = e.range();
        let mut parens = 0;
        let mut after = t.partition_point(|k| k.start() < range.end());
        let mut before = t.partition_point(|k| k.start() < range.start());
        loop {
            let mut i = after;
            while t.get(i).is_some_and(|k| k.kind().is_trivia()) {
                i += 1;
            }
            let Some(close) = t
                .get(i)
                .filter(|k| k.kind() == TokenKind::Rpar && k.end() <= limit)
            else {
                break;
            };
            let mut j = before;
            while j > 0 && t[j - 1].kind().is_trivia() {
                j -= 1;
            }
            if j == 0 || t[j - 1].kind() != TokenKind::Lpar {
                break;
            }
            range = TextRange::new(t[j - 1].start(), close.end());
            parens += 1;
            after = i + 1;
            before = j - 1;
        }
        Wrapped {
            expr: e,
            range,
            parens,
        }
    }

    /// Text of `e` with its parentheses.
    fn text(&self, e: &Expr, limit: TextSize) -> &'a str {
        self.slice(self.wrap(e, limit).range)
    }

    fn span(&self, at: TextSize) -> SourceSpan {
        let at = at.to_usize().min(self.src.len());
        let line = self.lines.partition_point(|&s| s <= at).max(1) - 1;
        let line_start = self.lines.get(line).copied().unwrap_or(0);
        let col = self
            .src
            .get(line_start..at)
            .map_or(0, |s| s.chars().count());
        SourceSpan {
            path: self.rel.to_string(),
            line: line as u32 + 1,
            col: col as u32 + 1,
        }
    }

    fn ty(&self, e: Option<&Expr>, limit: TextSize) -> Option<String> {
        e.map(|e| self.normalize(&without_comments(self.text(e, limit))))
    }

    /// [`normalize_python_type`] with this module's aliases, which must be complete.
    fn normalize(&self, text: &str) -> String {
        if let Some(done) = self.normalized.borrow().get(text) {
            return done.clone();
        }
        let done = normalize_python_type(text, &self.aliases);
        self.normalized
            .borrow_mut()
            .insert(text.to_string(), done.clone());
        done
    }

    fn docstring(&self, body: &[Stmt]) -> String {
        let Some(Stmt::Expr(first)) = body.first() else {
            return String::new();
        };
        match self.wrap(&first.value, first.end()).bare() {
            Some(s) if is_one_string(s) => {
                let t = self.slice(s.range());
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

    /// Each decorator as written after its `@`, with a comment ending its line (as the
    /// surfaces recorded so far have it).
    fn decorators(&self, list: &[Decorator]) -> Vec<String> {
        let t = self.tokens;
        list.iter()
            .map(|d| {
                let mut end = d.end();
                let mut i = t.partition_point(|k| k.start() < end);
                while let Some(k) = t.get(i).filter(|k| k.kind() == TokenKind::Comment) {
                    end = k.end();
                    i += 1;
                }
                self.slice(TextRange::new(d.start(), end))
                    .trim_start_matches('@')
                    .trim()
                    .to_string()
            })
            .collect()
    }

    fn function(
        &self,
        path: String,
        def: &StmtFunctionDef,
        decorators: &[String],
        in_class: bool,
    ) -> Symbol {
        let kind = if in_class {
            SymbolKind::Method
        } else {
            SymbolKind::Function
        };
        let mut s = Symbol::new(path, kind, self.span(def.name.start()));
        s.is_async = def.is_async;
        s.returns = self.ty(def.returns.as_deref(), def.end());
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
        s.params = self.params(&def.parameters, in_class && !is_static);
        if s.stability.deprecated.is_none() {
            s.stability.deprecated = self.warns_deprecation(&def.body, &s.params);
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
        let doc = self.docstring(&def.body);
        self.apply_doc(&mut s, &doc);
        s
    }

    /// `*args` / `**kwargs` as written from the star to the name (the name alone is what
    /// the AST keeps).
    fn splat_name(&self, p: &Parameter) -> String {
        let t = self.tokens;
        let mut i = t.partition_point(|k| k.start() < p.name.start());
        while i > 0 && t[i - 1].kind().is_trivia() {
            i -= 1;
        }
        let from = t
            .get(i.wrapping_sub(1))
            .filter(|k| matches!(k.kind(), TokenKind::Star | TokenKind::DoubleStar))
            .map_or(p.name.start(), Ranged::start);
        self.slice(TextRange::new(from, p.name.end()))
            .trim_start_matches('*')
            .to_string()
    }

    fn params(&self, params: &Parameters, method: bool) -> Vec<Param> {
        enum Item<'p> {
            One(&'p ParameterWithDefault),
            Splat(&'p Parameter, ParamKind),
            KeywordSeparator,
            PositionalSeparator,
        }
        let mut items: Vec<Item<'_>> = params.posonlyargs.iter().map(Item::One).collect();
        if !params.posonlyargs.is_empty() {
            items.push(Item::PositionalSeparator);
        }
        items.extend(params.args.iter().map(Item::One));
        match &params.vararg {
            Some(v) => items.push(Item::Splat(v, ParamKind::Variadic)),
            None if !params.kwonlyargs.is_empty() => items.push(Item::KeywordSeparator),
            None => {}
        }
        items.extend(params.kwonlyargs.iter().map(Item::One));
        if let Some(k) = &params.kwarg {
            items.push(Item::Splat(k, ParamKind::VariadicKeyword));
        }
        let limit = params.end();
        let mut out: Vec<Param> = Vec::new();
        let mut keyword_only = false;
        for item in items {
            let (name, ty, default, splat) = match item {
                Item::One(p) => (
                    p.parameter.name.as_str().to_string(),
                    self.ty(p.parameter.annotation.as_deref(), limit),
                    p.default.as_deref().map(|v| {
                        self.text(v, limit)
                            .split_whitespace()
                            .collect::<Vec<_>>()
                            .join(" ")
                    }),
                    None,
                ),
                Item::Splat(p, kind) => (
                    self.splat_name(p),
                    self.ty(p.annotation.as_deref(), limit),
                    None,
                    Some(kind),
                ),
                Item::KeywordSeparator => {
                    keyword_only = true;
                    continue;
                }
                Item::PositionalSeparator => {
                    for q in out.iter_mut() {
                        if q.kind == ParamKind::PositionalOrKeyword {
                            q.kind = ParamKind::Positional;
                        }
                    }
                    continue;
                }
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
        assign: &Assignment<'_>,
        prefix: &str,
        in_class: bool,
        defs: &mut BTreeMap<String, Vec<Symbol>>,
    ) {
        let limit = assign.end;
        let value = assign.value.map(|v| self.wrap(v, limit));
        let annotation = assign.annotation;
        let targets: Vec<Wrapped<'_>> =
            assign.targets.iter().map(|t| self.wrap(t, limit)).collect();
        // A parenthesised target is a one-element tuple pattern to the grammar read so far.
        let unpacked = targets
            .iter()
            .any(|t| t.parens > 0 || matches!(t.expr, Expr::Tuple(_) | Expr::List(_)));
        for target in targets {
            let mut names = Vec::new();
            let mut stack = vec![target];
            while let Some(n) = stack.pop() {
                if n.parens > 0 {
                    stack.push(Wrapped {
                        parens: 0,
                        range: n.expr.range(),
                        ..n
                    });
                    continue;
                }
                match n.expr {
                    Expr::Name(name) => names.push(name),
                    Expr::Tuple(ast::ExprTuple { elts, .. })
                    | Expr::List(ast::ExprList { elts, .. }) => {
                        let end = n.expr.end();
                        stack.extend(elts.iter().rev().map(|e| self.wrap(e, end)));
                    }
                    _ => {}
                }
            }
            for left in names {
                let name = left.id.as_str().to_string();
                if name.starts_with("__") && name.ends_with("__") {
                    continue;
                }
                // `as_sqlite = pipes_concat_sql` in a class body binds a method defined above
                // under a second name: it is called like that method, so it is that method.
                let bound_method = value
                    .and_then(Wrapped::bare)
                    .filter(|_| in_class && !unpacked && annotation.is_none())
                    .and_then(|v| match v {
                        Expr::Name(n) => defs.get(n.id.as_str()),
                        _ => None,
                    })
                    .and_then(|syms| syms.first())
                    .filter(|m| m.kind.is_callable() && !m.stability.overload)
                    .cloned();
                if let Some(mut m) = bound_method {
                    m.path = format!("{prefix}{name}");
                    m.span = self.span(left.start());
                    defs.insert(name, vec![m]);
                    continue;
                }
                let annotated = annotation.map(|t| self.text(t, limit).trim().to_string());
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
                let mut s = Symbol::new(format!("{prefix}{name}"), kind, self.span(left.start()));
                if alias {
                    s.ty = value.map(|v| self.normalize(&without_comments(self.slice(v.range))));
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
                    s.ty = self.ty(annotation, limit);
                    s.optional = value.is_some();
                    // Only module attributes carry a value: what a class attribute holds is
                    // more often configuration of the class than a promise to callers.
                    if !in_class && !unpacked {
                        s.value =
                            value.map(|v| shown_value(&without_comments(self.slice(v.range))));
                    }
                }
                defs.insert(name, vec![s]);
            }
        }
    }

    /// True for a value that spells a type: a subscripted generic (`dict[str, T]`,
    /// `Callable[..., T]`, `Optional[X]`) or a `|` union of such.
    fn is_type_expr(&self, v: Wrapped<'_>) -> bool {
        match v.bare() {
            Some(Expr::BinOp(op)) if op.op == Operator::BitOr => {}
            _ => return self.is_generic(v),
        }
        // `A | B | …` where every member is a type: a subscript, a type variable, a class
        // name or `None` (`_OptT = _T | None`). Iterative: a union can be long.
        let mut stack = vec![v];
        while let Some(n) = stack.pop() {
            let ok = match n.bare() {
                Some(Expr::BinOp(op)) if op.op == Operator::BitOr => {
                    stack.push(self.wrap(&op.right, op.end()));
                    stack.push(self.wrap(&op.left, op.end()));
                    true
                }
                Some(Expr::Name(name)) => {
                    let t = name.id.as_str();
                    self.type_vars.contains(t)
                        || t.trim_start_matches('_')
                            .starts_with(|c: char| c.is_ascii_uppercase())
                }
                Some(Expr::NoneLiteral(_)) => true,
                _ => self.is_generic(n),
            };
            if !ok {
                return false;
            }
        }
        true
    }

    /// A subscripted generic: `dict[str, T]`, `Callable[..., T]`, `Optional[X]`.
    fn is_generic(&self, v: Wrapped<'_>) -> bool {
        let Some(Expr::Subscript(sub)) = v.bare() else {
            return false;
        };
        let h = self.text(&sub.value, sub.end());
        let last = h.rsplit('.').next().unwrap_or(h);
        last.starts_with(|c: char| c.is_ascii_uppercase())
            || matches!(
                last,
                "dict" | "list" | "tuple" | "set" | "frozenset" | "type"
            )
    }

    /// A deprecation raised in the body: a `warn(…, DeprecationWarning)` (or
    /// `PendingDeprecationWarning`) call. Under an `if` naming a parameter it deprecates that
    /// parameter (`if app: warnings.warn(…)`), otherwise the function. Nested functions and
    /// classes are their own business (their decorators are not).
    fn warns_deprecation(&self, body: &[Stmt], params: &[Param]) -> Option<String> {
        // Both warning names contain this, so a body without it has no such call.
        let (first, last) = (body.first()?, body.last()?);
        if !self
            .slice(TextRange::new(first.start(), last.end().max(first.start())))
            .contains("DeprecationWarning")
        {
            return None;
        }
        // Each visited node with the index of its parent entry and, for an `if`, its
        // condition; searched last child first, so the call found is the one found so far.
        let mut seen: Vec<(Option<usize>, Option<TextRange>)> = Vec::new();
        let mut stack: Vec<(AnyNodeRef<'_>, Option<usize>)> =
            body.iter().map(|s| (AnyNodeRef::from(s), None)).collect();
        while let Some((n, parent)) = stack.pop() {
            let kids = match n {
                AnyNodeRef::StmtFunctionDef(f) => {
                    f.decorator_list.iter().map(AnyNodeRef::from).collect()
                }
                AnyNodeRef::StmtClassDef(c) => {
                    c.decorator_list.iter().map(AnyNodeRef::from).collect()
                }
                AnyNodeRef::ExprLambda(_) => Vec::new(),
                _ => children(n),
            };
            if let AnyNodeRef::ExprCall(call) = n {
                let f = self.text(&call.func, call.end());
                let args = self.slice(call.arguments.range());
                if f.rsplit('.').next() == Some("warn")
                    && words(args)
                        .any(|w| matches!(w, "DeprecationWarning" | "PendingDeprecationWarning"))
                {
                    return Some(
                        self.deprecated_param(&seen, parent, params)
                            .unwrap_or_default(),
                    );
                }
            }
            let condition = match n {
                AnyNodeRef::StmtIf(s) => Some(s.test.range()),
                _ => None,
            };
            seen.push((parent, condition));
            let me = seen.len() - 1;
            stack.extend(kids.into_iter().map(|k| (k, Some(me))));
        }
        None
    }

    /// The note for a deprecation warning raised under an `if` that names a parameter:
    /// the innermost such `if` (for an `elif`, the condition of its first branch).
    fn deprecated_param(
        &self,
        seen: &[(Option<usize>, Option<TextRange>)],
        mut cur: Option<usize>,
        params: &[Param],
    ) -> Option<String> {
        while let Some((parent, condition)) = cur.and_then(|i| seen.get(i)) {
            if let Some(cond) = condition {
                let cond = self.slice(*cond);
                let named = params
                    .iter()
                    .find(|p| p.kind != ParamKind::Receiver && words(cond).any(|w| w == p.name));
                if let Some(p) = named {
                    return Some(format!("parameter `{}`", p.name));
                }
            }
            cur = *parent;
        }
        None
    }

    /// What a module `__getattr__` (PEP 562) makes reachable: the names it compares its
    /// argument with (`name == "x"`, `name in ("x", "y")`, `name in __all__`) or looks up in a
    /// literal dict; anything else is said to be unknown rather than guessed.
    fn lazy_names(&self, def: &StmtFunctionDef) -> String {
        let mut names = Vec::new();
        let mut stack: Vec<AnyNodeRef<'_>> = def.body.iter().map(AnyNodeRef::from).collect();
        while let Some(n) = stack.pop() {
            let literals: Vec<Wrapped<'_>> = match n {
                AnyNodeRef::ExprCompare(c) => std::iter::once(&*c.left)
                    .chain(c.comparators.iter())
                    .map(|e| self.wrap(e, c.end()))
                    .collect(),
                AnyNodeRef::ExprDict(d) => d
                    .items
                    .iter()
                    .filter_map(|i| i.key.as_ref())
                    .map(|k| self.wrap(k, d.end()))
                    .collect(),
                _ => Vec::new(),
            };
            let dict = matches!(n, AnyNodeRef::ExprDict(_));
            for ch in literals {
                let Some(e) = ch.bare() else {
                    continue;
                };
                let mut strings: Vec<&Expr> = Vec::new();
                match e {
                    Expr::Name(name) if !dict && name.id.as_str() == "__all__" => {
                        names.push("__all__".to_string());
                    }
                    e if is_one_string(e) => strings.push(e),
                    Expr::Tuple(ast::ExprTuple { elts, .. })
                    | Expr::List(ast::ExprList { elts, .. })
                    | Expr::Set(ast::ExprSet { elts, .. })
                        if !dict =>
                    {
                        let end = e.end();
                        strings.extend(
                            elts.iter()
                                .filter_map(|x| self.wrap(x, end).bare())
                                .filter(|x| is_one_string(x)),
                        );
                    }
                    _ => {}
                }
                for st in strings {
                    names.push(self.slice(st.range()).trim_matches(['"', '\'']).to_string());
                }
            }
            stack.extend(children(n));
        }
        names.sort();
        names.dedup();
        if names.is_empty() {
            "dispatches on names Accord cannot list (no literal comparison or dict)".to_string()
        } else {
            format!("dispatches on: {}", names.join(", "))
        }
    }

    /// The module's type variables used in `v`, in order of first use (how an implicit
    /// generic alias numbers its parameters).
    fn type_vars_in(&self, v: Option<Wrapped<'_>>) -> Vec<String> {
        let Some(v) = v else {
            return Vec::new();
        };
        let mut out: Vec<String> = Vec::new();
        for word in words(self.slice(v.range)) {
            if self.type_vars.contains(word) && !out.iter().any(|w| w == word) {
                out.push(word.to_string());
            }
        }
        out
    }

    /// Definitions of a block (module body or class body).
    fn block(
        &self,
        body: &[Stmt],
        prefix: &str,
        in_class: bool,
        defs: &mut BTreeMap<String, Vec<Symbol>>,
    ) {
        self.block_at(body, prefix, in_class, defs, 0);
    }

    /// [`Cx::block`] for a class nested `nesting` deep: no deeper than CPython indents
    /// (100 levels), so recursion stays bounded.
    fn block_at(
        &self,
        body: &[Stmt],
        prefix: &str,
        in_class: bool,
        defs: &mut BTreeMap<String, Vec<Symbol>>,
        nesting: usize,
    ) {
        let mut overloads: BTreeMap<String, usize> = BTreeMap::new();
        for (stmt, versioned) in self.statements(body) {
            match stmt {
                Stmt::FunctionDef(def) => {
                    let name = def.name.as_str().to_string();
                    if name.is_empty() {
                        continue;
                    }
                    let decos = self.decorators(&def.decorator_list);
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
                        if versioned && let Some(other) = defs.get(&name).and_then(|v| v.first()) {
                            merge_version_branches(&mut s, other);
                        }
                        defs.insert(name, vec![s]);
                    }
                }
                Stmt::ClassDef(def) => {
                    let name = def.name.as_str().to_string();
                    if name.is_empty() {
                        continue;
                    }
                    let path = format!("{prefix}{name}");
                    let mut s =
                        Symbol::new(path.clone(), SymbolKind::Class, self.span(def.name.start()));
                    if let Some(sup) = &def.arguments {
                        let t = without_comments(self.slice(sup.range()))
                            .trim_matches(['(', ')'])
                            .trim()
                            .to_string();
                        if !t.is_empty() {
                            s.ty = Some(self.normalize(&t).replace(" | ", ", "));
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
                    let decos = self.decorators(&def.decorator_list);
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
                    let doc = self.docstring(&def.body);
                    self.apply_doc(&mut s, &doc);
                    let mut members = BTreeMap::new();
                    if nesting < MAX_CLASS_NESTING {
                        self.block_at(
                            &def.body,
                            &format!("{path}."),
                            true,
                            &mut members,
                            nesting + 1,
                        );
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
                Stmt::TypeAlias(alias) => {
                    let head = self.alias_head(alias);
                    let (name, params) = match head.split_once('[') {
                        Some((n, rest)) => (n.trim(), rest.trim_end_matches(']')),
                        None => (head.trim(), ""),
                    };
                    let mut s = Symbol::new(
                        format!("{prefix}{name}"),
                        SymbolKind::TypeAlias,
                        self.span(alias.name.start()),
                    );
                    s.ty = self.ty(Some(&alias.value), alias.end());
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
                _ => {
                    if let Some(assign) = Assignment::of(stmt) {
                        self.assignment(&assign, prefix, in_class, defs);
                    }
                }
            }
        }
    }

    /// `Name[T, U]` of `type Name[T, U] = …`, as written.
    fn alias_head(&self, alias: &StmtTypeAlias) -> &'a str {
        let end = alias
            .type_params
            .as_ref()
            .map_or(alias.name.end(), |p| p.end());
        self.slice(TextRange::new(
            alias.name.start(),
            end.max(alias.name.start()),
        ))
    }

    /// The statements of a block as Python binds them: those inside `if`/`try` blocks count
    /// (a name defined in a `try`/`except ImportError` or a version check is still defined),
    /// except under `if __name__ == "__main__":`, which never runs on import. Each comes with
    /// whether it sits in a branch of `if sys.version_info …` (the branches define one name
    /// for different Python versions; for an `elif` or `else`, the first condition counts).
    fn statements<'t>(&self, body: &'t [Stmt]) -> Vec<(&'t Stmt, bool)> {
        let mut out = Vec::new();
        let mut stack: Vec<(&'t [Stmt], usize, bool)> = vec![(body, 0, false)];
        while let Some((b, depth, versioned)) = stack.pop() {
            for stmt in b {
                match stmt {
                    Stmt::If(s) if depth < 8 => {
                        let cond = self.text(&s.test, s.end());
                        let flat: String = cond.chars().filter(|c| !c.is_whitespace()).collect();
                        if flat.contains("__name__==") && flat.contains("__main__") {
                            continue;
                        }
                        let versioned = versioned || cond.contains("version_info");
                        stack.push((&s.body, depth + 1, versioned));
                        for clause in &s.elif_else_clauses {
                            stack.push((&clause.body, depth + 1, versioned));
                        }
                    }
                    Stmt::Try(t) if depth < 8 => {
                        stack.push((&t.body, depth + 1, versioned));
                        for h in &t.handlers {
                            let ExceptHandler::ExceptHandler(h) = h;
                            stack.push((&h.body, depth + 1, versioned));
                        }
                        stack.push((&t.orelse, depth + 1, versioned));
                        stack.push((&t.finalbody, depth + 1, versioned));
                    }
                    _ => out.push((stmt, versioned)),
                }
            }
        }
        // Nested blocks are visited after the statements that follow them; order by
        // position so later bindings win, as at run time.
        out.sort_by_key(|(s, _)| s.start());
        out
    }
}

/// An assignment statement, annotated or not: `a = b = value`, `x: T = value`, `x: T`.
struct Assignment<'a> {
    targets: Vec<&'a Expr>,
    annotation: Option<&'a Expr>,
    value: Option<&'a Expr>,
    end: TextSize,
}

impl<'a> Assignment<'a> {
    fn of(stmt: &'a Stmt) -> Option<Assignment<'a>> {
        match stmt {
            Stmt::Assign(a) => Some(Assignment {
                targets: a.targets.iter().collect(),
                annotation: None,
                value: Some(&a.value),
                end: a.end(),
            }),
            Stmt::AnnAssign(a) => Some(Assignment {
                targets: vec![&a.target],
                annotation: Some(&a.annotation),
                value: a.value.as_deref(),
                end: a.end(),
            }),
            _ => None,
        }
    }

    /// The value right of the first `=` as one expression: `None` for a chain (`a = b = 1`
    /// holds another assignment there) or a bare annotation.
    fn right(&self) -> Option<&'a Expr> {
        if self.targets.len() > 1 {
            None
        } else {
            self.value
        }
    }
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

/// A syntax-error finding for the first error ruff's parser recovered from.
fn syntax_error(rel: &str, src: &str, errors: &[ParseError]) -> Option<Finding> {
    let first = errors.iter().min_by_key(|e| e.location.start())?;
    let range = first.location.to_std_range();
    let message = first.error.to_string();
    Some(
        Finding::of(
            &rules::surface_syntax_error::SURFACE_SYNTAX_ERROR,
            format!("`{rel}` has a syntax error ({message}); the rest of the file was still read"),
        )
        .at(Location::from_span(
            rel,
            src,
            accord_model::Span::new(range.start, range.end),
        ))
        .with_logical_path(rel),
    )
}

/// Start of each line of `src` (lines end at `\n`, as spans count them).
fn line_starts(src: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(
            src.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        )
        .collect()
}

/// Deepest class nesting read: CPython refuses more than 100 levels of indentation.
const MAX_CLASS_NESTING: usize = 100;

/// Deepest syntax tree read: CPython 3.11 fails to compile 3,000 nested operators
/// (`RecursionError`), and up to this depth the recursive drop of ruff's tree fits in a
/// thread's stack.
const MAX_TREE_DEPTH: usize = 3_000;

/// The depth of `parsed`'s tree and where it is reached, when deeper than [`MAX_TREE_DEPTH`].
/// A tree is no deeper than its longest logical line is long, so most files are not walked.
fn too_deep_tree(parsed: &Parsed<Mod>) -> Option<(usize, usize)> {
    let mut line_start = TextSize::from(0);
    let mut longest = 0usize;
    for t in parsed.tokens().iter() {
        if matches!(t.kind(), TokenKind::Newline | TokenKind::EndOfFile) {
            longest = longest.max((t.end() - line_start).to_usize());
            line_start = t.end();
        }
    }
    if longest <= MAX_TREE_DEPTH {
        return None;
    }
    let mut deepest = (0, 0);
    let mut stack = vec![(AnyNodeRef::from(parsed.syntax()), 0usize)];
    while let Some((n, depth)) = stack.pop() {
        if depth > deepest.0 {
            deepest = (depth, n.start().to_usize());
        }
        stack.extend(children(n).into_iter().map(|c| (c, depth + 1)));
    }
    (deepest.0 > MAX_TREE_DEPTH).then_some(deepest)
}

fn parse_module(name: &str, is_package: bool, rel: &str, src: &str) -> (PyModule, Option<Finding>) {
    let mut m = PyModule {
        name: name.to_string(),
        ..PyModule::default()
    };
    // ruff's parser grows its own stack as it recurses; the tree it builds is dropped (and
    // walked) recursively, so a tree deeper than Python itself compiles is refused.
    let parsed = ruff_python_parser::parse_unchecked(src, ParseOptions::from(Mode::Module));
    if let Some((depth, at)) = too_deep_tree(&parsed) {
        let (line, col) = accord_model::Span::new(at, at).line_col(src);
        let finding = Finding::of(
            &rules::surface_syntax_error::SURFACE_SYNTAX_ERROR,
            format!(
                "`{rel}` nests expressions {depth} levels deep, deeper than CPython compiles ({MAX_TREE_DEPTH}); skipped"
            ),
        )
        .at(Location::new(rel, line, col))
        .with_logical_path(rel);
        stacker::grow(
            depth.saturating_mul(256).saturating_add(1 << 20),
            move || drop(parsed),
        );
        return (m, Some(finding));
    }
    let finding = syntax_error(rel, src, parsed.errors());
    let Mod::Module(module) = parsed.syntax() else {
        return (m, finding);
    };
    let root: &[Stmt] = &module.body;
    let mut cx = Cx {
        src,
        rel,
        tokens: parsed.tokens(),
        lines: line_starts(src),
        aliases: BTreeMap::new(),
        type_vars: BTreeSet::new(),
        normalized: RefCell::default(),
    };
    let statements = cx.statements(root);
    for &(stmt, _) in &statements {
        match stmt {
            // `from __future__ import …` is a compiler directive, not a binding to follow.
            Stmt::ImportFrom(imp)
                if imp.level == 0
                    && imp
                        .module
                        .as_ref()
                        .is_some_and(|m| m.as_str() == "__future__") => {}
            Stmt::ImportFrom(imp) => {
                let from = absolute(name, is_package, cx.import_source(imp));
                if imp.names.iter().any(|a| a.name.as_str() == "*") {
                    m.stars.push(from.clone());
                }
                for a in imp.names.iter().filter(|a| a.name.as_str() != "*") {
                    let orig = cx.slice(a.name.range());
                    let alias = a.asname.as_ref().map_or(orig, |n| cx.slice(n.range()));
                    if orig != alias && !orig.is_empty() {
                        cx.aliases.insert(alias.to_string(), orig.to_string());
                    }
                    // `from x import y as y` is the typing convention for an explicit re-export.
                    if a.asname.is_some() && orig == alias {
                        m.reexports.insert(alias.to_string());
                    }
                    if is_package && from.starts_with(name) {
                        m.reexports.insert(alias.to_string());
                    }
                    m.imports
                        .insert(alias.to_string(), (from.clone(), Some(orig.to_string())));
                }
            }
            Stmt::Import(imp) => {
                for a in &imp.names {
                    if let Some(asname) = &a.asname {
                        let orig = cx.slice(a.name.range());
                        let alias = cx.slice(asname.range());
                        if orig == "typing" {
                            cx.aliases.insert(alias.to_string(), "typing".into());
                        }
                        m.imports
                            .insert(alias.to_string(), (orig.to_string(), None));
                    }
                }
            }
            _ => {
                let Some(assign) = Assignment::of(stmt) else {
                    continue;
                };
                let Some(first) = assign.targets.first() else {
                    continue;
                };
                let left = cx.wrap(first, assign.end);
                let right = assign.right().map(|r| cx.wrap(r, assign.end));
                let call = right.and_then(Wrapped::bare).and_then(|r| match r {
                    Expr::Call(call) => Some(call),
                    _ => None,
                });
                let is_type_var = call.is_some_and(|c| {
                    matches!(
                        cx.text(&c.func, c.end()).rsplit('.').next(),
                        Some("TypeVar" | "ParamSpec" | "TypeVarTuple")
                    )
                });
                if let (true, Some(Expr::Name(left)), Some(call)) = (is_type_var, left.bare(), call)
                {
                    let name = left.id.as_str().to_string();
                    // `TypeVar("T", str, bytes)`: a constrained variable is one of its
                    // constraints, so signatures compare as with the union spelled out.
                    let constraints = cx.constraints(&call.arguments);
                    if constraints.len() >= 2 {
                        cx.aliases.insert(name.clone(), constraints.join(" | "));
                    }
                    cx.type_vars.insert(name);
                }
                if cx.slice(left.range) == "__all__" && assign.value.is_some() {
                    m.all = Some(match right {
                        Some(right) => cx.all_names(right),
                        None => Vec::new(),
                    });
                }
            }
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
    for &(stmt, _) in &statements {
        let (name, value) = match stmt {
            Stmt::TypeAlias(alias) => {
                let head = cx.alias_head(alias);
                if head.contains('[') {
                    continue;
                }
                (head, cx.text(&alias.value, alias.end()))
            }
            _ => {
                let Some(assign) = Assignment::of(stmt) else {
                    continue;
                };
                let annotated_alias = assign
                    .annotation
                    .map(|t| cx.text(t, assign.end).rsplit('.').next() == Some("TypeAlias"));
                let (Some(first), Some(right)) = (assign.targets.first(), assign.right()) else {
                    continue;
                };
                let Some(Expr::Name(left)) = cx.wrap(first, assign.end).bare() else {
                    continue;
                };
                let right = cx.wrap(right, assign.end);
                let names_a_type = match right.bare() {
                    Some(Expr::Name(_) | Expr::Attribute(_)) => {
                        let t = cx.slice(right.range);
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
                (cx.slice(left.range()), cx.slice(right.range))
            }
        };
        let value = normalize_python_type(value, &cx.aliases);
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

impl<'a> Cx<'a> {
    /// The module of `from MODULE import …` as written (`..pkg`, `.`, `a.b`).
    fn import_source(&self, imp: &StmtImportFrom) -> &'a str {
        let t = self.tokens;
        let mut i = t.partition_point(|k| k.start() < imp.start());
        // Past `from` (zero-width dedents may sit before it).
        while t.get(i).is_some_and(|k| k.kind() != TokenKind::From) {
            i += 1;
        }
        i += 1;
        while t.get(i).is_some_and(|k| k.kind().is_trivia()) {
            i += 1;
        }
        let Some(start) = t.get(i).map(Ranged::start) else {
            return "";
        };
        let end = match &imp.module {
            Some(module) => module.end(),
            None => t[i..]
                .iter()
                .take_while(|k| k.kind() != TokenKind::Import && k.start() < imp.end())
                .filter(|k| !k.kind().is_trivia())
                .last()
                .map_or(start, Ranged::end),
        };
        self.slice(TextRange::new(start, end.max(start)))
    }

    /// The constraints of `TypeVar("T", A, B)`: its arguments after the name, keyword
    /// arguments left out (comments among them read as arguments, as they were so far).
    fn constraints(&self, args: &Arguments) -> Vec<String> {
        let limit = args.end() - TextSize::from(1);
        let mut items: Vec<(TextSize, Option<String>)> = Vec::new();
        for a in &args.args {
            items.push((a.start(), Some(self.text(a, limit).to_string())));
        }
        for k in &args.keywords {
            let shown = k.arg.is_none().then(|| self.slice(k.range()).to_string());
            items.push((k.start(), shown));
        }
        let t = self.tokens;
        let from = t.partition_point(|k| k.start() < args.start());
        let to = t.partition_point(|k| k.start() < args.end());
        for k in t.get(from..to).unwrap_or(&[]) {
            if k.kind() == TokenKind::Comment {
                items.push((k.start(), Some(self.slice(k.range()).to_string())));
            }
        }
        items.sort_by_key(|(at, _)| *at);
        items.into_iter().skip(1).filter_map(|(_, s)| s).collect()
    }

    /// The names of `__all__ = [...]` as read so far: the string literals directly inside
    /// the value (a list, tuple or set; the literals of an implicit concatenation; the string
    /// in one pair of parentheses).
    fn all_names(&self, right: Wrapped<'_>) -> Vec<String> {
        let items: Vec<TextRange> = match (right.parens, right.expr) {
            (0, Expr::List(ast::ExprList { elts, .. }))
            | (0, Expr::Tuple(ast::ExprTuple { elts, .. }))
            | (0, Expr::Set(ast::ExprSet { elts, .. })) => {
                let end = right.expr.end();
                elts.iter()
                    .filter_map(|e| self.wrap(e, end).bare())
                    .filter(|e| is_one_string(e))
                    .map(Ranged::range)
                    .collect()
            }
            (0, e) => string_parts(e),
            (1, e) if is_one_string(e) => vec![e.range()],
            _ => Vec::new(),
        };
        items
            .into_iter()
            .map(|r| self.slice(r).trim_matches(['"', '\'']).to_string())
            .collect()
    }
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
/// Returns the modules read for another one's sake, and those changed from another's data.
fn keyword_only_at_run_time(modules: &mut BTreeMap<String, PyModule>) -> BTreeSet<String> {
    let mut entangled = BTreeSet::new();
    let mut updates: Vec<(String, String, Vec<String>)> = Vec::new();
    for m in modules.values() {
        for (n, def) in &m.runtime {
            let sym = match def {
                RuntimeDef::Here(s) => Some(&**s),
                RuntimeDef::Imported(from, orig) => {
                    entangled.insert(from.clone());
                    entangled.insert(m.name.clone());
                    modules
                        .get(from)
                        .and_then(|x| x.defs.get(orig))
                        .and_then(|v| v.first())
                }
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
        entangled.insert(module);
    }
    entangled
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
        // Summaries of changed files already made while trying the package entry.
        let mut known = HashMap::new();
        match cache.package(root, &read_files, &inputs, options) {
            Package::Whole(surface, findings) => {
                return Ok(Extraction {
                    surface,
                    findings,
                    stats: cache.finish(files.len()),
                });
            }
            Package::Stale(stale) => {
                // A stub and the module beside it are read together (the stub's names are
                // checked against the module's): those go the full way.
                let module = |file: &Changed| {
                    files
                        .iter()
                        .find(|(p, _, _)| *p == file.path)
                        .filter(|(p, _, _)| {
                            p.extension().is_some_and(|e| e == "py")
                                && !p.with_extension("pyi").is_file()
                        })
                };
                let stored = |file: &Changed| {
                    let (_, name, is_package) = module(file)?;
                    let package = if *is_package { "package" } else { "module" };
                    cache.stored_summary(file, &[&file.rel, name, package], Codec::json())
                };
                let current = |file: &Changed| {
                    let (path, name, is_package) = module(file)?;
                    let package = if *is_package { "package" } else { "module" };
                    cache
                        .summary(
                            path,
                            &file.rel,
                            &[&file.rel, name, package],
                            options,
                            |text| parse_module(name, *is_package, &file.rel, text),
                        )
                        .ok()
                };
                let notes = <patch::Notes as crate::moved::EntryNotes>::from_bytes(stale.extra());
                let judge = |file: &Changed, old: &_, new: &_| notes.judge(&file.rel, old, new);
                match crate::moved::up_to_date(&cache, stale, stored, current, judge) {
                    // A package left without public symbols is an error the full way reports.
                    Ok((surface, findings))
                        if surface.symbols.iter().any(|s| s.kind != SymbolKind::Module) =>
                    {
                        return Ok(Extraction {
                            surface,
                            findings,
                            stats: cache.finish(files.len()),
                        });
                    }
                    Ok(_) => {}
                    Err(made) => known.extend(made),
                }
            }
            Package::Miss => {}
        }
        let known = std::sync::Mutex::new(known);
        let results: Vec<(Option<PyModule>, Option<Finding>)> = files
            .par_iter()
            .map(|(path, name, is_package)| {
                let rel = rel_path(root, path);
                let package = if *is_package { "package" } else { "module" };
                let made = known.lock().ok().and_then(|mut k| k.remove(&rel));
                let summary = match made {
                    Some(made) => Ok(made),
                    None => cache.summary(path, &rel, &[&rel, name, package], options, |text| {
                        parse_module(name, *is_package, &rel, text)
                    }),
                };
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
        let mut entangled = resolve_imported_aliases(&mut modules);
        entangled.extend(keyword_only_at_run_time(&mut modules));
        let pkg = Pkg::new(&modules);
        let mut symbols = Vec::new();
        let mut restricted = Vec::new();
        for m in modules.values() {
            pkg.emitting.set(Some(&m.name));
            emit_module(&pkg, m, &top_names, None, &mut symbols, &mut restricted);
        }
        entangled.extend(pkg.read_by_others.into_inner());
        let module_files: Vec<(String, &str)> = files
            .iter()
            .filter(|(p, _, _)| {
                p.extension().is_some_and(|e| e == "py") && !p.with_extension("pyi").is_file()
            })
            .map(|(p, name, _)| (rel_path(root, p), name.as_str()))
            .collect();
        let notes = patch::Notes::of(&module_files, &modules, &entangled, &top_names);
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
        let shadowed = surface.sort_reporting_duplicates();
        crate::sort_findings(&mut findings);
        let notes = notes.with_shadowed(shadowed);
        cache.store_package(
            root,
            &read_files,
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

/// Emits module `m` of the package into `symbols` and `restricted`; with `only`, just the
/// items of those names (see [`patch`]).
fn emit_module(
    pkg: &Pkg<'_>,
    m: &PyModule,
    top_names: &[String],
    only: Option<&BTreeSet<String>>,
    symbols: &mut Vec<Symbol>,
    restricted: &mut Vec<String>,
) {
    let in_package = |module: &str| {
        top_names
            .iter()
            .any(|t| module == t || module.starts_with(&format!("{t}.")))
    };
    let wanted = |name: &str| only.is_none_or(|o| o.contains(name));
    let private_module = m.name.split('.').any(|s| s.starts_with('_'));
    if private_module {
        return;
    }
    if !top_names.contains(&m.name) && only.is_none() {
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
                v.extend(star_names(pkg, star, 0));
            }
            v.sort();
            v.dedup();
            v
        }
    };
    for name in m.defs.keys().filter(|n| wanted(n)) {
        if !exported.contains(name) && name != "__getattr__" {
            restricted.push(format!("{}.{name}", m.name));
        }
    }
    // A module `__getattr__` is API: it makes the names it dispatches on reachable
    // (lazy submodules or attributes), listed in its value.
    if let Some(getattr) = m.defs.get("__getattr__").and_then(|v| v.first())
        && wanted("__getattr__")
    {
        let mut s = getattr.clone();
        s.path = format!("{}.__getattr__", m.name);
        if let (Some(v), Some(all)) = (&s.value, &m.all) {
            s.value = Some(v.replace("__all__", &format!("__all__ ({})", all.join(", "))));
        }
        symbols.push(s);
    }
    for name in exported.into_iter().filter(|n| wanted(n)) {
        if let Some((home, syms)) = lookup(pkg, &m.name, &name, 0) {
            let public = format!("{}.{name}", m.name);
            for s in syms {
                let mut s = s.clone();
                s.path = format!("{}.{}", m.name, rebase(&s.path, &name));
                symbols.push(s);
            }
            if let Some(class) = syms.first().filter(|c| is_class(c.kind)) {
                inherited(pkg, home, class, &public, syms, symbols);
            }
        }
    }
}

/// Type aliases imported from another module of the package (`from . import _ConverterType`,
/// common between `.pyi` stubs) read as what they stand for, as local ones already do.
/// Returns the modules read for another one's sake, and those changed from another's data.
fn resolve_imported_aliases(modules: &mut BTreeMap<String, PyModule>) -> BTreeSet<String> {
    let mut entangled = BTreeSet::new();
    let maps: Vec<(String, BTreeMap<String, String>)> = modules
        .values()
        .filter_map(|m| {
            let map: BTreeMap<String, String> = m
                .imports
                .iter()
                .filter(|(local, _)| !m.type_aliases.contains_key(*local))
                .filter_map(|(local, (from, orig))| {
                    let value = modules.get(from)?.type_aliases.get(orig.as_deref()?)?;
                    entangled.insert(from.clone());
                    Some((local.clone(), value.clone()))
                })
                .collect();
            (!map.is_empty()).then(|| (m.name.clone(), map))
        })
        .collect();
    for (name, map) in maps {
        entangled.insert(name.clone());
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
    entangled
}

/// The package's modules, noting which ones were read while another module was emitted: a
/// module nobody else reads can have its items replaced alone (see [`crate::moved`]).
struct Pkg<'m> {
    modules: &'m BTreeMap<String, PyModule>,
    /// The module being emitted.
    emitting: std::cell::Cell<Option<&'m str>>,
    read_by_others: RefCell<BTreeSet<String>>,
}

impl<'m> Pkg<'m> {
    fn new(modules: &'m BTreeMap<String, PyModule>) -> Pkg<'m> {
        Pkg {
            modules,
            emitting: std::cell::Cell::new(None),
            read_by_others: RefCell::new(BTreeSet::new()),
        }
    }

    fn get(&self, name: &str) -> Option<&'m PyModule> {
        if self.emitting.get() != Some(name)
            && let Ok(mut read) = self.read_by_others.try_borrow_mut()
            && !read.contains(name)
        {
            read.insert(name.to_string());
        }
        self.modules.get(name)
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
    modules: &Pkg<'m>,
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
    modules: &Pkg<'m>,
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
    modules: &Pkg<'m>,
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
    modules: &Pkg<'_>,
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
fn star_names(modules: &Pkg<'_>, module: &str, depth: usize) -> Vec<String> {
    let mut v = Vec::new();
    star_names_in(modules, module, depth, &mut BTreeSet::new(), &mut v);
    v.sort();
    v.dedup();
    v
}

/// Adds the names of [`star_names`] to `out`, expanding each module once (see [`lookup_in`]).
fn star_names_in(
    modules: &Pkg<'_>,
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
