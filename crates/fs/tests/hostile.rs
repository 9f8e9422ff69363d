//! A repository written by an attacker: every way out of the root, every file that would hang
//! or exhaust a naive reader.

use accord_fs::{FsError, Root, read_user_file};
use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::Command;

fn repo() -> (tempfile::TempDir, tempfile::TempDir, Root) {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "top secret\n").unwrap();
    let repo = tempfile::tempdir().unwrap();
    let root = Root::open(repo.path()).unwrap();
    (repo, outside, root)
}

#[test]
fn parent_and_absolute_paths_are_refused() {
    let (_repo, _outside, root) = repo();
    for path in ["../secret.txt", "a/../../secret.txt", "/etc/passwd"] {
        assert!(
            matches!(root.read(path), Err(FsError::OutsidePath { .. })),
            "{path}"
        );
        assert!(root.write_atomic(path, b"x").is_err(), "{path}");
    }
}

#[test]
fn a_symlinked_file_leaving_the_root_is_not_read() {
    let (repo, outside, root) = repo();
    symlink(
        outside.path().join("secret.txt"),
        repo.path().join("c.yaml"),
    )
    .unwrap();
    let err = root.read("c.yaml").unwrap_err();
    assert!(matches!(err, FsError::SymlinkEscape { .. }), "{err}");
    assert!(!err.to_string().contains("top secret"));
}

#[test]
fn a_symlinked_directory_leaving_the_root_is_not_read_nor_written() {
    let (repo, outside, root) = repo();
    symlink(outside.path(), repo.path().join("decisions")).unwrap();
    assert!(matches!(
        root.read("decisions/secret.txt"),
        Err(FsError::SymlinkEscape { .. })
    ));
    assert!(matches!(
        root.write_atomic("decisions/new.json", b"{}"),
        Err(FsError::SymlinkEscape { .. })
    ));
    assert!(!outside.path().join("new.json").exists());
}

#[test]
fn a_symlink_inside_the_root_is_followed() {
    let (repo, _outside, root) = repo();
    std::fs::create_dir(repo.path().join("real")).unwrap();
    std::fs::write(repo.path().join("real/a.txt"), "a").unwrap();
    symlink(repo.path().join("real"), repo.path().join("alias")).unwrap();
    assert_eq!(root.read("alias/a.txt").unwrap(), b"a");
}

#[test]
fn a_symlink_at_the_destination_is_replaced_not_written_through() {
    let (repo, outside, root) = repo();
    std::fs::create_dir(repo.path().join("contracts")).unwrap();
    symlink(
        outside.path().join("secret.txt"),
        repo.path().join("contracts/core.surface.txt"),
    )
    .unwrap();
    root.write_atomic("contracts/core.surface.txt", b"fn x\n")
        .unwrap();
    assert_eq!(
        std::fs::read_to_string(outside.path().join("secret.txt")).unwrap(),
        "top secret\n"
    );
    let written = repo.path().join("contracts/core.surface.txt");
    assert!(!std::fs::symlink_metadata(&written).unwrap().is_symlink());
    assert_eq!(std::fs::read(written).unwrap(), b"fn x\n");
}

#[test]
fn a_fifo_is_refused_without_blocking() {
    let (repo, _outside, root) = repo();
    let status = Command::new("mkfifo")
        .arg(repo.path().join("pipe.yaml"))
        .status()
        .unwrap();
    assert!(status.success());
    assert!(matches!(
        root.read("pipe.yaml"),
        Err(FsError::NotRegular { kind: "a FIFO", .. })
    ));
}

#[test]
fn devices_are_refused_even_when_the_user_names_them() {
    let err = read_user_file(Path::new("/dev/zero"), 1024).unwrap_err();
    assert!(matches!(err, FsError::NotRegular { .. }), "{err}");
}

#[test]
fn reads_are_bounded_while_reading() {
    let (repo, _outside, root) = repo();
    std::fs::write(repo.path().join("big.sql"), vec![b'x'; 4097]).unwrap();
    std::fs::write(repo.path().join("fits.sql"), vec![b'x'; 4096]).unwrap();
    let root = root.with_limit(4096);
    assert!(matches!(
        root.read("big.sql"),
        Err(FsError::TooLarge { limit: 4096, .. })
    ));
    assert_eq!(root.read("fits.sql").unwrap().len(), 4096);
}

#[test]
fn a_missing_file_is_absent_not_an_error() {
    let (_repo, _outside, root) = repo();
    assert!(root.read_optional("nope.yaml").unwrap().is_none());
    assert!(root.read("nope.yaml").unwrap_err().is_not_found());
}

#[test]
fn concurrent_writers_never_share_a_temporary_file() {
    let (repo, _outside, root) = repo();
    std::thread::scope(|s| {
        for i in 0..8 {
            let root = root.clone();
            s.spawn(move || {
                for j in 0..25 {
                    root.write_atomic("out/record.json", format!("{i}-{j}").as_bytes())
                        .unwrap();
                }
            });
        }
    });
    let left: Vec<_> = std::fs::read_dir(repo.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, vec![std::ffi::OsString::from("record.json")]);
}

#[test]
fn relative_spelling_is_checked_before_anything_exists() {
    assert!(accord_fs::is_confined("decisions"));
    assert!(accord_fs::is_confined("./a/b"));
    assert!(!accord_fs::is_confined("../.."));
    assert!(!accord_fs::is_confined("/tmp"));
}

#[test]
fn a_path_to_create_is_resolved_inside_the_root() {
    let (repo, outside, root) = repo();
    std::fs::create_dir(repo.path().join("db")).unwrap();
    let inside = root.resolve_new("db/new/accord.db").unwrap();
    assert!(inside.starts_with(root.dir()));
    assert!(inside.ends_with("db/new/accord.db"));
    symlink(outside.path(), repo.path().join(".accord")).unwrap();
    assert!(matches!(
        root.resolve_new(".accord/accord.db"),
        Err(FsError::SymlinkEscape { .. })
    ));
    assert!(root.resolve_new("../x.db").is_err());
}

#[test]
fn create_new_never_replaces_a_file_a_dangling_symlink_or_a_directory() {
    let (repo, outside, root) = repo();
    root.create_new("docs/a.md", b"first").unwrap();
    let err = root.create_new("docs/a.md", b"second").unwrap_err();
    assert!(err.is_already_exists(), "{err}");
    assert_eq!(
        std::fs::read(repo.path().join("docs/a.md")).unwrap(),
        b"first"
    );
    // A dangling link pointing out of the root: neither followed nor replaced.
    symlink(
        outside.path().join("planted.md"),
        repo.path().join("docs/b.md"),
    )
    .unwrap();
    assert!(
        root.create_new("docs/b.md", b"x")
            .unwrap_err()
            .is_already_exists()
    );
    assert!(!outside.path().join("planted.md").exists());
    std::fs::create_dir(repo.path().join("docs/c.md")).unwrap();
    assert!(root.create_new("docs/c.md", b"x").is_err());
    assert!(root.create_new("../escape.md", b"x").is_err());
    // No temporary file is left behind.
    let names: Vec<_> = std::fs::read_dir(repo.path().join("docs"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert!(names.iter().all(|n| !n.ends_with(".new")), "{names:?}");
}
