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

pub mod http;
pub mod live;
pub mod watch;

use std::net::{IpAddr, SocketAddr, TcpListener, ToSocketAddrs};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::diagnostics::{display_path, Diagnostic, Problem};
use crate::pipeline::{build, BuildOptions, BuildSession, Mode};

use live::{sse_event, ErrorItem, Hub, Status};
use watch::{Change, SiteWatcher};

/// The port tried first when none is given; if it is taken, the next free one is used.
pub const DEFAULT_PORT: u16 = 1111;
/// How many ports after [`DEFAULT_PORT`] are tried.
const PORT_TRIES: u16 = 20;
/// HTTP worker threads. No worker waits for a request body (see [`http`]); a client that
/// stops reading holds one for at most [`CLIENT_TIMEOUT`].
const WORKERS: usize = 8;
/// How long one write to a client may wait.
const CLIENT_TIMEOUT: Duration = Duration::from_secs(10);

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

/// Runs `glossgen serve` until Ctrl-C (or SIGTERM).
pub fn serve(opts: ServeOptions) -> Result<(), ServeError> {
    let root = std::path::absolute(&opts.root).unwrap_or_else(|_| opts.root.clone());
    if !root.join(crate::config::CONFIG_FILE).is_file() {
        // Not a site: the same message `build` gives.
        return Err(
            match build(&BuildOptions {
                mode: Mode::Check,
                ..BuildOptions::new(&root)
            }) {
                Err(f) => ServeError::Site(f.diagnostics),
                Ok(_) => ServeError::Failed(format!("no config.yaml in {}", root.display())),
            },
        );
    }

    let listener = bind(&opts.interface, opts.port)?;
    tune_sockets(&listener);
    let addr = listener
        .local_addr()
        .map_err(|e| ServeError::Failed(format!("cannot read the bound address: {e}")))?;
    let (url, base_url) = urls(&opts.interface, addr);

    let temp = match &opts.output {
        Some(_) => None,
        None => Some(TempDir::create().map_err(|e| {
            ServeError::Failed(format!("cannot create a temporary build folder: {e}"))
        })?),
    };
    let served = match (&opts.output, &temp) {
        (Some(o), _) => std::path::absolute(o).unwrap_or_else(|_| o.clone()),
        (None, Some(t)) => t.path.join("public"),
        (None, None) => unreachable!(),
    };
    let build_opts = BuildOptions {
        root: root.clone(),
        output: Some(served.clone()),
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
    };

    let instance = format!(
        "{:x}",
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_millis())
            .unwrap_or(0)
    );
    let shared = Arc::new(Shared {
        served: served.clone(),
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
    });

    // Answer at once (a "building…" page) while the first build runs.
    let server = Arc::new(
        tiny_http::Server::from_listener(listener, None)
            .map_err(|e| ServeError::Failed(format!("cannot start the server on {addr}: {e}")))?,
    );
    for i in 0..WORKERS {
        let (server, shared) = (Arc::clone(&server), Arc::clone(&shared));
        std::thread::Builder::new()
            .name(format!("glossgen-http-{i}"))
            .spawn(move || {
                while let Ok(request) = server.recv() {
                    http::handle(request, &shared);
                }
            })
            .map_err(|e| ServeError::Failed(format!("cannot start a thread: {e}")))?;
    }

    // Ctrl-C and SIGTERM: the first stops cleanly, a second one at once.
    let (stop_tx, stop_rx) = mpsc::channel::<()>();
    let signals = AtomicU64::new(0);
    ctrlc::set_handler(move || {
        if signals.fetch_add(1, Ordering::SeqCst) > 0 {
            std::process::exit(130);
        }
        let _ = stop_tx.send(());
    })
    .map_err(|e| ServeError::Failed(format!("cannot install the Ctrl-C handler: {e}")))?;

    let builder = Arc::new(Builder {
        session: Mutex::new(BuildSession::new(build_opts)),
        shared: Arc::clone(&shared),
        stopping: AtomicBool::new(false),
        warnings: Mutex::new(Vec::new()),
    });
    // Watch, then rebuild on each batch of changes, in a thread of its own.
    let (change_tx, change_rx) = mpsc::channel::<Change>();
    let mut ignore = vec![served.clone()];
    ignore.extend(temp.as_ref().map(|t| t.path.clone()));
    let mut watcher = SiteWatcher::start(&root, ignore, opts.poll, change_tx)
        .map_err(|e| ServeError::Failed(format!("cannot watch {}: {e}", root.display())))?;
    {
        let builder = Arc::clone(&builder);
        let root = root.clone();
        std::thread::Builder::new()
            .name("glossgen-rebuild".into())
            .spawn(move || {
                while let Ok(change) = change_rx.recv() {
                    let mut paths = Vec::new();
                    let mut watch_failed = false;
                    let mut take = |c: Change| match c {
                        Change::Paths(p) => paths.extend(p),
                        Change::Error(e) => {
                            watch_failed = true;
                            eprintln!("warning: file watching: {e}");
                        }
                    };
                    take(change);
                    while let Ok(more) = change_rx.try_recv() {
                        take(more);
                    }
                    if paths.is_empty() {
                        continue;
                    }
                    paths.sort();
                    paths.dedup();
                    watcher.rewatch_if_needed(&paths);
                    let rel: Vec<PathBuf> = paths
                        .iter()
                        .map(|p| p.strip_prefix(&root).unwrap_or(p).to_path_buf())
                        .collect();
                    // The watcher's list lets the build skip checking every other file; only
                    // when it is trustworthy (no watch error, every path inside the site).
                    let hint = !watch_failed && rel.iter().all(|p| p.is_relative());
                    builder.run(&rel, hint);
                }
            })
            .map_err(|e| ServeError::Failed(format!("cannot start a thread: {e}")))?;
    }

    // The first build, on this thread; changes made meanwhile are already being watched.
    eprintln!(
        "building {} into {}",
        display_path(&root),
        display_path(&served)
    );
    builder.run(&[], false);
    eprintln!(
        "serving at {url}{} — Ctrl-C to stop",
        if opts.poll {
            " (polling for changes)"
        } else {
            ""
        }
    );
    if opts.open {
        open_browser(&url);
    }

    let _ = stop_rx.recv();
    eprintln!("stopping");
    builder.stopping.store(true, Ordering::SeqCst);
    // Let a running build finish writing before its folder goes (at most 10 s).
    let deadline = Instant::now() + Duration::from_secs(10);
    let _guard = loop {
        match builder.session.try_lock() {
            Ok(g) => break Some(g),
            Err(_) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(20)),
            Err(_) => break None,
        }
    };
    for _ in 0..WORKERS {
        server.unblock();
    }
    drop(temp); // removes the temporary build folder
    Ok(())
}

/// Runs builds one at a time and publishes their outcome.
struct Builder {
    /// The pipeline, keeping what a rebuild can reuse; locked while a build runs.
    session: Mutex<BuildSession>,
    shared: Arc<Shared>,
    stopping: AtomicBool,
    /// Warnings already printed, so a rebuild prints only new ones.
    warnings: Mutex<Vec<String>>,
}

impl Builder {
    /// Builds once. `changed` (relative paths) is for the log line and, with `hint`, tells
    /// the build that no other file changed.
    fn run(&self, changed: &[PathBuf], hint: bool) {
        let Ok(mut session) = self.session.lock() else {
            return;
        };
        if hint {
            session.files_changed(changed.iter().cloned());
        }
        if self.stopping.load(Ordering::SeqCst) {
            return;
        }
        if !changed.is_empty() {
            let shown: Vec<String> = changed.iter().take(3).map(|p| display_path(p)).collect();
            let more = changed.len().saturating_sub(3);
            eprintln!(
                "change: {}{}",
                shown.join(", "),
                if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                }
            );
        }
        self.shared.status.lock().unwrap().building = true;
        let started = Instant::now();
        // A bug that panics in the pipeline must not end the rebuild thread (the status
        // would say "building" for ever and no later fix would be picked up): it becomes a
        // failed build, and the next build starts afresh.
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| session.build()))
            .unwrap_or_else(|panic| {
                let opts = session.options().clone();
                *session = BuildSession::new(opts);
                Err(crate::pipeline::BuildFailure {
                    diagnostics: vec![Diagnostic::error(
                        // The change that set it off, if one did.
                        changed
                            .first()
                            .cloned()
                            .unwrap_or_else(|| PathBuf::from("content")),
                        Problem::BuildPanicked(panic_message(panic.as_ref())),
                    )],
                })
            });
        let elapsed = started.elapsed();
        let generation = self.shared.generation.fetch_add(1, Ordering::SeqCst) + 1;
        let build_id = format!("{}-{generation}", self.shared.instance);
        // Publish first (the status lock is held only to update it), then print.
        match result {
            Ok(report) => {
                self.publish(&build_id, elapsed, Vec::new());
                let data = serde_json::json!({ "build": build_id }).to_string();
                self.shared.hub.broadcast(&sse_event("reload", &data));
                self.print_new_warnings(&report.warnings);
                eprintln!(
                    "built {} terms: {} of {} pages rendered in {} ms",
                    report.terms,
                    report.rendered,
                    report.pages,
                    elapsed.as_millis()
                );
            }
            Err(failure) => {
                let (errors, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) = failure
                    .diagnostics
                    .into_iter()
                    .partition(Diagnostic::is_error);
                let items = errors.iter().map(ErrorItem::from).collect();
                let status = self.publish(&build_id, elapsed, items);
                let data = serde_json::to_string(&status).unwrap_or_default();
                self.shared.hub.broadcast(&sse_event("error", &data));
                self.print_new_warnings(&warnings);
                for d in &errors {
                    eprintln!("{d}");
                }
                eprintln!(
                    "error: {} error(s); {}",
                    errors.len(),
                    if status.built {
                        "still serving the last good build"
                    } else {
                        "nothing to serve until they are fixed"
                    }
                );
            }
        }
    }

    /// Records a finished build: good when `errors` is empty. Returns the new status.
    fn publish(&self, build_id: &str, elapsed: Duration, errors: Vec<ErrorItem>) -> Status {
        let mut status = self.shared.status.lock().unwrap();
        status.building = false;
        status.build = build_id.to_string();
        status.elapsed_ms = elapsed.as_millis() as u64;
        status.ok = errors.is_empty();
        status.built |= status.ok;
        status.errors = errors;
        status.clone()
    }

    fn print_new_warnings(&self, warnings: &[Diagnostic]) {
        let mut seen = self.warnings.lock().unwrap();
        let now: Vec<String> = warnings.iter().map(|w| w.to_string()).collect();
        for w in &now {
            if !seen.contains(w) {
                eprintln!("{w}");
            }
        }
        *seen = now;
    }
}

/// Options that accepted connections inherit from the listening socket (as Linux does;
/// tiny_http 0.12 gives no access to the connections themselves): a write
/// timeout ([`CLIENT_TIMEOUT`]), so a client that does not read its response frees its
/// worker; and `TCP_NODELAY`, without which a keep-alive response written as head then body
/// waits ~40 ms for the client's delayed ACK. No read timeout: on the listener it would also
/// bound `accept`, and tiny_http's accept loop ends at the first error. Failing is harmless.
fn tune_sockets(listener: &TcpListener) {
    #[cfg(unix)]
    {
        use std::os::fd::AsRawFd;
        let fd = listener.as_raw_fd();
        let timeout = libc::timeval {
            tv_sec: CLIENT_TIMEOUT.as_secs() as libc::time_t,
            tv_usec: 0,
        };
        let on: libc::c_int = 1;
        let set =
            |level: libc::c_int, name: libc::c_int, value: *const libc::c_void, len: usize| {
                // SAFETY: `value` points to a live value of `len` bytes for the call's duration.
                unsafe { libc::setsockopt(fd, level, name, value, len as libc::socklen_t) };
            };
        let tv = (&timeout as *const libc::timeval).cast();
        set(
            libc::SOL_SOCKET,
            libc::SO_SNDTIMEO,
            tv,
            std::mem::size_of::<libc::timeval>(),
        );
        let on_ptr = (&on as *const libc::c_int).cast();
        set(
            libc::IPPROTO_TCP,
            libc::TCP_NODELAY,
            on_ptr,
            std::mem::size_of::<libc::c_int>(),
        );
    }
    #[cfg(not(unix))]
    let _ = listener;
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown cause".into())
}

/// Binds the listening socket. An explicit port that is taken is an error naming it; the
/// default port moves on to the next free one, and says so.
fn bind(interface: &str, port: Option<u16>) -> Result<TcpListener, ServeError> {
    let ip = resolve_interface(interface)?;
    let try_port = |p: u16| TcpListener::bind(SocketAddr::new(ip, p));
    let in_use = |e: &std::io::Error| e.kind() == std::io::ErrorKind::AddrInUse;
    match port {
        Some(p) => try_port(p).map_err(|e| {
            if in_use(&e) {
                ServeError::Failed(format!(
                    "port {p} on {interface} is already in use: stop the program using it or choose another port with --port"
                ))
            } else {
                ServeError::Failed(format!("cannot listen on {interface}:{p}: {e}"))
            }
        }),
        None => {
            let mut last = None;
            for p in DEFAULT_PORT..DEFAULT_PORT + PORT_TRIES {
                match try_port(p) {
                    Ok(l) => {
                        if p != DEFAULT_PORT {
                            eprintln!("port {DEFAULT_PORT} is in use; using port {p} instead");
                        }
                        return Ok(l);
                    }
                    Err(e) if in_use(&e) => last = Some(e),
                    Err(e) => {
                        return Err(ServeError::Failed(format!(
                            "cannot listen on {interface}:{p}: {e}"
                        )))
                    }
                }
            }
            Err(ServeError::Failed(format!(
                "ports {DEFAULT_PORT} to {} on {interface} are all in use ({}): choose one with --port",
                DEFAULT_PORT + PORT_TRIES - 1,
                last.map(|e| e.to_string()).unwrap_or_default()
            )))
        }
    }
}

fn resolve_interface(interface: &str) -> Result<IpAddr, ServeError> {
    let trimmed = interface.trim_start_matches('[').trim_end_matches(']');
    if let Ok(ip) = trimmed.parse::<IpAddr>() {
        return Ok(ip);
    }
    (trimmed, 0)
        .to_socket_addrs()
        .ok()
        .and_then(|mut a| a.next())
        .map(|a| a.ip())
        .ok_or_else(|| {
            ServeError::Usage(format!(
                "--interface `{interface}` is not an IP address or a known host name"
            ))
        })
}

/// The URL to print and the `base_url` of serve builds. An unspecified interface
/// (`0.0.0.0`, `::`) gets a path-only base, so links work from whichever address the
/// browser used.
fn urls(interface: &str, addr: SocketAddr) -> (String, String) {
    let port = addr.port();
    let host = match addr.ip() {
        ip if ip.is_unspecified() => {
            return (format!("http://127.0.0.1:{port}/"), "/".to_string());
        }
        IpAddr::V6(ip) if interface.parse::<IpAddr>().is_ok() || interface.starts_with('[') => {
            format!("[{ip}]")
        }
        IpAddr::V4(ip) if interface.parse::<IpAddr>().is_ok() => ip.to_string(),
        _ => interface.to_string(), // a host name such as `localhost`
    };
    let url = format!("http://{host}:{port}/");
    (url.clone(), url)
}

/// Opens the URL in the default browser; failing is only a warning.
fn open_browser(url: &str) {
    let mut cmd = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    cmd.arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    match cmd.spawn() {
        Ok(mut child) => {
            // Reap it; a non-zero exit (no browser) is a warning too.
            std::thread::spawn(move || {
                if let Ok(status) = child.wait() {
                    if !status.success() {
                        eprintln!(
                            "warning: could not open a browser ({status}); open the URL by hand"
                        );
                    }
                }
            });
        }
        Err(e) => eprintln!("warning: could not open a browser: {e}; open the URL by hand"),
    }
}

/// A uniquely named folder under the system temp folder, removed when dropped. Named
/// `glossgen-serve-<pid>-<hex>`, so that the folder of a serve that was killed (and never
/// dropped its own) is recognised and removed by the next serve.
struct TempDir {
    path: PathBuf,
}

/// The process id in a serve folder's name `glossgen-serve-<pid>-<hex>`.
fn serve_folder_pid(name: &str) -> Option<u32> {
    let rest = name.strip_prefix("glossgen-serve-")?;
    let (pid, hex) = rest.split_once('-')?;
    (!hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| pid.parse().ok())
        .flatten()
}

/// Removes the serve folders under `base` whose process is gone (killed serves).
fn remove_dead_serve_folders(base: &std::path::Path) {
    let Ok(entries) = std::fs::read_dir(base) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let dead = serve_folder_pid(&name)
            .is_some_and(|pid| pid != std::process::id() && !crate::output::process_alive(pid));
        if dead && entry.file_type().is_ok_and(|t| t.is_dir()) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

impl TempDir {
    fn create() -> std::io::Result<TempDir> {
        let base = std::env::temp_dir();
        remove_dead_serve_folders(&base);
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        for attempt in 0..100u32 {
            let path = base.join(format!(
                "glossgen-serve-{}-{:08x}",
                std::process::id(),
                nanos.wrapping_add(attempt)
            ));
            match std::fs::create_dir(&path) {
                Ok(()) => return Ok(TempDir { path }),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        }
        Err(std::io::Error::other("no free temporary folder name"))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_for_interfaces() {
        let a: SocketAddr = "127.0.0.1:1111".parse().unwrap();
        assert_eq!(
            urls("127.0.0.1", a),
            (
                "http://127.0.0.1:1111/".into(),
                "http://127.0.0.1:1111/".into()
            )
        );
        let a: SocketAddr = "0.0.0.0:8000".parse().unwrap();
        assert_eq!(urls("0.0.0.0", a).1, "/");
        let a: SocketAddr = "[::1]:8000".parse().unwrap();
        assert_eq!(urls("::1", a).0, "http://[::1]:8000/");
        let a: SocketAddr = "127.0.0.1:8000".parse().unwrap();
        assert_eq!(urls("localhost", a).0, "http://localhost:8000/");
    }

    #[test]
    fn serve_folder_names_give_their_pid() {
        assert_eq!(serve_folder_pid("glossgen-serve-123-00ab"), Some(123));
        assert_eq!(serve_folder_pid("glossgen-serve-123-"), None);
        assert_eq!(serve_folder_pid("glossgen-serve-x-00ab"), None);
        assert_eq!(serve_folder_pid("other-123-00ab"), None);
    }

    #[test]
    fn temp_dir_is_removed_on_drop() {
        let t = TempDir::create().unwrap();
        let p = t.path.clone();
        std::fs::write(p.join("x"), "y").unwrap();
        drop(t);
        assert!(!p.exists());
    }
}
