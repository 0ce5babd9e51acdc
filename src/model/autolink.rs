//! Finding plain-text mentions of term names, for auto-linking.
//!
//! One Aho–Corasick automaton over every title and alias of the site finds all mentions in a
//! single left-to-right pass per text, so the cost is linear in the content whatever the
//! number of terms. Leftmost-longest matching makes `顧客データプラットフォーム` win over
//! `データ` at the same position.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use std::thread::JoinHandle;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use unicode_normalization::UnicodeNormalization;

use super::lookup::name_key;
use super::{Term, TermId};

/// Names shorter than this (in characters) are never auto-linked: `AI` is fine, `A` is not.
pub const MIN_NAME_CHARS: usize = 2;

/// A mention of a term in a text: byte range and the term it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub term: TermId,
}

pub struct AutoLinker {
    automaton: Option<AhoCorasick>,
    /// Pattern index → term.
    targets: Vec<TermId>,
}

impl std::fmt::Debug for AutoLinker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "AutoLinker({} names)", self.targets.len())
    }
}

impl AutoLinker {
    /// `names` yields every (term, title or alias). Names shared by several terms and names
    /// under [`MIN_NAME_CHARS`] are left out: a link must never guess.
    pub fn new<'a>(names: impl Iterator<Item = (TermId, &'a str)>) -> Self {
        // key → (owner, or None once a second term claims it), spellings to search for.
        let mut owners: HashMap<String, (Option<TermId>, Vec<String>)> = HashMap::new();
        for (term, name) in names {
            let name = name.trim();
            if name.chars().count() < MIN_NAME_CHARS {
                continue;
            }
            let entry = owners
                .entry(name_key(name))
                .or_insert_with(|| (Some(term), Vec::new()));
            if entry.0 != Some(term) {
                entry.0 = None;
            }
            let nfkc: String = name.nfkc().collect();
            for spelling in [name.to_string(), nfkc] {
                if !entry.1.contains(&spelling) {
                    entry.1.push(spelling);
                }
            }
        }
        let mut pairs: Vec<(String, TermId)> = owners
            .into_values()
            .filter_map(|(owner, spellings)| owner.map(|t| (t, spellings)))
            .flat_map(|(t, spellings)| spellings.into_iter().map(move |s| (s, t)))
            .collect();
        pairs.sort();
        pairs.dedup();
        let automaton = if pairs.is_empty() {
            None
        } else {
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::LeftmostLongest)
                .ascii_case_insensitive(true)
                .build(pairs.iter().map(|(s, _)| s.as_str()))
                .ok()
        };
        AutoLinker {
            automaton,
            targets: pairs.into_iter().map(|(_, t)| t).collect(),
        }
    }

    /// Mentions in `text`, left to right, non-overlapping. A name that begins (ends) with a
    /// Latin letter or digit only matches where the text has no Latin letter or digit just
    /// before (after) it, so `TAM` is not found in `TAMPA`; Japanese names match anywhere.
    pub fn mentions<'t>(&'t self, text: &'t str) -> impl Iterator<Item = Mention> + 't {
        self.automaton
            .iter()
            .flat_map(move |ac| ac.find_iter(text))
            .filter(move |m| at_word_boundary(text, m.start(), m.end()))
            .map(move |m| Mention {
                start: m.start(),
                end: m.end(),
                term: self.targets[m.pattern().as_usize()],
            })
    }
}

/// An automaton built on a thread of its own from when the model is made until the first
/// body asks for it: a build whose bodies all come from the build cache never waits for
/// it, and one that renders a few overlaps it with loading the others.
pub struct PendingAutoLinker {
    ready: OnceLock<Arc<AutoLinker>>,
    building: Mutex<Option<Building>>,
}

/// Where a [`PendingAutoLinker`]'s automaton comes from.
enum Building {
    Thread(JoinHandle<AutoLinker>),
    /// No thread could be had: built from these names when first asked for.
    Names(Vec<(TermId, String)>),
}

impl std::fmt::Debug for PendingAutoLinker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.ready.get() {
            Some(linker) => linker.fmt(f),
            None => write!(f, "AutoLinker(being built)"),
        }
    }
}

fn build_from(names: &[(TermId, String)]) -> AutoLinker {
    AutoLinker::new(names.iter().map(|(id, n)| (*id, n.as_str())))
}

impl PendingAutoLinker {
    /// An automaton that is there already (or none: auto-linking off for the site).
    pub fn ready(linker: AutoLinker) -> Self {
        PendingAutoLinker {
            ready: OnceLock::from(Arc::new(linker)),
            building: Mutex::new(None),
        }
    }

    /// Starts building the automaton of every (term, title or alias) in `names`.
    fn spawn(names: Vec<(TermId, String)>) -> Self {
        let names = Arc::new(names);
        let for_thread = Arc::clone(&names);
        let building = match std::thread::Builder::new().spawn(move || build_from(&for_thread)) {
            Ok(handle) => Building::Thread(handle),
            Err(_) => Building::Names(Arc::try_unwrap(names).unwrap_or_else(|n| (*n).clone())),
        };
        PendingAutoLinker {
            ready: OnceLock::new(),
            building: Mutex::new(Some(building)),
        }
    }

    /// The automaton, waiting for it to be built.
    pub fn get(&self) -> &AutoLinker {
        self.ready.get_or_init(|| {
            let building = self.building.lock().ok().and_then(|mut b| b.take());
            let linker = match building {
                Some(Building::Thread(handle)) => match handle.join() {
                    Ok(linker) => linker,
                    Err(panic) => std::panic::resume_unwind(panic),
                },
                Some(Building::Names(names)) => build_from(&names),
                // Only `ready` makes one without either, and it sets `ready`.
                None => AutoLinker::new(std::iter::empty()),
            };
            Arc::new(linker)
        })
    }
}

/// The automaton of the last build, reused while no term's name, slug or URL changed:
/// building it is the costliest step of the model on a large site.
#[derive(Default)]
pub struct AutoLinkerCache {
    last: Option<(u64, Arc<PendingAutoLinker>)>,
}

impl AutoLinkerCache {
    /// The automaton for `terms`, whose names hash to `names_hash`: the last one, or one
    /// being built (see [`PendingAutoLinker`]).
    pub fn get(&mut self, names_hash: u64, terms: &[Term]) -> Arc<PendingAutoLinker> {
        if let Some((h, linker)) = &self.last {
            if *h == names_hash {
                return Arc::clone(linker);
            }
        }
        let names: Vec<(TermId, String)> = terms
            .iter()
            .enumerate()
            .flat_map(|(id, t)| t.names().map(move |n| (id, n.to_string())))
            .collect();
        let linker = Arc::new(PendingAutoLinker::spawn(names));
        self.last = Some((names_hash, Arc::clone(&linker)));
        linker
    }
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

fn at_word_boundary(text: &str, start: usize, end: usize) -> bool {
    let first = text[start..].chars().next();
    let last = text[..end].chars().next_back();
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    let start_ok = !(first.is_some_and(is_word_char) && before.is_some_and(is_word_char));
    let end_ok = !(last.is_some_and(is_word_char) && after.is_some_and(is_word_char));
    start_ok && end_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    fn linker() -> AutoLinker {
        AutoLinker::new(
            vec![
                (0, "データ"),
                (1, "顧客データプラットフォーム"),
                (1, "CDP"),
                (2, "TAM"),
                (3, "A"),
                (4, "共有名"),
                (5, "共有名"),
            ]
            .into_iter(),
        )
    }

    fn found(text: &str) -> Vec<(String, TermId)> {
        linker()
            .mentions(text)
            .map(|m| (text[m.start..m.end].to_string(), m.term))
            .collect()
    }

    #[test]
    fn longest_match_wins() {
        assert_eq!(
            found("顧客データプラットフォームとデータ"),
            vec![
                ("顧客データプラットフォーム".into(), 1),
                ("データ".into(), 0)
            ]
        );
    }

    #[test]
    fn latin_names_need_word_boundaries_japanese_do_not() {
        assert_eq!(found("TAMPA"), vec![]);
        assert_eq!(
            found("市場規模(TAM)とcdpを"),
            vec![("TAM".into(), 2), ("cdp".into(), 1)]
        );
        assert_eq!(found("このCDPは"), vec![("CDP".into(), 1)]);
    }

    #[test]
    fn short_and_shared_names_are_not_linked() {
        assert_eq!(found("A 共有名"), vec![]);
    }
}
