//! `glossgen check --external`: fetches the external links of the site, politely.
//!
//! At most [`Limits::parallel`] requests at once, at most one at a time per host with
//! [`Limits::host_interval`] between two requests to the same host, and a timeout on
//! connecting, sending and reading. A `HEAD` request first, `GET` when the server refuses
//! `HEAD`. Any answer below 400 counts as alive (redirects included: the target exists).
//!
//! `http://` and `https://` through [`ureq`] (see [`agent`]); other schemes are skipped.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
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
        let host = host_of(url).unwrap_or_default();
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
    let client = agent(limits.timeout);
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
                let outcome = fetch(&client, urls[url], limits.timeout);
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

/// The host (with port) of an `http(s)://` URL: requests are limited per host.
fn host_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return None;
    }
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    let host = authority.rsplit('@').next().unwrap_or(authority);
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

/// The HTTP client: `ureq` with rustls (ring and the Mozilla roots compiled in), so `https://`
/// is checked like `http://`. Redirects are not followed: a redirect answer means the URL
/// still leads somewhere. One agent for the whole check: it keeps connections per host.
fn agent(timeout: Duration) -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .max_redirects(0)
        .max_redirects_will_error(false)
        .user_agent("glossgen-link-check")
        .build()
        .into()
}

/// Fetches one URL: `HEAD`, then `GET` if the server does not allow `HEAD`.
fn fetch(agent: &ureq::Agent, url: &str, timeout: Duration) -> Outcome {
    let code = |r: Result<ureq::http::Response<ureq::Body>, ureq::Error>| {
        r.map(|r| r.status().as_u16()).map_err(|e| match e {
            ureq::Error::Timeout(_) => {
                format!("timed out after {} s", timeout.as_secs_f64())
            }
            e => format!("failed: {e}"),
        })
    };
    if host_of(url).is_none() {
        return Outcome::Dead("is not a valid URL".into());
    }
    match code(agent.head(url).call()) {
        Ok(405 | 501) => match code(agent.get(url).call()) {
            Ok(c) => status(c),
            Err(e) => Outcome::Dead(e),
        },
        Ok(c) => status(c),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_are_grouped_by_host_and_port() {
        assert_eq!(
            host_of("http://User@Example.com:8080/a?b#c").as_deref(),
            Some("example.com:8080")
        );
        assert_eq!(
            host_of("https://example.com").as_deref(),
            Some("example.com")
        );
        assert_eq!(host_of("ftp://example.com/"), None);
        assert_eq!(host_of("https:///x"), None);
    }
}
