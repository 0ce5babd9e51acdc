//! The persistent build cache of `glossgen build` (`.glossgen-cache/` at the site root unless
//! `cache_dir` in config.yaml or `--cache-dir` names another folder; none with `--no-cache`;
//! `serve` keeps its own in memory, `check` none): every page
//! of the last good build, stored under its fingerprint with its links, so that the next
//! `glossgen build` — in CI, on a fresh checkout — renders only the pages whose
//! [description](crate::render::Renderer::describe) changed and hard-links the others.
//!
//! A manifest lists what is trustworthy: fingerprint, size and links of each stored page,
//! with a checksum and the glossgen version (postcard, see [`write_checked`]). A missing, corrupt, truncated or foreign
//! manifest, or a stored page of the wrong size, is ignored: the page is rendered again.
//! A stored page gets its name only once written whole (a hard link to the page written
//! into the staging folder, or a temporary name renamed), before the manifest that lists it;
//! the output is never trusted (see [`crate::output::keep_unchanged`]).
//!
//! Beside the pages, the rendered bodies ([`BodyStore`]), keyed by everything a body is
//! rendered from, so that a build after an edit renders only the edited bodies' Markdown.

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::links::PageLinks;
use crate::markdown::RenderedBody;

/// The conventional cache folder (relative to the site root): never an output folder,
/// and in the `.gitignore` that `init` writes.
pub const DEFAULT_CACHE_DIR: &str = ".glossgen-cache";
const MANIFEST: &str = "manifest";
const PAGES: &str = "pages";

/// Marks a folder as glossgen's build cache (the Cache Directory Tagging convention,
/// <https://bford.info/cachedir/>: backup tools skip it too). glossgen keeps its cache, and
/// so writes and removes files, only in a folder it marked.
const TAG: &str = "CACHEDIR.TAG";
const TAG_SIGNATURE: &str = "Signature: 8a477f597d28d172789f06886806bc55";
const TAG_TEXT: &str = "Signature: 8a477f597d28d172789f06886806bc55\n\
# This folder is glossgen's build cache: it may be deleted at any time.\n";

/// Whether glossgen may keep its cache in `dir`: a folder it marked ([`TAG`]), or one
/// missing, empty or holding only what glossgen keeps there (a cache of an earlier glossgen),
/// which it marks now. A folder holding anything else holds a writer's files: not ours.
pub(super) fn claim(dir: &Path) -> bool {
    let marked = |text: &str| text.starts_with(TAG_SIGNATURE) && text.contains("glossgen");
    if std::fs::read_to_string(dir.join(TAG)).is_ok_and(|t| marked(&t)) {
        return true;
    }
    let only_ours = match std::fs::read_dir(dir) {
        Ok(entries) => entries.flatten().all(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            [MANIFEST, PAGES, BODY_SHARDS, OLD_BODIES].contains(&&*name)
                || name.starts_with(RELATED_PREFIX)
        }),
        Err(e) => e.kind() == io::ErrorKind::NotFound,
    };
    only_ours
        && std::fs::create_dir_all(dir).is_ok()
        && std::fs::write(dir.join(TAG), TAG_TEXT).is_ok()
}

/// Where a language's related terms are kept: `related-<language index>`.
pub(super) const RELATED_PREFIX: &str = "related-";

/// Which cache a build uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CacheChoice {
    /// No cache (`--no-cache`, `serve`, `check`, and library builds unless asked).
    Off,
    /// `cache_dir` from config.yaml, relative to the root, else [`DEFAULT_CACHE_DIR`]: what
    /// `glossgen build` uses.
    FromConfig,
    /// `--cache-dir`.
    At(PathBuf),
}

/// A stored page: its size (to catch a truncated file) and its links and ids.
#[derive(Serialize, Deserialize, Clone)]
pub(super) struct Stored {
    pub(super) size: u64,
    /// Shared with the build's own record of the page's links: at 100,000 pages a copy
    /// each is tens of megabytes.
    pub(super) links: Arc<PageLinks>,
}

#[derive(Serialize, Deserialize, Default)]
struct Manifest {
    /// The static files the pages asked hashed copies of (`asset_url`): a page taken from
    /// the cache is not rendered, so it cannot ask again.
    assets: Vec<String>,
    pages: Vec<(u64, Stored)>,
}

/// The pages of the cache: those of the last good build, and this build's.
pub(super) struct PageStore {
    dir: PathBuf,
    known: HashMap<u64, Stored>,
    /// See [`Manifest::assets`].
    pub(super) assets: Vec<String>,
    /// This build's pages: `None` for one taken from the store as it is listed.
    now: Mutex<HashMap<u64, Option<Stored>>>,
}

/// What makes stored pages valid: the glossgen version and the binary's size (a rebuilt
/// glossgen of the same version may render differently). `GLOSSGEN_TEST_VERSION` (set only
/// by tests) stands for the version.
fn version() -> String {
    let version = std::env::var("GLOSSGEN_TEST_VERSION")
        .unwrap_or_else(|_| env!("CARGO_PKG_VERSION").to_string());
    let exe_size = std::env::current_exe()
        .and_then(std::fs::metadata)
        .map_or(0, |m| m.len());
    format!("{version} {exe_size}")
}

/// Removes the pages this store wrote in `pages` (named by their fingerprint, or a
/// left-over temporary copy of one) unless `keep` says otherwise. Nothing else in the
/// folder is touched: the cache folder is the writer's choice, and it may hold their files.
fn remove_stored_pages(pages: &Path, keep: impl Fn(u64) -> bool) {
    let Ok(entries) = std::fs::read_dir(pages) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let (print, temporary) = match name.strip_suffix(".glossgen-tmp") {
            Some(stem) => (stem, true),
            None => (name, false),
        };
        let stored = print.len() == 16 && print.bytes().all(|b| b.is_ascii_hexdigit());
        let Some(print) = stored
            .then(|| u64::from_str_radix(print, 16).ok())
            .flatten()
        else {
            continue;
        };
        if temporary || !keep(print) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

impl PageStore {
    /// Opens the cache in `dir`, creating it; forgets a manifest that is unreadable or of
    /// another version (and the pages stored with it). `None` when `dir` cannot be made.
    pub(super) fn open(dir: &Path) -> Option<PageStore> {
        let pages = dir.join(PAGES);
        std::fs::create_dir_all(&pages).ok()?;
        let manifest = match read_checked::<Manifest>(&dir.join(MANIFEST)) {
            Some(m) => m,
            None => {
                remove_stored_pages(&pages, |_| false);
                Manifest::default()
            }
        };
        Some(PageStore {
            dir: dir.to_path_buf(),
            known: manifest.pages.into_iter().collect(),
            assets: manifest.assets,
            now: Mutex::new(HashMap::new()),
        })
    }

    fn page_path(&self, print: u64) -> PathBuf {
        self.dir.join(PAGES).join(format!("{print:016x}"))
    }

    /// The stored page of this fingerprint, if the manifest lists it: its file and links.
    /// The caller checks the file's size ([`Stored::size`]) when it links it: a truncated
    /// file must not reach the output.
    pub(super) fn get(&self, print: u64) -> Option<(PathBuf, &Stored)> {
        let stored = self.known.get(&print)?;
        Some((self.page_path(print), stored))
    }

    /// Where a page of this fingerprint is stored, recording it as used by this build.
    pub(super) fn keep(&self, print: u64, size: u64, links: &Arc<PageLinks>) -> PathBuf {
        let stored = Stored {
            size,
            links: Arc::clone(links),
        };
        if let Ok(mut now) = self.now.lock() {
            now.insert(print, Some(stored));
        }
        self.page_path(print)
    }

    /// Records a page of the store (as [`get`](Self::get) gave it) as used by this build.
    pub(super) fn keep_stored(&self, print: u64) {
        if let Ok(mut now) = self.now.lock() {
            now.insert(print, None);
        }
    }

    /// Asks again for the hashed static files the stored pages use.
    pub(super) fn request_assets(&self, theme: &crate::render::theme::Theme) {
        for logical in &self.assets {
            let _ = theme.assets.url(logical);
        }
    }

    /// After a good build: writes the manifest of this build's pages and removes the
    /// stored pages no longer used. Errors only cost the next build time.
    pub(super) fn save(mut self, assets: Vec<String>) {
        let Ok(now) = self.now.into_inner() else {
            return;
        };
        // Same fingerprints, same pages: the manifest and the folder are right as they are.
        let unchanged = assets == self.assets
            && now.len() == self.known.len()
            && now.keys().all(|p| self.known.contains_key(p));
        if unchanged {
            return;
        }
        remove_stored_pages(&self.dir.join(PAGES), |p| now.contains_key(&p));
        let mut list: Vec<(u64, Stored)> = now
            .into_iter()
            .filter_map(|(print, page)| Some((print, page.or_else(|| self.known.remove(&print))?)))
            .collect();
        list.sort_by_key(|p| p.0);
        let manifest = Manifest {
            assets,
            pages: list,
        };
        let _ = write_checked(&self.dir.join(MANIFEST), &manifest);
    }
}

/// Rendered bodies kept between builds, by [`BodyInputs::key`](super::session::BodyInputs::key),
/// in [`SHARDS`] files by the key's first bits: they are read and decoded in parallel, and a
/// build that changed a few bodies rewrites only their shards. Only bodies without problems
/// are kept: a body's problems are reported by every build.
pub(super) struct BodyStore {
    dir: PathBuf,
    known: HashMap<u64, Arc<RenderedBody>>,
    /// Per shard: the keys read from its file (sorted), `None` where it was missing or not
    /// usable.
    read: Vec<Option<Vec<u64>>>,
    /// This build's bodies, for the next build.
    now: Mutex<Vec<(u64, Arc<RenderedBody>)>>,
}

/// How many files hold the bodies: at 10,000 terms, some 600 KB each.
const SHARDS: usize = 64;
const BODY_SHARDS: &str = "body-shards";
/// Where an earlier glossgen kept all bodies in one file.
const OLD_BODIES: &str = "bodies";

fn shard_of(key: u64) -> usize {
    (key >> 58) as usize % SHARDS
}

impl BodyStore {
    /// The bodies stored in `dir`; none of a shard whose file is missing, corrupt,
    /// truncated or of another glossgen.
    pub(super) fn open(dir: &Path) -> BodyStore {
        use rayon::prelude::*;
        let dir = dir.join(BODY_SHARDS);
        let shards: Vec<Option<Vec<(u64, RenderedBody)>>> = (0..SHARDS)
            .into_par_iter()
            .map(|shard| {
                let list = read_checked::<Vec<(u64, RenderedBody)>>(&shard_path(&dir, shard))?;
                // A file of the right checksum under another shard's name is not used.
                list.iter()
                    .all(|(k, _)| shard_of(*k) == shard)
                    .then_some(list)
            })
            .collect();
        let read = shards
            .iter()
            .map(|list| list.as_ref().map(|l| l.iter().map(|(k, _)| *k).collect()))
            .collect();
        let known = shards
            .into_iter()
            .flatten()
            .flatten()
            .map(|(k, b)| (k, Arc::new(b)))
            .collect();
        BodyStore {
            dir,
            known,
            read,
            now: Mutex::new(Vec::new()),
        }
    }

    pub(super) fn get(&self, key: u64) -> Option<Arc<RenderedBody>> {
        self.known.get(&key).cloned()
    }

    /// Records a body of this build, to be [`save`](Self::save)d.
    pub(super) fn keep(&self, key: u64, body: &Arc<RenderedBody>) {
        if let Ok(mut now) = self.now.lock() {
            now.push((key, Arc::clone(body)));
        }
    }

    /// Keeps this build's bodies for the next build: rewrites the shards whose keys are not
    /// those read, removes those left empty. Errors only cost the next build time.
    pub(super) fn save(self) {
        let Ok(now) = self.now.into_inner() else {
            return;
        };
        let mut shards: Vec<Vec<(u64, &RenderedBody)>> = vec![Vec::new(); SHARDS];
        for (key, body) in now.iter().filter(|(_, b)| b.problems.is_empty()) {
            if let Some(shard) = shards.get_mut(shard_of(*key)) {
                shard.push((*key, &**body));
            }
        }
        if std::fs::create_dir_all(&self.dir).is_err() {
            return;
        }
        for (n, (mut list, read)) in shards.into_iter().zip(self.read).enumerate() {
            list.sort_unstable_by_key(|b| b.0);
            list.dedup_by_key(|b| b.0);
            let keys: Vec<u64> = list.iter().map(|b| b.0).collect();
            let path = shard_path(&self.dir, n);
            if read.as_ref() == Some(&keys) {
                continue;
            }
            if list.is_empty() {
                let _ = std::fs::remove_file(&path);
            } else {
                let _ = write_checked(&path, &list);
            }
        }
        if let Some(cache) = self.dir.parent() {
            let _ = std::fs::remove_file(cache.join(OLD_BODIES));
        }
    }
}

fn shard_path(dir: &Path, shard: usize) -> PathBuf {
    dir.join(format!("{shard:02x}"))
}

/// Writes `value` with the glossgen version, behind a checksum of both (postcard).
pub(super) fn write_checked<T: Serialize>(path: &Path, value: &T) -> io::Result<()> {
    let body = postcard::to_stdvec(&(version(), value)).map_err(io::Error::other)?;
    let mut bytes = crate::hash::hash_bytes(&body).to_le_bytes().to_vec();
    bytes.extend_from_slice(&body);
    crate::output::write_file(path, &bytes, true)
}

/// What [`write_checked`] wrote, if it is all there and of this glossgen.
pub(super) fn read_checked<T: DeserializeOwned>(path: &Path) -> Option<T> {
    let bytes = std::fs::read(path).ok()?;
    let (sum, body) = bytes.split_at_checked(8)?;
    let sum = u64::from_le_bytes(sum.try_into().ok()?);
    if sum != crate::hash::hash_bytes(body) {
        return None;
    }
    let (written_by, value): (String, T) = postcard::from_bytes(body).ok()?;
    (written_by == version()).then_some(value)
}
