//! Loading: from the files under `content/` to parsed term sources.
//!
//! This stage knows about files, front matter and YAML. It knows nothing of links between
//! terms or of HTML: that is the model's and the renderer's job.

pub mod date;
pub mod front_matter;
pub mod limits;
pub mod terminology;
pub mod walk;
pub mod yaml_values;

pub use front_matter::{FrontMatter, TermSource};
pub use walk::{discover, ContentFile};

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Problem};

/// Parsed files of the previous run, by path, with the size and modification time they had.
/// `serve` keeps one between rebuilds so that only changed files are read and parsed again.
#[derive(Default)]
pub struct LoadCache {
    files: HashMap<PathBuf, CachedFile>,
}

#[derive(Clone)]
struct CachedFile {
    stamp: (SystemTime, u64),
    source: Option<Arc<TermSource>>,
    diags: Vec<Diagnostic>,
}

/// Reads and parses every term file under `root/content`, in parallel.
///
/// Returns the parsed sources in discovery order (sorted by path) and every problem found;
/// a file with an error is left out of the sources but its problems are all reported.
pub fn load(root: &Path) -> (Vec<Arc<TermSource>>, Vec<Diagnostic>) {
    let (files, mut diags) = discover(root);
    let results: Vec<_> = files
        .into_par_iter()
        .map(|f| read_and_parse(root, f))
        .collect();
    let mut sources = Vec::with_capacity(results.len());
    for (source, ds) in results {
        diags.extend(ds);
        sources.extend(source.map(Arc::new));
    }
    (sources, diags)
}

fn read_and_parse(root: &Path, file: ContentFile) -> (Option<TermSource>, Vec<Diagnostic>) {
    match std::fs::read(root.join(&file.path)) {
        Ok(bytes) => front_matter::parse_file(file, &bytes),
        Err(e) => {
            let d = Diagnostic::error(file.path, Problem::CannotRead(e.to_string()));
            (None, vec![d])
        }
    }
}

/// [`load`], reusing the parse of every file whose size and mtime are unchanged. With
/// `changed` (paths relative to the root, from a file watcher), only those files and files
/// not seen before are looked at; the others are taken from the cache without a `stat`.
pub fn load_cached(
    root: &Path,
    cache: &mut LoadCache,
    changed: Option<&HashSet<PathBuf>>,
) -> (Vec<Arc<TermSource>>, Vec<Diagnostic>) {
    let (files, mut diags) = discover(root);
    let results: Vec<(PathBuf, CachedFile)> = files
        .into_par_iter()
        .map(|file| {
            let cached = cache.files.get(&file.path);
            if let (Some(hit), Some(changed)) = (cached, changed) {
                if !changed.contains(&file.path) {
                    return (file.path.clone(), reuse(hit, &file));
                }
            }
            let full = root.join(&file.path);
            let stamp = std::fs::metadata(&full)
                .map(|m| (m.modified().unwrap_or(SystemTime::UNIX_EPOCH), m.len()))
                .unwrap_or((SystemTime::UNIX_EPOCH, u64::MAX));
            if let Some(hit) = cached.filter(|c| c.stamp == stamp) {
                return (file.path.clone(), reuse(hit, &file));
            }
            let path = file.path.clone();
            let (source, diags) = read_and_parse(root, file);
            let source = source.map(Arc::new);
            (
                path,
                CachedFile {
                    stamp,
                    source,
                    diags,
                },
            )
        })
        .collect();
    let mut sources = Vec::with_capacity(results.len());
    for (_, cached) in &results {
        diags.extend(cached.diags.iter().cloned());
        sources.extend(cached.source.iter().cloned());
    }
    cache.files = results.into_iter().collect();
    (sources, diags)
}

/// A cached parse, with the file's current asset list (a bundle may have gained an image).
fn reuse(hit: &CachedFile, file: &ContentFile) -> CachedFile {
    let mut hit = hit.clone();
    if let Some(src) = hit.source.as_mut() {
        if src.file != *file {
            Arc::make_mut(src).file = file.clone();
        }
    }
    hit
}
