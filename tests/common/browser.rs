//! Headless Chromium for tests of the theme's scripts: a loopback HTTP server for a built
//! site (fetch() does not work from file://) and `--dump-dom` of a page after its scripts ran.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The Chromium binary, or `None` after printing that the browser test is skipped.
pub fn chromium() -> Option<PathBuf> {
    let found = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.is_file());
    if found.is_none() {
        println!("SKIPPED: chromium is not installed (apt-get install -y chromium)");
    }
    found
}

/// Serves `root` on 127.0.0.1 from a background thread for the rest of the test process;
/// returns the port. GET only; `/dir/` serves `dir/index.html`.
pub fn serve_dir(root: &Path) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let port = listener.local_addr().expect("address").port();
    let root = root.to_path_buf();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(&stream);
            let mut request = String::new();
            if reader.read_line(&mut request).is_err() {
                continue;
            }
            // Drain the headers.
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let target = request.split_whitespace().nth(1).unwrap_or("/");
            let path = percent_decode(target.split('?').next().unwrap_or("/"));
            let mut file = root.join(path.trim_start_matches('/'));
            if path.ends_with('/') {
                file.push("index.html");
            }
            let mut out = &stream;
            let _ = match std::fs::read(&file) {
                Ok(body) => {
                    let kind = match file.extension().and_then(|e| e.to_str()) {
                        Some("html") => "text/html; charset=utf-8",
                        Some("js") => "text/javascript; charset=utf-8",
                        Some("json") => "application/json",
                        Some("css") => "text/css",
                        _ => "application/octet-stream",
                    };
                    let head = format!(
                        "HTTP/1.1 200 OK\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                        body.len()
                    );
                    out.write_all(head.as_bytes())
                        .and_then(|()| out.write_all(&body))
                }
                Err(_) => out.write_all(
                    b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                ),
            };
        }
    });
    port
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Headless Chromium with a fresh profile on `url`, with `extra` flags (virtual time lets
/// fetches and timers finish): its whole output.
pub fn run_chromium(chromium: &Path, url: &str, extra: &[&str]) -> std::process::Output {
    let profile = tempfile::tempdir().expect("profile dir");
    Command::new("timeout")
        .arg("90")
        .arg(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .args(extra)
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(url)
        .output()
        .expect("run chromium")
}

/// The DOM of `url` after its scripts ran.
pub fn dump_dom(chromium: &Path, url: &str) -> String {
    let out = run_chromium(
        chromium,
        url,
        &["--virtual-time-budget=10000", "--dump-dom"],
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The example site in `content/`, built into a temporary folder served on loopback: the
/// folder (removed when dropped) and the site's base URL.
pub fn serve_example_site() -> (tempfile::TempDir, String) {
    let out = tempfile::tempdir().expect("temp dir");
    let base = format!("http://127.0.0.1:{}/", serve_dir(out.path()));
    super::build_into(super::example_root(), out.path(), &["--base-url", &base]).expect(0);
    (out, base)
}

/// What the page at `url` wrote to its console (errors, uncaught exceptions, failed
/// loads), one message a line, after its scripts ran.
pub fn console_messages(chromium: &Path, url: &str) -> Vec<String> {
    let out = run_chromium(
        chromium,
        url,
        &[
            "--enable-logging=stderr",
            "--v=0",
            "--virtual-time-budget=5000",
            "--dump-dom",
        ],
    );
    String::from_utf8_lossy(&out.stderr)
        .lines()
        .filter(|l| l.contains(":CONSOLE"))
        .map(str::to_string)
        .collect()
}

/// The value of the `key=value` line the test page wrote into `<pre id="out">`.
pub fn out_line<'a>(dom: &'a str, key: &str) -> &'a str {
    let key = format!("{key}=");
    dom.lines()
        .find_map(|l| {
            l.trim_start_matches("<pre id=\"out\">")
                .strip_prefix(key.as_str())
        })
        .map(|v| v.trim_end_matches("</pre>"))
        .unwrap_or_else(|| panic!("no {key} in:\n{dom}"))
}
