//! Terminal niceties of the command line: a progress bar for builds that take longer than
//! about a second, and coloured `error`/`warning` words. Both only on a terminal: piped
//! output (CI logs, tests) stays plain, `-q` turns the bar off, `NO_COLOR` the colours.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use glossgen::diagnostics::Diagnostic;

/// Colours wanted on stderr: a terminal, `NO_COLOR` unset or empty, `TERM` not `dumb`.
pub fn colour() -> bool {
    std::io::stderr().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
}

/// One diagnostic as printed: `file:line: error: message`, the severity coloured when
/// [`colour`] allows.
pub fn diagnostic_line(d: &Diagnostic, colour: bool) -> String {
    let text = d.to_string();
    if !colour {
        return text;
    }
    for (word, code) in [(": error: ", "1;31"), (": warning: ", "1;33")] {
        if let Some(i) = text.find(word) {
            let (head, tail) = text.split_at(i);
            let rest = &tail[word.len()..];
            let name = word.trim_matches([':', ' ']);
            return format!("{head}: \x1b[{code}m{name}\x1b[0m: {rest}");
        }
    }
    text
}

/// The progress bar: drawn from a background thread once the build has run for a second,
/// removed when dropped. Does nothing when stderr is not a terminal or `quiet`.
pub struct Progress {
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Progress {
    pub fn start(quiet: bool) -> Progress {
        let stop = Arc::new(AtomicBool::new(false));
        let thread = (!quiet && std::io::stderr().is_terminal()).then(|| {
            let stop = Arc::clone(&stop);
            std::thread::spawn(move || draw_until(&stop))
        });
        Progress { stop, thread }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

const WIDTH: usize = 30;

fn draw_until(stop: &AtomicBool) {
    let started = std::time::Instant::now();
    let mut drawn = false;
    while !stop.load(Ordering::Relaxed) {
        std::thread::sleep(Duration::from_millis(100));
        if started.elapsed() < Duration::from_secs(1) || stop.load(Ordering::Relaxed) {
            continue;
        }
        let (done, total) = glossgen::progress::get();
        let line = if total == 0 {
            format!(
                "reading and linking terms… {:.0} s",
                started.elapsed().as_secs_f64()
            )
        } else {
            let filled = (done.min(total) * WIDTH) / total.max(1);
            format!(
                "[{}{}] {done}/{total} pages",
                "#".repeat(filled),
                "-".repeat(WIDTH - filled)
            )
        };
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r\x1b[2K{line}");
        let _ = err.flush();
        drawn = true;
    }
    if drawn {
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r\x1b[2K");
        let _ = err.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use glossgen::diagnostics::Problem;

    #[test]
    fn colour_marks_the_severity_word_only() {
        let d = Diagnostic::error("config.yaml", Problem::ZeroCount { key: "paginate" });
        let plain = diagnostic_line(&d, false);
        assert!(!plain.contains('\x1b'));
        let coloured = diagnostic_line(&d, true);
        assert!(coloured.contains("\x1b[1;31merror\x1b[0m"), "{coloured}");
        assert_eq!(
            coloured.replace("\x1b[1;31m", "").replace("\x1b[0m", ""),
            plain
        );
    }
}
