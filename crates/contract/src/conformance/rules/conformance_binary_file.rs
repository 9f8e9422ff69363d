use crate::conformance::context::{Artifact, ContractCtx};
use accord_model::{Finding, Span};

accord_model::declare_rule! {
    /// ## What it does
    /// Reports an artifact that contains NUL bytes, the mark of a binary file. A binary
    /// artifact is not decoded or parsed any further.
    ///
    /// ## Why is this bad?
    /// Every file contract of the system is text (Markdown, YAML, JSON). A binary file at an
    /// artifact's location is a wrong file (an image, an archive, a database) or a text file
    /// written in UTF-16; a consumer expecting text will fail or, worse, read garbage.
    ///
    /// ## Example
    /// `outputs/courses/rust/curriculum.yaml` that is really a ZIP archive.
    ///
    /// ## How to fix
    /// Replace the file by the text artifact the contract describes; save UTF-16 text as
    /// UTF-8.
    pub static CONFORMANCE_BINARY_FILE = {
        id: "conformance-binary-file",
        group: "conformance",
        class: Breaking,
        bump: None,
        summary: "an artifact is a binary file",
    }
}

/// A finding when `bytes` holds a NUL byte.
pub(crate) fn check(ctx: &ContractCtx<'_>, rel: &str, bytes: &[u8]) -> Option<Finding> {
    let offset = bytes.iter().position(|&b| b == 0)?;
    // The text before the NUL locates it; it may itself be partly invalid UTF-8.
    let before = String::from_utf8_lossy(&bytes[..offset]);
    let artifact = Artifact { rel, text: &before };
    let at = artifact.at(Span::new(before.len(), before.len()));
    Some(ctx.finding(
        &CONFORMANCE_BINARY_FILE,
        format!(
            "`{rel}` is a binary file: NUL byte at offset {offset} (line {}); it was not parsed",
            at.line
        ),
        at,
        ctx.location_span(),
        format!("{rel}#binary"),
        "replace it by the text artifact the contract describes (UTF-16 text must be saved as UTF-8)",
    ))
}

#[cfg(test)]
mod tests {
    use crate::conformance::testing::*;
    use accord_model::contract::Format;

    #[test]
    fn fires_on_a_nul_byte_with_its_offset() {
        let repo = Repo::new();
        repo.write("out/a.md", b"# Title\nab\x00cd\n");
        let report = repo.check(&[contract("out/{name}.md", Some(Format::Markdown))]);
        let found = fired(&report, "conformance-binary-file");
        assert_eq!(found.len(), 1, "{:#?}", report.findings);
        assert!(
            found[0].message.contains("offset 10 (line 2)"),
            "{}",
            found[0].message
        );
        assert_eq!((found[0].location.line, found[0].location.column), (2, 3));
    }

    #[test]
    fn silent_on_text() {
        let repo = Repo::new();
        repo.write("out/a.md", "# Título\n");
        let report = repo.check(&[contract("out/{name}.md", Some(Format::Markdown))]);
        assert!(fired(&report, "conformance-binary-file").is_empty());
    }
}
