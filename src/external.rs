//! `glossgen check --external`: fetches the external links of the site, politely.
//!
//! At most [`Limits::parallel`] requests at once, at most one at a time per host with
//! [`Limits::host_interval`] between two requests to the same host, and a timeout on
//! connecting, sending and reading. A `HEAD` request first, `GET` when the server refuses
//! `HEAD`. Any answer below 400 counts as alive (redirects included: the target exists).
//!
//! Plain `http://` is spoken over `std::net`; see [`fetch`] for `https://`.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

use crate::diagnostics::{Diagnostic, Problem};

/// How hard the check may press on other people's servers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Requests in flight at once, over all hosts.
    pub parallel: usize,
    /// For connecting, and for each read and write.
    pub timeout: Duration,
    /// Between the end of one request to a host and the start of the next one.
    pub host_interval: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            parallel: 8,
            timeout: Duration::from_secs(10),
            host_interval: Duration::from_millis(500),
        }
    }
}

/// What became of one URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Alive(u16),
    Dead(String),
    /// Not checked, with why (a scheme this build cannot speak).
    Unchecked(String),
}

/// Checks the external links of every page (page output path, its URLs); one diagnostic
/// per dead URL, naming the pages it is on. URLs that could not be checked are warnings.
pub fn check_site<'a>(
    pages: impl Iterator<Item = (&'a str, &'a [String])>,
    limits: &Limits,
) -> Vec<Diagnostic> {
    let mut on_pages: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (page, urls) in pages {
        for url in urls {
            on_pages.entry(url.as_str()).or_default().insert(page);
        }
    }
    let urls: Vec<&str> = on_pages.keys().copied().collect();
    let outcomes = check_urls(&urls, limits);
    let mut diags = Vec::new();
    for (url, outcome) in urls.iter().zip(outcomes) {
        let pages = &on_pages[url];
        let first = pages.iter().next().copied().unwrap_or("");
        let mut shown: Vec<&str> = pages.iter().take(3).copied().collect();
        if pages.len() > 3 {
            shown.push("…");
        }
        let problem = |reason: String| Problem::DeadExternalLink {
            url: url.to_string(),
            reason: format!("{reason} (on {})", shown.join(", ")),
        };
        match outcome {
            Outcome::Alive(_) => {}
            Outcome::Dead(reason) => diags.push(Diagnostic::error(first, problem(reason))),
            Outcome::Unchecked(why) => diags.push(Diagnostic::warning(first, problem(why))),
        }
    }
    diags
}

struct Host {
    queue: VecDeque<usize>,
    busy: bool,
    next_at: Instant,
}

struct Schedule {
    hosts: Vec<Host>,
    results: Vec<Option<Outcome>>,
}

impl Schedule {
    /// The next URL to fetch and when it may start: from an idle host, the one free soonest.
    fn next(&mut self) -> Option<(usize, usize, Instant)> {
        let (h, host) = self
            .hosts
            .iter_mut()
            .enumerate()
            .filter(|(_, h)| !h.busy && !h.queue.is_empty())
            .min_by_key(|(_, h)| h.next_at)?;
        let url = host.queue.pop_front()?;
        host.busy = true;
        Some((h, url, host.next_at))
    }

    fn finished(&self) -> bool {
        self.hosts.iter().all(|h| !h.busy && h.queue.is_empty())
    }
}

/// Checks `urls` within `limits`; the outcomes in the order of `urls`.
pub fn check_urls(urls: &[&str], limits: &Limits) -> Vec<Outcome> {
    let mut by_host: BTreeMap<String, VecDeque<usize>> = BTreeMap::new();
    for (i, url) in urls.iter().enumerate() {
        let host = parse(url).map_or_else(String::new, |u| u.authority.to_ascii_lowercase());
        by_host.entry(host).or_default().push_back(i);
    }
    let now = Instant::now();
    let schedule = Mutex::new(Schedule {
        hosts: by_host
            .into_values()
            .map(|queue| Host {
                queue,
                busy: false,
                next_at: now,
            })
            .collect(),
        results: vec![None; urls.len()],
    });
    let wake = Condvar::new();
    let lock = || schedule.lock().unwrap_or_else(|e| e.into_inner());
    std::thread::scope(|scope| {
        for _ in 0..limits.parallel.clamp(1, urls.len().max(1)) {
            scope.spawn(|| loop {
                let mut s = lock();
                let (host, url, at) = loop {
                    if let Some(job) = s.next() {
                        break job;
                    }
                    if s.finished() || s.hosts.iter().all(|h| h.queue.is_empty()) {
                        return;
                    }
                    s = wake.wait(s).unwrap_or_else(|e| e.into_inner());
                };
                drop(s);
                std::thread::sleep(at.saturating_duration_since(Instant::now()));
                let outcome = fetch(urls[url], limits.timeout);
                let mut s = lock();
                s.results[url] = Some(outcome);
                s.hosts[host].busy = false;
                s.hosts[host].next_at = Instant::now() + limits.host_interval;
                drop(s);
                wake.notify_all();
            });
        }
    });
    let results = schedule
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .results;
    results
        .into_iter()
        .map(|r| r.unwrap_or_else(|| Outcome::Unchecked("not reached".into())))
        .collect()
}

struct Url<'a> {
    scheme: &'a str,
    authority: &'a str,
    host: &'a str,
    port: u16,
    path: String,
}

fn parse(url: &str) -> Option<Url<'_>> {
    let (scheme, rest) = url.split_once("://")?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    let authority = authority.rsplit('@').next().unwrap_or(authority);
    let default_port = if scheme.eq_ignore_ascii_case("https") {
        443
    } else {
        80
    };
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) if !h.contains(']') || h.ends_with(']') => (h, p.parse().ok()?),
        _ => (authority, default_port),
    };
    let mut path = rest[end..].split('#').next().unwrap_or("").to_string();
    if !path.starts_with('/') {
        path.insert(0, '/');
    }
    Some(Url {
        scheme,
        authority,
        host: host.trim_start_matches('[').trim_end_matches(']'),
        port,
        path: path.replace(' ', "%20"),
    })
}

/// Fetches one URL: `HEAD`, then `GET` if the server does not allow `HEAD`.
///
/// `https://` is not spoken by this build: a TLS stack (rustls with ring, or OpenSSL)
/// would more than double the compile time of the whole project for a command run now
/// and then; such links are reported as unchecked warnings, never as dead.
pub fn fetch(url: &str, timeout: Duration) -> Outcome {
    let Some(u) = parse(url) else {
        return Outcome::Dead("is not a valid URL".into());
    };
    if !u.scheme.eq_ignore_ascii_case("http") {
        return Outcome::Unchecked(format!("not checked: {} is not supported", u.scheme));
    }
    match request(&u, "HEAD", timeout) {
        Ok(405 | 501) => match request(&u, "GET", timeout) {
            Ok(code) => status(code),
            Err(e) => Outcome::Dead(e),
        },
        Ok(code) => status(code),
        Err(e) => Outcome::Dead(e),
    }
}

fn status(code: u16) -> Outcome {
    if code < 400 {
        Outcome::Alive(code)
    } else {
        Outcome::Dead(format!("answered HTTP {code}"))
    }
}

/// One request; returns the status code of the answer.
fn request(u: &Url<'_>, method: &str, timeout: Duration) -> Result<u16, String> {
    let addrs: Vec<_> = (u.host, u.port)
        .to_socket_addrs()
        .map_err(|e| format!("cannot be resolved: {e}"))?
        .collect();
    let mut last = String::from("has no address");
    let mut stream = None;
    for addr in addrs {
        match TcpStream::connect_timeout(&addr, timeout) {
            Ok(s) => {
                stream = Some(s);
                break;
            }
            Err(e) => last = format!("cannot connect: {e}"),
        }
    }
    let mut stream = stream.ok_or(last)?;
    let timed_out = |e: std::io::Error| match e.kind() {
        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut => {
            format!("timed out after {} s", timeout.as_secs_f64())
        }
        _ => format!("failed: {e}"),
    };
    stream.set_read_timeout(Some(timeout)).map_err(timed_out)?;
    stream.set_write_timeout(Some(timeout)).map_err(timed_out)?;
    let head = format!(
        "{method} {} HTTP/1.1\r\nHost: {}\r\nUser-Agent: glossgen-link-check\r\nAccept: */*\r\nConnection: close\r\n\r\n",
        u.path, u.authority
    );
    stream.write_all(head.as_bytes()).map_err(timed_out)?;
    let mut buf = [0u8; 256];
    let mut got = 0;
    while got < buf.len() && !buf[..got].contains(&b'\n') {
        match stream.read(&mut buf[got..]).map_err(timed_out)? {
            0 => break,
            n => got += n,
        }
    }
    let line = String::from_utf8_lossy(&buf[..got]);
    line.split_whitespace()
        .nth(1)
        .filter(|_| line.starts_with("HTTP/"))
        .and_then(|c| c.parse().ok())
        .ok_or_else(|| "did not answer HTTP".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_hosts_ports_and_paths() {
        let u = parse("http://127.0.0.1:8080/a b?x=1#frag").unwrap();
        assert_eq!(
            (u.host, u.port, u.path.as_str()),
            ("127.0.0.1", 8080, "/a%20b?x=1")
        );
        let u = parse("https://example.com").unwrap();
        assert_eq!((u.host, u.port, u.path.as_str()), ("example.com", 443, "/"));
        assert_eq!(
            fetch("https://example.com/", Duration::from_secs(1)),
            Outcome::Unchecked("not checked: https is not supported".into())
        );
    }
}
