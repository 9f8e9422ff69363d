//! The `pii-in-file-name` rule.
accord_model::declare_rule! {
    /// ## What it does
    /// Reports a file anywhere in the tree (outside what `.gitignore` ignores) whose path
    /// holds an e-mail address (`jane.doe@example.com.json`) or a phone number: an
    /// international number (`+` then 10–15 digits, separators allowed) or a grouped
    /// national one (`555-123-4567`, `(555) 123 4567`). Dates, versions and plain digit runs
    /// are not phone numbers. The finding shows the path with the match masked, and points
    /// at the nearest directory without personal data (reports echo locations), the file
    /// told apart by a hash of its path so each keeps its own fingerprint.
    ///
    /// ## Why is this bad?
    /// File names are copied everywhere contents are not: logs, CI output, directory
    /// listings, commit messages. A person's contact data in a name leaks with all of them.
    ///
    /// ## Example
    /// ```text
    /// outputs/minds/jane.doe@example.com/profile.md
    /// ```
    ///
    /// ## How to fix
    /// Name the file after an opaque identifier (a slug, a hash) and keep the mapping in the
    /// database, or approve the fingerprint with a justification if it is not personal data.
    pub static PII_IN_FILE_NAME = {
        id: "pii-in-file-name",
        group: "security",
        class: Risky,
        bump: None,
        summary: "a file name holds an e-mail address or a phone number",
    }
}
