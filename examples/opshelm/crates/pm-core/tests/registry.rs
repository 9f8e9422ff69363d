use pm_core::{Registry, RegistryError};

#[test]
fn a_malformed_line_is_a_parse_error_with_its_line() {
    let dir = std::env::temp_dir().join("pm-core-registry-test");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("registry.tsv");
    std::fs::write(&path, "no tab here\n").unwrap();
    match Registry::load(&path) {
        Err(RegistryError::Parse { line, .. }) => assert_eq!(line, 1),
        other => panic!("expected a parse error, got {other:?}"),
    }
    assert!(Registry::new().is_empty());
}
