use crate::Version;

impl core::str::FromStr for Version {
    type Err = crate::Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Version::parse(s)
    }
}
