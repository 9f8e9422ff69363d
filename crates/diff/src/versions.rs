//! Dates, shared by the lifecycle rules. Version arithmetic is `accord_model::version`.

/// An ISO `YYYY-MM-DD` date as a comparable tuple; anything else is `None`.
pub(crate) fn iso_date(text: &str) -> Option<(u32, u32, u32)> {
    let text = text.trim();
    let date = text.get(..10)?;
    let mut parts = date.split('-');
    let y: u32 = parts.next()?.parse().ok()?;
    let m: u32 = parts.next()?.parse().ok()?;
    let d: u32 = parts.next()?.parse().ok()?;
    if parts.next().is_some() || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    Some((y, m, d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_validated() {
        assert_eq!(iso_date("2025-10-27"), Some((2025, 10, 27)));
        assert_eq!(iso_date("2025-13-01"), None);
        assert_eq!(iso_date("soon"), None);
    }
}
