//! The pipeline: config → load content → model → bodies → graphs → render → write.
//!
//! `build`, `check` and `serve` all run [`build`]; they differ only in [`Mode`] and options.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::{self, SiteConfig};
use crate::content::LoadCache;
use crate::diagnostics::{Diagnostic, Diagnostics, Problem};
use crate::markdown::shortcodes::{self, Expander};
use crate::markdown::{self, BodyContext};
use crate::model::related::RelatedInputs;
use crate::model::{AutoLinkerCache, LinkGraph, RelatedGraph, SiteModel};
use crate::output::{BackgroundWriter, OutputLock, Staging};
use crate::render::fingerprint::{self, Fingerprints};
use crate::render::shortcodes::ShortcodeTemplates;
use crate::render::{theme, RenderInput, Renderer};
use crate::text::cut_chars;

mod broken;
mod checks;
mod extras;
mod links;
mod location;

use checks::{check_collisions, lint, lint_deprecated_links};
use extras::{write_extras, Extras};
use links::{PageLinks, SiteFiles};
use location::check_output_location;

/// Whether a run writes the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Render and write the site.
    Write,
    /// Every validation of a build, plus glossary lint warnings; nothing written.
    Check,
}

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Output folder; default: `output_dir` from config, relative to the root.
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    /// `Some(false)` for `--no-minify`.
    pub minify: Option<bool>,
    pub mode: Mode,
    /// `--force`: replace a non-empty output folder outside the site that glossgen did not
    /// write. Never allows the site, its source folders, home or `/`.
    pub force: bool,
    /// `check --external`: also fetch external links, within these limits.
    pub check_external: Option<crate::external::Limits>,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        BuildOptions {
            root: root.into(),
            output: None,
            base_url: None,
            drafts: false,
            minify: None,
            mode: Mode::Write,
            force: false,
            check_external: None,
        }
    }
}

/// What a good build did.
#[derive(Debug)]
pub struct BuildReport {
    pub terms: usize,
    pub tags: usize,
    pub categories: usize,
    /// HTML pages of the site.
    pub pages: usize,
    /// Pages rendered by this build: all of them, except in a [`BuildSession`]'s later builds.
    pub rendered: usize,
    /// Files written in all (pages, data files, static files, assets); 0 in check mode.
    pub files: usize,
    pub output: PathBuf,
    pub elapsed: Duration,
    pub warnings: Vec<Diagnostic>,
    /// Wall time per stage, in pipeline order.
    pub timings: Vec<(&'static str, Duration)>,
}

/// A build that found errors. Holds every problem found, warnings included, sorted.
#[derive(Debug, thiserror::Error)]
#[error("build failed: {} error(s)", self.error_count())]
pub struct BuildFailure {
    pub diagnostics: Vec<Diagnostic>,
}

impl BuildFailure {
    pub fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }
}

struct Timer {
    last: Instant,
    stages: Vec<(&'static str, Duration)>,
}

impl Timer {
    fn new() -> Self {
        Timer {
            last: Instant::now(),
            stages: Vec::new(),
        }
    }
    fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.stages.push((stage, now - self.last));
        self.last = now;
    }
}

fn fail(diags: Diagnostics) -> BuildFailure {
    BuildFailure {
        diagnostics: diags.sorted(),
    }
}

/// Threads that write pages while others render: more than the cores, since they mostly
/// wait for the disk.
const WRITER_THREADS: usize = 4;

/// Runs the whole pipeline once: a full build, written atomically.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, BuildFailure> {
    let mut once = BuildSession::new(opts.clone());
    once.one_shot = true;
    once.build()
}

/// A series of builds of one site that share work: `serve` keeps one and calls
/// [`BuildSession::build`] after every change.
///
/// The first build is a full one, written through a staging folder. Later builds re-read
/// only changed files, re-render only bodies whose inputs changed, and re-render and write
/// in place only the pages whose [fingerprint](crate::render::fingerprint) changed.
pub struct BuildSession {
    opts: BuildOptions,
    load_cache: LoadCache,
    linkers: AutoLinkerCache,
    /// Per slug: what its body was rendered from, and the result.
    bodies: HashMap<String, CachedBody>,
    /// What the last good build wrote, for writing only what changed.
    written: Option<Written>,
    /// The last good build's model, with the key of what it was built from and its problems.
    model: Option<(u64, SiteModel, Vec<Diagnostic>)>,
    /// The last good build's related terms, with the key of their inputs.
    related: Option<(u64, Arc<RelatedGraph>)>,
    /// No later build will follow: keep no caches (they cost a copy of every file).
    one_shot: bool,
    /// For the next build: the only files that changed since the last one, if known.
    changed: Option<HashSet<PathBuf>>,
}

struct Written {
    output: PathBuf,
    pages: HashMap<String, u64>,
    extras: Extras,
    /// Each page's links and ids, for checking links of later builds that re-render a few.
    links: HashMap<String, Arc<PageLinks>>,
    /// The content-hashed assets the pages reference.
    hashed: BTreeSet<String>,
}

impl BuildSession {
    pub fn new(opts: BuildOptions) -> Self {
        BuildSession {
            opts,
            load_cache: LoadCache::default(),
            linkers: AutoLinkerCache::default(),
            bodies: HashMap::new(),
            written: None,
            model: None,
            related: None,
            one_shot: false,
            changed: None,
        }
    }

    /// Tells the next [`build`](Self::build) which files changed since the last one (paths
    /// relative to the root, as a file watcher reports them), so it need not look at the
    /// others. Without it, every file's size and mtime are checked.
    pub fn files_changed(&mut self, paths: impl IntoIterator<Item = PathBuf>) {
        self.changed = Some(paths.into_iter().collect());
    }

    pub fn options(&self) -> &BuildOptions {
        &self.opts
    }

    /// Builds the site; see the type's documentation for what is reused.
    pub fn build(&mut self) -> Result<BuildReport, BuildFailure> {
        let opts = self.opts.clone();
        let started = Instant::now();
        let mut timer = Timer::new();
        let mut diags = Diagnostics::default();
        let root = &opts.root;
        panic_if_test_asks(root);

        let site = load_config(&opts, &mut diags)?;
        let output = opts
            .output
            .clone()
            .unwrap_or_else(|| root.join(&site.config.output_dir));
        // Nothing is created, moved or deleted before the location is known to be safe.
        let _lock = if opts.mode == Mode::Write {
            let origin = match opts.output {
                Some(_) => "--output",
                None => config::CONFIG_FILE,
            };
            check_output_location(root, &output, opts.force, origin).map_err(|d| {
                diags.push(d);
                fail(diags.clone())
            })?;
            Some(OutputLock::acquire(&output).map_err(|e| {
                diags.push(Diagnostic::error(
                    crate::diagnostics::display_path(&output),
                    Problem::OutputSwap(e.to_string()),
                ));
                fail(diags.clone())
            })?)
        } else {
            None
        };
        let theme = match theme::load_minified(
            root,
            &site.config.theme,
            &site.config.language,
            site.config.minify,
        ) {
            Ok(t) => Some(t),
            Err(errors) => {
                diags.extend(errors);
                None
            }
        };

        let (sources, load_diags) = if self.one_shot {
            crate::content::load(root)
        } else {
            crate::content::load_cached(root, &mut self.load_cache, self.changed.take().as_ref())
        };
        diags.extend(load_diags);
        timer.lap("load");

        let (model_key, model, model_diags) = self.model_for(sources, &site, opts.drafts);
        diags.extend(model_diags.iter().cloned());
        if let Some(theme) = &theme {
            diags.extend(redirects_onto_static_files(&model, theme, root));
        }
        timer.lap("model");

        let expander = theme.as_ref().map(|t| ShortcodeTemplates::new(t, &site));
        // Bodies with shortcodes depend on the shortcode templates and on `extra` (`cta`).
        let shortcodes_key = theme.as_ref().map_or(0, |t| {
            fingerprint::hash_of(&(t.fingerprint, format!("{:?}", site.config.extra)))
        });
        let (bodies, body_hashes) = self.render_bodies(
            &model,
            expander.as_ref().map(|e| e as &dyn Expander),
            shortcodes_key,
        );
        for (term, body) in model.terms.iter().zip(&bodies) {
            for (line, problem) in &body.problems {
                diags.push(Diagnostic::error(term.source.clone(), problem.clone()).at_line(*line));
            }
        }
        let summary_length = site.config.summary_length;
        let summaries: Vec<String> = model
            .terms
            .iter()
            .zip(&bodies)
            .map(|(t, b)| match &t.description {
                Some(d) => crate::text::collapse_whitespace(d),
                None => cut_chars(&b.summary_source, summary_length),
            })
            .collect();
        timer.lap("markdown");

        let links = LinkGraph::new(
            model.terms.len(),
            bodies
                .iter()
                .map(|b| (b.references.clone(), b.mentions.clone())),
        );
        let related_key = fingerprint::hash_of(&(model_key, &links.references, &links.mentions));
        let related = match self.related.take() {
            Some((key, related)) if key == related_key => related,
            _ => Arc::new(compute_related(&model, &links, &site)),
        };
        timer.lap("related");

        let contexts: Vec<&[markdown::link_context::LinkContext]> =
            bodies.iter().map(|b| b.contexts.as_slice()).collect();
        if opts.mode == Mode::Check {
            lint(&model, &links, &mut diags);
            lint_deprecated_links(&model, &links, &contexts, &mut diags);
        }
        let Some(theme) = theme else {
            return Err(fail(diags));
        };
        theme.assets.configure(&site.base.path, site.config.minify);
        if diags.has_errors() {
            return Err(fail(diags));
        }

        let html: Vec<&str> = bodies.iter().map(|b| b.html.as_str()).collect();
        let input = RenderInput {
            site: &site,
            model: &model,
            bodies: &html,
            summaries: &summaries,
            links: &links,
            related: &related,
            contexts: &contexts,
        };
        let renderer = Renderer::new(input, &theme);
        let pages = renderer.pages();
        check_collisions(&model, &pages, &mut diags);
        if diags.has_errors() {
            return Err(fail(diags));
        }
        // Fingerprints only serve later builds of a session.
        let (page_prints, data_key): (Vec<u64>, u64) = if self.one_shot {
            (vec![0; pages.len()], 0)
        } else {
            // Static files decide hashed asset URLs and image sizes shown on pages.
            let theme_key = fingerprint::hash_of(&(
                theme.fingerprint,
                extras::extras_stamp(&theme, &model, root),
            ));
            let prints = Fingerprints::new(&renderer, theme_key, &body_hashes);
            let key = fingerprint::hash_of(&(prints.data_key(&renderer), related_key));
            (
                pages
                    .par_iter()
                    .map(|p| prints.page(&renderer, p))
                    .collect(),
                key,
            )
        };

        // Where pages go: a fresh staging folder, or (after a good build) in place.
        let in_place = match &self.written {
            Some(w) if opts.mode == Mode::Write && w.output == output && output.is_dir() => Some(w),
            _ => None,
        };
        let staging = match (opts.mode, in_place) {
            (Mode::Write, None) => Some(Staging::new(&output).map_err(|e| {
                let mut d = diags.clone();
                d.push(io_error(&output, root, e));
                fail(d)
            })?),
            _ => None,
        };
        let target: Option<&Path> = match (&staging, in_place) {
            (Some(s), _) => Some(s.dir()),
            (None, Some(_)) => Some(output.as_path()),
            (None, None) => None,
        };
        let todo: Vec<usize> = (0..pages.len())
            .filter(|&i| {
                in_place.is_none_or(|w| w.pages.get(&pages[i].output) != Some(&page_prints[i]))
            })
            .collect();

        let site_files = SiteFiles::new(
            &pages,
            &theme,
            &model,
            root,
            &site.base,
            opts.check_external.is_some(),
        );
        let (render_ns, links_ns) = (AtomicU64::new(0), AtomicU64::new(0));
        let add = |counter: &AtomicU64, since: Instant| {
            counter.fetch_add(since.elapsed().as_nanos() as u64, Ordering::Relaxed);
        };
        let page_phase = Instant::now();
        // Rendering threads hand pages to writer threads: on a large site the disk, not the
        // CPU, sets the pace, and a rendering thread blocked in write() would idle a core.
        let writer = target.map(|_| BackgroundWriter::new(WRITER_THREADS, in_place.is_some()));
        let results: Vec<Result<(usize, PageLinks), Diagnostic>> = todo
            .par_iter()
            .map(|&i| {
                let page = &pages[i];
                let t = Instant::now();
                let html = renderer.render(page)?;
                add(&render_ns, t);
                // Minified templates (`theme::load_minified`): no minifier pass per page.
                let t = Instant::now();
                let (bytes, page_links) = site_files.process(&page.output, html.into_bytes());
                add(&links_ns, t);
                if let (Some(w), Some(dir)) = (&writer, target) {
                    w.submit(dir.join(&page.output), bytes);
                }
                Ok((i, page_links))
            })
            .collect();
        let mut page_errors = Vec::new();
        let mut scanned: HashMap<String, Arc<PageLinks>> = HashMap::new();
        for r in results {
            match r {
                Ok((i, l)) => {
                    scanned.insert(pages[i].output.clone(), Arc::new(l));
                }
                Err(d) => page_errors.push(d),
            }
        }
        let rendered_at = Instant::now();
        if let Some(w) = writer {
            page_errors.extend(
                w.finish()
                    .into_iter()
                    .map(|(path, e)| io_error(&path, root, e)),
            );
        }
        // Render and the link scan split the rendering wall time by their share of
        // thread time; `write` is what the disk added after rendering was done.
        let phase = rendered_at - page_phase;
        let parts = [
            ("render", render_ns.into_inner()),
            ("links", links_ns.into_inner()),
        ];
        let total: u64 = parts.iter().map(|p| p.1).sum::<u64>().max(1);
        for (name, ns) in parts {
            timer
                .stages
                .push((name, phase.mul_f64(ns as f64 / total as f64)));
        }
        timer.stages.push(("write", rendered_at.elapsed()));
        crate::output::pause_point("staging");
        timer.last = Instant::now();
        diags.extend(page_errors);
        if diags.has_errors() {
            return Err(fail(diags));
        }
        if let Some(w) = in_place {
            // Pages not re-rendered keep their links and ids from the last build.
            for p in &pages {
                if let Some(old) = w.links.get(&p.output) {
                    scanned
                        .entry(p.output.clone())
                        .or_insert_with(|| Arc::clone(old));
                }
            }
        }
        if target.is_none() {
            diags.extend(broken::diagnostics(&pages, &scanned, None, &model));
            if let Some(limits) = &opts.check_external {
                diags.extend(crate::external::check_site(
                    scanned
                        .iter()
                        .map(|(page, l)| (page.as_str(), l.external.as_slice())),
                    limits,
                ));
            }
            if diags.has_errors() {
                return Err(fail(diags));
            }
        }

        let mut files = todo.len();
        if let Some(dir) = target {
            let extras = match write_extras(
                &renderer,
                &theme,
                root,
                dir,
                &pages,
                in_place.map(|w| &w.extras),
                data_key,
            ) {
                Ok((n, state)) => {
                    files += n;
                    state
                }
                Err(d) => {
                    diags.push(d);
                    return Err(fail(diags));
                }
            };
            let hashed = extras::hashed_assets(
                &theme,
                in_place.map(|w| &w.hashed),
                todo.len() == pages.len(),
                dir,
            );
            match extras::write_hashed_assets(&theme, root, dir)
                .and_then(|n| Ok(n + extras::write_host_files(&renderer, &hashed, root, dir)?))
            {
                Ok(n) => files += n,
                Err(d) => {
                    diags.push(d);
                    return Err(fail(diags));
                }
            };
            if let Some(w) = in_place {
                // Pages of the last build that no longer exist (a deleted term or tag).
                let now: std::collections::HashSet<&str> =
                    pages.iter().map(|p| p.output.as_str()).collect();
                for old in w.pages.keys().filter(|k| !now.contains(k.as_str())) {
                    let _ = std::fs::remove_file(output.join(old));
                }
            }
            let broken = broken::diagnostics(&pages, &scanned, Some(dir), &model);
            if !broken.is_empty() {
                diags.extend(broken);
                return Err(fail(diags));
            }
            timer.lap("write");
            if let Some(staging) = staging {
                if let Err(e) = staging.commit() {
                    diags.push(Diagnostic::error(
                        crate::diagnostics::display_path(&output),
                        Problem::OutputSwap(e.to_string()),
                    ));
                    return Err(fail(diags));
                }
            }
            self.written = Some(Written {
                output: output.clone(),
                pages: pages
                    .iter()
                    .map(|p| p.output.clone())
                    .zip(page_prints)
                    .collect(),
                extras,
                links: if self.one_shot {
                    HashMap::new()
                } else {
                    std::mem::take(&mut scanned)
                },
                hashed,
            });
        } else {
            files = 0;
        }
        // Merge the two `write` laps into one entry.
        let mut timings: Vec<(&'static str, Duration)> = Vec::new();
        for (name, d) in timer.stages {
            match timings.iter_mut().find(|(n, _)| *n == name) {
                Some(entry) => entry.1 += d,
                None => timings.push((name, d)),
            }
        }
        let report = BuildReport {
            terms: model.terms.len(),
            tags: model.tags.items.len(),
            categories: model.categories.items.len(),
            pages: pages.len(),
            rendered: todo.len(),
            files,
            output,
            elapsed: started.elapsed(),
            warnings: diags.sorted(),
            timings,
        };
        if !self.one_shot {
            self.model = Some((model_key, model, model_diags));
            self.related = Some((related_key, related));
        }
        Ok(report)
    }

    /// The last build's model when nothing it is built from changed but bodies (the common
    /// edit while writing), with the new bodies put in; else a new model. Returns the key of
    /// its inputs too.
    fn model_for(
        &mut self,
        sources: Vec<Arc<crate::content::TermSource>>,
        site: &SiteConfig,
        drafts: bool,
    ) -> (u64, SiteModel, Vec<Diagnostic>) {
        let key = fingerprint::hash_of(&(
            format!("{:?}", site.config),
            &site.base.origin,
            &site.base.path,
            drafts,
            sources
                .iter()
                .map(|s| {
                    (
                        &s.file.path,
                        &s.slug,
                        s.front_hash,
                        s.body_line,
                        &s.file.assets,
                    )
                })
                .collect::<Vec<_>>(),
        ));
        if let Some((last_key, mut model, diags)) = self.model.take() {
            if last_key == key {
                let by_path: HashMap<&Path, usize> = model
                    .terms
                    .iter()
                    .enumerate()
                    .map(|(i, t)| (t.source.as_path(), i))
                    .collect();
                let updates: Vec<(usize, Arc<str>)> = sources
                    .iter()
                    .filter_map(|s| {
                        let i = *by_path.get(s.file.path.as_path())?;
                        (!Arc::ptr_eq(&model.terms[i].body, &s.body))
                            .then(|| (i, Arc::clone(&s.body)))
                    })
                    .collect();
                for (i, body) in updates {
                    model.terms[i].body = body;
                }
                return (key, model, diags);
            }
        }
        let (model, diags) = SiteModel::build(sources, site, drafts, &mut self.linkers);
        (key, model, diags)
    }

    /// Renders every body, reusing the previous result of a term whose body, settings and
    /// the site's names (which decide references and auto-links) are all unchanged.
    /// Returns the bodies and, for fingerprints, a hash of each one's HTML (0 in a one-shot
    /// build, which needs none).
    fn render_bodies(
        &mut self,
        model: &SiteModel,
        shortcodes: Option<&dyn Expander>,
        shortcodes_key: u64,
    ) -> (Vec<Arc<markdown::RenderedBody>>, Vec<u64>) {
        let cache = &self.bodies;
        let one_shot = self.one_shot;
        let results: Vec<CachedBody> = model
            .terms
            .par_iter()
            .enumerate()
            .map(|(id, term)| {
                let inputs = BodyInputs {
                    // Term ids, URLs and names: references and auto-links depend on them all.
                    names: model.names_hash,
                    body: Arc::clone(&term.body),
                    autolink: term.autolink,
                    first_line: term.body_line,
                    shortcodes: if shortcodes::may_contain(&term.body) {
                        shortcodes_key
                    } else {
                        0
                    },
                };
                if let Some(hit) = cache.get(&term.slug).filter(|c| c.inputs == inputs) {
                    return hit.clone();
                }
                let ctx = BodyContext {
                    lookup: &model.lookup,
                    autolinker: term.autolink.then_some(&*model.autolinker),
                    terms: &model.terms,
                    this: id,
                    first_line: term.body_line,
                    shortcodes,
                };
                let rendered = Arc::new(markdown::render(&term.body, &ctx));
                let html_hash = if one_shot {
                    0
                } else {
                    fingerprint::hash_of(&rendered.html)
                };
                CachedBody {
                    inputs,
                    rendered,
                    html_hash,
                }
            })
            .collect();
        let bodies = results.iter().map(|c| Arc::clone(&c.rendered)).collect();
        let hashes = results.iter().map(|c| c.html_hash).collect();
        if !one_shot {
            self.bodies = model
                .terms
                .iter()
                .map(|t| t.slug.clone())
                .zip(results)
                .collect();
        }
        (bodies, hashes)
    }
}

/// Everything a rendered body depends on.
#[derive(Clone)]
struct BodyInputs {
    names: u64,
    body: Arc<str>,
    autolink: bool,
    first_line: usize,
    /// The shortcode templates' and `extra`'s hash for a body with shortcodes, else 0.
    shortcodes: u64,
}

impl PartialEq for BodyInputs {
    fn eq(&self, other: &Self) -> bool {
        // An unchanged file keeps its Arc: pointer equality spares comparing the text.
        self.names == other.names
            && self.autolink == other.autolink
            && self.first_line == other.first_line
            && self.shortcodes == other.shortcodes
            && (Arc::ptr_eq(&self.body, &other.body) || self.body == other.body)
    }
}

#[derive(Clone)]
struct CachedBody {
    inputs: BodyInputs,
    rendered: Arc<markdown::RenderedBody>,
    html_hash: u64,
}

/// Test hook: with `GLOSSGEN_TEST_PANIC_IF=<path>` (set only by tests), a build of a site
/// that holds that file panics, as a bug would; `serve` must survive it.
fn panic_if_test_asks(root: &Path) {
    if let Some(rel) = std::env::var_os("GLOSSGEN_TEST_PANIC_IF") {
        if root.join(&rel).exists() {
            panic!(
                "GLOSSGEN_TEST_PANIC_IF: {} exists",
                Path::new(&rel).display()
            );
        }
    }
}

fn load_config(opts: &BuildOptions, diags: &mut Diagnostics) -> Result<SiteConfig, BuildFailure> {
    let (mut site, warnings) = match config::load(&opts.root) {
        Ok(ok) => ok,
        Err(errors) => {
            diags.extend(errors);
            return Err(fail(diags.clone()));
        }
    };
    diags.extend(warnings);
    if let Some(url) = &opts.base_url {
        match config::BaseUrl::parse(url) {
            Ok(b) => {
                site.base = b;
                site.config.base_url = url.clone();
            }
            Err(m) => {
                diags.push(Diagnostic::error("--base-url", Problem::BadBaseUrl(m)));
                return Err(fail(diags.clone()));
            }
        }
    }
    if let Some(m) = opts.minify {
        site.config.minify = m;
    }
    Ok(site)
}

fn compute_related(model: &SiteModel, links: &LinkGraph, site: &SiteConfig) -> RelatedGraph {
    let term_tags: Vec<Vec<usize>> = model.terms.iter().map(|t| t.tags.clone()).collect();
    let term_cats: Vec<Vec<usize>> = model.terms.iter().map(|t| t.categories.clone()).collect();
    let tag_postings: Vec<Vec<usize>> = model.tags.items.iter().map(|i| i.terms.clone()).collect();
    let cat_postings: Vec<Vec<usize>> = model
        .categories
        .items
        .iter()
        .map(|i| i.terms.clone())
        .collect();
    let manual: Vec<Vec<usize>> = model.terms.iter().map(|t| t.related.clone()).collect();
    let linked = links.neighbours();
    let stated = crate::model::relations::stated_neighbours(
        &model.terms.iter().map(|t| &t.relations).collect::<Vec<_>>(),
    );
    let excluded: Vec<bool> = model.terms.iter().map(|t| t.relations.deprecated).collect();
    RelatedGraph::compute(&RelatedInputs {
        term_count: model.terms.len(),
        term_tags: &term_tags,
        tag_postings: &tag_postings,
        term_categories: &term_cats,
        category_postings: &cat_postings,
        linked: &linked,
        manual: &manual,
        stated: &stated,
        excluded: &excluded,
        weights: &site.config.related.weights,
        limit: site.config.related.limit,
    })
}

/// Redirects onto a theme asset or a file of `static/`: the model cannot see those files.
fn redirects_onto_static_files(
    model: &SiteModel,
    theme: &theme::Theme,
    root: &Path,
) -> Vec<Diagnostic> {
    if model.terms.iter().all(|t| t.redirect_from.is_empty()) {
        return Vec::new();
    }
    let site_static: Vec<PathBuf> = theme::list_files(&root.join("static"))
        .into_iter()
        .map(|(rel, _)| PathBuf::from(rel))
        .collect();
    let files = theme
        .static_files
        .keys()
        .map(PathBuf::as_path)
        .chain(site_static.iter().map(PathBuf::as_path));
    crate::model::paths::check_against_files(&model.terms, files)
}

pub(crate) fn io_error(path: &Path, root: &Path, e: std::io::Error) -> Diagnostic {
    let shown = path.strip_prefix(root).unwrap_or(path);
    Diagnostic::error(shown.to_path_buf(), Problem::CannotWrite(e.to_string()))
}
