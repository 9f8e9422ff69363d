use accord_model::{Location, Span};
use std::fmt;

/// One mistake in a configuration file (`[policy]` of `accord.toml`, `accord-approvals.toml`,
/// a pack glob), with the place it was made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// Where: file, line, column and byte span when known.
    pub location: Location,
    /// What is wrong, in a sentence.
    pub message: String,
}

impl ConfigError {
    /// An error at `span` of `path`, whose text is `source` (line and column are computed
    /// from it; pass `""` when the text is not at hand).
    pub fn at(path: &str, source: &str, span: Span, message: impl Into<String>) -> ConfigError {
        let location = if source.is_empty() {
            Location {
                path: path.to_string(),
                line: 0,
                column: 0,
                span: Some(span),
                revision: None,
            }
        } else {
            Location::from_span(path, source, span)
        };
        ConfigError {
            location,
            message: message.into(),
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let l = &self.location;
        if l.line > 0 {
            write!(f, "{}:{}:{}: {}", l.path, l.line, l.column, self.message)
        } else {
            write!(f, "{}: {}", l.path, self.message)
        }
    }
}

/// Every mistake found in one configuration file: they are all reported at once.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ConfigErrors(pub Vec<ConfigError>);

impl fmt::Display for ConfigErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl From<ConfigError> for ConfigErrors {
    fn from(e: ConfigError) -> Self {
        ConfigErrors(vec![e])
    }
}
