//! `interface.location` patterns: `outputs/minds/{slug}/system_prompts/generalista.md`.
//!
//! Each `{placeholder}` matches exactly one path segment (never `/`), so expansion walks
//! only the directories the pattern names: the literal prefix is joined, and a directory is
//! listed only where a segment holds a placeholder. The depth of the walk is bounded by the
//! number of segments, which is why a symlink loop cannot make it hang.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// A piece of one segment: literal text or a placeholder.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Lit(String),
    Hole(String),
}

/// One `/`-separated segment of a location.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    /// No placeholder: the name is known, no directory listing is needed.
    Literal(String),
    /// At least one placeholder, possibly mixed with text (`{slug}.md`).
    Pattern(Vec<Piece>),
}

/// A parsed location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LocationPattern {
    segments: Vec<Segment>,
    /// Placeholder names in order of appearance, without duplicates.
    pub(crate) placeholders: Vec<String>,
    /// The location ended with `/`: it names directories.
    pub(crate) trailing_slash: bool,
}

/// Why a location is refused before anything is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PatternError {
    /// The location would leave the repository (absolute path or a `..` segment).
    Escapes(String),
    /// Nothing but separators.
    Empty,
}

impl LocationPattern {
    /// Parses a location. `\` counts as a separator too, so `..\..\etc` is refused as well.
    pub(crate) fn parse(location: &str) -> Result<LocationPattern, PatternError> {
        let trimmed = location.trim();
        if trimmed.starts_with('/') || trimmed.starts_with('\\') {
            return Err(PatternError::Escapes(format!(
                "`{trimmed}` is an absolute path"
            )));
        }
        let bytes = trimmed.as_bytes();
        if bytes.len() >= 2 && bytes[1] == b':' && bytes[0].is_ascii_alphabetic() {
            return Err(PatternError::Escapes(format!(
                "`{trimmed}` is an absolute path (drive letter)"
            )));
        }
        let trailing_slash = trimmed.ends_with('/') || trimmed.ends_with('\\');
        let mut segments = Vec::new();
        let mut placeholders: Vec<String> = Vec::new();
        for raw in trimmed.split(['/', '\\']) {
            match raw {
                "" | "." => continue,
                ".." => {
                    return Err(PatternError::Escapes(format!(
                        "`{trimmed}` climbs out of the repository through `..`"
                    )));
                }
                _ => {}
            }
            let pieces = split_pieces(raw);
            if pieces.iter().all(|p| matches!(p, Piece::Lit(_))) {
                segments.push(Segment::Literal(raw.to_string()));
            } else {
                for piece in &pieces {
                    if let Piece::Hole(name) = piece
                        && !placeholders.contains(name)
                    {
                        placeholders.push(name.clone());
                    }
                }
                segments.push(Segment::Pattern(pieces));
            }
        }
        if segments.is_empty() {
            return Err(PatternError::Empty);
        }
        Ok(LocationPattern {
            segments,
            placeholders,
            trailing_slash,
        })
    }

    /// The captures of a repository-relative path that matches this pattern, if it does.
    pub(crate) fn match_path(&self, rel: &str) -> Option<Vec<(String, String)>> {
        let parts: Vec<&str> = rel
            .split('/')
            .filter(|s| !s.is_empty() && *s != ".")
            .collect();
        if parts.len() != self.segments.len() {
            return None;
        }
        let mut captures = Vec::new();
        for (segment, part) in self.segments.iter().zip(parts) {
            match segment {
                Segment::Literal(lit) => {
                    if lit != part {
                        return None;
                    }
                }
                Segment::Pattern(pieces) => {
                    if !match_pieces(pieces, part, &mut captures) {
                        return None;
                    }
                }
            }
        }
        Some(captures)
    }
}

/// Splits a segment into literal text and `{name}` holes. Unbalanced or empty braces stay
/// literal text: such a segment then simply matches no name the user meant.
fn split_pieces(segment: &str) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut rest = segment;
    let mut lit = String::new();
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) if close > 0 && !after[..close].contains('{') => {
                lit.push_str(&rest[..open]);
                if !lit.is_empty() {
                    pieces.push(Piece::Lit(std::mem::take(&mut lit)));
                }
                pieces.push(Piece::Hole(after[..close].trim().to_string()));
                rest = &after[close + 1..];
            }
            _ => {
                lit.push_str(&rest[..=open]);
                rest = after;
            }
        }
    }
    lit.push_str(rest);
    if !lit.is_empty() {
        pieces.push(Piece::Lit(lit));
    }
    pieces
}

/// Matches `name` against pieces; each hole takes a non-empty run of characters.
/// Backtracking is bounded by the (tiny) number of pieces in a segment.
fn match_pieces(pieces: &[Piece], name: &str, captures: &mut Vec<(String, String)>) -> bool {
    let Some((first, rest)) = pieces.split_first() else {
        return name.is_empty();
    };
    match first {
        Piece::Lit(lit) => match name.strip_prefix(lit.as_str()) {
            Some(tail) => match_pieces(rest, tail, captures),
            None => false,
        },
        Piece::Hole(hole) => {
            let mark = captures.len();
            for (i, _) in name.char_indices().skip(1).chain([(name.len(), ' ')]) {
                let (value, tail) = name.split_at(i);
                captures.push((hole.clone(), value.to_string()));
                if match_pieces(rest, tail, captures) {
                    return true;
                }
                captures.truncate(mark);
            }
            false
        }
    }
}

/// What the artifacts named by a location are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Want {
    /// Regular files.
    File,
    /// Directories.
    Directory,
}

/// Something expansion refused to follow. The target is never read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// A symlink whose target lies outside the repository.
    OutsideRoot {
        /// Repository-relative path of the symlink.
        rel: String,
        /// Where it points, as written in the link.
        target: PathBuf,
    },
    /// A symlink that cannot be resolved: a loop, or a dangling link.
    Unresolvable {
        /// Repository-relative path of the symlink.
        rel: String,
        /// The operating system's reason.
        reason: String,
        /// True for a loop.
        is_loop: bool,
    },
}

/// Everything one expansion found.
#[derive(Debug, Default)]
pub(crate) struct Expansion {
    /// Repository-relative paths of matching artifacts, sorted.
    pub(crate) artifacts: Vec<String>,
    /// Values seen for each placeholder, sorted and deduplicated.
    pub(crate) slugs: BTreeMap<String, Vec<String>>,
    /// Symlinks that were not followed.
    pub(crate) refusals: Vec<Refusal>,
}

/// How a path resolved.
pub(crate) enum Resolved {
    /// Missing (or a dangling symlink reported elsewhere): not a match.
    Absent,
    /// A directory inside the repository.
    Dir,
    /// A regular file (or anything else that is not a directory) inside the repository.
    File,
    /// Refused; see the refusal.
    Refused(Refusal),
}

/// Classifies `abs` (repository-relative `rel`) without reading it, following a symlink only
/// when its canonical target stays inside `root` (itself canonical).
pub(crate) fn resolve(
    root: &Path,
    abs: &Path,
    rel: &str,
    file_type: Option<fs::FileType>,
) -> Resolved {
    let file_type = match file_type {
        Some(t) => t,
        None => match fs::symlink_metadata(abs) {
            Ok(m) => m.file_type(),
            Err(_) => return Resolved::Absent,
        },
    };
    if file_type.is_symlink() {
        return match fs::canonicalize(abs) {
            Ok(target) => {
                if !target.starts_with(root) {
                    // Show the link as written: it is what the user can fix, and it does not
                    // depend on where the repository is checked out.
                    return Resolved::Refused(Refusal::OutsideRoot {
                        rel: rel.to_string(),
                        target: fs::read_link(abs).unwrap_or(target),
                    });
                }
                match fs::metadata(&target) {
                    Ok(m) if m.is_dir() => Resolved::Dir,
                    Ok(_) => Resolved::File,
                    Err(_) => Resolved::Absent,
                }
            }
            Err(e) => Resolved::Refused(Refusal::Unresolvable {
                rel: rel.to_string(),
                is_loop: is_loop_error(&e),
                reason: e.to_string(),
            }),
        };
    }
    if file_type.is_dir() {
        Resolved::Dir
    } else {
        Resolved::File
    }
}

fn is_loop_error(e: &io::Error) -> bool {
    // ELOOP is 40 on Linux, 62 on macOS and the BSDs.
    matches!(e.raw_os_error(), Some(40) | Some(62))
}

/// A directory that exists but could not be listed.
#[derive(Debug)]
pub(crate) struct WalkError {
    /// The directory.
    pub(crate) path: PathBuf,
    /// Why.
    pub(crate) source: io::Error,
}

/// Expands `pattern` under `root` (canonical).
pub(crate) fn expand(
    root: &Path,
    pattern: &LocationPattern,
    want: Want,
) -> Result<Expansion, WalkError> {
    let mut out = Expansion::default();
    let mut captures = Vec::new();
    descend(root, root, "", pattern, 0, want, &mut captures, &mut out)?;
    out.artifacts.sort();
    out.artifacts.dedup();
    for values in out.slugs.values_mut() {
        values.sort();
        values.dedup();
    }
    Ok(out)
}

#[allow(clippy::too_many_arguments)]
fn descend(
    root: &Path,
    dir: &Path,
    rel: &str,
    pattern: &LocationPattern,
    depth: usize,
    want: Want,
    captures: &mut Vec<(String, String)>,
    out: &mut Expansion,
) -> Result<(), WalkError> {
    let Some(segment) = pattern.segments.get(depth) else {
        return Ok(());
    };
    let last = depth + 1 == pattern.segments.len();
    let join = |name: &str| -> String {
        if rel.is_empty() {
            name.to_string()
        } else {
            format!("{rel}/{name}")
        }
    };
    match segment {
        Segment::Literal(name) => {
            let abs = dir.join(name);
            let child_rel = join(name);
            visit(
                root, &abs, &child_rel, None, pattern, depth, last, want, captures, out,
            )?;
        }
        Segment::Pattern(pieces) => {
            let entries = match fs::read_dir(dir) {
                Ok(entries) => entries,
                Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
                Err(source) => {
                    return Err(WalkError {
                        path: dir.to_path_buf(),
                        source,
                    });
                }
            };
            let mut names: Vec<(String, Option<fs::FileType>)> = Vec::new();
            for entry in entries {
                let entry = entry.map_err(|source| WalkError {
                    path: dir.to_path_buf(),
                    source,
                })?;
                // A slug must be text, and hidden entries (`.git`, `.DS_Store`) are never slugs.
                let Ok(name) = entry.file_name().into_string() else {
                    continue;
                };
                if name.starts_with('.') {
                    continue;
                }
                names.push((name, entry.file_type().ok()));
            }
            names.sort_by(|a, b| a.0.cmp(&b.0));
            for (name, file_type) in names {
                let mark = captures.len();
                if match_pieces(pieces, &name, captures) {
                    let abs = dir.join(&name);
                    let child_rel = join(&name);
                    visit(
                        root, &abs, &child_rel, file_type, pattern, depth, last, want, captures,
                        out,
                    )?;
                }
                captures.truncate(mark);
            }
        }
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn visit(
    root: &Path,
    abs: &Path,
    rel: &str,
    file_type: Option<fs::FileType>,
    pattern: &LocationPattern,
    depth: usize,
    last: bool,
    want: Want,
    captures: &mut Vec<(String, String)>,
    out: &mut Expansion,
) -> Result<(), WalkError> {
    match resolve(root, abs, rel, file_type) {
        Resolved::Absent => Ok(()),
        Resolved::Refused(refusal) => {
            out.refusals.push(refusal);
            Ok(())
        }
        Resolved::Dir if !last => descend(root, abs, rel, pattern, depth + 1, want, captures, out),
        Resolved::File if !last => Ok(()),
        kind => {
            let hit = matches!(
                (kind, want),
                (Resolved::Dir, Want::Directory) | (Resolved::File, Want::File)
            );
            if hit {
                out.artifacts.push(rel.to_string());
                for (name, value) in captures.iter() {
                    out.slugs
                        .entry(name.clone())
                        .or_default()
                        .push(value.clone());
                }
            }
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_match_one_segment_each() {
        let p =
            LocationPattern::parse("outputs/minds/{slug}/system_prompts/generalista.md").unwrap();
        assert_eq!(p.placeholders, vec!["slug".to_string()]);
        assert_eq!(
            p.match_path("outputs/minds/naval/system_prompts/generalista.md"),
            Some(vec![("slug".to_string(), "naval".to_string())])
        );
        assert_eq!(
            p.match_path("outputs/minds/a/b/system_prompts/generalista.md"),
            None
        );
    }

    #[test]
    fn mixed_segments_capture_the_variable_part() {
        let p = LocationPattern::parse("lessons/{course}/{n}-{title}.md").unwrap();
        let caps = p.match_path("lessons/rust/01-intro-to-x.md").unwrap();
        assert_eq!(caps[0], ("course".into(), "rust".into()));
        assert_eq!(caps[1], ("n".into(), "01".into()));
        assert_eq!(caps[2], ("title".into(), "intro-to-x".into()));
        assert_eq!(p.match_path("lessons/rust/.md"), None);
    }

    #[test]
    fn escaping_locations_are_refused() {
        for bad in [
            "../outside/{slug}.md",
            "a/../../b",
            "/etc/passwd",
            "C:/x",
            "a\\..\\..\\b",
        ] {
            assert!(
                matches!(LocationPattern::parse(bad), Err(PatternError::Escapes(_))),
                "{bad}"
            );
        }
        assert_eq!(
            LocationPattern::parse("/"),
            Err(PatternError::Escapes("`/` is an absolute path".into()))
        );
        assert_eq!(LocationPattern::parse("./"), Err(PatternError::Empty));
    }

    #[test]
    fn unbalanced_braces_stay_literal() {
        let p = LocationPattern::parse("a/{x/b}").unwrap();
        assert!(p.placeholders.is_empty());
        assert_eq!(split_pieces("{}x"), vec![Piece::Lit("{}x".into())]);
    }
}
