//! Extraction throughput against the bare parser on the same files (issue 4, performance):
//! reads and parses every file with syn / tree-sitter and nothing else, then runs the full
//! extraction (read, parse, summarise, resolve re-exports, normalise types), and prints both.
//!
//!   cargo run --release -p accord-surface --example throughput -- DIR LANG [PARSE_DIR] [ITERATIONS]
//!
//! `PARSE_DIR` is the directory the extractor reads files from (Rust: `DIR/src`, TypeScript:
//! `DIR`, Python: the package directory); set `RAYON_NUM_THREADS=1` to compare one core with
//! one core, since the extractor parses files in parallel and the bare loop does not.
#![allow(clippy::print_stdout)]

use accord_model::surface::Language;
use std::path::{Path, PathBuf};
use std::time::Instant;

fn walk(dir: &Path, exts: &[&str], out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let Ok(ft) = entry.file_type() else { continue };
        if ft.is_dir() {
            if !name.starts_with('.')
                && !matches!(
                    name.as_str(),
                    "node_modules" | "target" | "__pycache__" | "venv"
                )
            {
                walk(&path, exts, out);
            }
        } else if ft.is_file() && exts.iter().any(|e| name.ends_with(e)) {
            out.push(path);
        }
    }
}

fn bare_parse(files: &[PathBuf], lang: Language) -> usize {
    let mut nodes = 0usize;
    let mut parser = tree_sitter::Parser::new();
    for path in files {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        match lang {
            Language::Rust => {
                if let Ok(file) = syn::parse_file(&text) {
                    nodes += file.items.len();
                }
            }
            _ => {
                let name = path.to_string_lossy();
                let grammar: tree_sitter::Language = match lang {
                    Language::Python => tree_sitter_python::LANGUAGE.into(),
                    _ if name.ends_with(".tsx") => tree_sitter_typescript::LANGUAGE_TSX.into(),
                    _ if [".js", ".mjs", ".cjs", ".jsx"]
                        .iter()
                        .any(|e| name.ends_with(e)) =>
                    {
                        tree_sitter_javascript::LANGUAGE.into()
                    }
                    _ => tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
                };
                if parser.set_language(&grammar).is_ok()
                    && let Some(tree) = parser.parse(&text, None)
                {
                    nodes += tree.root_node().child_count() as usize;
                }
            }
        }
    }
    nodes
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(dir), Some(lang)) = (
        args.first().map(PathBuf::from),
        args.get(1).and_then(|l| Language::parse(l)),
    ) else {
        println!(
            "usage: throughput DIR rust|typescript|javascript|python [PARSE_DIR] [ITERATIONS]"
        );
        std::process::exit(2);
    };
    let parse_dir = args
        .get(2)
        .map(PathBuf::from)
        .unwrap_or_else(|| match lang {
            Language::Rust => dir.join("src"),
            _ => dir.clone(),
        });
    let iterations: u32 = args.get(3).and_then(|n| n.parse().ok()).unwrap_or(5);
    let exts: &[&str] = match lang {
        Language::Rust => &[".rs"],
        Language::Python => &[".py"],
        _ => &[".ts", ".tsx", ".mts", ".js", ".mjs", ".cjs", ".jsx"],
    };
    let mut files = Vec::new();
    walk(&parse_dir, exts, &mut files);
    let bytes: u64 = files
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum();
    let lines: usize = files
        .iter()
        .filter_map(|f| std::fs::read_to_string(f).ok())
        .map(|t| t.lines().count())
        .sum();

    // Warm the page cache and both code paths once.
    let _ = bare_parse(&files, lang);
    let _ = accord_surface::extract_tree(&dir, Some(lang));

    let mut bare = f64::MAX;
    let mut full = f64::MAX;
    let mut symbols = 0;
    for _ in 0..iterations {
        let t = Instant::now();
        std::hint::black_box(bare_parse(&files, lang));
        bare = bare.min(t.elapsed().as_secs_f64());
        let t = Instant::now();
        let (surface, _) = match accord_surface::extract_tree(&dir, Some(lang)) {
            Ok(x) => x,
            Err(e) => {
                println!("extraction failed: {e}");
                std::process::exit(1);
            }
        };
        full = full.min(t.elapsed().as_secs_f64());
        symbols = surface.symbols.len();
    }
    let mb = bytes as f64 / 1_048_576.0;
    println!(
        "{lang}: {} files, {lines} lines, {mb:.2} MiB, {symbols} symbols (best of {iterations})",
        files.len()
    );
    println!(
        "  bare parse : {:8.1} ms  {:7.1} MiB/s",
        bare * 1e3,
        mb / bare
    );
    println!(
        "  extraction : {:8.1} ms  {:7.1} MiB/s",
        full * 1e3,
        mb / full
    );
    println!(
        "  extraction speed = {:.0} % of bare parse speed",
        100.0 * bare / full
    );
}
