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
    count += write_data_files(input, (root, dir), pages, sitemap, in_place)?;
    // The glossary as data: CSV, SKOS, TBX. Into a fresh folder they are written as they are
    // made (see `write_streamed`); in place, made whole and compared with the files there.
    if in_place {
        for (name, bytes) in renderer.exports() {
            let path = dir.join(name);
            if write_if_changed(&path, &bytes, true).map_err(|e| io_error(&path, root, e))? {
                count += 1;
            }
        }
    } else {
        for (index, name) in render::exports::EXPORT_FILES.iter().enumerate() {
            let path = dir.join(name);
            write_streamed(&path, |file| {
                let mut result = Ok(());
                renderer.export(index, &mut |text: &mut String| {
                    if result.is_ok() {
                        result = file.write_all(text.as_bytes());
                    }
                    text.clear();
                });
                result
            })
            .map_err(|e| io_error(&path, root, e))?;
            count += 1;
        }
    }
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

/// sitemap.xml, atom.xml, robots.txt, search-index.json, graph.json. Returns how many
/// were written (those whose bytes changed).
fn write_data_files(
    input: &RenderInput<'_>,
    (root, dir): (&Path, &Path),
    pages: &[render::Page],
    sitemap: Option<String>,
    atomic: bool,
) -> Result<usize, Diagnostic> {
    let sitemap = sitemap.unwrap_or_else(|| one_language_sitemap(input, pages));
    // Each made just before it is written: one at a time in memory (at 100,000 terms the
    // search index is 59 MB and graph.json 32 MB).
    let data: [(&str, &dyn Fn() -> String); 4] = [
        ("atom.xml", &|| render::feeds::atom(input)),
        ("robots.txt", &|| render::feeds::robots(input)),
        ("search-index.json", &|| render::feeds::search_index(input)),
        ("graph.json", &|| render::feeds::graph(input)),
    ];
    let mut count = 0;
    let path = dir.join("sitemap.xml");
    if write_if_changed(&path, sitemap.as_bytes(), atomic).map_err(|e| io_error(&path, root, e))? {
        count += 1;
    }
    drop(sitemap);
    if !atomic {
        // Into a fresh folder, the largest is written as it is made (59 MB at 100,000 terms).
        let path = dir.join("search-index.json");
        write_streamed(&path, |file| render::feeds::write_search_index(input, file))
            .map_err(|e| io_error(&path, root, e))?;
        count += 1;
    }
    for (name, make) in data {
        if !atomic && name == "search-index.json" {
            continue;
        }
        let text = make();
        let path = dir.join(name);
        if write_if_changed(&path, text.as_bytes(), atomic).map_err(|e| io_error(&path, root, e))? {
            count += 1;
        }
    }
    Ok(count)
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
