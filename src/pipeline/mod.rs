//! The pipeline: config → load content → model → bodies → graphs → pages → write.
//!
//! `build`, `check` and `serve` all run [`BuildSession::build`]; they differ only in
//! [`Mode`] and options. Each stage lives in its own module; the session's caches in
//! [`session`].

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::diagnostics::{Diagnostic, Diagnostics, Problem};
use crate::render::Renderer;

mod bodies;
mod broken;
mod cache;
mod checks;
mod extras;
mod graphs;
mod language_output;
mod languages;
mod links;
mod location;
mod pages;
mod session;
mod setup;
mod write;

pub use cache::{CacheChoice, DEFAULT_CACHE_DIR};
use checks::{check_collisions, lint, lint_deprecated_links};
use pages::{render_pages, PageTarget};
pub use session::BuildSession;
use setup::Run;
use write::Rendered;

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
    /// The persistent build cache; [`CacheChoice::Off`] unless set.
    pub cache: CacheChoice,
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
            cache: CacheChoice::Off,
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

/// Runs the whole pipeline once: a full build, written atomically.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, BuildFailure> {
    let mut once = BuildSession::new(opts.clone());
    once.one_shot = true;
    once.build()
}

impl BuildSession {
    /// Builds the site; see the type's documentation for what is reused.
    pub fn build(&mut self) -> Result<BuildReport, BuildFailure> {
        let (mut run, site, theme) = Run::start(&self.opts)?;
        let (sources, problems) = self.load_sources();
        run.lap("load", problems);
        if !site.config.languages.is_empty() {
            // Several languages: one site per language (see `languages`), never in place.
            self.written = None;
            return languages::build(run, &site, theme, sources, &mut self.linkers);
        }
        let (model_key, model, problems) = self.model_for(sources, &site, run.opts.drafts);
        let redirects = theme
            .as_ref()
            .map(|t| setup::redirects_onto_static_files(&model, t, &run.opts.root));
        run.lap(
            "model",
            problems
                .iter()
                .cloned()
                .chain(redirects.into_iter().flatten()),
        );
        let stored = self.stored_bodies(&run, &site);
        let bodies = self.bodies(&model, &site, theme.as_ref(), stored, &mut run.diags);
        run.lap("markdown", []);
        let graphs = self.graphs(&model, model_key, &bodies, &site);
        run.lap("related", []);
        let theme = checked(&mut run, &site, &model, &graphs, &bodies, theme)?;
        let (html, contexts) = (bodies.html(), bodies.contexts());
        let renderer = Renderer::new(
            graphs.render_input(&site, &model, &html, &bodies, &contexts),
            &theme,
        );
        let pages = renderer.pages();
        check_collisions(&model, &pages, &mut run.diags);
        run.stop_on_errors()?;
        let (staging, dir) = self.page_folder(&mut run)?;
        let store = run.page_store(&site);
        if let Some(store) = &store {
            store.request_assets(&theme);
        }
        let target = PageTarget {
            dir: dir.as_deref(),
            in_place: self.written.as_ref().filter(|_| staging.is_none()),
            fingerprints: !self.one_shot,
            store: store.as_ref(),
            edited: &bodies.edited,
        };
        let mut done = render_pages(&mut run, &renderer, &theme, &model, &pages, &target);
        run.stop_on_errors()?;
        let site = Rendered {
            renderer: &renderer,
            theme: &theme,
            model: &model,
            pages: &pages,
        };
        let (rendered, files) = (
            done.rendered,
            match &dir {
                Some(dir) => {
                    if staging.is_none() {
                        self.add_unchanged_links(&pages, &mut done);
                    }
                    done.rendered + self.write_rest(&mut run, &site, done, dir, (staging, store))?
                }
                None => self.check_links(&mut run, &site, &done).map(|()| 0)?,
            },
        );
        let report = run.report(&model, pages.len(), rendered, files);
        if !self.one_shot {
            self.model = Some((model_key, model, problems));
            self.related = Some((graphs.related_key, graphs.related));
        }
        Ok(report)
    }
}

/// The checks between the graphs and the pages: lint (check mode), a usable theme, no
/// errors so far. Gives the theme, its assets configured for this site.
fn checked(
    run: &mut Run,
    site: &crate::config::SiteConfig,
    model: &crate::model::SiteModel,
    graphs: &graphs::Graphs,
    bodies: &bodies::Bodies,
    theme: Option<crate::render::theme::Theme>,
) -> Result<crate::render::theme::Theme, BuildFailure> {
    if run.opts.mode == Mode::Check {
        lint(model, &graphs.links, &mut run.diags);
        lint_deprecated_links(model, &graphs.links, &bodies.contexts(), &mut run.diags);
    }
    let Some(theme) = theme else {
        return Err(fail(run.diags.clone()));
    };
    theme.assets.configure(&site.base.path, site.config.minify);
    run.stop_on_errors()?;
    Ok(theme)
}

pub(crate) fn io_error(path: &Path, root: &Path, e: std::io::Error) -> Diagnostic {
    let shown = path.strip_prefix(root).unwrap_or(path);
    Diagnostic::error(shown.to_path_buf(), Problem::CannotWrite(e.to_string()))
}
