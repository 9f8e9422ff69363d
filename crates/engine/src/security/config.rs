//! `[packs.NAME.security]`: what each pack may do and which of its calls carry untrusted
//! text or reach a model. A closed schema, like the rest of `accord.toml`: an unknown key
//! or capability is an error pointing into the manifest, with a "did you mean".
//!
//! ```toml
//! [packs.mmos.security]
//! capabilities = ["net", "env"]
//! untrusted_inputs = ["read_email"]     # calls returning text an outsider controls
//! prompt_sinks = ["ask_model"]          # calls sending text to a model
//! sanitizers = ["quote_untrusted"]      # calls whose result is safe to send
//! ```

use crate::{ConfigError, EngineError};
use accord_contract::{Diagnostic, did_you_mean};
use accord_model::Span;
use accord_model::manifest::Manifest;
use accord_surface::capabilities::Capability;
use accord_surface::flow::Declared;

const KEYS: &[&str] = &[
    "capabilities",
    "untrusted_inputs",
    "prompt_sinks",
    "sanitizers",
];

/// One pack's declarations.
#[derive(Debug, Clone, Default)]
pub struct PackSecurity {
    /// Declared capabilities, each with its span in the manifest.
    pub capabilities: Vec<(Capability, Span)>,
    /// Untrusted inputs, prompt sinks and sanitizers.
    pub declared: Declared,
    /// The `[packs.NAME.security]` table (or the pack's header when it has none).
    pub span: Span,
}

/// Every pack's declarations, in manifest order; `None` when no pack has a
/// `[packs.NAME.security]` table, i.e. the project has not opted into capability checks.
pub fn parse(manifest: &Manifest, text: &str) -> Result<Option<Vec<PackSecurity>>, EngineError> {
    if !manifest
        .packs
        .iter()
        .any(|p| p.sections.contains_key("security"))
    {
        return Ok(None);
    }
    let mut diagnostics = Vec::new();
    let mut out = Vec::new();
    for pack in &manifest.packs {
        let Some(section) = pack.sections.get("security") else {
            out.push(PackSecurity {
                span: pack.span,
                ..PackSecurity::default()
            });
            continue;
        };
        let mut sec = PackSecurity {
            span: section.span_of(""),
            ..PackSecurity::default()
        };
        let at = |pointer: &str| section.span_of(pointer);
        let mut diag = |span: Span, message: String, label: &str, help: Option<String>| {
            let mut d = Diagnostic::new(&manifest.path, text, span, message, label);
            d.help = help;
            diagnostics.push(d);
        };
        let Some(table) = section.value.as_object() else {
            continue;
        };
        for (key, value) in table {
            let pointer = format!("/{key}");
            if !KEYS.contains(&key.as_str()) {
                diag(
                    at(&pointer),
                    format!("unknown key `{key}` in [packs.{}.security]", pack.name),
                    "unknown key",
                    Some(match did_you_mean(key, KEYS) {
                        Some(guess) => format!("did you mean `{guess}`?"),
                        None => format!("expected one of {}", KEYS.join(", ")),
                    }),
                );
                continue;
            }
            let Some(items) = value.as_array() else {
                diag(
                    at(&pointer),
                    format!(
                        "`{key}` of [packs.{}.security] must be a list of strings",
                        pack.name
                    ),
                    "expected a list",
                    None,
                );
                continue;
            };
            for (i, item) in items.iter().enumerate() {
                let span = at(&format!("{pointer}/{i}"));
                let Some(s) = item.as_str().filter(|s| !s.trim().is_empty()) else {
                    diag(
                        span,
                        format!("`{key}` entries must be non-empty strings"),
                        "expected a string",
                        None,
                    );
                    continue;
                };
                match key.as_str() {
                    "capabilities" => match Capability::parse(s) {
                        Some(c) if sec.capabilities.iter().any(|(d, _)| *d == c) => diag(
                            span,
                            format!("capability `{s}` is declared twice"),
                            "duplicate",
                            None,
                        ),
                        Some(c) => sec.capabilities.push((c, span)),
                        None => {
                            let names: Vec<&str> =
                                Capability::ALL.iter().map(|c| c.name()).collect();
                            diag(
                                span,
                                format!("unknown capability `{s}`"),
                                "not a capability",
                                Some(match did_you_mean(s, &names) {
                                    Some(guess) => format!("did you mean `{guess}`?"),
                                    None => format!("capabilities are {}", names.join(", ")),
                                }),
                            );
                        }
                    },
                    "untrusted_inputs" => sec.declared.sources.push(s.to_string()),
                    "prompt_sinks" => sec.declared.sinks.push(s.to_string()),
                    _ => sec.declared.sanitizers.push(s.to_string()),
                }
            }
        }
        out.push(sec);
    }
    if diagnostics.is_empty() {
        Ok(Some(out))
    } else {
        Err(ConfigError {
            display_path: manifest.path.clone(),
            text: text.to_string(),
            diagnostics,
        }
        .into())
    }
}
