//! Everything a build writes besides pages: data files (sitemap, feed, search index,
//! graph), theme and site static files, bundle assets.

use std::collections::BTreeSet;
use std::path::Path;

use super::io_error;
use crate::diagnostics::Diagnostic;
use crate::model::SiteModel;
use crate::output::{write_file, write_if_changed, write_streamed};
use crate::render::{self, theme, RenderInput, Renderer};

/// What the copied files of a build were, to skip unchanged ones next time.
#[derive(Default)]
pub(super) struct Extras {
    /// Paths, sizes and mtimes of the static files and bundle assets.
    pub(super) copied: u64,
}

/// What decides the static files and bundle assets: their paths, sizes and mtimes.
pub(super) fn extras_stamp(theme: &theme::Theme, model: &SiteModel, root: &Path) -> u64 {
    let stamp = |p: &Path| {
        let meta = std::fs::metadata(p).ok();
        (
            p.to_path_buf(),
            meta.as_ref().map(std::fs::Metadata::len),
            meta.and_then(|m| m.modified().ok()),
        )
    };
    let mut all = Vec::new();
    for src in theme.static_files.values() {
        if let theme::StaticSource::File(p) = src {
            all.push(stamp(p));
        }
    }
    for (_, p) in theme::list_files(&root.join("static")) {
        all.push(stamp(&p));
    }
    for t in &model.terms {
        if let Some(dir) = &t.bundle_dir {
            for a in &t.assets {
                all.push(stamp(&root.join(dir).join(a)));
            }
        }
    }
    crate::hash::hash_of(&all)
}

/// The default language's data files, theme and site static files, bundle assets. Writes
/// what differs from `previous` (everything when there is none): the data files are made
/// anew and written when their bytes changed. `sitemap`: the one of a site of several
/// languages, instead of this language's. Returns how many files it wrote.
pub(super) fn write_extras(
    renderer: &Renderer<'_>,
    theme: &theme::Theme,
    (root, dir): (&Path, &Path),
    pages: &[render::Page],
    previous: Option<&Extras>,
    sitemap: Option<String>,
) -> Result<(usize, Extras), Diagnostic> {
    let input = renderer.input();
    let model = input.model;
    let mut count = 0;
    let state = Extras {
        copied: extras_stamp(theme, model, root),
    };
    let copy = |to: &Path, from: &Path| -> std::io::Result<()> {
        let bytes = std::fs::read(from)?;
        write_file(&dir.join(to), &bytes, previous.is_some())
    };
    let in_place = previous.is_some();
    count += write_data_files(renderer, (root, dir), pages, sitemap, in_place)?;
    if previous.is_some_and(|p| p.copied == state.copied) {
        return Ok((count, state));
    }
    for (rel, source) in &theme.static_files {
        let result = match source {
            theme::StaticSource::Builtin(bytes) => write_file(&dir.join(rel), bytes, false),
            theme::StaticSource::File(path) => copy(rel, path),
        };
        result.map_err(|e| io_error(rel, root, e))?;
        count += 1;
    }
    for (rel, path) in theme::list_files(&root.join("static")) {
        copy(Path::new(&rel), &path).map_err(|e| io_error(&path, root, e))?;
        count += 1;
    }
    for term in &model.terms {
        if let Some(bundle) = &term.bundle_dir {
            for asset in &term.assets {
                let to = Path::new("terms").join(&term.slug).join(asset);
                let from = root.join(bundle).join(asset);
                copy(&to, &from).map_err(|e| io_error(&from, root, e))?;
                count += 1;
            }
        }
    }
    Ok((count, state))
}

/// One data file: made and written by itself. Gives whether it wrote.
type DataFile<'j> = Box<dyn Fn() -> Result<bool, Diagnostic> + Send + Sync + 'j>;

/// sitemap.xml, atom.xml, robots.txt, search-index.json, graph.json and the glossary
/// exports (CSV, SKOS, TBX), each made and written on its own, in parallel: they share
/// nothing but the model. Returns how many were written (those whose bytes changed).
fn write_data_files(
    renderer: &Renderer<'_>,
    (root, dir): (&Path, &Path),
    pages: &[render::Page],
    sitemap: Option<String>,
    atomic: bool,
) -> Result<usize, Diagnostic> {
    use rayon::prelude::*;
    let input = renderer.input();
    let sitemap = sitemap.unwrap_or_else(|| one_language_sitemap(input, pages));
    // Each made in the job that writes it: at 100,000 terms the search index is 59 MB and
    // graph.json 32 MB, and the exports 50–86 MB, so the large ones are written as they are
    // made (into a fresh folder) rather than held whole.
    let whole = |name, make| whole_file(name, (root, dir), atomic, make);
    // Made already: written first, and let go of before the others are made.
    let path = dir.join("sitemap.xml");
    let wrote_sitemap = write_if_changed(&path, sitemap.as_bytes(), atomic)
        .map_err(|e| io_error(&path, root, e))?;
    drop(sitemap);
    let mut jobs: Vec<DataFile<'_>> = vec![
        whole(
            "atom.xml",
            Box::new(|| render::feeds::atom(input)) as Made<'_>,
        ),
        whole("robots.txt", Box::new(|| render::feeds::robots(input))),
        whole("graph.json", Box::new(|| render::feeds::graph(input))),
    ];
    if atomic {
        jobs.push(whole(
            "search-index.json",
            Box::new(|| render::feeds::search_index(input)),
        ));
        // In place, an export is made whole and compared with the file there.
        for (index, name) in render::exports::EXPORT_FILES.iter().enumerate() {
            jobs.push(whole(name, Box::new(move || export_text(renderer, index))));
        }
    } else {
        jobs.push(Box::new(|| {
            let path = dir.join("search-index.json");
            write_streamed(&path, |file| render::feeds::write_search_index(input, file))
                .map(|()| true)
                .map_err(|e| io_error(&path, root, e))
        }));
        for (index, name) in render::exports::EXPORT_FILES.iter().enumerate() {
            jobs.push(Box::new(move || {
                let path = dir.join(name);
                write_streamed(&path, |file| write_export(renderer, index, file))
                    .map(|()| true)
                    .map_err(|e| io_error(&path, root, e))
            }));
        }
    }
    let results: Vec<Result<bool, Diagnostic>> = jobs.par_iter().map(|job| job()).collect();
    let mut count = usize::from(wrote_sitemap);
    for wrote in results {
        count += usize::from(wrote?);
    }
    Ok(count)
}

/// A data file made whole, then written unless the file there holds the same bytes.
type Made<'j> = Box<dyn Fn() -> String + Send + Sync + 'j>;

fn whole_file<'j>(
    name: &'static str,
    (root, dir): (&'j Path, &'j Path),
    atomic: bool,
    make: Made<'j>,
) -> DataFile<'j> {
    Box::new(move || {
        let path = dir.join(name);
        write_if_changed(&path, make().as_bytes(), atomic).map_err(|e| io_error(&path, root, e))
    })
}

/// Export `index` whole (to compare with the file there).
fn export_text(renderer: &Renderer<'_>, index: usize) -> String {
    let mut all = String::new();
    renderer.export(index, &mut |text: &mut String| {
        all.push_str(text);
        text.clear();
    });
    all
}

/// Export `index` written to `file` as it is made.
fn write_export(
    renderer: &Renderer<'_>,
    index: usize,
    file: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut result = Ok(());
    renderer.export(index, &mut |text: &mut String| {
        if result.is_ok() {
            result = file.write_all(text.as_bytes());
        }
        text.clear();
    });
    result
}

/// The sitemap of a site of one language: its pages that list terms, and its terms.
fn one_language_sitemap(input: &RenderInput<'_>, pages: &[render::Page]) -> String {
    let page_urls: Vec<String> = pages
        .iter()
        .filter(|p| {
            matches!(
                p.kind,
                render::PageKind::Home
                    | render::PageKind::TermsIndex
                    | render::PageKind::TaxonomyList(_)
                    | render::PageKind::TaxonomySingle { .. }
            )
        })
        .map(|p| {
            format!(
                "{}{}",
                input.site.base.path,
                crate::text::percent_encode_path(p.output.trim_end_matches("index.html"))
            )
        })
        .collect();
    render::feeds::sitemap(input, &page_urls)
}

/// The content-hashed copies of static files the pages asked for (`asset_url`). A file
/// already there has the same content, its name says so: it is not written again.
pub(super) fn write_hashed_assets(
    theme: &theme::Theme,
    root: &Path,
    dir: &Path,
) -> Result<usize, Diagnostic> {
    let mut count = 0;
    for asset in theme.assets.made() {
        let to = dir.join(&asset.output);
        if to.is_file() {
            continue;
        }
        write_file(&to, &asset.bytes, true).map_err(|e| io_error(&to, root, e))?;
        count += 1;
    }
    Ok(count)
}

/// `_redirects` and `_headers` (unless `host_files: false`), after the pages: `_headers`
/// lists the hashed assets they asked for. Returns how many files it wrote.
pub(super) fn write_host_files(
    renderer: &Renderer<'_>,
    hashed: &std::collections::BTreeSet<String>,
    root: &Path,
    dir: &Path,
) -> Result<usize, Diagnostic> {
    let input = renderer.input();
    if !input.site.config.host_files {
        for name in ["_redirects", "_headers"] {
            let _ = std::fs::remove_file(dir.join(name));
        }
        return Ok(0);
    }
    let hashed: Vec<String> = hashed.iter().cloned().collect();
    let files = [
        ("_redirects", render::hostfiles::redirects(input)),
        (
            "_headers",
            render::hostfiles::headers(&input.site.base.path, &hashed),
        ),
    ];
    for (name, text) in &files {
        // A site's own static/_headers (or _redirects) was copied already and wins.
        if root.join("static").join(name).is_file() {
            continue;
        }
        write_file(&dir.join(name), text.as_bytes(), true)
            .map_err(|e| io_error(&dir.join(name), root, e))?;
    }
    Ok(files.len())
}

/// The hashed assets the written pages (of every language's theme) reference: those this build made, plus (when only
/// some pages were re-rendered) those of the last build. After a full re-render, the last
/// build's assets nobody references any more are removed, as a fresh build would not have
/// them.
pub(super) fn hashed_assets(
    themes: &[theme::Theme],
    last: Option<&BTreeSet<String>>,
    all_rendered: bool,
    dir: &Path,
) -> BTreeSet<String> {
    let mut hashed: BTreeSet<String> = themes
        .iter()
        .flat_map(|t| t.assets.made())
        .map(|a| a.output)
        .collect();
    if let Some(last) = last {
        for old in last {
            if all_rendered {
                if !hashed.contains(old) {
                    let _ = std::fs::remove_file(dir.join(old));
                }
            } else {
                hashed.insert(old.clone());
            }
        }
    }
    hashed
}
