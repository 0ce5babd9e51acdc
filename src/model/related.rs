//! Related terms: hand-picked ones first, then the best-scoring others.
//!
//! Scores come from posting lists (for each tag: the terms that carry it), never from
//! comparing all pairs of terms, so the cost grows with the number of (term, tag) pairs.
//! A tag's contribution is weighted by its rarity (inverse document frequency): a tag on
//! almost every term, like `用語集`, says almost nothing about relatedness.

use super::TermId;
use crate::config::RelatedWeights;

/// At most this many terms of one posting list are scored for one term. A very common tag
/// would otherwise make the work quadratic; its low IDF weight makes it a weak signal anyway.
pub const POSTING_CAP: usize = 256;

/// The inputs of the related-term computation, all indexed by [`TermId`].
pub struct RelatedInputs<'a> {
    pub term_count: usize,
    /// Per term: its tag item ids; `tag_postings[item]` lists the terms with that tag.
    pub term_tags: &'a [Vec<usize>],
    pub tag_postings: &'a [Vec<TermId>],
    pub term_categories: &'a [Vec<usize>],
    pub category_postings: &'a [Vec<TermId>],
    /// Per term: terms it links to or that link to it (references and mentions, either way).
    pub linked: &'a [Vec<TermId>],
    /// Per term: its hand-picked `related:` list, already resolved.
    pub manual: &'a [Vec<TermId>],
    /// Per term: terms it has a stated relation with (broader, narrower, see also,
    /// successor), either way.
    pub stated: &'a [Vec<TermId>],
    /// Per term: never offered as related (deprecated terms).
    pub excluded: &'a [bool],
    pub weights: &'a RelatedWeights,
    pub limit: usize,
}

/// One computed relation with its score, kept for graph.json.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Relation {
    pub term: TermId,
    /// `None` for a hand-picked relation.
    pub score: Option<f64>,
}

/// Per term, its related terms in display order.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct RelatedGraph {
    pub related: Vec<Vec<Relation>>,
}

impl RelatedGraph {
    pub fn compute(input: &RelatedInputs<'_>) -> RelatedGraph {
        use rayon::prelude::*;
        let n = input.term_count.max(1) as f64;
        let idf = |postings: &[Vec<TermId>]| -> Vec<f64> {
            postings
                .iter()
                .map(|p| (n / p.len().max(1) as f64).ln())
                .collect()
        };
        let tag_idf = idf(input.tag_postings);
        let cat_idf = idf(input.category_postings);
        // The IDF of a tag on one term only: no shared tag weighs more.
        let stated_weight = input.weights.relations * n.ln().max(1.0);
        let related = (0..input.term_count)
            .into_par_iter()
            .map_init(
                || Scores::new(input.term_count),
                |scores, t| {
                    for &g in &input.term_tags[t] {
                        scores.add_all(
                            nearest(&input.tag_postings[g], t),
                            input.weights.tags * tag_idf[g],
                        );
                    }
                    for &c in &input.term_categories[t] {
                        scores.add_all(
                            nearest(&input.category_postings[c], t),
                            input.weights.categories * cat_idf[c],
                        );
                    }
                    scores.add_all(&input.linked[t], input.weights.links);
                    scores.add_all(&input.stated[t], stated_weight);
                    let manual = &input.manual[t];
                    let mut out: Vec<Relation> = manual
                        .iter()
                        .filter(|&&u| !input.excluded[u])
                        .map(|&u| Relation {
                            term: u,
                            score: None,
                        })
                        .collect();
                    let room = input.limit.saturating_sub(out.len());
                    let ranked = scores.take_top(room, |u| {
                        u != t && !manual.contains(&u) && !input.excluded[u]
                    });
                    out.extend(ranked.into_iter().map(|(u, s)| Relation {
                        term: u,
                        score: Some(s),
                    }));
                    out
                },
            )
            .collect();
        RelatedGraph { related }
    }
}

/// A dense score table reused across terms: one slot per term plus the list of touched
/// slots, so resetting costs what was used, not the site's size.
struct Scores {
    score: Vec<f64>,
    touched: Vec<TermId>,
}

impl Scores {
    fn new(n: usize) -> Self {
        Scores {
            score: vec![0.0; n],
            touched: Vec::new(),
        }
    }

    fn add_all(&mut self, terms: &[TermId], w: f64) {
        if w <= 0.0 {
            return;
        }
        for &u in terms {
            if self.score[u] == 0.0 {
                self.touched.push(u);
            }
            self.score[u] += w;
        }
    }

    /// The best `k` accepted terms by score (ties in site order), and a reset table.
    fn take_top(&mut self, k: usize, accept: impl Fn(TermId) -> bool) -> Vec<(TermId, f64)> {
        let mut ranked: Vec<(TermId, f64)> = self
            .touched
            .iter()
            .map(|&u| (u, self.score[u]))
            .filter(|&(u, s)| s > 0.0 && accept(u))
            .collect();
        for &u in &self.touched {
            self.score[u] = 0.0;
        }
        self.touched.clear();
        // Highest score first; ties in site order, so output never depends on visit order.
        let order = |a: &(TermId, f64), b: &(TermId, f64)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        if k == 0 {
            return Vec::new();
        }
        if ranked.len() > k {
            ranked.select_nth_unstable_by(k - 1, order);
            ranked.truncate(k);
        }
        ranked.sort_by(order);
        ranked
    }
}

/// The part of a sorted posting list scored for term `t`: all of it when short, else the
/// [`POSTING_CAP`] entries around `t`'s own position (terms near it in site order).
fn nearest(postings: &[TermId], t: TermId) -> &[TermId] {
    if postings.len() <= POSTING_CAP {
        return postings;
    }
    let pos = postings.partition_point(|&u| u < t);
    let start = pos
        .saturating_sub(POSTING_CAP / 2)
        .min(postings.len() - POSTING_CAP);
    &postings[start..start + POSTING_CAP]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rare_shared_tags_outrank_common_ones_and_manual_comes_first() {
        // Tag 0 is on every term (like 用語集); tag 1 is on 0 and 2 only; tag 2 on 0 and 1.
        // Term 3 is hand-picked for term 0.
        let term_tags = vec![vec![0, 1, 2], vec![0, 2], vec![0, 1], vec![0]];
        let tag_postings = vec![vec![0, 1, 2, 3], vec![0, 2], vec![0, 1]];
        let none: Vec<Vec<usize>> = vec![vec![]; 4];
        let manual = vec![vec![3], vec![], vec![], vec![]];
        let weights = RelatedWeights {
            tags: 1.0,
            categories: 0.5,
            links: 2.0,
            relations: 2.0,
        };
        let mut linked = none.clone();
        linked[0] = vec![2];
        let g = RelatedGraph::compute(&RelatedInputs {
            term_count: 4,
            term_tags: &term_tags,
            tag_postings: &tag_postings,
            term_categories: &none,
            category_postings: &[],
            linked: &linked,
            manual: &manual,
            stated: &none,
            excluded: &[false; 4],
            weights: &weights,
            limit: 5,
        });
        let order: Vec<TermId> = g.related[0].iter().map(|r| r.term).collect();
        // 3 hand-picked; 2 shares a rare tag and a link; 1 shares a rare tag; the tag on
        // every term adds nothing, so term 3 gains no computed score.
        assert_eq!(order, vec![3, 2, 1]);
        assert_eq!(g.related[0][0].score, None);
        assert!(g.related[3].is_empty());
    }

    #[test]
    fn a_stated_relation_outweighs_the_rarest_shared_tag_and_deprecated_never_shows() {
        // Term 0 shares a tag only with term 1 (the highest IDF there is); term 2 is its
        // `broader`; term 3 is deprecated and shares the tag and a relation.
        let term_tags = vec![vec![0], vec![0], vec![], vec![0]];
        let tag_postings = vec![vec![0, 1, 3]];
        let none: Vec<Vec<usize>> = vec![vec![]; 4];
        let mut stated = none.clone();
        stated[0] = vec![2, 3];
        let g = RelatedGraph::compute(&RelatedInputs {
            term_count: 4,
            term_tags: &term_tags,
            tag_postings: &tag_postings,
            term_categories: &none,
            category_postings: &[],
            linked: &none,
            manual: &[vec![3], vec![], vec![], vec![]],
            stated: &stated,
            excluded: &[false, false, false, true],
            weights: &RelatedWeights::default(),
            limit: 5,
        });
        let order: Vec<TermId> = g.related[0].iter().map(|r| r.term).collect();
        assert_eq!(order, vec![2, 1]);
    }

    #[test]
    fn nearest_caps_long_posting_lists() {
        let p: Vec<TermId> = (0..1000).collect();
        let near = nearest(&p, 500);
        assert_eq!(near.len(), POSTING_CAP);
        assert!(near.contains(&500));
        assert_eq!(nearest(&p, 0)[0], 0);
        assert_eq!(*nearest(&p, 999).last().unwrap(), 999);
    }
}
