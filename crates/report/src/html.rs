//! One self-contained HTML page: the decision, the pack graph drawn as SVG, an overview of
//! packs and contracts, and the findings with their snippets grouped by contract, with a
//! filter by class.
//!
//! The page loads nothing: CSS and the few lines of script are inline, and a Content
//! Security Policy (`default-src 'none'`, the script and style allowed by their hashes)
//! keeps it that way even if some repository text slipped through escaping. All repository
//! text (paths, messages, snippets, pack names) goes through [`esc`]; the script reads only
//! `data-` attributes, never text.

use crate::layout;
use crate::snippet::excerpt;
use crate::{Emitter, RenderOptions, Report};
use accord_model::arch::{EdgeKind, PackGraph};
use accord_model::{Class, Finding, Location};
use base64::Engine as _;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::{self, Write};

/// Writes the HTML report.
#[derive(Debug, Clone, Copy, Default)]
pub struct HtmlEmitter;

/// What the page shows beside the findings: the project, its packs and contracts, the pack
/// graph. The CLI fills it from the tree check; `diff` has facts only.
#[derive(Debug, Clone, Default)]
pub struct Overview<'a> {
    /// The page heading (the project's name and version, or what was compared).
    pub title: String,
    /// Labelled facts: base and head revisions, changed files, language, …
    pub facts: Vec<(String, String)>,
    /// The packs of the manifest, in manifest order.
    pub packs: Vec<PackRow>,
    /// The contracts of the registry.
    pub contracts: Vec<ContractRow>,
    /// The pack graph to draw.
    pub graph: Option<&'a PackGraph>,
}

/// A pack in the overview.
#[derive(Debug, Clone, Default)]
pub struct PackRow {
    /// Key in `[packs.NAME]`.
    pub name: String,
    /// Human name, when it differs.
    pub display_name: String,
    /// Path globs the pack owns.
    pub paths: Vec<String>,
}

/// A contract in the overview.
#[derive(Debug, Clone, Default)]
pub struct ContractRow {
    /// The contract's name.
    pub name: String,
    /// Its version.
    pub version: String,
    /// Its lifecycle status as written.
    pub status: String,
    /// The providing pack.
    pub provider: String,
    /// The consuming packs.
    pub consumers: Vec<String>,
    /// The contract file.
    pub path: String,
    /// Artifacts its location matched, when conformance ran.
    pub artifacts: Option<usize>,
}

const STYLE: &str = r#"
:root{--breaking:#c62828;--risky:#b26a00;--safe:#2e7d32;--line:#d0d7de;--muted:#57606a}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1f2328;background:#f6f8fa}
header,main{max-width:1200px;margin:0 auto;padding:16px 24px}
header{padding-bottom:0}
h1{font-size:22px;margin:8px 0}
h2{font-size:18px;margin:24px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}
h3{font-size:15px;margin:16px 0 8px}
section.card,article.finding{background:#fff;border:1px solid var(--line);border-radius:8px;padding:12px 16px;margin:8px 0}
code,pre,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px}
pre.snippet{background:#f6f8fa;border:1px solid var(--line);border-radius:6px;padding:8px;overflow-x:auto;margin:8px 0}
pre.snippet .ln{display:inline-block;min-width:3.5em;color:var(--muted);user-select:none}
pre.snippet mark{background:#ffe08a;border-bottom:2px solid var(--breaking)}
.badge{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;font-weight:600;color:#fff}
.badge.BREAKING{background:var(--breaking)}.badge.RISKY{background:var(--risky)}.badge.SAFE{background:var(--safe)}
.outcome{font-size:18px;font-weight:700;padding:8px 12px;border-radius:6px;color:#fff;display:inline-block}
.outcome.DENY{background:var(--breaking)}.outcome.APPROVE_WITH_CONDITIONS{background:var(--risky)}.outcome.APPROVE{background:var(--safe)}
.muted{color:var(--muted)}
.blocking{color:var(--breaking);font-weight:600}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{border:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f6f8fa}
#filter{position:sticky;top:0;background:#f6f8fa;border:1px solid var(--line);border-radius:8px;padding:8px 12px;margin:8px 0;z-index:1}
#filter label{margin-right:16px;cursor:pointer}
.graph{overflow:auto;background:#fff;border:1px solid var(--line);border-radius:8px}
svg .pack rect{fill:#fff;stroke:#57606a;stroke-width:1.2}
svg .pack.impacted rect{fill:#fff4e5;stroke:var(--risky);stroke-width:2.5}
svg .pack text{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;fill:#1f2328}
svg .edge{fill:none;stroke:#57606a;stroke-width:1.4}
svg .edge.import{stroke-dasharray:6 4}
svg .edge.dependency{stroke-dasharray:2 3}
svg .edge.cycle{stroke:var(--breaking)}
svg marker path{fill:#57606a}
[hidden]{display:none!important}
"#;

/// The class filter: shows the findings whose `data-class` is ticked, hides contract groups
/// left empty, and counts what is shown.
const SCRIPT: &str = r#"
(function () {
  var boxes = document.querySelectorAll('#filter input[data-filter]');
  function apply() {
    var shown = {};
    boxes.forEach(function (b) { shown[b.dataset.filter] = b.checked; });
    var visible = 0;
    document.querySelectorAll('article.finding').forEach(function (f) {
      f.hidden = !shown[f.dataset.class];
      if (!f.hidden) { visible += 1; }
    });
    document.querySelectorAll('section.group').forEach(function (g) {
      g.hidden = !g.querySelector('article.finding:not([hidden])');
    });
    var count = document.getElementById('shown');
    if (count) { count.textContent = String(visible); }
  }
  boxes.forEach(function (b) { b.addEventListener('change', apply); });
  apply();
})();
"#;

/// Lines of one snippet: a span over a whole object would otherwise fill the page.
const MAX_SNIPPET_LINES: usize = 12;
/// Characters of one snippet line; minified files have lines of megabytes.
const MAX_LINE_CHARS: usize = 240;
/// Packs beyond which the graph is not drawn (`accord graph` still gives it as data).
const MAX_DRAWN_PACKS: usize = 400;
/// Characters of a pack name inside its box; the full name is in the tooltip.
const MAX_LABEL_CHARS: usize = 32;

/// Escapes `text` for HTML text and quoted attributes. Control characters (other than
/// newline and tab) and bidirectional formatting characters are dropped: they mean
/// nothing on a page and can make text read differently from what it is ("Trojan source").
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' | '\t' => out.push(c),
            c if c.is_control() => {}
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' => {}
            c => out.push(c),
        }
    }
    out
}

/// [`esc`] for prose written by rules, whose `code spans` (backtick pairs, as in the
/// Markdown report) become `<code>`; an unpaired backtick stays a backtick.
fn prose(text: &str) -> String {
    // Masked before escaping, for the reason given at `snippet`.
    let text = accord_model::redact::mask(text);
    let parts: Vec<&str> = text.split('`').collect();
    let paired = if parts.len() % 2 == 1 {
        parts.len()
    } else {
        parts.len() - 1
    };
    let mut out = String::with_capacity(text.len() + 16);
    for (i, part) in parts[..paired].iter().enumerate() {
        if i % 2 == 1 {
            let _ = write!(out, "<code>{}</code>", esc(part));
        } else {
            out.push_str(&esc(part));
        }
    }
    if paired < parts.len() {
        out.push('`');
        out.push_str(&esc(parts[paired]));
    }
    out
}

/// Where the CSP hashes go until [`seal`] fills them in.
const STYLE_SLOT: &str = "'accord-style-hash'";
const SCRIPT_SLOT: &str = "'accord-script-hash'";

/// Writes the CSP hashes into a rendered page. They are base64 digests, which the secret
/// masking that every report passes through takes for credentials, so they are filled in
/// after it. Only the first slot of each kind is ours: it comes before any repository text.
pub(crate) fn seal(page: String) -> String {
    page.replacen(STYLE_SLOT, &csp_hash(STYLE), 1)
        .replacen(SCRIPT_SLOT, &csp_hash(SCRIPT), 1)
}

/// The CSP source of an inline block: `'sha256-…'` of its exact text.
fn csp_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn location_text(location: &Location) -> String {
    match (location.line, location.column) {
        (0, _) => location.path.clone(),
        (line, 0) => format!("{}:{line}", location.path),
        (line, column) => format!("{}:{line}:{column}", location.path),
    }
}

/// The largest char boundary of `text` at or below `at` (`str::floor_char_boundary` needs
/// Rust 1.91; the workspace supports 1.90).
fn floor_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// One source line with `mark` (a byte range within it, possibly empty) highlighted, cut
/// to a window around the mark when the line is long.
fn snippet_line(out: &mut String, line: &str, mark: std::ops::Range<usize>) {
    let (mut from, mut to) = (0, line.len());
    if line.chars().count() > MAX_LINE_CHARS {
        from = floor_boundary(line, mark.start.saturating_sub(MAX_LINE_CHARS / 3));
        to = line[from..]
            .char_indices()
            .nth(MAX_LINE_CHARS)
            .map_or(line.len(), |(i, _)| from + i);
    }
    let start = floor_boundary(line, mark.start.clamp(from, to));
    let end = floor_boundary(line, mark.end.clamp(start, to));
    if from > 0 {
        out.push('…');
    }
    out.push_str(&esc(&line[from..start]));
    if start < end {
        let _ = write!(out, "<mark>{}</mark>", esc(&line[start..end]));
    }
    out.push_str(&esc(&line[end..to]));
    if to < line.len() {
        out.push('…');
    }
}

/// The snippet of `location` in `text` as a `<pre>`, or `None` when it has no place there.
/// Secrets are masked in the source before it is escaped: the page-level mask cannot see
/// `password: &quot;hunter2&quot;` as the assignment it was (masking keeps byte offsets, so
/// the location still points at the same characters).
fn snippet(text: &str, location: &Location) -> Option<String> {
    let text = accord_model::redact::mask(text);
    let excerpt = excerpt(&text, location)?;
    let mut out = String::from("<pre class=\"snippet\">");
    let mut offset = 0;
    for (i, line) in excerpt.text.split('\n').enumerate() {
        if i == MAX_SNIPPET_LINES {
            out.push_str("<span class=\"ln\">…</span>\n");
            break;
        }
        let line_range = offset..offset + line.len();
        offset += line.len() + 1;
        let line = line.strip_suffix('\r').unwrap_or(line);
        let start = excerpt.range.start.clamp(line_range.start, line_range.end) - line_range.start;
        let end = excerpt.range.end.clamp(line_range.start, line_range.end) - line_range.start;
        let (start, end) = (
            floor_boundary(line, start),
            floor_boundary(line, end.max(start)),
        );
        let _ = write!(out, "<span class=\"ln\">{}</span>", excerpt.first_line + i);
        snippet_line(&mut out, line, start..end);
        out.push('\n');
    }
    out.push_str("</pre>");
    Some(out)
}

/// Drawing constants, in SVG user units (pixels at 100 %).
const NODE_H: f64 = 28.0;
const ROW_GAP: f64 = 18.0;
const COL_GAP: f64 = 96.0;
const CHAR_W: f64 = 7.3;
const PAD: f64 = 16.0;

fn label_of(name: &str) -> String {
    if name.chars().count() > MAX_LABEL_CHARS {
        let cut: String = name.chars().take(MAX_LABEL_CHARS - 1).collect();
        format!("{cut}…")
    } else {
        name.to_string()
    }
}

/// The pack graph as an inline SVG, laid out by [`layout::layer`].
fn graph_svg(graph: &PackGraph, impacted: &BTreeSet<&str>) -> String {
    let index: BTreeMap<&str, usize> = graph
        .packs
        .iter()
        .enumerate()
        .map(|(i, p)| (p.as_str(), i))
        .collect();
    // One line per pair of packs, whatever makes it: its style says the strongest reason.
    let mut pairs: BTreeMap<(usize, usize), (BTreeSet<EdgeKind>, usize, bool)> = BTreeMap::new();
    for edge in &graph.edges {
        let (Some(&a), Some(&b)) = (
            index.get(edge.provider.as_str()),
            index.get(edge.consumer.as_str()),
        ) else {
            continue;
        };
        let entry = pairs.entry((a, b)).or_default();
        entry.0.insert(edge.kind);
        entry.1 += edge.sites.len();
        entry.2 |= edge.allowed;
    }
    let edges: Vec<(usize, usize)> = pairs.keys().copied().collect();
    let layers = layout::layer(graph.packs.len(), &edges);
    let labels: Vec<String> = graph.packs.iter().map(|p| label_of(p)).collect();
    let width_of = |i: usize| labels[i].chars().count() as f64 * CHAR_W + 20.0;
    let mut col_width = vec![0.0f64; layers.columns];
    let mut col_len = vec![0usize; layers.columns];
    for i in 0..graph.packs.len() {
        let c = layers.column[i];
        col_width[c] = col_width[c].max(width_of(i));
        col_len[c] += 1;
    }
    let mut col_x = Vec::with_capacity(layers.columns);
    let mut x = PAD;
    for w in &col_width {
        col_x.push(x);
        x += w + COL_GAP;
    }
    let width = (x - COL_GAP + PAD).max(2.0 * PAD);
    // Edges to the next column are S-curves between the boxes' sides. Longer edges would
    // run through the boxes in between, so they arc: forward ones over the top, edges
    // closing a cycle (back to an earlier column) under the bottom, higher the further
    // they reach so arcs of different lengths nest instead of overlapping.
    let span = |a: usize, b: usize| layers.column[b] as isize - layers.column[a] as isize;
    let lift = |reach: isize| 16.0 + 14.0 * reach.unsigned_abs() as f64;
    let (mut over, mut under) = (0.0f64, 0.0f64);
    for &(a, b) in pairs.keys() {
        match span(a, b) {
            1 => {}
            n if n > 1 => over = over.max(lift(n) * 0.75),
            n => under = under.max(lift(n) * 0.75),
        }
    }
    let step = NODE_H + ROW_GAP;
    let height = (PAD * 2.0 + over + under + layers.rows as f64 * step - ROW_GAP).max(2.0 * PAD);
    let pos = |i: usize| {
        let c = layers.column[i];
        let centring = (layers.rows - col_len[c]) as f64 * step / 2.0;
        (
            col_x[c],
            PAD + over + centring + layers.row[i] as f64 * step,
        )
    };
    let in_cycle = |a: &str, b: &str| {
        graph
            .cycles
            .iter()
            .any(|c| c.iter().any(|x| x == a) && c.iter().any(|x| x == b))
    };

    let mut out = String::new();
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"pack-graph\" role=\"img\" \
         aria-label=\"pack graph\" width=\"{width:.0}\" height=\"{height:.0}\" \
         viewBox=\"0 0 {width:.0} {height:.0}\">\
         <defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" \
         markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\">\
         <path d=\"M0,0L10,5L0,10z\"/></marker></defs>"
    );
    for (&(a, b), (kinds, sites, allowed)) in &pairs {
        let (xa, ya) = pos(a);
        let (xb, yb) = pos(b);
        let (ca, cb) = (xa + width_of(a) / 2.0, xb + width_of(b) / 2.0);
        let d = match span(a, b) {
            1 => {
                let (x1, y1) = (xa + width_of(a), ya + NODE_H / 2.0);
                let (x2, y2) = (xb, yb + NODE_H / 2.0);
                let bend = ((x2 - x1) / 2.0).max(24.0);
                format!(
                    "M{x1:.1},{y1:.1} C{:.1},{y1:.1} {:.1},{y2:.1} {x2:.1},{y2:.1}",
                    x1 + bend,
                    x2 - bend
                )
            }
            n if n > 1 => format!(
                "M{ca:.1},{ya:.1} C{ca:.1},{:.1} {cb:.1},{:.1} {cb:.1},{yb:.1}",
                ya - lift(n),
                yb - lift(n)
            ),
            n => {
                let (ya, yb) = (ya + NODE_H, yb + NODE_H);
                format!(
                    "M{ca:.1},{ya:.1} C{ca:.1},{:.1} {cb:.1},{:.1} {cb:.1},{yb:.1}",
                    ya + lift(n),
                    yb + lift(n)
                )
            }
        };
        let style = if kinds.contains(&EdgeKind::Contract) {
            "contract"
        } else if kinds.contains(&EdgeKind::Import) {
            "import"
        } else {
            "dependency"
        };
        let (pa, pb) = (&graph.packs[a], &graph.packs[b]);
        let cycle = if in_cycle(pa, pb) { " cycle" } else { "" };
        let kinds: Vec<&str> = kinds.iter().map(|k| k.as_str()).collect();
        let _ = writeln!(
            out,
            "<path class=\"edge {style}{cycle}\" marker-end=\"url(#arrow)\" d=\"{d}\">\
             <title>{} → {}: {} ({}){}</title></path>",
            esc(pa),
            esc(pb),
            kinds.join(", "),
            plural(*sites, "site"),
            if *allowed { ", allowed" } else { "" },
        );
    }
    for (i, name) in graph.packs.iter().enumerate() {
        let (x, y) = pos(i);
        let class = if impacted.contains(name.as_str()) {
            "pack impacted"
        } else {
            "pack"
        };
        let _ = writeln!(
            out,
            "<g class=\"{class}\" data-pack=\"{}\"><title>{}</title>\
             <rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{NODE_H}\" rx=\"6\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\">{}</text></g>",
            esc(name),
            esc(name),
            width_of(i),
            x + 10.0,
            y + NODE_H / 2.0 + 4.0,
            esc(&labels[i]),
        );
    }
    out.push_str("</svg>");
    out
}

impl HtmlEmitter {
    fn decision(report: &Report<'_>, html: &mut String) {
        let Some(decision) = report.decision else {
            return;
        };
        let outcome = decision.outcome.as_str();
        let _ = write!(
            html,
            "<h2>Decision</h2><section class=\"card\" id=\"decision\" data-outcome=\"{outcome}\">\
             <div class=\"outcome {outcome}\">{outcome}</div>"
        );
        if !decision.reasons.is_empty() {
            html.push_str("<ul class=\"reasons\">");
            for reason in &decision.reasons {
                let _ = write!(html, "<li>{}</li>", prose(reason));
            }
            html.push_str("</ul>");
        }
        let epic = serde_json::to_value(decision.epic_class)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let _ = write!(html, "<p><b>Epic class:</b> {}", esc(&epic));
        if !decision.epic_reason.is_empty() {
            let _ = write!(html, " — {}", prose(&decision.epic_reason));
        }
        html.push_str("</p>");
        if !decision.required_actions.is_empty() {
            html.push_str("<h3>Required actions</h3><ul id=\"required-actions\">");
            for action in &decision.required_actions {
                let _ = write!(
                    html,
                    "<li data-condition=\"{}\">{}{} <code>{}</code></li>",
                    esc(&action.condition),
                    if action.blocking {
                        "<span class=\"blocking\">blocking</span> "
                    } else {
                        ""
                    },
                    prose(&action.action),
                    esc(&action.condition),
                );
            }
            html.push_str("</ul>");
        }
        if !decision.impacted_consumers.is_empty() {
            html.push_str("<h3>Impacted consumers</h3><ul id=\"impacted-consumers\">");
            for consumer in &decision.impacted_consumers {
                let _ = write!(html, "<li><code>{}</code></li>", esc(consumer));
            }
            html.push_str("</ul>");
        }
        if !decision.required_reviewers.is_empty() {
            html.push_str("<h3>Required reviewers</h3><ul>");
            for reviewer in &decision.required_reviewers {
                let _ = write!(
                    html,
                    "<li><b>{}</b> — {}",
                    esc(&reviewer.role),
                    prose(&reviewer.reason)
                );
                if !reviewer.candidates.is_empty() {
                    let _ = write!(
                        html,
                        " <span class=\"muted\">({})</span>",
                        esc(&reviewer.candidates.join(", "))
                    );
                }
                if let Some(by) = &reviewer.reviewed_by {
                    // A Reviewed-by line is the author's word, not a review: say which.
                    let how = reviewer.evidence.map_or("reviewed", |e| e.describe());
                    let _ = write!(html, " — {how} by {}", esc(by));
                }
                html.push_str("</li>");
            }
            html.push_str("</ul>");
        }
        html.push_str("</section>\n");
    }

    fn overview(report: &Report<'_>, impacted: &BTreeSet<&str>, html: &mut String) {
        let Some(overview) = report.overview else {
            return;
        };
        if !overview.facts.is_empty() {
            html.push_str("<table class=\"facts\">");
            for (label, value) in &overview.facts {
                let _ = write!(
                    html,
                    "<tr><th>{}</th><td>{}</td></tr>",
                    esc(label),
                    esc(value)
                );
            }
            html.push_str("</table>\n");
        }
        if let Some(graph) = overview.graph.filter(|g| !g.packs.is_empty()) {
            html.push_str("<h2>Pack graph</h2>");
            if graph.packs.len() > MAX_DRAWN_PACKS {
                let _ = write!(
                    html,
                    "<p class=\"muted\">{} are too many to draw; <code>accord graph</code> \
                     gives the graph as DOT, Mermaid or JSON.</p>",
                    plural(graph.packs.len(), "pack")
                );
            } else {
                let _ = writeln!(
                    html,
                    "<div class=\"graph\">{}</div><p class=\"muted\">Provider → consumer. \
                     Solid: contract · dashed: import · dotted: package dependency · red: \
                     cycle · orange: impacted consumer.</p>",
                    graph_svg(graph, impacted)
                );
            }
        }
        if !overview.packs.is_empty() {
            let _ = write!(
                html,
                "<h2>Packs ({})</h2><table id=\"packs\"><tr><th>Pack</th><th>Paths</th></tr>",
                overview.packs.len()
            );
            for pack in &overview.packs {
                let name = if pack.display_name.is_empty() || pack.display_name == pack.name {
                    format!("<code>{}</code>", esc(&pack.name))
                } else {
                    format!(
                        "<code>{}</code> {}",
                        esc(&pack.name),
                        esc(&pack.display_name)
                    )
                };
                let paths: Vec<String> = pack
                    .paths
                    .iter()
                    .map(|p| format!("<code>{}</code>", esc(p)))
                    .collect();
                let _ = write!(html, "<tr><td>{name}</td><td>{}</td></tr>", paths.join(" "));
            }
            html.push_str("</table>\n");
        }
        if !overview.contracts.is_empty() {
            let _ = write!(
                html,
                "<h2>Contracts ({})</h2><table id=\"contracts\"><tr><th>Contract</th>\
                 <th>Version</th><th>Status</th><th>Provider → consumers</th><th>Artifacts</th>\
                 <th>File</th></tr>",
                overview.contracts.len()
            );
            for c in &overview.contracts {
                let _ = write!(
                    html,
                    "<tr><td>{}</td><td>{}</td><td>{}</td><td><code>{}</code> → {}</td>\
                     <td>{}</td><td><code>{}</code></td></tr>",
                    esc(&c.name),
                    esc(&c.version),
                    esc(&c.status),
                    esc(&c.provider),
                    esc(&c.consumers.join(", ")),
                    c.artifacts.map(|n| n.to_string()).unwrap_or_default(),
                    esc(&c.path),
                );
            }
            html.push_str("</table>\n");
        }
    }

    fn finding(report: &Report<'_>, index: usize, finding: &Finding, html: &mut String) {
        let class = finding.class.as_str();
        let _ = write!(
            html,
            "<article class=\"finding\" id=\"finding-{index}\" data-class=\"{class}\" \
             data-rule=\"{}\"><div><span class=\"badge {class}\">{class}</span> \
             <code class=\"rule\">{}</code> <span class=\"muted mono\">{}</span></div>\
             <p class=\"message\">{}</p>",
            esc(&finding.rule),
            esc(&finding.rule),
            esc(&location_text(&finding.location)),
            prose(&finding.message),
        );
        if !finding.location.path.is_empty() {
            let text = report
                .sources
                .source_at(&finding.location.path, finding.location.revision.as_deref());
            if let Some(snippet) = text.and_then(|text| snippet(&text, &finding.location)) {
                html.push_str(&snippet);
            }
        }
        for related in &finding.related {
            let _ = write!(
                html,
                "<p class=\"muted\">{} <span class=\"mono\">{}</span></p>",
                prose(&related.message),
                esc(&location_text(&related.location)),
            );
        }
        if let Some(help) = &finding.help {
            let _ = write!(html, "<p><b>help:</b> {}</p>", prose(help));
        }
        if !finding.impacted.is_empty() || !finding.impacted_indirect.is_empty() {
            let _ = write!(
                html,
                "<p><b>consumers:</b> {}",
                esc(&finding.impacted.join(", "))
            );
            if !finding.impacted_indirect.is_empty() {
                let _ = write!(
                    html,
                    " <span class=\"muted\">(indirect: {})</span>",
                    esc(&finding.impacted_indirect.join(", "))
                );
            }
            html.push_str("</p>");
        }
        let _ = writeln!(
            html,
            "<p class=\"muted mono\">bump: {} · fingerprint: {}</p></article>",
            finding.required_bump,
            esc(&finding.fingerprint)
        );
    }
}

impl Emitter for HtmlEmitter {
    fn emit(
        &self,
        report: &Report<'_>,
        _opts: &RenderOptions,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let findings = report.sorted_findings();
        let summary = report.summary();
        let title = report
            .overview
            .map(|o| o.title.as_str())
            .filter(|t| !t.is_empty())
            .unwrap_or("Accord report");
        let mut impacted: BTreeSet<&str> = findings
            .iter()
            .flat_map(|f| f.impacted.iter().chain(&f.impacted_indirect))
            .map(String::as_str)
            .collect();
        if let Some(decision) = report.decision {
            impacted.extend(decision.impacted_consumers.iter().map(String::as_str));
        }

        let mut html = String::with_capacity(16 * 1024 + 1024 * findings.len());
        let _ = write!(
            html,
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
             style-src {}; script-src {}; base-uri 'none'; form-action 'none'\">\
             <meta name=\"referrer\" content=\"no-referrer\">\
             <title>Accord — {}</title><style>{STYLE}</style></head>\n<body>\
             <header><h1>Accord — {}</h1><p class=\"muted\" id=\"summary\">",
            STYLE_SLOT,
            SCRIPT_SLOT,
            esc(title),
            esc(title),
        );
        let _ = write!(
            html,
            "{} · {} BREAKING · {} RISKY · {} SAFE · required bump: <b>{}</b>",
            plural(summary.findings, "finding"),
            summary.by_class.breaking,
            summary.by_class.risky,
            summary.by_class.safe,
            summary.required_bump,
        );
        if let Some(decision) = report.decision {
            let _ = write!(
                html,
                " · decision: <a href=\"#decision\">{}</a>",
                decision.outcome
            );
        }
        html.push_str("</p></header>\n<main>\n");

        Self::decision(report, &mut html);
        Self::overview(report, &impacted, &mut html);

        let _ = writeln!(html, "<h2>Findings ({})</h2>", findings.len());
        if findings.is_empty() {
            html.push_str("<p id=\"no-findings\">No contract findings.</p>\n");
        } else {
            html.push_str("<fieldset id=\"filter\"><legend>Show</legend>");
            for class in Class::ALL.into_iter().rev() {
                let _ = write!(
                    html,
                    "<label><input type=\"checkbox\" data-filter=\"{class}\" checked> \
                     <span class=\"badge {class}\">{class}</span> {}</label>",
                    summary.by_class.get(class)
                );
            }
            let _ = writeln!(
                html,
                "<span class=\"muted\"><span id=\"shown\">{}</span> shown</span></fieldset>",
                findings.len()
            );
            // Grouped by contract in name order; findings about no contract come last.
            let mut groups: BTreeMap<Option<&str>, Vec<(usize, &Finding)>> = BTreeMap::new();
            for (i, finding) in findings.iter().enumerate() {
                groups
                    .entry(finding.contract.as_deref())
                    .or_default()
                    .push((i, finding));
            }
            let none = groups.remove(&None);
            let ordered = groups.into_iter().chain(none.map(|v| (None, v)));
            for (contract, members) in ordered {
                let heading = match contract {
                    Some(name) => format!("<code>{}</code>", esc(name)),
                    None => "Not about one contract".to_string(),
                };
                let _ = writeln!(
                    html,
                    "<section class=\"group\" data-contract=\"{}\"><h3>{heading} \
                     <span class=\"muted\">({})</span></h3>",
                    esc(contract.unwrap_or("")),
                    plural(members.len(), "finding"),
                );
                for (i, finding) in members {
                    Self::finding(report, i, finding, &mut html);
                }
                html.push_str("</section>\n");
            }
        }
        let _ = writeln!(
            html,
            "<p class=\"muted\">accord {}</p></main>\n<script>{SCRIPT}</script>\n</body></html>",
            esc(report.tool_version)
        );
        out.write_all(html.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_covers_markup_quotes_and_controls() {
        assert_eq!(
            esc("<script>alert('x')</script> & \"q\"\u{1b}[31m\u{202e}"),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;[31m"
        );
    }

    #[test]
    fn code_spans_become_code_and_stay_escaped() {
        assert_eq!(
            prose("section `<b>` removed, it`s"),
            "section <code>&lt;b&gt;</code> removed, it`s"
        );
        assert_eq!(prose("``"), "<code></code>");
    }

    #[test]
    fn seal_fills_only_the_first_slots() {
        let page = format!("{STYLE_SLOT} {SCRIPT_SLOT} {SCRIPT_SLOT}");
        let sealed = seal(page);
        assert!(sealed.starts_with("'sha256-"), "{sealed}");
        assert!(sealed.ends_with(SCRIPT_SLOT), "{sealed}");
    }

    #[test]
    fn long_lines_are_windowed_around_the_mark() {
        let line = format!("{}NEEDLE{}", "a".repeat(5000), "b".repeat(5000));
        let mut out = String::new();
        snippet_line(&mut out, &line, 5000..5006);
        assert!(out.contains("<mark>NEEDLE</mark>"), "{out}");
        assert!(out.chars().count() < MAX_LINE_CHARS + 40, "{}", out.len());
        assert!(out.starts_with('…') && out.ends_with('…'));
    }

    #[test]
    fn a_mark_past_a_cut_line_keeps_the_window_valid() {
        let line = "é".repeat(1000);
        let mut out = String::new();
        snippet_line(&mut out, &line, 1999..2000);
        assert!(out.starts_with('…'));
    }

    #[test]
    fn snippet_marks_the_span_and_numbers_lines() {
        let text = "one\ntwo <b>\nthree\n";
        let location = Location::new("f", 2, 5);
        let html = snippet(text, &location).unwrap();
        assert_eq!(
            html,
            "<pre class=\"snippet\"><span class=\"ln\">2</span>two <mark>&lt;b&gt;</mark>\n</pre>"
        );
    }
}
