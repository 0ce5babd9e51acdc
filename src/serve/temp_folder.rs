//! The temporary folder a `serve` builds into, and the clean-up of those left by killed
//! serves.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// A uniquely named folder under the system temp folder, removed when dropped. Named
/// `glossgen-serve-<pid>-<hex>`, so that the folder of a serve that was killed (and never
/// dropped its own) is recognised and removed by the next serve.
pub(super) struct TempDir {
    pub(super) path: PathBuf,
}

/// The process id in a serve folder's name `glossgen-serve-<pid>-<hex>`.
fn serve_folder_pid(name: &str) -> Option<u32> {
    let rest = name.strip_prefix("glossgen-serve-")?;
    let (pid, hex) = rest.split_once('-')?;
    (!hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| pid.parse().ok())
        .flatten()
}

/// Removes the serve folders under `base` whose process is gone (killed serves).
fn remove_dead_serve_folders(base: &std::path::Path) {
    let Ok(entries) = std::fs::read_dir(base) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let dead = serve_folder_pid(&name)
            .is_some_and(|pid| pid != std::process::id() && !crate::output::process_alive(pid));
        if dead && entry.file_type().is_ok_and(|t| t.is_dir()) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

impl TempDir {
    pub(super) fn create() -> std::io::Result<TempDir> {
        let base = std::env::temp_dir();
        // In the background: a stopped 10,000-term serve's folder takes seconds to remove,
        // and this serve need not wait for it to start.
        let dead_in = base.clone();
        let _ = std::thread::Builder::new()
            .name("glossgen-cleanup".into())
            .spawn(move || remove_dead_serve_folders(&dead_in));
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        for attempt in 0..100u32 {
            let path = base.join(format!(
                "glossgen-serve-{}-{:08x}",
                std::process::id(),
                nanos.wrapping_add(attempt)
            ));
            match std::fs::create_dir(&path) {
                Ok(()) => return Ok(TempDir { path }),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        }
        Err(std::io::Error::other("no free temporary folder name"))
    }
}

impl TempDir {
    /// Removes the folder, spending at most `budget` on it: a stop must not wait seconds
    /// for a loaded disk. What is left then is removed by a process of its own (`rm -rf`,
    /// in its own process group, so a second Ctrl-C does not stop it), or failing that by
    /// the next serve (the name carries this process's id).
    pub(super) fn remove_within(self, budget: Duration) {
        if !remove_until(&self.path, Instant::now() + budget) {
            remove_in_background(&self.path);
        }
        std::mem::forget(self); // done, or handed on: no unbounded removal on drop
    }
}

/// Starts `rm -rf` on `path` and does not wait for it (it outlives this process).
fn remove_in_background(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        let _ = std::process::Command::new("rm")
            .arg("-rf")
            .arg("--")
            .arg(path)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .process_group(0)
            .spawn();
    }
    #[cfg(not(unix))]
    let _ = path;
}

/// Removes the tree at `root` (files first, then its folders deepest first), stopping at
/// `deadline`. An explicit list rather than recursion: depth is whatever the content has.
/// Returns whether it is all gone.
fn remove_until(root: &Path, deadline: Instant) -> bool {
    let mut folders = vec![root.to_path_buf()];
    let mut next = 0;
    while let Some(dir) = folders.get(next).cloned() {
        next += 1;
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            if Instant::now() > deadline {
                return false;
            }
            match entry.file_type() {
                Ok(t) if t.is_dir() => folders.push(entry.path()),
                _ => {
                    let _ = std::fs::remove_file(entry.path());
                }
            }
        }
    }
    // Found breadth first: every folder comes after its parent, so in reverse children go
    // before their parents.
    for dir in folders.iter().rev() {
        if Instant::now() > deadline {
            return false;
        }
        let _ = std::fs::remove_dir(dir);
    }
    !root.exists()
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serve_folder_names_give_their_pid() {
        assert_eq!(serve_folder_pid("glossgen-serve-123-00ab"), Some(123));
        assert_eq!(serve_folder_pid("glossgen-serve-123-"), None);
        assert_eq!(serve_folder_pid("glossgen-serve-x-00ab"), None);
        assert_eq!(serve_folder_pid("other-123-00ab"), None);
    }

    #[test]
    fn removal_within_a_budget_removes_a_tree_or_stops_at_the_deadline() {
        let t = TempDir::create().unwrap();
        let p = t.path.clone();
        std::fs::create_dir_all(p.join("a/b/c")).unwrap();
        std::fs::write(p.join("a/b/c/x.html"), "x").unwrap();
        std::fs::write(p.join("a/y.html"), "y").unwrap();
        assert!(!remove_until(&p, Instant::now() - Duration::from_secs(1)));
        assert!(
            p.join("a/b/c/x.html").is_file(),
            "past the deadline nothing goes"
        );
        assert!(remove_until(&p, Instant::now() + Duration::from_secs(60)));
        assert!(!p.exists());
        std::mem::forget(t);
    }

    #[test]
    fn temp_dir_is_removed_on_drop() {
        let t = TempDir::create().unwrap();
        let p = t.path.clone();
        std::fs::write(p.join("x"), "y").unwrap();
        drop(t);
        assert!(!p.exists());
    }
}
