//! The temporary folder a `serve` builds into, and the clean-up of those left by killed
//! serves.

use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

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
        remove_dead_serve_folders(&base);
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
    fn temp_dir_is_removed_on_drop() {
        let t = TempDir::create().unwrap();
        let p = t.path.clone();
        std::fs::write(p.join("x"), "y").unwrap();
        drop(t);
        assert!(!p.exists());
    }
}
