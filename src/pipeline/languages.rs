//! The site's languages (CONTRACT §6). Every site is built as a list of languages — one
//! for most sites — each a full site: its own model, bodies, graphs, renderer and pages,
//! built from its own files by the same stages. What crosses languages is built in the
//! model stage and kept small: the translation index (which slug, tag and category exists
//! in which language) and, for `[[ref]]`s, the other languages' lookups. A site of one
//! language has neither, and its renderer knows of no other language.

use std::path::Path;
use std::sync::Arc;

use super::bodies::Bodies;
use super::graphs::Graphs;
use super::session::BuildSession;
use super::setup::{redirects_onto_static_files, Run};
use crate::config::SiteConfig;
use crate::content::TermSource;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::crossing::FallbackSite;
use crate::markdown::link_context::LinkContext;
use crate::model::languages::{self, TranslationIndex};
use crate::model::SiteModel;
use crate::render::languages::LanguageLinks;
use crate::render::theme::{self, Theme};
use crate::render::Renderer;

/// The site's languages, the default first (index 0).
pub(super) struct Languages {
    pub(super) codes: Vec<String>,
    /// Each language's configuration (see [`languages::site_for`]).
    pub(super) sites: Vec<SiteConfig>,
    /// Each language's folder under the output root: `""`, `"en/"`.
    pub(super) prefixes: Vec<String>,
}

impl Languages {
    /// The languages of `site`, with each one's theme (for its UI strings): `theme` is the
    /// default language's, loaded already. A theme that failed is `None`, its errors in
    /// `diags`.
    pub(super) fn of(
        site: &SiteConfig,
        theme: Option<Theme>,
        root: &Path,
        diags: &mut Diagnostics,
    ) -> (Languages, Vec<Option<Theme>>) {
        let codes = languages::codes(site);
        let mut themes = vec![theme];
        for code in &codes[1..] {
            match theme::load_minified(root, &site.config.theme, code, site.config.minify) {
                Ok(t) => themes.push(Some(t)),
                Err(errors) => {
                    diags.extend(errors);
                    themes.push(None);
                }
            }
        }
        let prefixes = codes
            .iter()
            .enumerate()
            .map(|(l, code)| match l {
                0 => String::new(),
                _ => format!("{code}/"),
            })
            .collect();
        let sites = (0..codes.len())
            .map(|l| languages::site_for(site, l))
            .collect();
        let languages = Languages {
            codes,
            sites,
            prefixes,
        };
        (languages, themes)
    }

    /// Whether the site has more than one language.
    pub(super) fn several(&self) -> bool {
        self.codes.len() > 1
    }
}

/// Every language's model, and the translation index across them.
pub(super) struct Models {
    /// By language.
    pub(super) list: Vec<SiteModel>,
    /// Per language: the key of what its model was built from.
    pub(super) keys: Vec<u64>,
    /// Per language: the problems found building its model.
    problems: Vec<Vec<Diagnostic>>,
    /// Empty on a site of one language.
    pub(super) index: TranslationIndex,
}

/// What language `l`'s bodies see of the other languages.
pub(super) struct OtherLanguages<'a> {
    /// Where references fall back to: the default language first, then `languages:` order.
    pub(super) sites: Vec<FallbackSite<'a>>,
    /// The names of this language and of those: what its references depend on.
    pub(super) names: u64,
}

impl Models {
    /// Language `l`'s fallbacks; none on a site of one language.
    pub(super) fn others<'a>(&'a self, l: usize, codes: &'a [String]) -> OtherLanguages<'a> {
        let own = self.list[l].names_hash;
        if self.list.len() == 1 {
            return OtherLanguages {
                sites: Vec::new(),
                names: own,
            };
        }
        let others: Vec<usize> = (0..self.list.len()).filter(|&o| o != l).collect();
        let names: Vec<(&str, u64)> = others
            .iter()
            .map(|&o| (codes[o].as_str(), self.list[o].names_hash))
            .collect();
        OtherLanguages {
            sites: others
                .iter()
                .map(|&o| FallbackSite {
                    code: &codes[o],
                    lookup: &self.list[o].lookup,
                    terms: &self.list[o].terms,
                })
                .collect(),
            names: crate::hash::hash_of(&(own, names)),
        }
    }
}

impl BuildSession {
    /// The model stage: each language's model from its own files (the last build's, where
    /// they allow: see [`BuildSession::model_for`]), and the translation index.
    pub(super) fn models(
        &mut self,
        sources: Vec<Arc<TermSource>>,
        langs: &Languages,
        themes: &[Option<Theme>],
        run: &mut Run,
    ) -> Models {
        if !self.languages.iter().map(|m| &m.code).eq(&langs.codes) {
            // Another set of languages (a config edit in `serve`): other folders, so the
            // output is written afresh rather than in place.
            self.languages.clear();
            self.written = None;
        }
        // On a site of one language too: there, `ltv.en.md` is a translation into a
        // language the site does not have, not a second `ltv`.
        let (split, problems) = languages::split_sources(sources, &langs.codes);
        run.diags.extend(problems);
        let mut models = Models {
            list: Vec::new(),
            keys: Vec::new(),
            problems: Vec::new(),
            index: TranslationIndex::default(),
        };
        for (l, sources) in split.into_iter().enumerate() {
            let (key, model, problems) =
                self.model_for(l, sources, &langs.sites[l], run.opts.drafts);
            models.list.push(model);
            models.keys.push(key);
            models.problems.push(problems);
        }
        if langs.several() {
            models.index = TranslationIndex::new(&models.list.iter().collect::<Vec<_>>());
        }
        let redirects = themes[0]
            .as_ref()
            .map(|t| redirects_onto_static_files(&models.list[0], t, &run.opts.root));
        let problems = models.problems.iter().flatten().cloned();
        run.lap("model", problems.chain(redirects.into_iter().flatten()));
        models
    }

    /// Keeps each language's model and related terms for the next build of the session.
    pub(super) fn remember(&mut self, models: Models, graphs: Vec<Graphs>) {
        if self.one_shot {
            return;
        }
        let all = models
            .list
            .into_iter()
            .zip(models.keys)
            .zip(models.problems);
        for (l, (((model, key), problems), graphs)) in all.zip(graphs).enumerate() {
            let memory = &mut self.languages[l];
            memory.model = Some((key, model, problems));
            memory.related = Some((graphs.related_key, graphs.related));
        }
    }
}

/// `check`'s translation coverage: what is missing or outdated in which language.
pub(super) fn coverage(langs: &Languages, models: &Models) -> Vec<Diagnostic> {
    if !langs.several() {
        return Vec::new();
    }
    let list: Vec<&SiteModel> = models.list.iter().collect();
    models.index.coverage(&list, &langs.codes)
}

/// What the renderers borrow besides the stages' results: each language's body HTML, link
/// contexts and summaries as slices, and the names and locales the switcher shows.
pub(super) struct RenderParts<'b> {
    html: Vec<Vec<&'b str>>,
    contexts: Vec<Vec<&'b [LinkContext]>>,
    summaries: Vec<&'b [String]>,
    names: Vec<String>,
    locales: Vec<String>,
}

impl<'b> RenderParts<'b> {
    pub(super) fn new(langs: &Languages, bodies: &'b [Bodies], themes: &[Theme]) -> Self {
        let string = |t: &Theme, key: &str, or: &str| {
            t.strings.get(key).cloned().unwrap_or_else(|| or.into())
        };
        let (names, locales) = themes
            .iter()
            .zip(&langs.codes)
            .map(|(t, c)| (string(t, "language_name", c), string(t, "og_locale", c)))
            .unzip();
        RenderParts {
            html: bodies.iter().map(Bodies::html).collect(),
            contexts: bodies.iter().map(Bodies::contexts).collect(),
            summaries: bodies.iter().map(|b| b.summaries.as_slice()).collect(),
            names,
            locales,
        }
    }

    /// One renderer per language; on a site of several, each knows the others.
    pub(super) fn renderers<'a>(
        &'a self,
        langs: &'a Languages,
        models: &'a Models,
        (bodies, graphs): (&'a [Bodies], &'a [Graphs]),
        themes: &'a [Theme],
    ) -> Vec<Renderer<'a>> {
        (0..langs.codes.len())
            .map(|l| {
                let (site, model) = (&langs.sites[l], &models.list[l]);
                let input = graphs[l].render_input(
                    site,
                    model,
                    &self.html[l],
                    &bodies[l],
                    &self.contexts[l],
                );
                let renderer = Renderer::new(input, &themes[l]);
                if !langs.several() {
                    return renderer;
                }
                renderer.with_languages(LanguageLinks {
                    current: l,
                    codes: &langs.codes,
                    names: &self.names,
                    locales: &self.locales,
                    sites: &langs.sites,
                    models: &models.list,
                    summaries: &self.summaries,
                    index: &models.index,
                })
            })
            .collect()
    }
}
