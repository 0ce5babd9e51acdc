//! What a [`BuildSession`] keeps between builds, and the reuse of the model.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::extras::Extras;
use super::links::PageLinks;
use super::BuildOptions;
use crate::config::SiteConfig;
use crate::content::{LoadCache, TermSource};
use crate::diagnostics::Diagnostic;
use crate::markdown::RenderedBody;
use crate::model::{AutoLinkerCache, RelatedGraph, SiteModel};

/// A series of builds of one site that share work: `serve` keeps one and calls
/// [`BuildSession::build`] after every change.
///
/// The first build is a full one, written through a staging folder. Later builds re-read
/// only changed files, re-render only bodies whose inputs changed, and re-render and write
/// in place only the pages whose fingerprint (a hash of the page's
/// [description](crate::render::Renderer::describe)) changed.
pub struct BuildSession {
    pub(super) opts: BuildOptions,
    pub(super) load_cache: LoadCache,
    pub(super) linkers: AutoLinkerCache,
    /// Per language (the default first): what its last good build made.
    pub(super) languages: Vec<LanguageMemory>,
    /// What the last good build wrote (every language's pages), for writing only what changed.
    pub(super) written: Option<Written>,
    /// No later build will follow: keep no caches (they cost a copy of every file).
    pub(super) one_shot: bool,
    /// For the next build: the only files that changed since the last one, if known.
    pub(super) changed: Option<HashSet<PathBuf>>,
    /// Per language: the terms whose body the last build rendered again (its pages first).
    pub(super) edited: Vec<Vec<crate::model::TermId>>,
    /// The build cache's bodies being written, off the build's path (see `Drop`).
    pub(super) saving: Option<std::thread::JoinHandle<()>>,
    /// The last build's work off its path: the page cache's manifest being written, its
    /// previous output being removed. Joined before the next build writes (unlike
    /// `saving`, which runs beside this build's pages).
    pub(super) finishing: Vec<std::thread::JoinHandle<()>>,
}

impl Drop for BuildSession {
    /// Waits for the build cache to be written (a process that ends first would leave the
    /// old one: not a wrong one, but the work lost) and the previous output to be removed (a
    /// process that ends first leaves it to the next build).
    fn drop(&mut self) {
        if let Some(saving) = self.saving.take() {
            let _ = saving.join();
        }
        for thread in self.finishing.drain(..) {
            let _ = thread.join();
        }
    }
}

/// What one language's last good build made, to reuse what its inputs did not change.
#[derive(Default)]
pub(super) struct LanguageMemory {
    /// The language's code: memory of another language is never used.
    pub(super) code: String,
    /// Per slug: what its body was rendered from, and the result.
    pub(super) bodies: HashMap<String, CachedBody>,
    /// The model, with the key of what it was built from and its problems.
    pub(super) model: Option<(u64, SiteModel, Vec<Diagnostic>)>,
    /// The related terms, with the key of their inputs.
    pub(super) related: Option<(u64, Arc<RelatedGraph>)>,
}

/// What the last good build wrote.
pub(super) struct Written {
    pub(super) output: PathBuf,
    /// Each page's fingerprint (`None`: unknown, render it next time), by output path.
    pub(super) pages: HashMap<String, Option<u64>>,
    pub(super) extras: Extras,
    /// Each page's links and ids, for checking links of later builds that re-render a few.
    pub(super) links: HashMap<String, Arc<PageLinks>>,
    /// The content-hashed assets the pages reference.
    pub(super) hashed: BTreeSet<String>,
}

/// Everything a rendered body depends on.
#[derive(Clone)]
pub(super) struct BodyInputs {
    pub(super) names: u64,
    pub(super) body: Arc<str>,
    pub(super) autolink: bool,
    pub(super) first_line: usize,
    /// The shortcode templates' and `extra`'s hash for a body with shortcodes, else 0.
    pub(super) shortcodes: u64,
}

impl BodyInputs {
    /// A key for the build cache, which keeps bodies between runs: a hash of all of the
    /// inputs, of the term's id (a body does not link its own term) and of its language
    /// (each language resolves references in its own terms first).
    pub(super) fn key(&self, language: usize, id: usize) -> u64 {
        crate::hash::hash_of(&(
            language,
            id,
            self.names,
            &*self.body,
            self.autolink,
            self.first_line,
            self.shortcodes,
        ))
    }
}

impl PartialEq for BodyInputs {
    fn eq(&self, other: &Self) -> bool {
        // An unchanged file keeps its Arc: pointer equality spares comparing the text.
        self.names == other.names
            && self.autolink == other.autolink
            && self.first_line == other.first_line
            && self.shortcodes == other.shortcodes
            && (Arc::ptr_eq(&self.body, &other.body) || self.body == other.body)
    }
}

/// A rendered body and what it was rendered from.
#[derive(Clone)]
pub(super) struct CachedBody {
    pub(super) inputs: BodyInputs,
    pub(super) rendered: Arc<RenderedBody>,
}

impl BuildSession {
    pub fn new(opts: BuildOptions) -> Self {
        BuildSession {
            opts,
            load_cache: LoadCache::default(),
            linkers: AutoLinkerCache::default(),
            languages: Vec::new(),
            written: None,
            one_shot: false,
            changed: None,
            edited: Vec::new(),
            saving: None,
            finishing: Vec::new(),
        }
    }

    /// Tells the next [`build`](Self::build) which files changed since the last one (paths
    /// relative to the root, as a file watcher reports them), so it need not look at the
    /// others. Without it, every file's size and mtime are checked.
    pub fn files_changed(&mut self, paths: impl IntoIterator<Item = PathBuf>) {
        self.changed = Some(paths.into_iter().collect());
    }

    pub fn options(&self) -> &BuildOptions {
        &self.opts
    }

    /// Reads the term files: all of them in a one-shot build, else those that changed.
    pub(super) fn load_sources(&mut self) -> (Vec<Arc<TermSource>>, Vec<Diagnostic>) {
        let root = &self.opts.root;
        if self.one_shot {
            crate::content::load(root)
        } else {
            crate::content::load_cached(root, &mut self.load_cache, self.changed.take().as_ref())
        }
    }

    /// Language `l`'s last model when nothing it is built from changed but bodies (the
    /// common edit while writing), with the new bodies put in; else a new model. Returns the
    /// key of its inputs too.
    pub(super) fn model_for(
        &mut self,
        l: usize,
        sources: Vec<Arc<TermSource>>,
        site: &SiteConfig,
        drafts: bool,
    ) -> (u64, SiteModel, Vec<Diagnostic>) {
        let key = model_key(&sources, site, drafts);
        if self.languages.len() <= l {
            self.languages.resize_with(l + 1, LanguageMemory::default);
        }
        if self.languages[l].code != site.config.language {
            self.languages[l] = LanguageMemory {
                code: site.config.language.clone(),
                ..LanguageMemory::default()
            };
        }
        if let Some((last_key, mut model, diags)) = self.languages[l].model.take() {
            if last_key == key {
                put_new_bodies(&mut model, &sources);
                return (key, model, diags);
            }
        }
        let (model, diags) = SiteModel::build(sources, site, drafts, &mut self.linkers);
        (key, model, diags)
    }
}

/// What a model is built from, but the bodies.
fn model_key(sources: &[Arc<TermSource>], site: &SiteConfig, drafts: bool) -> u64 {
    crate::hash::hash_of(&(
        format!("{:?}", site.config),
        &site.base.origin,
        &site.base.path,
        drafts,
        sources
            .iter()
            .map(|s| {
                (
                    &s.file.path,
                    &s.slug,
                    s.front_hash,
                    s.body_line,
                    &s.file.assets,
                )
            })
            .collect::<Vec<_>>(),
    ))
}

fn put_new_bodies(model: &mut SiteModel, sources: &[Arc<TermSource>]) {
    let by_path: HashMap<&Path, usize> = model
        .terms
        .iter()
        .enumerate()
        .map(|(i, t)| (t.source.as_path(), i))
        .collect();
    let updates: Vec<(usize, Arc<str>)> = sources
        .iter()
        .filter_map(|s| {
            let i = *by_path.get(s.file.path.as_path())?;
            (!Arc::ptr_eq(&model.terms[i].body, &s.body)).then(|| (i, Arc::clone(&s.body)))
        })
        .collect();
    for (i, body) in updates {
        model.terms[i].body = body;
    }
}
