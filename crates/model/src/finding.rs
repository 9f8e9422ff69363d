use crate::{Bump, Class, Level, Location, RuleMeta};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// A secondary place that explains a finding, e.g. "required by contract X v1.0.0".
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Related {
    /// Where.
    pub location: Location,
    /// Why this place matters.
    pub message: String,
}

/// One thing Accord has to say: a violation or a classified change. Findings are data;
/// operational failures are errors and never become findings.
///
/// The JSON field names are a public interface (`docs/schemas/report.schema.json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// The id of the rule that produced it.
    pub rule: String,
    /// SAFE, RISKY or BREAKING.
    pub class: Class,
    /// Version bump this finding requires of its contract.
    pub required_bump: Bump,
    /// How loudly to report it; set by policy, defaults from the class.
    pub level: Level,
    /// One sentence, specific to this occurrence.
    pub message: String,
    /// The primary place.
    pub location: Location,
    /// Secondary places.
    #[serde(default)]
    pub related: Vec<Related>,
    /// Name of the contract concerned, if any, without its version so the fingerprint
    /// survives a version bump (e.g. `MMOS → CreatorOS Voice Integration`).
    #[serde(default)]
    pub contract: Option<String>,
    /// Packs that consume what changed, directly.
    #[serde(default)]
    pub impacted: Vec<String>,
    /// Packs downstream of a direct consumer (pipelines).
    #[serde(default)]
    pub impacted_indirect: Vec<String>,
    /// Stable identity: rule + contract + logical path, never line numbers.
    pub fingerprint: String,
    /// How to fix it.
    #[serde(default)]
    pub help: Option<String>,
    /// Logical path inside the contract or artifact (`interface.required_sections[Cognitive Patterns]`).
    /// Part of the fingerprint, so it survives line moves.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub logical_path: String,
}

impl Finding {
    /// A finding of `rule` with an explicit class and bump.
    pub fn new(
        rule: impl Into<String>,
        class: Class,
        required_bump: Bump,
        message: impl Into<String>,
    ) -> Finding {
        let mut finding = Finding {
            rule: rule.into(),
            class,
            required_bump,
            level: Level::default_for(class),
            message: message.into(),
            location: Location::default(),
            related: Vec::new(),
            contract: None,
            impacted: Vec::new(),
            impacted_indirect: Vec::new(),
            fingerprint: String::new(),
            help: None,
            logical_path: String::new(),
        };
        finding.refresh_fingerprint();
        finding
    }

    /// A finding with the rule's declared class and bump.
    pub fn of(rule: &RuleMeta, message: impl Into<String>) -> Finding {
        Finding::new(rule.id, rule.class, rule.bump, message)
    }

    /// Sets the primary location. The fingerprint uses the path only when no contract
    /// is set, so an artifact's finding survives edits that move lines.
    pub fn at(mut self, location: Location) -> Finding {
        self.location = location;
        self.refresh_fingerprint();
        self
    }

    /// Adds a secondary location.
    pub fn related(mut self, location: Location, message: impl Into<String>) -> Finding {
        self.related.push(Related {
            location,
            message: message.into(),
        });
        self
    }

    /// Names the contract concerned.
    pub fn with_contract(mut self, contract: impl Into<String>) -> Finding {
        self.contract = Some(contract.into());
        self.refresh_fingerprint();
        self
    }

    /// Sets the logical path (part of the fingerprint).
    pub fn with_logical_path(mut self, path: impl Into<String>) -> Finding {
        self.logical_path = path.into();
        self.refresh_fingerprint();
        self
    }

    /// Sets the help text.
    pub fn with_help(mut self, help: impl Into<String>) -> Finding {
        self.help = Some(help.into());
        self
    }

    /// Lists the packs this finding hits directly.
    pub fn with_impacted(mut self, packs: impl IntoIterator<Item = impl Into<String>>) -> Finding {
        self.impacted = packs.into_iter().map(Into::into).collect();
        self
    }

    /// Overrides the class (policy does this) and the default level with it.
    pub fn with_class(mut self, class: Class) -> Finding {
        self.class = class;
        self.level = Level::default_for(class);
        self
    }

    fn refresh_fingerprint(&mut self) {
        // The artifact path stands in for the contract only when there is no contract:
        // a contract's findings must survive the file being renamed on a version bump.
        let anchor = match &self.contract {
            Some(contract) => contract.as_str(),
            None => self.location.path.as_str(),
        };
        let rule = crate::rule::fingerprint_id(&self.rule, crate::rule::REDIRECTS);
        self.fingerprint = fingerprint(&[rule, anchor, &self.logical_path]);
    }
}

/// A short, stable hash of the given parts (16 hex digits of SHA-256).
pub fn fingerprint(parts: &[&str]) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part.as_bytes());
        hasher.update([0u8]);
    }
    let digest = hasher.finalize();
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_ignores_line_moves() {
        let a = Finding::new("r", Class::Risky, Bump::Minor, "m")
            .with_contract("A → B")
            .with_logical_path("x.y")
            .at(Location::new("c.yaml", 3, 1));
        let b = a.clone().at(Location::new("c.yaml", 30, 7));
        assert_eq!(a.fingerprint, b.fingerprint);
    }

    #[test]
    fn fingerprint_separates_parts() {
        assert_ne!(fingerprint(&["ab", "c"]), fingerprint(&["a", "bc"]));
    }
}
