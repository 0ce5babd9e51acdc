//! Rendering: the site model to pages (Tera templates) and data files (feeds, JSON).
//!
//! Pages are listed first ([`Renderer::pages`]) and rendered one by one
//! ([`Renderer::render`]), so the caller decides how to parallelise and where bytes go.
//!
//! (Over 400 lines: [`Renderer::describe`], the one description of what each page kind
//! shows, is kept with the shared values it draws on, so a page is read in one place.)

pub mod assets;
pub mod blocks;
mod dates;
pub mod exports;
pub mod feeds;
pub mod fragments;
pub mod graph;
pub mod hostfiles;
pub mod languages;
pub mod shortcodes;
pub mod template_minify;
mod term_view;
mod terminology;
pub mod theme;
pub mod values;

use tera::{Context, Value};

use crate::config::SiteConfig;
use crate::diagnostics::{Diagnostic, Problem};
use crate::markdown::link_context::LinkContext;
use crate::model::taxonomy::{ItemId, TaxonomyItem, TaxonomyKind};
use crate::model::{LinkGraph, RelatedGraph, SiteModel, TermId};
use theme::Theme;
use values::{item_url, object, opt_str, SharedValues};

/// Everything the renderer reads. Bodies and summaries are indexed by term id.
pub struct RenderInput<'a> {
    pub site: &'a SiteConfig,
    pub model: &'a SiteModel,
    pub bodies: &'a [&'a str],
    pub summaries: &'a [String],
    pub links: &'a LinkGraph,
    pub related: &'a RelatedGraph,
    /// Per term: the sentence around its first link to each term it links to, by target.
    pub contexts: &'a [&'a [LinkContext]],
}

/// What one page shows.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PageKind {
    Home,
    Term(TermId),
    TermsIndex,
    TaxonomyList(TaxonomyKind),
    /// One page (1-based) of one tag's or category's term list.
    TaxonomySingle {
        kind: TaxonomyKind,
        item: ItemId,
        page: usize,
    },
    Search,
    /// The term map (`graph/`), drawn by graph.js from graph.json.
    Graph,
    NotFound,
    Redirect {
        term: TermId,
    },
}

/// A page and where it goes, relative to the output root (`terms/ltv/index.html`).
#[derive(Debug, Clone)]
pub struct Page {
    pub kind: PageKind,
    pub output: String,
}

/// What one page shows: its template and the values it gets besides the common ones. A term
/// page's own values are described by its [`TermView`](term_view::TermView), made into
/// values only when the page is rendered.
#[derive(Default)]
pub struct PageDescription<'r> {
    pub template: &'static str,
    values: Vec<(&'static str, Value)>,
    term: Option<term_view::TermView<'r>>,
    /// Lists of rendered cards (`card.rendered`), described by the cards' hashes: a card's
    /// HTML is rendered from its value when a page showing it is rendered.
    cards: Vec<(&'static str, fragments::CardHeading, Vec<term_view::Shared>)>,
    /// Whether the shared hashes were known when the page was described (its [`Shared`]
    /// references carry them); else it has no fingerprint.
    ///
    /// [`Shared`]: term_view::Shared
    hashed: bool,
}

impl PageDescription<'_> {
    fn insert_value(&mut self, key: &'static str, value: Value) {
        self.values.push((key, value));
    }
}

/// A rendered page's bytes, as Tera wrote them. They go to the link scan and the disk as
/// bytes: turning them into a `String` would check all of them for UTF-8 once more (2.5% of
/// a 10k build), and they are UTF-8 already (templates and values are `str`).
pub struct PageHtml(Vec<u8>);

impl PageHtml {
    pub fn into_bytes(self) -> Vec<u8> {
        self.0
    }
}

/// Room for a typical page, so the output buffer seldom grows (a 10k term page is ~13 KB).
const PAGE_CAPACITY: usize = 16 * 1024;

pub struct Renderer<'a> {
    pub(crate) input: RenderInput<'a>,
    theme: &'a Theme,
    shared: SharedValues,
    common: Vec<(&'static str, Value)>,
    index_groups: Value,
    /// Per category: its terms ordered by `weight`, then site order.
    category_order: Vec<Vec<TermId>>,
    /// The reader blocks of term pages (see [`blocks`]).
    pub(crate) blocks: blocks::BlockData,
    /// The site's other languages; `None` on a one-language site.
    pub(crate) languages: Option<languages::LanguageLinks<'a>>,
    /// Cards rendered once, for every page that shows them.
    card_fragments: fragments::CardFragments,
    /// Hashes of the values many pages show (cards, tag lists), and the same hashes by card,
    /// tag and category index for views: computed once, when the first fingerprint is asked
    /// for ([`Self::common_fingerprint`]). A one-shot build asks for none, and making them
    /// took ~20 ms of the main thread at 10k terms.
    hashes: std::sync::OnceLock<(crate::hash::SharedHashes, term_view::SharedIndex)>,
    /// `breadcrumbs` of every term page: the same on each, so made once.
    term_breadcrumbs: Value,
}

impl<'a> Renderer<'a> {
    pub fn new(input: RenderInput<'a>, theme: &'a Theme) -> Renderer<'a> {
        let base = &input.site.base;
        let shared = SharedValues::build(input.model, &base.path, input.summaries);
        let site = site_value(input.site, &base.path);
        let strings: tera::Map = theme
            .strings
            .iter()
            .map(|(k, v)| (k.clone().into(), Value::from(v.as_str())))
            .collect();
        // Hashed URLs (see `assets`); a theme without one of these files gets the plain path.
        let asset = |name: &str| {
            let url = theme
                .assets
                .url(name)
                .unwrap_or_else(|_| format!("{}{name}", base.path));
            Value::from(url)
        };
        let assets = object([
            ("css", asset("style.css")),
            ("js", asset("glossgen.js")),
            ("preview", asset("preview.js")),
            ("favicon", asset("favicon.svg")),
        ]);
        let common = vec![
            (
                "top_tags",
                most_used(&input.model.tags.items, &shared.tag_items, TOP_TAGS),
            ),
            (
                "top_categories",
                most_used(
                    &input.model.categories.items,
                    &shared.category_items,
                    TOP_CATEGORIES,
                ),
            ),
            ("site", site),
            ("t", Value::from(strings)),
            ("all_tags", shared.all_tags.clone()),
            ("all_categories", shared.all_categories.clone()),
            ("assets", assets),
        ];
        // The catch-all heading is UI text: the theme's, in the site's language.
        let others = theme
            .strings
            .get("index_others")
            .map_or("#", String::as_str);
        let index_groups = index_groups(input.model, &shared, others);
        let category_order: Vec<Vec<TermId>> = input
            .model
            .categories
            .items
            .iter()
            .map(|item| {
                let mut ids = item.terms.clone();
                ids.sort_by_key(|&t| {
                    (
                        input.model.terms[t].weight.is_none(),
                        input.model.terms[t].weight,
                        t,
                    )
                });
                ids
            })
            .collect();
        let blocks =
            blocks::BlockData::build(input.model, &input.site.config, &shared, &category_order);
        let card_fragments = fragments::CardFragments::new(input.model.terms.len());
        let t = |key: &str| {
            theme
                .strings
                .get(key)
                .cloned()
                .unwrap_or_else(|| key.to_string())
        };
        let crumb = |title: String, url: String| {
            object([("title", Value::from(title)), ("url", Value::from(url))])
        };
        let term_breadcrumbs = Value::from(vec![
            crumb(t("home"), base.path.clone()),
            crumb(t("terms"), format!("{}terms/", base.path)),
        ]);
        Renderer {
            input,
            theme,
            shared,
            common,
            index_groups,
            category_order,
            blocks,
            languages: None,
            card_fragments,
            hashes: std::sync::OnceLock::new(),
            term_breadcrumbs,
        }
    }

    /// Makes this renderer one language of several: pages link their translations.
    pub fn with_languages(mut self, links: languages::LanguageLinks<'a>) -> Self {
        let site = site_value(self.input.site, &links.sites[0].base.path);
        for (key, value) in &mut self.common {
            if *key == "site" {
                *value = site.clone();
            }
        }
        self.languages = Some(links);
        self
    }

    /// The cards of `ids`, each with `rendered` (see [`fragments`]), for a page of
    /// `template`.
    fn rendered_cards(
        &self,
        ids: impl IntoIterator<Item = TermId>,
        heading: fragments::CardHeading,
        template: &str,
    ) -> Value {
        let form = self.card_form(template);
        self.card_fragments
            .cards(&self.shared.cards, ids, heading, form, |card, heading| {
                let mut ctx = self.base_context();
                ctx.insert_value("card", card.clone());
                ctx.insert_value("card_heading", Value::from(heading.tag()));
                self.theme
                    .tera
                    .render("card.html", &ctx)
                    .map_err(|e| theme::tera_message(&e))
            })
    }

    /// How much of a card the lists of a page of `template` give (see
    /// [`fragments::CardForm`]).
    fn card_form(&self, template: &str) -> fragments::CardForm {
        if self.theme.is_builtin(template) && self.theme.is_builtin("base.html") {
            fragments::CardForm::Lean
        } else {
            fragments::CardForm::Whole
        }
    }

    /// What the renderer was built from, for the data files written beside the pages.
    pub fn input(&self) -> &RenderInput<'a> {
        &self.input
    }

    pub(crate) fn per_page(&self) -> usize {
        self.input.site.config.paginate.max(1)
    }

    fn item_terms(&self, kind: TaxonomyKind, item: ItemId) -> &[TermId] {
        match kind {
            TaxonomyKind::Tags => &self.input.model.tags.items[item].terms,
            TaxonomyKind::Categories => &self.category_order[item],
        }
    }

    /// The terms on page `n` (1-based) of a tag or category, and how many pages it has.
    pub(crate) fn page_terms(
        &self,
        kind: TaxonomyKind,
        item: ItemId,
        n: usize,
    ) -> (&[TermId], usize) {
        let per = self.per_page();
        let all = self.item_terms(kind, item);
        let start = ((n - 1) * per).min(all.len());
        (
            &all[start..(start + per).min(all.len())],
            all.len().div_ceil(per).max(1),
        )
    }

    /// Every page of the site, in a stable order.
    pub fn pages(&self) -> Vec<Page> {
        let model = self.input.model;
        let mut pages = vec![
            Page {
                kind: PageKind::Home,
                output: "index.html".into(),
            },
            Page {
                kind: PageKind::TermsIndex,
                output: "terms/index.html".into(),
            },
            Page {
                kind: PageKind::Search,
                output: "search/index.html".into(),
            },
            Page {
                kind: PageKind::Graph,
                output: "graph/index.html".into(),
            },
            Page {
                kind: PageKind::NotFound,
                output: "404.html".into(),
            },
        ];
        for (id, term) in model.terms.iter().enumerate() {
            pages.push(Page {
                kind: PageKind::Term(id),
                output: format!("terms/{}/index.html", term.slug),
            });
            for from in &term.redirect_from {
                let output = crate::model::paths::redirect_output(from);
                pages.push(Page {
                    kind: PageKind::Redirect { term: id },
                    output,
                });
            }
        }
        for kind in [TaxonomyKind::Tags, TaxonomyKind::Categories] {
            pages.push(Page {
                kind: PageKind::TaxonomyList(kind),
                output: format!("{}/index.html", kind.dir()),
            });
            for (item_id, item) in model.taxonomy(kind).items.iter().enumerate() {
                let count = item.terms.len().div_ceil(self.per_page()).max(1);
                for page in 1..=count {
                    let output = if page == 1 {
                        format!("{}/{}/index.html", kind.dir(), item.slug)
                    } else {
                        format!("{}/{}/page/{page}/index.html", kind.dir(), item.slug)
                    };
                    pages.push(Page {
                        kind: PageKind::TaxonomySingle {
                            kind,
                            item: item_id,
                            page,
                        },
                        output,
                    });
                }
            }
        }
        pages
    }

    fn base_context(&self) -> Context {
        let mut ctx = Context::new();
        for (k, v) in &self.common {
            ctx.insert_value(*k, v.clone());
        }
        ctx
    }

    /// A front matter date as the page's language writes it (see [`dates`]).
    pub(crate) fn t(&self, key: &str) -> String {
        self.theme
            .strings
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_string())
    }

    fn crumb(&self, title: String, url: String) -> Value {
        object([("title", Value::from(title)), ("url", Value::from(url))])
    }

    fn page_value(&self, kind: &str, title: &str, url: &str, description: &str) -> Value {
        page_value(self.input.site, kind, title, url, description)
    }

    /// Renders one page to HTML (not yet minified).
    pub fn render(&self, page: &Page) -> Result<PageHtml, Diagnostic> {
        self.render_described(page, self.describe(page))
    }

    /// Renders a page from its [`describe`](Self::describe)d template and values.
    pub fn render_described(
        &self,
        page: &Page,
        description: PageDescription,
    ) -> Result<PageHtml, Diagnostic> {
        let mut ctx = self.base_context();
        for (key, value) in description.values {
            ctx.insert_value(key, value);
        }
        for (key, heading, cards) in &description.cards {
            let ids = cards.iter().map(|c| c.index);
            let cards = self.rendered_cards(ids, *heading, description.template);
            ctx.insert_value(*key, cards);
        }
        if let Some(view) = &description.term {
            for (key, value) in term_view::term_values(view) {
                ctx.insert_value(key, value);
            }
        }
        let template = description.template;
        if let Some(message) = self.card_fragments.error() {
            return Err(Diagnostic::error(
                "templates/card.html",
                Problem::TemplateRender {
                    page: page.output.clone(),
                    message,
                },
            ));
        }
        let mut html = Vec::with_capacity(PAGE_CAPACITY);
        match self.theme.tera.render_to(template, &ctx, &mut html) {
            Ok(()) => Ok(PageHtml(html)),
            Err(e) => Err(Diagnostic::error(
                format!("templates/{template}"),
                Problem::TemplateRender {
                    page: page.output.clone(),
                    message: theme::tera_message(&e),
                },
            )),
        }
    }

    /// What decides the bytes of every page besides its own description: the theme and
    /// files the templates read (`theme_key`), the values common to all pages, and the
    /// settings applied after rendering (minify, base URL).
    pub fn common_fingerprint(&self, theme_key: u64) -> Option<u64> {
        let settings = format!("{:?}", self.input.site.config);
        let seed = (theme_key, settings, self.input.site.base.full());
        let values = self.common.iter().map(|(k, v)| (*k, v));
        let (hashes, _) = self
            .hashes
            .get_or_init(|| shared_hashes(&self.shared, &self.index_groups));
        Some(crate::hash::hash_values(&seed, values, hashes))
    }

    /// A hash of everything `description` (of `page`) shows, given the [common
    /// fingerprint](Self::common_fingerprint). `None`: cannot tell, render it.
    pub fn fingerprint(
        &self,
        description: &PageDescription,
        common: u64,
        page: &Page,
    ) -> Option<u64> {
        let (hashes, _) = self.hashes.get().filter(|_| description.hashed)?;
        let values = description.values.iter().map(|(k, v)| (*k, v));
        let view = description.term.as_ref().map(crate::hash::hash_of);
        let cards = description.cards.iter().map(|(k, h, c)| (k, h.tag(), c));
        let cards = crate::hash::hash_of(&cards.collect::<Vec<_>>());
        let seed = (common, &page.output, description.template, view, cards);
        Some(crate::hash::hash_values(&seed, values, hashes))
    }

    /// The one place that says what a page shows: its template and every value the
    /// template can read besides the common ones. Rendering and fingerprints both use it.
    pub fn describe(&self, page: &Page) -> PageDescription<'_> {
        let base = self.input.site.base.path.as_str();
        let model = self.input.model;
        let cfg = &self.input.site.config;
        let mut ctx = PageDescription {
            hashed: self.hashes.get().is_some(),
            ..PageDescription::default()
        };
        let home_crumb = || self.crumb(self.t("home"), base.to_string());
        let template = match &page.kind {
            PageKind::Home => {
                ctx.insert_value("page", self.page_value("home", "", base, &cfg.description));
                ctx.insert_value("breadcrumbs", Value::from(Vec::<Value>::new()));
                let h3 = fragments::CardHeading::H3;
                ctx.cards
                    .push(("featured", h3, self.card_refs(featured(model))));
                let recent = blocks::recent_not_featured(model, RECENT_ON_HOME);
                ctx.cards.push(("recent", h3, self.card_refs(recent)));
                ctx.insert_value("index_groups", self.index_groups.clone());
                "index.html"
            }
            PageKind::Term(id) => {
                ctx.term = Some(self.term_view(*id));
                "term.html"
            }
            PageKind::TermsIndex => {
                let url = format!("{base}terms/");
                ctx.insert_value(
                    "page",
                    self.page_value("terms", &self.t("terms"), &url, &cfg.description),
                );
                ctx.insert_value("breadcrumbs", Value::from(vec![home_crumb()]));
                ctx.insert_value("index_groups", self.index_groups.clone());
                "terms.html"
            }
            PageKind::TaxonomyList(kind) => {
                let name = self.t(kind.dir());
                let url = format!("{base}{}/", kind.dir());
                ctx.insert_value(
                    "page",
                    self.page_value("taxonomy_list", &name, &url, &cfg.description),
                );
                ctx.insert_value("breadcrumbs", Value::from(vec![home_crumb()]));
                ctx.insert_value("taxonomy", self.taxonomy_value(*kind));
                "taxonomy_list.html"
            }
            PageKind::TaxonomySingle {
                kind,
                item,
                page: n,
            } => self.describe_taxonomy_page(&mut ctx, *kind, *item, *n),
            PageKind::Search => {
                let url = format!("{base}search/");
                ctx.insert_value(
                    "page",
                    self.page_value("search", &self.t("search"), &url, &cfg.description),
                );
                ctx.insert_value("breadcrumbs", Value::from(vec![home_crumb()]));
                "search.html"
            }
            PageKind::Graph => {
                let url = format!("{base}graph/");
                ctx.insert_value(
                    "page",
                    self.page_value("graph", &self.t("graph"), &url, &cfg.description),
                );
                ctx.insert_value("breadcrumbs", Value::from(vec![home_crumb()]));
                "graph.html"
            }
            PageKind::NotFound => {
                let url = format!("{base}404.html");
                ctx.insert_value(
                    "page",
                    self.page_value("404", &self.t("page_not_found"), &url, ""),
                );
                ctx.insert_value("breadcrumbs", Value::from(vec![home_crumb()]));
                "404.html"
            }
            PageKind::Redirect { term } => {
                let to = &model.terms[*term];
                ctx.insert_value("page", self.page_value("redirect", &to.title, &to.url, ""));
                ctx.insert_value("breadcrumbs", Value::from(Vec::<Value>::new()));
                ctx.insert_value(
                    "redirect_to",
                    Value::from(self.input.site.base.absolute(&to.url)),
                );
                "redirect.html"
            }
        };
        let languages = self
            .languages
            .as_ref()
            .map(|l| l.page_languages(&page.kind));
        match ctx.term.as_mut() {
            Some(view) => view.languages = languages,
            None => {
                for (key, value) in languages::language_values(languages.as_ref()) {
                    ctx.insert_value(key, value);
                }
            }
        }
        ctx.template = template;
        ctx
    }

    /// One page (`n`, 1-based) of a tag's or category's term list, with its paginator.
    fn describe_taxonomy_page(
        &self,
        ctx: &mut PageDescription<'_>,
        kind: TaxonomyKind,
        item: ItemId,
        n: usize,
    ) -> &'static str {
        let base = self.input.site.base.path.as_str();
        let cfg = &self.input.site.config;
        let home_crumb = || self.crumb(self.t("home"), base.to_string());
        let it = &self.input.model.taxonomy(kind).items[item];
        let first = item_url(base, kind, &it.slug);
        let page_url = |p: usize| {
            if p == 1 {
                first.clone()
            } else {
                format!("{first}page/{p}/")
            }
        };
        let (on_page, total) = self.page_terms(kind, item, n);
        let prefix = match kind {
            TaxonomyKind::Tags => self.t("tag_prefix"),
            TaxonomyKind::Categories => self.t("category_prefix"),
        };
        let mut title = format!("{prefix}{}", it.name);
        if n > 1 {
            title.push_str(&format!(" ({n}/{total})"));
        }
        ctx.insert_value(
            "page",
            self.page_value("taxonomy_single", &title, &page_url(n), &cfg.description),
        );
        ctx.insert_value(
            "breadcrumbs",
            Value::from(vec![
                home_crumb(),
                self.crumb(self.t(kind.dir()), format!("{base}{}/", kind.dir())),
            ]),
        );
        ctx.insert_value("taxonomy", self.taxonomy_value(kind));
        ctx.insert_value("item", self.shared.items(kind)[item].clone());
        let cards = self.card_refs(on_page.iter().copied());
        ctx.cards.push(("terms", fragments::CardHeading::H2, cards));
        let pages: Vec<Value> = (1..=total)
            .map(|p| {
                object([
                    ("number", Value::from(p)),
                    ("url", Value::from(page_url(p))),
                ])
            })
            .collect();
        ctx.insert_value(
            "paginator",
            object([
                ("current", Value::from(n)),
                ("total", Value::from(total)),
                (
                    "previous",
                    if n > 1 {
                        Value::from(page_url(n - 1))
                    } else {
                        Value::none()
                    },
                ),
                (
                    "next",
                    if n < total {
                        Value::from(page_url(n + 1))
                    } else {
                        Value::none()
                    },
                ),
                ("pages", Value::from(pages)),
            ]),
        );
        "taxonomy_single.html"
    }

    fn taxonomy_value(&self, kind: TaxonomyKind) -> Value {
        let base = &self.input.site.base.path;
        object([
            ("kind", Value::from(kind.dir())),
            ("name", Value::from(self.t(kind.dir()))),
            ("url", Value::from(format!("{base}{}/", kind.dir()))),
            (
                "items",
                match kind {
                    TaxonomyKind::Tags => self.shared.all_tags.clone(),
                    TaxonomyKind::Categories => self.shared.all_categories.clone(),
                },
            ),
        ])
    }
}

/// The values many pages show, hashed once per build (see [`crate::hash::SharedHashes`]).
fn shared_hashes(
    shared: &SharedValues,
    index_groups: &Value,
) -> (crate::hash::SharedHashes, term_view::SharedIndex) {
    let mut hashes = crate::hash::SharedHashes::default();
    // Items before the cards and lists that hold them.
    let mut add = |values: &[Value]| -> Vec<u64> { values.iter().map(|v| hashes.add(v)).collect() };
    let index = term_view::SharedIndex {
        tags: add(&shared.tag_items),
        categories: add(&shared.category_items),
        cards: add(&shared.cards),
    };
    for value in [&shared.all_tags, &shared.all_categories, index_groups] {
        hashes.add(value);
    }
    (hashes, index)
}

/// `page` in templates: `title` is the page's, followed by the site's.
fn page_value(site: &SiteConfig, kind: &str, title: &str, url: &str, description: &str) -> Value {
    let site_title = &site.config.title;
    let full_title = if title.is_empty() || title == site_title {
        site_title.clone()
    } else {
        format!("{title} | {site_title}")
    };
    object([
        ("kind", Value::from(kind)),
        ("title", Value::from(full_title)),
        ("url", Value::from(url)),
        ("permalink", Value::from(site.base.absolute(url))),
        ("description", Value::from(description)),
    ])
}

/// A front matter date as the page's language writes it (see [`dates`]).
fn local_date(strings: &std::collections::BTreeMap<String, String>, date: Option<&str>) -> Value {
    opt_str(
        date.map(|d| {
            dates::local_date(
                d,
                strings.get("date_format").map(String::as_str),
                strings.get("month_names").map(String::as_str),
            )
        })
        .as_deref(),
    )
}

/// `site` in templates. `root_path` is the default language's base path, where the files
/// shared by every language (the data exports) are.
fn site_value(site: &SiteConfig, root_path: &str) -> Value {
    let cfg = &site.config;
    object([
        ("title", Value::from(cfg.title.as_str())),
        ("description", Value::from(cfg.description.as_str())),
        ("language", Value::from(cfg.language.as_str())),
        ("base_url", Value::from(site.base.full())),
        ("base_path", Value::from(site.base.path.as_str())),
        ("root_path", Value::from(root_path)),
        ("extra", Value::from_serializable(&cfg.extra)),
    ])
}

/// The index groups (五十音 rows, A–Z, others) with their cards, in site order.
fn index_groups(model: &SiteModel, shared: &SharedValues, others: &str) -> Value {
    let mut groups: Vec<Value> = Vec::new();
    let mut start = 0;
    let terms = &model.terms;
    while start < terms.len() {
        let group = terms[start].group;
        let end = start
            + terms[start..]
                .iter()
                .take_while(|t| t.group == group)
                .count();
        groups.push(object([
            ("label", Value::from(group.label(others))),
            ("id", Value::from(group.anchor())),
            ("count", Value::from(end - start)),
            ("terms", shared.cards_of(start..end)),
        ]));
        start = end;
    }
    Value::from(groups)
}

/// How many recently updated terms the home page lists.
pub const RECENT_ON_HOME: usize = 10;

/// The terms of the home page's featured block, in site order.
pub fn featured(model: &SiteModel) -> impl Iterator<Item = TermId> + '_ {
    model
        .terms
        .iter()
        .enumerate()
        .filter(|(_, t)| t.featured)
        .map(|(i, _)| i)
}

/// How many tags the footer cloud shows: every page carries it, so it must not grow with
/// the site (500 tags would add ~70 KB to each page).
pub const TOP_TAGS: usize = 24;

/// How many categories the footer lists: every page carries them, so 10,000 categories made
/// 10,000 pages of 10,000 links each (output quadratic in the input).
pub const TOP_CATEGORIES: usize = 24;

/// The `limit` most used items of a taxonomy (ties in taxonomy order), listed in taxonomy
/// order: the footer's tags and categories.
fn most_used(items: &[TaxonomyItem], values: &[Value], limit: usize) -> Value {
    let mut ids: Vec<usize> = (0..items.len()).collect();
    ids.sort_by(|&a, &b| {
        items[b]
            .terms
            .len()
            .cmp(&items[a].terms.len())
            .then(a.cmp(&b))
    });
    ids.truncate(limit);
    ids.sort_unstable();
    Value::from(
        ids.into_iter()
            .map(|i| values[i].clone())
            .collect::<Vec<_>>(),
    )
}

/// The `n` most recently updated (else published) terms, newest first, ties in site order.
pub fn recent(model: &SiteModel, n: usize) -> Vec<TermId> {
    let mut dated: Vec<(&str, TermId)> = model
        .terms
        .iter()
        .enumerate()
        .filter_map(|(i, t)| t.updated.as_deref().or(t.date.as_deref()).map(|d| (d, i)))
        .collect();
    dated.sort_by(|a, b| b.0.cmp(a.0).then(a.1.cmp(&b.1)));
    dated.into_iter().take(n).map(|(_, i)| i).collect()
}
