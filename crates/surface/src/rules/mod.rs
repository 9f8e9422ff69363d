//! Findings about the analysed source itself (not about changes), one rule per file.

pub mod surface_file_too_large;
pub mod surface_file_unreadable;
pub mod surface_snapshot_missing;
pub mod surface_syntax_error;
pub mod surface_unresolved;

use accord_model::RuleMeta;

/// Every rule of this crate.
pub fn rules() -> &'static [&'static RuleMeta] {
    static RULES: [&RuleMeta; 5] = [
        &surface_file_too_large::SURFACE_FILE_TOO_LARGE,
        &surface_file_unreadable::SURFACE_FILE_UNREADABLE,
        &surface_snapshot_missing::SURFACE_SNAPSHOT_MISSING,
        &surface_syntax_error::SURFACE_SYNTAX_ERROR,
        &surface_unresolved::SURFACE_UNRESOLVED,
    ];
    &RULES
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_rule_file_is_registered_under_its_file_name() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n != "mod.rs")
            .map(|n| n.trim_end_matches(".rs").replace('_', "-"))
            .collect();
        files.sort();
        let mut ids: Vec<String> = super::rules().iter().map(|r| r.id.to_string()).collect();
        ids.sort();
        assert_eq!(files, ids);
    }
}
