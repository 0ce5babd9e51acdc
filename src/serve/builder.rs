//! The rebuild side of `serve`: one build at a time through the session's pipeline, its
//! outcome published to the HTTP workers and live-reload clients, and logged.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::live::{sse_event, ErrorItem, Status};
use super::Shared;
use crate::diagnostics::{display_path, Diagnostic, Problem};
use crate::pipeline::BuildSession;

/// Runs builds one at a time and publishes their outcome.
pub(super) struct Builder {
    /// The pipeline, keeping what a rebuild can reuse; locked while a build runs.
    pub(super) session: Mutex<BuildSession>,
    pub(super) shared: Arc<Shared>,
    pub(super) stopping: AtomicBool,
    /// Warnings already printed, so a rebuild prints only new ones.
    pub(super) warnings: Mutex<Vec<String>>,
}

impl Builder {
    /// Builds once. `changed` (relative paths) is for the log line and, with `hint`, tells
    /// the build that no other file changed.
    pub(super) fn run(&self, changed: &[PathBuf], hint: bool) {
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

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown cause".into())
}
