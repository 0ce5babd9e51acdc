//! What a page shows of the site's other languages: `hreflang` alternates (plus
//! `x-default`), the language switcher, `og:locale:alternate`, and the one `sitemap.xml`
//! with `xhtml:link` alternates for every language (CONTRACT §6).

use std::fmt::Write as _;

use tera::Value;

use super::values::{item_url, object};
use super::{Page, PageKind, Renderer};
use crate::config::SiteConfig;
use crate::model::languages::TranslationIndex;
use crate::model::SiteModel;
use crate::text::escape_xml;

/// Every language of the site, for one language's renderer.
#[derive(Clone, Copy)]
pub struct LanguageLinks<'a> {
    /// This renderer's language, an index into the lists below (0: the default language).
    pub current: usize,
    pub codes: &'a [String],
    /// Each language's name in itself (`日本語`, `English`): the switcher's labels.
    pub names: &'a [String],
    /// Each language's `og:locale` (`ja_JP`).
    pub locales: &'a [String],
    pub sites: &'a [SiteConfig],
    pub models: &'a [SiteModel],
    /// Each language's term summaries, by term id (for the multilingual data exports).
    pub summaries: &'a [&'a [String]],
    pub index: &'a TranslationIndex,
}

impl LanguageLinks<'_> {
    /// The URL path of the same page in every language that has it, the current one
    /// included, in language order. Pages existing in one language only get none.
    pub fn alternates(&self, kind: &PageKind) -> Vec<(usize, String)> {
        let current_model = &self.models[self.current];
        let found: Vec<(usize, String)> = (0..self.codes.len())
            .filter_map(|lang| {
                let base = &self.sites[lang].base.path;
                let url = match kind {
                    PageKind::Home => base.clone(),
                    PageKind::TermsIndex => format!("{base}terms/"),
                    PageKind::Search => format!("{base}search/"),
                    PageKind::Graph => format!("{base}graph/"),
                    PageKind::TaxonomyList(k) => format!("{base}{}/", k.dir()),
                    PageKind::TaxonomySingle {
                        kind,
                        item,
                        page: 1,
                    } => {
                        let slug = &current_model.taxonomy(*kind).items[*item].slug;
                        if !self.index.has_item(lang, *kind, slug) {
                            return None;
                        }
                        item_url(base, *kind, slug)
                    }
                    PageKind::Term(id) => {
                        let slug = &current_model.terms[*id].slug;
                        let there = self.index.term(slug)?.get(lang).copied().flatten()?;
                        self.models[lang].terms[there].url.clone()
                    }
                    _ => return None,
                };
                Some((lang, url))
            })
            .collect();
        if found.len() < 2 {
            Vec::new()
        } else {
            found
        }
    }

    /// The languages `kind`'s page exists in, as its language links show them.
    pub fn page_languages<'p>(&self, kind: &PageKind) -> PageLanguages<'p>
    where
        Self: 'p,
    {
        let alternates = self
            .alternates(kind)
            .into_iter()
            .map(|(lang, url)| Alternate {
                code: &self.codes[lang],
                name: &self.names[lang],
                locale: &self.locales[lang],
                url,
                default: lang == 0,
                current: lang == self.current,
            })
            .collect();
        PageLanguages {
            origin: &self.sites[0].base.origin,
            alternates,
        }
    }
}

/// One language a page exists in, as the page's language links show it.
#[derive(Hash)]
pub struct Alternate<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub locale: &'a str,
    /// The page's URL path in that language.
    pub url: String,
    /// The default language (`x-default`).
    pub default: bool,
    pub current: bool,
}

/// A page's links to its languages: each language it exists in (none when only in its
/// own), and the origin of the default language that permalinks start with.
#[derive(Hash, Default)]
pub struct PageLanguages<'a> {
    pub origin: &'a str,
    pub alternates: Vec<Alternate<'a>>,
}

/// `languages` (the switcher and hreflang links: code, name, url, permalink, current),
/// `x_default` and `og_locale_alternates` for a page's template; only an empty `languages`
/// on a one-language site (`None`).
pub fn language_values(languages: Option<&PageLanguages>) -> Vec<(&'static str, Value)> {
    let Some(page) = languages else {
        return vec![("languages", Value::from(Vec::<Value>::new()))];
    };
    let absolute = |url: &str| format!("{}{url}", page.origin);
    let values: Vec<Value> = page
        .alternates
        .iter()
        .map(|a| {
            object([
                ("code", Value::from(a.code)),
                ("name", Value::from(a.name)),
                ("url", Value::from(a.url.as_str())),
                ("permalink", Value::from(absolute(&a.url))),
                ("current", Value::from(a.current)),
            ])
        })
        .collect();
    let x_default = page
        .alternates
        .iter()
        .find(|a| a.default)
        .map_or_else(Value::none, |a| Value::from(absolute(&a.url)));
    let locales: Vec<Value> = page
        .alternates
        .iter()
        .filter(|a| !a.current)
        .map(|a| Value::from(a.locale))
        .collect();
    vec![
        ("languages", Value::from(values)),
        ("x_default", x_default),
        ("og_locale_alternates", Value::from(locales)),
    ]
}

/// One `sitemap.xml` for every language: each page of each language, with an
/// `xhtml:link rel="alternate"` per language the page exists in, and `x-default`.
pub fn sitemap(languages: &[(&Renderer<'_>, &[Page])]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for (renderer, pages) in languages {
        let input = renderer.input();
        let base = &input.site.base;
        for page in pages.iter() {
            let (url, lastmod) = match &page.kind {
                PageKind::Home
                | PageKind::TermsIndex
                | PageKind::TaxonomyList(_)
                | PageKind::TaxonomySingle { .. } => (
                    format!(
                        "{}{}",
                        base.path,
                        crate::text::percent_encode_path(
                            page.output.trim_end_matches("index.html")
                        )
                    ),
                    None,
                ),
                PageKind::Term(id) => {
                    let t = &input.model.terms[*id];
                    (t.url.clone(), t.updated.as_deref().or(t.date.as_deref()))
                }
                _ => continue,
            };
            let _ = write!(
                out,
                "  <url><loc>{}</loc>",
                escape_xml(&base.absolute(&url))
            );
            if let Some(d) = lastmod {
                let _ = write!(out, "<lastmod>{}</lastmod>", escape_xml(d));
            }
            if let Some(links) = &renderer.languages {
                let alternates = links.alternates(&page.kind);
                for (lang, alt) in &alternates {
                    let href = escape_xml(&base.absolute(alt));
                    let code = escape_xml(&links.codes[*lang]);
                    let _ = write!(
                        out,
                        "<xhtml:link rel=\"alternate\" hreflang=\"{code}\" href=\"{href}\"/>"
                    );
                    if *lang == 0 {
                        let _ = write!(
                            out,
                            "<xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{href}\"/>"
                        );
                    }
                }
            }
            out.push_str("</url>\n");
        }
    }
    out.push_str("</urlset>\n");
    out
}
