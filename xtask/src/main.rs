//! `cargo xtask docs [--check]`: writes `docs/rules/*.md` from the rule catalogue.
//! The same comparison runs as a test (`crates/cli/tests/generated.rs`), so CI fails on
//! stale pages; this command is how a developer refreshes them.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let check = args.iter().any(|a| a == "--check");
    match args.first().map(String::as_str) {
        Some("docs") => {
            let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
            match accord_cli::generated::sync(&root, !check) {
                Ok(stale) if stale.is_empty() => ExitCode::SUCCESS,
                Ok(stale) => {
                    for path in &stale {
                        eprintln!("{}: {path}", if check { "stale" } else { "written" });
                    }
                    if check {
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
        _ => {
            eprintln!("usage: cargo xtask docs [--check]");
            ExitCode::from(2)
        }
    }
}
