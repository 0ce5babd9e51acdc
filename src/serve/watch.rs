//! Watching the site's sources: `config.yaml`, `content/`, `templates/`, `themes/`, `static/`.
//!
//! notify (inotify, FSEvents, ReadDirectoryChangesW; or stat polling with `--poll`, for
//! network and container file systems where those say nothing) behind notify-debouncer-full,
//! which folds the burst of events of one save (write, chmod, rename-over) into one batch
//! after 50 ms of quiet. (Not notify-debouncer-mini: it drops the event kinds, and inotify
//! reports every file *opened*, so the build's own reads of the sources would trigger the
//! next build, forever. Access events are dropped here.)

use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

use notify::{PollWatcher, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer_opt, DebounceEventResult, Debouncer, NoCache};

/// The folders of a site that feed the build, watched recursively when they exist.
pub const WATCHED_DIRS: [&str; 4] = ["content", "templates", "themes", "static"];
pub const DEBOUNCE: Duration = Duration::from_millis(50);
pub const POLL_INTERVAL: Duration = Duration::from_millis(500);

/// What the watcher thread hands the rebuild loop.
pub enum Change {
    /// Paths that changed (already filtered: only sources of the build).
    Paths(Vec<PathBuf>),
    /// The watcher itself failed (a watched folder vanished, too many watches…).
    Error(String),
}

enum Backend {
    Native(Debouncer<RecommendedWatcher, NoCache>),
    /// notify's poller compares modification times to the second: a second save within the
    /// same second would go unseen. So the text sources (config, content, templates, themes)
    /// are also compared by content; `static/` (images, fonts, maybe large) by time only.
    Poll {
        text: Debouncer<PollWatcher, NoCache>,
        assets: Debouncer<PollWatcher, NoCache>,
    },
}

/// The debouncer's callback: drops reads (inotify reports every `open`, the build's own
/// included) and non-sources, and hands the rest to the rebuild loop.
fn handler(
    root: PathBuf,
    ignore: Vec<PathBuf>,
    changes: Sender<Change>,
) -> impl FnMut(DebounceEventResult) + Send + 'static {
    move |result: DebounceEventResult| {
        let change = match result {
            Ok(events) => {
                let mut paths: Vec<PathBuf> = events
                    .into_iter()
                    .filter(|e| !e.kind.is_access())
                    .flat_map(|e| e.event.paths)
                    .filter(|p| is_source(&root, p, &ignore))
                    .collect();
                if paths.is_empty() {
                    return;
                }
                paths.sort();
                paths.dedup();
                Change::Paths(paths)
            }
            Err(errors) => Change::Error(
                errors
                    .iter()
                    .map(|e| e.to_string())
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
        };
        let _ = changes.send(change);
    }
}

/// A running watcher; dropping it stops watching.
pub struct SiteWatcher {
    backend: Backend,
    root: PathBuf,
    watched: Vec<PathBuf>,
}

impl SiteWatcher {
    /// Starts watching `root` (absolute). Changes under `ignore` (the served folder, when it
    /// lies inside the site) are dropped.
    pub fn start(
        root: &Path,
        ignore: Vec<PathBuf>,
        poll: bool,
        changes: Sender<Change>,
    ) -> notify::Result<SiteWatcher> {
        let make = || handler(root.to_path_buf(), ignore.clone(), changes.clone());
        let config = notify::Config::default().with_poll_interval(POLL_INTERVAL);
        let backend = if poll {
            Backend::Poll {
                text: new_debouncer_opt::<_, PollWatcher, _>(
                    DEBOUNCE,
                    None,
                    make(),
                    NoCache,
                    config.with_compare_contents(true),
                )?,
                assets: new_debouncer_opt::<_, PollWatcher, _>(
                    DEBOUNCE,
                    None,
                    make(),
                    NoCache,
                    config,
                )?,
            }
        } else {
            Backend::Native(new_debouncer_opt::<_, RecommendedWatcher, _>(
                DEBOUNCE,
                None,
                make(),
                NoCache,
                config,
            )?)
        };
        let mut w = SiteWatcher {
            backend,
            root: root.to_path_buf(),
            watched: Vec::new(),
        };
        // The root itself, not recursively: config.yaml, and source folders being created.
        w.watch(root, RecursiveMode::NonRecursive)?;
        w.refresh();
        Ok(w)
    }

    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        let is_static = path == self.root.join("static");
        match &mut self.backend {
            Backend::Native(d) => d.watch(path, mode),
            Backend::Poll { assets, .. } if is_static => assets.watch(path, mode),
            Backend::Poll { text, .. } => text.watch(path, mode),
        }
    }

    fn unwatch(&mut self, path: &Path) {
        let is_static = path == self.root.join("static");
        let _ = match &mut self.backend {
            Backend::Native(d) => d.unwatch(path),
            Backend::Poll { assets, .. } if is_static => assets.unwatch(path),
            Backend::Poll { text, .. } => text.unwatch(path),
        };
    }

    /// Watches the source folders that exist now. Called after each batch of changes, so a
    /// folder created (or deleted and re-created, as a `git checkout` may) is picked up.
    pub fn refresh(&mut self) {
        for name in WATCHED_DIRS {
            let dir = self.root.join(name);
            let exists = dir.is_dir();
            let known = self.watched.contains(&dir);
            if exists && known {
                continue;
            }
            if known {
                self.unwatch(&dir);
                self.watched.retain(|d| d != &dir);
            }
            if exists && self.watch(&dir, RecursiveMode::Recursive).is_ok() {
                self.watched.push(dir);
            }
        }
    }

    /// After a batch touching a watched folder itself (removed, renamed, re-created), start
    /// its watch over: an inotify watch does not survive the folder it is on.
    pub fn rewatch_if_needed(&mut self, paths: &[PathBuf]) {
        let touched: Vec<PathBuf> = WATCHED_DIRS
            .iter()
            .map(|d| self.root.join(d))
            .filter(|d| paths.contains(d))
            .collect();
        for dir in touched {
            if self.watched.contains(&dir) {
                self.unwatch(&dir);
                self.watched.retain(|d| d != &dir);
            }
        }
        self.refresh();
    }
}

/// Editor scratch files: Vim's `.x.swp` / `x~` / `4913`, Emacs's `.#x` and `#x#`, JetBrains'
/// `x___jb_tmp___`, and other `.tmp` / dot-files. The build ignores dot-files anyway.
pub fn is_scratch(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || (name.starts_with('#') && name.ends_with('#'))
        || name == "4913"
        || name.contains("___jb_")
        || [".swp", ".swx", ".swo", ".tmp", ".crdownload", ".part"]
            .iter()
            .any(|ext| name.ends_with(ext))
}

/// Whether a changed path can change the site: config.yaml, or a non-scratch file in one
/// of the source folders, outside the ignored folders.
pub fn is_source(root: &Path, path: &Path, ignore: &[PathBuf]) -> bool {
    if ignore.iter().any(|i| path.starts_with(i)) {
        return false;
    }
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let parts: Vec<&str> = rel
        .components()
        .map(|c| c.as_os_str().to_str().unwrap_or(""))
        .collect();
    match parts.as_slice() {
        [] => false,
        [only] => *only == crate::config::CONFIG_FILE || WATCHED_DIRS.contains(only),
        [first, rest @ ..] => {
            WATCHED_DIRS.contains(first) && !rest.iter().any(|p| p.is_empty() || is_scratch(p))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_sources_count() {
        let root = Path::new("/site");
        let out = vec![PathBuf::from("/site/themes/public")];
        let yes = [
            "/site/config.yaml",
            "/site/content/a.md",
            "/site/content/metrics/ltv/index.md",
            "/site/content",
            "/site/templates/term.html",
            "/site/themes/default/static/style.css",
            "/site/static/logo.png",
        ];
        let no = [
            "/site/public/index.html",
            "/site/README.md",
            "/site/.git/index",
            "/site/content/.a.md.swp",
            "/site/content/a.md~",
            "/site/content/.#a.md",
            "/site/content/#a.md#",
            "/site/content/4913",
            "/site/content/a.md___jb_tmp___",
            "/site/content/.git/x",
            "/site/themes/public/index.html",
            "/elsewhere/content/a.md",
        ];
        for p in yes {
            assert!(is_source(root, Path::new(p), &out), "{p}");
        }
        for p in no {
            assert!(!is_source(root, Path::new(p), &out), "{p}");
        }
    }
}
