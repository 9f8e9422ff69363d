//! The Pi extension runtime: loads extensions and dispatches hostcalls within the
//! capability profile of their tier.
pub fn profile_allows(profile: &[&str], capability: &str) -> bool {
    profile.contains(&capability)
}
