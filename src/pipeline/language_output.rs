//! The output of a several-language build (see `languages`): every language's pages
//! rendered and link-checked as one site — a link from a translation to the default
//! language is a link inside the site — then written, further languages under `<code>/`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::links::{PageLinks, SiteFiles};
use super::setup::Run;
use super::{extras, io_error, BuildFailure, Mode};
use crate::diagnostics::{Diagnostic, Problem};
use crate::model::SiteModel;
use crate::output::{write_file, BackgroundWriter, Staging};
use crate::render::theme::Theme;
use crate::render::{feeds, Page, Renderer};

/// The data files each further language has in its folder.
const LANGUAGE_DATA_FILES: [&str; 3] = ["atom.xml", "search-index.json", "graph.json"];

/// Every page of every language, with its output path under the output root.
pub(super) struct SitePages<'p> {
    /// (language, page as its renderer knows it, output under the root)
    pub(super) all: Vec<(usize, &'p Page, Page)>,
    /// Each language's folder under the root: `""`, `"en/"`.
    prefixes: Vec<String>,
}

impl<'p> SitePages<'p> {
    pub(super) fn new(codes: &[String], pages: &'p [Vec<Page>]) -> Self {
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
pub(super) fn write_site(
    pages: &SitePages<'_>,
    renderers: &[Renderer<'_>],
    themes: &[Theme],
    run: &mut Run,
) -> Result<usize, BuildFailure> {
    let root = run.opts.root.clone();
    let staging = match run.opts.mode {
        Mode::Write => {
            let output = run.output.clone();
            Some(Staging::new(&output).map_err(|e| run.fail_with(io_error(&output, &root, e)))?)
        }
        Mode::Check => None,
    };
    let dir = staging.as_ref().map(|s| s.dir().to_path_buf());
    let placed: Vec<Page> = pages.all.iter().map(|(_, _, p)| p.clone()).collect();
    let site_files = site_files(pages, &placed, renderers, themes, run);
    let scanned = render_and_write(pages, renderers, &site_files, dir.as_deref(), run);
    run.lap("render", []);
    run.stop_on_errors()?;
    let mut files = placed.len();
    if let Some(dir) = &dir {
        files += write_data(pages, renderers, themes, &root, dir).map_err(|d| run.fail_with(d))?;
    }
    for (l, r) in renderers.iter().enumerate() {
        let own = pages.placed(l);
        let model = r.input().model;
        let broken = super::broken::diagnostics(&own, &scanned, dir.as_deref(), model);
        run.diags.extend(broken);
    }
    if let (Mode::Check, Some(limits)) = (run.opts.mode, &run.opts.check_external) {
        let external = scanned
            .iter()
            .map(|(p, l)| (p.as_str(), l.external.as_slice()));
        let dead = crate::external::check_site(external, limits);
        run.diags.extend(dead);
    }
    run.stop_on_errors()?;
    run.lap("write", []);
    let Some(staging) = staging else {
        return Ok(0);
    };
    staging.commit().map_err(|e| {
        let output = crate::diagnostics::display_path(&run.output);
        run.fail_with(Diagnostic::error(
            output,
            Problem::OutputSwap(e.to_string()),
        ))
    })?;
    Ok(files)
}

/// What the link check knows of the output: every language's pages, the default
/// language's files, and each further language's data files and bundle assets.
fn site_files<'a>(
    pages: &SitePages<'_>,
    placed: &'a [Page],
    renderers: &[Renderer<'_>],
    themes: &'a [Theme],
    run: &Run,
) -> SiteFiles<'a> {
    let root = &run.opts.root;
    let default = renderers[0].input();
    let mut site_files = SiteFiles::new(
        placed,
        &themes[0],
        default.model,
        root,
        &default.site.base,
        run.opts.check_external.is_some(),
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
    site_files
}

/// Renders every page with its language's renderer, scans its links and hands it
/// to the writer threads. Returns each page's links, by output path.
fn render_and_write(
    pages: &SitePages<'_>,
    renderers: &[Renderer<'_>],
    site_files: &SiteFiles<'_>,
    dir: Option<&Path>,
    run: &mut Run,
) -> HashMap<String, Arc<PageLinks>> {
    let writer = dir.map(|_| BackgroundWriter::new(super::pages::WRITER_THREADS, false));
    let results: Vec<Result<(String, PageLinks), Diagnostic>> = pages
        .all
        .par_iter()
        .map(|(l, own, placed)| {
            let html = renderers[*l].render(own)?;
            // Templates are minified once when the theme loads (see `render::template_minify`).
            let (bytes, links) = site_files.process(&placed.output, html.into_bytes());
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
            Err(d) => run.diags.push(d),
        }
    }
    if let Some(w) = writer {
        for (path, e) in w.finish() {
            let d = io_error(&path, &run.opts.root, e);
            run.diags.push(d);
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
    let (mut count, _) = extras::write_extras(&renderers[0], &themes[0], root, dir, &own[0], None)?;
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
        let data = [
            feeds::atom(input),
            feeds::search_index(input),
            feeds::graph(input),
        ];
        for (name, text) in LANGUAGE_DATA_FILES.iter().zip(data) {
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
fn bundle_assets(model: &SiteModel, root: &Path) -> Vec<(String, PathBuf)> {
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
