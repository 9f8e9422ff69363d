#[test]
fn safe_profile_refuses_exec() {
    assert!(!pi_runtime::profile_allows(&["read", "ui"], "exec"));
}

#[test]
fn fs_read_needs_the_read_capability() {
    assert_eq!(pi_runtime::fs_read(&["ui"], "Cargo.toml"), None);
}
