//! Several languages (CONTRACT §6): each language is a full site — its own model, bodies,
//! graphs, renderer and pages — built from its own files. What crosses languages is built
//! first and kept small: the translation index (which slug, tag and category exists in which
//! language) and, for `[[ref]]`s, the other languages' lookups. The pages of every language
//! are then rendered and written together ([`super::language_output`]).
//!
//! A several-language build always writes through a fresh staging folder: the per-page
//! fingerprints of a `serve` session are kept for one-language sites.

use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use super::language_output::{write_site, SitePages};
use super::setup::Run;
use super::{checks, fail, BuildFailure, BuildReport, Mode};
use crate::config::SiteConfig;
use crate::content::TermSource;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::crossing::FallbackSite;
use crate::markdown::link_context::LinkContext;
use crate::markdown::shortcodes::Expander;
use crate::markdown::{self, BodyContext, RenderedBody};
use crate::model::languages::{self, TranslationIndex};
use crate::model::{AutoLinkerCache, LinkGraph, RelatedGraph, SiteModel};
use crate::render::languages::LanguageLinks;
use crate::render::shortcodes::ShortcodeTemplates;
use crate::render::theme::{self, Theme};
use crate::render::{Page, RenderInput, Renderer};

/// One language's bodies, summaries and graphs.
struct LanguageWork {
    bodies: Vec<Arc<RenderedBody>>,
    summaries: Vec<String>,
    links: LinkGraph,
    related: RelatedGraph,
}

/// Every language's site, before rendering.
struct Sites {
    codes: Vec<String>,
    sites: Vec<SiteConfig>,
    models: Vec<SiteModel>,
    index: TranslationIndex,
}

/// Builds (or, in check mode, checks) every language of the site, once the sources are
/// loaded; `theme` is the default language's.
pub(super) fn build(
    mut run: Run,
    site: &SiteConfig,
    theme: Option<Theme>,
    sources: Vec<Arc<TermSource>>,
    linkers: &mut AutoLinkerCache,
) -> Result<BuildReport, BuildFailure> {
    let root = run.opts.root.clone();
    let codes = languages::codes(site);
    let themes = load_themes(&root, site, theme, &codes, &mut run.diags);
    let all = models(
        codes,
        site,
        sources,
        run.opts.drafts,
        linkers,
        &mut run.diags,
    );
    let redirects = themes
        .as_ref()
        .map(|t| super::setup::redirects_onto_static_files(&all.models[0], &t[0], &root));
    run.lap("model", redirects.into_iter().flatten());
    let work: Vec<LanguageWork> = (0..all.codes.len())
        .map(|l| language_bodies(l, &all, themes.as_deref(), &mut run.diags))
        .collect();
    run.lap("markdown", []);
    if run.opts.mode == Mode::Check {
        lint(&all, &work, &mut run.diags);
    }
    let Some(themes) = themes else {
        return Err(fail(run.diags));
    };
    for t in &themes {
        // Assets live once, at the root, whatever the language.
        t.assets.configure(&site.base.path, site.config.minify);
    }
    run.stop_on_errors()?;
    let (pages, files) = render(&all, &work, &themes, &mut run)?;
    let models = &all.models;
    Ok(BuildReport {
        terms: models.iter().map(|m| m.terms.len()).sum(),
        tags: models.iter().map(|m| m.tags.items.len()).sum(),
        categories: models.iter().map(|m| m.categories.items.len()).sum(),
        pages,
        rendered: pages,
        files,
        output: run.output.clone(),
        elapsed: run.started.elapsed(),
        warnings: run.diags.clone().sorted(),
        timings: run.timer.stages.clone(),
    })
}

/// Each language's model from its own files, and the translation index across them.
fn models(
    codes: Vec<String>,
    site: &SiteConfig,
    sources: Vec<Arc<TermSource>>,
    drafts: bool,
    linkers: &mut AutoLinkerCache,
    diags: &mut Diagnostics,
) -> Sites {
    let (split, problems) = languages::split_sources(sources, &codes);
    diags.extend(problems);
    let sites: Vec<SiteConfig> = (0..codes.len())
        .map(|i| languages::site_for(site, i))
        .collect();
    let models: Vec<SiteModel> = split
        .into_iter()
        .zip(&sites)
        .map(|(sources, own)| {
            let (model, problems) = SiteModel::build(sources, own, drafts, linkers);
            diags.extend(problems);
            model
        })
        .collect();
    let index = TranslationIndex::new(&models.iter().collect::<Vec<_>>());
    Sites {
        codes,
        sites,
        models,
        index,
    }
}

/// `check`'s glossary lint, per language, and the translation coverage.
fn lint(all: &Sites, work: &[LanguageWork], diags: &mut Diagnostics) {
    for (model, w) in all.models.iter().zip(work) {
        let contexts: Vec<&[LinkContext]> =
            w.bodies.iter().map(|b| b.contexts.as_slice()).collect();
        checks::lint(model, &w.links, diags);
        checks::lint_deprecated_links(model, &w.links, &contexts, diags);
    }
    let models: Vec<&SiteModel> = all.models.iter().collect();
    diags.extend(all.index.coverage(&models, &all.codes));
}

/// One renderer per language, each knowing the others; every page rendered, checked and
/// (in write mode) written. Returns how many pages and files.
fn render(
    all: &Sites,
    work: &[LanguageWork],
    themes: &[Theme],
    run: &mut Run,
) -> Result<(usize, usize), BuildFailure> {
    let html: Vec<Vec<&str>> = work
        .iter()
        .map(|w| w.bodies.iter().map(|b| b.html.as_str()).collect())
        .collect();
    let contexts: Vec<Vec<&[LinkContext]>> = work
        .iter()
        .map(|w| w.bodies.iter().map(|b| b.contexts.as_slice()).collect())
        .collect();
    let string = |t: &Theme, key: &str, or: &str| t.strings.get(key).cloned().unwrap_or(or.into());
    let (names, locales): (Vec<String>, Vec<String>) = themes
        .iter()
        .zip(&all.codes)
        .map(|(t, c)| (string(t, "language_name", c), string(t, "og_locale", c)))
        .unzip();
    let summaries: Vec<&[String]> = work.iter().map(|w| w.summaries.as_slice()).collect();
    let renderers: Vec<Renderer<'_>> = (0..all.codes.len())
        .map(|l| {
            let input = RenderInput {
                site: &all.sites[l],
                model: &all.models[l],
                bodies: &html[l],
                summaries: &work[l].summaries,
                links: &work[l].links,
                related: &work[l].related,
                contexts: &contexts[l],
            };
            Renderer::new(input, &themes[l]).with_languages(LanguageLinks {
                current: l,
                codes: &all.codes,
                names: &names,
                locales: &locales,
                sites: &all.sites,
                models: &all.models,
                summaries: &summaries,
                index: &all.index,
            })
        })
        .collect();
    let pages: Vec<Vec<Page>> = renderers.iter().map(Renderer::pages).collect();
    for (model, p) in all.models.iter().zip(&pages) {
        checks::check_collisions(model, p, &mut run.diags);
    }
    run.stop_on_errors()?;
    let site_pages = SitePages::new(&all.codes, &pages);
    let files = write_site(&site_pages, &renderers, themes, run)?;
    Ok((site_pages.all.len(), files))
}

/// The default language's theme (loaded by the caller) and one per further language, for
/// its UI strings. `None` when any failed; the errors are in `diags`.
fn load_themes(
    root: &Path,
    site: &SiteConfig,
    default: Option<Theme>,
    codes: &[String],
    diags: &mut Diagnostics,
) -> Option<Vec<Theme>> {
    let mut themes = vec![default];
    for code in &codes[1..] {
        match theme::load(root, &site.config.theme, code) {
            Ok(t) => themes.push(Some(t)),
            Err(errors) => {
                diags.extend(errors);
                themes.push(None);
            }
        }
    }
    themes.into_iter().collect()
}

/// Language `l`'s bodies (with fallback references into the other languages: the default
/// first, then `languages:` order), summaries, links and related terms.
fn language_bodies(
    l: usize,
    all: &Sites,
    themes: Option<&[Theme]>,
    diags: &mut Diagnostics,
) -> LanguageWork {
    let (models, sites, codes) = (&all.models, &all.sites, &all.codes);
    let model = &models[l];
    let fallbacks: Vec<FallbackSite<'_>> = (0..models.len())
        .filter(|&o| o != l)
        .map(|o| FallbackSite {
            code: &codes[o],
            lookup: &models[o].lookup,
            terms: &models[o].terms,
        })
        .collect();
    let expander = themes.map(|t| ShortcodeTemplates::new(&t[l], &sites[l]));
    let shortcodes = expander.as_ref().map(|e| e as &dyn Expander);
    let bodies: Vec<Arc<RenderedBody>> = model
        .terms
        .par_iter()
        .enumerate()
        .map(|(id, term)| {
            let ctx = BodyContext {
                lookup: &model.lookup,
                autolinker: term.autolink.then_some(&*model.autolinker),
                terms: &model.terms,
                this: id,
                first_line: term.body_line,
                shortcodes,
                fallbacks: &fallbacks,
            };
            Arc::new(markdown::render(&term.body, &ctx))
        })
        .collect();
    for (term, body) in model.terms.iter().zip(&bodies) {
        for (line, problem) in &body.problems {
            diags.push(Diagnostic::error(term.source.clone(), problem.clone()).at_line(*line));
        }
    }
    let length = sites[l].config.summary_length;
    let summaries = model
        .terms
        .iter()
        .zip(&bodies)
        .map(|(t, b)| match &t.description {
            Some(d) => crate::text::collapse_whitespace(d),
            None => crate::text::cut_chars(&b.summary_source, length),
        })
        .collect();
    let links = LinkGraph::new(
        model.terms.len(),
        bodies
            .iter()
            .map(|b| (b.references.clone(), b.mentions.clone())),
    );
    let related = super::graphs::compute_related(model, &links, &sites[l]);
    LanguageWork {
        bodies,
        summaries,
        links,
        related,
    }
}
