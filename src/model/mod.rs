//! The site model: terms in site order, taxonomies, name lookup, link and related graphs.
//!
//! Built from loaded sources; knows nothing of templates, HTML pages or HTTP.

pub mod autolink;
pub mod collation;
pub mod languages;
pub mod links;
pub mod lookup;
pub mod paths;
pub mod related;
pub mod relations;
pub mod taxonomy;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::SiteConfig;
use crate::content::terminology::SourceRef;
use crate::content::TermSource;
use crate::diagnostics::{Diagnostic, Problem};
use crate::reading::{self, Derived};
use crate::text::percent_encode_segment;

pub use autolink::{AutoLinker, AutoLinkerCache, PendingAutoLinker};
pub use collation::IndexGroup;
pub use links::LinkGraph;
pub use lookup::TermLookup;
pub use related::RelatedGraph;
pub use taxonomy::{Taxonomy, TaxonomyKind};

/// A term's position in site order (the 五十音/A–Z order of the index page). Every list on
/// the site is ordered by it, so ids double as a deterministic tie-breaker.
pub type TermId = usize;

/// One term as the rest of the pipeline sees it.
#[derive(Debug, Clone)]
pub struct Term {
    pub slug: String,
    pub title: String,
    /// The reading as written, if any.
    pub reading: Option<String>,
    /// What the term sorts and groups by: the written reading, else the title's derived
    /// reading when every kanji got one, else the title.
    pub sort_reading: String,
    /// Derived readings of [`Term::names`], position for position: `None` for a name
    /// without kanji, and for the title when the writer gave `reading:`.
    pub name_readings: Vec<Option<Derived>>,
    pub group: IndexGroup,
    pub aliases: Vec<String>,
    pub tags: Vec<taxonomy::ItemId>,
    pub categories: Vec<taxonomy::ItemId>,
    pub date: Option<String>,
    pub updated: Option<String>,
    pub description: Option<String>,
    pub related: Vec<TermId>,
    pub draft: bool,
    pub featured: bool,
    pub author: Option<String>,
    pub redirect_from: Vec<String>,
    pub weight: Option<i64>,
    pub extra: serde_json::Value,
    /// Auto-linking wanted for this term's body (site setting and front matter together).
    pub autolink: bool,
    /// The file, relative to the site root.
    pub source: PathBuf,
    pub body: Arc<str>,
    pub body_line: usize,
    /// File lines of front matter keys, for problems found once all terms are loaded.
    pub key_lines: crate::content::front_matter::KeyLines,
    pub bundle_dir: Option<PathBuf>,
    pub assets: Vec<PathBuf>,
    /// URL path, percent-encoded, with the base path: `/glossary/terms/ltv/`.
    pub url: String,
    /// Lifecycle and typed relations: deprecation, successor, broader, narrower, see also.
    pub relations: relations::TermRelations,
    /// What this abbreviation stands for, as written.
    pub abbreviation_of: Option<String>,
    pub sources: Vec<SourceRef>,
    /// `english:` (or `en_name:`): the English name shown beside the title.
    pub english: Option<String>,
}

impl Term {
    /// Every name a writer may use for this term: title first, then aliases, then the
    /// English name (last, so positions match [`Term::name_readings`]).
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.title.as_str())
            .chain(self.aliases.iter().map(String::as_str))
            .chain(self.english.as_deref())
    }
}

/// Terms and the structures derived from front matter alone.
#[derive(Debug)]
pub struct SiteModel {
    pub terms: Vec<Term>,
    pub tags: Taxonomy,
    pub categories: Taxonomy,
    pub lookup: TermLookup,
    /// Built while the rest of the model and the bodies' cache are made; see
    /// [`PendingAutoLinker`].
    pub autolinker: Arc<PendingAutoLinker>,
    /// A hash of every term's id, slug, URL and names: what references and auto-links in a
    /// body depend on besides the body itself.
    pub names_hash: u64,
}

impl SiteModel {
    /// Builds the model. Drafts are left out unless `drafts`; every problem is returned, and
    /// terms with fatal problems (duplicate slug) are left out so the rest can still be checked.
    pub fn build(
        sources: Vec<Arc<TermSource>>,
        site: &SiteConfig,
        drafts: bool,
        linkers: &mut AutoLinkerCache,
    ) -> (SiteModel, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let base = &site.base.path;
        // Drop drafts, then duplicate slugs (case-insensitive: URLs must not differ in case
        // only, or they collide on macOS and Windows file systems).
        let mut by_slug: HashMap<String, PathBuf> = HashMap::new();
        let mut kept: Vec<Arc<TermSource>> = Vec::with_capacity(sources.len());
        for src in sources {
            if src.front.draft && !drafts {
                continue;
            }
            let key = src.slug.to_lowercase();
            if let Some(first) = by_slug.get(&key) {
                diags.push(
                    Diagnostic::error(
                        src.path().clone(),
                        Problem::DuplicateSlug {
                            slug: src.slug.clone(),
                            other: crate::diagnostics::display_path(first),
                        },
                    )
                    .at_line(src.key_lines.slug),
                );
                continue;
            }
            by_slug.insert(key, src.path().clone());
            kept.push(src);
        }

        // Readings are the one costly per-term step here: derive them in parallel.
        let name_readings: Vec<Vec<Option<Derived>>> = kept
            .par_iter()
            .map(|src| derive_name_readings(src))
            .collect();
        let mut entries: Vec<(Term, Pending)> = kept
            .into_iter()
            .zip(name_readings)
            .map(|(src, name_readings)| {
                let title = src.front.title.clone().unwrap_or_default();
                let sort_reading = src
                    .front
                    .reading
                    .clone()
                    .unwrap_or_else(|| match name_readings.first() {
                        Some(Some(d)) if d.complete => d.reading.clone(),
                        _ => title.clone(),
                    });
                if src.front.reading.is_none() && !collation::can_be_own_reading(&sort_reading) {
                    diags.push(
                        Diagnostic::warning(
                            src.path().clone(),
                            missing_reading(&title, name_readings.first().and_then(Option::as_ref)),
                        )
                        .at_line(src.key_lines.title),
                    );
                }
                let fm = &src.front;
                let pending = Pending {
                    tags: fm.tags.clone(),
                    categories: fm.categories.clone(),
                    related: fm.related.clone(),
                    lines: src.key_lines,
                    relations: relations::WrittenRelations {
                        deprecated: fm.terminology.status.as_deref() == Some("deprecated"),
                        superseded_by: fm.terminology.superseded_by.clone(),
                        see_also: fm.terminology.see_also.clone(),
                        broader: fm.terminology.broader.clone(),
                        lines: src.relation_lines,
                    },
                };
                let term = Term {
                    url: format!("{base}terms/{}/", percent_encode_segment(&src.slug)),
                    slug: src.slug.clone(),
                    group: collation::index_group(&sort_reading),
                    sort_reading,
                    name_readings,
                    title,
                    reading: fm.reading.clone(),
                    aliases: fm.aliases.clone(),
                    tags: Vec::new(),
                    categories: Vec::new(),
                    date: fm.date.clone(),
                    updated: fm.updated.clone(),
                    description: fm.description.clone(),
                    related: Vec::new(),
                    draft: fm.draft,
                    featured: fm.featured,
                    author: fm.author.clone(),
                    redirect_from: fm.redirect_from.clone(),
                    weight: fm.weight,
                    extra: fm
                        .extra
                        .clone()
                        .unwrap_or(serde_json::Value::Object(Default::default())),
                    autolink: site.config.autolink && fm.autolink.unwrap_or(true),
                    source: src.file.path.clone(),
                    body: Arc::clone(&src.body),
                    body_line: src.body_line,
                    key_lines: src.key_lines,
                    bundle_dir: src.file.bundle_dir.clone(),
                    assets: src.file.assets.clone(),
                    relations: relations::TermRelations::default(),
                    abbreviation_of: fm.terminology.abbreviation_of.clone(),
                    sources: fm.terminology.sources.clone(),
                    english: fm.english.clone(),
                };
                (term, pending)
            })
            .collect();

        // Site order: 五十音/A–Z by reading, then slug.
        entries.par_sort_by_cached_key(|(t, _)| {
            (collation::sort_key(&t.sort_reading), t.slug.clone())
        });
        let (mut terms, pending): (Vec<Term>, Vec<Pending>) = entries.into_iter().unzip();

        let written_tags: Vec<&[String]> = pending.iter().map(|p| p.tags.as_slice()).collect();
        let written_cats: Vec<&[String]> =
            pending.iter().map(|p| p.categories.as_slice()).collect();
        let ((tags, term_tags, bad_tags), (categories, term_cats, bad_cats)) = rayon::join(
            || Taxonomy::build(TaxonomyKind::Tags, &written_tags),
            || Taxonomy::build(TaxonomyKind::Categories, &written_cats),
        );
        let bad_tags = bad_tags
            .into_iter()
            .map(|(t, name)| (t, name, pending[t].lines.tags));
        let bad_cats =
            (bad_cats.into_iter()).map(|(t, name)| (t, name, pending[t].lines.categories));
        for (term, name, line) in bad_tags.chain(bad_cats) {
            let d = Diagnostic::error(terms[term].source.clone(), Problem::NameWithoutUrl(name));
            diags.push(d.at_line(line));
        }
        for ((term, t), c) in terms.iter_mut().zip(term_tags).zip(term_cats) {
            term.tags = t;
            term.categories = c;
        }
        diags.extend(paths::check(&terms, [&tags, &categories]));

        let names_hash = crate::hash::hash_of(
            &terms
                .iter()
                .map(|t| (&t.slug, &t.url, &t.title, (&t.aliases, &t.english)))
                .collect::<Vec<_>>(),
        );
        // The automaton is the costliest part of the model: built on its own thread while the
        // rest is made, and not at all when auto-linking is off for the whole site.
        let autolinker = if site.config.autolink {
            linkers.get(names_hash, &terms)
        } else {
            Arc::new(PendingAutoLinker::ready(
                AutoLinker::new(std::iter::empty()),
            ))
        };
        let lookup = TermLookup::new(terms.iter().map(|t| (t.slug.as_str(), t.names().collect())));
        let files: Vec<PathBuf> = terms.iter().map(|t| t.source.clone()).collect();
        let written: Vec<relations::WrittenRelations> =
            pending.iter().map(|p| p.relations.clone()).collect();
        let (resolved, relation_diags) = relations::resolve(&written, &lookup, &files);
        diags.extend(relation_diags);
        for (term, r) in terms.iter_mut().zip(resolved) {
            term.relations = r;
        }
        for (id, p) in pending.iter().enumerate() {
            let mut related = Vec::new();
            for name in &p.related {
                match lookup.resolve(name) {
                    lookup::Resolution::Term(r) if r != id => {
                        if !related.contains(&r) {
                            related.push(r);
                        }
                    }
                    lookup::Resolution::Term(_) => {}
                    _ => diags.push(
                        Diagnostic::error(
                            terms[id].source.clone(),
                            Problem::UnknownRelated(name.clone()),
                        )
                        .at_line(p.lines.related),
                    ),
                }
            }
            terms[id].related = related;
            if let Some(author) = &terms[id].author {
                if !site.config.authors.contains_key(author) {
                    diags.push(
                        Diagnostic::error(
                            terms[id].source.clone(),
                            Problem::UnknownAuthor(author.clone()),
                        )
                        .at_line(p.lines.author),
                    );
                }
            }
        }
        (
            SiteModel {
                terms,
                tags,
                categories,
                lookup,
                autolinker,
                names_hash,
            },
            diags,
        )
    }

    pub fn taxonomy(&self, kind: TaxonomyKind) -> &Taxonomy {
        match kind {
            TaxonomyKind::Tags => &self.tags,
            TaxonomyKind::Categories => &self.categories,
        }
    }
}

/// The warning for a title that sorts under "others": say which characters have no reading
/// when the dictionary is the reason.
fn missing_reading(title: &str, derived: Option<&Derived>) -> Problem {
    match derived {
        Some(d) if !d.complete => {
            let unread: Vec<String> = d
                .reading
                .chars()
                .filter(|&c| reading::is_kanji(c))
                .map(|c| format!("`{c}`"))
                .collect();
            Problem::UnreadableTitle {
                title: title.to_string(),
                unread: unread.join(", "),
            }
        }
        _ => Problem::MissingReading,
    }
}

/// Derived readings of a source's title and aliases (see [`Term::name_readings`]).
fn derive_name_readings(src: &TermSource) -> Vec<Option<Derived>> {
    let title = src.front.title.as_deref().unwrap_or_default();
    let title_reading = (src.front.reading.is_none() && reading::needs_reading(title))
        .then(|| reading::derive(title));
    std::iter::once(title_reading)
        .chain(
            src.front
                .aliases
                .iter()
                .map(|a| reading::needs_reading(a).then(|| reading::derive(a))),
        )
        .collect()
}

/// Written tag, category and related names, held on the term between loading and the
/// taxonomy/lookup steps that turn them into ids.
#[derive(Debug, Default)]
struct Pending {
    tags: Vec<String>,
    categories: Vec<String>,
    related: Vec<String>,
    /// File lines of the keys whose names are resolved here.
    lines: crate::content::front_matter::KeyLines,
    relations: relations::WrittenRelations,
}
