//! Generated files must match a fresh regeneration.

#[test]
fn generated_files_are_fresh() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let stale = accord_cli::generated::sync(&root, false).expect("read docs/");
    assert!(
        stale.is_empty(),
        "generated files are stale: {stale:?}\nrun `cargo xtask codegen` and commit the result"
    );
}
