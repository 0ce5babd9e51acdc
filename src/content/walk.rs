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

impl ContentFile {
    /// The language of a translation (`ltv.en.md`, a bundle's `index.en.md`): `en`; `None`
    /// for a file in the site's default language.
    pub fn language(&self) -> Option<&str> {
        let name = self.path.file_name()?.to_str()?;
        translation_code(name.strip_suffix(".md")?)
    }
}

/// The `<code>` of a stem `<name>.<code>`, when it looks like a language code: two or three
/// lower-case letters, optionally a region (`pt-br`). A dot is not allowed in slugs, so no
/// stem that was a valid default-language file before is read as a translation.
pub fn translation_code(stem: &str) -> Option<&str> {
    let (name, code) = stem.rsplit_once('.')?;
    let (lang, region) = match code.split_once('-') {
        Some((l, r)) => (l, Some(r)),
        None => (code, None),
    };
    let lang_ok = (2..=3).contains(&lang.len()) && lang.bytes().all(|b| b.is_ascii_lowercase());
    let region_ok = region
        .is_none_or(|r| (2..=8).contains(&r.len()) && r.bytes().all(|b| b.is_ascii_alphanumeric()));
    (!name.is_empty() && lang_ok && region_ok).then_some(code)
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
            let translated_index = asset.parent() == Some(Path::new(""))
                && name
                    .strip_suffix(".md")
                    .and_then(translation_code)
                    .is_some_and(|_| name.starts_with("index."));
            if translated_index {
                // `index.en.md`: the bundle's term in another language; assets shared.
                let slug = bundle
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                files.push(ContentFile {
                    path: rel.clone(),
                    default_slug: slug,
                    assets: Vec::new(),
                    bundle_dir: Some(bundle.clone()),
                });
            } else if asset != Path::new("index.md") {
                if let Some(term) = files.iter_mut().rev().find(|f| {
                    f.bundle_dir.as_deref() == Some(bundle.as_path()) && f.language().is_none()
                }) {
                    term.assets.push(asset);
                }
            }
            continue;
        }
        if !name.ends_with(".md") {
            continue;
        }
        let stem = name.trim_end_matches(".md");
        let stem = match translation_code(stem) {
            Some(code) => stem[..stem.len() - code.len() - 1].to_string(),
            None => stem.to_string(),
        };
        files.push(ContentFile {
            path: rel,
            default_slug: stem,
            assets: Vec::new(),
            bundle_dir: None,
        });
    }
    share_bundle_assets(&mut files);
    (files, diags)
}

/// A bundle's translations (`index.en.md`) get the assets of its `index.md`: each language's
/// page sits in its own folder and shows the same images.
fn share_bundle_assets(files: &mut [ContentFile]) {
    let by_dir: std::collections::HashMap<PathBuf, Vec<PathBuf>> = files
        .iter()
        .filter(|f| f.language().is_none())
        .filter_map(|f| Some((f.bundle_dir.clone()?, f.assets.clone())))
        .collect();
    for f in files.iter_mut().filter(|f| f.language().is_some()) {
        if let Some(assets) = f.bundle_dir.as_ref().and_then(|d| by_dir.get(d)) {
            f.assets = assets.clone();
        }
    }
}

/// A regular file, not a symlink to one.
fn is_real_file(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_file())
}

fn inside(bundles: &[PathBuf], dir: &Path) -> bool {
    bundles.iter().any(|b| dir.starts_with(b))
}

#[cfg(test)]
mod tests {
    use super::translation_code;

    #[test]
    fn translation_codes_are_short_lower_case_suffixes() {
        assert_eq!(translation_code("ltv.en"), Some("en"));
        assert_eq!(translation_code("index.pt-br"), Some("pt-br"));
        assert_eq!(translation_code("ltv"), None);
        assert_eq!(translation_code(".en"), None);
        assert_eq!(translation_code("a.EN"), None);
        assert_eq!(translation_code("a.english"), None);
    }
}
