//! Where each term, tag and redirect will be written, checked before anything is written.
//!
//! A problem found here names the term file and the front matter key. Found later, it was an
//! I/O error naming a staging path ("File name too long", "Is a directory"). So this module
//! claims every output path the site will have and refuses redirects that land on, inside
//! or around one; `check` runs it too. Paths compare case-insensitively: macOS and Windows
//! file systems do.

use std::collections::HashMap;
use std::path::Path;

use super::{Taxonomy, Term};
use crate::diagnostics::{Diagnostic, PathConflict, PathOwner, Problem};

pub use crate::content::front_matter::{segment_too_long, MAX_SEGMENT_BYTES};

/// Files every build writes at the root of the output, besides pages.
pub const DATA_FILES: &[&str] = &[
    "sitemap.xml",
    "atom.xml",
    "robots.txt",
    "search-index.json",
    "graph.json",
];

/// Pages every build writes whatever the content.
const FIXED_PAGES: &[&str] = &[
    "index.html",
    "404.html",
    "terms/index.html",
    "search/index.html",
    "tags/index.html",
    "categories/index.html",
];

/// The output file of a `redirect_from` path: `/old/` → `old/index.html`, `/a.html` stays.
pub fn redirect_output(from: &str) -> String {
    let trimmed = from.trim_matches('/');
    if trimmed.ends_with(".html") {
        trimmed.to_string()
    } else if trimmed.is_empty() {
        "index.html".to_string()
    } else {
        format!("{trimmed}/index.html")
    }
}

/// Output paths claimed so far, lower-cased, with what claims them.
#[derive(Default)]
pub struct OutputClaims {
    files: HashMap<String, PathOwner>,
    /// Folders: every parent of a claimed file, and whole claimed trees.
    dirs: HashMap<String, PathOwner>,
    trees: HashMap<String, PathOwner>,
}

impl OutputClaims {
    /// The paths of the site that exist whatever the redirects: fixed pages, data files,
    /// term pages and their assets, tag and category pages.
    pub fn of_site(terms: &[Term], taxonomies: [&Taxonomy; 2]) -> OutputClaims {
        let mut claims = OutputClaims::default();
        for path in FIXED_PAGES.iter().chain(DATA_FILES) {
            claims.file(path, PathOwner::BuiltFile);
        }
        for term in terms {
            let owner = PathOwner::TermPage(term.slug.clone());
            claims.file(&format!("terms/{}/index.html", term.slug), owner);
            for asset in &term.assets {
                let asset = asset.to_string_lossy().replace('\\', "/");
                let owner = PathOwner::TermAsset(term.slug.clone());
                claims.file(&format!("terms/{}/{asset}", term.slug), owner);
            }
        }
        for taxonomy in taxonomies {
            for item in &taxonomy.items {
                let dir = format!("{}/{}", taxonomy.kind.dir(), item.slug);
                claims.tree(&dir, PathOwner::TaxonomyPages(item.name.clone()));
            }
        }
        claims
    }

    pub fn file(&mut self, path: &str, owner: PathOwner) {
        let key = path.to_lowercase();
        let mut parent = key.as_str();
        while let Some((dir, _)) = parent.rsplit_once('/') {
            self.dirs
                .entry(dir.to_string())
                .or_insert_with(|| owner.clone());
            parent = dir;
        }
        self.files.insert(key, owner);
    }

    fn tree(&mut self, dir: &str, owner: PathOwner) {
        self.file(&format!("{dir}/index.html"), owner.clone());
        self.trees.insert(dir.to_lowercase(), owner);
    }

    /// Why `path` cannot be written, if it cannot.
    pub fn conflict(&self, path: &str) -> Option<PathConflict> {
        let key = path.to_lowercase();
        if let Some(owner) = self.files.get(&key) {
            return Some(PathConflict::Is(owner.clone()));
        }
        if let Some(owner) = self.dirs.get(&key) {
            return Some(PathConflict::FolderOf(owner.clone()));
        }
        let mut parent = key.as_str();
        while let Some((dir, _)) = parent.rsplit_once('/') {
            let dir_owned = || dir.to_string();
            if let Some(owner) = self.files.get(dir) {
                return Some(PathConflict::InsideFile(dir_owned(), owner.clone()));
            }
            if let Some(owner) = self.trees.get(dir) {
                return Some(PathConflict::InsideTree(dir_owned(), owner.clone()));
            }
            parent = dir;
        }
        None
    }
}

/// Every path problem of the model: over-long tag and category names, and redirects that
/// collide with the site's own paths or with each other. Redirects are claimed in site order,
/// so of two colliding redirects the second is reported.
pub fn check(terms: &[Term], taxonomies: [&Taxonomy; 2]) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for taxonomy in taxonomies {
        let (key, line): (_, fn(&Term) -> usize) = match taxonomy.kind {
            super::TaxonomyKind::Tags => ("tags", |t| t.key_lines.tags),
            super::TaxonomyKind::Categories => ("categories", |t| t.key_lines.categories),
        };
        for item in taxonomy.items.iter() {
            if item.slug.len() <= MAX_SEGMENT_BYTES {
                continue;
            }
            for &t in &item.terms {
                diags.push(
                    Diagnostic::error(
                        terms[t].source.clone(),
                        segment_too_long(key, &item.name, &item.slug),
                    )
                    .at_line(line(&terms[t])),
                );
            }
        }
    }
    let mut claims = OutputClaims::of_site(terms, taxonomies);
    for term in terms {
        for from in &term.redirect_from {
            let output = redirect_output(from);
            match claims.conflict(&output) {
                Some(conflict) => diags.push(
                    Diagnostic::error(term.source.clone(), reserved(from, &output, conflict))
                        .at_line(term.key_lines.redirect_from),
                ),
                None => claims.file(&output, PathOwner::Redirect(term.slug.clone())),
            }
        }
    }
    diags
}

/// Redirects that land on a static file of the theme or the site (`static/`), which the
/// model does not know: the build calls this once the theme is loaded.
pub fn check_against_files<'a>(
    terms: &[Term],
    files: impl Iterator<Item = &'a Path>,
) -> Vec<Diagnostic> {
    let mut claims = OutputClaims::default();
    for f in files {
        let rel = f.to_string_lossy().replace('\\', "/");
        claims.file(&rel, PathOwner::StaticFile(rel.clone()));
    }
    let mut diags = Vec::new();
    for term in terms {
        for from in &term.redirect_from {
            let output = redirect_output(from);
            if let Some(conflict) = claims.conflict(&output) {
                diags.push(
                    Diagnostic::error(term.source.clone(), reserved(from, &output, conflict))
                        .at_line(term.key_lines.redirect_from),
                );
            }
        }
    }
    diags
}

fn reserved(from: &str, output: &str, conflict: PathConflict) -> Problem {
    Problem::ReservedPath {
        value: from.to_string(),
        output: output.to_string(),
        conflict: Box::new(conflict),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirects_onto_files_folders_and_trees_conflict() {
        let mut c = OutputClaims::default();
        for f in FIXED_PAGES.iter().chain(DATA_FILES) {
            c.file(f, PathOwner::BuiltFile);
        }
        c.file("terms/ltv/index.html", PathOwner::TermPage("ltv".into()));
        c.tree("tags/seo", PathOwner::TaxonomyPages("seo".into()));
        let conflicts = |from: &str| c.conflict(&redirect_output(from));
        assert!(conflicts("/robots.txt").is_some(), "robots.txt/index.html");
        assert!(conflicts("/sitemap.xml/").is_some());
        assert!(conflicts("/").is_some());
        assert!(conflicts("/terms/").is_some());
        assert!(conflicts("/terms/LTV/").is_some(), "case-insensitive");
        assert!(conflicts("/tags/seo/page/2/").is_some());
        assert!(conflicts("/terms.html").is_none());
        assert!(conflicts("/terms/old-ltv/").is_none());
        assert!(conflicts("/old/page.html").is_none());
        assert!(c.conflict("terms").is_some(), "a folder of pages");
    }
}
