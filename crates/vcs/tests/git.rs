//! Throwaway repositories built with the `git` CLI, read back through accord-vcs.

use accord_vcs::{ChangedFile, FileStatus, Repo, Snapshot, Tree, VcsError};
use std::path::Path;
use std::process::Command;

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.invalid")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.invalid")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn write(dir: &Path, path: &str, text: &str) {
    let full = dir.join(path);
    std::fs::create_dir_all(full.parent().expect("has parent")).expect("mkdir");
    std::fs::write(full, text).expect("write");
}

/// Two commits: `v1` with a manifest and one contract, `v2` that edits, adds and deletes.
fn two_commit_repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    git(d, &["init", "-q", "-b", "main"]);
    write(d, "accord.toml", "[project]\nname = \"x\"\n");
    write(d, "contracts/a-b-v1.0.0.yaml", "contract: {name: AB}\n");
    write(d, "contracts/old.yaml", "old\n");
    write(d, "packs/a/src/lib.rs", "fn a() {}\n");
    git(d, &["add", "-A"]);
    git(d, &["commit", "-q", "-m", "v1"]);
    git(d, &["tag", "v1"]);
    write(d, "accord.toml", "[project]\nname = \"y\"\n");
    write(d, "contracts/a-b-v2.0.0.yaml", "contract: {name: AB}\n");
    std::fs::remove_file(d.join("contracts/old.yaml")).expect("rm");
    git(d, &["add", "-A"]);
    git(d, &["commit", "-q", "-m", "v2"]);
    dir
}

#[test]
fn reads_files_at_each_revision_without_checkout() {
    let dir = two_commit_repo();
    let repo = Repo::open(dir.path()).expect("open");
    assert_eq!(
        repo.read_file("v1", "accord.toml").expect("read"),
        Some(b"[project]\nname = \"x\"\n".to_vec())
    );
    assert_eq!(
        repo.read_file("HEAD", "accord.toml").expect("read"),
        Some(b"[project]\nname = \"y\"\n".to_vec())
    );
    assert_eq!(
        repo.read_file("v1", "contracts/nope.yaml").expect("read"),
        None
    );
    // A directory is not a file.
    assert_eq!(repo.read_file("v1", "contracts").expect("read"), None);
}

#[test]
fn reading_a_revision_ignores_uncommitted_edits() {
    let dir = two_commit_repo();
    write(dir.path(), "accord.toml", "dirty\n");
    let repo = Repo::open(dir.path()).expect("open");
    let head = repo.snapshot(Some("HEAD")).expect("head");
    let work = repo.snapshot(None).expect("worktree");
    assert_eq!(
        head.read("accord.toml").expect("read"),
        Some(b"[project]\nname = \"y\"\n".to_vec())
    );
    assert_eq!(
        work.read("accord.toml").expect("read"),
        Some(b"dirty\n".to_vec())
    );
    assert_eq!(work.label(), "working tree");
    assert_eq!(head.label(), "HEAD");
}

#[test]
fn lists_files_under_a_prefix_at_a_revision() {
    let dir = two_commit_repo();
    let repo = Repo::open(dir.path()).expect("open");
    assert_eq!(
        repo.list_files("v1", "contracts").expect("list"),
        vec!["contracts/a-b-v1.0.0.yaml", "contracts/old.yaml"]
    );
    assert_eq!(
        repo.list_files("HEAD", "contracts/").expect("list"),
        vec!["contracts/a-b-v1.0.0.yaml", "contracts/a-b-v2.0.0.yaml"]
    );
    assert_eq!(
        repo.list_files("HEAD", "missing").expect("list"),
        Vec::<String>::new()
    );
    assert_eq!(repo.list_files("HEAD", "").expect("list").len(), 4);
}

#[test]
fn working_tree_lists_like_a_revision_and_skips_ignored_files() {
    let dir = two_commit_repo();
    write(dir.path(), ".gitignore", "target/\n");
    write(dir.path(), "target/junk.yaml", "x");
    write(dir.path(), "contracts/new.yaml", "x");
    let repo = Repo::open(dir.path()).expect("open");
    let work = repo.snapshot(None).expect("worktree");
    assert_eq!(
        work.list("contracts").expect("list"),
        vec![
            "contracts/a-b-v1.0.0.yaml",
            "contracts/a-b-v2.0.0.yaml",
            "contracts/new.yaml"
        ]
    );
    assert!(
        !work
            .list("")
            .expect("list")
            .iter()
            .any(|p| p.starts_with("target/") || p.starts_with(".git/"))
    );
}

#[test]
fn changed_files_between_two_revisions() {
    let dir = two_commit_repo();
    let repo = Repo::open(dir.path()).expect("open");
    assert_eq!(
        repo.changed_files("v1", Some("HEAD")).expect("diff"),
        vec![
            ChangedFile::new("accord.toml", FileStatus::Modified),
            ChangedFile::new("contracts/a-b-v2.0.0.yaml", FileStatus::Added),
            ChangedFile::new("contracts/old.yaml", FileStatus::Deleted),
        ]
    );
    assert!(
        repo.changed_files("HEAD", Some("HEAD"))
            .expect("diff")
            .is_empty()
    );
}

#[test]
fn changed_files_against_the_working_tree() {
    let dir = two_commit_repo();
    let d = dir.path();
    let repo = Repo::open(d).expect("open");
    assert!(repo.changed_files("HEAD", None).expect("clean").is_empty());
    write(d, "packs/a/src/lib.rs", "fn a() { changed() }\n");
    write(d, "packs/a/tests/new_test.rs", "#[test] fn t() {}\n");
    std::fs::remove_file(d.join("contracts/a-b-v1.0.0.yaml")).expect("rm");
    write(d, ".gitignore", "*.log\n");
    write(d, "debug.log", "noise");
    assert_eq!(
        repo.changed_files("HEAD", None).expect("diff"),
        vec![
            ChangedFile::new(".gitignore", FileStatus::Added),
            ChangedFile::new("contracts/a-b-v1.0.0.yaml", FileStatus::Deleted),
            ChangedFile::new("packs/a/src/lib.rs", FileStatus::Modified),
            ChangedFile::new("packs/a/tests/new_test.rs", FileStatus::Added),
        ]
    );
}

#[test]
fn resolve_gives_the_full_commit_id() {
    let dir = two_commit_repo();
    let repo = Repo::open(dir.path()).expect("open");
    let expected = git(dir.path(), &["rev-parse", "HEAD~1"]);
    assert_eq!(repo.resolve("v1").expect("resolve"), expected);
    assert_eq!(repo.resolve("HEAD~1").expect("resolve"), expected);
    match repo.snapshot(Some("v1")).expect("snapshot") {
        Snapshot::Revision(r) => assert_eq!(r.commit(), expected),
        Snapshot::WorkingTree(_) => panic!("expected a revision"),
    }
}

#[test]
fn unknown_revision_is_named_in_the_error() {
    let dir = two_commit_repo();
    let repo = Repo::open(dir.path()).expect("open");
    let err = repo.resolve("no-such-branch").expect_err("unknown");
    assert!(matches!(err, VcsError::UnknownRevision { .. }), "{err:?}");
    assert!(err.to_string().contains("`no-such-branch`"), "{err}");
}

#[test]
fn not_a_repository_is_a_clear_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    // gix discovery walks up; a directory under /tmp has no repository above it.
    let err = Repo::open(dir.path()).expect_err("not a repo");
    assert!(matches!(err, VcsError::NotARepo { .. }), "{err:?}");
    assert!(err.to_string().contains("not a git repository"), "{err}");
}

#[test]
fn shallow_clone_without_the_base_says_how_to_fetch_it() {
    let origin = two_commit_repo();
    let clone = tempfile::tempdir().expect("tempdir");
    let url = format!("file://{}", origin.path().display());
    git(clone.path(), &["clone", "-q", "--depth", "1", &url, "c"]);
    let repo = Repo::open(clone.path().join("c")).expect("open");
    assert!(repo.is_shallow());
    let err = repo.resolve("HEAD~1").expect_err("parent was not fetched");
    assert!(matches!(err, VcsError::Shallow { .. }), "{err:?}");
    let text = err.to_string();
    assert!(text.contains("git fetch --unshallow"), "{text}");
    assert!(text.contains("git fetch origin HEAD~1"), "{text}");
    // What is there still reads fine.
    assert!(
        repo.read_file("HEAD", "accord.toml")
            .expect("read")
            .is_some()
    );
}

#[test]
fn paths_that_escape_the_repository_are_refused() {
    let dir = two_commit_repo();
    let repo = Repo::open(dir.path()).expect("open");
    let work = repo.snapshot(None).expect("worktree");
    for bad in ["../etc/passwd", "/etc/passwd", ".git/config", "a\\b"] {
        assert!(
            matches!(work.read(bad), Err(VcsError::InvalidPath { .. })),
            "{bad} should be refused"
        );
        assert!(matches!(
            repo.read_file("HEAD", bad),
            Err(VcsError::InvalidPath { .. })
        ));
    }
}

#[cfg(unix)]
#[test]
fn a_symlinked_folder_is_never_walked_into_from_the_working_tree() {
    let outside = tempfile::tempdir().unwrap();
    write(outside.path(), "secret/key.txt", "outside the repository\n");
    let repo = tempfile::tempdir().unwrap();
    write(repo.path(), "pack/src/lib.rs", "pub fn f() {}\n");
    std::os::unix::fs::symlink(outside.path(), repo.path().join("vendor")).unwrap();
    std::os::unix::fs::symlink(outside.path(), repo.path().join("pack/linked")).unwrap();
    let tree = accord_vcs::WorkingTree::new(repo.path());
    assert_eq!(tree.list("vendor/").unwrap(), Vec::<String>::new());
    assert_eq!(tree.list("vendor/secret/").unwrap(), Vec::<String>::new());
    assert_eq!(tree.list("pack/linked/").unwrap(), Vec::<String>::new());
    // The folder holding the link lists the link as one entry, as git would.
    let listed = tree.list("pack/").unwrap();
    assert!(
        listed.contains(&"pack/src/lib.rs".to_string()),
        "{listed:?}"
    );
    assert!(!listed.iter().any(|p| p.contains("key.txt")), "{listed:?}");
}
