//! Deploying to a CDN: content-hashed assets, `_redirects`/`_headers`, link-clean output,
//! image sizes, `check --external`.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::browser::{chromium, run_chromium};
use common::{term, tree, Site};

/// Output paths of `name.<10 hex>.ext` files, by logical name (`style.css`).
fn hashed_files(site: &Site) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for path in tree(&site.out()).into_keys() {
        let parts: Vec<&str> = path.split('.').collect();
        if parts.len() == 3
            && parts[1].len() == 10
            && parts[1].chars().all(|c| c.is_ascii_hexdigit())
        {
            out.insert(format!("{}.{}", parts[0], parts[2]), path);
        }
    }
    out
}

fn html_pages(site: &Site) -> Vec<(String, String)> {
    tree(&site.out())
        .into_iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, b)| (p, String::from_utf8(b).unwrap()))
        .collect()
}

fn small_site() -> Site {
    Site::new(&[
        (
            "content/ltv.md",
            &term(
                "LTV",
                "tags: [指標]\nredirect_from: [/old/ltv/]",
                "顧客生涯価値。",
            ),
        ),
        ("content/cac.md", &term("CAC", "tags: [指標]", "獲得単価。")),
    ])
}

#[test]
fn hashed_names_follow_content_and_every_page_uses_them() {
    let site = small_site();
    site.build();
    let first = hashed_files(&site);
    let names: Vec<&str> = first.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "favicon.svg",
            "glossgen.js",
            "graph.js",
            "preview.js",
            "style.css"
        ]
    );
    for (path, html) in html_pages(&site) {
        if path.starts_with("old/") {
            continue; // the redirect page has no theme assets
        }
        for (logical, hashed) in [
            ("style.css", &first["style.css"]),
            ("favicon.svg", &first["favicon.svg"]),
        ] {
            assert!(
                html.contains(&format!("href=\"/{hashed}\"")),
                "{path}: no {hashed}"
            );
            assert!(
                !html.contains(&format!("/{logical}\"")),
                "{path} names {logical}"
            );
        }
        // The preview script on every page, hashed.
        assert!(
            html.contains(&format!(
                "<script src=\"/{}\" data-index=",
                first["preview.js"]
            )),
            "{path}: no hashed preview.js"
        );
        // The search script only where the search runs.
        let script = format!("<script src=\"/{}\" defer>", first["glossgen.js"]);
        assert_eq!(
            html.contains(&script),
            path == "search/index.html",
            "{path}"
        );
        assert!(!html.contains("glossgen.js\""), "{path}");
    }

    // Same content, same names; an edited term changes no asset name.
    site.build();
    assert_eq!(hashed_files(&site), first);
    site.write("content/cac.md", &term("CAC", "", "獲得単価、書き直し。"));
    site.build();
    assert_eq!(hashed_files(&site), first);

    // A changed stylesheet gets a new name, the others keep theirs; the old name is gone.
    site.write("themes/default/static/style.css", "body { color: teal; }\n");
    site.write(
        "static/favicon.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 8 8\"/>",
    );
    site.build();
    let second = hashed_files(&site);
    assert_ne!(second["style.css"], first["style.css"]);
    assert_ne!(second["favicon.svg"], first["favicon.svg"]);
    assert_eq!(second["glossgen.js"], first["glossgen.js"]);
    assert!(!site.exists(&first["style.css"]));
    assert_eq!(
        site.page(&second["favicon.svg"]),
        site.page("favicon.svg"),
        "the site's favicon wins"
    );
    assert!(site
        .page("terms/ltv/index.html")
        .contains(&second["style.css"]));
}

#[test]
fn css_is_minified_when_the_site_is() {
    let site = small_site();
    site.build_as_configured();
    let css = site.page(&hashed_files(&site)["style.css"]);
    let original = site.page("style.css");
    assert!(css.len() < original.len());
    assert!(!css.contains("/*") && !css.contains('\n'));
    assert_eq!(css.matches('{').count(), original.matches('{').count());
}

/// `_headers` as (path, [(name, value)]) blocks, in file order.
fn parse_headers(text: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut blocks: Vec<(String, Vec<(String, String)>)> = Vec::new();
    for line in text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
    {
        if line.starts_with([' ', '\t']) {
            let (name, value) = line.trim().split_once(": ").expect("Name: value");
            blocks
                .last_mut()
                .expect("a path first")
                .1
                .push((name.into(), value.into()));
        } else {
            blocks.push((line.to_string(), Vec::new()));
        }
    }
    blocks
}

#[test]
fn redirects_and_headers_parse_line_by_line_and_match_the_site() {
    let site = Site::with_config(
        "title: T\nbase_url: https://example.com/glossary/\nlanguage: ja\n",
        &[(
            "content/ltv.md",
            &term("LTV", "redirect_from: [/old/ltv/, /旧/ltv.html]", "本文。"),
        )],
    );
    site.build();
    let redirects: Vec<Vec<String>> = site
        .page("_redirects")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| l.split(' ').map(String::from).collect())
        .collect();
    assert_eq!(
        redirects,
        [
            ["/glossary/old/ltv/", "/glossary/terms/ltv/", "301"],
            [
                "/glossary/%E6%97%A7/ltv.html",
                "/glossary/terms/ltv/",
                "301"
            ],
        ]
    );
    // The meta-refresh pages stay for hosts that do not read _redirects.
    assert!(site.exists("old/ltv/index.html") && site.exists("旧/ltv.html"));

    let blocks = parse_headers(&site.page("_headers"));
    assert!(blocks.iter().all(|(p, _)| p.starts_with("/glossary/")));
    let all = &blocks
        .iter()
        .find(|(p, _)| p == "/glossary/*")
        .expect("/*")
        .1;
    let get = |name: &str| all.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str());
    assert_eq!(get("X-Content-Type-Options"), Some("nosniff"));
    assert!(get("Referrer-Policy").is_some());
    let csp = get("Content-Security-Policy").expect("a CSP");
    assert!(
        csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    assert!(
        !all.iter().any(|(n, _)| n == "Cache-Control"),
        "cache rules must not overlap"
    );
    for hashed in hashed_files(&site).values() {
        let block = blocks
            .iter()
            .find(|(p, _)| *p == format!("/glossary/{hashed}"))
            .unwrap_or_else(|| panic!("no block for {hashed}"));
        assert_eq!(
            block.1,
            [(
                "Cache-Control".into(),
                "public, max-age=31536000, immutable".into()
            )]
        );
    }
    let home = blocks
        .iter()
        .find(|(p, _)| p == "/glossary/")
        .expect("home block");
    assert!(home.1[0].1.contains("max-age=0"));

    // What the CSP needs of the theme: no inline script (JSON-LD is data) and no inline style.
    for (path, html) in html_pages(&site) {
        assert!(
            !html.contains("<style") && !html.contains(" style="),
            "{path}"
        );
        for script in html.split("<script").skip(1) {
            let tag = script.split('>').next().unwrap_or("");
            assert!(
                tag.contains(" src=") || tag.contains("application/ld+json"),
                "{path}: {tag}"
            );
        }
    }

    site.write(
        "config.yaml",
        "title: T\nbase_url: https://example.com/glossary/\nlanguage: ja\nhost_files: false\n",
    );
    site.build();
    assert!(!site.exists("_redirects") && !site.exists("_headers"));
    assert!(site.exists("old/ltv/index.html"));
}

#[test]
fn a_broken_link_or_anchor_in_a_term_fails_the_build_naming_page_and_term() {
    let site = Site::new(&[
        ("content/a.md", &term("あ", "slug: a", "## 見出し {#midashi}\n\n[ok](#midashi) [ok](../b/#intro) [ok](/terms/b/) [ok](#main)")),
        ("content/b/index.md", &term("び", "slug: b", "<p id=\"intro\">x</p>")),
    ]);
    site.build();
    let before = tree(&site.out());

    site.write(
        "content/a.md",
        &term(
            "あ",
            "slug: a",
            "## 見出し {#midashi}\n\n[x](/terms/nope/)\n\n[y](../b/#missing)",
        ),
    );
    let run = site.build_fails();
    let missing = run.lines_with("/terms/nope/");
    assert_eq!(missing.len(), 1, "{}", run.stderr);
    assert!(
        missing[0].starts_with("content/a.md:8: error:"),
        "{}",
        missing[0]
    );
    assert!(
        missing[0].contains("page terms/a/index.html"),
        "{}",
        missing[0]
    );
    let anchor = run.lines_with("#missing");
    assert_eq!(anchor.len(), 1, "{}", run.stderr);
    assert!(
        anchor[0].starts_with("content/a.md:10: error:"),
        "{}",
        anchor[0]
    );
    assert!(
        anchor[0].contains("terms/b/index.html has no element with id `missing`"),
        "{}",
        anchor[0]
    );
    assert_eq!(
        tree(&site.out()),
        before,
        "the previous output is untouched"
    );

    let check = site.check().expect(1);
    assert_eq!(
        check.lines_with("/terms/nope/").len(),
        1,
        "{}",
        check.stderr
    );
}

#[test]
fn a_fragment_to_no_id_on_its_own_page_fails_the_build() {
    // Same-page fragments are checked during the page's scan, not kept for the site-wide
    // check: a missing one must still be reported, and a present one (and `#top`) pass.
    let site = Site::new(&[(
        "content/a.md",
        &term(
            "あ",
            "slug: a",
            "## 見出し {#midashi}\n\n[ok](#midashi) [ok](#top) [x](#nowhere)",
        ),
    )]);
    let run = site.build_fails();
    let anchor = run.lines_with("#nowhere");
    assert_eq!(anchor.len(), 1, "{}", run.stderr);
    assert!(anchor[0].starts_with("content/a.md:"), "{}", anchor[0]);
    assert!(
        anchor[0].contains("terms/a/index.html has no element with id `nowhere`"),
        "{}",
        anchor[0]
    );
    assert!(run.lines_with("#midashi").is_empty(), "{}", run.stderr);
}

/// A PNG header: signature and IHDR chunk (the CRC is not checked by readers of sizes).
fn png(width: u32, height: u32) -> Vec<u8> {
    let mut b = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR".to_vec();
    b.extend_from_slice(&width.to_be_bytes());
    b.extend_from_slice(&height.to_be_bytes());
    b.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
    b
}

#[test]
fn images_carry_their_real_dimensions_and_all_but_the_first_load_lazily() {
    let site = Site::new(&[(
        "content/zu/index.md",
        &term(
            "図",
            "slug: zu",
            "![a](chart.png)\n\n![b](/img/logo.svg)\n\n![c](https://example.org/x.png)",
        ),
    )]);
    site.write_bytes("content/zu/chart.png", &png(640, 480));
    site.write(
        "static/img/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 120 60\"></svg>",
    );
    site.build();
    let html = site.page("terms/zu/index.html");
    let imgs: Vec<&str> = html
        .split("<img")
        .skip(1)
        .map(|s| s.split('>').next().unwrap())
        .collect();
    assert_eq!(imgs.len(), 3, "{html}");
    assert!(
        imgs[0].contains("width=\"640\" height=\"480\"") && !imgs[0].contains("loading"),
        "{}",
        imgs[0]
    );
    assert!(
        imgs[1].contains("width=\"120\" height=\"60\" loading=\"lazy\""),
        "{}",
        imgs[1]
    );
    assert!(
        imgs[2].contains("loading=\"lazy\"") && !imgs[2].contains("width"),
        "{}",
        imgs[2]
    );
}

/// What the little HTTP server of the external-link test saw.
#[derive(Default)]
struct Seen {
    requests: std::sync::Mutex<Vec<String>>,
    open: std::sync::atomic::AtomicUsize,
    most_open: std::sync::atomic::AtomicUsize,
}

/// A std::net HTTP server on 127.0.0.1: `/gone` 404, `/slow` answers after 3 s, `/no-head`
/// refuses HEAD, anything else 200. Each answer takes 30 ms so that requests made at once
/// would overlap.
fn serve_links() -> (u16, std::sync::Arc<Seen>) {
    use std::io::{BufRead, BufReader, Write};
    use std::sync::atomic::Ordering::SeqCst;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen = std::sync::Arc::new(Seen::default());
    let shared = std::sync::Arc::clone(&seen);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let seen = std::sync::Arc::clone(&shared);
            std::thread::spawn(move || {
                let now = seen.open.fetch_add(1, SeqCst) + 1;
                seen.most_open.fetch_max(now, SeqCst);
                let mut line = String::new();
                let _ = BufReader::new(&stream).read_line(&mut line);
                let mut parts = line.split_whitespace();
                let (method, path) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
                seen.requests
                    .lock()
                    .unwrap()
                    .push(format!("{method} {path}"));
                std::thread::sleep(std::time::Duration::from_millis(30));
                // Counted as open while it is answered, not while `/slow` keeps a
                // connection the client has given up on.
                seen.open.fetch_sub(1, SeqCst);
                let status = match (method, path) {
                    (_, "/gone") => "404 Not Found",
                    ("HEAD", "/no-head") => "405 Method Not Allowed",
                    (_, "/slow") => {
                        std::thread::sleep(std::time::Duration::from_secs(3));
                        "200 OK"
                    }
                    _ => "200 OK",
                };
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                );
            });
        }
    });
    (port, seen)
}

#[test]
fn check_external_reports_dead_links_within_its_limits() {
    let (port, seen) = serve_links();
    let url = |p: &str| format!("http://127.0.0.1:{port}{p}");
    let body = ["/ok", "/ok2", "/ok3", "/gone", "/slow", "/no-head"]
        .iter()
        .map(|p| format!("[{p}]({})", url(p)))
        .collect::<Vec<_>>()
        .join("\n\n");
    let site = Site::new(&[("content/links.md", &term("リンク", "slug: links", &body))]);

    // Not fetched by default.
    site.check().expect(0);
    assert!(seen.requests.lock().unwrap().is_empty());

    let run = site
        .run(
            "check",
            &[
                "--external",
                "--external-parallel=4",
                "--external-timeout=1",
                "--external-host-delay-ms=0",
            ],
        )
        .expect(1);
    let gone = run.lines_with("/gone`");
    assert_eq!(gone.len(), 1, "{}", run.stderr);
    assert!(
        gone[0].contains("HTTP 404") && gone[0].contains("terms/links/index.html"),
        "{}",
        gone[0]
    );
    let slow = run.lines_with("/slow`");
    assert!(
        slow.len() == 1 && slow[0].contains("timed out"),
        "{}",
        run.stderr
    );
    for alive in ["/ok`", "/ok2`", "/ok3`", "/no-head`"] {
        assert!(run.lines_with(alive).is_empty(), "{}", run.stderr);
    }
    let requests = seen.requests.lock().unwrap().clone();
    assert!(
        requests.contains(&"GET /no-head".to_string()),
        "{requests:?}"
    );
    assert_eq!(
        requests
            .iter()
            .filter(|r| r.starts_with("HEAD /ok"))
            .count(),
        3
    );
    // One host: one request at a time, however many may run in parallel.
    assert_eq!(seen.most_open.load(std::sync::atomic::Ordering::SeqCst), 1);
}

#[test]
fn a_link_broken_by_a_template_is_reported_once_with_the_number_of_pages() {
    let base = include_str!("../themes/default/templates/base.html")
        .replace("</footer>", "<a href=\"/nowhere/\">x</a></footer>");
    let site = small_site();
    site.write("templates/base.html", &base);
    let run = site.build_fails();
    let lines = run.lines_with("/nowhere/");
    assert_eq!(lines.len(), 1, "{}", run.stderr);
    assert!(
        lines[0].starts_with("404.html: error: page 404.html (and "),
        "{}",
        lines[0]
    );
    assert!(
        lines[0].contains(" other pages): link `/nowhere/` leads to no file"),
        "{}",
        lines[0]
    );
}

/// Serves `dir` on `listener` with the headers of the site's `_headers` `/*` block.
fn serve_with_headers(listener: std::net::TcpListener, dir: std::path::PathBuf, headers: String) {
    use std::io::{BufRead, BufReader, Write};
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut line = String::new();
            let _ = BufReader::new(&stream).read_line(&mut line);
            let path = line.split_whitespace().nth(1).unwrap_or("/");
            let path = path
                .split('?')
                .next()
                .unwrap_or("/")
                .trim_start_matches('/');
            let mut file = dir.join(path);
            if file.is_dir() {
                file = file.join("index.html");
            }
            let (status, body) = match std::fs::read(&file) {
                Ok(b) => ("200 OK", b),
                Err(_) => ("404 Not Found", Vec::new()),
            };
            let ext = file.extension().and_then(|e| e.to_str()).unwrap_or("");
            let ty = match ext {
                "html" => "text/html; charset=utf-8",
                "css" => "text/css",
                "js" => "text/javascript",
                "svg" => "image/svg+xml",
                "json" => "application/json",
                _ => "application/octet-stream",
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Type: {ty}\r\nContent-Length: {}\r\n{headers}Connection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(&body);
        }
    });
}

/// Chromium's console output for `url` (headless), and the page's DOM after its scripts ran.
fn chromium_console(chromium: &Path, url: &str) -> (String, String) {
    let out = run_chromium(
        chromium,
        url,
        &[
            "--enable-logging=stderr",
            "--v=0",
            "--virtual-time-budget=3000",
            "--dump-dom",
        ],
    );
    (
        String::from_utf8_lossy(&out.stderr).into_owned(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn the_default_theme_meets_the_content_security_policy_in_chromium() {
    let Some(chromium) = chromium() else {
        return;
    };
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let site = small_site();
    site.build_with(&["--base-url", &format!("http://127.0.0.1:{port}/")])
        .expect(0);
    let blocks = parse_headers(&site.page("_headers"));
    let all = &blocks.iter().find(|(p, _)| p == "/*").expect("/* block").1;
    let headers: String = all.iter().map(|(n, v)| format!("{n}: {v}\r\n")).collect();
    // A page that breaks the policy: proves that violations show in the console.
    site.write(
        "public/control.html",
        "<!doctype html><html><head><style>b{}</style></head><body><script>1</script></body></html>",
    );
    serve_with_headers(listener, site.out(), headers);

    let violations = |log: &str| log.matches("Content Security Policy").count();
    let (control, _) =
        chromium_console(&chromium, &format!("http://127.0.0.1:{port}/control.html"));
    assert!(
        violations(&control) >= 2,
        "the control page must show violations:\n{control}"
    );
    for path in ["", "terms/ltv/", "tags/", "search/?q=LTV"] {
        let (log, dom) = chromium_console(&chromium, &format!("http://127.0.0.1:{port}/{path}"));
        assert_eq!(violations(&log), 0, "/{path}:\n{log}");
        if path.starts_with("search") {
            assert!(
                dom.contains("class=\"search-status\""),
                "the search ran: {dom}"
            );
        }
    }
}
