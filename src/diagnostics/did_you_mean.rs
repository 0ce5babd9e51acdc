//! "Did you mean …?" hints for misspelt keys.

use std::fmt;

/// A " (did you mean `x`?)" suffix, empty when nothing is close.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DidYouMean(pub Option<&'static str>);

impl fmt::Display for DidYouMean {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(k) => write!(f, " (did you mean `{k}`?)"),
            None => Ok(()),
        }
    }
}

impl DidYouMean {
    /// The closest known key within a small edit distance, for typos such as `tag` or `titel`.
    pub fn closest(key: &str, known: &[&'static str]) -> Self {
        let key = key.to_lowercase();
        let best = known
            .iter()
            .map(|k| (edit_distance(&key, k), *k))
            .filter(|(d, k)| *d <= 2.max(k.len() / 3) && *d < k.len())
            .min();
        DidYouMean(best.map(|(_, k)| k))
    }
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn did_you_mean_finds_near_misses_only() {
        let known = ["title", "tags", "categories", "aliases"];
        assert_eq!(DidYouMean::closest("tag", &known).0, Some("tags"));
        assert_eq!(DidYouMean::closest("titel", &known).0, Some("title"));
        assert_eq!(
            DidYouMean::closest("Category", &known).0,
            Some("categories")
        );
        assert_eq!(DidYouMean::closest("zzzzzz", &known).0, None);
    }
}
