//! The write stage, after the pages: data files, static files, hashed assets and host
//! files; pages of the last build that are gone; the link check; the swap of the staging
//! folder into place.

use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;

use super::cache::PageStore;
use super::extras::{self, write_extras};
use super::pages::PagesDone;
use super::session::{BuildSession, Written};
use super::{broken, fail, BuildFailure, Run};
use crate::diagnostics::{Diagnostic, Problem};
use crate::model::SiteModel;
use crate::output::Staging;
use crate::render::theme::Theme;
use crate::render::{Page, Renderer};

/// What the pages were rendered from and where they went.
pub(super) struct Rendered<'r, 'a> {
    pub(super) renderer: &'r Renderer<'a>,
    pub(super) theme: &'r Theme,
    pub(super) model: &'r SiteModel,
    pub(super) pages: &'r [Page],
}

impl BuildSession {
    /// Check mode: every link of every page (and external links when asked) must resolve.
    pub(super) fn check_links(
        &self,
        run: &mut Run,
        site: &Rendered<'_, '_>,
        done: &PagesDone,
    ) -> Result<(), BuildFailure> {
        run.diags.extend(broken::diagnostics(
            site.pages,
            &done.scanned,
            None,
            site.model,
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
    pub(super) fn write_rest(
        &mut self,
        run: &mut Run,
        site: &Rendered<'_, '_>,
        done: PagesDone,
        dir: &Path,
        (staging, store): (Option<Staging>, Option<PageStore>),
    ) -> Result<usize, BuildFailure> {
        let root = run.opts.root.clone();
        let in_place = self.written.as_ref().filter(|_| staging.is_none());
        let (mut files, extras) = write_extras(
            site.renderer,
            site.theme,
            &root,
            dir,
            site.pages,
            in_place.map(|w| &w.extras),
        )
        .map_err(|d| run.fail_with(d))?;
        let all_rendered = done.rendered == site.pages.len();
        let hashed =
            extras::hashed_assets(site.theme, in_place.map(|w| &w.hashed), all_rendered, dir);
        files += extras::write_hashed_assets(site.theme, &root, dir)
            .and_then(|n| Ok(n + extras::write_host_files(site.renderer, &hashed, &root, dir)?))
            .map_err(|d| run.fail_with(d))?;
        if let Some(w) = in_place {
            remove_gone_pages(w, site.pages, &run.output);
        }
        let broken = broken::diagnostics(site.pages, &done.scanned, Some(dir), site.model);
        if !broken.is_empty() {
            run.diags.extend(broken);
            return Err(fail(run.diags.clone()));
        }
        if staging.is_some() {
            crate::output::keep_unchanged(dir, &run.output);
        }
        run.timer.lap("write");
        if let Some(staging) = staging {
            staging.commit().map_err(|e| {
                run.fail_with(Diagnostic::error(
                    crate::diagnostics::display_path(&run.output),
                    Problem::OutputSwap(e.to_string()),
                ))
            })?;
        }
        if let Some(store) = store {
            store.save(site.theme.assets.requested());
        }
        self.written = Some(Written {
            output: run.output.clone(),
            pages: site
                .pages
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
