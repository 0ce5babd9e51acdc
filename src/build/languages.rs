//! Several languages (CONTRACT §6): each language is a full site — its own model, bodies,
//! graphs, renderer and pages — built from its own files. What crosses languages is built
//! first and kept small: the translation index (which slug, tag and category exists in which
//! language) and, for `[[ref]]`s, the other languages' lookups. The pages of every language
//! are then rendered and written together, under `<code>/` for the further languages, and
//! checked as one site, so a link from a translation to the default language is a link
//! inside the site.
//!
//! A several-language build always writes through a fresh staging folder: the per-page
//! fingerprints of a `serve` session are kept for one-language sites.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use rayon::prelude::*;

use super::links::{PageLinks, SiteFiles};
use super::{checks, extras, fail, io_error, BuildFailure, BuildOptions, BuildReport, Mode, Timer};
use crate::config::SiteConfig;
use crate::content::TermSource;
use crate::diagnostics::{Diagnostic, Diagnostics, Problem};
use crate::markdown::crossing::FallbackSite;
use crate::markdown::link_context::LinkContext;
use crate::markdown::shortcodes::Expander;
use crate::markdown::{self, BodyContext, RenderedBody};
use crate::model::languages::{self, TranslationIndex};
use crate::model::{AutoLinkerCache, LinkGraph, RelatedGraph, SiteModel};
use crate::output::{write_file, BackgroundWriter, Staging};
use crate::render::languages::LanguageLinks;
use crate::render::shortcodes::ShortcodeTemplates;
use crate::render::theme::{self, Theme};
use crate::render::{feeds, Page, RenderInput, Renderer};

/// The data files each further language has in its folder.
const LANGUAGE_DATA_FILES: [&str; 3] = ["atom.xml", "search-index.json", "graph.json"];

/// What the one-language build hands over once the sources are loaded.
pub(super) struct Start<'a> {
    pub(super) opts: &'a BuildOptions,
    pub(super) site: &'a SiteConfig,
    pub(super) theme: Option<Theme>,
    pub(super) output: &'a Path,
    pub(super) started: Instant,
}

/// One language's bodies, summaries and graphs.
struct LanguageWork {
    bodies: Vec<Arc<RenderedBody>>,
    summaries: Vec<String>,
    links: LinkGraph,
    related: RelatedGraph,
}

/// Builds (or, in check mode, checks) every language of the site.
pub(super) fn build(
    start: Start<'_>,
    sources: Vec<Arc<TermSource>>,
    linkers: &mut AutoLinkerCache,
    mut diags: Diagnostics,
    mut timer: Timer,
) -> Result<BuildReport, BuildFailure> {
    let (opts, site, root) = (start.opts, start.site, &start.opts.root);
    let codes = languages::codes(site);
    let (split, problems) = languages::split_sources(sources, &codes);
    diags.extend(problems);
    let sites: Vec<SiteConfig> = (0..codes.len())
        .map(|i| languages::site_for(site, i))
        .collect();
    let themes = load_themes(root, site, start.theme, &codes, &mut diags);
    let models: Vec<SiteModel> = split
        .into_iter()
        .zip(&sites)
        .map(|(sources, own)| {
            let (model, problems) = SiteModel::build(sources, own, opts.drafts, linkers);
            diags.extend(problems);
            model
        })
        .collect();
    if let Some(themes) = &themes {
        diags.extend(super::redirects_onto_static_files(
            &models[0], &themes[0], root,
        ));
    }
    let model_refs: Vec<&SiteModel> = models.iter().collect();
    let index = TranslationIndex::new(&model_refs);
    timer.lap("model");

    let written: Vec<LanguageWork> = (0..codes.len())
        .map(|l| language_bodies(l, &models, &sites, &codes, themes.as_deref(), &mut diags))
        .collect();
    timer.lap("markdown");
    if opts.mode == Mode::Check {
        for (model, w) in models.iter().zip(&written) {
            let contexts: Vec<&[LinkContext]> =
                w.bodies.iter().map(|b| b.contexts.as_slice()).collect();
            checks::lint(model, &w.links, &mut diags);
            checks::lint_deprecated_links(model, &w.links, &contexts, &mut diags);
        }
        diags.extend(index.coverage(&model_refs, &codes));
    }
    let Some(themes) = themes else {
        return Err(fail(diags));
    };
    for t in &themes {
        // Assets live once, at the root, whatever the language.
        t.assets.configure(&site.base.path, site.config.minify);
    }
    if diags.has_errors() {
        return Err(fail(diags));
    }
    let html: Vec<Vec<&str>> = written
        .iter()
        .map(|w| w.bodies.iter().map(|b| b.html.as_str()).collect())
        .collect();
    let contexts: Vec<Vec<&[LinkContext]>> = written
        .iter()
        .map(|w| w.bodies.iter().map(|b| b.contexts.as_slice()).collect())
        .collect();
    let string = |t: &Theme, key: &str, or: &str| t.strings.get(key).cloned().unwrap_or(or.into());
    let names: Vec<String> = themes
        .iter()
        .zip(&codes)
        .map(|(t, c)| string(t, "language_name", c))
        .collect();
    let locales: Vec<String> = themes
        .iter()
        .zip(&codes)
        .map(|(t, c)| string(t, "og_locale", c))
        .collect();
    let summaries: Vec<&[String]> = written.iter().map(|w| w.summaries.as_slice()).collect();
    let renderers: Vec<Renderer<'_>> = (0..codes.len())
        .map(|l| {
            let input = RenderInput {
                site: &sites[l],
                model: &models[l],
                bodies: &html[l],
                summaries: &written[l].summaries,
                links: &written[l].links,
                related: &written[l].related,
                contexts: &contexts[l],
            };
            Renderer::new(input, &themes[l]).with_languages(LanguageLinks {
                current: l,
                codes: &codes,
                names: &names,
                locales: &locales,
                sites: &sites,
                models: &models,
                summaries: &summaries,
                index: &index,
            })
        })
        .collect();
    let pages: Vec<Vec<Page>> = renderers.iter().map(Renderer::pages).collect();
    for (model, p) in models.iter().zip(&pages) {
        checks::check_collisions(model, p, &mut diags);
    }
    if diags.has_errors() {
        return Err(fail(diags));
    }
    let site_pages = SitePages::new(&codes, &pages);
    let files = write_site(
        &site_pages,
        &renderers,
        &themes,
        start.output,
        opts,
        &mut diags,
        &mut timer,
    )?;
    Ok(BuildReport {
        terms: models.iter().map(|m| m.terms.len()).sum(),
        tags: models.iter().map(|m| m.tags.items.len()).sum(),
        categories: models.iter().map(|m| m.categories.items.len()).sum(),
        pages: site_pages.all.len(),
        rendered: site_pages.all.len(),
        files,
        output: start.output.to_path_buf(),
        elapsed: start.started.elapsed(),
        warnings: diags.sorted(),
        timings: timer.stages,
    })
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
    models: &[SiteModel],
    sites: &[SiteConfig],
    codes: &[String],
    themes: Option<&[Theme]>,
    diags: &mut Diagnostics,
) -> LanguageWork {
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
    let related = super::compute_related(model, &links, &sites[l]);
    LanguageWork {
        bodies,
        summaries,
        links,
        related,
    }
}

/// Every page of every language, with its output path under the output root.
struct SitePages<'p> {
    /// (language, page as its renderer knows it, output under the root)
    all: Vec<(usize, &'p Page, Page)>,
    /// Each language's folder under the root: `""`, `"en/"`.
    prefixes: Vec<String>,
}

impl<'p> SitePages<'p> {
    fn new(codes: &[String], pages: &'p [Vec<Page>]) -> Self {
        let prefixes: Vec<String> = (0..codes.len())
            .map(|l| {
                if l == 0 {
                    String::new()
                } else {
                    format!("{}/", codes[l])
                }
            })
            .collect();
        let all = pages
            .iter()
            .enumerate()
            .flat_map(|(l, ps)| {
                let prefix = &prefixes[l];
                ps.iter().map(move |p| {
                    let placed = Page {
                        kind: p.kind.clone(),
                        output: format!("{prefix}{}", p.output),
                    };
                    (l, p, placed)
                })
            })
            .collect();
        SitePages { all, prefixes }
    }

    /// Language `l`'s pages with their output paths under the root.
    fn placed(&self, l: usize) -> Vec<Page> {
        self.all
            .iter()
            .filter(|(lang, _, _)| *lang == l)
            .map(|(_, _, p)| p.clone())
            .collect()
    }
}

/// Renders, checks and writes every page and data file. Returns how many files it wrote
/// (0 in check mode).
fn write_site(
    pages: &SitePages<'_>,
    renderers: &[Renderer<'_>],
    themes: &[Theme],
    output: &Path,
    opts: &BuildOptions,
    diags: &mut Diagnostics,
    timer: &mut Timer,
) -> Result<usize, BuildFailure> {
    let root = &opts.root;
    let staging = match opts.mode {
        Mode::Write => Some(Staging::new(output).map_err(|e| {
            let mut d = diags.clone();
            d.push(io_error(output, root, e));
            fail(d)
        })?),
        Mode::Check => None,
    };
    let dir = staging.as_ref().map(|s| s.dir().to_path_buf());
    let placed: Vec<Page> = pages.all.iter().map(|(_, _, p)| p.clone()).collect();
    let default = renderers[0].input();
    let mut site_files = SiteFiles::new(
        &placed,
        &themes[0],
        default.model,
        root,
        &default.site.base,
        opts.check_external.is_some(),
    );
    for (l, r) in renderers.iter().enumerate().skip(1) {
        let prefix = &pages.prefixes[l];
        for (rel, from) in bundle_assets(r.input().model, root) {
            site_files.add_file(format!("{prefix}{rel}"), Some(from));
        }
        for name in LANGUAGE_DATA_FILES {
            site_files.add_file(format!("{prefix}{name}"), None);
        }
    }
    let scanned = render_and_write(pages, renderers, &site_files, dir.as_deref(), opts, diags);
    timer.lap("render");
    if diags.has_errors() {
        return Err(fail(diags.clone()));
    }
    let mut files = placed.len();
    if let Some(dir) = &dir {
        files += write_data(pages, renderers, themes, root, dir).map_err(|d| {
            diags.push(d);
            fail(diags.clone())
        })?;
    }
    for (l, r) in renderers.iter().enumerate() {
        let own = pages.placed(l);
        diags.extend(super::broken::diagnostics(
            &own,
            &scanned,
            dir.as_deref(),
            r.input().model,
        ));
    }
    if opts.mode == Mode::Check {
        if let Some(limits) = &opts.check_external {
            diags.extend(crate::external::check_site(
                scanned
                    .iter()
                    .map(|(p, l)| (p.as_str(), l.external.as_slice())),
                limits,
            ));
        }
    }
    if diags.has_errors() {
        return Err(fail(diags.clone()));
    }
    timer.lap("write");
    if let Some(staging) = staging {
        staging.commit().map_err(|e| {
            diags.push(Diagnostic::error(
                crate::diagnostics::display_path(output),
                Problem::OutputSwap(e.to_string()),
            ));
            fail(diags.clone())
        })?;
        Ok(files)
    } else {
        Ok(0)
    }
}

/// Renders every page with its language's renderer, minifies, scans its links and hands it
/// to the writer threads. Returns each page's links, by output path.
fn render_and_write(
    pages: &SitePages<'_>,
    renderers: &[Renderer<'_>],
    site_files: &SiteFiles<'_>,
    dir: Option<&Path>,
    opts: &BuildOptions,
    diags: &mut Diagnostics,
) -> HashMap<String, Arc<PageLinks>> {
    let minify = renderers[0].input().site.config.minify;
    let writer = dir.map(|_| BackgroundWriter::new(super::WRITER_THREADS, false));
    let results: Vec<Result<(String, PageLinks), Diagnostic>> = pages
        .all
        .par_iter()
        .map(|(l, own, placed)| {
            let html = renderers[*l].render(own)?;
            let bytes = if minify {
                crate::minify::minify_page(html)
            } else {
                html.into_bytes()
            };
            let (bytes, links) = site_files.process(&placed.output, bytes);
            if let (Some(w), Some(dir)) = (&writer, dir) {
                w.submit(dir.join(&placed.output), bytes);
            }
            Ok((placed.output.clone(), links))
        })
        .collect();
    let mut scanned = HashMap::new();
    for r in results {
        match r {
            Ok((output, links)) => {
                scanned.insert(output, Arc::new(links));
            }
            Err(d) => diags.push(d),
        }
    }
    if let Some(w) = writer {
        for (path, e) in w.finish() {
            diags.push(io_error(&path, &opts.root, e));
        }
    }
    scanned
}

/// The default language's data and static files as a one-language site has them, with one
/// sitemap for every language; each further language's feed, search index, graph and
/// bundle assets under its folder; the hashed assets and host files once.
fn write_data(
    pages: &SitePages<'_>,
    renderers: &[Renderer<'_>],
    themes: &[Theme],
    root: &Path,
    dir: &Path,
) -> Result<usize, Diagnostic> {
    // Each language's pages as its renderer knows them (paths under its own folder).
    let own: Vec<Vec<Page>> = (0..renderers.len())
        .map(|l| {
            pages
                .all
                .iter()
                .filter(|(lang, _, _)| *lang == l)
                .map(|(_, p, _)| (*p).clone())
                .collect()
        })
        .collect();
    let (mut count, _) =
        extras::write_extras(&renderers[0], &themes[0], root, dir, &own[0], None, 0)?;
    let write = |rel: String, bytes: &[u8]| -> Result<(), Diagnostic> {
        write_file(&dir.join(&rel), bytes, false).map_err(|e| io_error(&dir.join(&rel), root, e))
    };
    let listed: Vec<(&Renderer<'_>, &[Page])> = renderers
        .iter()
        .zip(&own)
        .map(|(r, p)| (r, p.as_slice()))
        .collect();
    write(
        "sitemap.xml".into(),
        crate::render::languages::sitemap(&listed).as_bytes(),
    )?;
    for (l, r) in renderers.iter().enumerate().skip(1) {
        let input = r.input();
        let prefix = &pages.prefixes[l];
        for (name, text) in [
            ("atom.xml", feeds::atom(input)),
            ("search-index.json", feeds::search_index(input)),
            ("graph.json", feeds::graph(input)),
        ] {
            write(format!("{prefix}{name}"), text.as_bytes())?;
            count += 1;
        }
        for (rel, from) in bundle_assets(input.model, root) {
            let bytes = std::fs::read(&from).map_err(|e| io_error(&from, root, e))?;
            write(format!("{prefix}{rel}"), &bytes)?;
            count += 1;
        }
    }
    let mut hashed = std::collections::BTreeSet::new();
    for t in themes {
        count += extras::write_hashed_assets(t, root, dir)?;
        hashed.extend(extras::hashed_assets(t, None, true, dir));
    }
    count += extras::write_host_files(&renderers[0], &hashed, root, dir)?;
    Ok(count)
}

/// A language's bundle assets: (path under its folder, source file).
fn bundle_assets(model: &SiteModel, root: &Path) -> Vec<(String, std::path::PathBuf)> {
    let mut out = Vec::new();
    for term in &model.terms {
        if let Some(bundle) = &term.bundle_dir {
            for asset in &term.assets {
                let rel = asset.to_string_lossy().replace('\\', "/");
                out.push((
                    format!("terms/{}/{rel}", term.slug),
                    root.join(bundle).join(asset),
                ));
            }
        }
    }
    out
}
