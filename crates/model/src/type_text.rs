//! Reading type text the extractors print (`Foo<A, (B) => C>`): nesting, ignoring the `>` of
//! arrows. One reading, shared by the extractors and the diff rules.

/// The index of the `>` closing the `<` at `open`, ignoring the `>` of arrows (`=>`).
pub fn closing_angle(chars: &[char], open: usize) -> Option<usize> {
    let mut depth = 0i32;
    for (j, c) in chars.iter().enumerate().skip(open) {
        match c {
            '<' | '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            '>' if j > 0 && chars[j - 1] != '=' => {
                depth -= 1;
                if depth == 0 {
                    return Some(j);
                }
            }
            _ => {}
        }
    }
    None
}

/// `text` split at `sep` outside any brackets; parts are not trimmed, an empty text is one
/// empty part.
pub fn split_top(text: &str, sep: char) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(idx, c)) in chars.iter().enumerate() {
        match c {
            '<' | '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            '>' if k > 0 && chars[k - 1].1 != '=' => depth -= 1,
            _ if c == sep && depth == 0 => {
                out.push(&text[start..idx]);
                start = idx + c.len_utf8();
            }
            _ => {}
        }
    }
    out.push(&text[start..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_and_arrows() {
        let t: Vec<char> = "A<B<C>, (x) => D>, E".chars().collect();
        assert_eq!(closing_angle(&t, 1), Some(16));
        assert_eq!(
            split_top("A<B, C>, (x, y) => D, E", ','),
            ["A<B, C>", " (x, y) => D", " E"]
        );
        assert_eq!(split_top("", ','), [""]);
    }
}
