use crate::conformance::context::{Artifact, ContractCtx};
use accord_model::{Finding, Span};
use std::borrow::Cow;

accord_model::declare_rule! {
    /// ## What it does
    /// Reports an artifact that is not valid UTF-8 when its contract declares
    /// `encoding: "UTF-8"`, with the byte offset, line and column of the first invalid byte.
    /// The rest of the artifact is still checked, with invalid bytes replaced by U+FFFD.
    ///
    /// ## Why is this bad?
    /// The consumer decodes the file as UTF-8 and fails (or silently mangles names such as
    /// "Feynman’s" into mojibake). Files saved as Latin-1 or Windows-1252 by an editor are the
    /// usual cause.
    ///
    /// ## Example
    /// `Communication Style` section containing the Latin-1 byte `0xE9` for "é".
    ///
    /// ## How to fix
    /// Re-encode the file as UTF-8 (`iconv -f latin1 -t utf-8`), or fix the provider step
    /// that writes it.
    pub static CONFORMANCE_ENCODING = {
        id: "conformance-encoding",
        group: "conformance",
        class: Breaking,
        bump: None,
        summary: "an artifact is not valid UTF-8 as its contract declares",
    }
}

/// The artifact's text; invalid UTF-8 is replaced, and reported when UTF-8 is declared.
pub(crate) fn decode<'b>(
    ctx: &ContractCtx<'_>,
    rel: &str,
    bytes: &'b [u8],
    out: &mut Vec<Finding>,
) -> Cow<'b, str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(error) => {
            let offset = error.valid_up_to();
            let text = String::from_utf8_lossy(bytes);
            if ctx.utf8 {
                // Everything before `offset` is valid, so the lossy text agrees with the
                // file up to there and line:column are exact.
                let artifact = Artifact { rel, text: &text };
                let at = artifact.at(Span::new(offset, offset));
                let byte = bytes.get(offset).copied().unwrap_or_default();
                let span = ctx.span(&["/contract/interface/encoding"]);
                out.push(ctx.finding(
                    &CONFORMANCE_ENCODING,
                    format!(
                        "`{rel}` is not valid UTF-8: byte 0x{byte:02X} at offset {offset} (line {}, column {}) cannot be decoded",
                        at.line, at.column
                    ),
                    at,
                    span,
                    format!("{rel}#encoding"),
                    "re-encode the file as UTF-8 (e.g. `iconv -f latin1 -t utf-8`)",
                ));
            }
            text
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::conformance::testing::*;
    use accord_model::contract::Format;

    #[test]
    fn fires_with_offset_line_and_column_and_keeps_checking() {
        let repo = Repo::new();
        repo.write("out/a.md", b"# Naval\n\nCaf\xE9\n");
        let mut c = contract("out/{name}.md", Some(Format::Markdown));
        c.interface.required_sections = vec![section("Communication Style", Some(2))];
        let report = repo.check(&[c]);
        let found = fired(&report, "conformance-encoding");
        assert_eq!(found.len(), 1, "{:#?}", report.findings);
        assert!(
            found[0]
                .message
                .contains("byte 0xE9 at offset 12 (line 3, column 4)"),
            "{}",
            found[0].message
        );
        assert_eq!(
            fired(&report, "conformance-missing-section").len(),
            1,
            "all violations together"
        );
    }

    #[test]
    fn silent_on_utf8_or_when_no_encoding_is_declared() {
        let repo = Repo::new();
        repo.write("out/a.md", "# Café\n");
        repo.write("out/b.txt", b"Caf\xE9\n");
        let report = repo.check(&[contract("out/{name}.md", Some(Format::Markdown))]);
        assert!(report.findings.is_empty(), "{:#?}", report.findings);
        let mut c = contract("out/{name}.txt", None);
        c.interface.encoding = None;
        let report = repo.check(&[c]);
        assert!(report.findings.is_empty(), "{:#?}", report.findings);
    }
}
