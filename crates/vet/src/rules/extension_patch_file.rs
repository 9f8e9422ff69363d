//! The `extension-patch-file` rule.
use super::{Cx, removal};
use crate::VetError;
use accord_model::{Finding, Location};

accord_model::declare_rule! {
    /// ## What it does
    /// Reports a listed extension whose source directory (`path`, default
    /// `<extensions.dir>/<name>`) holds a patch: a `*.patch` or `*.diff` file, or anything
    /// under a `patches/` directory.
    ///
    /// ## Why is this bad?
    /// The platform promises unmodified compatibility: an extension that needs a local patch
    /// to work is not the extension upstream publishes, and the patch silently rots with
    /// every upstream release. The extension policy removes such extensions.
    ///
    /// ## Example
    /// ```text
    /// extensions/tabs/patches/0001-fix-hostcall.patch
    /// ```
    ///
    /// ## How to fix
    /// Upstream the fix and pin the release that contains it, or remove the extension.
    pub static EXTENSION_PATCH_FILE = {
        id: "extension-patch-file",
        group: "extension",
        class: Breaking,
        bump: None,
        summary: "a listed extension carries per-extension patch files",
    }
}

/// True for a path (relative to the extension) that is a patch.
pub fn is_patch(relative: &str) -> bool {
    relative.ends_with(".patch")
        || relative.ends_with(".diff")
        || relative.split('/').any(|part| part == "patches")
}

pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) -> Result<(), VetError> {
    let dir = format!("{}/", cx.ext.path);
    let patches: Vec<String> = cx
        .tree
        .list(&cx.ext.path)?
        .into_iter()
        .filter(|p| p.strip_prefix(&dir).is_some_and(is_patch))
        .collect();
    let Some(first) = patches.first() else {
        return Ok(());
    };
    let more = match patches.len() {
        1 => String::new(),
        n => format!(" and {} more", n - 1),
    };
    let mut finding = cx
        .finding(
            &EXTENSION_PATCH_FILE,
            "",
            format!(
                "extension `{}` needs a per-extension patch: {first}{more}",
                cx.ext.name
            ),
        )
        .with_help(format!(
            "upstream the change and pin the release that has it; {}",
            removal("requires per-extension patches")
        ));
    for p in &patches {
        finding = finding.related(Location::file(p.clone()), "patch file");
    }
    out.push(finding);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{clean, of, vet};

    #[test]
    fn patches_under_the_extension_fire() {
        let list = clean("a", "");
        let f = vet("[extensions]\n", &list, &[("extensions/a/index.js", "")]);
        assert!(of("extension-patch-file", &f).is_empty());
        let f = vet("[extensions]\n", &list, &[("extensions/a/fix.patch", "")]);
        assert_eq!(of("extension-patch-file", &f).len(), 1);
        let f = vet(
            "[extensions]\n",
            &list,
            &[
                ("extensions/a/patches/x.js", ""),
                ("extensions/a/y.diff", ""),
            ],
        );
        assert_eq!(of("extension-patch-file", &f).len(), 1);
        assert!(f[0].message.contains("and 1 more"), "{}", f[0].message);
        // Another extension's patch is not this one's.
        let f = vet("[extensions]\n", &list, &[("extensions/ab/fix.patch", "")]);
        assert!(of("extension-patch-file", &f).is_empty());
    }

    #[test]
    fn what_counts_as_a_patch() {
        assert!(is_patch("patches/readme.md"));
        assert!(!is_patch("src/dispatch.js"));
    }
}
