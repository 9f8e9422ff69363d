//! The license policy: which SPDX licenses are allowed, and whether an SPDX expression
//! (`MIT OR Apache-2.0`, `GPL-2.0-or-later WITH Classpath-exception-2.0`) satisfies it.

use spdx::{Expression, LicenseId};

/// Seed 002: "License is permissive (MIT, Apache-2.0, BSD)". ISC, Zlib and the like are
/// the same family and common in registries.
const PERMISSIVE: &[&str] = &[
    "MIT",
    "MIT-0",
    "Apache-2.0",
    "BSD-2-Clause",
    "BSD-3-Clause",
    "0BSD",
    "ISC",
    "Zlib",
    "Unicode-3.0",
    "Unicode-DFS-2016",
];

/// The set of licenses allowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LicensePolicy {
    allowed: Vec<LicenseId>,
}

/// What checking an expression concluded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Some choice the expression offers uses allowed licenses only.
    Allowed,
    /// No choice does; the licenses that blocked it.
    Denied(Vec<String>),
    /// The text is not an SPDX expression.
    Invalid {
        /// The parser's reason.
        reason: String,
        /// Byte range of the problem within the expression.
        span: std::ops::Range<usize>,
    },
}

impl LicensePolicy {
    /// The seed's permissive default.
    pub fn permissive() -> LicensePolicy {
        LicensePolicy::allowing(PERMISSIVE.iter().filter_map(|n| spdx::license_id(n)))
    }

    /// Exactly these licenses.
    pub fn allowing(ids: impl IntoIterator<Item = LicenseId>) -> LicensePolicy {
        LicensePolicy {
            allowed: ids.into_iter().collect(),
        }
    }

    /// True when the license with this SPDX id is allowed.
    pub fn allows_id(&self, id: &str) -> bool {
        spdx::license_id(id).is_some_and(|id| self.allowed.contains(&id))
    }

    /// The allowed identifiers, for messages.
    pub fn names(&self) -> Vec<&'static str> {
        self.allowed.iter().map(|id| id.name).collect()
    }

    /// Parses `expression` strictly (SPDX 2.3 syntax) and evaluates it: an `OR` is satisfied
    /// when either side is, an `AND` when both are; a `WITH` exception only adds
    /// permissions, so it neither makes a disallowed license allowed nor an allowed one
    /// disallowed; `GPL-2.0+` is the license GPL-2.0 "or later".
    pub fn check(&self, expression: &str) -> Verdict {
        self.check_mode(expression, spdx::ParseMode::STRICT)
    }

    /// [`LicensePolicy::check`] for package metadata written before SPDX was required:
    /// crates.io and npm still serve `MIT/Apache-2.0` and `Apache-2.0 / MIT`, which mean
    /// `OR`, and imprecise names such as `Apache 2.0`.
    pub fn check_metadata(&self, expression: &str) -> Verdict {
        self.check_mode(expression, spdx::ParseMode::LAX)
    }

    fn check_mode(&self, expression: &str, mode: spdx::ParseMode) -> Verdict {
        let parsed = match Expression::parse_mode(expression, mode) {
            Ok(e) => e,
            Err(e) => {
                return Verdict::Invalid {
                    reason: e.reason.to_string(),
                    span: e.span,
                };
            }
        };
        let allow = |req: &spdx::LicenseReq| {
            req.license
                .id()
                .is_some_and(|id| self.allowed.contains(&id))
        };
        if parsed.evaluate(allow) {
            return Verdict::Allowed;
        }
        let mut denied: Vec<String> = Vec::new();
        if let Err(failures) = parsed.evaluate_with_failures(allow) {
            for req in failures {
                let text = req.req.to_string();
                if !denied.contains(&text) {
                    denied.push(text);
                }
            }
        }
        Verdict::Denied(denied)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permissive_choices_pass_copyleft_does_not() {
        let p = LicensePolicy::permissive();
        assert_eq!(p.check("MIT"), Verdict::Allowed);
        assert_eq!(p.check("MIT OR GPL-3.0-only"), Verdict::Allowed);
        assert_eq!(
            p.check("(MIT OR Apache-2.0) AND BSD-3-Clause"),
            Verdict::Allowed
        );
        assert_eq!(
            p.check("GPL-3.0-or-later"),
            Verdict::Denied(vec!["GPL-3.0-or-later".to_string()])
        );
        assert!(
            matches!(p.check("MIT AND GPL-2.0-only"), Verdict::Denied(d) if d == ["GPL-2.0-only"])
        );
    }

    #[test]
    fn invalid_expressions_say_where() {
        let p = LicensePolicy::permissive();
        match p.check("MIT OR") {
            Verdict::Invalid { span, .. } => assert!(span.start >= 3, "{span:?}"),
            other => panic!("{other:?}"),
        }
        assert!(matches!(p.check("Not-A-License"), Verdict::Invalid { .. }));
        assert!(matches!(p.check(""), Verdict::Invalid { .. }));
    }

    #[test]
    fn legacy_metadata_spellings_are_read_leniently_only_for_packages() {
        let p = LicensePolicy::permissive();
        assert!(matches!(p.check("MIT/Apache-2.0"), Verdict::Invalid { .. }));
        assert_eq!(p.check_metadata("MIT/Apache-2.0"), Verdict::Allowed);
        assert_eq!(p.check_metadata("Apache-2.0 / MIT"), Verdict::Allowed);
        assert!(matches!(p.check_metadata("GPL-3.0"), Verdict::Denied(_)));
    }

    #[test]
    fn an_exception_does_not_launder_a_license() {
        assert_eq!(
            LicensePolicy::permissive().check("Apache-2.0 WITH LLVM-exception"),
            Verdict::Allowed
        );
        let p = LicensePolicy::permissive();
        assert!(matches!(
            p.check("GPL-2.0-only WITH Classpath-exception-2.0"),
            Verdict::Denied(_)
        ));
    }
}
