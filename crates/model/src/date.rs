//! The one reading of calendar dates in Accord's files: `YYYY-MM-DD` (ISO 8601), as in
//! approvals' `expires`, deprecation `sunset`s and decision timestamps.

pub use time::Date;

/// Parses `YYYY-MM-DD`, or the date part of an RFC 3339 timestamp (`2026-01-31T10:00:00Z`).
/// Impossible dates (`2026-02-30`) are `None`.
///
/// ```
/// use accord_model::date::{format_date, parse_date};
///
/// let day = parse_date("2026-03-01").unwrap();
/// assert_eq!(format_date(day), "2026-03-01");
/// assert_eq!(parse_date("2026-03-01T09:30:00Z"), Some(day));
/// assert!(parse_date("2026-02-30").is_none());
/// ```
pub fn parse_date(text: &str) -> Option<Date> {
    let text = text.trim();
    let (day, rest) = (text.get(..10)?, &text[10..]);
    if !(rest.is_empty() || rest.starts_with(['T', 't', ' '])) {
        return None;
    }
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(day, &format).ok()
}

/// `YYYY-MM-DD`.
pub fn format_date(date: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}
