//! What a source file does that a pack must declare as a capability (SecuritySentry, seed
//! 003): spawning processes, opening network connections, reading the environment, writing
//! files. Read with the same parsers as the imports ([`crate::imports`]), so a word in a
//! comment or a string is never taken for a use.
//!
//! Detection is by name, per language, and documented in the `capability-undeclared` rule:
//! an import of a module that exists to do the thing (`child_process`, `subprocess`,
//! `reqwest`), or a call or path through a known entry point (`std::fs::write`,
//! `process.env`, `os.getenv`, `open(…, "w")`). A capability reached through a wrapper
//! library Accord does not know, or through dynamic dispatch, is not seen.
//!
//! ```
//! use accord_surface::capabilities::{Capability, capability_uses};
//! use accord_surface::imports::SourceKind;
//!
//! let uses = capability_uses(SourceKind::Python, "import os\nkey = os.getenv('KEY')\n").unwrap();
//! assert_eq!(uses[0].capability, Capability::Env);
//! assert_eq!((uses[0].line, uses[0].column), (2, 7));
//! ```

use crate::imports::{Ast, Parsed, SourceKind, tree_imports};
use serde::Serialize;
use std::collections::HashMap;
use syn::spanned::Spanned;
use tree_sitter::Node;

/// A capability a pack may be granted: the closed vocabulary of `capabilities = […]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Capability {
    /// Creating, writing, renaming or deleting files.
    FsWrite,
    /// Network connections (sockets, HTTP clients).
    Net,
    /// Spawning processes or running shell commands.
    Exec,
    /// Reading or changing environment variables.
    Env,
}

impl Capability {
    /// Every capability, in the order they are documented.
    pub const ALL: [Capability; 4] = [
        Capability::FsWrite,
        Capability::Net,
        Capability::Exec,
        Capability::Env,
    ];

    /// The name written in `accord.toml`.
    pub fn name(self) -> &'static str {
        match self {
            Capability::FsWrite => "fs-write",
            Capability::Net => "net",
            Capability::Exec => "exec",
            Capability::Env => "env",
        }
    }

    /// The capability named `name`, exactly as written in `accord.toml`.
    pub fn parse(name: &str) -> Option<Capability> {
        Capability::ALL.into_iter().find(|c| c.name() == name)
    }
}

/// One place where a file uses a capability.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CapabilityUse {
    /// What is used.
    pub capability: Capability,
    /// The code that uses it, as matched (`std::process::Command`, `process.env`).
    pub what: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
    /// Byte range in the file.
    pub start: usize,
    /// End of the byte range.
    pub end: usize,
}

/// Every use of a capability in `src`, in source order. A file that does not parse is an
/// error `line:column: message`, as for [`imports`].
pub fn capability_uses(kind: SourceKind, src: &str) -> Result<Vec<CapabilityUse>, String> {
    Ok(capability_uses_in(&Parsed::parse(kind, src)?))
}

/// [`capability_uses`] of a file already parsed.
pub fn capability_uses_in(parsed: &Parsed<'_>) -> Vec<CapabilityUse> {
    let mut out = match (&parsed.ast, parsed.kind) {
        (Ast::Rust(file), _) => rust_uses(file),
        (Ast::Tree(tree), SourceKind::Python) => python_uses(parsed.src, tree),
        (Ast::Tree(tree), kind) => js_uses(kind, parsed.src, tree),
    };
    out.sort_by_key(|u| (u.start, u.capability));
    out.dedup_by_key(|u| (u.start, u.capability));
    out
}

// ---------------------------------------------------------------------------------------
// Rust: full paths after `use` aliases are applied.

/// Path prefixes (after `use` resolution) and what they grant. `std` and `tokio` mirror
/// each other; `async_std` and the common HTTP clients are included.
const RUST_PATHS: &[(&str, Capability)] = &[
    ("std::process::Command", Capability::Exec),
    ("tokio::process::Command", Capability::Exec),
    ("async_std::process::Command", Capability::Exec),
    ("std::net", Capability::Net),
    ("tokio::net", Capability::Net),
    ("async_std::net", Capability::Net),
    ("reqwest", Capability::Net),
    ("ureq", Capability::Net),
    ("hyper", Capability::Net),
    ("surf", Capability::Net),
    ("std::env::var", Capability::Env),
    ("std::env::var_os", Capability::Env),
    ("std::env::vars", Capability::Env),
    ("std::env::vars_os", Capability::Env),
    ("std::env::set_var", Capability::Env),
    ("std::env::remove_var", Capability::Env),
    ("std::fs::write", Capability::FsWrite),
    ("std::fs::File::create", Capability::FsWrite),
    ("std::fs::File::create_new", Capability::FsWrite),
    ("std::fs::OpenOptions", Capability::FsWrite),
    ("std::fs::create_dir", Capability::FsWrite),
    ("std::fs::create_dir_all", Capability::FsWrite),
    ("std::fs::remove_file", Capability::FsWrite),
    ("std::fs::remove_dir", Capability::FsWrite),
    ("std::fs::remove_dir_all", Capability::FsWrite),
    ("std::fs::rename", Capability::FsWrite),
    ("std::fs::copy", Capability::FsWrite),
    ("tokio::fs::write", Capability::FsWrite),
    ("tokio::fs::File::create", Capability::FsWrite),
    ("tokio::fs::OpenOptions", Capability::FsWrite),
    ("tokio::fs::create_dir", Capability::FsWrite),
    ("tokio::fs::create_dir_all", Capability::FsWrite),
    ("tokio::fs::remove_file", Capability::FsWrite),
    ("tokio::fs::rename", Capability::FsWrite),
];

fn rust_capability(path: &str) -> Option<Capability> {
    RUST_PATHS.iter().find_map(|(prefix, cap)| {
        (path == *prefix
            || path
                .strip_prefix(prefix)
                .is_some_and(|rest| rest.starts_with("::")))
        .then_some(*cap)
    })
}

fn rust_uses(file: &syn::File) -> Vec<CapabilityUse> {
    // `use` items apply to the whole module whatever their position, so aliases are read
    // first; a name shadowed in a nested module is taken for the outer one (best effort).
    let mut aliases = RustAliases::default();
    syn::visit::Visit::visit_file(&mut aliases, file);
    let mut v = RustPaths {
        aliases: aliases.map,
        out: aliases.out,
    };
    syn::visit::Visit::visit_file(&mut v, file);
    v.out
}

fn push_rust(out: &mut Vec<CapabilityUse>, span: proc_macro2::Span, path: &str) {
    if let Some(capability) = rust_capability(path) {
        let start = span.start();
        let range = span.byte_range();
        out.push(CapabilityUse {
            capability,
            what: path.to_string(),
            line: start.line as u32,
            column: start.column as u32 + 1,
            start: range.start,
            end: range.end,
        });
    }
}

#[derive(Default)]
struct RustAliases {
    map: HashMap<String, String>,
    out: Vec<CapabilityUse>,
}

impl RustAliases {
    fn tree(&mut self, prefix: &str, tree: &syn::UseTree) {
        let join = |name: &str| {
            if prefix.is_empty() {
                name.to_string()
            } else {
                format!("{prefix}::{name}")
            }
        };
        match tree {
            syn::UseTree::Path(p) => self.tree(&join(&p.ident.to_string()), &p.tree),
            syn::UseTree::Name(n) => {
                let full = join(&n.ident.to_string());
                if n.ident != "self" {
                    self.map.insert(n.ident.to_string(), full.clone());
                } else if let Some(last) = prefix.rsplit("::").next() {
                    self.map.insert(last.to_string(), prefix.to_string());
                }
                push_rust(&mut self.out, n.span(), full.trim_end_matches("::self"));
            }
            syn::UseTree::Rename(r) => {
                let full = join(&r.ident.to_string());
                self.map.insert(r.rename.to_string(), full.clone());
                push_rust(&mut self.out, r.span(), &full);
            }
            syn::UseTree::Glob(g) => {
                // `use std::net::*` grants what the module does; a glob of a module that is
                // itself no capability (`std::fs::*`) is seen at the calls instead.
                push_rust(&mut self.out, g.span(), prefix);
            }
            syn::UseTree::Group(g) => {
                for t in &g.items {
                    self.tree(prefix, t);
                }
            }
        }
    }
}

impl<'ast> syn::visit::Visit<'ast> for RustAliases {
    fn visit_item_use(&mut self, i: &'ast syn::ItemUse) {
        self.tree("", &i.tree);
    }
}

struct RustPaths {
    aliases: HashMap<String, String>,
    out: Vec<CapabilityUse>,
}

impl<'ast> syn::visit::Visit<'ast> for RustPaths {
    fn visit_item_use(&mut self, _: &'ast syn::ItemUse) {}

    fn visit_path(&mut self, path: &'ast syn::Path) {
        let mut segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        if let Some(first) = segments.first()
            && path.leading_colon.is_none()
            && let Some(full) = self.aliases.get(first)
        {
            segments[0] = full.clone();
        }
        let joined = segments.join("::");
        // A path shorter than its alias resolution (`Command` alone) still names the item.
        push_rust(&mut self.out, path.span(), &joined);
        syn::visit::visit_path(self, path);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        // `env!`/`option_env!` read the build's environment, not the running program's.
        syn::visit::visit_macro(self, mac);
    }
}

// ---------------------------------------------------------------------------------------
// TypeScript / JavaScript.

/// Modules whose import grants a capability by itself (`node:` prefix stripped).
const JS_MODULES: &[(&str, Capability)] = &[
    ("child_process", Capability::Exec),
    ("execa", Capability::Exec),
    ("shelljs", Capability::Exec),
    ("net", Capability::Net),
    ("http", Capability::Net),
    ("https", Capability::Net),
    ("http2", Capability::Net),
    ("dgram", Capability::Net),
    ("tls", Capability::Net),
    ("axios", Capability::Net),
    ("node-fetch", Capability::Net),
    ("undici", Capability::Net),
    ("got", Capability::Net),
    ("ws", Capability::Net),
];

/// `fs` functions that write (also their `Sync` forms and `fs/promises`).
const JS_FS_WRITES: &[&str] = &[
    "writeFile",
    "appendFile",
    "createWriteStream",
    "mkdir",
    "rm",
    "rmdir",
    "unlink",
    "rename",
    "copyFile",
    "cp",
    "truncate",
];

fn js_fs_write(name: &str) -> bool {
    let base = name.strip_suffix("Sync").unwrap_or(name);
    JS_FS_WRITES.contains(&base)
}

pub(crate) fn node_use(
    capability: Capability,
    what: impl Into<String>,
    n: Node<'_>,
) -> CapabilityUse {
    let p = n.start_position();
    CapabilityUse {
        capability,
        what: what.into(),
        line: p.row as u32 + 1,
        column: p.column as u32 + 1,
        start: n.start_byte(),
        end: n.end_byte(),
    }
}

fn import_use(capability: Capability, what: String, i: &crate::imports::Import) -> CapabilityUse {
    CapabilityUse {
        capability,
        what,
        line: i.line,
        column: i.column,
        start: i.start,
        end: i.end,
    }
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

fn text<'s>(src: &'s str, n: Node<'_>) -> &'s str {
    src.get(n.byte_range()).unwrap_or("")
}

fn js_uses(kind: SourceKind, src: &str, tree: &tree_sitter::Tree) -> Vec<CapabilityUse> {
    let mut out = Vec::new();
    let mut fs_imported = false;
    for import in tree_imports(src, tree.root_node(), kind) {
        let spec = import.spec.strip_prefix("node:").unwrap_or(&import.spec);
        let module = spec.split('/').next().unwrap_or(spec);
        if let Some((_, cap)) = JS_MODULES.iter().find(|(m, _)| *m == module) {
            out.push(import_use(*cap, import.spec.clone(), &import));
        }
        if matches!(module, "fs" | "fs-extra" | "graceful-fs") {
            fs_imported = true;
            for name in import.names.iter().filter(|n| js_fs_write(n)) {
                out.push(import_use(
                    Capability::FsWrite,
                    format!("{spec}.{name}"),
                    &import,
                ));
            }
        }
    }
    preorder(tree.root_node(), |n| match n.kind() {
        "member_expression" => {
            let (Some(object), Some(property)) = (
                n.child_by_field_name("object"),
                n.child_by_field_name("property"),
            ) else {
                return;
            };
            let (o, p) = (text(src, object), text(src, property));
            if o == "process" && p == "env" {
                out.push(node_use(Capability::Env, "process.env", n));
            } else if fs_imported
                && js_fs_write(p)
                && n.parent().is_some_and(|c| c.kind() == "call_expression")
            {
                out.push(node_use(Capability::FsWrite, format!("{o}.{p}"), n));
            }
        }
        "call_expression" => {
            if let Some(f) = n.child_by_field_name("function")
                && f.kind() == "identifier"
                && text(src, f) == "fetch"
            {
                out.push(node_use(Capability::Net, "fetch", f));
            }
        }
        _ => {}
    });
    out
}

// ---------------------------------------------------------------------------------------
// Python.

/// Modules whose import grants a capability by itself (the top-level name).
const PY_MODULES: &[(&str, Capability)] = &[
    ("subprocess", Capability::Exec),
    ("pexpect", Capability::Exec),
    ("sh", Capability::Exec),
    ("socket", Capability::Net),
    ("requests", Capability::Net),
    ("urllib", Capability::Net),
    ("urllib3", Capability::Net),
    ("httpx", Capability::Net),
    ("aiohttp", Capability::Net),
    ("http", Capability::Net),
    ("smtplib", Capability::Net),
    ("ftplib", Capability::Net),
];

/// `os.NAME` (or `from os import NAME`) and what it grants.
const PY_OS: &[(&str, Capability)] = &[
    ("system", Capability::Exec),
    ("popen", Capability::Exec),
    ("execv", Capability::Exec),
    ("execvp", Capability::Exec),
    ("execve", Capability::Exec),
    ("spawnv", Capability::Exec),
    ("spawnl", Capability::Exec),
    ("environ", Capability::Env),
    ("getenv", Capability::Env),
    ("putenv", Capability::Env),
    ("unsetenv", Capability::Env),
    ("remove", Capability::FsWrite),
    ("unlink", Capability::FsWrite),
    ("rename", Capability::FsWrite),
    ("replace", Capability::FsWrite),
    ("makedirs", Capability::FsWrite),
    ("mkdir", Capability::FsWrite),
    ("rmdir", Capability::FsWrite),
];

/// Methods that write whatever object they are called on (pathlib, shutil).
const PY_WRITE_METHODS: &[&str] = &["write_text", "write_bytes"];
const PY_SHUTIL: &[&str] = &["copy", "copy2", "copyfile", "copytree", "move", "rmtree"];

fn python_uses(src: &str, tree: &tree_sitter::Tree) -> Vec<CapabilityUse> {
    let mut out = Vec::new();
    let mut os_names: HashMap<String, &'static str> = HashMap::new();
    for import in tree_imports(src, tree.root_node(), SourceKind::Python) {
        let top = import.spec.split('.').next().unwrap_or(&import.spec);
        if let Some((_, cap)) = PY_MODULES.iter().find(|(m, _)| *m == top) {
            out.push(import_use(*cap, import.spec.clone(), &import));
        }
        if import.spec == "os" {
            for name in &import.names {
                if let Some((n, cap)) = PY_OS.iter().find(|(n, _)| n == name) {
                    os_names.insert(name.clone(), n);
                    out.push(import_use(*cap, format!("os.{name}"), &import));
                }
            }
        }
    }
    preorder(tree.root_node(), |n| match n.kind() {
        "attribute" => {
            let (Some(object), Some(attr)) = (
                n.child_by_field_name("object"),
                n.child_by_field_name("attribute"),
            ) else {
                return;
            };
            let (o, a) = (text(src, object), text(src, attr));
            if o == "os"
                && let Some((_, cap)) = PY_OS.iter().find(|(name, _)| *name == a)
            {
                out.push(node_use(*cap, format!("os.{a}"), n));
            } else if o == "shutil" && PY_SHUTIL.contains(&a) {
                out.push(node_use(Capability::FsWrite, format!("shutil.{a}"), n));
            } else if PY_WRITE_METHODS.contains(&a)
                && n.parent().is_some_and(|c| c.kind() == "call")
            {
                out.push(node_use(Capability::FsWrite, format!(".{a}()"), n));
            }
        }
        "call" => {
            let Some(f) = n.child_by_field_name("function") else {
                return;
            };
            if f.kind() == "identifier" && text(src, f) == "open" && python_opens_for_write(src, n)
            {
                out.push(node_use(Capability::FsWrite, "open(…, write mode)", n));
            }
        }
        _ => {}
    });
    out
}

/// `open(path, "w")`, `open(path, mode="ab")`: a mode with `w`, `a`, `x` or `+`.
fn python_opens_for_write(src: &str, call: Node<'_>) -> bool {
    let Some(args) = call.child_by_field_name("arguments") else {
        return false;
    };
    let mut cursor = args.walk();
    let mut positional = 0;
    for arg in args.named_children(&mut cursor) {
        let mode = match arg.kind() {
            "keyword_argument" => {
                let name = arg.child_by_field_name("name").map(|n| text(src, n));
                if name != Some("mode") {
                    continue;
                }
                arg.child_by_field_name("value")
            }
            "comment" => continue,
            _ => {
                positional += 1;
                if positional != 2 {
                    continue;
                }
                Some(arg)
            }
        };
        if let Some(mode) = mode
            && mode.kind() == "string"
        {
            let m = text(src, mode).trim_matches(|c| c == '"' || c == '\'');
            return m.contains(['w', 'a', 'x', '+']);
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn caps(kind: SourceKind, src: &str) -> Vec<(&'static str, u32)> {
        capability_uses(kind, src)
            .unwrap()
            .into_iter()
            .map(|u| (u.capability.name(), u.line))
            .collect()
    }

    #[test]
    fn rust_uses_are_resolved_through_use_aliases() {
        let src = "use std::process::Command;\nuse std::{env, fs};\n\
                   fn f() {\n    let _ = Command::new(\"ls\");\n    let _ = env::var(\"K\");\n    fs::write(\"a\", \"b\").ok();\n    let _ = env::args();\n    let _ = fs::read(\"a\");\n}\n\
                   fn g() -> reqwest::Client { todo!() }\n";
        assert_eq!(
            caps(SourceKind::Rust, src),
            [
                ("exec", 1),
                ("exec", 4),
                ("env", 5),
                ("fs-write", 6),
                ("net", 10)
            ]
        );
    }

    #[test]
    fn rust_full_paths_and_open_options_count() {
        let src = "fn f() { let _ = std::fs::OpenOptions::new(); let _ = std::net::TcpStream::connect(\"x\"); }\n";
        let found = caps(SourceKind::Rust, src);
        assert_eq!(found, [("fs-write", 1), ("net", 1)]);
    }

    #[test]
    fn js_imports_globals_and_fs_writes() {
        let src = "import { exec } from 'node:child_process';\nimport fs from 'fs';\n\
                   const key = process.env.KEY;\nawait fetch(url);\nfs.writeFileSync('a', 'b');\nfs.readFileSync('a');\n\
                   // process.env in a comment\n";
        assert_eq!(
            caps(SourceKind::TypeScript, src),
            [("exec", 1), ("env", 3), ("net", 4), ("fs-write", 5)]
        );
    }

    #[test]
    fn python_modules_os_calls_and_open_modes() {
        let src = "import subprocess\nimport os\nimport requests\n\
                   k = os.environ['K']\nos.system('ls')\nwith open('a', 'w') as f:\n    pass\nwith open('b') as f:\n    pass\nopen('c', mode='ab')\n\"os.getenv in a string\"\n";
        assert_eq!(
            caps(SourceKind::Python, src),
            [
                ("exec", 1),
                ("net", 3),
                ("env", 4),
                ("exec", 5),
                ("fs-write", 6),
                ("fs-write", 10)
            ]
        );
    }

    #[test]
    fn names_parse_back() {
        for c in Capability::ALL {
            assert_eq!(Capability::parse(c.name()), Some(c));
        }
        assert_eq!(Capability::parse("network"), None);
    }
}
