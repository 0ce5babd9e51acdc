//! Page fingerprints: a hash of everything a page shows, computed without rendering it.
//!
//! `serve` re-renders only the pages whose fingerprint changed since the last build. The
//! hashes are built bottom-up (taxonomy items → cards → pages) so one edited term touches
//! only the pages that show something of it.

pub use crate::hash::hash_of;

use super::{PageKind, Renderer};
use crate::model::taxonomy::TaxonomyKind;
use crate::model::TermId;

/// Per-term and per-item hashes of one build.
pub struct Fingerprints {
    common: u64,
    /// Everything on a term's own page that belongs to the term (not its neighbours).
    term: Vec<u64>,
    /// What a term card shows.
    card: Vec<u64>,
    all_cards: u64,
    tag_items: Vec<u64>,
    category_items: Vec<u64>,
}

impl Fingerprints {
    pub fn new(r: &Renderer<'_>, theme_hash: u64, body_hashes: &[u64]) -> Fingerprints {
        let input = &r.input;
        let model = input.model;
        let items = |kind: TaxonomyKind| -> Vec<u64> {
            model
                .taxonomy(kind)
                .items
                .iter()
                .map(|i| hash_of(&(&i.name, &i.slug, i.terms.len())))
                .collect()
        };
        let tag_items = items(TaxonomyKind::Tags);
        let category_items = items(TaxonomyKind::Categories);
        let pick = |ids: &[usize], all: &[u64]| ids.iter().map(|&i| all[i]).collect::<Vec<u64>>();
        let card: Vec<u64> = model
            .terms
            .iter()
            .enumerate()
            .map(|(id, t)| {
                hash_of(&(
                    &t.slug,
                    &t.title,
                    &t.reading,
                    &t.aliases,
                    &t.url,
                    &input.summaries[id],
                    pick(&t.categories, &category_items),
                    pick(&t.tags, &tag_items),
                    t.group,
                    t.relations.deprecated,
                ))
            })
            .collect();
        let term = model
            .terms
            .iter()
            .enumerate()
            .map(|(id, t)| {
                hash_of(&(
                    card[id],
                    body_hashes[id],
                    &t.date,
                    &t.updated,
                    &t.author,
                    t.featured,
                    t.weight,
                    (&t.relations, &t.abbreviation_of, &t.sources),
                    // Most terms have no `extra`: skip serialising an empty map.
                    t.extra
                        .as_object()
                        .is_none_or(|m| !m.is_empty())
                        .then(|| t.extra.to_string()),
                ))
            })
            .collect();
        let common = hash_of(&(
            theme_hash,
            format!("{:?}", input.site.config),
            &input.site.base.origin,
            &input.site.base.path,
            &tag_items,
            &category_items,
        ));
        Fingerprints {
            common,
            all_cards: hash_of(&card),
            term,
            card,
            tag_items,
            category_items,
        }
    }

    /// What the data files (search index, feed, sitemap, graph, exports) are made of, but
    /// for the links and related terms, which the caller adds.
    pub fn data_key(&self, r: &Renderer<'_>) -> u64 {
        let dated: Vec<_> = r
            .input
            .model
            .terms
            .iter()
            .map(|t| {
                (
                    &t.date,
                    &t.updated,
                    &t.author,
                    (&t.relations, &t.abbreviation_of, &t.sources),
                )
            })
            .collect();
        hash_of(&(self.common, self.all_cards, dated))
    }

    fn cards(&self, ids: impl IntoIterator<Item = TermId>) -> Vec<u64> {
        ids.into_iter().map(|i| self.card[i]).collect()
    }

    /// The fingerprint of one page of `r`.
    pub fn page(&self, r: &Renderer<'_>, page: &super::Page) -> u64 {
        let model = r.input.model;
        let specific = match &page.kind {
            PageKind::Home => hash_of(&(
                self.cards(super::featured(model)),
                self.cards(super::recent(model, super::RECENT_ON_HOME)),
                self.all_cards,
            )),
            PageKind::Term(id) => {
                let related = r.input.related.related[*id].iter().map(|x| x.term);
                let incoming = &r.input.links.incoming[*id];
                // The sentence each backlink shows lives in the linking term's body.
                let contexts: Vec<_> = incoming
                    .iter()
                    .map(|&from| {
                        let list = r.input.contexts.get(from).copied().unwrap_or(&[]);
                        list.iter()
                            .find(|c| c.target == *id)
                            .map(|c| (&c.before, &c.mention, &c.after))
                    })
                    .collect();
                let rel = &model.terms[*id].relations;
                let stated = rel
                    .broader
                    .iter()
                    .chain(&rel.narrower)
                    .chain(&rel.see_also)
                    .chain(&rel.superseded_by)
                    .copied();
                // Body links carry the summary of the term they lead to.
                let links = &r.input.links;
                let outgoing = links.references[*id].iter().chain(&links.mentions[*id]);
                hash_of(&(
                    self.term[*id],
                    self.cards(outgoing.copied()),
                    self.cards(related),
                    self.cards(incoming.iter().copied()),
                    contexts,
                    self.cards(stated),
                ))
            }
            PageKind::TermsIndex => self.all_cards,
            PageKind::TaxonomyList(_) | PageKind::Search | PageKind::NotFound => 0,
            PageKind::TaxonomySingle {
                kind,
                item,
                page: n,
            } => {
                let item_hash = match kind {
                    TaxonomyKind::Tags => self.tag_items[*item],
                    TaxonomyKind::Categories => self.category_items[*item],
                };
                let (on_page, total) = r.page_terms(*kind, *item, *n);
                hash_of(&(item_hash, total, self.cards(on_page.iter().copied())))
            }
            PageKind::Redirect { term } => self.card[*term],
        };
        hash_of(&(self.common, &page.output, &page.kind, specific))
    }
}
