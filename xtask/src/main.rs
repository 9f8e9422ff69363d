//! Developer tasks:
//!
//! - `cargo xtask codegen [--check]`: writes every generated file (rule pages under
//!   `docs/rules/`, the JSON Schemas under `docs/schemas/`); `--check` only reports stale
//!   ones and fails, as CI does. `docs` is the old name and still works.
//! - `cargo xtask new-rule NAME`: scaffolds a code change rule in `accord-diff` — the rule
//!   file with its documented declaration, its registration, and an old/new fixture pair —
//!   then regenerates the docs.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let check = args.iter().any(|a| a == "--check");
    match args.first().map(String::as_str) {
        Some("codegen" | "docs") => codegen(check),
        Some("new-rule") => match args.get(1) {
            Some(name) => match new_rule(name) {
                Ok(written) => {
                    for path in written {
                        eprintln!("written: {path}");
                    }
                    codegen(false)
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(2)
                }
            },
            None => usage(),
        },
        _ => usage(),
    }
}

fn usage() -> ExitCode {
    eprintln!("usage: cargo xtask codegen [--check] | cargo xtask new-rule NAME");
    ExitCode::from(2)
}

fn codegen(check: bool) -> ExitCode {
    match accord_cli::generated::sync(&root(), !check) {
        Ok(stale) if stale.is_empty() => ExitCode::SUCCESS,
        Ok(stale) => {
            for path in &stale {
                eprintln!("{}: {path}", if check { "stale" } else { "written" });
            }
            if check {
                eprintln!("run `cargo xtask codegen` and commit the result");
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

/// Writes `crates/diff/src/code/rules/NAME.rs`, registers it, and writes a Rust fixture pair
/// under `crates/diff/tests/fixtures/code/NAME/rust/{old,new}`. Refuses to overwrite.
fn new_rule(name: &str) -> Result<Vec<String>, String> {
    let id = name.trim().to_string();
    if id.is_empty()
        || !id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        || id.starts_with('-')
        || id.ends_with('-')
    {
        return Err(format!(
            "`{id}`: a rule id is kebab-case, e.g. `unsafe-added`"
        ));
    }
    let module = id.replace('-', "_");
    let constant = module.to_uppercase();
    let root = root();
    let rules_dir = root.join("crates/diff/src/code/rules");
    let rule_file = rules_dir.join(format!("{module}.rs"));
    if rule_file.exists() {
        return Err(format!("{} exists already", rule_file.display()));
    }
    let registry_path = rules_dir.join("mod.rs");
    let registry = std::fs::read_to_string(&registry_path).map_err(|e| e.to_string())?;
    let registry = register(&registry, &module, &constant)?;

    let rule = format!(
        r#"//! The `{id}` rule.
use super::prelude::*;

declare_rule! {{
    /// ## What it does
    /// TODO: what change of the API this rule reports.
    ///
    /// ## Why is this bad?
    /// TODO: what breaks for a consumer, and which languages it applies to.
    ///
    /// ## Example
    /// ```rust
    /// // old
    /// // new
    /// ```
    ///
    /// ## How to fix
    /// TODO: what the author should do instead.
    pub static {constant} = {{
        id: "{id}",
        group: "code-change",
        class: Breaking,
        bump: Major,
        summary: "TODO: one line",
    }}
}}

pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {{
    // Compare `cx.old` with `cx.new` (see the other rules of this directory) and push
    // `finding(cx, &{constant}, symbol, message)` for each change found.
    let _ = (cx, out);
}}
"#
    );
    let fixture = root.join(format!("crates/diff/tests/fixtures/code/{id}/rust"));
    let mut written = Vec::new();
    for side in ["old", "new"] {
        let dir = fixture.join(side).join("src");
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        std::fs::write(
            fixture.join(side).join("Cargo.toml"),
            "[package]\nname = \"fixture\"\nversion = \"1.0.0\"\nedition = \"2021\"\n",
        )
        .map_err(|e| e.to_string())?;
        std::fs::write(
            dir.join("lib.rs"),
            format!("//! {side}: write the API before (old) and after (new) the change.\npub fn example() {{}}\n"),
        )
        .map_err(|e| e.to_string())?;
        written.push(format!(
            "crates/diff/tests/fixtures/code/{id}/rust/{side}/src/lib.rs"
        ));
    }
    std::fs::write(&rule_file, rule).map_err(|e| e.to_string())?;
    std::fs::write(&registry_path, registry).map_err(|e| e.to_string())?;
    written.push(format!("crates/diff/src/code/rules/{module}.rs"));
    written.push("crates/diff/src/code/rules/mod.rs".to_string());
    Ok(written)
}

/// `registry` with `pub mod MODULE;` among the modules and the rule at the end of `RULES`.
fn register(registry: &str, module: &str, constant: &str) -> Result<String, String> {
    let last_mod = registry
        .match_indices("\npub mod ")
        .last()
        .map(|(i, _)| i)
        .ok_or("no `pub mod` line in the code rules registry")?;
    let line_end = last_mod + 1 + registry[last_mod + 1..].find('\n').unwrap_or(0);
    let mut out = String::with_capacity(registry.len() + 200);
    out.push_str(&registry[..=line_end]);
    out.push_str(&format!("pub mod {module};\n"));
    let rest = &registry[line_end + 1..];
    let table = rest
        .find("pub(crate) static RULES: &[CodeRule] = &[")
        .ok_or("no `RULES` table in the code rules registry")?;
    let close = table
        + rest[table..]
            .find("\n];")
            .ok_or("the `RULES` table is not closed")?;
    out.push_str(&rest[..close]);
    out.push_str(&format!(
        "\n    CodeRule {{\n        meta: &{module}::{constant},\n        check: {module}::check,\n    }},"
    ));
    out.push_str(&rest[close..]);
    Ok(out)
}
