//! The `extension-license-not-allowed` rule.
use super::{Cx, removal};
use crate::VetError;
use crate::license::Verdict;
use accord_model::Finding;

accord_model::declare_rule! {
    /// ## What it does
    /// Reports a listed extension whose `license` is missing, is not a valid SPDX expression,
    /// or offers no choice of licenses that the policy (`licenses` of `[extensions]`,
    /// permissive by default: MIT, Apache-2.0, BSD, ISC…) allows.
    ///
    /// ## Why is this bad?
    /// The platform ships what it lists. A copyleft or unknown license changes what the
    /// platform's users may do with it; the extension policy admits permissive licenses
    /// only and removes an extension whose license changes to incompatible terms.
    ///
    /// ## Example
    /// ```json
    /// { "name": "md-preview", "tier": "community", "license": "GPL-3.0-only" }
    /// ```
    ///
    /// ## How to fix
    /// Use a release under an allowed license (`"license": "MIT"`), ask upstream to
    /// relicense, or remove the extension from the inclusion list and say so in CHANGELOG.md.
    pub static EXTENSION_LICENSE_NOT_ALLOWED = {
        id: "extension-license-not-allowed",
        group: "extension",
        class: Breaking,
        bump: None,
        summary: "a listed extension's license is missing, not SPDX, or not allowed by the license policy",
    }
}

pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) -> Result<(), VetError> {
    let name = &cx.ext.name;
    let allowed = cx.config.licenses.names().join(", ");
    let Some(license) = &cx.ext.license else {
        out.push(
            cx.finding(
                &EXTENSION_LICENSE_NOT_ALLOWED,
                "",
                format!("extension `{name}` lists no license"),
            )
            .with_help(format!(
                "add \"license\": an SPDX expression using {allowed}"
            )),
        );
        return Ok(());
    };
    let message = match cx.config.licenses.check(license) {
        Verdict::Allowed => return Ok(()),
        Verdict::Denied(blocking) => format!(
            "extension `{name}` is licensed `{license}`: {} not allowed by the license policy",
            if blocking.len() == 1 {
                format!("`{}` is", blocking[0])
            } else {
                format!("`{}` are", blocking.join("`, `"))
            }
        ),
        Verdict::Invalid { reason, span } => format!(
            "extension `{name}`: `{license}` is not a valid SPDX expression ({reason} at character {})",
            span.start + 1
        ),
    };
    out.push(
        cx.finding(&EXTENSION_LICENSE_NOT_ALLOWED, "license", message)
            .with_help(format!(
                "allowed: {allowed}; {}",
                removal("license changed to incompatible terms")
            )),
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{clean, of, vet};

    #[test]
    fn gpl_missing_and_invalid_licenses_fire() {
        for (extra, n) in [
            ("", 0),
            ("\"license\": \"MIT OR GPL-3.0-only\"", 0),
            ("\"license\": \"GPL-3.0-only\"", 1),
            ("\"license\": \"MIT AND AGPL-3.0-only\"", 1),
            ("\"license\": \"MIT OR\"", 1),
            ("\"license\": \"Bogus-1.0\"", 1),
        ] {
            let f = vet("[extensions]\n", &clean("a", extra), &[]);
            assert_eq!(of("extension-license-not-allowed", &f).len(), n, "{extra}");
        }
        let f = vet(
            "[extensions]\n",
            &clean("a", "\"license\": \"GPL-3.0-only\""),
            &[],
        );
        assert!(
            f[0].message.contains("`GPL-3.0-only` is not allowed"),
            "{}",
            f[0].message
        );
        assert!(f[0].help.as_deref().unwrap().contains("removal criterion"));
    }

    #[test]
    fn the_policy_is_configurable() {
        let toml = "[extensions]\nlicenses = ['MIT', 'GPL-3.0-only']\n";
        let f = vet(toml, &clean("a", "\"license\": \"GPL-3.0-only\""), &[]);
        assert!(of("extension-license-not-allowed", &f).is_empty());
    }
}
