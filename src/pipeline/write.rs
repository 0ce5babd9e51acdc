//! The write stage, around the pages: where they go (a staging folder or in place, the
//! page cache); after them, data files, static files, hashed assets and host files of every
//! language; pages of the last build that are gone; the link check; the swap of the
//! staging folder into place.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::cache::PageStore;
use super::extras::{self, write_extras, Extras};
use super::language_output::{self, SitePages};
use super::pages::{PageTarget, PagesDone};
use super::session::{BuildSession, Written};
use super::{broken, fail, BuildFailure, Run};
use crate::diagnostics::{Diagnostic, Problem};
use crate::model::SiteModel;
use crate::output::Staging;
use crate::render::theme::Theme;
use crate::render::{Page, Renderer};

/// What the pages were rendered from and where they went: every language's.
pub(super) struct Rendered<'r, 'a> {
    pub(super) renderers: &'r [Renderer<'a>],
    pub(super) themes: &'r [Theme],
    pub(super) pages: &'r SitePages,
}

impl<'r, 'a> Rendered<'r, 'a> {
    pub(super) fn new(
        renderers: &'r [Renderer<'a>],
        themes: &'r [Theme],
        pages: &'r SitePages,
    ) -> Self {
        Rendered {
            renderers,
            themes,
            pages,
        }
    }

    fn models(&self) -> Vec<&SiteModel> {
        self.renderers.iter().map(|r| r.input().model).collect()
    }
}

/// Where a build writes: a fresh staging folder, or in place into the last build's output
/// (a later build of a session); the persistent page cache, if used. Nowhere in check mode.
pub(super) struct Destination {
    staging: Option<Staging>,
    dir: Option<PathBuf>,
    store: Option<PageStore>,
    /// The output folder of the last build, when a staging folder replaces it.
    previous: Option<PathBuf>,
}

impl BuildSession {
    /// This build's [`Destination`]. The cache asks each theme again for the hashed static
    /// files its stored pages use.
    pub(super) fn destination(
        &mut self,
        run: &mut Run,
        themes: &[Theme],
    ) -> Result<Destination, BuildFailure> {
        // The last build's cache is saved and its old output removed before this one starts.
        for thread in self.finishing.drain(..) {
            let _ = thread.join();
        }
        let (staging, dir) = self.page_folder(run)?;
        let store = run.page_store();
        if let Some(store) = &store {
            for theme in themes {
                store.request_assets(theme);
            }
        }
        let previous = staging
            .as_ref()
            .map(|_| run.output.clone())
            .filter(|o| o.is_dir());
        Ok(Destination {
            staging,
            dir,
            store,
            previous,
        })
    }

    /// What the pages stage needs to know of the destination and the last build.
    pub(super) fn page_target<'t>(&'t self, to: &'t Destination) -> PageTarget<'t> {
        PageTarget {
            dir: to.dir.as_deref(),
            in_place: self.written.as_ref().filter(|_| to.staging.is_none()),
            fingerprints: !self.one_shot,
            store: to.store.as_ref(),
            previous: to.previous.as_deref(),
            edited: &self.edited,
        }
    }

    /// The write stage, once the pages are written: everything else, the link check, the
    /// swap; in check mode, the link check alone. Returns how many pages this build
    /// rendered and how many files it wrote (pages included).
    pub(super) fn write(
        &mut self,
        run: &mut Run,
        site: &Rendered<'_, '_>,
        mut done: PagesDone,
        to: Destination,
    ) -> Result<(usize, usize), BuildFailure> {
        run.stop_on_errors()?;
        let rendered = done.rendered;
        let Some(dir) = to.dir.clone() else {
            return self.check_links(run, site, &done).map(|()| (rendered, 0));
        };
        if to.staging.is_none() {
            self.add_unchanged_links(&site.pages.placed, &mut done);
        }
        Ok((
            rendered,
            rendered + self.write_rest(run, site, done, &dir, to)?,
        ))
    }

    /// Check mode: every link of every page (and external links when asked) must resolve.
    fn check_links(
        &self,
        run: &mut Run,
        site: &Rendered<'_, '_>,
        done: &PagesDone,
    ) -> Result<(), BuildFailure> {
        let models = site.models();
        run.diags.extend(broken::diagnostics(
            site.pages.with_models(&models),
            &done.scanned,
            None,
        ));
        if let Some(limits) = &run.opts.check_external {
            run.diags.extend(crate::external::check_site(
                done.scanned
                    .iter()
                    .map(|(page, l)| (page.as_str(), l.external.as_slice())),
                limits,
            ));
        }
        if run.diags.has_errors() {
            return Err(fail(run.diags.clone()));
        }
        Ok(())
    }

    /// Writes everything but the pages into `dir`, checks the links, swaps the staging
    /// folder (if any) into place, and remembers what was written. Returns how many files
    /// it wrote.
    fn write_rest(
        &mut self,
        run: &mut Run,
        site: &Rendered<'_, '_>,
        done: PagesDone,
        dir: &Path,
        to: Destination,
    ) -> Result<usize, BuildFailure> {
        let in_place = self.written.as_ref().filter(|_| to.staging.is_none());
        let (files, extras, hashed) =
            write_files(run, site, in_place, done.rendered, dir).map_err(|d| run.fail_with(d))?;
        if let Some(w) = in_place {
            remove_gone_pages(w, &site.pages.placed, &run.output);
        }
        let models = site.models();
        let broken = broken::diagnostics(site.pages.with_models(&models), &done.scanned, Some(dir));
        if !broken.is_empty() {
            run.diags.extend(broken);
            return Err(fail(run.diags.clone()));
        }
        if let (Some(_), Some(previous)) = (&to.staging, &to.previous) {
            // The pages were compared with the previous output as they were written.
            let pages: HashSet<&Path> = site
                .pages
                .placed
                .iter()
                .map(|p| Path::new(&p.output))
                .collect();
            crate::output::keep_unchanged(dir, previous, &pages);
        }
        run.timer.lap("write");
        if let Some(staging) = to.staging {
            let old = staging.commit().map_err(|e| {
                run.fail_with(Diagnostic::error(
                    crate::diagnostics::display_path(&run.output),
                    Problem::OutputSwap(e.to_string()),
                ))
            })?;
            self.finishing.extend(old.into_thread());
        }
        if let Some(store) = to.store {
            let mut requested: Vec<String> = site
                .themes
                .iter()
                .flat_map(|t| t.assets.requested())
                .collect();
            requested.sort();
            requested.dedup();
            // Off the build's path, like the removal of the old output; joined before the
            // next build or the end of the process.
            self.finishing
                .push(std::thread::spawn(move || store.save(requested)));
        }
        self.written = Some(Written {
            output: run.output.clone(),
            pages: site
                .pages
                .placed
                .iter()
                .map(|p| p.output.clone())
                .zip(done.prints)
                .collect(),
            extras,
            links: if self.one_shot {
                Default::default()
            } else {
                done.scanned
            },
            hashed,
        });
        Ok(files)
    }

    /// Pages not re-rendered by this build keep their links and ids from the last build.
    pub(super) fn add_unchanged_links(&self, pages: &[Page], done: &mut PagesDone) {
        let Some(w) = &self.written else {
            return;
        };
        for p in pages {
            if let Some(old) = w.links.get(&p.output) {
                done.scanned
                    .entry(p.output.clone())
                    .or_insert_with(|| Arc::clone(old));
            }
        }
    }
}

/// Pages of the last build that no longer exist (a deleted term or tag).
fn remove_gone_pages(last: &Written, pages: &[Page], output: &Path) {
    let now: HashSet<&str> = pages.iter().map(|p| p.output.as_str()).collect();
    for old in last.pages.keys().filter(|k| !now.contains(k.as_str())) {
        let _ = std::fs::remove_file(output.join(old));
    }
}

/// Every file but the pages: the default language's data and static files, each further
/// language's under its folder, the hashed assets and host files. Gives how many it wrote,
/// what the copied files were and the hashed assets the pages use.
fn write_files(
    run: &Run,
    site: &Rendered<'_, '_>,
    in_place: Option<&Written>,
    rendered: usize,
    dir: &Path,
) -> Result<(usize, Extras, BTreeSet<String>), Diagnostic> {
    let root = run.opts.root.as_path();
    let (renderer, theme) = (&site.renderers[0], &site.themes[0]);
    let sitemap = language_output::sitemap(site.pages, site.renderers);
    let previous = in_place.map(|w| &w.extras);
    let own = &site.pages.own[0];
    let (mut files, extras) = write_extras(renderer, theme, (root, dir), own, previous, sitemap)?;
    files += language_output::write_language_data(
        site.pages,
        site.renderers,
        (root, dir),
        in_place.is_some(),
    )?;
    let all_rendered = rendered == site.pages.placed.len();
    let hashed = extras::hashed_assets(site.themes, in_place.map(|w| &w.hashed), all_rendered, dir);
    for theme in site.themes {
        files += extras::write_hashed_assets(theme, root, dir)?;
    }
    files += extras::write_host_files(renderer, &hashed, root, dir)?;
    Ok((files, extras, hashed))
}
