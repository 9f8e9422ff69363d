//! `accord graph`: the pack graph (contracts provider → consumer, real imports, package
//! dependencies) as DOT, Mermaid or JSON. A view, not a gate: `accord check` reports what
//! is wrong with it.

use crate::EXIT_CLEAN;
use crate::cli::Ctx;
use accord_model::arch::{EdgeKind, PackGraph};
use std::fmt::Write as _;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GraphFormat {
    /// Graphviz.
    Dot,
    /// A Mermaid flowchart (renders in GitHub Markdown).
    Mermaid,
    /// The graph as data, with every site of every edge.
    Json,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Repository directory holding accord.toml (default: the nearest one above the current directory).
    dir: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = GraphFormat::Mermaid)]
    format: GraphFormat,
}

pub fn run(args: Args, ctx: &mut Ctx) -> anyhow::Result<u8> {
    let ws = crate::workspace::load(ctx.manifest.as_deref(), args.dir.as_deref())?;
    let registry = accord_contract::load_registry(&ws.root, &ws.manifest)?;
    let report = accord_engine::arch::analyze(
        &ws.root,
        &ws.manifest,
        &ws.manifest_text,
        &registry.contracts,
    )?;
    let text = match args.format {
        GraphFormat::Dot => dot(&report.graph),
        GraphFormat::Mermaid => mermaid(&report.graph),
        GraphFormat::Json => serde_json::to_string_pretty(&report.graph)? + "\n",
    };
    ctx.out.write_all(text.as_bytes())?;
    Ok(EXIT_CLEAN)
}

/// The label of an edge: its kind, how many places make it, and whether it is an accepted
/// exception (`allow_imports`).
fn label(kind: EdgeKind, sites: usize, allowed: bool) -> String {
    let mut s = kind.as_str().to_string();
    if kind != EdgeKind::Contract || sites > 1 {
        let _ = write!(s, " ×{sites}");
    }
    if allowed {
        s.push_str(" (allowed)");
    }
    s
}

fn in_cycle(graph: &PackGraph, a: &str, b: &str) -> bool {
    graph
        .cycles
        .iter()
        .any(|c| c.iter().any(|x| x == a) && c.iter().any(|x| x == b))
}

/// Graphviz DOT: contracts solid, imports dashed, dependencies dotted, cycles red.
pub fn dot(graph: &PackGraph) -> String {
    let mut out = String::from("digraph packs {\n  rankdir=LR;\n  node [shape=box];\n");
    for pack in &graph.packs {
        let _ = writeln!(out, "  \"{pack}\";");
    }
    for e in &graph.edges {
        let style = match e.kind {
            EdgeKind::Contract => "solid",
            EdgeKind::Import => "dashed",
            EdgeKind::Dependency => "dotted",
        };
        let color = if in_cycle(graph, &e.provider, &e.consumer) {
            ", color=red"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "  \"{}\" -> \"{}\" [label=\"{}\", style={style}{color}];",
            e.provider,
            e.consumer,
            label(e.kind, e.sites.len(), e.allowed)
        );
    }
    out.push_str("}\n");
    out
}

/// A Mermaid flowchart (the renderer `accord docs` uses too): contracts `-->`, imports
/// `-.->`, dependencies `==>`, each cycle a comment.
pub fn mermaid(graph: &PackGraph) -> String {
    use accord_model::mermaid::{Arrow, Flowchart};
    let mut chart = Flowchart::default();
    for pack in &graph.packs {
        chart.node(pack, pack);
    }
    for e in &graph.edges {
        let arrow = match e.kind {
            EdgeKind::Contract => Arrow::Solid,
            EdgeKind::Import => Arrow::Dotted,
            EdgeKind::Dependency => Arrow::Thick,
        };
        chart.edge(
            &e.provider,
            arrow,
            &label(e.kind, e.sites.len(), e.allowed),
            &e.consumer,
        );
    }
    for (i, cycle) in graph.cycles.iter().enumerate() {
        chart.comment(&format!("cycle {}: {}", i + 1, cycle.join(" → ")));
    }
    chart.render()
}
