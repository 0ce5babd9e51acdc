//! The pipeline: config → load content → model → bodies → graphs → pages → write.
//!
//! `build`, `check` and `serve` all run [`BuildSession::build`]; they differ only in
//! [`Mode`] and options. Each stage lives in its own module; the session's caches in
//! [`session`]. Every stage runs for each of the site's languages ([`languages`]): a site
//! of one language is the one-language case, not another path.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::diagnostics::{Diagnostic, Diagnostics, Problem};
use crate::render::theme::Theme;

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
use checks::{lint, lint_deprecated_links};
use language_output::SitePages;
use languages::{Languages, Models, RenderParts};
use pages::render_pages;
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
    /// Builds the site, every language through the same stages; see the type's
    /// documentation for what is reused.
    pub fn build(&mut self) -> Result<BuildReport, BuildFailure> {
        let (mut run, site, theme) = Run::start(&self.opts)?;
        let sources = self.load(&mut run);
        let (langs, themes) = Languages::of(&site, theme, &run.opts.root, &mut run.diags);
        let models = self.models(sources, &langs, &themes, &mut run);
        let bodies = self.bodies_of(&models, &langs, &themes, &mut run);
        let graphs = self.graphs_of(&models, &bodies, &langs, &mut run);
        let themes = checked(&mut run, &langs, &models, (&bodies, &graphs), themes)?;
        let parts = RenderParts::new(&langs, &bodies, &themes);
        let renderers = parts.renderers(&langs, &models, (&bodies, &graphs), &themes);
        let pages = SitePages::new(&langs, &renderers, &models, &mut run)?;
        let out = Rendered::new(&renderers, &themes, &pages);
        let to = self.destination(&mut run, &themes)?;
        let done = render_pages(&mut run, &out, &self.page_target(&to));
        let (rendered, files) = self.write(&mut run, &out, done, to)?;
        let report = run.report(&models.list, pages.placed.len(), rendered, files);
        drop(renderers);
        drop((parts, pages));
        if self.one_shot {
            free_in_background((models, bodies, graphs, themes));
        } else {
            self.remember(models, graphs);
        }
        Ok(report)
    }

    /// The load stage: the term files (see [`BuildSession::load_sources`]).
    fn load(&mut self, run: &mut Run) -> Vec<std::sync::Arc<crate::content::TermSource>> {
        let (sources, problems) = self.load_sources();
        run.lap("load", problems);
        sources
    }
}

/// Frees a build's structures on a thread of their own: a one-shot build's caller is about
/// to exit, and freeing a 10,000-term site's values one by one takes tens of milliseconds.
fn free_in_background<T: Send + 'static>(values: T) {
    std::thread::spawn(move || drop(values));
}

/// The checks between the graphs and the pages: lint and translation coverage (check
/// mode), a usable theme for every language, no errors so far. Gives the themes, their
/// assets configured for this site (assets live once, at the root, whatever the language).
fn checked(
    run: &mut Run,
    langs: &Languages,
    models: &Models,
    (bodies, graphs): (&[bodies::Bodies], &[graphs::Graphs]),
    themes: Vec<Option<Theme>>,
) -> Result<Vec<Theme>, BuildFailure> {
    if run.opts.mode == Mode::Check {
        for ((model, graphs), bodies) in models.list.iter().zip(graphs).zip(bodies) {
            lint(model, &graphs.links, &mut run.diags);
            lint_deprecated_links(model, &graphs.links, &bodies.contexts(), &mut run.diags);
        }
        run.diags.extend(languages::coverage(langs, models));
    }
    let Some(themes) = themes.into_iter().collect::<Option<Vec<Theme>>>() else {
        return Err(fail(run.diags.clone()));
    };
    let base = &langs.sites[0].base.path;
    for theme in &themes {
        theme.assets.configure(base, langs.sites[0].config.minify);
    }
    run.stop_on_errors()?;
    Ok(themes)
}

pub(crate) fn io_error(path: &Path, root: &Path, e: std::io::Error) -> Diagnostic {
    let shown = path.strip_prefix(root).unwrap_or(path);
    Diagnostic::error(shown.to_path_buf(), Problem::CannotWrite(e.to_string()))
}
