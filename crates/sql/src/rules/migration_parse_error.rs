//! The `migration-parse-error` rule.
use super::{FileCtx, finding_at};
use accord_model::{Finding, Location, Span};

accord_model::declare_rule! {
    /// ## What it does
    /// Reports a statement that does not parse in the configured dialect, a file that
    /// is not UTF-8, or a file ending inside a string or comment. The other statements
    /// are still checked.
    ///
    /// ## Why is this bad?
    /// Accord cannot tell what an unparsable statement does, so ownership and safety
    /// cannot be verified; the database will likely reject it too.
    ///
    /// ## Example
    /// ```sql
    /// ALTER TABEL minds ADD COLUMN openness INTEGER;
    /// ```
    ///
    /// ## How to fix
    /// Fix the statement, or set `[database] dialect` to the database the file targets.
    pub static RULE = {
        id: "migration-parse-error",
        group: "migration",
        class: Breaking,
        bump: None,
        summary: "migration statement does not parse",
    }
}

/// Reports the parse failures recorded while reading the file.
pub fn check(ctx: &FileCtx<'_>, out: &mut Vec<Finding>) {
    let m = ctx.migration;
    if let Some(offset) = m.not_utf8 {
        out.push(
            Finding::of(
                &RULE,
                format!("file is not valid UTF-8 (first invalid byte at offset {offset})"),
            )
            .at(Location::file(&m.path))
            .with_logical_path("utf-8")
            .with_help("save the file as UTF-8"),
        );
        return;
    }
    for (i, stmt) in m.statements.iter().enumerate() {
        if let Some((message, span)) = &stmt.error {
            out.push(
                finding_at(
                    &RULE,
                    m,
                    *span,
                    format!("statement {} does not parse: {message}", i + 1),
                )
                .with_logical_path(format!("statement[{}]", i + 1)),
            );
        }
    }
    if let Some((what, at)) = m.unterminated {
        out.push(
            finding_at(
                &RULE,
                m,
                Span::new(at, at + 1),
                format!("unterminated {what}"),
            )
            .with_logical_path("unterminated"),
        );
    }
}
