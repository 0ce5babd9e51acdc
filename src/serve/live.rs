//! Live reload state: the outcome of the last build, and the Server-Sent Events subscribers
//! told about each new one.

use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::Mutex;

use serde::Serialize;

use crate::diagnostics::{display_path, Diagnostic, Severity};

/// The client script, served at [`LIVE_JS_PATH`].
pub const LIVE_JS: &str = include_str!("live.js");
pub const LIVE_JS_PATH: &str = "/__glossgen/live.js";
pub const EVENTS_PATH: &str = "/__glossgen/events";
pub const STATUS_PATH: &str = "/__glossgen/status";
/// What HTML responses get before `</body>`.
pub const SCRIPT_TAG: &str = "<script src=\"/__glossgen/live.js\" defer></script>";

/// One problem of a failed build, as the overlay and `/__glossgen/status` show it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ErrorItem {
    pub severity: &'static str,
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    /// The line the terminal shows: `content/a.md:3: error: …`.
    pub text: String,
}

impl From<&Diagnostic> for ErrorItem {
    fn from(d: &Diagnostic) -> Self {
        ErrorItem {
            severity: match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            },
            file: display_path(&d.file),
            line: d.line,
            column: d.column,
            message: d.problem.to_string(),
            text: d.to_string(),
        }
    }
}

/// What `/__glossgen/status`, the `hello` event and the `error` event carry.
#[derive(Debug, Clone, Serialize)]
pub struct Status {
    /// The last build succeeded.
    pub ok: bool,
    /// A good build exists and is being served (the last one, or an earlier one).
    pub built: bool,
    /// A build is running now.
    pub building: bool,
    /// Changes with every finished build and every server start: `<instance>-<n>`.
    pub build: String,
    /// The errors of the last build when it failed; empty when it succeeded.
    pub errors: Vec<ErrorItem>,
    /// Wall time of the last build, milliseconds.
    pub elapsed_ms: u64,
}

/// The broadcast side of `/__glossgen/events`: one channel per connected browser tab.
#[derive(Default)]
pub struct Hub {
    subscribers: Mutex<Vec<Sender<String>>>,
}

impl Hub {
    pub fn subscribe(&self) -> Receiver<String> {
        let (tx, rx) = mpsc::channel();
        self.subscribers.lock().unwrap().push(tx);
        rx
    }

    /// Sends one SSE message to every subscriber; forgets those whose connection ended.
    pub fn broadcast(&self, message: &str) {
        self.subscribers
            .lock()
            .unwrap()
            .retain(|s| s.send(message.to_string()).is_ok());
    }

    pub fn len(&self) -> usize {
        self.subscribers.lock().unwrap().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// One Server-Sent Events message. `data` must be a single line (compact JSON is).
pub fn sse_event(event: &str, data: &str) -> String {
    debug_assert!(!data.contains('\n'));
    format!("event: {event}\ndata: {data}\n\n")
}

/// Puts the live-reload script tag before the last `</body>` (any case), or at the end.
pub fn inject_script(html: &[u8]) -> Vec<u8> {
    inject(html, SCRIPT_TAG.as_bytes())
}

fn inject(html: &[u8], snippet: &[u8]) -> Vec<u8> {
    let needle = b"</body";
    let at = html
        .windows(needle.len())
        .rposition(|w| w.eq_ignore_ascii_case(needle))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + snippet.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(snippet);
    out.extend_from_slice(&html[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_goes_before_the_last_body_close() {
        let out = inject(b"<p>a</p></BODY></html>", b"<s>");
        assert_eq!(out, b"<p>a</p><s></BODY></html>");
        let out = inject(b"<p>x</body> y</body>", b"<s>");
        assert_eq!(out, b"<p>x</body> y<s></body>");
        assert_eq!(inject(b"<p>no body", b"<s>"), b"<p>no body<s>");
        assert_eq!(inject(b"", b"<s>"), b"<s>");
    }

    #[test]
    fn hub_drops_closed_subscribers() {
        let hub = Hub::default();
        let a = hub.subscribe();
        let b = hub.subscribe();
        drop(b);
        hub.broadcast("x");
        assert_eq!(hub.len(), 1);
        assert_eq!(a.recv().unwrap(), "x");
    }

    #[test]
    fn sse_event_shape() {
        assert_eq!(sse_event("reload", "{}"), "event: reload\ndata: {}\n\n");
    }
}
