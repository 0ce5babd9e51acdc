//! `glossgen serve`: build, serve over HTTP, watch the sources, rebuild, live-reload.
//!
//! - **Server**: [tiny_http], synchronous, with a few worker threads. A development server
//!   for one writer's browser needs neither async nor HTTP/2, and tiny_http (a handful of
//!   small dependencies) compiles in seconds where axum + tokio + hyper would add a minute
//!   or more to every clean build on a 2-core machine. The live-reload event stream gets a
//!   thread of its own per open tab.
//! - **Builds** go into a folder of their own (a fresh folder under the system temp folder,
//!   removed on exit; `--output` to choose one), never the site's `output_dir`, with
//!   `base_url` set to the server's address so every link stays local, and without
//!   minifying (serve output is never published; minify is ~1 s of a full build at 10,000
//!   terms, and a slice of every rebuild).
//!   Every build runs the one pipeline through a [`BuildSession`] kept for the whole
//!   session: the first build is full and swapped in at once; later ones re-render and
//!   rewrite (each file by an atomic rename) only the pages whose inputs changed. A request
//!   sees each file old or new, never half-written (a full build's swap is one atomic
//!   exchange; where that is unavailable, one falling between its two renames waits for the
//!   new tree).
//! - **Watching**: see [`watch`]. A change → one rebuild; changes made during a build are
//!   folded into the next one.
//! - **Live reload** ([`live`]): HTML responses get a `<script>` (at serve time; `build`
//!   output never has it) that listens on `/__glossgen/events` (Server-Sent Events):
//!   `reload` after a good build, `error` with the errors (JSON) after a failed one, shown
//!   in an overlay. A failed build leaves the last good site served; `/__glossgen/status`
//!   (and the `hello` event every new page gets) tell a page loaded meanwhile.
//!
//! Unlike the rest of the library this module prints (to stderr): it is the long-running
//! command itself, and its log is its interface.

mod builder;
pub mod http;
mod listen;
pub mod live;
mod resolve;
mod temp_folder;
pub mod watch;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::diagnostics::{display_path, Diagnostic};
use crate::pipeline::{build, BuildOptions, BuildSession, Mode};

use builder::Builder;
use listen::{bind, open_browser, tune_sockets, urls};
use live::{Hub, Status};
use temp_folder::TempDir;
use watch::{Change, SiteWatcher};

/// The port tried first when none is given; if it is taken, the next free one is used.
pub const DEFAULT_PORT: u16 = 1111;
/// HTTP worker threads. No worker waits for a request body (see [`http`]); a client that
/// stops reading holds one for at most [`listen::CLIENT_TIMEOUT`].
const WORKERS: usize = 8;

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    /// `None`: [`DEFAULT_PORT`] or the next free one. `Some`: that port or an error.
    pub port: Option<u16>,
    pub interface: String,
    pub open: bool,
    pub drafts: bool,
    /// Build into (and serve) this folder instead of a temporary one; kept on exit.
    pub output: Option<PathBuf>,
    /// Poll the file system instead of OS notifications.
    pub poll: bool,
}

/// Why `serve` could not start. `exit_code`: 1 for a site or network problem, 2 for usage.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("{0}")]
    Usage(String),
    #[error("{0}")]
    Failed(String),
    /// The site cannot be served at all (no config.yaml): the diagnostics say why.
    #[error("the site cannot be built")]
    Site(Vec<Diagnostic>),
}

impl ServeError {
    pub fn exit_code(&self) -> u8 {
        match self {
            ServeError::Usage(_) => 2,
            _ => 1,
        }
    }
}

/// State shared by the HTTP workers and the rebuild loop.
pub struct Shared {
    /// The folder served: where every build is written.
    pub served: PathBuf,
    pub hub: Hub,
    status: Mutex<Status>,
    instance: String,
    generation: AtomicU64,
}

impl Shared {
    pub fn status(&self) -> Status {
        self.status.lock().unwrap().clone()
    }
}

/// How long a stop waits for a running build to finish: one about to end then leaves a whole
/// site, and one that is not is not waited for (its files are each whole, see [`shut_down`]).
const STOP_GRACE: Duration = Duration::from_millis(250);
/// How long a stop spends removing the temporary build folder itself. At 10,000 terms it
/// holds ~35,000 files and folders (a folder per page), which a loaded disk takes 3 to 20+ s
/// to remove: what is left then is handed to a process of its own (see [`temp_folder`]).
const REMOVE_BUDGET: Duration = Duration::from_millis(600);

/// Runs `glossgen serve` until Ctrl-C (or SIGTERM).
pub fn serve(opts: ServeOptions) -> Result<(), ServeError> {
    // First: a stop that comes while serve starts is a clean one too.
    let stop = on_stop_signal()?;
    let root = site_root(&opts.root)?;
    let listener = bind(&opts.interface, opts.port)?;
    tune_sockets(&listener);
    let addr = listener
        .local_addr()
        .map_err(|e| ServeError::Failed(format!("cannot read the bound address: {e}")))?;
    let (url, base_url) = urls(&opts.interface, addr);
    let (temp, served) = build_folder(opts.output.as_deref())?;
    let shared = Arc::new(Shared::new(served.clone()));
    // Answer at once (a "building…" page) while the first build runs.
    let server = start_http(listener, addr, &shared)?;

    let builder = Arc::new(Builder {
        session: Mutex::new(BuildSession::new(build_options(
            &root, &served, base_url, &opts,
        ))),
        shared: Arc::clone(&shared),
        stopping: AtomicBool::new(false),
        warnings: Mutex::new(Vec::new()),
    });
    // Watch before the first build, so changes made meanwhile are not missed.
    let (change_tx, change_rx) = mpsc::channel::<Change>();
    let mut ignore = vec![served.clone()];
    ignore.extend(temp.as_ref().map(|t| t.path.clone()));
    let watcher = SiteWatcher::start(&root, ignore, opts.poll, change_tx)
        .map_err(|e| ServeError::Failed(format!("cannot watch {}: {e}", root.display())))?;
    eprintln!(
        "building {} into {}",
        display_path(&root),
        display_path(&served)
    );
    let ready = Ready {
        url,
        poll: opts.poll,
        open: opts.open,
    };
    spawn_rebuilds(Arc::clone(&builder), watcher, change_rx, root, ready)?;

    // The builds run on their own thread: a stop is answered at once in every state, the
    // first build included.
    let _ = stop.recv();
    shut_down(&builder, &server, temp);
    Ok(())
}

/// The site's folder, absolute; an error (the one `build` gives) when it is not a site.
fn site_root(root: &Path) -> Result<PathBuf, ServeError> {
    let root = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    if root.join(crate::config::CONFIG_FILE).is_file() {
        return Ok(root);
    }
    let check = BuildOptions {
        mode: Mode::Check,
        ..BuildOptions::new(&root)
    };
    Err(match build(&check) {
        Err(f) => ServeError::Site(f.diagnostics),
        Ok(_) => ServeError::Failed(format!("no config.yaml in {}", root.display())),
    })
}

/// Where the builds go: `--output`, or `public/` in a new temporary folder (returned too, to
/// be removed on exit).
fn build_folder(output: Option<&Path>) -> Result<(Option<TempDir>, PathBuf), ServeError> {
    if let Some(o) = output {
        return Ok((
            None,
            std::path::absolute(o).unwrap_or_else(|_| o.to_path_buf()),
        ));
    }
    let temp = TempDir::create()
        .map_err(|e| ServeError::Failed(format!("cannot create a temporary build folder: {e}")))?;
    let served = temp.path.join("public");
    Ok((Some(temp), served))
}

/// The options of every serve build: into `served`, linking to the server, not minified.
fn build_options(
    root: &Path,
    served: &Path,
    base_url: String,
    opts: &ServeOptions,
) -> BuildOptions {
    BuildOptions {
        root: root.to_path_buf(),
        output: Some(served.to_path_buf()),
        base_url: Some(base_url),
        drafts: opts.drafts,
        // Minifying is for what gets published; at 10,000 terms it is ~1 s of the first
        // (full) build, and part of every rebuild.
        minify: Some(false),
        mode: Mode::Write,
        force: false,
        check_external: None,
        // The session keeps what it needs in memory.
        cache: crate::pipeline::CacheChoice::Off,
    }
}

impl Shared {
    /// Before the first build: building, nothing built yet. `instance` (the start time)
    /// tells a page's live-reload script that the server it talks to was restarted.
    fn new(served: PathBuf) -> Shared {
        let instance = format!(
            "{:x}",
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| d.as_millis())
                .unwrap_or(0)
        );
        Shared {
            served,
            hub: Hub::default(),
            status: Mutex::new(Status {
                ok: true,
                built: false,
                building: true,
                build: format!("{instance}-0"),
                errors: Vec::new(),
                elapsed_ms: 0,
            }),
            instance,
            generation: AtomicU64::new(0),
        }
    }
}

/// The HTTP server on `listener`, with [`WORKERS`] threads answering requests.
fn start_http(
    listener: std::net::TcpListener,
    addr: std::net::SocketAddr,
    shared: &Arc<Shared>,
) -> Result<Arc<tiny_http::Server>, ServeError> {
    let server = Arc::new(
        tiny_http::Server::from_listener(listener, None)
            .map_err(|e| ServeError::Failed(format!("cannot start the server on {addr}: {e}")))?,
    );
    for i in 0..WORKERS {
        let (server, shared) = (Arc::clone(&server), Arc::clone(shared));
        std::thread::Builder::new()
            .name(format!("glossgen-http-{i}"))
            .spawn(move || {
                while let Ok(request) = server.recv() {
                    http::handle(request, &shared);
                }
            })
            .map_err(|e| ServeError::Failed(format!("cannot start a thread: {e}")))?;
    }
    Ok(server)
}

/// Ctrl-C and SIGTERM: the first is received on the returned channel (a clean stop), a
/// second one ends the process at once.
fn on_stop_signal() -> Result<mpsc::Receiver<()>, ServeError> {
    let (stop_tx, stop_rx) = mpsc::channel::<()>();
    let signals = AtomicU64::new(0);
    ctrlc::set_handler(move || {
        if signals.fetch_add(1, Ordering::SeqCst) > 0 {
            std::process::exit(130);
        }
        let _ = stop_tx.send(());
    })
    .map_err(|e| ServeError::Failed(format!("cannot install the Ctrl-C handler: {e}")))?;
    Ok(stop_rx)
}

/// What to say (and do) once the first build is done.
struct Ready {
    url: String,
    poll: bool,
    open: bool,
}

/// The rebuild thread: the first build, then one build per batch of changes.
fn spawn_rebuilds(
    builder: Arc<Builder>,
    mut watcher: SiteWatcher,
    changes: mpsc::Receiver<Change>,
    root: PathBuf,
    ready: Ready,
) -> Result<(), ServeError> {
    std::thread::Builder::new()
        .name("glossgen-rebuild".into())
        .spawn(move || {
            builder.run(&[], false);
            if builder.stopping.load(Ordering::SeqCst) {
                return;
            }
            let how = if ready.poll {
                " (polling for changes)"
            } else {
                ""
            };
            eprintln!("serving at {}{how} — Ctrl-C to stop", ready.url);
            if ready.open {
                open_browser(&ready.url);
            }
            while let Some(batch) = next_batch(&changes) {
                rebuild(&builder, &mut watcher, &root, batch);
            }
        })
        .map(|_| ())
        .map_err(|e| ServeError::Failed(format!("cannot start a thread: {e}")))
}

/// The changed paths (sorted, no repeats) of the next batch of changes, with everything
/// that came meanwhile folded in; and whether the watcher failed meanwhile. `None` when the
/// watcher is gone.
fn next_batch(changes: &mpsc::Receiver<Change>) -> Option<(Vec<PathBuf>, bool)> {
    let mut paths = Vec::new();
    let mut watch_failed = false;
    let mut take = |c: Change| match c {
        Change::Paths(p) => paths.extend(p),
        Change::Error(e) => {
            watch_failed = true;
            eprintln!("warning: file watching: {e}");
        }
    };
    take(changes.recv().ok()?);
    while let Ok(more) = changes.try_recv() {
        take(more);
    }
    paths.sort();
    paths.dedup();
    Some((paths, watch_failed))
}

/// One rebuild for a batch of changed paths (none: nothing to do).
fn rebuild(
    builder: &Builder,
    watcher: &mut SiteWatcher,
    root: &Path,
    (paths, watch_failed): (Vec<PathBuf>, bool),
) {
    if paths.is_empty() {
        return;
    }
    watcher.rewatch_if_needed(&paths);
    let rel: Vec<PathBuf> = paths
        .iter()
        .map(|p| p.strip_prefix(root).unwrap_or(p).to_path_buf())
        .collect();
    // The watcher's list lets the build skip checking every other file; only when it is
    // trustworthy (no watch error, every path inside the site).
    let hint = !watch_failed && rel.iter().all(|p| p.is_relative());
    builder.run(&rel, hint);
}

/// After a stop signal: no new build starts; a running one gets [`STOP_GRACE`] to finish,
/// and is otherwise left to die with the process. That never damages the served folder: a
/// full build writes only its staging folder until one atomic swap, and a rebuild replaces
/// each file by an atomic rename. The temporary build folder goes (this process spending at
/// most [`REMOVE_BUDGET`] on it).
fn shut_down(builder: &Builder, server: &tiny_http::Server, temp: Option<TempDir>) {
    eprintln!("stopping");
    builder.stopping.store(true, Ordering::SeqCst);
    let deadline = Instant::now() + STOP_GRACE;
    let _idle = loop {
        match builder.session.try_lock() {
            Ok(g) => break Some(g),
            Err(_) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(10)),
            Err(_) => break None,
        }
    };
    for _ in 0..WORKERS {
        server.unblock();
    }
    if let Some(temp) = temp {
        temp.remove_within(REMOVE_BUDGET);
    }
}
