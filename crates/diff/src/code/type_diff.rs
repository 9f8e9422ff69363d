//! A changed type, said so a reviewer can read it: short types inline (`u32` → `u64`), long
//! object and union types as what was added, removed and changed in them, never two whole
//! types on one line.

use accord_model::type_text::split_top;

/// Types up to this many characters are quoted whole.
const INLINE: usize = 80;
/// Names listed per group before "and N more".
const LISTED: usize = 5;
/// Longest member or alternative quoted inside a structural diff.
const MEMBER: usize = 60;

/// `from `OLD` to `NEW`` for short types; for long ones the structural difference, e.g.
/// `{ … } gained `c`, lost `d`, changed `a: string` → `a: number``. Bounded in length.
pub(crate) fn describe(old: &str, new: &str) -> String {
    if old.chars().count() <= INLINE && new.chars().count() <= INLINE {
        return format!("from `{old}` to `{new}`");
    }
    if let (Some(a), Some(b)) = (members(old), members(new)) {
        let diff = Diff::of(&a, &b, key);
        if !diff.is_empty() {
            return format!("(object type): {}", diff.render("member"));
        }
    }
    let (a, b) = (alternatives(old), alternatives(new));
    if a.len() > 1 || b.len() > 1 {
        let diff = Diff::of(&a, &b, |m| m.to_string());
        if !diff.is_empty() {
            return format!("(union type): {}", diff.render("alternative"));
        }
    }
    format!("from `{}` to `{}`", clip(old, INLINE), clip(new, INLINE))
}

/// The members of an object type `{ a: T; b?: U }`, trimmed; `None` for any other type.
fn members(ty: &str) -> Option<Vec<String>> {
    let inner = ty.trim().strip_prefix('{')?.strip_suffix('}')?;
    // `{ a } & { b }` is two object types, not one: the first brace must close at the end.
    let mut depth = 0i32;
    for c in inner.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            _ => {}
        }
        if depth < 0 {
            return None;
        }
    }
    let sep = if split_top(inner, ';').len() > 1 {
        ';'
    } else {
        ','
    };
    Some(
        split_top(inner, sep)
            .into_iter()
            .map(|m| m.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|m| !m.is_empty())
            .collect(),
    )
}

/// The name a member is matched by: the text before its type or parameters, without
/// `readonly` and the optional mark.
fn key(member: &str) -> String {
    let head = split_top(member, ':')[0];
    let head = head.split('(').next().unwrap_or(head);
    head.trim()
        .trim_start_matches("readonly ")
        .trim_end_matches('?')
        .trim()
        .to_string()
}

fn alternatives(ty: &str) -> Vec<String> {
    split_top(ty, '|')
        .into_iter()
        .map(|a| a.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|a| !a.is_empty())
        .collect()
}

fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let head: String = text.chars().take(max.saturating_sub(1)).collect();
        format!("{head}…")
    }
}

struct Diff {
    added: Vec<String>,
    removed: Vec<String>,
    changed: Vec<(String, String)>,
}

impl Diff {
    fn of(old: &[String], new: &[String], key: impl Fn(&str) -> String) -> Diff {
        let mut diff = Diff {
            added: Vec::new(),
            removed: Vec::new(),
            changed: Vec::new(),
        };
        for o in old {
            match new.iter().find(|n| key(n) == key(o)) {
                None => diff.removed.push(o.clone()),
                Some(n) if n != o => diff.changed.push((o.clone(), n.clone())),
                Some(_) => {}
            }
        }
        for n in new {
            if !old.iter().any(|o| key(o) == key(n)) {
                diff.added.push(n.clone());
            }
        }
        diff
    }

    fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }

    fn render(&self, what: &str) -> String {
        let list = |items: Vec<String>| -> String {
            let shown: Vec<String> = items.iter().take(LISTED).cloned().collect();
            let more = items.len().saturating_sub(LISTED);
            if more > 0 {
                format!("{} and {more} more", shown.join(", "))
            } else {
                shown.join(", ")
            }
        };
        let quote = |m: &String| format!("`{}`", clip(m, MEMBER));
        let count = |n: usize| {
            if n == 1 {
                format!("1 {what}")
            } else {
                format!("{n} {what}s")
            }
        };
        let mut parts = Vec::new();
        if !self.removed.is_empty() {
            parts.push(format!(
                "{} removed ({})",
                count(self.removed.len()),
                list(self.removed.iter().map(quote).collect())
            ));
        }
        if !self.changed.is_empty() {
            parts.push(format!(
                "{} changed ({})",
                count(self.changed.len()),
                list(
                    self.changed
                        .iter()
                        .map(|(o, n)| format!("{} → {}", quote(o), quote(n)))
                        .collect()
                )
            ));
        }
        if !self.added.is_empty() {
            parts.push(format!(
                "{} added ({})",
                count(self.added.len()),
                list(self.added.iter().map(quote).collect())
            ));
        }
        parts.join("; ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_types_are_quoted_whole() {
        assert_eq!(describe("u32", "u64"), "from `u32` to `u64`");
    }

    #[test]
    fn long_object_types_become_members_added_removed_changed() {
        let old = "{ id: string; name: string; createdAt: Date; tags: string[]; owner?: { id: string; email: string } }";
        let new = "{ id: number; name: string; createdAt: Date; labels: string[]; owner?: { id: string; email: string }; archived: boolean }";
        insta::assert_snapshot!(describe(old, new), @"(object type): 1 member removed (`tags: string[]`); 1 member changed (`id: string` → `id: number`); 2 members added (`labels: string[]`, `archived: boolean`)");
    }

    #[test]
    fn an_intersection_of_object_types_is_not_read_as_one_object() {
        assert_eq!(members("{ a: string } & { b: number }"), None);
        assert_eq!(
            members("{ a: { b: c }; d(): void }").unwrap(),
            ["a: { b: c }", "d(): void"]
        );
        assert_eq!(key("readonly d?(x: number): void"), "d");
    }

    #[test]
    fn long_unions_become_alternatives_added_and_removed() {
        let old = "\"created\" | \"queued\" | \"running\" | \"succeeded\" | \"failed\" | \"cancelled\" | \"timed_out\"";
        let new = "\"created\" | \"queued\" | \"running\" | \"succeeded\" | \"failed\" | \"skipped\" | \"timed_out\"";
        insta::assert_snapshot!(describe(old, new), @r#"(union type): 1 alternative removed (`"cancelled"`); 1 alternative added (`"skipped"`)"#);
    }

    #[test]
    fn the_message_stays_bounded_whatever_the_types() {
        let wide = |n: usize, t: &str| -> String {
            let members: Vec<String> = (0..n).map(|i| format!("field{i}: {t}")).collect();
            format!("{{ {} }}", members.join("; "))
        };
        let text = describe(
            &wide(400, "string"),
            &wide(300, "Record<string, Array<number>>"),
        );
        assert!(text.chars().count() < 1000, "{} chars: {text}", text.len());
        assert!(text.contains("and 95 more"), "{text}");
        let text = describe(&"A".repeat(5000), &"B".repeat(5000));
        assert!(text.chars().count() < 200, "{text}");
    }
}
