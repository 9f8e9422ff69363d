//! SecuritySentry in the tree check (seed 003): secrets in contracts, artifacts and pack
//! sources; contract fields classed SENSITIVE/CLINICAL in `outputs/`; personal data in
//! file names; capabilities a pack's code uses without declaring them; untrusted input
//! reaching a prompt sink.
//!
//! Every file is listed and read through the guarded layer (`accord_vcs::WorkingTree`:
//! `.gitignore` respected, nothing outside the root, bounded reads). A file that is binary,
//! not UTF-8, over the size limit or unreadable is skipped, never a failure: the scan is
//! evidence, and a hostile tree must not be able to stop the check. A source file that does
//! not parse is skipped too (the surface check reports it). Source files are parsed only
//! when their text holds a word the detectors look for, so packs that do none of it cost
//! one substring scan per file.
//!
//! Under `check --base` the change set is scanned for the secrets it *adds*
//! (`compare::added_secrets`); the tree's secret findings are dropped there so a secret
//! already in the base is not reported again ([`without_tree_secrets`]).

mod config;
pub mod data;

pub use config::{PackSecurity, parse as parse_config};

use crate::rules::{CAPABILITY_UNDECLARED, CAPABILITY_UNUSED, PROMPT_INJECTION_FLOW};
use crate::{EngineError, Workspace};
use accord_model::contract::Contract;
use accord_model::{Finding, Location, Span};
use accord_surface::capabilities::{Capability, CapabilityUse, capability_uses_in};
use accord_surface::flow::{Flow, prompt_flows_in};
use accord_surface::imports::{Parsed, SourceKind};
use accord_vcs::{Tree, WorkingTree};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// The rule ids of secrets, shared with the change-set scan.
const SECRET_RULES: [&str; 2] = ["secret-committed", "secret-suspected"];

/// Words whose presence makes a source file worth parsing for capabilities.
fn capability_words(kind: SourceKind) -> &'static [&'static str] {
    match kind {
        SourceKind::Rust => &[
            "process", "net", "env", "fs", "reqwest", "ureq", "hyper", "surf",
        ],
        SourceKind::Python => &[
            "subprocess",
            "pexpect",
            "sh",
            "socket",
            "requests",
            "urllib",
            "httpx",
            "aiohttp",
            "http",
            "smtplib",
            "ftplib",
            "os",
            "open",
            "write_",
            "shutil",
        ],
        _ => &[
            "child_process",
            "execa",
            "shelljs",
            "net",
            "http",
            "tls",
            "dgram",
            "axios",
            "fetch",
            "undici",
            "got",
            "ws",
            "process.env",
            "fs",
        ],
    }
}

/// What one file gave.
#[derive(Default)]
struct FileScan {
    findings: Vec<Finding>,
    used: Vec<CapabilityUse>,
}

/// SecuritySentry's findings about the tree of `ws`.
pub fn analyze(ws: &Workspace, contracts: &[Contract]) -> Result<Vec<Finding>, EngineError> {
    let config = parse_config(&ws.manifest, &ws.manifest_text)?;
    let packs = accord_policy::PackMap::new(&ws.manifest, &ws.manifest_text)
        .map_err(EngineError::policy)?;
    let tree = WorkingTree::new(&ws.root);
    let read = |path: &str| -> Option<String> {
        let bytes = tree.read(path).ok().flatten()?;
        if bytes.iter().take(8192).any(|b| *b == 0) {
            return None;
        }
        String::from_utf8(bytes).ok()
    };
    let protected = data::protected_fields(contracts, &|p: &str| read(p));
    let contracts_dir = format!("{}/", ws.manifest.contracts.dir.trim_end_matches('/'));
    let pack_index = |name: &str| ws.manifest.packs.iter().position(|p| p.answers_to(name));

    let mut findings = Vec::new();
    let mut scan: Vec<(String, Option<usize>)> = Vec::new();
    for path in tree.list("")? {
        findings.extend(data::pii_file_name(&path));
        let owner = packs.packs_of(&path).first().and_then(|o| pack_index(o));
        if owner.is_some() || path.starts_with(&contracts_dir) || data::in_outputs(&path) {
            scan.push((path, owner));
        }
    }

    let scans: Vec<FileScan> = scan
        .par_iter()
        .map(|(path, owner)| {
            let Some(text) = read(path) else {
                return FileScan::default();
            };
            let mut out = FileScan {
                findings: accord_policy::secrets::secrets_in(path, &text),
                used: Vec::new(),
            };
            if data::in_outputs(path) && !protected.is_empty() {
                out.findings
                    .extend(data::sensitive_keys(path, &text, &protected));
            }
            if let (Some(config), Some(owner), Some(kind)) = (&config, owner, SourceKind::of(path))
            {
                let sec = &config[*owner];
                let capabilities = capability_words(kind).iter().any(|w| text.contains(w));
                let flows = !sec.declared.is_empty() && mentions_both(&text, sec);
                // Parsed once for both: parsing is most of what either costs.
                if (capabilities || flows)
                    && let Ok(parsed) = Parsed::parse(kind, &text)
                {
                    if capabilities {
                        out.used = capability_uses_in(&parsed);
                    }
                    if flows {
                        out.findings.extend(
                            prompt_flows_in(&parsed, &sec.declared)
                                .iter()
                                .map(|f| flow_finding(path, &text, f)),
                        );
                    }
                }
            }
            out
        })
        .collect();

    let mut used: BTreeMap<usize, BTreeSet<Capability>> = BTreeMap::new();
    for ((path, owner), file) in scan.iter().zip(scans) {
        findings.extend(file.findings);
        let (Some(config), Some(owner)) = (&config, owner) else {
            continue;
        };
        let granted: BTreeSet<Capability> = config[*owner]
            .capabilities
            .iter()
            .map(|(c, _)| *c)
            .collect();
        let mut first: BTreeMap<Capability, (&CapabilityUse, usize)> = BTreeMap::new();
        for u in &file.used {
            used.entry(*owner).or_default().insert(u.capability);
            first.entry(u.capability).or_insert((u, 0)).1 += 1;
        }
        for (capability, (u, count)) in first {
            if granted.contains(&capability) {
                continue;
            }
            findings.push(undeclared(ws, path, *owner, capability, u, count));
        }
    }
    if let Some(config) = &config {
        for (i, sec) in config.iter().enumerate() {
            for (capability, span) in &sec.capabilities {
                if used.get(&i).is_some_and(|u| u.contains(capability)) {
                    continue;
                }
                let pack = &ws.manifest.packs[i].name;
                findings.push(
                    Finding::of(
                        &CAPABILITY_UNUSED,
                        format!(
                            "pack `{pack}` declares `{}` but none of its code is seen to use it",
                            capability.name()
                        ),
                    )
                    .at(Location::from_span(&ws.manifest.path, &ws.manifest_text, *span))
                    .with_logical_path(format!("capability:{pack}:{}", capability.name()))
                    .with_help("remove it from the list (least privilege), or approve this fingerprint naming the use Accord cannot see"),
                );
            }
        }
    }
    Ok(findings)
}

/// A file is parsed for flows only when it names one of the pack's sources and one of its
/// sinks.
fn mentions_both(text: &str, sec: &PackSecurity) -> bool {
    let last = |entry: &String| entry.rsplit(['.', ':']).next().unwrap_or(entry).to_string();
    sec.declared.sources.iter().any(|s| text.contains(&last(s)))
        && sec.declared.sinks.iter().any(|s| text.contains(&last(s)))
}

fn undeclared(
    ws: &Workspace,
    path: &str,
    owner: usize,
    capability: Capability,
    u: &CapabilityUse,
    count: usize,
) -> Finding {
    let pack = &ws.manifest.packs[owner].name;
    let more = match count {
        1 => String::new(),
        n => format!(
            " ({} more use{} in the file)",
            n - 1,
            if n == 2 { "" } else { "s" }
        ),
    };
    Finding::of(
        &CAPABILITY_UNDECLARED,
        format!(
            "`{}` in pack `{pack}` uses capability `{}` through `{}`, which the pack does not declare{more}",
            path,
            capability.name(),
            u.what
        ),
    )
    .at(Location::new(path, u.line, u.column))
    .with_logical_path(format!("capability:{}", capability.name()))
    .with_help(format!(
        "remove the use, or declare it after review: [packs.{pack}.security] capabilities = [\"{}\"]",
        capability.name()
    ))
}

fn flow_finding(path: &str, text: &str, flow: &Flow) -> Finding {
    let at = |start: usize, end: usize| Location::from_span(path, text, Span::new(start, end));
    let through = if flow.through.is_empty() {
        String::new()
    } else {
        format!(" through `{}`", flow.through.join("` → `"))
    };
    Finding::of(
        &PROMPT_INJECTION_FLOW,
        format!(
            "untrusted input from `{}` (line {}) reaches prompt sink `{}`{through} without a declared sanitizer",
            flow.source.callee, flow.source.line, flow.sink.callee
        ),
    )
    .at(at(flow.sink.start, flow.sink.end))
    .related(
        at(flow.source.start, flow.source.end),
        format!("untrusted input `{}`", flow.source.callee),
    )
    .with_logical_path(format!(
        "flow:{}→{}",
        flow.source.callee, flow.sink.callee
    ))
    .with_help("pass the value through a declared sanitizer (`sanitizers` in [packs.NAME.security]) or keep untrusted text out of the prompt")
}

/// `findings` without the tree's secret findings: under `check --base` only the secrets the
/// change adds are reported.
pub fn without_tree_secrets(findings: &mut Vec<Finding>) {
    findings.retain(|f| !SECRET_RULES.contains(&f.rule.as_str()));
}

/// Drops security findings that an unexpired approval allows (`accord check` without a
/// base, where no policy decision applies approvals): the allow-list by fingerprint with its
/// justification.
pub fn apply_approvals(
    ws: &Workspace,
    findings: &mut Vec<Finding>,
    today: time::Date,
) -> Result<(), EngineError> {
    let security: BTreeSet<&str> = SECRET_RULES
        .into_iter()
        .chain(
            [
                &CAPABILITY_UNDECLARED,
                &CAPABILITY_UNUSED,
                &PROMPT_INJECTION_FLOW,
                &crate::rules::PII_IN_FILE_NAME,
                &crate::rules::SENSITIVE_FIELD_IN_OUTPUT,
            ]
            .map(|r| r.id),
        )
        .collect();
    if !findings.iter().any(|f| security.contains(f.rule.as_str())) {
        return Ok(());
    }
    let policy = accord_policy::Policy::parse(
        ws.manifest.sections.get("policy"),
        "accord.toml",
        &ws.manifest_text,
    )
    .map_err(EngineError::policy)?;
    let Some(bytes) = ws.fs()?.read_optional(&policy.approvals_file)? else {
        return Ok(());
    };
    let text = String::from_utf8(bytes).map_err(|_| {
        EngineError::policy(format!("{} is not valid UTF-8", policy.approvals_file))
    })?;
    let approvals = accord_policy::Approvals::parse(&policy.approvals_file, &text)
        .map_err(EngineError::policy)?;
    // An entry counts only from someone holding the role the decision would ask for: the
    // approvals file is in the repository, so anyone can write a name into it.
    findings.retain_mut(|f| {
        let Some(approval) = approvals
            .get(&f.fingerprint)
            .filter(|a| a.expires >= today && security.contains(f.rule.as_str()))
        else {
            return true;
        };
        match accord_policy::may_approve_in_tree(&approval.approver, f, &ws.manifest) {
            Ok(_) => false,
            Err(needed) => {
                let ignored = format!(
                    "the approval by {} is ignored: it needs {needed}",
                    accord_model::display::one_line(&approval.approver)
                );
                f.help = Some(match f.help.take() {
                    Some(help) => format!("{help}; {ignored}"),
                    None => ignored,
                });
                true
            }
        }
    });
    Ok(())
}
