//! Which terms point at which: `[[references]]` and auto-linked mentions, both directions.

use super::TermId;

/// Outgoing and incoming links per term, deduplicated, in site order.
#[derive(Debug, Default, Clone)]
pub struct LinkGraph {
    /// Terms this term references (`[[…]]`).
    pub references: Vec<Vec<TermId>>,
    /// Terms this term mentions (auto-links) and does not also reference.
    pub mentions: Vec<Vec<TermId>>,
    /// Terms that reference or mention this term: its backlinks.
    pub incoming: Vec<Vec<TermId>>,
}

impl LinkGraph {
    /// `per_term` yields, in id order, each term's references and mentions.
    pub fn new(
        term_count: usize,
        per_term: impl Iterator<Item = (Vec<TermId>, Vec<TermId>)>,
    ) -> Self {
        let mut g = LinkGraph {
            references: Vec::with_capacity(term_count),
            mentions: Vec::with_capacity(term_count),
            incoming: vec![Vec::new(); term_count],
        };
        for (from, (mut refs, mut mentions)) in per_term.enumerate() {
            refs.retain(|&t| t != from);
            refs.sort_unstable();
            refs.dedup();
            mentions.retain(|t| *t != from && refs.binary_search(t).is_err());
            mentions.sort_unstable();
            mentions.dedup();
            for &to in refs.iter().chain(&mentions) {
                g.incoming[to].push(from);
            }
            g.references.push(refs);
            g.mentions.push(mentions);
        }
        // `from` ascends in the loop above, so every incoming list is already sorted.
        g
    }

    /// Terms linked with `t` in either direction, for the related-terms score.
    pub fn neighbours(&self) -> Vec<Vec<TermId>> {
        (0..self.incoming.len())
            .map(|t| {
                let mut all: Vec<TermId> = self.references[t]
                    .iter()
                    .chain(&self.mentions[t])
                    .chain(&self.incoming[t])
                    .copied()
                    .collect();
                all.sort_unstable();
                all.dedup();
                all
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backlinks_are_deduplicated_and_exclude_self() {
        let g = LinkGraph::new(
            3,
            vec![
                (vec![1, 1, 0], vec![2, 1]),
                (vec![], vec![0]),
                (vec![], vec![]),
            ]
            .into_iter(),
        );
        assert_eq!(g.references[0], vec![1]);
        assert_eq!(g.mentions[0], vec![2]);
        assert_eq!(g.incoming[0], vec![1]);
        assert_eq!(g.incoming[1], vec![0]);
        assert_eq!(g.incoming[2], vec![0]);
        assert_eq!(g.neighbours()[0], vec![1, 2]);
    }
}
