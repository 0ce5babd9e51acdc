//! Finding a term by the name a writer uses for it: slug, title or alias.

use std::collections::HashMap;

use unicode_normalization::UnicodeNormalization;

use super::TermId;

/// The key names are compared by: NFKC (full-width Latin and half-width kana fold) and
/// lower-case, so `[[ltv]]`, `[[LTV]]` and `[[ＬＴＶ]]` are one reference.
pub fn name_key(name: &str) -> String {
    name.trim().nfkc().flat_map(char::to_lowercase).collect()
}

/// What a reference resolved to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// Exactly one term.
    Term(TermId),
    /// No term has that slug, title or alias.
    Missing,
    /// Several terms share that title or alias.
    Ambiguous(Vec<TermId>),
}

/// Slugs, titles and aliases of every term, by [`name_key`].
#[derive(Debug, Default)]
pub struct TermLookup {
    slugs: HashMap<String, TermId>,
    names: HashMap<String, Vec<TermId>>,
}

impl TermLookup {
    /// `terms` yields, per term in id order, its slug and its names (title first, then aliases).
    pub fn new<'a>(terms: impl Iterator<Item = (&'a str, Vec<&'a str>)>) -> Self {
        let mut lookup = TermLookup::default();
        for (id, (slug, names)) in terms.enumerate() {
            lookup.slugs.insert(name_key(slug), id);
            for name in names {
                let ids = lookup.names.entry(name_key(name)).or_default();
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
        }
        lookup
    }

    /// A target naming exactly one term (by slug, title or alias) resolves to it. A target
    /// that is one term's slug and another term's title or alias is ambiguous, like a name
    /// shared by two terms: `build` and `check` both report it, naming the candidates, and
    /// the writer picks by renaming, rather than the slug silently winning.
    pub fn resolve(&self, target: &str) -> Resolution {
        let key = name_key(target);
        let by_slug = self.slugs.get(&key).copied();
        let by_name = self.names.get(&key).map_or(&[][..], Vec::as_slice);
        let mut ids: Vec<TermId> = by_slug.into_iter().collect();
        ids.extend(by_name.iter().filter(|&&id| Some(id) != by_slug));
        match ids.as_slice() {
            [] => Resolution::Missing,
            [id] => Resolution::Term(*id),
            _ => Resolution::Ambiguous(ids),
        }
    }

    /// Names (by key) used by more than one term: never auto-linked, reported by `check`.
    pub fn shared_names(&self) -> impl Iterator<Item = (&str, &[TermId])> {
        self.names
            .iter()
            .filter(|(_, ids)| ids.len() > 1)
            .map(|(k, ids)| (k.as_str(), ids.as_slice()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lookup() -> TermLookup {
        TermLookup::new(
            vec![
                ("ltv", vec!["LTV", "顧客生涯価値"]),
                ("cdp", vec!["CDP", "顧客データプラットフォーム", "CX"]),
                ("cx", vec!["顧客体験", "CX"]),
            ]
            .into_iter(),
        )
    }

    #[test]
    fn resolves_slug_title_alias_with_nfkc_and_case() {
        let l = lookup();
        assert_eq!(l.resolve("顧客生涯価値"), Resolution::Term(0));
        assert_eq!(l.resolve("ＬＴＶ"), Resolution::Term(0));
        assert_eq!(l.resolve("Cdp"), Resolution::Term(1));
        assert_eq!(l.resolve("nope"), Resolution::Missing);
    }

    #[test]
    fn a_name_shared_by_several_terms_is_ambiguous_even_as_a_slug() {
        let l = lookup();
        // "cx" is the slug of term 2 and an alias of both 1 and 2: the slug term first.
        assert_eq!(l.resolve("cx"), Resolution::Ambiguous(vec![2, 1]));
        // A slug that is also its own term's name only is fine.
        assert_eq!(l.resolve("ltv"), Resolution::Term(0));
        let l =
            TermLookup::new(vec![("a", vec!["A", "共有"]), ("b", vec!["B", "共有"])].into_iter());
        assert_eq!(l.resolve("共有"), Resolution::Ambiguous(vec![0, 1]));
    }
}
