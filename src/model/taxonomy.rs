//! Tags and categories: slugs, display names and which terms carry them.

use std::collections::HashMap;

use unicode_normalization::UnicodeNormalization;

use super::TermId;
use crate::model::collation;
use crate::reading::{self, Derived};

/// Which of the two taxonomies: they share all code and differ only in names and paths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TaxonomyKind {
    Tags,
    Categories,
}

impl TaxonomyKind {
    /// The output folder and URL segment: `tags`, `categories`.
    pub fn dir(self) -> &'static str {
        match self {
            TaxonomyKind::Tags => "tags",
            TaxonomyKind::Categories => "categories",
        }
    }
}

/// Index of an item inside its [`Taxonomy`].
pub type ItemId = usize;

#[derive(Debug, Clone)]
pub struct TaxonomyItem {
    /// Display name: the spelling of the first term (in site order) that uses it.
    pub name: String,
    /// Derived reading of `name`, when it has kanji: what the item sorts by (when complete)
    /// and what search matches besides the name.
    pub reading: Option<Derived>,
    /// URL segment, not yet percent-encoded (`ec-eコマース`).
    pub slug: String,
    /// Terms carrying it, in site order.
    pub terms: Vec<TermId>,
}

#[derive(Debug, Clone)]
pub struct Taxonomy {
    pub kind: TaxonomyKind,
    /// Sorted by name in the site's collation order, then slug.
    pub items: Vec<TaxonomyItem>,
}

impl TaxonomyItem {
    /// What the item sorts by: its derived reading when every kanji got one, else its name.
    pub fn sort_reading(&self) -> &str {
        match &self.reading {
            Some(d) if d.complete => &d.reading,
            _ => &self.name,
        }
    }
}

impl Taxonomy {
    /// Builds a taxonomy from each term's written names (term order = site order).
    /// Returns it and, per term, the item ids it carries (deduplicated, in written order).
    /// Names whose slug comes out empty are returned as `(term, name)` for the caller to report.
    pub fn build(
        kind: TaxonomyKind,
        written: &[&[String]],
    ) -> (Taxonomy, Vec<Vec<ItemId>>, Vec<(TermId, String)>) {
        let mut by_slug: HashMap<String, usize> = HashMap::new();
        let mut items: Vec<TaxonomyItem> = Vec::new();
        let mut per_term_tmp: Vec<Vec<usize>> = Vec::with_capacity(written.len());
        let mut bad = Vec::new();
        // The same few hundred names are written tens of thousands of times: slugify
        // (NFKC) each once.
        let mut by_name: HashMap<&str, Option<usize>> = HashMap::new();
        for (term, names) in written.iter().enumerate() {
            let mut mine = Vec::with_capacity(names.len());
            for name in names.iter() {
                let idx = *by_name.entry(name.as_str()).or_insert_with(|| {
                    let slug = slugify(name);
                    if slug.is_empty() {
                        return None;
                    }
                    Some(*by_slug.entry(slug.clone()).or_insert_with(|| {
                        items.push(TaxonomyItem {
                            name: name.clone(),
                            reading: None,
                            slug,
                            terms: Vec::new(),
                        });
                        items.len() - 1
                    }))
                });
                let Some(idx) = idx else {
                    bad.push((term, name.clone()));
                    continue;
                };
                if !mine.contains(&idx) {
                    mine.push(idx);
                    items[idx].terms.push(term);
                }
            }
            per_term_tmp.push(mine);
        }
        // Sort items for display by reading, then remap the ids held by terms.
        for item in &mut items {
            item.reading = reading::needs_reading(&item.name).then(|| reading::derive(&item.name));
        }
        let mut order: Vec<usize> = (0..items.len()).collect();
        let keys: Vec<_> = items
            .iter()
            .map(|i| collation::sort_key(i.sort_reading()))
            .collect();
        order.sort_by(|&a, &b| {
            keys[a]
                .cmp(&keys[b])
                .then_with(|| items[a].slug.cmp(&items[b].slug))
        });
        let mut new_id = vec![0; items.len()];
        for (new, &old) in order.iter().enumerate() {
            new_id[old] = new;
        }
        let mut slots: Vec<Option<TaxonomyItem>> = items.into_iter().map(Some).collect();
        let items = order.iter().filter_map(|&old| slots[old].take()).collect();
        let per_term = per_term_tmp
            .into_iter()
            .map(|ids| ids.into_iter().map(|i| new_id[i]).collect())
            .collect();
        (Taxonomy { kind, items }, per_term, bad)
    }
}

/// The contract's tag/category slug: NFKC, lower-cased, whitespace and `/` become `-`, other
/// punctuation dropped, letters and digits (any script) kept. Runs of `-` collapse to one so
/// `A / B` gives `a-b`, not `a---b`.
pub fn slugify(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.nfkc().flat_map(char::to_lowercase) {
        let mapped = if c.is_whitespace() || c == '/' || c == '-' {
            '-'
        } else if c.is_alphanumeric() || c == '_' {
            c
        } else {
            continue;
        };
        if mapped == '-' && (out.is_empty() || out.ends_with('-')) {
            continue;
        }
        out.push(mapped);
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slug_rules_from_the_contract() {
        assert_eq!(slugify("EC/eコマース"), "ec-eコマース");
        assert_eq!(slugify("ＳＥＯ"), "seo");
        assert_eq!(slugify("Social Media"), "social-media");
        assert_eq!(slugify("A / B テスト!"), "a-b-テスト");
        assert_eq!(slugify("ｶｰﾄ"), "カート");
        assert_eq!(slugify("!!!"), "");
    }

    #[test]
    fn case_and_width_variants_are_one_item() {
        let t0 = vec!["SEO".to_string(), "用語集".to_string()];
        let t1 = vec!["ｓｅｏ".to_string()];
        let (tax, per_term, bad) = Taxonomy::build(TaxonomyKind::Tags, &[&t0, &t1]);
        assert!(bad.is_empty());
        assert_eq!(tax.items.len(), 2);
        let seo = tax.items.iter().find(|i| i.slug == "seo").unwrap();
        assert_eq!(seo.name, "SEO");
        assert_eq!(seo.terms, vec![0, 1]);
        assert_eq!(per_term[1].len(), 1);
    }

    #[test]
    fn kanji_items_sort_by_reading_in_gojuon_order() {
        let names: Vec<String> = [
            "分析",
            "収益",
            "口コミ",
            "事業計画",
            "SEO",
            "インフルエンサー",
        ]
        .map(String::from)
        .to_vec();
        let (tax, _, _) = Taxonomy::build(TaxonomyKind::Tags, &[&names]);
        let order: Vec<&str> = tax.items.iter().map(|i| i.name.as_str()).collect();
        // いんふるえんさー, くちこみ, じぎょうけいかく, しゅうえき, ぶんせき, then Latin.
        assert_eq!(
            order,
            [
                "インフルエンサー",
                "口コミ",
                "事業計画",
                "収益",
                "分析",
                "SEO"
            ]
        );
    }
}
