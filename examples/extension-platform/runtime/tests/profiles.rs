#[test]
fn safe_profile_refuses_exec() {
    assert!(!pi_runtime::profile_allows(&["read", "ui"], "exec"));
}
