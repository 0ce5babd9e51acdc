//! Finding term files: every `*.md` under `content/`, bundles; files and folders whose name
//! starts with `.` or `_` skipped (`content/_drafts/`), symlinks never followed.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, Problem};

pub const CONTENT_DIR: &str = "content";

/// One term file found on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentFile {
    /// Relative to the site root: `content/metrics/ltv.md`.
    pub path: PathBuf,
    /// The slug the file gives when front matter sets none: the stem, or a bundle's folder name.
    pub default_slug: String,
    /// For a bundle (`folder/index.md`): the folder's other files, relative to the folder.
    pub assets: Vec<PathBuf>,
    /// For a bundle: the folder, relative to the site root.
    pub bundle_dir: Option<PathBuf>,
}

fn is_hidden_or_private(name: &str) -> bool {
    name.starts_with('.') || name.starts_with('_')
}

/// Lists the term files under `root/content`, sorted by path so every run sees one order.
/// Symlinks are not followed, not even a bundle's `index.md`: a link could publish any file
/// the builder can read. Files and folders starting with `.` or `_` are skipped.
pub fn discover(root: &Path) -> (Vec<ContentFile>, Vec<Diagnostic>) {
    let content = root.join(CONTENT_DIR);
    let mut diags = Vec::new();
    if !content.is_dir() {
        diags.push(Diagnostic::error(CONTENT_DIR, Problem::NoContentFolder));
        return (Vec::new(), diags);
    }
    let mut files = Vec::new();
    // Bundle folders seen so far; files below them are assets, not terms.
    let mut bundles: Vec<PathBuf> = Vec::new();
    let walker = WalkDir::new(&content)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0 || !is_hidden_or_private(&e.file_name().to_string_lossy())
        });
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e
                    .path()
                    .and_then(|p| p.strip_prefix(root).ok())
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| PathBuf::from(CONTENT_DIR));
                diags.push(Diagnostic::error(path, Problem::CannotRead(e.to_string())));
                continue;
            }
        };
        let rel = entry
            .path()
            .strip_prefix(root)
            .unwrap_or(entry.path())
            .to_path_buf();
        if entry.file_type().is_dir() {
            if entry.depth() > 0
                && is_real_file(&entry.path().join("index.md"))
                && !inside(&bundles, &rel)
            {
                let slug = entry.file_name().to_string_lossy().into_owned();
                files.push(ContentFile {
                    path: rel.join("index.md"),
                    default_slug: slug,
                    assets: Vec::new(),
                    bundle_dir: Some(rel.clone()),
                });
                bundles.push(rel);
            }
            continue;
        }
        if !entry.file_type().is_file() {
            continue; // symlinks and special files
        }
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(bundle) = bundles.iter().rev().find(|b| rel.starts_with(b)) {
            let asset = rel.strip_prefix(bundle).unwrap_or(&rel).to_path_buf();
            if asset != Path::new("index.md") {
                if let Some(term) = files
                    .iter_mut()
                    .rev()
                    .find(|f| f.bundle_dir.as_deref() == Some(bundle.as_path()))
                {
                    term.assets.push(asset);
                }
            }
            continue;
        }
        if !name.ends_with(".md") {
            continue;
        }
        let stem = name.trim_end_matches(".md").to_string();
        files.push(ContentFile {
            path: rel,
            default_slug: stem,
            assets: Vec::new(),
            bundle_dir: None,
        });
    }
    (files, diags)
}

/// A regular file, not a symlink to one.
fn is_real_file(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_file())
}

fn inside(bundles: &[PathBuf], dir: &Path) -> bool {
    bundles.iter().any(|b| dir.starts_with(b))
}
