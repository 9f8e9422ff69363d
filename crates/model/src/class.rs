use serde::{Deserialize, Serialize};
use std::fmt;

/// How a change or a violation affects the consumers of a contract (seed 003 §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Class {
    /// Consumers are unaffected.
    Safe,
    /// Consumers may be affected; a human should look.
    Risky,
    /// Consumers break unless they change.
    Breaking,
}

impl Class {
    /// Every class, mildest first.
    pub const ALL: [Class; 3] = [Class::Safe, Class::Risky, Class::Breaking];

    /// The upper-case name used in reports and policy files.
    pub fn as_str(self) -> &'static str {
        match self {
            Class::Safe => "SAFE",
            Class::Risky => "RISKY",
            Class::Breaking => "BREAKING",
        }
    }

    /// Parses `SAFE`, `RISKY` or `BREAKING`, case-insensitively.
    pub fn parse(text: &str) -> Option<Class> {
        Class::ALL
            .into_iter()
            .find(|c| c.as_str().eq_ignore_ascii_case(text.trim()))
    }
}

impl fmt::Display for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The semantic-version bump a change requires (seed 000 "Contract Versioning").
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Bump {
    /// No release needed.
    #[default]
    None,
    /// Bug fixes and clarifications.
    Patch,
    /// New optional things, backward compatible.
    Minor,
    /// Consumers must update.
    Major,
}

impl Bump {
    /// The lower-case name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }

    /// Parses `none`, `patch`, `minor` or `major`, case-insensitively.
    pub fn parse(text: &str) -> Option<Bump> {
        [Bump::None, Bump::Patch, Bump::Minor, Bump::Major]
            .into_iter()
            .find(|b| b.as_str().eq_ignore_ascii_case(text.trim()))
    }
}

impl fmt::Display for Bump {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How loudly a finding is reported once policy has looked at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Shown for information; never fails a run.
    Note,
    /// Shown prominently; does not fail a run.
    Warning,
    /// Fails the run (exit code 1).
    Error,
}

impl Level {
    /// The lower-case name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Note => "note",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }

    /// The level a class gets when no policy says otherwise.
    pub fn default_for(class: Class) -> Level {
        match class {
            Class::Safe => Level::Note,
            Class::Risky => Level::Warning,
            Class::Breaking => Level::Error,
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
