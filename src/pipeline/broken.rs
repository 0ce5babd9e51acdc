//! The second half of the link check: fragments against their target page's ids, links
//! to unknown files against the written output, and the diagnostics for what is broken.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use super::links::PageLinks;
use crate::diagnostics::{BrokenAnchor, Diagnostic, Problem};
use crate::model::SiteModel;
use crate::render::{Page, PageKind};

/// A link that leads nowhere.
pub(super) enum Broken<'p> {
    Missing {
        page: &'p str,
        link: &'p str,
    },
    Anchor {
        page: &'p str,
        link: &'p str,
        target: &'p str,
        id: &'p str,
    },
}

impl<'p> Broken<'p> {
    /// The page it is on and the link as written.
    fn place(&self) -> (&'p str, &'p str) {
        match *self {
            Broken::Missing { page, link } | Broken::Anchor { page, link, .. } => (page, link),
        }
    }

    /// The problem, with `page` as it should be shown.
    fn problem(&self, page: String) -> Problem {
        match *self {
            Broken::Missing { link, .. } => Problem::BrokenLink {
                page,
                link: link.to_string(),
            },
            Broken::Anchor {
                link, target, id, ..
            } => Problem::BrokenAnchor(Box::new(BrokenAnchor {
                page,
                link: link.to_string(),
                target: target.to_string(),
                id: id.to_string(),
            })),
        }
    }
}

/// Checks every page's fragments against its target's ids, and links to unknown files
/// against the written output (`on_disk`: files other parts of the build wrote).
pub(super) fn verify<'p>(
    pages: &[(&'p str, &'p PageLinks)],
    on_disk: Option<&Path>,
) -> Vec<Broken<'p>> {
    let by_output: HashMap<&str, &PageLinks> = pages.iter().copied().collect();
    let mut broken = Vec::new();
    for &(page, links) in pages {
        for (link, path) in &links.missing {
            let written = on_disk.is_some_and(|dir| {
                dir.join(path).is_file()
                    || dir
                        .join(path.trim_end_matches('/'))
                        .join("index.html")
                        .is_file()
            });
            if !written {
                broken.push(Broken::Missing { page, link });
            }
        }
        for (link, target, id) in &links.anchors {
            let Some(target_links) = by_output.get(&**target) else {
                continue;
            };
            let found = id == "top"
                || target_links
                    .ids
                    .binary_search_by(|x| (**x).cmp(id.as_str()))
                    .is_ok();
            if !found {
                broken.push(Broken::Anchor {
                    page,
                    link,
                    target,
                    id,
                });
            }
        }
    }
    broken
}

/// The broken links of a build as diagnostics. On a term's page (or its redirect page) the
/// term file is blamed, at the line where the link is written when it is found there. A link
/// broken on several pages and written in none of their terms (a template's) is one
/// diagnostic naming the first page and how many others, not one per page of the site.
/// `pages`: every page of the site (any language), with its language's model.
pub(super) fn diagnostics<'m>(
    pages: impl IntoIterator<Item = (&'m Page, &'m SiteModel)>,
    scanned: &HashMap<String, std::sync::Arc<PageLinks>>,
    on_disk: Option<&Path>,
) -> Vec<Diagnostic> {
    let mut list: Vec<(&str, &PageLinks)> =
        scanned.iter().map(|(k, v)| (k.as_str(), &**v)).collect();
    list.sort_unstable_by_key(|(k, _)| *k);
    let broken = verify(&list, on_disk);
    if broken.is_empty() {
        return Vec::new();
    }
    let kinds: HashMap<&str, (&PageKind, &SiteModel)> = pages
        .into_iter()
        .map(|(p, model)| (p.output.as_str(), (&p.kind, model)))
        .collect();
    let term_of = |page: &str| match kinds.get(page) {
        Some((PageKind::Term(t) | PageKind::Redirect { term: t }, model)) => model.terms.get(*t),
        _ => None,
    };
    let mut pages_with: HashMap<&str, usize> = HashMap::new();
    for b in &broken {
        *pages_with.entry(b.place().1).or_default() += 1;
    }
    let mut out = Vec::new();
    // Links not written in a term (a template's): (link, first page, problem, other pages).
    let mut elsewhere: BTreeMap<&str, (&str, Broken<'_>, usize)> = BTreeMap::new();
    for b in broken {
        let (page, link) = b.place();
        let term = term_of(page);
        let written_at = term.and_then(|t| t.body.find(link));
        match term {
            Some(term) if written_at.is_some() || pages_with[link] == 1 => {
                let d = Diagnostic::error(term.source.clone(), b.problem(page.to_string()));
                out.push(match written_at {
                    Some(at) => d.at_line(term.body_line + term.body[..at].matches('\n').count()),
                    None => d,
                });
            }
            _ => match elsewhere.get_mut(link) {
                Some(entry) => entry.2 += 1,
                None => {
                    elsewhere.insert(link, (page, b, 0));
                }
            },
        }
    }
    for (_, (page, b, others)) in elsewhere {
        let shown = match others {
            0 => page.to_string(),
            n => format!("{page} (and {n} other pages)"),
        };
        out.push(Diagnostic::error(page, b.problem(shown)));
    }
    out
}
