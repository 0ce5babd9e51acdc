//! Before the content: the config, a safe and locked output folder, the theme.

use std::path::{Path, PathBuf};
use std::time::Instant;

use super::location::check_output_location;
use super::{fail, BuildFailure, BuildOptions, Mode, Timer};
use crate::config::{self, SiteConfig};
use crate::diagnostics::{Diagnostic, Diagnostics, Problem};
use crate::model::SiteModel;
use crate::output::OutputLock;
use crate::render::theme::{self, Theme};

/// One build in progress: its settings, problems found so far and stage timings.
pub(super) struct Run {
    pub(super) opts: BuildOptions,
    pub(super) output: PathBuf,
    pub(super) diags: Diagnostics,
    pub(super) timer: Timer,
    pub(super) started: Instant,
    /// The folder of the persistent cache, when this build writes and uses one.
    pub(super) cache: Option<PathBuf>,
    /// Held until the build ends: no other glossgen writes this output meanwhile.
    _lock: Option<OutputLock>,
}

impl Run {
    /// Reads the config (returned beside the run: the renderer borrows it), checks and locks the output folder (write mode), loads the theme.
    /// A theme with errors gives `None`: the build goes on to report content problems too.
    pub(super) fn start(
        opts: &BuildOptions,
    ) -> Result<(Run, SiteConfig, Option<Theme>), BuildFailure> {
        let started = Instant::now();
        let mut diags = Diagnostics::default();
        let root = &opts.root;
        panic_if_test_asks(root);
        let site = load_config(opts, &mut diags)?;
        let output = opts
            .output
            .clone()
            .unwrap_or_else(|| root.join(&site.config.output_dir));
        // Nothing is created, moved or deleted before the location is known to be safe.
        let lock = if opts.mode == Mode::Write {
            Some(lock_output(opts, &output, &mut diags)?)
        } else {
            None
        };
        let cache = lock
            .is_some()
            .then(|| cache_folder(opts, &site, &output, &mut diags))
            .flatten();
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
        let run = Run {
            opts: opts.clone(),
            output,
            diags,
            timer: Timer::new(),
            started,
            cache,
            _lock: lock,
        };
        Ok((run, site, theme))
    }

    /// Ends a stage: records its problems and its wall time.
    pub(super) fn lap(
        &mut self,
        stage: &'static str,
        problems: impl IntoIterator<Item = Diagnostic>,
    ) {
        self.diags.extend(problems);
        self.timer.lap(stage);
    }

    /// The persistent cache of pages, when this build uses one (see [`Run::cache`]).
    pub(super) fn page_store(&self) -> Option<super::cache::PageStore> {
        super::cache::PageStore::open(self.cache.as_deref()?)
    }

    /// Adds `d` and gives the failure of this build.
    pub(super) fn fail_with(&mut self, d: Diagnostic) -> BuildFailure {
        self.diags.push(d);
        fail(self.diags.clone())
    }

    /// Fails when any error was found so far.
    pub(super) fn stop_on_errors(&self) -> Result<(), BuildFailure> {
        if self.diags.has_errors() {
            return Err(fail(self.diags.clone()));
        }
        Ok(())
    }
}

impl Run {
    /// The report of a good build; `files`: how many it wrote.
    pub(super) fn report(
        self,
        models: &[SiteModel],
        pages: usize,
        rendered: usize,
        files: usize,
    ) -> super::BuildReport {
        // The pages stage and the write stage both add to `write`: one entry.
        let mut timings: Vec<(&'static str, std::time::Duration)> = Vec::new();
        for (name, d) in self.timer.stages {
            match timings.iter_mut().find(|(n, _)| *n == name) {
                Some(entry) => entry.1 += d,
                None => timings.push((name, d)),
            }
        }
        super::BuildReport {
            terms: models.iter().map(|m| m.terms.len()).sum(),
            tags: models.iter().map(|m| m.tags.items.len()).sum(),
            categories: models.iter().map(|m| m.categories.items.len()).sum(),
            pages,
            rendered,
            files,
            output: self.output,
            elapsed: self.started.elapsed(),
            warnings: self.diags.sorted(),
            timings,
        }
    }
}

/// The build cache's folder: `--cache-dir`, else `cache_dir` from config.yaml, else
/// `.glossgen-cache` at the root; none with `--no-cache`, inside the output (it would be
/// replaced with it), or in a folder glossgen may not claim as its own (a warning: its files
/// are the writer's, see [`claim`](super::cache::claim)).
fn cache_folder(
    opts: &BuildOptions,
    site: &SiteConfig,
    output: &Path,
    diags: &mut Diagnostics,
) -> Option<PathBuf> {
    use super::cache::CacheChoice;
    let dir = match &opts.cache {
        CacheChoice::Off => return None,
        CacheChoice::At(dir) => dir.clone(),
        CacheChoice::FromConfig => opts.root.join(
            (site.config.cache_dir.as_deref())
                .unwrap_or(Path::new(super::cache::DEFAULT_CACHE_DIR)),
        ),
    };
    let output = super::location::real_path(output);
    if super::location::real_path(&dir).starts_with(&output) {
        return None;
    }
    if !super::cache::claim(&dir) {
        let shown = crate::diagnostics::display_path(&dir);
        diags.push(Diagnostic::warning(shown, Problem::CacheFolderNotOurs));
        return None;
    }
    Some(dir)
}

fn lock_output(
    opts: &BuildOptions,
    output: &Path,
    diags: &mut Diagnostics,
) -> Result<OutputLock, BuildFailure> {
    let origin = match opts.output {
        Some(_) => "--output",
        None => config::CONFIG_FILE,
    };
    check_output_location(&opts.root, output, opts.force, origin).map_err(|d| {
        diags.push(d);
        fail(diags.clone())
    })?;
    OutputLock::acquire(output).map_err(|e| {
        diags.push(Diagnostic::error(
            crate::diagnostics::display_path(output),
            Problem::OutputSwap(e.to_string()),
        ));
        fail(diags.clone())
    })
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

/// Redirects onto a theme asset or a file of `static/`: the model cannot see those files.
pub(super) fn redirects_onto_static_files(
    model: &SiteModel,
    theme: &Theme,
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
