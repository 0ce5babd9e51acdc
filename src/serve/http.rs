//! Answering one request: the live-reload endpoints, and files of the built site with the
//! rules of a static host (the site's 404 page, a "building…" page before the first build).
//! Which file a path names, and what is never served, is [`super::resolve`]'s job.

use std::io::Write;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tiny_http::{Header, Method, Request, Response, StatusCode};

use super::live::{self, EVENTS_PATH, LIVE_JS, LIVE_JS_PATH, STATUS_PATH};
pub use super::resolve::{content_type, resolve, Resolved};
use super::Shared;

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("valid header")
}

type Reply = Response<std::io::Cursor<Vec<u8>>>;

fn reply(status: u16, content_type: &str, body: Vec<u8>) -> Reply {
    Response::from_data(body)
        .with_status_code(StatusCode(status))
        .with_header(header("Content-Type", content_type))
        .with_header(header("Cache-Control", "no-store"))
        .with_header(header("X-Content-Type-Options", "nosniff"))
}

fn text(status: u16, body: &str) -> Reply {
    reply(
        status,
        "text/plain; charset=utf-8",
        body.as_bytes().to_vec(),
    )
}

/// Request bodies up to this size are read by tiny_http itself, on the connection's own
/// thread, before the request reaches a worker.
const EAGER_BODY: usize = 1024;
/// A larger body is refused. tiny_http reads the rest of a body when the request is dropped,
/// waiting for the client for as long as it keeps the connection open and allocating the
/// whole declared length at once. Up to this size that is done...
const DRAINED_BODY: usize = 1 << 20;
/// ... on threads of their own (small stacks), at most this many at a time. Beyond, on the
/// worker: the back-pressure any server puts on a client holding that many stalled uploads.
/// (An idle keep-alive connection costs a tiny_http thread too.)
const MAX_DRAINERS: usize = 256;
static DRAINERS: AtomicUsize = AtomicUsize::new(0);

/// Answers a request that declares a body larger than [`EAGER_BODY`] (never needed: only GET
/// and HEAD are served) with 413 at once, without a worker waiting for the body. A declared
/// body over [`DRAINED_BODY`] is never dropped (tiny_http would allocate its length: an abort
/// for terabytes): that request is leaked unanswered, holding its connection.
fn refuse_body(request: Request, length: usize) {
    if length > DRAINED_BODY {
        std::mem::forget(request);
        return;
    }
    let reply = text(
        413,
        "413 Content Too Large: glossgen serve takes no request bodies\n",
    )
    .with_header(header("Connection", "close"));
    if DRAINERS.fetch_add(1, Ordering::SeqCst) >= MAX_DRAINERS {
        DRAINERS.fetch_sub(1, Ordering::SeqCst);
        let _ = request.respond(reply);
        return;
    }
    let answer = move || {
        let _ = request.respond(reply);
        DRAINERS.fetch_sub(1, Ordering::SeqCst);
    };
    if std::thread::Builder::new()
        .name("glossgen-drain".into())
        .stack_size(64 * 1024)
        .spawn(answer)
        .is_err()
    {
        // The failed spawn dropped the request, waiting for its body here.
        DRAINERS.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Serves one request (on a worker thread). The event stream is handed its own thread.
pub fn handle(request: Request, shared: &Arc<Shared>) {
    if let Some(length) = request.body_length().filter(|&n| n > EAGER_BODY) {
        return refuse_body(request, length);
    }
    let method = request.method().clone();
    if !matches!(method, Method::Get | Method::Head) {
        let r = text(405, "405 Method Not Allowed\n").with_header(header("Allow", "GET, HEAD"));
        let _ = request.respond(r);
        return;
    }
    let url = request.url().to_string();
    let (raw_path, query) = match url.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (url.as_str(), None),
    };
    let raw_path = raw_path.split('#').next().unwrap_or("");
    let response = match raw_path {
        EVENTS_PATH => {
            let shared = Arc::clone(shared);
            let _ = std::thread::Builder::new()
                .name("glossgen-sse".into())
                .spawn(move || event_stream(request, &shared));
            return;
        }
        LIVE_JS_PATH => reply(
            200,
            "text/javascript; charset=utf-8",
            LIVE_JS.as_bytes().to_vec(),
        ),
        STATUS_PATH => reply(
            200,
            "application/json; charset=utf-8",
            serde_json::to_vec(&shared.status()).unwrap_or_default(),
        ),
        p if p.starts_with("/__glossgen/") => text(404, "404 Not Found\n"),
        _ => site_file(shared, raw_path, query),
    };
    let _ = request.respond(response);
}

fn site_file(shared: &Shared, raw_path: &str, query: Option<&str>) -> Reply {
    let root = &shared.served;
    if !shared.status().built {
        return not_built(shared);
    }
    // Where folders cannot be exchanged atomically, a full build replaces the served folder
    // by two renames; a request that falls between them waits for the new tree, not a 404.
    let mut resolved = resolve(root, raw_path, query);
    for _ in 0..3 {
        let file = match &resolved {
            Resolved::File(f) => f.clone(),
            Resolved::Redirect(location) => {
                return text(301, "301 Moved Permanently\n")
                    .with_header(header("Location", location));
            }
            Resolved::BadRequest => return text(400, "400 Bad Request\n"),
            Resolved::NotFound => {
                if wait_for_folder(root) {
                    resolved = resolve(root, raw_path, query);
                    continue;
                }
                return not_found(root);
            }
        };
        match std::fs::read(&file) {
            Ok(bytes) => return file_reply(200, &file, bytes),
            Err(_) => {
                wait_for_folder(root);
                resolved = resolve(root, raw_path, query);
            }
        }
    }
    not_found(root)
}

/// Waits (at most 2 s) while the served folder is missing, as during the swap of a rebuild.
/// True when it was missing at first.
fn wait_for_folder(root: &Path) -> bool {
    if root.is_dir() {
        return false;
    }
    let deadline = Instant::now() + Duration::from_secs(2);
    while !root.is_dir() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(5));
    }
    true
}

fn file_reply(status: u16, path: &Path, bytes: Vec<u8>) -> Reply {
    let ct = content_type(path);
    let body = if ct.starts_with("text/html") {
        live::inject_script(&bytes)
    } else {
        bytes
    };
    reply(status, ct, body)
}

fn not_found(root: &Path) -> Reply {
    let page = root.join("404.html");
    match std::fs::read(&page) {
        Ok(bytes) => file_reply(404, &page, bytes),
        Err(_) => text(404, "404 Not Found\n"),
    }
}

/// Before the first good build: a page that lists the errors (if any) and reloads when the
/// site is ready.
fn not_built(shared: &Shared) -> Reply {
    let status = shared.status();
    let what = if status.errors.is_empty() {
        "glossgen is building the site…".to_string()
    } else {
        format!(
            "glossgen: the build failed with {} error(s); fix them and this page reloads.",
            status.errors.len()
        )
    };
    let mut html = format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>glossgen serve</title></head>\
         <body style=\"font-family:ui-monospace,monospace\"><p>{}</p><pre>",
        crate::text::escape_html(&what)
    );
    for e in &status.errors {
        html.push_str(&crate::text::escape_html(&e.text));
        html.push('\n');
    }
    html.push_str("</pre></body></html>");
    reply(
        503,
        "text/html; charset=utf-8",
        live::inject_script(html.as_bytes()),
    )
    .with_header(header("Retry-After", "1"))
}

/// `/__glossgen/events`: a never-ending `text/event-stream` response, written by hand on
/// the raw connection so every event is flushed at once (tiny_http would buffer a chunked
/// body). `Connection: close` delimits the body.
fn event_stream(request: Request, shared: &Shared) {
    let head_only = *request.method() == Method::Head;
    let events = shared.hub.subscribe();
    let hello = serde_json::to_string(&shared.status()).unwrap_or_default();
    let mut out = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\n\
                Content-Type: text/event-stream; charset=utf-8\r\n\
                Cache-Control: no-store\r\n\
                X-Accel-Buffering: no\r\n\
                Connection: close\r\n\r\n";
    let first = format!("{head}retry: 1000\n\n{}", live::sse_event("hello", &hello));
    let first = if head_only { head.to_string() } else { first };
    if out
        .write_all(first.as_bytes())
        .and_then(|_| out.flush())
        .is_err()
        || head_only
    {
        return;
    }
    loop {
        let message = match events.recv_timeout(Duration::from_secs(15)) {
            Ok(m) => m,
            // A comment line: keeps proxies from timing out, and finds closed connections.
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => ": ping\n\n".to_string(),
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => return,
        };
        if out
            .write_all(message.as_bytes())
            .and_then(|_| out.flush())
            .is_err()
        {
            return;
        }
    }
}
