//! Typed relations between terms, from front matter: the lifecycle (`status`,
//! `superseded_by`), `see_also`, `broader`, and `narrower` derived from `broader`.
//!
//! Names resolve through the same [`TermLookup`] as `[[references]]`, so a relation may name
//! a term by slug, title or alias.

use std::path::PathBuf;

use super::lookup::{Resolution, TermLookup};
use super::TermId;
use crate::content::terminology::RELATION_KEYS;
use crate::diagnostics::{display_path, Diagnostic, Problem};

/// Relation names as written in one term's front matter, with the lines of their keys.
#[derive(Debug, Default, Clone)]
pub struct WrittenRelations {
    pub deprecated: bool,
    pub superseded_by: Option<String>,
    pub see_also: Vec<String>,
    pub broader: Vec<String>,
    /// File lines of `superseded_by`, `see_also`, `broader` (see [`RELATION_KEYS`]).
    pub lines: [usize; 3],
}

/// One term's resolved relations.
#[derive(Debug, Default, Clone, PartialEq, Eq, Hash)]
pub struct TermRelations {
    /// `status: deprecated`, or implied by `superseded_by`.
    pub deprecated: bool,
    pub superseded_by: Option<TermId>,
    pub see_also: Vec<TermId>,
    pub broader: Vec<TermId>,
    /// Terms whose `broader` names this one, in site order.
    pub narrower: Vec<TermId>,
}

/// Resolves every term's relations. `files` are the terms' source files by id, for messages.
/// Unresolvable names are dropped from the result and reported.
pub fn resolve(
    written: &[WrittenRelations],
    lookup: &TermLookup,
    files: &[PathBuf],
) -> (Vec<TermRelations>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut out: Vec<TermRelations> = Vec::with_capacity(written.len());
    for (id, w) in written.iter().enumerate() {
        let one = |key_index: usize, name: &str, diags: &mut Vec<Diagnostic>| {
            resolve_one(
                lookup,
                files,
                id,
                w.lines[key_index],
                key_index,
                name,
                diags,
            )
        };
        let superseded_by = w
            .superseded_by
            .as_deref()
            .and_then(|n| one(0, n, &mut diags));
        let list = |key_index: usize, names: &[String], diags: &mut Vec<Diagnostic>| {
            let mut ids: Vec<TermId> = Vec::new();
            for name in names {
                if let Some(t) = one(key_index, name, diags) {
                    if !ids.contains(&t) {
                        ids.push(t);
                    }
                }
            }
            ids
        };
        let see_also = list(1, &w.see_also, &mut diags);
        let broader = list(2, &w.broader, &mut diags);
        out.push(TermRelations {
            deprecated: w.deprecated || w.superseded_by.is_some(),
            superseded_by,
            see_also: see_also.into_iter().filter(|&t| t != id).collect(),
            broader,
            narrower: Vec::new(),
        });
    }
    for id in 0..out.len() {
        for b in out[id].broader.clone() {
            out[b].narrower.push(id);
        }
    }
    check_successors(&out, written, files, &mut diags);
    for cycle in broader_cycles(&out) {
        let names: Vec<String> = cycle.iter().map(|&t| display_path(&files[t])).collect();
        let first = cycle.iter().copied().min().unwrap_or(0);
        diags.push(
            Diagnostic::error(
                files[first].clone(),
                Problem::BroaderCycle(names.join(" → ")),
            )
            .at_line(written[first].lines[2]),
        );
    }
    (out, diags)
}

fn resolve_one(
    lookup: &TermLookup,
    files: &[PathBuf],
    id: TermId,
    line: usize,
    key_index: usize,
    name: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<TermId> {
    let key = RELATION_KEYS[key_index];
    let problem = match lookup.resolve(name) {
        Resolution::Term(t) => return Some(t),
        Resolution::Missing => Problem::UnknownRelation {
            key,
            name: name.to_string(),
        },
        Resolution::Ambiguous(ids) => Problem::AmbiguousRelation {
            key,
            name: name.into(),
            candidates: ids
                .iter()
                .map(|&t| display_path(&files[t]))
                .collect::<Vec<_>>()
                .join(" or ")
                .into(),
        },
    };
    diags.push(Diagnostic::error(files[id].clone(), problem).at_line(line));
    None
}

/// `superseded_by` must name another term, and one that is not deprecated itself.
fn check_successors(
    relations: &[TermRelations],
    written: &[WrittenRelations],
    files: &[PathBuf],
    diags: &mut Vec<Diagnostic>,
) {
    for (id, r) in relations.iter().enumerate() {
        let Some(next) = r.superseded_by else {
            continue;
        };
        let problem = if next == id {
            Problem::SupersededBySelf
        } else if relations[next].deprecated {
            Problem::SupersededByDeprecated(display_path(&files[next]))
        } else {
            continue;
        };
        diags.push(Diagnostic::error(files[id].clone(), problem).at_line(written[id].lines[0]));
    }
}

/// Per term, the terms it has a stated relation with in either direction, sorted: broader
/// and narrower terms, see-also terms both ways, successor and predecessors. Feeds the
/// related-term scores.
pub fn stated_neighbours(relations: &[&TermRelations]) -> Vec<Vec<TermId>> {
    let mut stated: Vec<Vec<TermId>> = vec![Vec::new(); relations.len()];
    for (id, r) in relations.iter().enumerate() {
        stated[id].extend(r.broader.iter().chain(&r.narrower));
        for &u in r.see_also.iter().chain(&r.superseded_by) {
            stated[id].push(u);
            stated[u].push(id);
        }
    }
    for (id, list) in stated.iter_mut().enumerate() {
        list.sort_unstable();
        list.dedup();
        list.retain(|&u| u != id);
    }
    stated
}

/// Every cycle of `broader` links, each as its terms in link order, found by an iterative
/// depth-first search (input decides the depth, so no recursion). Each term is visited
/// once, so the cost is linear in terms plus links.
pub fn broader_cycles(relations: &[TermRelations]) -> Vec<Vec<TermId>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        OnPath,
        Done,
    }
    let mut mark = vec![Mark::New; relations.len()];
    let mut cycles = Vec::new();
    for start in 0..relations.len() {
        if mark[start] != Mark::New {
            continue;
        }
        // The current path: (term, index of the next `broader` link to follow).
        let mut path: Vec<(TermId, usize)> = vec![(start, 0)];
        mark[start] = Mark::OnPath;
        while let Some(top) = path.last_mut() {
            let t = top.0;
            let Some(&b) = relations[t].broader.get(top.1) else {
                mark[t] = Mark::Done;
                path.pop();
                continue;
            };
            top.1 += 1;
            match mark[b] {
                Mark::New => {
                    mark[b] = Mark::OnPath;
                    path.push((b, 0));
                }
                Mark::OnPath => {
                    let from = path.iter().position(|&(u, _)| u == b).unwrap_or(0);
                    cycles.push(path[from..].iter().map(|&(u, _)| u).collect());
                }
                Mark::Done => {}
            }
        }
    }
    cycles
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_broader(lists: &[&[TermId]]) -> Vec<TermRelations> {
        lists
            .iter()
            .map(|b| TermRelations {
                broader: b.to_vec(),
                ..TermRelations::default()
            })
            .collect()
    }

    #[test]
    fn finds_each_cycle_once_with_every_member() {
        // 0 → 1 → 2 → 0 is a cycle; 3 → 0 leads into it; 4 → 4 is a self-loop.
        let r = with_broader(&[&[1], &[2], &[0], &[0], &[4]]);
        let cycles = broader_cycles(&r);
        assert_eq!(cycles, vec![vec![0, 1, 2], vec![4]]);
    }

    #[test]
    fn a_chain_and_a_diamond_are_no_cycle() {
        // 0 → 1 → 2, and 3 → {1, 2}: shared ancestors, no cycle.
        let r = with_broader(&[&[1], &[2], &[], &[1, 2]]);
        assert!(broader_cycles(&r).is_empty());
    }

    #[test]
    fn a_long_chain_needs_no_deep_stack() {
        let n = 200_000;
        let mut r: Vec<TermRelations> = (0..n)
            .map(|i| TermRelations {
                broader: if i + 1 < n { vec![i + 1] } else { vec![] },
                ..TermRelations::default()
            })
            .collect();
        assert!(broader_cycles(&r).is_empty());
        r[n - 1].broader = vec![0];
        assert_eq!(broader_cycles(&r)[0].len(), n);
    }
}
