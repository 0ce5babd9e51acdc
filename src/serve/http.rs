//! Answering one request: the live-reload endpoints, and files of the built site with the
//! rules of a static host (index.html for folders, a slash redirect, the site's 404 page),
//! minus everything a development server must never do (directory listings, dot-files,
//! anything outside the served folder).

use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tiny_http::{Header, Method, Request, Response, StatusCode};

use super::live::{self, EVENTS_PATH, LIVE_JS, LIVE_JS_PATH, STATUS_PATH};
use super::Shared;

/// Where a request path leads inside the served folder.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    File(PathBuf),
    /// A folder asked for without its trailing slash: `Location` to send.
    Redirect(String),
    NotFound,
    /// A path that tries to leave the folder or is not a valid path at all.
    BadRequest,
}

/// Percent-decodes one path segment. `None` for a malformed escape.
fn percent_decode(segment: &str) -> Option<Vec<u8>> {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

/// Splits a raw request path (no query) into decoded segments, or says why it is refused.
/// Empty segments (`//`) are skipped.
fn decode_segments(raw_path: &str) -> Result<Vec<(&str, String)>, Resolved> {
    if !raw_path.starts_with('/') || raw_path.contains('\\') {
        return Err(Resolved::BadRequest);
    }
    let mut segments = Vec::new();
    for raw in raw_path.split('/').filter(|s| !s.is_empty()) {
        let bytes = percent_decode(raw).ok_or(Resolved::BadRequest)?;
        let seg = String::from_utf8(bytes).map_err(|_| Resolved::BadRequest)?;
        if seg == "."
            || seg == ".."
            || seg.contains(['/', '\\', '\0'])
            || (cfg!(windows) && seg.contains(':'))
        {
            return Err(Resolved::BadRequest);
        }
        if seg.starts_with('.') {
            // Dot-files and dot-folders are never served (and not told apart from missing).
            return Err(Resolved::NotFound);
        }
        segments.push((raw, seg));
    }
    Ok(segments)
}

/// Maps a raw request path (percent-encoded, no query string) to a file below `root`.
pub fn resolve(root: &Path, raw_path: &str, query: Option<&str>) -> Resolved {
    let segments = match decode_segments(raw_path) {
        Ok(s) => s,
        Err(r) => return r,
    };
    let mut path = root.to_path_buf();
    for (_, seg) in &segments {
        path.push(seg);
    }
    // Defence in depth: every component must be a plain name, and the real path (symlinks
    // resolved) must stay inside the real root.
    if path
        .strip_prefix(root)
        .map(|rel| rel.components().any(|c| !matches!(c, Component::Normal(_))))
        .unwrap_or(true)
    {
        return Resolved::BadRequest;
    }
    let meta = match std::fs::metadata(&path) {
        Ok(m) => m,
        Err(_) => return Resolved::NotFound,
    };
    match (path.canonicalize(), root.canonicalize()) {
        (Ok(real), Ok(real_root)) if real.starts_with(&real_root) => {}
        _ => return Resolved::NotFound,
    }
    let trailing_slash = raw_path.ends_with('/');
    if meta.is_dir() {
        if !trailing_slash {
            // Rebuilt from the segments, so `//host` can never become a protocol-relative URL.
            let mut location = String::from("/");
            for (raw, _) in &segments {
                location.push_str(raw);
                location.push('/');
            }
            if let Some(q) = query {
                location.push('?');
                location.push_str(q);
            }
            return Resolved::Redirect(location);
        }
        let index = path.join("index.html");
        if index.is_file() {
            Resolved::File(index)
        } else {
            Resolved::NotFound // no directory listings
        }
    } else if meta.is_file() && !trailing_slash {
        Resolved::File(path)
    } else {
        Resolved::NotFound
    }
}

/// `Content-Type` by file extension; text types carry `charset=utf-8`.
pub fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json; charset=utf-8",
        "webmanifest" => "application/manifest+json; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "svg" => "image/svg+xml; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        _ => "application/octet-stream",
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "glossgen-http-test-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("terms/ltv")).unwrap();
        std::fs::create_dir_all(dir.join("tags/指標")).unwrap();
        std::fs::create_dir_all(dir.join("empty")).unwrap();
        std::fs::create_dir_all(dir.join(".git")).unwrap();
        std::fs::write(dir.join("terms/ltv/index.html"), "ltv").unwrap();
        std::fs::write(dir.join("tags/指標/index.html"), "tag").unwrap();
        std::fs::write(dir.join("style.css"), "css").unwrap();
        std::fs::write(dir.join(".hidden"), "secret").unwrap();
        std::fs::write(dir.join(".git/config"), "secret").unwrap();
        dir
    }

    #[test]
    fn resolves_files_folders_and_redirects() {
        let root = site();
        assert_eq!(
            resolve(&root, "/terms/ltv/", None),
            Resolved::File(root.join("terms/ltv/index.html"))
        );
        assert_eq!(
            resolve(&root, "/terms/ltv", Some("a=1")),
            Resolved::Redirect("/terms/ltv/?a=1".into())
        );
        assert_eq!(
            resolve(&root, "//terms/ltv", None),
            Resolved::Redirect("/terms/ltv/".into())
        );
        assert_eq!(
            resolve(&root, "/tags/%E6%8C%87%E6%A8%99/", None),
            Resolved::File(root.join("tags/指標/index.html"))
        );
        assert_eq!(
            resolve(&root, "/style.css", None),
            Resolved::File(root.join("style.css"))
        );
        assert_eq!(resolve(&root, "/style.css/", None), Resolved::NotFound);
        assert_eq!(resolve(&root, "/empty/", None), Resolved::NotFound);
        assert_eq!(resolve(&root, "/nope", None), Resolved::NotFound);
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn refuses_traversal_and_dot_files() {
        let root = site().join("terms");
        for bad in [
            "/../style.css",
            "/%2e%2e/style.css",
            "/%2E%2E/style.css",
            "/..%2fstyle.css",
            "/ltv/..%2F..%2Fstyle.css",
            "/..\\style.css",
            "/%5c..%5cstyle.css",
            "/ltv%00/",
            "/%zz",
            "/%ff/",
            "relative",
            "/./ltv/",
        ] {
            assert_eq!(resolve(&root, bad, None), Resolved::BadRequest, "{bad}");
        }
        let root = root.parent().unwrap();
        for hidden in ["/.hidden", "/.git/config", "/%2egit/config", "/terms/.x/"] {
            assert_eq!(resolve(root, hidden, None), Resolved::NotFound, "{hidden}");
        }
        let _ = std::fs::remove_dir_all(root);
    }

    #[test]
    fn content_types_carry_charset_for_text() {
        assert_eq!(
            content_type(Path::new("a/index.html")),
            "text/html; charset=utf-8"
        );
        assert_eq!(content_type(Path::new("x.CSS")), "text/css; charset=utf-8");
        assert_eq!(content_type(Path::new("f.woff2")), "font/woff2");
        assert_eq!(content_type(Path::new("noext")), "application/octet-stream");
    }
}
