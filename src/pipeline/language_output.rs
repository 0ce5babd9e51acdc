//! Where every language's pages and files go: the default language's at the output root as
//! a one-language site has them, each further language's under `<code>/`. The pages of
//! every language are rendered and link-checked as one site — a link from a translation to
//! the default language is a link inside the site. Here: the list of every page with its
//! place, what the link check knows of the output, each further language's data files and
//! bundle assets, and the one sitemap of a site of several languages.

use std::path::{Path, PathBuf};

use super::languages::{Languages, Models};
use super::links::SiteFiles;
use super::setup::Run;
use super::{checks, io_error, BuildFailure};
use crate::diagnostics::Diagnostic;
use crate::model::SiteModel;
use crate::output::write_if_changed;
use crate::render::theme::Theme;
use crate::render::{feeds, Page, Renderer};

/// The data files each further language has in its folder.
const LANGUAGE_DATA_FILES: [&str; 3] = ["atom.xml", "search-index.json", "graph.json"];

/// Every page of every language.
pub(super) struct SitePages {
    /// Each language's pages as its renderer knows them (paths under its own folder).
    pub(super) own: Vec<Vec<Page>>,
    /// Every page, language after language, with its output path under the root.
    pub(super) placed: Vec<Page>,
    /// Per placed page: its language and its index in `own`.
    pub(super) at: Vec<(usize, usize)>,
    /// Each language's folder under the output root: `""`, `"en/"`.
    prefixes: Vec<String>,
}

impl SitePages {
    /// Every language's pages; two pages of one language at one path are errors.
    pub(super) fn new(
        langs: &Languages,
        renderers: &[Renderer<'_>],
        models: &Models,
        run: &mut Run,
    ) -> Result<SitePages, BuildFailure> {
        let own: Vec<Vec<Page>> = renderers.iter().map(Renderer::pages).collect();
        for (model, pages) in models.list.iter().zip(&own) {
            checks::check_collisions(model, pages, &mut run.diags);
        }
        run.stop_on_errors()?;
        let mut placed = Vec::with_capacity(own.iter().map(Vec::len).sum());
        let mut at = Vec::with_capacity(placed.capacity());
        for (l, pages) in own.iter().enumerate() {
            let prefix = &langs.prefixes[l];
            for (i, p) in pages.iter().enumerate() {
                placed.push(Page {
                    kind: p.kind.clone(),
                    output: format!("{prefix}{}", p.output),
                });
                at.push((l, i));
            }
        }
        Ok(SitePages {
            own,
            placed,
            at,
            prefixes: langs.prefixes.clone(),
        })
    }

    /// Every placed page with its language's model (for the link check's diagnostics).
    pub(super) fn with_models<'a>(
        &'a self,
        models: &'a [&'a SiteModel],
    ) -> impl Iterator<Item = (&'a Page, &'a SiteModel)> {
        self.placed
            .iter()
            .zip(&self.at)
            .map(|(p, &(l, _))| (p, models[l]))
    }
}

/// What the link check knows of the output: every language's pages, the default
/// language's files, and each further language's data files and bundle assets.
pub(super) fn site_files<'a>(
    pages: &'a SitePages,
    renderers: &[Renderer<'_>],
    themes: &'a [Theme],
    run: &Run,
) -> SiteFiles<'a> {
    let root = &run.opts.root;
    let default = renderers[0].input();
    let mut site_files = SiteFiles::new(
        &pages.placed,
        &themes[0],
        default.model,
        root,
        &default.site.base,
        run.opts.check_external.is_some(),
    );
    for (l, r) in renderers.iter().enumerate().skip(1) {
        site_files.add_assets(&themes[l].assets);
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

/// The one `sitemap.xml` of a site of several languages, with alternates; `None` for one.
pub(super) fn sitemap(pages: &SitePages, renderers: &[Renderer<'_>]) -> Option<String> {
    if renderers.len() < 2 {
        return None;
    }
    let listed: Vec<(&Renderer<'_>, &[Page])> = renderers
        .iter()
        .zip(&pages.own)
        .map(|(r, p)| (r, p.as_slice()))
        .collect();
    Some(crate::render::languages::sitemap(&listed))
}

/// Each further language's feed, search index, graph and bundle assets under its folder,
/// written where their bytes changed (`atomic`: in place, over a served site). Returns how
/// many files it wrote.
pub(super) fn write_language_data(
    pages: &SitePages,
    renderers: &[Renderer<'_>],
    (root, dir): (&Path, &Path),
    atomic: bool,
) -> Result<usize, Diagnostic> {
    let mut count = 0;
    let mut write = |rel: String, bytes: &[u8]| -> Result<(), Diagnostic> {
        let path = dir.join(&rel);
        if write_if_changed(&path, bytes, atomic).map_err(|e| io_error(&path, root, e))? {
            count += 1;
        }
        Ok(())
    };
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
        }
        for (rel, from) in bundle_assets(input.model, root) {
            let bytes = std::fs::read(&from).map_err(|e| io_error(&from, root, e))?;
            write(format!("{prefix}{rel}"), &bytes)?;
        }
    }
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
