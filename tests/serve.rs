//! `glossgen serve` end to end: the real binary on a free loopback port, spoken to over real
//! HTTP/1.1 with a tiny client on `std::net::TcpStream`. Every wait is bounded.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

mod common;

use common::{glossgen_command, Site};

const TIMEOUT: Duration = Duration::from_secs(20);

const CONFIG: &str = "title: Serve Test Glossary
base_url: https://example.com/glossary/
language: en
theme: default
output_dir: public
minify: true
summary_length: 120
paginate: 50
autolink: true
";

const LTV: &str = "---
title: Lifetime Value
aliases: [LTV]
tags: [指標, metrics]
categories: [Marketing]
date: 2025-01-01
---

The total revenue a customer brings over the whole relationship. See [[churn]].
";

const CHURN: &str = "---
title: Churn Rate
tags: [指標]
categories: [Marketing]
date: 2025-01-02
---

The share of customers who leave in a period.
";

/// Two terms and two static files, one of them hidden.
fn serve_site() -> Site {
    Site::with_config(
        CONFIG,
        &[
            ("content/ltv.md", LTV),
            ("content/churn.md", CHURN),
            ("static/notes.txt", "plain text"),
            ("static/.secret", "do not serve"),
        ],
    )
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The running server; stopped (SIGTERM, then SIGKILL) when dropped.
struct Server {
    child: Child,
    port: u16,
    log: PathBuf,
    _log_dir: tempfile::TempDir,
}

impl Server {
    fn start(site: &Site) -> Server {
        Server::start_with(site, &[])
    }

    fn start_with(site: &Site, args: &[&str]) -> Server {
        Server::start_env(site, args, &[])
    }

    /// With extra environment variables (`TMPDIR`, say); returns once the first build is
    /// served.
    fn start_env(site: &Site, args: &[&str], env: &[(&str, &Path)]) -> Server {
        let mut server = Server::spawn(site, args, env);
        server.wait_until(|s| {
            let r = s.get("/__glossgen/status");
            r.status == 200 && r.text().contains("\"built\":true")
        });
        server
    }

    /// Starts `serve` on a free port without waiting for anything.
    fn spawn(site: &Site, args: &[&str], env: &[(&str, &Path)]) -> Server {
        let port = free_port();
        let log_dir = tempfile::tempdir().unwrap();
        let log = log_dir.path().join("stderr.log");
        let child = glossgen_command()
            .args(site.args("serve", &["--port", &port.to_string()]))
            .args(args)
            .envs(env.iter().map(|(k, v)| (*k, *v)))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .expect("start glossgen serve");
        Server {
            child,
            port,
            log,
            _log_dir: log_dir,
        }
    }

    fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    fn get(&self, path: &str) -> Reply {
        request(self.port, "GET", path)
    }

    /// Polls `ok` until it holds, failing the test after [`TIMEOUT`].
    fn wait_until(&mut self, mut ok: impl FnMut(&Server) -> bool) {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("glossgen serve exited ({status}):\n{}", self.log());
            }
            if TcpStream::connect(("127.0.0.1", self.port)).is_ok() && ok(self) {
                return;
            }
            if Instant::now() > deadline {
                panic!("timed out; server log:\n{}", self.log());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// SIGTERM (as Ctrl-C would), then waits for the exit.
    fn stop(&mut self) -> Option<std::process::ExitStatus> {
        #[cfg(unix)]
        {
            let _ = Command::new("kill")
                .args(["-TERM", &self.child.id().to_string()])
                .status();
            let deadline = Instant::now() + Duration::from_secs(10);
            while Instant::now() < deadline {
                if let Ok(Some(status)) = self.child.try_wait() {
                    return Some(status);
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        None
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            self.stop();
        }
    }
}

struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// One HTTP/1.1 request with `Connection: close`; the path goes on the wire as given.
fn request(port: u16, method: &str, path: &str) -> Reply {
    let fail = |e: std::io::Error| Reply {
        status: 0,
        headers: vec![],
        body: e.to_string().into_bytes(),
    };
    let mut stream = match TcpStream::connect(("127.0.0.1", port)) {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    stream.set_read_timeout(Some(TIMEOUT)).unwrap();
    let head =
        format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
    if let Err(e) = stream.write_all(head.as_bytes()) {
        return fail(e);
    }
    let mut raw = Vec::new();
    if let Err(e) = stream.read_to_end(&mut raw) {
        return fail(e);
    }
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete response head");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .expect("a status line");
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(n, v)| n.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    if chunked {
        body = dechunk(&body);
    }
    Reply {
        status,
        headers,
        body,
    }
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = data.windows(2).position(|w| w == b"\r\n") {
        let size = usize::from_str_radix(
            String::from_utf8_lossy(&data[..eol])
                .split(';')
                .next()
                .unwrap()
                .trim(),
            16,
        )
        .unwrap_or(0);
        if size == 0 {
            break;
        }
        out.extend_from_slice(&data[eol + 2..eol + 2 + size]);
        data = &data[eol + 2 + size + 2..];
    }
    out
}

/// An open `/__glossgen/events` stream, read event by event.
struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    fn connect(port: u16) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        stream.set_read_timeout(Some(TIMEOUT)).unwrap();
        stream
            .write_all(
                format!("GET /__glossgen/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/event-stream\r\n\r\n")
                    .as_bytes(),
            )
            .unwrap();
        let mut reader = BufReader::new(stream);
        let mut head = String::new();
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            if line == "\r\n" || line.is_empty() {
                break;
            }
            head.push_str(&line);
        }
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
        assert!(
            head.to_lowercase()
                .contains("content-type: text/event-stream"),
            "{head}"
        );
        Events { reader }
    }

    /// The next event named `name` (others skipped): its data line.
    fn next(&mut self, name: &str) -> String {
        let deadline = Instant::now() + TIMEOUT;
        let mut event = String::new();
        while Instant::now() < deadline {
            let mut line = String::new();
            if self.reader.read_line(&mut line).unwrap_or(0) == 0 {
                panic!("event stream closed while waiting for `{name}`");
            }
            let line = line.trim_end_matches(['\r', '\n']);
            if let Some(e) = line.strip_prefix("event: ") {
                event = e.to_string();
            } else if let Some(data) = line.strip_prefix("data: ") {
                if event == name {
                    return data.to_string();
                }
            }
        }
        panic!("no `{name}` event within {TIMEOUT:?}");
    }
}

#[test]
fn serves_the_site_like_a_static_host() {
    let site = serve_site();
    let server = Server::start(&site);

    let page = server.get("/terms/ltv/");
    assert_eq!(page.status, 200, "{}", server.log());
    assert_eq!(
        page.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    let html = page.text();
    assert!(html.contains("Lifetime Value"));
    assert!(html.contains(r#"<script src="/__glossgen/live.js" defer></script></body>"#));
    // Links point at the server, not at base_url's host.
    assert!(html.contains(&format!("http://127.0.0.1:{}/terms/ltv/", server.port)));
    assert!(!html.contains("https://example.com/glossary/"));

    let redirect = server.get("/terms/ltv?x=1");
    assert_eq!(redirect.status, 301);
    assert_eq!(redirect.header("location"), Some("/terms/ltv/?x=1"));

    let head = request(server.port, "HEAD", "/terms/ltv/");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(
        head.header("content-length"),
        Some(page.body.len().to_string().as_str())
    );

    for (path, ty) in [
        ("/style.css", "text/css; charset=utf-8"),
        ("/search-index.json", "application/json; charset=utf-8"),
        ("/sitemap.xml", "application/xml; charset=utf-8"),
        ("/atom.xml", "application/xml; charset=utf-8"),
        ("/notes.txt", "text/plain; charset=utf-8"),
        ("/__glossgen/live.js", "text/javascript; charset=utf-8"),
    ] {
        let r = server.get(path);
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("content-type"), Some(ty), "{path}");
        assert!(!r.text().contains("__glossgen/live.js\" defer"), "{path}");
    }

    let tag = server.get("/tags/%E6%8C%87%E6%A8%99/");
    assert_eq!(tag.status, 200);
    assert!(tag.text().contains("Churn Rate") && tag.text().contains("Lifetime Value"));

    let missing = server.get("/terms/no-such-term/");
    assert_eq!(missing.status, 404);
    assert_eq!(
        missing.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    // The theme's 404 page (minified: attribute quotes may go).
    assert!(missing.text().contains("not-found"), "{}", missing.text());
    assert!(missing.text().contains("Page not found"));
    assert!(missing.text().contains("/__glossgen/live.js"));

    // No listings, no dot-files, nothing outside the served folder.
    assert_eq!(server.get("/terms").status, 301);
    assert_eq!(server.get("/static/").status, 404);
    for path in [
        "/../config.yaml",
        "/%2e%2e/config.yaml",
        "/%2E%2E/%2e%2e/config.yaml",
        "/..%2fconfig.yaml",
        "/terms/..%2f..%2fconfig.yaml",
        "/..\\config.yaml",
        "/%5c..%5cconfig.yaml",
        "/config.yaml%00.html",
        "/.hidden",
        "/.secret",
        "/%2esecret",
        "/terms/../../config.yaml",
    ] {
        let r = server.get(path);
        assert!(matches!(r.status, 400 | 404), "{path}: {}", r.status);
        assert!(!r.text().contains("summary_length"), "{path} leaked a file");
        assert!(
            !r.text().contains("do not serve"),
            "{path} leaked a dot-file"
        );
    }
    assert_eq!(server.get("/config.yaml").status, 404);
    assert_eq!(request(server.port, "POST", "/").status, 405);

    // serve never writes the site's own output folder, nor `build` output with the script.
    assert!(!site.root().join("public").exists());
}

#[test]
fn rebuilds_on_edits_and_survives_broken_ones() {
    let site = serve_site();
    let mut server = Server::start(&site);
    let mut events = Events::connect(server.port);
    let hello = events.next("hello");
    assert!(hello.contains("\"ok\":true"), "{hello}");

    // An edit: the page changes, and the browser is told to reload.
    site.write(
        "content/ltv.md",
        &LTV.replace("The total revenue", "EDITED total revenue"),
    );
    let reload = events.next("reload");
    assert!(reload.contains("\"build\""), "{reload}");
    server.wait_until(|s| s.get("/terms/ltv/").text().contains("EDITED total revenue"));
    // Rebuilds go through one BuildSession: only the pages that show the term are redone.
    let log = server.log();
    let rebuilt = log
        .lines()
        .filter_map(|l| l.split(": ").nth(1)?.split(" pages rendered").next())
        .filter_map(|s| s.split_once(" of "))
        .map(|(a, b)| (a.parse::<usize>().unwrap(), b.parse::<usize>().unwrap()))
        .collect::<Vec<_>>();
    assert!(rebuilt.len() >= 2, "{log}");
    assert_eq!(rebuilt[0].0, rebuilt[0].1, "the first build is full: {log}");
    assert!(
        rebuilt[1].0 < rebuilt[1].1,
        "the rebuild is incremental: {log}"
    );

    // A broken edit: the error is reported with its file, the last good build still served.
    site.write("content/churn.md", "---\ntitle: [unclosed\n---\nBody.\n");
    let error = events.next("error");
    assert!(error.contains("content/churn.md"), "{error}");
    assert!(error.contains("\"ok\":false"), "{error}");
    let status = server.get("/__glossgen/status");
    assert_eq!(
        status.header("content-type"),
        Some("application/json; charset=utf-8")
    );
    let status = status.text();
    assert!(
        status.contains("\"ok\":false") && status.contains("content/churn.md"),
        "{status}"
    );
    let page = server.get("/terms/churn/");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("The share of customers"));
    assert!(
        server.log().contains("content/churn.md"),
        "{}",
        server.log()
    );

    // A page opened while broken hears about the errors as soon as it connects.
    let mut late = Events::connect(server.port);
    let hello = late.next("hello");
    assert!(
        hello.contains("\"ok\":false") && hello.contains("content/churn.md"),
        "{hello}"
    );

    // Fixed: recovered, reloaded.
    site.write(
        "content/churn.md",
        &CHURN.replace("The share", "FIXED share"),
    );
    events.next("reload");
    server.wait_until(|s| s.get("/__glossgen/status").text().contains("\"ok\":true"));
    assert!(server.get("/terms/churn/").text().contains("FIXED share"));

    // A new term appears; editor scratch files change nothing.
    let before = server.get("/__glossgen/status").text();
    site.write("content/.churn.md.swp", "junk");
    site.write("content/churn.md~", "junk");
    std::thread::sleep(Duration::from_millis(600));
    assert_eq!(server.get("/__glossgen/status").text(), before);
    site.write(
        "content/cac.md",
        "---\ntitle: Customer Acquisition Cost\n---\n\nWhat a new customer costs.\n",
    );
    server.wait_until(|s| s.get("/terms/cac/").status == 200);
}

#[test]
fn polling_sees_edits_and_output_can_be_chosen() {
    let site = serve_site();
    let out = tempfile::tempdir().unwrap();
    let out_dir = out.path().join("served");
    let mut server = Server::start_with(&site, &["--poll", "--output", out_dir.to_str().unwrap()]);
    assert!(out_dir.join("terms/ltv/index.html").is_file());
    // Files on disk never carry the live-reload script: it is added when served.
    let on_disk = std::fs::read_to_string(out_dir.join("terms/ltv/index.html")).unwrap();
    assert!(!on_disk.contains("__glossgen"));
    site.write(
        "content/ltv.md",
        &LTV.replace("The total revenue", "POLLED revenue"),
    );
    server.wait_until(|s| s.get("/terms/ltv/").text().contains("POLLED revenue"));
    server.stop();
    assert!(
        out_dir.join("index.html").is_file(),
        "--output is kept on exit"
    );
}

#[test]
fn starts_on_a_broken_site_and_recovers() {
    let site = serve_site();
    site.write("content/ltv.md", "---\ntitle: x\ntags: [\n---\n");
    let mut server = Server::spawn(&site, &[], &[]);
    server.wait_until(|s| {
        s.get("/__glossgen/status")
            .text()
            .contains("content/ltv.md")
    });
    let page = server.get("/terms/churn/");
    assert_eq!(page.status, 503);
    assert!(page.text().contains("content/ltv.md"));
    assert!(page.text().contains("/__glossgen/live.js"));
    site.write("content/ltv.md", LTV);
    server.wait_until(|s| s.get("/terms/ltv/").status == 200);
}

#[test]
fn an_explicit_port_in_use_is_an_error_naming_it() {
    let site = serve_site();
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let mut child = glossgen_command()
        .args(site.args("serve", &["--port", &port.to_string()]))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + TIMEOUT;
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("serve did not exit on a taken port");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert_eq!(status.code(), Some(1), "{err}");
    assert!(err.contains(&format!("port {port}")), "{err}");
    assert!(err.contains("in use"), "{err}");
}

#[test]
fn not_a_site_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = glossgen_command()
        .args(["serve", "--port", &free_port().to_string(), "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("config.yaml"));
}

/// The build folder a server's log names.
fn build_folder(server: &Server) -> PathBuf {
    server
        .log()
        .lines()
        .find_map(|l| l.split(" into ").nth(1))
        .map(|p| PathBuf::from(p.trim()))
        .expect("the log names the build folder")
}

#[cfg(unix)]
#[test]
fn stops_cleanly_and_removes_its_build_folder() {
    let site = serve_site();
    let mut server = Server::start(&site);
    let folder = build_folder(&server);
    assert!(folder.join("index.html").is_file(), "{}", folder.display());
    let status = server.stop().expect("exits on SIGTERM");
    assert!(status.success(), "{status}");
    assert!(!folder.exists(), "{} is left behind", folder.display());
    assert!(!folder.parent().unwrap().exists());
}

/// A stop is answered at once in every state, a build in progress included (it used to
/// wait for the first build to end: 10 s and more at 10,000 terms), and the build it cuts
/// short leaves the previous output as it was.
#[cfg(unix)]
#[test]
fn a_stop_during_a_build_exits_at_once_and_leaves_the_previous_output() {
    let site = serve_site();
    let out = site.root().join("served");
    site.build_into(&out, &[]).expect(0);
    let before = common::tree(&out);
    // The build stops for ever once its pages are staged.
    let pause = [("GLOSSGEN_TEST_PAUSE_AT", Path::new("staging"))];
    let out_arg = out.to_string_lossy().into_owned();
    let mut server = Server::spawn(&site, &["--output", &out_arg], &pause);
    let deadline = Instant::now() + TIMEOUT;
    while !server.log().contains("paused at staging") {
        assert!(Instant::now() < deadline, "never paused:\n{}", server.log());
        std::thread::sleep(Duration::from_millis(50));
    }
    let status = server
        .stop()
        .expect("exits within 10 s of SIGTERM mid-build");
    assert!(status.success(), "{status}\n{}", server.log());
    assert_eq!(
        common::tree(&out),
        before,
        "the previous output was changed"
    );
}

#[cfg(unix)]
#[test]
fn the_folder_of_a_killed_serve_is_removed_by_the_next_serve() {
    let site = serve_site();
    let tmp = tempfile::tempdir().unwrap();
    let env = [("TMPDIR", tmp.path())];
    let mut killed = Server::start_env(&site, &[], &env);
    let folder = build_folder(&killed).parent().unwrap().to_path_buf();
    assert!(folder.starts_with(tmp.path()), "{}", folder.display());
    killed.child.kill().unwrap(); // SIGKILL: no chance to clean up
    killed.child.wait().unwrap();
    assert!(folder.is_dir(), "the killed serve's folder is there");
    // A folder of a live process (this test's) is not touched.
    let live = tmp
        .path()
        .join(format!("glossgen-serve-{}-00000000", std::process::id()));
    std::fs::create_dir_all(&live).unwrap();

    let next = Server::start_env(&site, &[], &env);
    // Removed in the background, so as not to delay the start.
    let deadline = Instant::now() + TIMEOUT;
    while folder.exists() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(!folder.exists(), "{} is left behind", folder.display());
    assert!(live.is_dir(), "a live process's folder was removed");
    assert!(build_folder(&next).is_dir());
}

/// Sends `raw` on a new connection and returns what comes back within `within` (status 0
/// and the error when nothing does).
fn raw_exchange(port: u16, raw: &[u8], within: Duration) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(within)).unwrap();
    stream.write_all(raw).unwrap();
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e) if got.is_empty() => return (0, e.to_string()),
            Err(_) => break,
        }
    }
    let text = String::from_utf8_lossy(&got).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, text)
}

#[test]
fn stalled_and_huge_request_bodies_freeze_no_one() {
    let site = serve_site();
    let server = Server::start(&site);
    let port = server.port;
    // More stalled bodies than workers, one declaring a terabyte, none ever sent.
    let mut stalled = Vec::new();
    for length in [
        1025u64,
        1025,
        1025,
        1025,
        5000,
        5000,
        1025,
        1025,
        1025,
        1 << 40,
    ] {
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        let head = format!("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: {length}\r\n\r\n");
        s.write_all(head.as_bytes()).unwrap();
        stalled.push(s);
    }
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.write_all(b"POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\nabc")
        .unwrap();
    stalled.push(s);
    std::thread::sleep(Duration::from_millis(200));
    // Well inside the server's 10 s client timeout: nobody waits for the stalled ones.
    for _ in 0..20 {
        let (status, text) = raw_exchange(
            port,
            b"GET /terms/ltv/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            Duration::from_secs(5),
        );
        assert_eq!(status, 200, "{text}\n{}", server.log());
        assert!(text.contains("Lifetime Value"));
    }
    // A body sent in full is refused, not read.
    let mut raw = b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2000\r\n\r\n".to_vec();
    raw.extend(std::iter::repeat_n(b'a', 2000));
    let (status, text) = raw_exchange(port, &raw, Duration::from_secs(5));
    assert_eq!(status, 413, "{text}");
    drop(stalled);
    assert_eq!(server.get("/").status, 200, "{}", server.log());
}

#[test]
fn a_build_that_panics_is_an_error_and_a_fix_is_picked_up() {
    let site = serve_site();
    let mut server = Server::start_env(
        &site,
        &[],
        &[("GLOSSGEN_TEST_PANIC_IF", Path::new("content/crash.md"))],
    );
    let mut events = Events::connect(server.port);
    events.next("hello");
    site.write("content/crash.md", LTV);
    let error = events.next("error");
    assert!(error.contains("the build crashed"), "{error}");
    assert!(error.contains("GLOSSGEN_TEST_PANIC_IF"), "{error}");
    let status = server.get("/__glossgen/status").text();
    assert!(status.contains("\"building\":false"), "{status}");
    assert_eq!(
        server.get("/terms/ltv/").status,
        200,
        "the last good build is served"
    );

    std::fs::remove_file(site.root().join("content/crash.md")).unwrap();
    site.write(
        "content/churn.md",
        &CHURN.replace("The share", "FIXED share"),
    );
    events.next("reload");
    server.wait_until(|s| s.get("/terms/churn/").text().contains("FIXED share"));
    assert!(server
        .get("/__glossgen/status")
        .text()
        .contains("\"ok\":true"));
}

#[test]
fn rebuilds_every_language() {
    let site = serve_site();
    site.write("config.yaml", &format!("{CONFIG}languages:\n  ja: {{}}\n"));
    let ja = "---\ntitle: 顧客生涯価値\nreading: こきゃくしょうがいかち\n---\n\n顧客がもたらす利益です。[[churn]] も見ます。\n";
    site.write("content/ltv.ja.md", ja);
    let mut server = Server::start(&site);
    let mut events = Events::connect(server.port);
    events.next("hello");
    assert!(server
        .get("/ja/terms/ltv/")
        .text()
        .contains("顧客がもたらす利益"));
    let en = server.get("/terms/ltv/").text();
    assert!(
        en.contains("hreflang") && en.contains("/ja/terms/ltv/"),
        "{en}"
    );
    site.write(
        "content/ltv.ja.md",
        &ja.replace("顧客がもたらす", "編集した"),
    );
    events.next("reload");
    server.wait_until(|s| s.get("/ja/terms/ltv/").text().contains("編集した利益"));
    // The Japanese page's [[churn]] leads to the English page, the only one there is.
    let page = server.get("/ja/terms/ltv/").text();
    assert!(
        page.contains("/terms/churn/") && page.contains("lang-badge"),
        "{page}"
    );
    site.write(
        "content/ltv.md",
        &LTV.replace("The total revenue", "EDITED revenue"),
    );
    events.next("reload");
    server.wait_until(|s| s.get("/terms/ltv/").text().contains("EDITED revenue"));
}

/// The URL of the `hreflang` alternate for `code` that a page's head links.
fn alternate(page: &str, code: &str) -> Option<String> {
    let start = format!("<link rel=\"alternate\" hreflang=\"{code}\" href=\"");
    let at = page.find(&start)? + start.len();
    let len = page[at..].find('"')?;
    Some(page[at..at + len].to_string())
}

#[cfg(unix)]
#[test]
fn a_two_language_site_is_rebuilt_in_place() {
    use common::{file_stamps, rewritten_since};
    let site = serve_site();
    site.write("config.yaml", &format!("{CONFIG}languages:\n  ja: {{}}\n"));
    let ja = "---\ntitle: 顧客生涯価値\nreading: こきゃくしょうがいかち\n---\n\n顧客がもたらす利益です。[[churn]] も見ます。\n";
    site.write("content/ltv.ja.md", ja);
    let mut server = Server::start(&site);
    let mut events = Events::connect(server.port);
    events.next("hello");
    let folder = build_folder(&server);
    let before = file_stamps(&folder);

    // An English edit rewrites English pages that show it, in place; no Japanese file.
    site.write(
        "content/ltv.md",
        &LTV.replace("The total revenue", "EDITED revenue"),
    );
    events.next("reload");
    server.wait_until(|s| s.get("/terms/ltv/").text().contains("EDITED revenue"));
    let rewritten = rewritten_since(&before, &folder);
    assert!(
        rewritten.iter().any(|f| f == "terms/ltv/index.html"),
        "{rewritten:?}"
    );
    assert!(
        rewritten.iter().all(|f| !f.starts_with("ja/")),
        "{rewritten:?}"
    );
    let pages = before.keys().filter(|f| f.ends_with(".html")).count();
    let rewritten_pages = rewritten.iter().filter(|f| f.ends_with(".html")).count();
    assert!(
        rewritten_pages < pages / 2,
        "{rewritten:?} of {pages} pages"
    );

    // The Japanese page's [[churn]] crosses to English: it follows the English title.
    site.write(
        "content/churn.md",
        &CHURN.replace("Churn Rate", "Churn Ratio"),
    );
    events.next("reload");
    server.wait_until(|s| s.get("/ja/terms/ltv/").text().contains("Churn Ratio"));

    // A new translation: both pages link each other with hreflang.
    site.write(
        "content/churn.ja.md",
        "---\ntitle: 解約率\nreading: かいやくりつ\n---\n\n離れる顧客の割合です。\n",
    );
    events.next("reload");
    server.wait_until(|s| s.get("/ja/terms/churn/").status == 200);
    let ja_page = server.get("/ja/terms/churn/").text();
    let en_page = server.get("/terms/churn/").text();
    let to_en = alternate(&ja_page, "en").unwrap_or_default();
    let to_ja = alternate(&en_page, "ja").unwrap_or_default();
    assert!(
        to_en.ends_with("/terms/churn/") && !to_en.contains("/ja/"),
        "{ja_page}"
    );
    assert!(to_ja.ends_with("/ja/terms/churn/"), "{en_page}");
    // And the Japanese LTV page's [[churn]] now stays in Japanese.
    let ja_ltv = server.get("/ja/terms/ltv/").text();
    assert!(
        ja_ltv.contains("/ja/terms/churn/") && ja_ltv.contains("解約率"),
        "{ja_ltv}"
    );

    // Japanese dropped, files and config: none of its output is left behind.
    for file in ["content/ltv.ja.md", "content/churn.ja.md"] {
        std::fs::remove_file(site.root().join(file)).unwrap();
    }
    site.write("config.yaml", CONFIG);
    server.wait_until(|s| s.get("/ja/terms/ltv/").status == 404);
    let folder = build_folder(&server);
    assert!(!folder.join("ja").exists(), "{}", folder.display());
}
