//! The pages stage: describe every page, render those whose description changed, scan their
//! links and hand them to the writer threads. (Minifying is done once, on the templates:
//! see `render::template_minify`.)

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;

use rayon::prelude::*;

use super::cache::PageStore;
use super::language_output::site_files;
use super::links::PageLinks;
use super::session::Written;
use super::write::Rendered;
use super::{io_error, BuildFailure, Run};
use crate::diagnostics::Diagnostic;
use crate::model::TermId;
use crate::output::{BackgroundWriter, Job, Staging};
use crate::render::{Page, PageKind};

/// Threads that write pages while others render: more than the cores, since they mostly
/// wait for the disk.
pub(super) const WRITER_THREADS: usize = 4;

/// What the pages stage did.
pub(super) struct PagesDone {
    /// Per page: its fingerprint (`None` when not computed).
    pub(super) prints: Vec<Option<u64>>,
    /// Links and ids of the pages rendered by this build, by output path.
    pub(super) scanned: HashMap<String, Arc<PageLinks>>,
    pub(super) rendered: usize,
}

/// Where pages go and what the last build wrote there, if they are written in place.
pub(super) struct PageTarget<'a> {
    pub(super) dir: Option<&'a Path>,
    pub(super) in_place: Option<&'a Written>,
    /// Compute fingerprints: a later build will compare them.
    pub(super) fingerprints: bool,
    /// The persistent cache of pages, if used.
    pub(super) store: Option<&'a PageStore>,
    /// The previous output, when pages go into a fresh folder: a page with the same bytes
    /// as its file there is linked to it (keeps its inode and mtime).
    pub(super) previous: Option<&'a Path>,
    /// Per language: the terms whose body this build rendered again (sorted). Their pages
    /// go first.
    pub(super) edited: &'a [Vec<TermId>],
}

impl super::BuildSession {
    /// Where pages go: in place after a good build of a session to the same folder, else a
    /// fresh staging folder; nowhere in check mode. Gives the staging folder (if any) and
    /// the folder pages are written to.
    pub(super) fn page_folder(
        &self,
        run: &mut Run,
    ) -> Result<(Option<Staging>, Option<PathBuf>), BuildFailure> {
        if run.opts.mode != super::Mode::Write {
            return Ok((None, None));
        }
        let output = run.output.clone();
        let in_place = self
            .written
            .as_ref()
            .is_some_and(|w| w.output == output && output.is_dir());
        if in_place {
            return Ok((None, Some(output)));
        }
        let staging = Staging::new(&output).map_err(|e| {
            let d = io_error(&output, &run.opts.root, e);
            run.fail_with(d)
        })?;
        let dir = staging.dir().to_path_buf();
        Ok((Some(staging), Some(dir)))
    }
}

/// Thread time spent in each part of the page work.
#[derive(Default)]
struct PageClock {
    describe: AtomicU64,
    render: AtomicU64,
    links: AtomicU64,
}

impl PageClock {
    fn add(counter: &AtomicU64, since: Instant) {
        counter.fetch_add(since.elapsed().as_nanos() as u64, Ordering::Relaxed);
    }
}

/// Per page: its fingerprint, its links (unless unchanged in place), whether it was rendered.
type Outcome = Result<(Option<u64>, Option<Arc<PageLinks>>, bool), Diagnostic>;

/// A page found in the persistent cache is linked into place: its links, if it was. Into a
/// fresh folder, on this (rendering) thread: a link is one system call, not worth a queue.
fn from_store(
    target: &PageTarget<'_>,
    writer: Option<&BackgroundWriter>,
    print: Option<u64>,
    page: &Page,
) -> Option<Arc<PageLinks>> {
    let (store, print, dir) = (target.store?, print?, target.dir?);
    let (from, stored) = store.get(print)?;
    let to = dir.join(&page.output);
    if target.in_place.is_some() {
        let size = std::fs::metadata(&from).ok()?.len();
        (size == stored.size).then_some(())?;
        writer?.submit_job(Job::Link { from, to });
    } else {
        let previous = target.previous.map(|p| p.join(&page.output));
        crate::output::link_new(&from, stored.size, &to, previous.as_deref()).ok()?;
    }
    store.keep_stored(print);
    Some(Arc::clone(&stored.links))
}

/// The writer's job for a rendered page: in place, replaced atomically (and stored); into a
/// fresh folder, written new, or linked to the previous output's file if it is the same.
fn page_job(
    target: &PageTarget<'_>,
    page: &Page,
    to: PathBuf,
    bytes: Vec<u8>,
    store: Option<PathBuf>,
) -> Job {
    if target.in_place.is_some() {
        return match store {
            Some(store) => Job::Store { store, to, bytes },
            None => Job::Write(to, bytes),
        };
    }
    Job::New {
        to,
        bytes,
        previous: target.previous.map(|p| p.join(&page.output)),
        store,
    }
}

/// Renders and writes every page, of every language, whose fingerprint differs from the
/// last build's.
pub(super) fn render_pages(
    run: &mut Run,
    site: &Rendered<'_, '_>,
    target: &PageTarget<'_>,
) -> PagesDone {
    let (renderers, themes, pages) = (site.renderers, site.themes, site.pages);
    let root = run.opts.root.clone();
    let commons = common_prints(site, target, &root);
    let site_files = site_files(pages, renderers, themes, run);
    let clock = PageClock::default();
    let started = Instant::now();
    // Rendering threads hand pages to writer threads: on a large site the disk, not the
    // CPU, sets the pace, and a rendering thread blocked in write() would idle a core.
    let writer = target
        .dir
        .map(|_| BackgroundWriter::new(WRITER_THREADS, target.in_place.is_some()));
    crate::progress::start(pages.placed.len());
    let mut results: Vec<(usize, Outcome)> = edited_first(site, target.edited)
        .into_par_iter()
        .map(|n| {
            let (page, (l, i)) = (&pages.placed[n], pages.at[n]);
            crate::progress::tick();
            let t = Instant::now();
            let renderer = &renderers[l];
            let own = &pages.own[l][i];
            let description = renderer.describe(own);
            let print = commons[l]
                .flatten()
                .and_then(|c| renderer.fingerprint(&description, c, page));
            PageClock::add(&clock.describe, t);
            let t = Instant::now();
            // The rest of the page's work, in a closure so that `?` and the early
            // returns end this page only.
            let outcome: Outcome = (|| {
                let unchanged = target
                    .in_place
                    .is_some_and(|w| print.is_some() && w.pages.get(&page.output) == Some(&print));
                if unchanged {
                    return Ok((print, None, false));
                }
                if let Some(links) = from_store(target, writer.as_ref(), print, page) {
                    return Ok((print, Some(links), false));
                }
                let html = renderer.render_described(own, description)?;
                PageClock::add(&clock.render, t);
                let t = Instant::now();
                let (bytes, page_links) = site_files.process(&page.output, html.into_bytes());
                let page_links = Arc::new(page_links);
                PageClock::add(&clock.links, t);
                if let (Some(w), Some(dir)) = (&writer, target.dir) {
                    let to = dir.join(&page.output);
                    let store = match (target.store, print) {
                        (Some(store), Some(p)) => {
                            Some(store.keep(p, bytes.len() as u64, &page_links))
                        }
                        _ => None,
                    };
                    w.submit_job(page_job(target, page, to, bytes, store));
                }
                Ok((print, Some(page_links), true))
            })();
            (n, outcome)
        })
        .collect();
    results.sort_unstable_by_key(|r| r.0);
    let results = results.into_iter().map(|r| r.1).collect();
    let done = pages_done(run, &pages.placed, results);
    let rendered_at = Instant::now();
    if let Some(w) = writer {
        for (path, e) in w.finish() {
            run.diags.push(io_error(&path, &root, e));
        }
    }
    record_page_timings(run, &clock, rendered_at - started, rendered_at);
    done
}

/// Placed page indexes in the order to work on them: the pages of the terms just edited
/// first, so that `serve` shows the page being written before it has looked at the others.
fn edited_first(site: &Rendered<'_, '_>, edited: &[Vec<TermId>]) -> Vec<usize> {
    let pages = site.pages;
    let mut order: Vec<usize> = (0..pages.placed.len()).collect();
    if edited.iter().any(|e| !e.is_empty()) {
        order.sort_by_key(|&n| {
            let (l, i) = pages.at[n];
            let just_edited = edited.get(l).is_some_and(|e| {
                matches!(pages.own[l][i].kind, PageKind::Term(id) if e.binary_search(&id).is_ok())
            });
            !just_edited
        });
    }
    order
}

/// Per language: what decides the bytes of all its pages besides their descriptions
/// (see [`Renderer::common_fingerprint`](crate::render::Renderer::common_fingerprint)),
/// when fingerprints are used.
fn common_prints(
    site: &Rendered<'_, '_>,
    target: &PageTarget<'_>,
    root: &Path,
) -> Vec<Option<Option<u64>>> {
    site.renderers
        .iter()
        .zip(site.themes)
        .map(|(renderer, theme)| {
            (target.fingerprints || target.store.is_some()).then(|| {
                // Static files decide hashed asset URLs and image sizes shown on pages.
                let files = super::extras::extras_stamp(theme, renderer.input().model, root);
                renderer.common_fingerprint(crate::hash::hash_of(&(theme.fingerprint, files)))
            })
        })
        .collect()
}

/// The outcomes of the pages, in order, gathered; their problems go to the run.
fn pages_done(run: &mut Run, pages: &[Page], results: Vec<Outcome>) -> PagesDone {
    let mut done = PagesDone {
        prints: Vec::with_capacity(pages.len()),
        scanned: HashMap::new(),
        rendered: 0,
    };
    for (page, result) in pages.iter().zip(results) {
        match result {
            Ok((print, links, rendered)) => {
                done.prints.push(print);
                done.rendered += usize::from(rendered);
                if let Some(l) = links {
                    done.scanned.insert(page.output.clone(), l);
                }
            }
            Err(d) => {
                done.prints.push(None);
                run.diags.push(d);
            }
        }
    }
    done
}

/// Describing (and fingerprinting), render and the link scan split the rendering wall
/// time by their share of thread time; `write` is what the disk added after rendering was done.
fn record_page_timings(
    run: &mut Run,
    clock: &PageClock,
    phase: std::time::Duration,
    rendered_at: Instant,
) {
    let parts = [
        ("describe", clock.describe.load(Ordering::Relaxed)),
        ("render", clock.render.load(Ordering::Relaxed)),
        ("links", clock.links.load(Ordering::Relaxed)),
    ];
    let total: u64 = parts.iter().map(|p| p.1).sum::<u64>().max(1);
    for (name, ns) in parts {
        run.timer
            .stages
            .push((name, phase.mul_f64(ns as f64 / total as f64)));
    }
    run.timer.stages.push(("write", rendered_at.elapsed()));
    crate::output::pause_point("staging");
    run.timer.last = Instant::now();
}
