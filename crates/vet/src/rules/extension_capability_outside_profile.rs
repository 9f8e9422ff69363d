//! The `extension-capability-outside-profile` rule.
use super::Cx;
use crate::VetError;
use accord_model::Finding;

accord_model::declare_rule! {
    /// ## What it does
    /// Reports each capability a listed extension declares that the capability profile of
    /// its tier does not allow (`profile` of `[extensions.tiers.NAME]`, profiles under
    /// `[extensions.profiles.NAME]`; seed 002: safe, balanced, permissive).
    ///
    /// ## Why is this bad?
    /// The profile is the security boundary a tier's extensions run in. An extension that
    /// asks for more (`exec`, `env` from a community extension under `safe`) either fails
    /// at run time or, worse, gets a policy widened for it without a security review.
    ///
    /// ## Example
    /// ```json
    /// { "name": "shell-runner", "tier": "community", "capabilities": ["read", "exec"] }
    /// ```
    ///
    /// ## How to fix
    /// Drop the capability, move the extension to a tier whose profile allows it (after
    /// review), or change the profile in accord.toml — a capability policy change that needs
    /// a security review.
    pub static EXTENSION_CAPABILITY_OUTSIDE_PROFILE = {
        id: "extension-capability-outside-profile",
        group: "extension",
        class: Breaking,
        bump: None,
        summary: "a listed extension declares a capability its tier's profile does not allow",
    }
}

pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) -> Result<(), VetError> {
    let Some(tier) = cx.config.tier(&cx.ext.tier) else {
        return Ok(());
    };
    let Some(profile) = cx.config.profiles.get(&tier.profile) else {
        return Ok(());
    };
    for (i, cap) in cx.ext.capabilities.iter().enumerate() {
        if profile.capabilities.contains(cap) {
            continue;
        }
        let fits: Vec<&str> = cx
            .config
            .profiles
            .values()
            .filter(|p| p.capabilities.contains(cap))
            .map(|p| p.name.as_str())
            .collect();
        let help = if fits.is_empty() {
            format!(
                "no profile allows `{cap}`; profile `{}` allows: {}",
                profile.name,
                profile.capabilities.join(", ")
            )
        } else {
            format!(
                "drop it, or list the extension in a tier whose profile allows it ({}) after a security review",
                fits.join(", ")
            )
        };
        out.push(
            cx.finding(
                &EXTENSION_CAPABILITY_OUTSIDE_PROFILE,
                &format!("capabilities/{i}"),
                format!(
                    "extension `{}` (tier `{}`) declares capability `{cap}`, outside profile `{}`",
                    cx.ext.name, tier.name, profile.name
                ),
            )
            .with_logical_path(format!("capabilities[{cap}]"))
            .with_help(help),
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{clean, of, vet};

    #[test]
    fn each_capability_outside_the_profile_fires() {
        for (extra, n) in [
            ("\"capabilities\": [\"read\", \"http\"]", 0),
            ("\"capabilities\": [\"read\", \"exec\", \"env\"]", 2),
            ("\"tier\": \"community\", \"capabilities\": [\"http\"]", 1),
            ("\"capabilities\": [\"teleport\"]", 1),
        ] {
            let f = vet("[extensions]\n", &clean("a", extra), &[]);
            assert_eq!(
                of("extension-capability-outside-profile", &f).len(),
                n,
                "{extra}"
            );
        }
    }

    #[test]
    fn profiles_are_configurable() {
        let toml =
            "[extensions]\n[extensions.profiles.balanced]\ncapabilities = ['read', 'exec']\n";
        let f = vet(toml, &clean("a", "\"capabilities\": [\"exec\"]"), &[]);
        assert!(of("extension-capability-outside-profile", &f).is_empty());
    }
}
