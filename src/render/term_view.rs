//! A term page described by a typed view of borrowed inputs ([`TermView`]) instead of Tera
//! values: its fingerprint hashes the view (nothing is built), and only a page that is
//! rendered turns it into values ([`term_values`], a function of the view alone, so the view
//! is the page's one description). 11,000 of a 10k site's 11,400 pages are term pages.
//!
//! (Over 400 lines with its test: the view, how it is read from the model and how it becomes
//! values are kept together, so what a term page shows is read in one place.)

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};

use tera::{Map, Value};

use super::blocks::{self, BlockData};
use super::fragments::{CardForm, CardHeading};
use super::languages::PageLanguages;
use super::values::{opt_str, str_list, SharedValues};
use super::Renderer;
use crate::config::SiteConfig;
use crate::content::terminology::SourceRef;
use crate::model::lookup::Resolution;
use crate::model::TermId;

/// A value many pages share (a card, a tag, a series banner): its index and the hash of its
/// contents, so a view hashes it without walking it.
#[derive(Clone, Copy, Hash)]
pub struct Shared {
    pub index: usize,
    hash: u64,
}

/// Hashes of the shared values, by index (see [`Shared`]).
#[derive(Default)]
pub struct SharedIndex {
    pub cards: Vec<u64>,
    pub tags: Vec<u64>,
    pub categories: Vec<u64>,
}

/// Renders cards for a term page (`card.rendered`), once per term and heading.
pub trait CardRenderer: Sync {
    fn render_cards(&self, ids: &mut dyn Iterator<Item = TermId>, heading: CardHeading) -> Value;
}

/// Site-wide inputs of every term page. Not hashed with a view: the config and the theme's
/// strings are in the common fingerprint, and the shared values a page shows are in its
/// view as [`Shared`] (with their hashes).
#[derive(Clone, Copy)]
pub struct SiteInputs<'a> {
    pub site: &'a SiteConfig,
    pub strings: &'a BTreeMap<String, String>,
    pub shared: &'a SharedValues,
    pub blocks: &'a BlockData,
    pub cards: &'a dyn CardRenderer,
    /// `breadcrumbs` of every term page (home, terms), made once.
    pub breadcrumbs: &'a Value,
    /// How much of a card backlinks give (see [`CardForm`]).
    pub card_form: CardForm,
}

impl Hash for SiteInputs<'_> {
    fn hash<H: Hasher>(&self, _: &mut H) {}
}

impl SiteInputs<'_> {
    /// A theme string (its key when the theme lacks it).
    pub fn t(&self, key: &str) -> String {
        self.strings
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_string())
    }

    pub fn cards(&self, list: &[Shared]) -> Value {
        self.shared.cards_of(list.iter().map(|s| s.index))
    }

    pub fn card(&self, s: Option<Shared>) -> Value {
        s.map_or_else(Value::none, |s| self.shared.cards[s.index].clone())
    }
}

/// Front matter `extra`, hashed as its JSON text.
pub struct Json<'a>(pub &'a serde_json::Value);

impl Hash for Json<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        struct Feed<'h, H>(&'h mut H);
        impl<H: Hasher> std::io::Write for Feed<'_, H> {
            fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                self.0.write(buf);
                Ok(buf.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let _ = serde_json::to_writer(Feed(&mut *h), self.0);
        h.write_u8(0xff);
    }
}

/// A backlink: the linking term's card and the sentence around its link (before,
/// mention, after), when known.
pub type Backlink<'a> = (Shared, Option<[&'a str; 3]>);

/// Everything a term page's values are made from (besides the site-wide [`SiteInputs`]).
#[derive(Hash)]
pub struct TermView<'a> {
    pub site: SiteInputs<'a>,
    pub slug: &'a str,
    pub title: &'a str,
    pub reading: Option<&'a str>,
    pub aliases: &'a [String],
    pub url: &'a str,
    pub tags: Vec<Shared>,
    pub categories: Vec<Shared>,
    pub date: Option<&'a str>,
    pub updated: Option<&'a str>,
    pub summary: &'a str,
    /// The rendered body.
    pub body: &'a str,
    pub author: Option<&'a str>,
    pub related: Vec<Shared>,
    pub featured: bool,
    pub weight: Option<i64>,
    pub extra: Json<'a>,
    pub english: Option<&'a str>,
    /// Series banners: index into the block data's series, and whether the term is in it.
    pub series: Vec<(Shared, bool)>,
    pub featured_cards: Vec<Shared>,
    pub previous: Option<Shared>,
    pub next: Option<Shared>,
    pub links_to: Vec<Shared>,
    pub deprecated: bool,
    pub superseded_by: Option<Shared>,
    pub broader: Vec<Shared>,
    pub narrower: Vec<Shared>,
    pub see_also: Vec<Shared>,
    /// `abbreviation_of` as written, and the URL of the term it names, if another.
    pub abbreviation_of: Option<(&'a str, Option<&'a str>)>,
    pub sources: &'a [SourceRef],
    pub backlinks: Vec<Backlink<'a>>,
    /// The page's language links; `None` on a one-language site.
    pub languages: Option<PageLanguages<'a>>,
}

impl<'a> Renderer<'a> {
    /// The shared hashes by index, if made yet (see `Renderer::hashes`). A view made
    /// without them carries zeros and is not fingerprinted (`PageDescription::hashed`).
    fn shared_index(&self) -> Option<&SharedIndex> {
        self.hashes.get().map(|(_, index)| index)
    }

    fn card_ref(&self, id: TermId) -> Shared {
        let hash = self.shared_index().map_or(0, |i| i.cards[id]);
        Shared { index: id, hash }
    }

    pub(super) fn card_refs(&self, ids: impl IntoIterator<Item = TermId>) -> Vec<Shared> {
        ids.into_iter().map(|id| self.card_ref(id)).collect()
    }

    /// The inputs every term page shares.
    pub(super) fn site_inputs(&self) -> SiteInputs<'_> {
        SiteInputs {
            site: self.input.site,
            strings: &self.theme.strings,
            shared: &self.shared,
            blocks: &self.blocks,
            cards: self,
            breadcrumbs: &self.term_breadcrumbs,
            card_form: self.card_form("term.html"),
        }
    }

    /// Reads from the model everything term `id`'s page shows.
    pub(super) fn term_view(&self, id: TermId) -> TermView<'_> {
        let model = self.input.model;
        let term = &model.terms[id];
        let index = self.shared_index();
        let item = |ids: &[usize], hashes: Option<&Vec<u64>>| -> Vec<Shared> {
            ids.iter()
                .map(|&i| Shared {
                    index: i,
                    hash: hashes.map_or(0, |h| h[i]),
                })
                .collect()
        };
        let r = &term.relations;
        let abbreviation_of = term.abbreviation_of.as_deref().map(|text| {
            let url = match model.lookup.resolve(text) {
                Resolution::Term(t) if t != id => Some(model.terms[t].url.as_str()),
                _ => None,
            };
            (text, url)
        });
        let (series, featured_cards, previous, next, links_to) = self.block_refs(id);
        TermView {
            site: self.site_inputs(),
            slug: &term.slug,
            title: &term.title,
            reading: term.reading.as_deref(),
            aliases: &term.aliases,
            url: &term.url,
            tags: item(&term.tags, index.map(|i| &i.tags)),
            categories: item(&term.categories, index.map(|i| &i.categories)),
            date: term.date.as_deref(),
            updated: term.updated.as_deref(),
            summary: &self.input.summaries[id],
            body: self.input.bodies[id],
            author: term.author.as_deref(),
            related: self.card_refs(self.input.related.related[id].iter().map(|r| r.term)),
            featured: term.featured,
            weight: term.weight,
            extra: Json(&term.extra),
            english: term.english.as_deref(),
            series,
            featured_cards,
            previous,
            next,
            links_to,
            deprecated: r.deprecated,
            superseded_by: r.superseded_by.map(|s| self.card_ref(s)),
            broader: self.card_refs(r.broader.iter().copied()),
            narrower: self.card_refs(r.narrower.iter().copied()),
            see_also: self.card_refs(r.see_also.iter().copied()),
            abbreviation_of,
            sources: &term.sources,
            backlinks: self.backlinks(id),
            // Set by `describe`, which gives every page kind its language links.
            languages: None,
        }
    }

    /// The block parts of a term's view: series, featured, previous, next, links to.
    #[allow(clippy::type_complexity)]
    fn block_refs(
        &self,
        id: TermId,
    ) -> (
        Vec<(Shared, bool)>,
        Vec<Shared>,
        Option<Shared>,
        Option<Shared>,
        Vec<Shared>,
    ) {
        let b = &self.input.site.config.blocks;
        let term = &self.input.model.terms[id];
        let data = &self.blocks;
        let mut series = Vec::new();
        if b.series {
            for (at, (cat, _, _)) in data.series.iter().enumerate() {
                let hash = self.shared_index().map_or(0, |i| i.categories[*cat]);
                let shared = Shared { index: at, hash };
                series.push((shared, term.categories.contains(cat)));
            }
        }
        let featured = if b.featured {
            let ids = data.featured.iter().copied().filter(|&t| t != id);
            self.card_refs(ids.take(b.featured_limit))
        } else {
            Vec::new()
        };
        let (previous, next) = if b.prev_next {
            let (p, n) = data.neighbours[id];
            (p.map(|t| self.card_ref(t)), n.map(|t| self.card_ref(t)))
        } else {
            (None, None)
        };
        let links_to = if b.neighbourhood {
            self.card_refs(blocks::links_to(self.input.links, id))
        } else {
            Vec::new()
        };
        (series, featured, previous, next, links_to)
    }

    /// The terms linking to `id`, each with the sentence around its first link here.
    fn backlinks(&self, id: TermId) -> Vec<Backlink<'_>> {
        self.input.links.incoming[id]
            .iter()
            .map(|&from| {
                let contexts = self.input.contexts.get(from).copied().unwrap_or(&[]);
                let context = contexts
                    .binary_search_by_key(&id, |c| c.target)
                    .ok()
                    .map(|i| {
                        let c = &contexts[i];
                        [c.before.as_str(), c.mention.as_str(), c.after.as_str()]
                    });
                (self.card_ref(from), context)
            })
            .collect()
    }
}

impl CardRenderer for Renderer<'_> {
    fn render_cards(&self, ids: &mut dyn Iterator<Item = TermId>, heading: CardHeading) -> Value {
        self.rendered_cards(ids, heading, "term.html")
    }
}

/// A term page's values (`page`, `breadcrumbs`, `term`, the language links): made from its
/// view alone.
pub fn term_values(view: &TermView) -> Vec<(&'static str, Value)> {
    let site = &view.site;
    let page = super::page_value(site.site, "term", view.title, view.url, view.summary);
    let mut values = vec![
        ("page", page),
        ("breadcrumbs", site.breadcrumbs.clone()),
        ("term", term_value(view)),
    ];
    values.extend(super::languages::language_values(view.languages.as_ref()));
    values
}

/// How many fields `term` has with every block on (room for them all at once).
const TERM_FIELDS: usize = 40;

/// `term` in term.html.
fn term_value(view: &TermView) -> Value {
    let site = &view.site;
    let cfg = &site.site.config;
    let pick = |list: &[Shared], all: &[Value]| {
        Value::from(
            list.iter()
                .map(|s| all[s.index].clone())
                .collect::<Vec<_>>(),
        )
    };
    let author = view
        .author
        .and_then(|a| cfg.authors.get(a))
        .map_or_else(Value::none, Value::from_serializable);
    let day = |d: Option<&str>| opt_str(d.map(|d| d.get(..10).unwrap_or(d)));
    let date = |d: Option<&str>| super::local_date(site.strings, d);
    let related = site
        .cards
        .render_cards(&mut view.related.iter().map(|s| s.index), CardHeading::H3);
    // Code blocks and tables made keyboard-scrollable here, so the body is copied once.
    let content = blocks::keyboard_scrollable(view.body, || site.t("code_block"));
    let pairs = [
        ("slug", Value::from(view.slug)),
        ("title", Value::from(view.title)),
        ("reading", Value::from(view.reading.unwrap_or(""))),
        ("aliases", str_list(view.aliases)),
        ("url", Value::from(view.url)),
        ("permalink", Value::from(site.site.base.absolute(view.url))),
        ("tags", pick(&view.tags, &site.shared.tag_items)),
        (
            "categories",
            pick(&view.categories, &site.shared.category_items),
        ),
        ("date", day(view.date)),
        ("updated", day(view.updated)),
        ("date_display", date(view.date)),
        ("updated_display", date(view.updated)),
        ("date_iso", opt_str(view.date)),
        ("updated_iso", opt_str(view.updated)),
        ("summary", Value::from(view.summary)),
        // No `title` on body links: preview.js shows each term's summary from the
        // search index, so the page does not carry every linked term's summary.
        ("content", Value::safe_string(&content)),
        ("author", author),
        ("related", related),
        ("backlinks", super::terminology::backlinks_value(view)),
        ("featured", Value::from(view.featured)),
        ("weight", view.weight.map_or_else(Value::none, Value::from)),
        ("extra", Value::from_serializable(view.extra.0)),
        ("jsonld", Value::safe_string(&jsonld(view))),
    ];
    // One map for all ~35 fields, made into a value once: building it with `object` and
    // adding to it afterwards built it three times (a value's map is copied into a new one).
    let mut map = Map::with_capacity(TERM_FIELDS);
    for (key, value) in pairs {
        map.insert(key.into(), value);
    }
    super::terminology::add_terminology(view, &mut map);
    blocks::add_blocks(view, &mut map);
    Value::from(map)
}

/// schema.org `DefinedTerm` inside the site's `DefinedTermSet`, safe inside `<script>`.
fn jsonld(view: &TermView) -> String {
    let site = view.site.site;
    let base = &site.base;
    let mut v = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "DefinedTerm",
        "@id": base.absolute(view.url),
        "name": view.title,
        "termCode": view.slug,
        "inLanguage": site.config.language,
        "inDefinedTermSet": {
            "@type": "DefinedTermSet",
            "@id": base.full(),
            "name": site.config.title,
        },
    });
    if !view.aliases.is_empty() {
        v["alternateName"] = serde_json::json!(view.aliases);
    }
    serde_json::to_string(&v)
        .unwrap_or_default()
        .replace("</", "<\\/")
        .replace("<!--", "<\\!--")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::BaseUrl;

    struct NoCards;
    impl CardRenderer for NoCards {
        fn render_cards(&self, _: &mut dyn Iterator<Item = TermId>, _: CardHeading) -> Value {
            Value::none()
        }
    }

    fn shared(index: usize, hash: u64) -> Shared {
        Shared { index, hash }
    }

    /// A view whose every field differs from its default, and a change to each field.
    #[test]
    fn views_differing_in_any_one_field_hash_differently() {
        let site = SiteConfig {
            config: Default::default(),
            base: BaseUrl {
                origin: String::new(),
                path: "/".into(),
            },
        };
        let strings = BTreeMap::new();
        let values = SharedValues {
            cards: Vec::new(),
            tag_items: Vec::new(),
            category_items: Vec::new(),
            all_tags: Value::none(),
            all_categories: Value::none(),
        };
        let data = BlockData {
            series: Vec::new(),
            featured: Vec::new(),
            publisher: Value::none(),
            cta: Value::none(),
            neighbours: Vec::new(),
        };
        let crumbs = Value::none();
        let extra = serde_json::json!({"k": 1});
        let other_extra = serde_json::json!({"k": 2});
        let aliases = vec!["a".to_string()];
        let sources = vec![SourceRef {
            title: None,
            url: "u".into(),
        }];
        let view = || TermView {
            site: SiteInputs {
                site: &site,
                strings: &strings,
                shared: &values,
                blocks: &data,
                cards: &NoCards,
                breadcrumbs: &crumbs,
                card_form: CardForm::Whole,
            },
            slug: "s",
            title: "t",
            reading: Some("r"),
            aliases: &aliases,
            url: "/u/",
            tags: vec![shared(1, 1)],
            categories: vec![shared(1, 1)],
            date: Some("2024-01-01"),
            updated: Some("2024-01-02"),
            summary: "sum",
            body: "<p>b</p>",
            author: Some("me"),
            related: vec![shared(1, 1)],
            featured: true,
            weight: Some(1),
            extra: Json(&extra),
            english: Some("e"),
            series: vec![(shared(0, 1), true)],
            featured_cards: vec![shared(1, 1)],
            previous: Some(shared(1, 1)),
            next: Some(shared(1, 1)),
            links_to: vec![shared(1, 1)],
            deprecated: true,
            superseded_by: Some(shared(1, 1)),
            broader: vec![shared(1, 1)],
            narrower: vec![shared(1, 1)],
            see_also: vec![shared(1, 1)],
            abbreviation_of: Some(("x", Some("/x/"))),
            sources: &sources,
            backlinks: vec![(shared(1, 1), Some(["a", "b", "c"]))],
            languages: None,
        };
        type Change = fn(&mut TermView);
        let changes: &[Change] = &[
            |v| v.slug = "s2",
            |v| v.title = "t2",
            |v| v.reading = None,
            |v| v.aliases = &[],
            |v| v.url = "/u2/",
            |v| v.tags[0].hash = 2,
            |v| v.categories.clear(),
            |v| v.date = Some("2024-01-03"),
            |v| v.updated = None,
            |v| v.summary = "sum2",
            |v| v.body = "<p>c</p>",
            |v| v.author = None,
            |v| v.related[0].index = 2,
            |v| v.featured = false,
            |v| v.weight = Some(2),
            |v| v.english = None,
            |v| v.series[0].1 = false,
            |v| v.featured_cards.clear(),
            |v| v.previous = None,
            |v| v.next = Some(shared(1, 2)),
            |v| v.links_to.push(shared(2, 2)),
            |v| v.deprecated = false,
            |v| v.superseded_by = None,
            |v| v.broader.clear(),
            |v| v.narrower[0].hash = 3,
            |v| v.see_also.clear(),
            |v| v.abbreviation_of = Some(("x", None)),
            |v| v.sources = &[],
            |v| v.backlinks[0].1 = Some(["a", "b", "d"]),
            |v| v.languages = Some(PageLanguages::default()),
        ];
        let base = crate::hash::hash_of(&view());
        let mut seen = std::collections::HashSet::from([base]);
        for (i, change) in changes.iter().enumerate() {
            let mut v = view();
            change(&mut v);
            assert!(seen.insert(crate::hash::hash_of(&v)), "change {i} not seen");
        }
        let mut v = view();
        v.extra = Json(&other_extra);
        assert!(seen.insert(crate::hash::hash_of(&v)), "extra not seen");
    }
}
